package app

import (
	"bytes"
	"image"
	"image/color"
	"image/png"
	"os"
	"path/filepath"
	"testing"

	"readalong/assets"
	"readalong/player"
)

// TestTitleShowAndCoverFromTags: an episode whose ID3 tag names it, its
// show and holds a cover is shown by those, not by its file's name.
func TestTitleShowAndCoverFromTags(t *testing.T) {
	u, _ := newTestUI(t, 3)
	var cover bytes.Buffer
	img := image.NewRGBA(image.Rect(0, 0, 8, 8))
	img.Set(1, 1, color.RGBA{200, 10, 10, 255})
	png.Encode(&cover, img)
	tag, err := player.EncodeTags(player.Tags{Title: "Talk 42: Fonts", Artist: "The Typography Show", Cover: player.NewPicture("image/png", cover.Bytes())})
	if err != nil {
		t.Fatal(err)
	}
	dir := t.TempDir()
	ep := filepath.Join(dir, "ep42.mp3")
	os.WriteFile(ep, append(tag, assets.DemoEpisode...), 0o644)
	if err := u.OpenFiles(ep, ""); err != nil {
		t.Fatal(err)
	}
	if u.win.Title() != "Talk 42: Fonts — Readalong" || u.ctl.heading.Text != "Talk 42: Fonts" || u.ctl.subtitle.Text != "The Typography Show" || !u.ctl.subrow.Visible() {
		t.Errorf("title %q, heading %q, show %q", u.win.Title(), u.ctl.heading.Text, u.ctl.subtitle.Text)
	}
	if !u.ctl.cover.Visible() || u.ctl.cover.Resource == nil || !bytes.Equal(u.ctl.cover.Resource.Content(), cover.Bytes()) {
		t.Error("the cover is not shown")
	}
	// Without tags: the file's name, no show, no cover.
	bare := filepath.Join(dir, "bare.mp3")
	os.WriteFile(bare, []byte("no tag here, nor audio"), 0o644)
	u.OpenFiles(bare, "")
	if u.win.Title() != "bare — Readalong" || u.ctl.subrow.Visible() || u.ctl.cover.Visible() {
		t.Errorf("untagged: title %q, show shown %v, cover shown %v", u.win.Title(), u.ctl.subrow.Visible(), u.ctl.cover.Visible())
	}
}
