package corpus

import (
	"bytes"
	"context"
	"encoding/csv"
	"errors"
	"io"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"testing"
	"unicode/utf8"
)

// checkCorpus checks what holds for every corpus: texts are valid UTF-8,
// cleaned and not empty, ids unique, ids, titles, dates, sources and
// labels on one clean line.
func checkCorpus(t *testing.T, c *Corpus) {
	t.Helper()
	ids := map[string]bool{}
	for _, d := range c.Docs {
		if ids[d.ID] {
			t.Errorf("duplicate id %q", d.ID)
		}
		ids[d.ID] = true
		if d.Article != d.ID {
			t.Errorf("%q: Article %q", d.ID, d.Article)
		}
		if !utf8.ValidString(d.Text) || !utf8.ValidString(d.Title) || !utf8.ValidString(d.ID) {
			t.Errorf("%q: invalid UTF-8", d.ID)
		}
		if strings.TrimSpace(d.Text) == "" {
			t.Errorf("%q: empty text", d.ID)
		}
		if cleanText(d.Text) != d.Text {
			t.Errorf("%q: text not clean: %q", d.ID, d.Text)
		}
		// One-line fields hold no control characters and no runs of space,
		// whatever the input; the id may gain a "~N" suffix only.
		for _, f := range []string{d.ID, d.Title, d.Date, d.Source, d.URL, d.Label} {
			if oneLine(f) != f {
				t.Errorf("%q: field %q is not one clean line", d.ID, f)
			}
		}
	}
}

// readOne reads one input and returns the corpus, treating ErrNoDocs as a
// corpus of skips.
func readOne(t *testing.T, inputs []string, opts Options) (*Corpus, error) {
	t.Helper()
	c, err := Read(context.Background(), inputs, opts)
	if errors.Is(err, ErrNoDocs) {
		if c == nil || len(c.Docs) != 0 {
			t.Fatalf("ErrNoDocs with corpus %+v", c)
		}
		return c, nil
	}
	return c, err
}

// accountLines checks that every record line in want appears exactly once
// as a document origin or a skip, and nothing else does.
func accountLines(t *testing.T, c *Corpus, path string, want []int) {
	t.Helper()
	seen := map[string]int{}
	for _, d := range c.Docs {
		seen[d.Origin]++
	}
	for _, s := range c.Skipped {
		seen[s.Input]++
	}
	for _, n := range want {
		o := path + ":" + strconv.Itoa(n)
		if seen[o] != 1 {
			t.Errorf("record %s accounted %d times", o, seen[o])
		}
		delete(seen, o)
	}
	if len(seen) != 0 {
		t.Errorf("unexpected entries %v", seen)
	}
}

// fileLevel reports the skip that a whole file gets before its records are
// read ("binary file" or "no records"), or "" when its records are read.
func fileLevel(head []byte, records int) string {
	if looksBinary(head) {
		return "binary file"
	}
	if records == 0 {
		return "no records"
	}
	return ""
}

func FuzzReadJSONL(f *testing.F) {
	f.Add([]byte(`{"id":"a","title":"T","text":"Body.","date":"03/23/2015","label":null}`+"\n"+`{"id":1,"text":"x"}`), true)
	f.Add([]byte("{\"text\":\"caf\xe9\"}\r\n\n{bad\n[1]\n{\"id\":{},\"text\":\"y\"}\n"), true)
	f.Add([]byte("{\"id\":\"a\",\"text\":\"Story continues below advertisement\"}\n{\"id\":\"a\",\"text\":\"  \"}"), false)
	f.Add([]byte("\x00\x01binary"), true)
	f.Fuzz(func(t *testing.T, data []byte, skipBad bool) {
		c, err := readOne(t, []string{"-"}, Options{Stdin: bytes.NewReader(data), SkipBad: skipBad})
		if isGzip(data) {
			// Read as gzip: an error names stdin, or the records inside are
			// accounted for by the other inputs.
			if err != nil && !strings.HasPrefix(err.Error(), stdinName) {
				t.Fatalf("error %v", err)
			}
			return
		}
		if err != nil {
			if !skipBad && errors.Is(err, ErrMalformed) {
				return
			}
			t.Fatalf("error %v", err)
		}
		checkCorpus(t, c)
		var lines []int
		for i, l := range bytes.Split(data, []byte("\n")) {
			if len(bytes.TrimSpace(l)) > 0 {
				lines = append(lines, i+1)
			}
		}
		if reason := fileLevel(data, len(lines)); reason != "" {
			if len(c.Docs) != 0 || len(c.Skipped) != 1 || c.Skipped[0] != (Skip{stdinName, reason}) {
				t.Fatalf("want one skip %q, got docs %d skipped %v", reason, len(c.Docs), c.Skipped)
			}
			return
		}
		accountLines(t, c, stdinName, lines)
	})
}

