// Package feed reads podcast feeds for Readalong: the episodes of a show
// with their audio, transcripts and chapters; the web page or link a user
// pastes that leads to a feed; OPML subscription lists; and a small store
// of the feeds opened, with each episode's place.
//
// # Parsing
//
// Parse reads RSS 2.0 with the iTunes and Podcasting 2.0 namespaces,
// Atom and RSS 1.0 with encoding/xml from the standard library, token by
// token, telling elements apart by namespace URI, never by prefix:
// <podcast:transcript> counts under either Podcasting 2.0 URI
// (https://podcastindex.org/namespace/1.0 and the older GitHub one),
// whatever prefix the feed declares. Per episode it keeps the guid (or
// the enclosure URL as the key places are stored by), title, date,
// duration (itunes:duration in its forms), enclosure, image,
// description, every <podcast:transcript>, <podcast:chapters>, Podlove
// Simple Chapters (read, and as the element's bytes made standalone) and
// the feed's <itunes:new-feed-url>.
//
// github.com/mmcdole/gofeed was considered and not used: the module proxy
// here serves it only as a copy marked unapproved, v1.4 needs a newer go
// directive than this module's, and it exposes the podcast namespace only
// as generic extensions keyed by whatever prefix a feed declares, so a
// feed writing <pc:transcript> or using the older namespace URI would
// lose its transcripts.
//
// # Untrusted input
//
// A feed comes from anywhere. Feeds are bounded (fetch.MaxFeed), so are
// nesting (64 levels: encoding/xml expands no external entities, and a
// deep document cannot exhaust memory) and the text kept per field; only
// http and https links are kept (never file: or another scheme); errors
// are *ParseError values naming the URL, redacted, and the line. Files
// derived from a feed are named by hashes (the store's copies) or through
// fetch.SafeName.
//
// # Links, transcripts, subscriptions
//
// Open follows what a user pastes: a feed, a page naming its feed
// (Discover), an audio file (Sniff), and podcast://, itpc://, pcast://,
// feed:// links (NormalizeLink). Choose orders an episode's transcripts:
// the episode's language, then the user's, then WebVTT, JSON, SRT, HTML,
// text. Store keeps subscriptions in $XDG_CONFIG_HOME/readalong/
// feeds.json with conditional-GET validators; a permanent redirect or
// <itunes:new-feed-url> moves a subscription. ParseOPML and WriteOPML
// bring subscriptions from and to other podcast apps.
package feed
