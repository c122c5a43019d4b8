// Package align finds where each line and each word of a transcript is
// spoken in an episode, from the audio: published transcripts are coarse
// (a whole-second stamp on a paragraph) and, with inserted adverts, late;
// aligned, the highlighted word is the word being spoken.
//
// It takes the audio through a small interface (Audio: mono samples at
// any rate, resampled here to the recogniser's 16 kHz with a low-pass
// filter) and the transcript as a *sync.Transcript, and knows nothing of
// players or windows: the window and the command line bring the two
// together.
//
// # How
//
// The recogniser is CMU PocketSphinx with its US English model, through
// cgo, built only with the build tag pocketsphinx (the Makefile sets it
// when pkg-config finds the library); without it Available and Align
// return ErrUnavailable saying what to install. The Debian build has no
// forced alignment, so each window of audio is decoded with a JSGF grammar
// made of the window's lines: each line a fixed sequence of words made
// optional, with a loop of single phones ("garbage", one phone for each
// kind of sound: a loop of all of them took most of the decoding time)
// before, between and after them. A line heard is matched word for word
// and gives each word its times (10 ms frames); a line not heard is left
// out; speech that is not in the transcript (an advert, chatter) is taken
// by the garbage loop, which is how it is found. Each garbage phone costs
// a fixed probability, or the free loop would outscore the words; so
// speech can also be heard as silence, and silence over sound counts as
// garbage.
//
// A window is heard the same whichever worker decodes it and whatever it
// decoded before: the recogniser's cepstral mean normalisation, which it
// otherwise carries from one utterance to the next, starts each window
// from the mean of the 10 s around the window's start (what a recogniser
// listening all along would have adapted to). Which windows there are
// still depends on which lines were found first, but not what the
// recogniser hears in each.
//
// Lines are taken in windows of up to 25 s of transcript, looked for
// around their stamps moved by the drift of the nearest line found (an
// advert found before moves everything after it), never before the end of
// the line found before them. Two windows decoded at once both hear the
// sound between them; a line heard starting inside the line before it (its
// first word on that line's last sound) is looked for again, in a window
// that starts where that line ends. Lines not found are tried once
// more in a wider window; lines still not found are reported
// (Result.Skipped) and placed between their found neighbours by Apply.
// Windows are decoded on several workers, from Options.From onwards first.
//
// Words are said as the recogniser's dictionary spells them: lower case,
// punctuation dropped, numbers and symbols as words ("3.11" is "three
// point one one" or "three eleven", "C++" is "c plus plus", "CI/CD" is
// spelled), in both ways where there are two. Words the dictionary lacks
// (django, kubernetes) get pronunciations from the espeak-ng command,
// mapped to the model's phones, or from letter-to-sound rules. The text
// shown is never changed.
//
// Results are cached under the user's cache folder by the content of the
// audio file and of the transcript (KeyFile, Load, Save), so that opening
// an episode again needs no alignment.
package align
