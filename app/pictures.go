package app

import (
	"bytes"
	"context"
	"fmt"
	"image"
	_ "image/gif" // chapter pictures on the web come in these
	_ "image/jpeg"
	_ "image/png"
	"net/url"
	"time"

	"fyne.io/fyne/v2"

	"readalong/chapters"
	"readalong/fetch"
)

// Chapter pictures on the web (Podcasting 2.0 chapters' "img") are
// fetched only once the listener allows it, as the specification asks:
// fetching tells the host that the episode is being played. The choice is
// a setting (View › Chapter Pictures from the Web), asked for with a
// notice the first time an episode has such pictures.
const (
	prefWebPictures = "chapter-pictures-from-the-web" // "allow", "deny", or unset: not asked yet
	// MaxPictureSize bounds a chapter picture fetched from the web.
	MaxPictureSize = 10 << 20
	// MaxPictureSide bounds its width and height, in pixels.
	MaxPictureSide = 8000
	pictureTimeout = 30 * time.Second
)

// pictures holds the chapter pictures fetched from the web, by URL.
type pictures struct {
	got     map[string]fyne.Resource
	failed  map[string]error
	pending map[string]bool
	client  *fetch.Client
	asked   bool // the notice asking was shown for this episode
	// do runs f on the Fyne goroutine (fyne.Do; tests run it on theirs).
	do func(f func())
}

func newPictures() *pictures {
	return &pictures{got: map[string]fyne.Resource{}, failed: map[string]error{}, pending: map[string]bool{}, do: fyne.Do}
}

// webPictures reports whether the listener allowed pictures from the web
// and whether they were asked at all.
func (u *UI) webPictures() (allowed, decided bool) {
	switch u.prefs().String(prefWebPictures) {
	case "allow":
		return true, true
	case "deny":
		return false, true
	}
	return false, false
}

// setWebPictures stores the listener's choice and shows the playing
// chapter's picture again.
func (u *UI) setWebPictures(allow bool) {
	v := "deny"
	if allow {
		v = "allow"
	}
	u.prefs().SetString(prefWebPictures, v)
	u.notes.set(noticePictures, "")
	u.debug("chapter pictures from the web %s", v)
	u.buildMenu()
	u.ep.chapter = -2
	u.showChapter(u.last.Position)
}

// remotePicture is the picture to show for chapter c, whose image is on
// the web: the one fetched, or nil while it is not (yet). It starts the
// fetch when allowed, and asks when the listener was never asked.
func (u *UI) remotePicture(c *chapters.Chapter) fyne.Resource {
	p := u.pics
	link := c.Image.URL
	allowed, decided := u.webPictures()
	if !decided {
		if !p.asked {
			p.asked = true
			host := link
			if l, err := url.Parse(link); err == nil && l.Host != "" {
				host = l.Host
			}
			u.notes.set(noticePictures, fmt.Sprintf("This episode's chapter pictures are on the web (%s). View › Chapter Pictures from the Web shows them; nothing is fetched until then.", host))
		}
		return nil
	}
	if !allowed {
		return nil
	}
	if res := p.got[link]; res != nil {
		return res
	}
	if p.failed[link] != nil || p.pending[link] {
		return nil
	}
	if _, err := fetch.CheckURL(link); err != nil {
		p.failed[link] = err
		u.notes.set(noticePictures, fmt.Sprintf("Chapter %q: its picture %v", c.Title, err))
		return nil
	}
	if p.client == nil {
		p.client = fetch.New(fetch.Options{})
	}
	p.pending[link] = true
	client, title, do := p.client, c.Title, p.do
	go func() {
		ctx, cancel := context.WithTimeout(context.Background(), pictureTimeout)
		defer cancel()
		res, err := fetchPicture(ctx, client, link)
		do(func() {
			delete(p.pending, link)
			if err != nil {
				p.failed[link] = err
				u.notes.set(noticePictures, fmt.Sprintf("Chapter %q: %v", title, err))
				return
			}
			p.got[link] = res
			u.debug("chapter picture %s", link)
			if i := u.ep.chapter; i >= 0 && i < len(u.ep.chapters) {
				if im := u.ep.chapters[i].Image; im.Remote() && im.URL == link {
					u.showImage(res)
				}
			}
		})
	}()
	return nil
}

// fetchPicture gets the picture at link: at most MaxPictureSize bytes, a
// PNG, JPEG or GIF of at most MaxPictureSide pixels a side.
func fetchPicture(ctx context.Context, c *fetch.Client, link string) (fyne.Resource, error) {
	_, data, err := c.Fetch(ctx, fetch.Request{URL: link, Max: MaxPictureSize, What: "chapter picture", Accept: "image/png, image/jpeg, image/gif"})
	if err != nil {
		return nil, err
	}
	cfg, format, err := image.DecodeConfig(bytes.NewReader(data))
	if err != nil {
		return nil, fmt.Errorf("chapter picture %s is no PNG, JPEG or GIF image", link)
	}
	if cfg.Width > MaxPictureSide || cfg.Height > MaxPictureSide || cfg.Width <= 0 || cfg.Height <= 0 {
		return nil, fmt.Errorf("chapter picture %s is %d×%d pixels, more than %d a side", link, cfg.Width, cfg.Height, MaxPictureSide)
	}
	return fyne.NewStaticResource("chapter-picture."+format, data), nil
}
