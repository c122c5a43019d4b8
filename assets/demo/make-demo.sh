#!/usr/bin/env bash
# make-demo.sh builds the Readalong demo episode from script.txt:
#
#   episode.mp3  the spoken episode (synthesised voices, 44.1 kHz mono, 64 kbit/s CBR)
#   episode.txt  its transcript in the podcast text format ("HH:MM:SS Speaker: text")
#
# Every line of the script is placed so that its speech starts exactly on a
# whole second, which is what the transcript's time stamps say. Line i starts
# at the smallest whole second that is at least 0.6 s after the end of line
# i-1; the first line starts at 00:00:01. After encoding, the MP3 is decoded
# again with ffmpeg and every onset is checked; the script fails if any line
# is off by more than 80 ms.
#
# Requires: espeak-ng, sox (with soxi), lame, ffmpeg (with ffprobe), python3.
# The output is deterministic for a given set of tool versions.
#
# Usage: assets/demo/make-demo.sh   (from any directory)
set -euo pipefail

DIR="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
SCRIPT="$DIR/script.txt"
OUT_MP3="$DIR/episode.mp3"
OUT_TXT="$DIR/episode.txt"

RATE=44100                  # samples per second
GAP=$((RATE * 6 / 10))      # minimum silence between lines: 0.6 s
TAIL=$((RATE * 15 / 10))    # silence after the last line: 1.5 s
FIRST_START=1               # first line starts at 00:00:01
SPEED=160                   # words per minute
VOICES=(en-us+m3 en-gb+f3)  # first speaker, second speaker
MAX_ERR_MS=80               # onset tolerance of the final check

die() {
	echo "make-demo: $*" >&2
	exit 1
}

for tool in espeak-ng sox soxi lame ffmpeg ffprobe python3; do
	command -v "$tool" >/dev/null 2>&1 || die "missing required tool: $tool"
done
[[ -r "$SCRIPT" ]] || die "cannot read $SCRIPT"

export LC_ALL=C

tmp="$(mktemp -d)"
trap 'rm -rf "$tmp"' EXIT

# sox: -D no dither and -R repeatable, so the output is deterministic.
SOX=(sox -D -R -V1)

