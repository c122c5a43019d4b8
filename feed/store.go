package feed

import (
	"readalong/safefile"

	"context"
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"sort"
	"sync"
	"time"

	"readalong/fetch"
)

// Subscription is a feed the user has opened, as the Store keeps it.
type Subscription struct {
	URL   string `json:"url"`
	Title string `json:"title,omitempty"`
	// Validators of the copy of the feed held, for conditional GET.
	ETag         string    `json:"etag,omitempty"`
	LastModified string    `json:"last_modified,omitempty"`
	Added        time.Time `json:"added"`
	Refreshed    time.Time `json:"refreshed,omitzero"`
	// Episodes holds each episode's place and played mark, by its key
	// (guid, or enclosure URL).
	Episodes map[string]EpisodeState `json:"episodes,omitempty"`
}

// EpisodeState is where the user is in an episode.
type EpisodeState struct {
	Place   time.Duration `json:"place"`
	Played  bool          `json:"played,omitempty"`
	Updated time.Time     `json:"updated"`
}

// Store remembers the feeds opened, with each episode's place and played
// state. It is a JSON file written through a temporary file and a
// rename; beside it, in a folder of its own, the last copy of each feed
// is kept so that a refresh can be a conditional GET. Not a podcatcher:
// nothing is fetched but when asked.
//
// All methods are safe for concurrent use.
type Store struct {
	path   string
	bodies string // folder of feed copies; "" keeps none

	mu   sync.Mutex
	subs []*Subscription
}

type storeFile struct {
	Version int             `json:"version"`
	Feeds   []*Subscription `json:"feeds"`
}

// DefaultStorePath is $XDG_CONFIG_HOME/readalong/feeds.json (or the
// platform's equivalent).
func DefaultStorePath() (string, error) {
	base, err := os.UserConfigDir()
	if err != nil {
		return "", err
	}
	return filepath.Join(base, "readalong", "feeds.json"), nil
}

// DefaultFeedCache is $XDG_CACHE_HOME/readalong/feeds, where the copies of
// feeds go.
func DefaultFeedCache() (string, error) {
	base, err := os.UserCacheDir()
	if err != nil {
		return "", err
	}
	return filepath.Join(base, "readalong", "feeds"), nil
}

// OpenStore reads the store at path (a missing file is an empty store).
// Copies of feeds are kept in bodies ("" for none).
func OpenStore(path, bodies string) (*Store, error) {
	s := &Store{path: path, bodies: bodies}
	b, err := os.ReadFile(path)
	if errors.Is(err, os.ErrNotExist) {
		return s, nil
	}
	if err != nil {
		return nil, err
	}
	var f storeFile
	if err := json.Unmarshal(b, &f); err != nil {
		return nil, fmt.Errorf("%s: %w", path, err)
	}
	for _, sub := range f.Feeds {
		if sub != nil && sub.URL != "" {
			s.subs = append(s.subs, sub)
		}
	}
	return s, nil
}

// Feeds returns the subscriptions, in the order added.
func (s *Store) Feeds() []Subscription {
	s.mu.Lock()
	defer s.mu.Unlock()
	out := make([]Subscription, len(s.subs))
	for i, sub := range s.subs {
		out[i] = sub.copy()
	}
	return out
}

func (sub *Subscription) copy() Subscription {
	c := *sub
	c.Episodes = make(map[string]EpisodeState, len(sub.Episodes))
	for k, v := range sub.Episodes {
		c.Episodes[k] = v
	}
	return c
}

// Feed returns the subscription to url.
func (s *Store) Feed(url string) (Subscription, bool) {
	s.mu.Lock()
	defer s.mu.Unlock()
	if sub := s.find(url); sub != nil {
		return sub.copy(), true
	}
	return Subscription{}, false
}

func (s *Store) find(url string) *Subscription {
	for _, sub := range s.subs {
		if sub.URL == url {
			return sub
		}
	}
	return nil
}

