// Package sync turns podcast transcripts into timed segments and answers the
// question a read-along view asks many times a second: which line is being
// spoken at this moment?
//
// It knows nothing of audio or of the GUI. Times are time.Duration values
// measured from the start of the episode. The current line is found by a
// binary search over segment starts, so the answer depends only on the
// playhead: seeking needs no special handling.
//
// # Formats
//
// ReadFile and Parse read every format podcasts publish transcripts in:
// the podcast text format (ParseText), SubRip (ParseSRT), WebVTT
// (ParseVTT), Podcasting 2.0 JSON (ParseJSON, including word-level files,
// whose words are grouped into lines and keep their times in
// Segment.Words) and Podcasting 2.0 HTML (ParseHTML). ReadFile detects the
// format from the content first and the extension second (Detect). Each
// parser reads UTF-8, UTF-16 with a byte order mark, and Windows-1252 with
// a warning; other text is rejected. Errors are *ParseError values naming
// the file and the line and quoting the offending text.
//
// A Transcript holds its segments sorted by start, segments sharing a
// start in the order the source gave them, and the Warnings the parser
// had: segments out of order (sorted), overlapping, cues repeated exactly
// in the formats with end times (dropped; in the text and HTML formats,
// which have none, a repeated line is a line said twice and is kept),
// text read as Windows-1252.
//
// Write writes a transcript in any of the five formats (WriteText,
// WriteSRT, WriteVTT, WriteJSON, WriteHTML); what a parser reads, the
// writer of its format writes back so that it reads the same. Excerpt cuts
// out a time range, re-based to its start, for clip export; Shift and
// Retime re-time a transcript for audio with ads inserted or removed.
// Index and SearchIndex.Find search the text regardless of case and
// accents.
//
// # Why not go-astisub
//
// github.com/asticode/go-astisub (v0.34.0) was tried for SubRip and WebVTT
// before these parsers were written, and not used. It was run over the
// golden files and the quirks of srt_test.go and vtt_test.go, and fuzzed
// for a minute per format, starting from this package's fuzz corpora:
//
//   - It panics (index out of range) on any time line with nothing after
//     its arrow, "00:00:01,000 -->" in both formats; the fuzzer finds it in
//     under a second. With such lines skipped, a minute more of fuzzing
//     found no other panic.
//   - It reads lines with a bufio.Scanner whose error it ignores: a line
//     over 64 KiB silently ends the file, losing the rest of the
//     transcript without an error.
//   - It drops text: a SubRip cue not followed by a blank line loses its
//     last line (taken as the next cue's number), and so does dialogue
//     such as "4" on a line of its own after a blank line.
//   - It accepts what should be reported (minutes or seconds over 59,
//     negative times, text before the first cue, a cue number without a
//     time line, a WebVTT file without its header, which gives an empty
//     transcript) and rejects what files in the wild hold (WebVTT times
//     with comma milliseconds, a cue setting naming an unknown region, a
//     NOTE line with nothing after it followed by a comment holding an
//     arrow).
//   - In WebVTT it decodes no character references but &amp;, &lt; and
//     &nbsp; ("&gt;", "&quot;", "&#39;", "&#8212;" stay as they are, and
//     voice names are not decoded at all), keeps cues without text, breaks
//     tags that span lines, and ignores every voice tag of a cue but the
//     first.
//   - Its errors name neither the file nor the offending text, it logs to
//     the standard logger, and it reads 100,000 cues in about 350 ms,
//     allocating up to 1 GB (these parsers: well under 100 ms).
//
// What Readalong needs of the two formats is small enough to parse
// exactly, with the errors and warnings the UI shows.
//
// The name shadows the standard library's sync package; import it as tsync
// where both are needed.
package sync
