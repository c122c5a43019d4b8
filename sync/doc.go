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
// had: segments out of order (sorted), overlapping, or repeated exactly
// (dropped), text read as Windows-1252.
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
// before these parsers were written, and not used. Run over the golden
// files and the quirks of srt_test.go and vtt_test.go, and fuzzed for a
// minute from this package's corpora, it panics (index out of range) on
// any time line with nothing after its arrow ("00:00:01,000 -->", in both
// formats; the fuzzer finds it at once), and it reads lines with a
// bufio.Scanner whose error it ignores, so a cue line over 64 KiB silently
// ends the file: the rest of the transcript is lost without an error. It
// drops text: a SubRip cue whose blank line is missing loses its last text
// line (taken as the next cue's number), and so does dialogue such as "4"
// after a blank line. It accepts what should be reported (minutes or
// seconds over 59, negative times, text before the first cue, a cue number
// without a time line, a WebVTT file without its header) and rejects what
// files in the wild hold (comma milliseconds in WebVTT, a cue setting
// naming an unknown region). In WebVTT it leaves character references
// other than &amp; &lt; &gt; undecoded ("&quot;", "&#39;", "&#8212;"),
// keeps cues without text, ignores every voice tag but the first of a cue
// and does not carry a speaker over to the cues that follow. Its errors
// carry no file name and do not quote the line, it logs to the standard
// logger, and it reads 100,000 cues in about 350 ms with 1 GB of
// allocations (these parsers: under 100 ms). None of this is needed here:
// what Readalong uses of the two formats is small enough to parse exactly.
//
// The name shadows the standard library's sync package; import it as tsync
// where both are needed.
package sync
