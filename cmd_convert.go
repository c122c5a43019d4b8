package main

import (
	"flag"
	"fmt"
	"io"

	"readalong/safefile"
	tsync "readalong/sync"
)

// cmdConvert rewrites a transcript in another format.
func cmdConvert(args []string, stdout, stderr io.Writer) int {
	fs := flag.NewFlagSet("convert", flag.ContinueOnError)
	fs.SetOutput(stderr)
	out := fs.String("o", "", "output file: "+tsync.ExtensionList())
	force := fs.Bool("force", false, "replace the output file if it exists")
	if err := fs.Parse(reorder(args)); err != nil {
		return exitUsage
	}
	if fs.NArg() != 1 || *out == "" {
		fmt.Fprint(stderr, "readalong convert: give a transcript and -o OUT\n"+usage)
		return exitUsage
	}
	f, err := tsync.FormatFor(*out)
	if err != nil {
		fmt.Fprintln(stderr, "readalong convert:", err)
		return exitUsage
	}
	tr, err := tsync.ReadFile(fs.Arg(0))
	if err != nil {
		fmt.Fprintln(stderr, "readalong:", err)
		return exitFailed
	}
	for _, w := range tr.Warnings {
		fmt.Fprintf(stderr, "readalong: %s: %s\n", fs.Arg(0), w)
	}
	if err := safefile.Write(*out, *force, func(w io.Writer) error { return tsync.Write(w, tr, f) }); err != nil {
		return writeFailed(err, stderr)
	}
	fmt.Fprintf(stdout, "%s: %d segments\n", *out, tr.Len())
	return exitOK
}
