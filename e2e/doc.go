// Package e2e tests the real readalong binary the way a person uses it: in
// a real window on an X server (Xvfb), playing real audio into a
// pulseaudio null sink whose output is recorded, clicked with xdotool.
//
// The tests start and stop everything they need (by process id, also when
// a test fails). They run only when READALONG_E2E=1 (make e2e does this);
// failures keep their screenshots, recordings and logs in a folder named in
// the failure message (READALONG_E2E_KEEP=1 keeps it after a pass too).
// They build the binary from this module, or test READALONG_BIN.
//
//   - TestSmoke opens the embedded demo, clicks a line and pauses.
//   - TestPlayback plays a generated two-voice episode (espeak-ng, sox,
//     lame; cached under $XDG_CACHE_HOME/readalong-e2e by a hash of its
//     script) and checks what is heard against ffmpeg's decode of it by
//     cross-correlation: nothing before play, the episode from its first
//     sample at real-time pace, a clicked line heard within 100 ms, the
//     highlight following the voice within 50 ms, silence within 100 ms of
//     pausing and playback resumed from the next sample.
//   - TestBrokenFiles opens a corrupt MP3, broken transcripts and a damaged
//     MP3 and checks that the window says so and keeps working.
//   - TestReading plays the generated episode at 1.2× (checked on the
//     position readout and in the recording: time-stretched, same pitch
//     and level) while it searches (Ctrl+F, Enter, Shift+Enter, Escape),
//     pauses following with the mouse wheel and resumes it (Ctrl+G),
//     changes the text size and opens the shortcuts sheet.
//   - TestDevice… run readalong play against the sound server: stopped
//     (SIGSTOP) for 2 s at the start (never called missing, time kept,
//     then heard), killed while playing (lost, paused, exit 1 within
//     3 s), at the end of the episode (exit within 3 s of the end heard)
//     and with --from past the end (exit 2, clip's message, no sound).
//
// The recording is timestamped as parec delivers it, so every recorded
// sample has a wall-clock time; the latencies measured are printed as a
// Markdown table at the end of the run.
//
// TestScreenshots (READALONG_SCREENSHOTS=1, make screenshots) saves the
// README's screenshots of the demo, assets/screenshot-light.png and
// assets/screenshot-dark.png.
//
// TestBench (READALONG_BENCH=1, make bench) compares Readalong with mpv and
// ffmpeg on 1-hour and 3-hour episodes and prints a Markdown table;
// READALONG_BENCH_ONLY=first,seek,decode,cpu,parse,clip runs some parts.
package e2e
