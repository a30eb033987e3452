package main

import (
	"bufio"
	"compress/gzip"
	"context"
	"io"
	"os"
	"path/filepath"
	"strings"
	"sync"
	"testing"
)

const newsgroups = "../../../shared/corpora/20newsgroups.jsonl.gz"

var (
	ngOnce  sync.Once
	ngModel string // output folder of analyze on all of 20 Newsgroups
	ngNew   string // JSONL of 1,000 articles to compare
	ngOne   string // JSONL of one article
	ngErr   error
)

// newsgroupsModel analyses the full 20 Newsgroups corpus once per benchmark
// binary (about 20 s) and writes the inputs compared against it.
func newsgroupsModel(b *testing.B) {
	b.Helper()
	if _, err := os.Stat(newsgroups); err != nil {
		b.Skipf("corpus absent: %v", err)
	}
	ngOnce.Do(func() {
		dir, err := os.MkdirTemp("", "newsclust-bench")
		if err != nil {
			ngErr = err
			return
		}
		ngModel = filepath.Join(dir, "out")
		if err := run(context.Background(), []string{"analyze", "-quiet", "-k", "20", "-out", ngModel, newsgroups}, nil, io.Discard, io.Discard); err != nil {
			ngErr = err
			return
		}
		// Every 18th article makes 1,000 inputs spread over all groups.
		f, err := os.Open(newsgroups)
		if err != nil {
			ngErr = err
			return
		}
		defer f.Close()
		zr, err := gzip.NewReader(f)
		if err != nil {
			ngErr = err
			return
		}
		sc := bufio.NewScanner(zr)
		sc.Buffer(nil, 1<<26)
		var lines []string
		for i := 0; sc.Scan() && len(lines) < 1000; i++ {
			if i%18 == 0 {
				lines = append(lines, sc.Text())
			}
		}
		ngNew = filepath.Join(dir, "new.jsonl")
		ngOne = filepath.Join(dir, "one.jsonl")
		if ngErr = os.WriteFile(ngNew, []byte(strings.Join(lines, "\n")+"\n"), 0o644); ngErr != nil {
			return
		}
		ngErr = os.WriteFile(ngOne, []byte(lines[0]+"\n"), 0o644)
	})
	if ngErr != nil {
		b.Fatal(ngErr)
	}
}

// BenchmarkCompare measures compare end to end against a model of all
// 18,846 20 Newsgroups articles, model load included: one article per
// call, and 1,000 articles in one call.
func BenchmarkCompare(b *testing.B) {
	newsgroupsModel(b)
	for _, bc := range []struct {
		name, input string
	}{{"articles=1", ngOne}, {"articles=1000", ngNew}} {
		b.Run(bc.name, func(b *testing.B) {
			b.ReportAllocs()
			for b.Loop() {
				err := run(context.Background(), []string{"compare", "-json", "-model", ngModel, bc.input}, nil, io.Discard, io.Discard)
				if err != nil {
					b.Fatal(err)
				}
			}
		})
	}
}
