// Command synth writes a large synthetic news corpus as JSONL, built
// deterministically from the sentences of the shared labelled corpora, for
// scale benchmarks.
//
// Usage:
//
//	go run ./bench/synth -n 1000000 -words 150 -seed 1 ../shared/corpora/*.jsonl.gz > big.jsonl
//
// Every input article's label is a topic; its sentences (5 to 40 words)
// form the topic's pool. Each output article picks a topic (uniformly) and
// draws sentences from that topic's pool until it has about -words words,
// so the corpus keeps real vocabulary and real topical structure. The same
// flags and inputs give the same bytes.
package main

import (
	"bufio"
	"compress/gzip"
	"encoding/json"
	"flag"
	"fmt"
	"io"
	"math/rand/v2"
	"os"
	"sort"
	"strings"
)

func main() {
	n := flag.Int("n", 100000, "articles to write")
	words := flag.Int("words", 150, "about this many words per article")
	seed := flag.Uint64("seed", 1, "random seed")
	flag.Parse()
	if flag.NArg() == 0 || *n < 1 || *words < 1 {
		fmt.Fprintln(os.Stderr, "usage: synth [-n N] [-words W] [-seed S] CORPUS.jsonl[.gz]...")
		os.Exit(2)
	}
	pools := map[string][]string{}
	for _, path := range flag.Args() {
		if err := readPools(path, pools); err != nil {
			fmt.Fprintln(os.Stderr, "synth:", err)
			os.Exit(1)
		}
	}
	topics := make([]string, 0, len(pools))
	for t, p := range pools {
		if len(p) >= 20 {
			topics = append(topics, t)
		}
	}
	sort.Strings(topics)
	if len(topics) == 0 {
		fmt.Fprintln(os.Stderr, "synth: no topic with at least 20 sentences")
		os.Exit(1)
	}
	r := rand.New(rand.NewPCG(*seed, 0x73796e7468))
	w := bufio.NewWriterSize(os.Stdout, 1<<20)
	enc := json.NewEncoder(w)
	enc.SetEscapeHTML(false)
	var b strings.Builder
	for i := 0; i < *n; i++ {
		topic := topics[r.IntN(len(topics))]
		pool := pools[topic]
		b.Reset()
		count := 0
		title := ""
		for count < *words {
			s := pool[r.IntN(len(pool))]
			if title == "" {
				title = firstWords(s, 10)
			}
			if b.Len() > 0 {
				b.WriteByte(' ')
			}
			b.WriteString(s)
			count += len(strings.Fields(s))
		}
		rec := map[string]string{"id": fmt.Sprintf("s%07d", i), "title": title, "text": b.String(), "label": topic}
		if err := enc.Encode(rec); err != nil {
			fmt.Fprintln(os.Stderr, "synth:", err)
			os.Exit(1)
		}
	}
	if err := w.Flush(); err != nil {
		fmt.Fprintln(os.Stderr, "synth:", err)
		os.Exit(1)
	}
}

// readPools adds the sentences of every labelled article in path to the
// pool of its label, prefixed by the file's base name so that topics of
// different corpora stay apart.
func readPools(path string, pools map[string][]string) error {
	f, err := os.Open(path)
	if err != nil {
		return err
	}
	defer f.Close()
	var r io.Reader = f
	if strings.HasSuffix(path, ".gz") {
		zr, err := gzip.NewReader(f)
		if err != nil {
			return fmt.Errorf("%s: %w", path, err)
		}
		r = zr
	}
	base := path[strings.LastIndexByte(path, '/')+1:]
	base = strings.SplitN(base, ".", 2)[0]
	sc := bufio.NewScanner(r)
	sc.Buffer(nil, 1<<26)
	for line := 1; sc.Scan(); line++ {
		var d struct {
			Label *string `json:"label"`
			Text  string  `json:"text"`
		}
		if err := json.Unmarshal(sc.Bytes(), &d); err != nil {
			return fmt.Errorf("%s:%d: %w", path, line, err)
		}
		if d.Label == nil || *d.Label == "" {
			continue
		}
		key := base + "/" + *d.Label
		pools[key] = append(pools[key], sentences(d.Text)...)
	}
	return sc.Err()
}

// sentences splits text at '.', '!' or '?' followed by white space and
// keeps sentences of 5 to 40 words, white space folded.
func sentences(text string) []string {
	var out []string
	f := strings.Fields(text)
	start := 0
	for i, w := range f {
		end := strings.HasSuffix(w, ".") || strings.HasSuffix(w, "!") || strings.HasSuffix(w, "?")
		if !end && i < len(f)-1 {
			continue
		}
		if n := i + 1 - start; n >= 5 && n <= 40 {
			out = append(out, strings.Join(f[start:i+1], " "))
		}
		start = i + 1
	}
	return out
}

func firstWords(s string, n int) string {
	f := strings.Fields(s)
	if len(f) > n {
		f = f[:n]
	}
	return strings.TrimRight(strings.Join(f, " "), ".!?,;:")
}