// Add remembers a feed (or updates its title) and saves.
func (s *Store) Add(url, title string) error {
	if _, err := fetch.CheckURL(url); err != nil {
		return err
	}
	s.mu.Lock()
	defer s.mu.Unlock()
	s.addLocked(url, title)
	return s.saveLocked()
}

func (s *Store) addLocked(url, title string) *Subscription {
	sub := s.find(url)
	if sub == nil {
		sub = &Subscription{URL: url, Added: time.Now().UTC()}
		s.subs = append(s.subs, sub)
	}
	if title != "" {
		sub.Title = title
	}
	return sub
}

// Remove forgets a feed, its places and its copy, and saves.
func (s *Store) Remove(url string) error {
	s.mu.Lock()
	defer s.mu.Unlock()
	for i, sub := range s.subs {
		if sub.URL == url {
			s.subs = append(s.subs[:i], s.subs[i+1:]...)
			if p := s.bodyPath(url); p != "" {
				os.Remove(p)
			}
			return s.saveLocked()
		}
	}
	return fmt.Errorf("%s: not a remembered feed", redact(url))
}

// SetPlace records where the user is in an episode of a feed (adding the
// feed if needed) and saves.
func (s *Store) SetPlace(feedURL, key string, place time.Duration, played bool) error {
	s.mu.Lock()
	defer s.mu.Unlock()
	sub := s.find(feedURL)
	if sub == nil {
		if _, err := fetch.CheckURL(feedURL); err != nil {
			return err
		}
		sub = s.addLocked(feedURL, "")
	}
	if sub.Episodes == nil {
		sub.Episodes = map[string]EpisodeState{}
	}
	sub.Episodes[key] = EpisodeState{Place: max(0, place), Played: played, Updated: time.Now().UTC()}
	return s.saveLocked()
}

// Place returns where the user is in an episode.
func (s *Store) Place(feedURL, key string) (EpisodeState, bool) {
	s.mu.Lock()
	defer s.mu.Unlock()
	if sub := s.find(feedURL); sub != nil {
		st, ok := sub.Episodes[key]
		return st, ok
	}
	return EpisodeState{}, false
}

// Refreshed is the outcome of a refresh.
type Refreshed struct {
	Feed        *Feed
	NotModified bool   // the server said the copy held is current (304)
	MovedTo     string // the feed's new URL, now the one stored; "" if it did not move
}

// Refresh fetches a remembered feed (or remembers it), with a
// conditional GET when a copy is held. A permanent redirect (301, 308)
// or an <itunes:new-feed-url> moves the subscription, with its places,
// to the new URL. The feed's title is updated and the store saved.
func (s *Store) Refresh(ctx context.Context, c *fetch.Client, url string) (*Refreshed, error) {
	s.mu.Lock()
	var cond fetch.Request
	if sub := s.find(url); sub != nil && s.hasBody(url) {
		cond.ETag, cond.LastModified = sub.ETag, sub.LastModified
	}
	s.mu.Unlock()
	o, err := open(ctx, c, url, cond, false)
	if err != nil {
		return nil, err
	}
	if o.Kind != KindFeed {
		return nil, notFeed(url, "an audio file, not a feed")
	}
	out := &Refreshed{Feed: o.Feed}
	if o.Feed == nil {
		out.NotModified = true
		f, err := s.readBody(url)
		if err != nil {
			return nil, err
		}
		out.Feed = f
	}
	s.mu.Lock()
	defer s.mu.Unlock()
	sub := s.addLocked(url, out.Feed.Title)
	sub.Refreshed = time.Now().UTC()
	if o.body != nil {
		sub.ETag, sub.LastModified = o.ETag, o.LastModified
		s.writeBody(url, o.body)
	}
	newURL := o.Moved
	if nu := out.Feed.NewFeedURL; nu != "" && nu != url {
		newURL = nu
	}
	if newURL != "" && newURL != url {
		if _, err := fetch.CheckURL(newURL); err == nil {
			s.moveLocked(url, newURL)
			out.MovedTo = newURL
		}
	}
	return out, s.saveLocked()
}

