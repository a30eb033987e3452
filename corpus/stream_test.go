package corpus

import (
	"context"
	"encoding/json"
	"fmt"
	"os"
	"path/filepath"
	"reflect"
	"runtime"
	"strings"
	"testing"
)

// streamCorpus writes a JSONL corpus of n articles to a new folder and
// returns its path. Every 20th article ends with a site footer (in 5% of
// the articles, over the 1% of the corpus rule); articles 5 and 6 are
// nothing but the footer, without title, so the corpus rule empties them; every 50th
// article repeats the id of the one before.
func streamCorpus(t *testing.T, n int) string {
	t.Helper()
	var b strings.Builder
	enc := json.NewEncoder(&b)
	for i := range n {
		id := fmt.Sprintf("a%d", i)
		if i%50 == 49 {
			id = fmt.Sprintf("a%d", i-1)
		}
		text := fmt.Sprintf("Story %d opens here.\n\nIt talks of topic %d and more %d.", i, i%17, i*7)
		if i%20 == 0 {
			text += "\n\nFollow the Gazette on every platform today"
		}
		if i == 5 || i == 6 {
			text = "Follow the Gazette on every platform today"
		}
		title := fmt.Sprintf("Title %d", i)
		if i == 5 || i == 6 {
			title = "" // else the title would stand in for the emptied text
		}
		if err := enc.Encode(map[string]string{"id": id, "title": title, "text": text}); err != nil {
			t.Fatal(err)
		}
	}
	dir := t.TempDir()
	path := filepath.Join(dir, "c.jsonl")
	if err := os.WriteFile(path, []byte(b.String()), 0o644); err != nil {
		t.Fatal(err)
	}
	return path
}

// TestStreamBatches checks that Stream hands on the documents of Read in
// batches of at most StreamBatch, with ids as read, removes the footer
// across its internal batches, and reports progress to the input size.
func TestStreamBatches(t *testing.T) {
	t.Parallel()
	// 2500 articles: more than two batches of StreamBatch (1024) and
	// several of the first pass (512).
	path := streamCorpus(t, 2500)
	c, err := Read(context.Background(), []string{path}, Options{})
	if err != nil {
		t.Fatal(err)
	}
	var got []Document
	var done, total, counted int
	opts := Options{
		Progress: func(d, tot int) { done, total = d, tot },
		Counted:  func(n int) { counted = n },
	}
	sum, err := Stream(context.Background(), []string{path}, opts, func(batch []Document) error {
		if len(batch) > StreamBatch {
			t.Errorf("batch of %d documents", len(batch))
		}
		got = append(got, batch...)
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	// 2500 articles less the two emptied ones (5 and 6).
	if sum.Docs != 2498 || len(got) != 2498 || len(c.Docs) != 2498 {
		t.Fatalf("Stream gave %d (%d), Read %d documents; want 2498", sum.Docs, len(got), len(c.Docs))
	}
	// 2500/20 = 125 footer lines, and the 2 articles that are only the footer.
	if sum.Removed[RuleRepeated] != 127 || !reflect.DeepEqual(sum.Removed, c.Removed) {
		t.Errorf("removed %v, Read removed %v; want 127 repeated", sum.Removed, c.Removed)
	}
	fi, err := os.Stat(path)
	if err != nil {
		t.Fatal(err)
	}
	if done != int(fi.Size()) || total != int(fi.Size()) || counted != 2500 {
		t.Errorf("progress %d/%d, counted %d; want %d/%d and 2500", done, total, counted, fi.Size(), fi.Size())
	}
	if renamed := UniqueIDs(got); !reflect.DeepEqual(got, c.Docs) || !reflect.DeepEqual(renamed, c.Renamed) {
		t.Error("Stream and UniqueIDs differ from Read")
	}
	// Every 50th id repeats: 2500/50 = 50 renames.
	if len(c.Renamed) != 50 {
		t.Errorf("%d renames, want 50", len(c.Renamed))
	}
	for _, d := range c.Docs {
		if strings.Contains(d.Text, "Gazette") {
			t.Fatalf("%s keeps the footer: %q", d.ID, d.Text)
		}
	}
	want := []Skip{{path + ":6", "empty after boilerplate removal"}, {path + ":7", "empty after boilerplate removal"}}
	if !reflect.DeepEqual(c.Skipped, want) {
		t.Errorf("skipped %v, want %v", c.Skipped, want)
	}
}

// TestStreamStdinSameAsFile reads the same corpus from a file and from
// stdin, and with 1 and 4 goroutines: the corpora must be identical apart
// from the origins.
func TestStreamStdinSameAsFile(t *testing.T) {
	path := streamCorpus(t, 1500) // 1500: several first-pass batches
	old := runtime.GOMAXPROCS(1)
	defer runtime.GOMAXPROCS(old)
	serial, err := Read(context.Background(), []string{path}, Options{})
	if err != nil {
		t.Fatal(err)
	}
	runtime.GOMAXPROCS(4)
	f, err := os.Open(path)
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	stdin, err := Read(context.Background(), []string{"-"}, Options{Stdin: f})
	if err != nil {
		t.Fatal(err)
	}
	if len(stdin.Docs) != len(serial.Docs) {
		t.Fatalf("%d documents from stdin, %d from the file", len(stdin.Docs), len(serial.Docs))
	}
	for i := range serial.Docs {
		a, b := serial.Docs[i], stdin.Docs[i]
		a.Origin, b.Origin = "", ""
		if a != b {
			t.Fatalf("document %d: file %+v, stdin %+v", i, a, b)
		}
	}
}

// TestStreamStops checks that an error from fn stops Stream and is
// returned as is.
func TestStreamStops(t *testing.T) {
	t.Parallel()
	path := streamCorpus(t, 3000)
	stop := fmt.Errorf("stop")
	calls := 0
	_, err := Stream(context.Background(), []string{path}, Options{}, func([]Document) error {
		calls++
		return stop
	})
	if err != stop || calls != 1 {
		t.Errorf("err %v after %d calls, want stop after 1", err, calls)
	}
}
