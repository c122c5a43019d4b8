//go:build ignore

// gen_sizes writes the application icon at the sizes desktops look for,
// scaled down from assets/icon.png, into the hicolor icon theme's layout
// under a folder:
//
//	go run assets/gen_sizes.go OUT   (OUT/NxN/apps/io.github.readalong.png)
//
// make install runs it.
package main

import (
	"fmt"
	"image"
	"image/png"
	"log"
	"os"
	"path/filepath"

	"golang.org/x/image/draw"
)

// sizes are the hicolor theme's usual application icon sizes.
var sizes = []int{16, 24, 32, 48, 64, 128, 256, 512}

const name = "io.github.readalong.png"

func main() {
	if len(os.Args) != 2 {
		log.Fatal("usage: go run assets/gen_sizes.go OUTDIR")
	}
	f, err := os.Open("assets/icon.png")
	if err != nil {
		log.Fatal(err)
	}
	src, err := png.Decode(f)
	f.Close()
	if err != nil {
		log.Fatalf("assets/icon.png: %v", err)
	}
	for _, n := range sizes {
		dst := image.NewNRGBA(image.Rect(0, 0, n, n))
		draw.CatmullRom.Scale(dst, dst.Bounds(), src, src.Bounds(), draw.Src, nil)
		dir := filepath.Join(os.Args[1], fmt.Sprintf("%dx%d", n, n), "apps")
		if err := os.MkdirAll(dir, 0o755); err != nil {
			log.Fatal(err)
		}
		if err := write(filepath.Join(dir, name), dst); err != nil {
			log.Fatal(err)
		}
	}
}

// write saves img as a PNG through a temporary file renamed into place.
func write(path string, img image.Image) error {
	tmp, err := os.CreateTemp(filepath.Dir(path), ".icon-*")
	if err != nil {
		return err
	}
	enc := png.Encoder{CompressionLevel: png.BestCompression}
	err = enc.Encode(tmp, img)
	if cerr := tmp.Close(); err == nil {
		err = cerr
	}
	if err == nil {
		err = os.Rename(tmp.Name(), path)
	}
	if err != nil {
		os.Remove(tmp.Name())
	}
	return err
}