// moveLocked moves a subscription to a new URL, merging with one already
// there (the newer place of each episode wins).
func (s *Store) moveLocked(from, to string) {
	sub := s.find(from)
	if sub == nil {
		return
	}
	if dst := s.find(to); dst != nil && dst != sub {
		if dst.Episodes == nil {
			dst.Episodes = map[string]EpisodeState{}
		}
		for k, v := range sub.Episodes {
			if old, ok := dst.Episodes[k]; !ok || v.Updated.After(old.Updated) {
				dst.Episodes[k] = v
			}
		}
		for i, x := range s.subs {
			if x == sub {
				s.subs = append(s.subs[:i], s.subs[i+1:]...)
				break
			}
		}
	} else {
		sub.URL = to
	}
	if p, q := s.bodyPath(from), s.bodyPath(to); p != "" {
		os.Rename(p, q)
	}
}

// bodyPath is where the copy of a feed is kept: a hash of its URL.
func (s *Store) bodyPath(url string) string {
	if s.bodies == "" {
		return ""
	}
	h := sha256.Sum256([]byte(url))
	return filepath.Join(s.bodies, hex.EncodeToString(h[:16])+".xml")
}

func (s *Store) hasBody(url string) bool {
	p := s.bodyPath(url)
	if p == "" {
		return false
	}
	_, err := os.Stat(p)
	return err == nil
}

func (s *Store) readBody(url string) (*Feed, error) {
	p := s.bodyPath(url)
	if p == "" {
		return nil, fmt.Errorf("%s: not modified, but no copy is held", redact(url))
	}
	f, err := os.Open(p)
	if err != nil {
		return nil, err
	}
	defer f.Close()
	return Parse(f, url)
}

func (s *Store) writeBody(url string, data []byte) {
	p := s.bodyPath(url)
	if p == "" {
		return
	}
	if err := os.MkdirAll(filepath.Dir(p), 0o700); err == nil {
		writeFileAtomic(p, data)
	}
}

// saveLocked writes the store: a temporary file in its folder, renamed.
func (s *Store) saveLocked() error {
	if err := os.MkdirAll(filepath.Dir(s.path), 0o700); err != nil {
		return err
	}
	b, err := json.MarshalIndent(storeFile{Version: 1, Feeds: s.subs}, "", "  ")
	if err != nil {
		return err
	}
	return writeFileAtomic(s.path, append(b, '\n'))
}

// ImportOPML adds the feeds of an OPML file (gPodder, AntennaPod, Pocket
// Casts export them so) and saves. It returns how many were new.
func (s *Store) ImportOPML(r io.Reader, name string) (int, error) {
	outlines, err := ParseOPML(r, name)
	if err != nil {
		return 0, err
	}
	s.mu.Lock()
	defer s.mu.Unlock()
	added := 0
	for _, o := range outlines {
		if s.find(o.FeedURL) == nil {
			added++
		}
		s.addLocked(o.FeedURL, o.Title)
	}
	return added, s.saveLocked()
}

// ExportOPML writes the feeds as OPML, sorted by title.
func (s *Store) ExportOPML(w io.Writer) error {
	subs := s.Feeds()
	sort.SliceStable(subs, func(i, j int) bool { return subs[i].Title < subs[j].Title })
	var outs []Outline
	for _, sub := range subs {
		outs = append(outs, Outline{Title: sub.Title, FeedURL: sub.URL})
	}
	return WriteOPML(w, "Readalong feeds", outs)
}

// writeFileAtomic writes data through a temporary file and a rename.
func writeFileAtomic(path string, data []byte) error {
	return safefile.Write(path, true, func(w io.Writer) error {
		_, err := w.Write(data)
		return err
	})
}