speakers=()
voice_for() {
	local i
	for i in "${!speakers[@]}"; do
		if [[ "${speakers[$i]}" == "$1" ]]; then
			echo "${VOICES[$i]}"
			return
		fi
	done
	if ((${#speakers[@]} >= ${#VOICES[@]})); then
		die "script has more than ${#VOICES[@]} speakers (extra: $1)"
	fi
	speakers+=("$1")
	echo "${VOICES[${#speakers[@]} - 1]}"
}

hms() {
	printf '%02d:%02d:%02d' $(($1 / 3600)) $(($1 / 60 % 60)) $(($1 % 60))
}

n=0          # number of lines
pos=0        # samples written so far
start_s=$FIRST_START
parts=()     # padded line files, in order
starts=()    # start second of each line
: >"$tmp/episode.txt"

while IFS= read -r line || [[ -n "$line" ]]; do
	line="${line%$'\r'}"
	[[ -z "${line//[[:space:]]/}" ]] && continue
	[[ "$line" == *": "* ]] || die "line without 'Speaker: text': $line"
	speaker="${line%%: *}"
	text="${line#*: }"
	speaker="$(echo "$speaker" | sed -e 's/^[[:space:]]*//' -e 's/[[:space:]]*$//')"
	text="$(echo "$text" | sed -e 's/^[[:space:]]*//' -e 's/[[:space:]]*$//')"
	[[ -n "$speaker" && -n "$text" ]] || die "empty speaker or text: $line"

	# voice_for must run in this shell (it records new speakers).
	voice_for "$speaker" >"$tmp/voice"
	voice="$(<"$tmp/voice")"

	n=$((n + 1))
	id="$(printf '%03d' "$n")"
	printf '%s\n' "$text" >"$tmp/$id.txt"
	espeak-ng -v "$voice" -s "$SPEED" -w "$tmp/$id.raw.wav" -f "$tmp/$id.txt"

	# Resample to 44.1 kHz mono 16-bit, normalise, and trim the leading and
	# trailing silence so the file starts exactly at the speech onset.
	"${SOX[@]}" "$tmp/$id.raw.wav" -r "$RATE" -c 1 -b 16 -e signed-integer "$tmp/$id.wav" \
		rate -v "$RATE" norm -3 \
		silence 1 0.005 0.5% \
		reverse silence 1 0.005 0.2% reverse
	len="$(soxi -s "$tmp/$id.wav")"
	((len > 0)) || die "no audio synthesised for line $n"

	start=$((start_s * RATE))
	lead=$((start - pos))
	((lead > 0)) || die "internal error: negative lead before line $n"
	"${SOX[@]}" "$tmp/$id.wav" "$tmp/$id.part.wav" pad "${lead}s"
	parts+=("$tmp/$id.part.wav")
	starts+=("$start_s")
	pos=$((start + len))

	if ((n > 1)); then
		echo >>"$tmp/episode.txt"
	fi
	printf '%s %s: %s\n' "$(hms "$start_s")" "$speaker" "$text" >>"$tmp/episode.txt"
	printf '  %s %-6s %-9s %6.3f s  %s\n' "$(hms "$start_s")" "$speaker" "$voice" \
		"$(echo "$len $RATE" | awk '{printf "%.3f", $1 / $2}')" "$text"

	# Next line: smallest whole second >= end of this line + gap.
	start_s=$(((pos + GAP + RATE - 1) / RATE))
done <"$SCRIPT"

((n > 0)) || die "no lines in $SCRIPT"

# Concatenate (sample-exact) and add the closing silence.
"${SOX[@]}" "${parts[@]}" "$tmp/body.wav"
"${SOX[@]}" "$tmp/body.wav" "$tmp/episode.wav" pad 0 "${TAIL}s"
total=$((pos + TAIL))
got="$(soxi -s "$tmp/episode.wav")"
((got == total)) || die "internal error: episode has $got samples, expected $total"

lame --quiet -b 64 --cbr -m m --resample 44.1 \
	--id3v2-only --tt "Readalong demo" --ta "Readalong" \
	"$tmp/episode.wav" "$tmp/episode.mp3"

# Check every onset against ffmpeg's decode of the MP3 (ffmpeg removes the
# encoder delay using the LAME tag, so sample 0 is the first sample of the WAV).
ffmpeg -v error -nostdin -i "$tmp/episode.mp3" -f s16le -ac 1 -ar "$RATE" -y "$tmp/decoded.raw"
python3 - "$tmp/decoded.raw" "$RATE" "$MAX_ERR_MS" "${starts[@]}" <<'PY'
import array, math, sys

path, rate, max_err = sys.argv[1], int(sys.argv[2]), float(sys.argv[3])
starts = [int(s) for s in sys.argv[4:]]
pcm = array.array("h")
with open(path, "rb") as f:
    pcm.frombytes(f.read())
if sys.byteorder != "little":
    pcm.byteswap()

FS = 32768.0
SILENT_RMS = FS * 10 ** (-60 / 20)  # the 0.3 s before an onset must be quieter
SPEECH = FS * 10 ** (-40 / 20)      # speech level for both onset measures
PRE = int(0.3 * rate)               # silent window checked before each onset
WIN = int(0.01 * rate)              # 10 ms RMS window for the energy onset
HOP = rate // 1000                  # 1 ms hop

def dbfs(x):
    return 20 * math.log10(max(x, 1e-9) / FS)

def rms(a, b):
    seg = pcm[max(0, a):max(0, b)]
    return math.sqrt(sum(v * v for v in seg) / len(seg)) if seg else 0.0

bad, worst = 0, 0.0
for i, t in enumerate(starts, 1):
    s = t * rate
    lo, hi = max(0, s - PRE), min(len(pcm), s + PRE)
    pre = rms(s - PRE, s)
    # First sample at speech level.
    peak = next((k for k in range(lo, hi) if abs(pcm[k]) >= SPEECH), None)
    # First 10 ms window (measured at its centre) whose RMS reaches speech level.
    energy = next((k + WIN // 2 for k in range(lo, hi, HOP) if rms(k, k + WIN) >= SPEECH), None)
    if peak is None or energy is None:
        print(f"  line {i:2d} at {t:3d} s: NO SPEECH FOUND  <-- FAILED", file=sys.stderr)
        bad += 1
        continue
    e1, e2 = (peak - s) * 1000 / rate, (energy - s) * 1000 / rate
    ok = abs(e1) <= max_err and abs(e2) <= max_err and pre < SILENT_RMS
    worst = max(worst, abs(e1), abs(e2))
    bad += not ok
    print(f"  line {i:2d} at {t:3d} s: onset error {e1:+5.1f} ms (peak), {e2:+5.1f} ms (10 ms RMS); "
          f"0.3 s before: {dbfs(pre):6.1f} dBFS RMS{'' if ok else '  <-- FAILED'}")
if bad:
    sys.exit(f"make-demo: {bad} line(s) failed the onset check (tolerance {max_err:g} ms)")
print(f"  onset check passed: {len(starts)} lines, max |error| {worst:.1f} ms")
PY

mv "$tmp/episode.mp3" "$OUT_MP3"
mv "$tmp/episode.txt" "$OUT_TXT"

dur="$(ffprobe -v error -show_entries format=duration -of default=nw=1:nk=1 "$OUT_MP3")"
printf 'wrote %s (%s bytes) and %s (%d lines)\n' "$OUT_MP3" "$(wc -c <"$OUT_MP3" | tr -d ' ')" "$OUT_TXT" "$n"
printf 'total duration: %s samples = %s s (ffprobe: %s s)\n' "$total" \
	"$(echo "$total $RATE" | awk '{printf "%.3f", $1 / $2}')" "$dur"
