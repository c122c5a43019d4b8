package feed

import (
	"encoding/json"
)

// jsonChapters is the Podcasting 2.0 JSON chapters format.
type jsonChapters struct {
	Version  string        `json:"version"`
	Chapters []jsonChapter `json:"chapters"`
}

type jsonChapter struct {
	StartTime float64 `json:"startTime"`
	Title     string  `json:"title,omitempty"`
	URL       string  `json:"url,omitempty"`
	Img       string  `json:"img,omitempty"`
}

// PSCJSON writes Podlove Simple Chapters as a Podcasting 2.0 JSON
// chapters file, the form Readalong keeps beside an episode
// (Name.chapters.json).
func PSCJSON(chs []PSCChapter) []byte {
	out := jsonChapters{Version: "1.2.0", Chapters: []jsonChapter{}}
	for _, c := range chs {
		out.Chapters = append(out.Chapters, jsonChapter{StartTime: c.Start.Seconds(), Title: c.Title, URL: c.Href, Img: c.Image})
	}
	b, _ := json.MarshalIndent(out, "", "  ")
	return append(b, '\n')
}
