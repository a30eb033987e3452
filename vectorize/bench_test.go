package vectorize

import (
	"bufio"
	"compress/gzip"
	"context"
	"encoding/json"
	"fmt"
	"os"
	"strings"
	"testing"

	"newsclust/bench/cputime"
)

// newsgroups is the 20 Newsgroups corpus shared beside the repository.
const newsgroups = "../../shared/corpora/20newsgroups.jsonl.gz"

// labelled is one article of a shared corpus.
type labelled struct{ label, text string }

// loadCorpusLabelled returns the label and the title and text of every
// article of a shared corpus, skipping the test or benchmark when the file
// is absent.
func loadCorpusLabelled(tb testing.TB, path string) []labelled {
	tb.Helper()
	f, err := os.Open(path)
	if os.IsNotExist(err) {
		tb.Skipf("%s absent", path)
	}
	if err != nil {
		tb.Fatal(err)
	}
	defer f.Close()
	zr, err := gzip.NewReader(f)
	if err != nil {
		tb.Fatal(err)
	}
	sc := bufio.NewScanner(zr)
	sc.Buffer(make([]byte, 1<<20), 64<<20)
	var docs []labelled
	for sc.Scan() {
		var doc struct{ Label, Title, Text string }
		if err := json.Unmarshal(sc.Bytes(), &doc); err != nil {
			tb.Fatal(err)
		}
		docs = append(docs, labelled{doc.Label, doc.Title + "\n" + doc.Text})
	}
	if err := sc.Err(); err != nil {
		tb.Fatal(err)
	}
	return docs
}

// loadCorpus returns the texts of a shared corpus.
func loadCorpus(tb testing.TB, path string) []string {
	tb.Helper()
	docs := loadCorpusLabelled(tb, path)
	texts := make([]string, len(docs))
	for i, d := range docs {
		texts[i] = d.text
	}
	return texts
}

func totalBytes(texts []string) int64 {
	var n int64
	for _, t := range texts {
		n += int64(len(t))
	}
	return n
}

func BenchmarkTokenize(b *testing.B) {
	text := strings.Join(synthetic(100, 3), "\n")
	b.SetBytes(int64(len(text)))
	b.ReportAllocs()
	var tz tokenizer
	for b.Loop() {
		tz.reset(text)
		for {
			if _, _, ok := tz.next(); !ok {
				break
			}
		}
	}
}

func BenchmarkTerms(b *testing.B) {
	a := newTestAnalyzer(b, Options{})
	text := strings.Join(synthetic(100, 3), "\n")
	a.Terms(text) // fill the cache
	b.SetBytes(int64(len(text)))
	b.ReportAllocs()
	for b.Loop() {
		a.Terms(text)
	}
}

func BenchmarkStem(b *testing.B) {
	words := make([][]byte, 10000)
	for i := range words {
		words[i] = fmt.Appendf(nil, "defending%dnations", i)
	}
	b.Run("hit", func(b *testing.B) {
		a := newTestAnalyzer(b, Options{})
		for _, w := range words {
			a.decide(w, kindWord)
		}
		b.ReportAllocs()
		i := 0
		for b.Loop() {
			a.decide(words[i%len(words)], kindWord)
			i++
		}
	})
	b.Run("miss", func(b *testing.B) {
		b.ReportAllocs()
		var a *Analyzer
		i := 0
		for b.Loop() {
			if i%len(words) == 0 {
				b.StopTimer()
				a = newTestAnalyzer(b, Options{})
				b.StartTimer()
			}
			a.decide(words[i%len(words)], kindWord)
			i++
		}
	})
}

func BenchmarkFit(b *testing.B) {
	bench := func(b *testing.B, texts []string, opts Options) {
		b.SetBytes(totalBytes(texts))
		b.ReportAllocs()
		for b.Loop() {
			if _, _, err := Fit(context.Background(), texts, opts); err != nil {
				b.Fatal(err)
			}
		}
	}
	for _, n := range []int{1000, 10000} {
		texts := synthetic(n, 5)
		b.Run(fmt.Sprintf("synthetic/docs=%d", n), func(b *testing.B) { bench(b, texts, Options{}) })
	}
	b.Run("20newsgroups/docs=18846", func(b *testing.B) {
		texts := loadCorpus(b, newsgroups)
		bench(b, texts, Options{})
	})
	b.Run("20newsgroups/bigrams/docs=18846", func(b *testing.B) {
		texts := loadCorpus(b, newsgroups)
		bench(b, texts, Options{NGrams: 2, MinDF: 2})
	})
}

// BenchmarkFitterAdd feeds 20 Newsgroups to a Fitter in batches of 1024
// texts, the largest batch corpus.Stream hands to newsclust's ingest, and
// finishes the fit: the vectorizing step of newsclust analyze.
func BenchmarkFitterAdd(b *testing.B) {
	texts := loadCorpus(b, newsgroups)
	// 1024 is corpus.StreamBatch.
	const step = 1024
	for _, c := range []struct {
		name string
		opts Options
	}{
		{"20newsgroups/docs=18846", Options{}},
		{"20newsgroups/bigrams/docs=18846", Options{NGrams: 2, MinDF: 2}},
	} {
		b.Run(c.name, func(b *testing.B) {
			b.SetBytes(totalBytes(texts))
			b.ReportAllocs()
			cpu0, ok := cputime.Process()
			for b.Loop() {
				f, err := NewFitter(c.opts)
				if err != nil {
					b.Fatal(err)
				}
				for i := 0; i < len(texts); i += step {
					if err := f.Add(context.Background(), texts[i:min(len(texts), i+step)]); err != nil {
						b.Fatal(err)
					}
				}
				if _, _, err := f.Finish(context.Background()); err != nil {
					b.Fatal(err)
				}
			}
			// CPU time of the whole process, GC included: on a shared
			// machine it varies less than wall time.
			if cpu1, ok1 := cputime.Process(); ok && ok1 {
				b.ReportMetric(float64(cpu1-cpu0)/float64(b.N), "cpu-ns/op")
			}
		})
	}
}
