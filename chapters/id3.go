package chapters

import (
	"fmt"
	"sort"

	"readalong/player"
)

// FromTags returns the chapters of an ID3v2 tag (CHAP frames), in the
// order of their starts, whatever the order of the frames and the flags of
// the tables of contents (some writers swap "ordered" and "top-level").
// A missing table of contents is fine; when tables list some chapters
// and not others, the others are Hidden. The tag's warnings come along,
// naming file.
func FromTags(t player.Tags, file string) (List, []Warning) {
	w := &warner{file: file}
	for _, tw := range t.Warnings {
		elem := "ID3"
		if tw.Frame != "" {
			elem += " " + tw.Frame
		}
		w.add(0, fmt.Sprintf("%s at byte %d", elem, tw.Offset), "%s", tw.Msg)
	}
	listed := map[string]bool{}
	ids := map[string]bool{}
	for _, c := range t.Chapters {
		ids[c.ID] = true
	}
	anyListed := false
	for _, toc := range t.TOCs {
		for _, id := range toc.Children {
			listed[id] = true
			anyListed = anyListed || ids[id]
		}
	}
	l := make(List, 0, len(t.Chapters))
	for _, c := range t.Chapters {
		if len(l) >= maxChapters {
			w.add(0, "", "more than %d chapters: the rest skipped", maxChapters)
			break
		}
		ch := Chapter{Start: c.Start, Title: c.Title, URL: c.URL, Hidden: anyListed && !listed[c.ID], elem: fmt.Sprintf("ID3 CHAP %q", c.ID)}
		if c.End > c.Start {
			ch.End = c.End
		}
		if p := c.Image; p != nil {
			if p.MIME == "-->" {
				ch.Image = &Image{URL: p.URL}
			} else {
				ch.Image = &Image{Picture: p}
			}
		}
		l = append(l, ch)
	}
	sort.SliceStable(l, func(i, j int) bool { return l[i].Start < l[j].Start })
	return l, w.done()
}

// ToTags converts chapters for player.EncodeTags: a CHAP frame each
// (named ch0, ch1, …) and a top-level table of contents listing those not
// hidden.
func ToTags(l List) ([]player.TagChapter, []player.TagTOC) {
	out := make([]player.TagChapter, len(l))
	toc := player.TagTOC{ID: "toc", TopLevel: true, Ordered: true}
	for i, c := range l {
		tc := player.TagChapter{ID: fmt.Sprintf("ch%d", i), Start: c.Start, End: max(c.End, c.Start),
			StartOffset: player.NoOffset, EndOffset: player.NoOffset, Title: c.Title, URL: c.URL}
		if c.Image != nil {
			if c.Image.Picture != nil {
				tc.Image = c.Image.Picture
			} else {
				tc.Image = &player.Picture{MIME: "-->", URL: c.Image.URL, Offset: -1}
			}
		}
		out[i] = tc
		if !c.Hidden {
			toc.Children = append(toc.Children, tc.ID)
		}
	}
	if len(l) == 0 {
		return out, nil
	}
	return out, []player.TagTOC{toc}
}
