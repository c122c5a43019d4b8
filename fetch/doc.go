// Package fetch is Readalong's HTTP: feeds, transcripts and episodes
// fetched properly, and episodes downloaded to a cache while they play.
//
// # Requests
//
// A Client is net/http with what a desktop podcast player needs:
// timeouts on connecting, the TLS handshake and the response headers, and
// an idle timeout on bodies instead of a deadline on the whole transfer
// (an episode may take minutes to arrive; a silent connection must not
// hang for ever); gzip; at most ten redirects, to http and https only;
// the proxy from the environment; a User-Agent naming Readalong and its
// Version; conditional GET with ETag and Last-Modified; verified
// certificates. A permanent redirect (301, 308) is reported in
// Response.Moved so that a stored feed URL can follow it.
//
// Every error is an *Error: the URL with credentials and token-like
// parameters redacted (Redact), what failed as a sentinel (ErrDNS,
// ErrConnect, ErrTLS, ErrTimeout, ErrStatus, ErrTooLarge, ErrLength for a
// Content-Length that lies, …) and the cause. Callers test the kind with
// errors.Is.
//
// # Downloads
//
// A Download writes an episode to a file as it arrives and keeps a map of
// the byte ranges it holds beside the file, so that it resumes after a
// dropped connection or a restart with Range and If-Range (checking
// Content-Range and the length). It is what the player reads while the
// episode plays: ReadAt, Size, Held and Wait make it a player.Growing
// (without this package importing player). A read far past what has
// arrived starts a second, ranged request there, which is how a seek into
// the part not yet downloaded plays within a moment. A server without
// range support is read through from the start.
//
// A Cache keeps downloads under one folder with a size limit, evicting
// the least recently played first and never one that is open. KeepOffline
// saves an episode with its transcript and chapters into a folder of the
// user's, named so that opening the MP3 finds them (Name.mp3, Name.vtt,
// Name.chapters.json), never replacing a file unless asked (ErrExists).
//
// Names in the cache are hashes of the episode's key; names kept offline
// are the episode's title made safe (SafeName): nothing from a URL or a
// feed reaches a path unescaped.
package fetch
