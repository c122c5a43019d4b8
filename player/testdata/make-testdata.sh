#!/usr/bin/env bash
# Regenerates the MP3 files the player's tests decode: short two-voice
# speech encoded three ways.
#   speech-128k-stereo.mp3  128 kbit/s CBR stereo, with an ID3v2 tag
#   speech-64k-mono.mp3     64 kbit/s CBR mono, no tag at all
#   speech-vbr.mp3          VBR (lame -V 4) stereo, with an ID3v2 tag
#   speech-notag.mp3        128 kbit/s CBR stereo without the Xing/LAME frame
# Needs espeak-ng, sox and lame (make deps installs them).
set -euo pipefail
cd "$(dirname "$0")"
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
espeak-ng -v en-us+m3 -s 165 -w "$tmp/a.wav" "Readalong decodes every frame of an episode exactly, seeks to any sample, and keeps reading after damage. This voice speaks on the left."
espeak-ng -v en-gb+f3 -s 170 -w "$tmp/b.wav" "The second voice is on the right, so that the channels differ, and a steady tone runs underneath them both."
sox "$tmp/a.wav" -r 44100 "$tmp/a44.wav"
sox "$tmp/b.wav" -r 44100 "$tmp/b44.wav"
len=$(soxi -s "$tmp/a44.wav")
sox "$tmp/b44.wav" "$tmp/b44p.wav" pad 0.7 trim 0 "${len}s"
sox -M "$tmp/a44.wav" "$tmp/b44p.wav" "$tmp/st.wav"
sox -n -r 44100 -c 2 "$tmp/tone.wav" synth "${len}s" sine 220 vol 0.05
sox -m "$tmp/st.wav" "$tmp/tone.wav" "$tmp/stereo.wav"
sox "$tmp/stereo.wav" -c 1 "$tmp/mono.wav"
lame --quiet -b 128 --cbr --id3v2-only --tt "Test speech" "$tmp/stereo.wav" speech-128k-stereo.mp3
lame --quiet -b 64 --cbr -m m "$tmp/mono.wav" speech-64k-mono.mp3
lame --quiet -V 4 --id3v2-only --tt "Test speech VBR" "$tmp/stereo.wav" speech-vbr.mp3
lame --quiet -b 128 --cbr -t "$tmp/stereo.wav" speech-notag.mp3
ls -l ./*.mp3
# Other formats the player opens through beep's decoders: 2 s of speech.
sox "$tmp/stereo.wav" -b 16 speech.flac trim 0 2
sox "$tmp/stereo.wav" speech.ogg trim 0 2
sox "$tmp/stereo.wav" "$tmp/short.wav" trim 0 2
sox "$tmp/mono.wav" "$tmp/shortmono.wav" trim 0 2
# Formats the player refuses with a message: MPEG-2.5 (8 kHz), layer II,
# free format.
lame --quiet -b 16 --resample 8 "$tmp/shortmono.wav" mpeg25.mp3
ffmpeg -loglevel error -y -i "$tmp/stereo.wav" -t 2 -c:a mp2 -b:a 128k -f mp2 layer2.mp3
lame --quiet --freeformat -b 200 "$tmp/short.wav" freeformat.mp3
# MPEG-2 22.05 kHz at 32 kbit/s, whose padded frames go-mp3 misreads.
lame --quiet -b 32 --resample 22.05 -m m "$tmp/shortmono.wav" mpeg2-22k-32.mp3
# 44.1 kHz followed by 48 kHz: a sample rate change mid-file.
lame --quiet -b 128 --cbr -t "$tmp/short.wav" "$tmp/p1.mp3"
sox "$tmp/short.wav" -r 48000 "$tmp/s48.wav"
lame --quiet -b 128 --cbr -t "$tmp/s48.wav" "$tmp/p2.mp3"
cat "$tmp/p1.mp3" "$tmp/p2.mp3" > ratechange.mp3
ls -l ./*.flac ./*.ogg mpeg25.mp3 layer2.mp3 freeformat.mp3 mpeg2-22k-32.mp3 ratechange.mp3
