package main

import (
	"bytes"
	"encoding/json"
	"fmt"
	"math/rand/v2"
	"os"
	"path/filepath"
	"runtime"
	"strings"
	"testing"
)

// syntheticCorpus writes n JSONL articles on six topics: each text mixes
// words of its topic with words shared by all, drawn from a fixed PCG
// stream, so the corpus is the same on every run. Some articles repeat
// another's text (near-duplicate groups) and some share an id.
func syntheticCorpus(t *testing.T, n int) string {
	t.Helper()
	topics := [][]string{
		strings.Fields("nato alliance summit defence spending brussels secretary general allies budget"),
		strings.Fields("ukraine russia ceasefire donbas minsk separatists kyiv moscow sanctions border"),
		strings.Fields("isis iraq mosul coalition training forces baghdad militants airstrikes syria"),
		strings.Fields("election vote ballot candidate campaign parliament poll turnout party majority"),
		strings.Fields("market stocks shares investors bank interest rates inflation trading index"),
		strings.Fields("climate emissions carbon warming energy renewable solar wind coal targets"),
	}
	common := strings.Fields("government officials said week country year people report minister new plan talks")
	rng := rand.New(rand.NewPCG(11, 12))
	var b strings.Builder
	var texts []string
	for i := range n {
		topic := i % len(topics)
		var words []string
		for range 40 + rng.IntN(40) {
			if rng.IntN(3) == 0 {
				words = append(words, common[rng.IntN(len(common))])
			} else {
				words = append(words, topics[topic][rng.IntN(len(topics[topic]))])
			}
		}
		text := strings.Join(words, " ") + "."
		if i%37 == 5 && len(texts) > 0 {
			text = texts[len(texts)-1] // a wire story run twice
		}
		texts = append(texts, text)
		id := fmt.Sprintf("doc%03d", i)
		if i%53 == 7 {
			id = "doc000" // a clashing id
		}
		rec, err := json.Marshal(map[string]string{
			"id": id, "title": strings.Join(words[:5], " "), "text": text,
			"source": fmt.Sprintf("source%d", i%4), "label": fmt.Sprintf("topic%d", topic),
		})
		if err != nil {
			t.Fatal(err)
		}
		b.Write(rec)
		b.WriteByte('\n')
	}
	path := filepath.Join(t.TempDir(), "corpus.jsonl")
	if err := os.WriteFile(path, []byte(b.String()), 0o644); err != nil {
		t.Fatal(err)
	}
	return path
}

// TestDeterministicJSONL runs analyze on 300 JSONL articles, and compare
// -json on them, with GOMAXPROCS 1, 2 and 4, and expects byte-identical
// outputs. It changes GOMAXPROCS, so it does not run in parallel.
func TestDeterministicJSONL(t *testing.T) {
	in := syntheticCorpus(t, 300)
	var dirs []string
	var compares []string
	for _, procs := range []int{1, 2, 4} {
		old := runtime.GOMAXPROCS(procs)
		dir := t.TempDir()
		_, stderr, code := runCmd(t, "analyze", "-quiet", "-seed", "5", "-k-range", "2:8", "-out", dir, in)
		if code != 0 {
			runtime.GOMAXPROCS(old)
			t.Fatalf("GOMAXPROCS %d: exit %d: %s", procs, code, stderr)
		}
		stdout, stderr, code := runCmd(t, "compare", "-json", "-model", dir, in)
		runtime.GOMAXPROCS(old)
		if code != 0 {
			t.Fatalf("compare, GOMAXPROCS %d: exit %d: %s", procs, code, stderr)
		}
		dirs = append(dirs, dir)
		compares = append(compares, stdout)
	}
	base := snapshot(t, dirs[0])
	if len(base) < 15 {
		t.Fatalf("only %d output files", len(base))
	}
	// The corpus has 300 articles, and its duplicates and clashing ids
	// are there: the run is not trivially small.
	if rows := readCSV(t, filepath.Join(dirs[0], "assignments.csv")); len(rows) != 300 {
		t.Fatalf("%d articles assigned, want 300", len(rows))
	}
	for i, d := range dirs[1:] {
		sameFiles(t, fmt.Sprintf("GOMAXPROCS %d vs 1", []int{2, 4}[i]), snapshot(t, d), base)
	}
	if lines := strings.Count(compares[0], "\n"); lines != 300 {
		t.Fatalf("compare -json wrote %d lines, want 300", lines)
	}
	for i, c := range compares[1:] {
		if !bytes.Equal([]byte(c), []byte(compares[0])) {
			t.Errorf("compare -json output differs between GOMAXPROCS 1 and %d", []int{2, 4}[i])
		}
	}
}

// TestDeterministicUpdate runs update (with four more topics' worth of
// new articles) and analyze -align-to with GOMAXPROCS 1 and 4 and expects
// byte-identical outputs. It changes GOMAXPROCS, so it does not run in
// parallel.
func TestDeterministicUpdate(t *testing.T) {
	day1 := t.TempDir()
	if _, stderr, code := runCmd(t, "analyze", "-quiet", "-k", "3", "-out", day1, topicArticles(t, 1, "a", 20, 0, 1, 2)); code != 0 {
		t.Fatal(stderr)
	}
	batch := topicArticles(t, 2, "b", 10, 0, 1, 2, 3)
	var ups, aligned []string
	for _, procs := range []int{1, 4} {
		old := runtime.GOMAXPROCS(procs)
		up, al := t.TempDir(), t.TempDir()
		_, stderr, code := runCmd(t, "update", "-quiet", "-seed", "5", "-model", day1, "-out", up, batch)
		_, stderr2, code2 := runCmd(t, "analyze", "-quiet", "-k", "4", "-align-to", day1, "-out", al, batch)
		runtime.GOMAXPROCS(old)
		if code != 0 || code2 != 0 {
			t.Fatalf("GOMAXPROCS %d: %s %s", procs, stderr, stderr2)
		}
		ups, aligned = append(ups, up), append(aligned, al)
	}
	sameFiles(t, "update, GOMAXPROCS 4 vs 1", snapshot(t, ups[1]), snapshot(t, ups[0]))
	sameFiles(t, "analyze -align-to, GOMAXPROCS 4 vs 1", snapshot(t, aligned[1]), snapshot(t, aligned[0]))
}