func FuzzReadCSV(f *testing.F) {
	f.Add([]byte("id,title,text\n1,T,\"Body,\nmore\"\n2,U,plain\n"), true)
	f.Add([]byte("text\n\"unterminated\nx\n"), true)
	f.Add([]byte("id,text\n1\n2,a,b\n3,\"x\"y\"\n4,caf\xe9\n"), false)
	f.Add([]byte("\ufeffTEXT,Label\nhello,1\n"), true)
	f.Add([]byte("id,body\n1,x\n"), true)
	f.Fuzz(func(t *testing.T, data []byte, skipBad bool) {
		path := filepath.Join(t.TempDir(), "f.csv")
		if err := os.WriteFile(path, data, 0o644); err != nil {
			t.Fatal(err)
		}
		c, err := readOne(t, []string{path}, Options{SkipBad: skipBad})

		// Count the records the way readCSV meets them.
		cr := csv.NewReader(bytes.NewReader(data))
		cr.FieldsPerRecord = -1
		header, herr := cr.Read()
		hasText := false
		for _, h := range decodeFields(header) {
			hasText = hasText || strings.EqualFold(strings.TrimSpace(strings.TrimPrefix(h, "\ufeff")), "text")
		}
		var lines []int
		if herr == nil {
			for {
				_, rerr := cr.Read()
				if rerr == io.EOF {
					break
				}
				var pe *csv.ParseError
				if errors.As(rerr, &pe) {
					lines = append(lines, pe.StartLine)
				} else {
					n, _ := cr.FieldPos(0)
					lines = append(lines, n)
				}
			}
		}
		binary := looksBinary(data)
		if err != nil {
			switch {
			case !binary && herr != nil && herr != io.EOF && errors.Is(err, ErrMalformed):
			case !binary && herr == nil && !hasText && errors.Is(err, ErrMalformed):
			case !binary && !skipBad && errors.Is(err, ErrMalformed):
			default:
				t.Fatalf("error %v", err)
			}
			return
		}
		checkCorpus(t, c)
		if binary || herr == io.EOF || len(lines) == 0 {
			reason := fileLevel(data, len(lines))
			if len(c.Docs) != 0 || len(c.Skipped) != 1 || c.Skipped[0] != (Skip{path, reason}) {
				t.Fatalf("want one skip %q, got docs %d skipped %v", reason, len(c.Docs), c.Skipped)
			}
			return
		}
		accountLines(t, c, path, lines)
	})
}

// fuzzOneFile checks a one-document format: the file is a document or a
// skip, never an error.
func fuzzOneFile(t *testing.T, name string, data []byte) {
	path := filepath.Join(t.TempDir(), name)
	if err := os.WriteFile(path, data, 0o644); err != nil {
		t.Fatal(err)
	}
	c, err := readOne(t, []string{path}, Options{})
	if err != nil {
		t.Fatalf("error %v", err)
	}
	checkCorpus(t, c)
	if len(c.Docs)+len(c.Skipped) != 1 {
		t.Fatalf("docs %d skipped %v, want one of them", len(c.Docs), c.Skipped)
	}
	if len(c.Docs) == 1 && c.Docs[0].Origin != path || len(c.Skipped) == 1 && c.Skipped[0].Input != path {
		t.Fatalf("origin: docs %+v skipped %v", c.Docs, c.Skipped)
	}
}

func FuzzReadText(f *testing.F) {
	for _, name := range []string{"000_f8344ded9c7c71ab.txt", "001_9881b5333de0f2be.txt", "002_e69b1368459b83a1.txt"} {
		b, err := os.ReadFile(filepath.Join(seedDir, name))
		if err != nil {
			f.Fatal(err)
		}
		f.Add(b)
	}
	f.Add([]byte("Caf\xe9\r\rtext\r\n"))
	f.Add([]byte("March 23, 2015\n"))
	f.Add([]byte("\ufeff\u200b\u00a0\n\t"))
	f.Fuzz(func(t *testing.T, data []byte) {
		fuzzOneFile(t, "f.txt", data)
	})
}

func FuzzReadHTML(f *testing.F) {
	f.Add([]byte(`<html><head><title>T</title><meta name="date" content="2015-03-23"></head><body><h1>T</h1><p>Hello <b>world</b></p><script>x</script></body></html>`))
	f.Add([]byte(`<h1>A<p>B<pre> x
  y</pre><table><tr><td>1<td>2</table>`))
	f.Add([]byte("<p>caf\xe9</p><time datetime=\"bogus\">"))
	f.Add([]byte("<nav>only nav</nav>"))
	// Deeper than the parser accepts: read tag by tag.
	f.Add([]byte("<title>T</title>" + strings.Repeat("<div><b>", 300) + "<h1>H<p>deep<script>x</script><pre> a\n b</pre>"))
	f.Fuzz(func(t *testing.T, data []byte) {
		fuzzOneFile(t, "f.html", data)
	})
}
