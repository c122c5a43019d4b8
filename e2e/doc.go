// Package e2e tests the real readalong binary the way a person uses it: in
// a real window on an X server (Xvfb), playing real audio into a
// pulseaudio null sink whose output is recorded, clicked with xdotool.
//
// The tests start and stop everything they need. They run only when
// READALONG_E2E=1 (make e2e does this); failures keep their screenshots,
// recordings and logs in a folder named in the failure message.
package e2e
