package corpus

import (
	"bytes"
	"compress/gzip"
	"context"
	"errors"
	"fmt"
	"io"
	"io/fs"
	"os"
	"path/filepath"
	"reflect"
	"strings"
	"testing"
)

// writeFiles creates the files (name -> content) under a new temporary
// folder and returns it.
func writeFiles(t testing.TB, files map[string]string) string {
	t.Helper()
	dir := t.TempDir()
	for name, content := range files {
		p := filepath.Join(dir, name)
		if err := os.MkdirAll(filepath.Dir(p), 0o755); err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(p, []byte(content), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	return dir
}

func gzipBytes(t testing.TB, s string) string {
	t.Helper()
	var b bytes.Buffer
	zw := gzip.NewWriter(&b)
	if _, err := zw.Write([]byte(s)); err != nil {
		t.Fatal(err)
	}
	if err := zw.Close(); err != nil {
		t.Fatal(err)
	}
	return b.String()
}

// brief is the part of a Document the format tables compare.
type brief struct {
	ID, Title, Text, Date, Source, Label, Origin string
}

func briefs(docs []Document, dir string) []brief {
	var out []brief
	for _, d := range docs {
		out = append(out, brief{d.ID, d.Title, d.Text, d.Date, d.Source, d.Label,
			strings.TrimPrefix(filepath.ToSlash(d.Origin), filepath.ToSlash(dir)+"/")})
	}
	return out
}

func TestReadFormats(t *testing.T) {
	t.Parallel()
	tests := []struct {
		name  string
		files map[string]string
		want  []brief
	}{
		{
			name:  "txt title and body",
			files: map[string]string{"a.txt": "Title line\n\nFirst paragraph.\r\n\r\nSecond\u00a0paragraph.  \n\n\n\nThird.\n"},
			want:  []brief{{ID: "a", Title: "Title line", Text: "First paragraph.\n\nSecond paragraph.\n\nThird.", Origin: "a.txt"}},
		},
		{
			name:  "txt leading date line",
			files: map[string]string{"d.txt": "March 23, 2015\nHeadline\n\nBody text here."},
			want:  []brief{{ID: "d", Title: "Headline", Text: "Body text here.", Date: "2015-03-23", Origin: "d.txt"}},
		},
		{
			name:  "txt date line after title",
			files: map[string]string{"d.txt": "Headline\nPublished: 23 March 2015 10:00 GMT\n\nBody text here."},
			want:  []brief{{ID: "d", Title: "Headline", Text: "Body text here.", Date: "2015-03-23", Origin: "d.txt"}},
		},
		{
			name:  "txt single line",
			files: map[string]string{"one.txt": "Only a single line of text."},
			want:  []brief{{ID: "one", Title: "Only a single line of text.", Text: "Only a single line of text.", Origin: "one.txt"}},
		},
		{
			name:  "md strips hashes",
			files: map[string]string{"n.md": "# A *Markdown* title #\n\nSome body."},
			want:  []brief{{ID: "n", Title: "A *Markdown* title", Text: "Some body.", Origin: "n.md"}},
		},
		{
			name: "html",
			files: map[string]string{"p.html": `<!DOCTYPE html><html><head><title>Page title</title>
<meta property="article:published_time" content="2020-02-12T11:27:00-05:00">
<meta property="og:site_name" content="CBC News">
<style>p{color:red}</style><script>var x = "script text";</script></head>
<body><nav>Home | World</nav><h1>Page title</h1>
<p>First <b>bold</b> paragraph
  spread over lines.</p><div>A div line</div><div>Another</div>
<ul><li>one</li><li>two</li></ul><aside>Aside text</aside><form>Search</form>
<pre>keep   this
  spacing</pre><footer>Footer text</footer><noscript>Enable JS</noscript></body></html>`},
			want: []brief{{ID: "p", Title: "Page title", Date: "2020-02-12", Source: "CBC News", Origin: "p.html",
				Text: "First bold paragraph spread over lines.\n\nA div line\nAnother\n\none\ntwo\n\nkeep   this\n  spacing"}},
		},
		{
			name:  "htm h1 as title, time element",
			files: map[string]string{"q.htm": `<body><h1>Only heading</h1><time datetime="2019-07-04">July 4</time><p>Text.</p></body>`},
			want:  []brief{{ID: "q", Title: "Only heading", Date: "2019-07-04", Text: "July 4\n\nText.", Origin: "q.htm"}},
		},
		{
			name: "jsonl values and defaults",
			files: map[string]string{"n.jsonl": `{"id": 42, "title": "T1", "text": "Body one.", "date": "03/23/2015", "source": "S", "label": null, "extra": [1,2]}

{"title": "T2", "text": "Body two.", "label": 7, "date": "sometime in May"}
{"id": "x", "text": "Body three.", "label": 1.5e1, "source": true}
`},
			want: []brief{
				{ID: "42", Title: "T1", Text: "Body one.", Date: "2015-03-23", Source: "S", Origin: "n.jsonl:1"},
				// Line 3: no id, so "basename:line"; the date is kept as written.
				{ID: "n.jsonl:3", Title: "T2", Text: "Body two.", Date: "sometime in May", Label: "7", Origin: "n.jsonl:3"},
				{ID: "x", Text: "Body three.", Label: "15", Source: "true", Origin: "n.jsonl:4"},
			},
		},
		{
			name:  "jsonl.gz",
			files: map[string]string{"z.jsonl.gz": gzipBytes(t, `{"id":"g1","text":"Gzipped.","date":"26-FEB-1987 15:02:20.00"}`+"\n")},
			want:  []brief{{ID: "g1", Text: "Gzipped.", Date: "1987-02-26", Origin: "z.jsonl.gz:1"}},
		},
		{
			name: "csv",
			files: map[string]string{"c.csv": "\ufeffID,Title,Text,Label,other\n" +
				"c1,First,\"Multi\nline, with comma\",pos,x\n" +
				",Second,Plain,neg,y\n"},
			want: []brief{
				{ID: "c1", Title: "First", Text: "Multi\nline, with comma", Label: "pos", Origin: "c.csv:2"},
				// The record starts on line 4 because the quoted field of
				// record 1 spans two lines.
				{ID: "c.csv:4", Title: "Second", Text: "Plain", Label: "neg", Origin: "c.csv:4"},
			},
		},
		{
			name: "folder order and recursion",
			files: map[string]string{
				"b.txt":         "B\n\nbody b",
				"a/z.txt":       "Z\n\nbody z",
				"a/y.md":        "Y\n\nbody y",
				".hidden/h.txt": "H\n\nbody h",
				".x.txt":        "X\n\nbody x",
			},
			want: []brief{
				{ID: "y", Title: "Y", Text: "body y", Origin: "a/y.md"},
				{ID: "z", Title: "Z", Text: "body z", Origin: "a/z.txt"},
				{ID: "b", Title: "B", Text: "body b", Origin: "b.txt"},
			},
		},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			t.Parallel()
			dir := writeFiles(t, tc.files)
			c, err := Read(context.Background(), []string{dir}, Options{KeepBoilerplate: true})
			if err != nil {
				t.Fatal(err)
			}
			if got := briefs(c.Docs, dir); !reflect.DeepEqual(got, tc.want) {
				t.Errorf("docs\n got %+v\nwant %+v", got, tc.want)
			}
			if len(c.Skipped) != 0 {
				t.Errorf("skipped %v", c.Skipped)
			}
			for _, d := range c.Docs {
				if d.Article != d.ID {
					t.Errorf("%s: Article %q, want the id", d.ID, d.Article)
				}
			}
		})
	}
}

func TestReadFields(t *testing.T) {
	t.Parallel()
	dir := writeFiles(t, map[string]string{
		"r.jsonl": `{"doc": "r1", "headline": "H", "body": "B.", "topic": "t", "text": "not this"}` + "\n",
		"r.csv":   "body,doc\nC.,r2\n",
	})
	opts := Options{Fields: Fields{ID: "doc", Title: "headline", Text: "body", Label: "topic"}, KeepBoilerplate: true}
	c, err := Read(context.Background(), []string{filepath.Join(dir, "r.jsonl"), filepath.Join(dir, "r.csv")}, opts)
	if err != nil {
		t.Fatal(err)
	}
	want := []brief{
		{ID: "r1", Title: "H", Text: "B.", Label: "t", Origin: "r.jsonl:1"},
		{ID: "r2", Text: "C.", Origin: "r.csv:2"},
	}
	if got := briefs(c.Docs, dir); !reflect.DeepEqual(got, want) {
		t.Errorf("got %+v\nwant %+v", got, want)
	}
}

func TestReadSkips(t *testing.T) {
	t.Parallel()
	dir := writeFiles(t, map[string]string{
		"a.txt":       "Title\n\nText.",
		"bin.txt":     "GIF89a\x00\x01\x02",
		"ctrl.txt":    strings.Repeat("\x01\x02\x03ab", 100), // 60% control bytes
		"empty.txt":   "",
		"blank.md":    " \n\t\n",
		"image.png":   "\x89PNG",
		"noext":       "text",
		"nothing.csv": "",
		"e.jsonl":     "\n{\"id\":\"e\",\"text\":\" \"}\n{\"id\":\"f\"}\n",
	})
	c, err := Read(context.Background(), []string{dir}, Options{KeepBoilerplate: true})
	if err != nil {
		t.Fatal(err)
	}
	var got []Skip
	for _, s := range c.Skipped {
		got = append(got, Skip{strings.TrimPrefix(filepath.ToSlash(s.Input), filepath.ToSlash(dir)+"/"), s.Reason})
	}
	want := []Skip{
		{"bin.txt", "binary file"},
		{"blank.md", "empty document"},
		{"ctrl.txt", "binary file"},
		{"e.jsonl:2", "empty document"},
		{"e.jsonl:3", `no "text" field`},
		{"empty.txt", "empty document"},
		{"image.png", "unsupported file type .png"},
		{"noext", "unsupported file type (no extension)"},
		{"nothing.csv", "no records"},
	}
	if !reflect.DeepEqual(got, want) {
		t.Errorf("skipped\n got %q\nwant %q", got, want)
	}
	if len(c.Docs) != 1 || c.Docs[0].ID != "a" {
		t.Errorf("docs %+v, want only a", c.Docs)
	}
}

func TestReadExplicitOtherExtension(t *testing.T) {
	t.Parallel()
	dir := writeFiles(t, map[string]string{"notes.log": "Log title\n\nLog body."})
	c, err := Read(context.Background(), []string{filepath.Join(dir, "notes.log")}, Options{})
	if err != nil {
		t.Fatal(err)
	}
	if len(c.Docs) != 1 || c.Docs[0].ID != "notes" || c.Docs[0].Title != "Log title" || c.Docs[0].Text != "Log body." {
		t.Errorf("got %+v", c.Docs)
	}
}

func TestReadLatin1(t *testing.T) {
	t.Parallel()
	dir := writeFiles(t, map[string]string{
		"l.txt":   "Caf\xe9\n\nNa\xefve r\xe9sum\xe9 \x93quoted\x94.",
		"l.jsonl": "{\"id\":\"u\",\"text\":\"caf\xc3\xa9 utf8\"}\n{\"id\":\"l\",\"text\":\"caf\xe9 latin\"}\n",
		"l.csv":   "id,text\nc,\"gar\xe7on\"\nd,ok\n",
	})
	c, err := Read(context.Background(), []string{dir}, Options{KeepBoilerplate: true})
	if err != nil {
		t.Fatal(err)
	}
	want := map[string]string{
		"c": "garçon",
		"d": "ok",
		"u": "café utf8",
		"l": "café latin",
		// 0x93 and 0x94 are Windows-1252 curly quotes.
		"l~2": "Naïve résumé “quoted”.",
	}
	got := map[string]string{}
	for _, d := range c.Docs {
		got[d.ID] = d.Text
	}
	if !reflect.DeepEqual(got, want) {
		t.Errorf("got %q\nwant %q", got, want)
	}
	if c.Docs[len(c.Docs)-1].Title != "Café" {
		t.Errorf("title %q, want Café", c.Docs[len(c.Docs)-1].Title)
	}
}

func TestReadDuplicates(t *testing.T) {
	t.Parallel()
	dir := writeFiles(t, map[string]string{
		"d.jsonl": strings.Join([]string{
			`{"id":"a","text":"one"}`,
			`{"id":"a","text":"two"}`,
			`{"id":"a~3","text":"three"}`, // an id that the renaming must pass over
			`{"id":"a","text":"four"}`,
			`{"id":"b","text":"five"}`,
		}, "\n"),
	})
	c, err := Read(context.Background(), []string{dir}, Options{KeepBoilerplate: true})
	if err != nil {
		t.Fatal(err)
	}
	var ids []string
	for _, d := range c.Docs {
		ids = append(ids, d.ID)
	}
	if want := []string{"a", "a~2", "a~3", "a~4", "b"}; !reflect.DeepEqual(ids, want) {
		t.Errorf("ids %q, want %q", ids, want)
	}
	p := filepath.Join(dir, "d.jsonl")
	want := []Rename{{p + ":2", "a", "a~2"}, {p + ":4", "a", "a~4"}}
	if !reflect.DeepEqual(c.Renamed, want) {
		t.Errorf("renamed %+v, want %+v", c.Renamed, want)
	}
}

func TestReadLongLine(t *testing.T) {
	t.Parallel()
	// 10 MB of text in one JSONL line, as the issue requires.
	text := strings.Repeat("word ", 2<<20)[:10<<20-1]
	dir := writeFiles(t, map[string]string{
		"big.jsonl": `{"id":"small","text":"x"}` + "\n" + `{"id":"big","text":"` + text + `"}` + "\n" + `{"id":"after","text":"y"}` + "\n",
	})
	c, err := Read(context.Background(), []string{dir}, Options{KeepBoilerplate: true})
	if err != nil {
		t.Fatal(err)
	}
	if len(c.Docs) != 3 || c.Docs[1].ID != "big" || len(c.Docs[1].Text) != len(text) || c.Docs[2].ID != "after" {
		t.Fatalf("got %d docs", len(c.Docs))
	}

	// With a 1 MB limit the same line is skipped with a reason naming both
	// sizes, and reading goes on.
	c, err = Read(context.Background(), []string{dir}, Options{KeepBoilerplate: true, MaxDocBytes: 1 << 20})
	if err != nil {
		t.Fatal(err)
	}
	if len(c.Docs) != 2 || len(c.Skipped) != 1 {
		t.Fatalf("docs %d skipped %v", len(c.Docs), c.Skipped)
	}
	if s := c.Skipped[0]; !strings.HasSuffix(s.Input, "big.jsonl:2") || !strings.Contains(s.Reason, "1048576") {
		t.Errorf("skip %+v", s)
	}
}

func TestReadMaxDocBytesFile(t *testing.T) {
	t.Parallel()
	dir := writeFiles(t, map[string]string{"a.txt": "Title\n\n" + strings.Repeat("x", 100), "b.txt": "B\n\nsmall"})
	c, err := Read(context.Background(), []string{dir}, Options{MaxDocBytes: 50})
	if err != nil {
		t.Fatal(err)
	}
	// a.txt is 107 bytes: 7 of title and 100 of text.
	want := "document of 107 bytes exceeds the document size limit of 50 bytes"
	if len(c.Skipped) != 1 || c.Skipped[0].Reason != want || len(c.Docs) != 1 {
		t.Errorf("skipped %+v docs %d", c.Skipped, len(c.Docs))
	}
}

func TestReadMalformed(t *testing.T) {
	t.Parallel()
	dir := writeFiles(t, map[string]string{
		"m.jsonl": "{\"id\":\"ok\",\"text\":\"fine\"}\n{\"id\": \"bad\", \"text\": \n[1,2]\n{\"id\":[1],\"text\":\"t\"}\n{\"id\":\"ok2\",\"text\":\"fine\"}\n",
		"m.csv":   "id,text\nc1,fine\nc2\nc3,\"bad\"quote\"\nc4,fine\n",
	})
	jsonl, csvPath := filepath.Join(dir, "m.jsonl"), filepath.Join(dir, "m.csv")

	t.Run("error", func(t *testing.T) {
		t.Parallel()
		for _, tc := range []struct{ path, want string }{
			{jsonl, jsonl + ":2: malformed JSON: "},
			{csvPath, csvPath + ":3: malformed CSV: record has 1 fields, the header has 2"},
		} {
			_, err := Read(context.Background(), []string{tc.path}, Options{})
			if !errors.Is(err, ErrMalformed) || !strings.HasPrefix(err.Error(), tc.want) {
				t.Errorf("err %v, want prefix %q wrapping ErrMalformed", err, tc.want)
			}
		}
	})
	t.Run("SkipBad", func(t *testing.T) {
		t.Parallel()
		c, err := Read(context.Background(), []string{jsonl, csvPath}, Options{SkipBad: true})
		if err != nil {
			t.Fatal(err)
		}
		var ids []string
		for _, d := range c.Docs {
			ids = append(ids, d.ID)
		}
		if want := []string{"ok", "ok2", "c1", "c4"}; !reflect.DeepEqual(ids, want) {
			t.Errorf("ids %q, want %q", ids, want)
		}
		want := []Skip{
			{jsonl + ":2", "malformed JSON: unexpected end of JSON input (at byte 21)"},
			{jsonl + ":3", "malformed JSON: line is not a JSON object"},
			{jsonl + ":4", `field "id": is an array, want a string, number or null`},
			{csvPath + ":3", "malformed CSV: record has 1 fields, the header has 2"},
			{csvPath + ":4", `malformed CSV: extraneous or missing " in quoted-field`},
		}
		if !reflect.DeepEqual(c.Skipped, want) {
			t.Errorf("skipped\n got %q\nwant %q", c.Skipped, want)
		}
	})
}

func TestReadCSVNoTextColumn(t *testing.T) {
	t.Parallel()
	dir := writeFiles(t, map[string]string{"h.csv": "id,body\n1,x\n"})
	p := filepath.Join(dir, "h.csv")
	_, err := Read(context.Background(), []string{p}, Options{SkipBad: true})
	if !errors.Is(err, ErrMalformed) || !strings.Contains(err.Error(), p) || !strings.Contains(err.Error(), `"text"`) {
		t.Errorf("err %v", err)
	}
}

func TestReadErrors(t *testing.T) {
	t.Parallel()
	dir := writeFiles(t, map[string]string{
		"only/readme.pdf": "x",
		"bad.jsonl.gz":    "this is not gzip",
		"trunc.jsonl.gz":  truncated(gzipBytes(t, numberedLines(1000))),
		"skipped/e.txt":   "   ",
	})
	missing := filepath.Join(dir, "missing.txt")
	tests := []struct {
		name   string
		inputs []string
		is     error
		want   string // substring of the message
	}{
		{"no inputs", nil, ErrNoInput, "no files or folders"},
		{"missing file", []string{missing}, fs.ErrNotExist, missing},
		{"folder without readable files", []string{filepath.Join(dir, "only")}, ErrNoInput,
			"folder " + filepath.Join(dir, "only") + " has no .txt, .md, .html, .jsonl, .jsonl.gz or .csv files"},
		{"stdin without Stdin", []string{"-"}, ErrNoInput, "standard input"},
		{"bad gzip", []string{filepath.Join(dir, "bad.jsonl.gz")}, nil, filepath.Join(dir, "bad.jsonl.gz")},
		{"truncated gzip", []string{filepath.Join(dir, "trunc.jsonl.gz")}, nil, filepath.Join(dir, "trunc.jsonl.gz")},
		{"all skipped", []string{filepath.Join(dir, "skipped")}, ErrNoDocs, "empty document"},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			t.Parallel()
			_, err := Read(context.Background(), tc.inputs, Options{})
			if err == nil {
				t.Fatal("no error")
			}
			if tc.is != nil && !errors.Is(err, tc.is) {
				t.Errorf("err %v is not %v", err, tc.is)
			}
			if !strings.Contains(err.Error(), tc.want) {
				t.Errorf("err %q does not contain %q", err, tc.want)
			}
		})
	}
}

// numberedLines is n JSONL records that differ, so that they compress
// poorly.
func numberedLines(n int) string {
	var sb strings.Builder
	for i := range n {
		fmt.Fprintf(&sb, "{\"id\":\"%d\",\"text\":\"text %d %x\"}\n", i, i*i, i*7919)
	}
	return sb.String()
}

// truncated cuts a gzip stream in half.
func truncated(s string) string { return s[:len(s)/2] }

func TestReadNoDocsReturnsSkipped(t *testing.T) {
	t.Parallel()
	dir := writeFiles(t, map[string]string{"e.txt": "", "b.txt": "\x00\x00"})
	c, err := Read(context.Background(), []string{dir}, Options{})
	if !errors.Is(err, ErrNoDocs) || c == nil || len(c.Skipped) != 2 {
		t.Fatalf("err %v, corpus %+v", err, c)
	}
}

func TestReadStdin(t *testing.T) {
	t.Parallel()
	in := strings.NewReader("{\"id\":\"s1\",\"text\":\"from stdin\"}\n{\"text\":\"no id\"}\n")
	c, err := Read(context.Background(), []string{"-"}, Options{Stdin: in, KeepBoilerplate: true})
	if err != nil {
		t.Fatal(err)
	}
	want := []brief{
		{ID: "s1", Text: "from stdin", Origin: "stdin:1"},
		{ID: "stdin:2", Text: "no id", Origin: "stdin:2"},
	}
	if got := briefs(c.Docs, ""); !reflect.DeepEqual(got, want) {
		t.Errorf("got %+v\nwant %+v", got, want)
	}
}

// Plain text piped in is refused with a line that says what stdin expects;
// a .jsonl file with the same line gets the plain message.
func TestReadStdinPlainText(t *testing.T) {
	t.Parallel()
	_, err := Read(context.Background(), []string{"-"}, Options{Stdin: strings.NewReader("NATO met in Ottawa.\n")})
	if !errors.Is(err, ErrMalformed) || !strings.HasPrefix(err.Error(), "stdin:1: "+notObject+stdinHint) {
		t.Errorf("stdin: got %v", err)
	}
	dir := writeFiles(t, map[string]string{"a.jsonl": "NATO met in Ottawa.\n"})
	_, err = Read(context.Background(), []string{dir}, Options{})
	if err == nil || !strings.HasSuffix(err.Error(), "a.jsonl:1: "+notObject) {
		t.Errorf("file: got %v", err)
	}
}

func TestReadStdinGzip(t *testing.T) {
	t.Parallel()
	in := strings.NewReader(gzipBytes(t, numberedLines(3)))
	c, err := Read(context.Background(), []string{"-"}, Options{Stdin: in})
	if err != nil {
		t.Fatal(err)
	}
	if len(c.Docs) != 3 || c.Docs[2].ID != "2" || c.Docs[2].Text != "text 4 3dde" /* 2*2, 2*7919 in hex */ {
		t.Errorf("got %+v", c.Docs)
	}
}

func TestReadCancelled(t *testing.T) {
	t.Parallel()
	dir := writeFiles(t, map[string]string{"a.txt": "A\n\nx"})
	ctx, cancel := context.WithCancel(context.Background())
	cancel()
	if _, err := Read(ctx, []string{dir}, Options{}); !errors.Is(err, context.Canceled) {
		t.Errorf("err %v, want context.Canceled", err)
	}
}

// seedDir holds three real scraped articles (HuffPost 2015, Global News
// 2015, CBC 2020).
const seedDir = "../testdata/seeds"

func TestReadSeeds(t *testing.T) {
	t.Parallel()
	c, err := Read(context.Background(), []string{seedDir}, Options{})
	if err != nil {
		t.Fatal(err)
	}
	want := []struct{ id, title, date, first, last string }{
		{"000_f8344ded9c7c71ab", "Stephen Harper, NATO Chief Meet To Talk Iraq, Ukraine Crisis", "2015-03-23",
			"OTTAWA - Prime Minister Stephen Harper", "the sixth largest financial contributor to NATO."},
		{"001_9881b5333de0f2be", "Harper to talk ISIS with NATO secretary general in Ottawa", "",
			"OTTAWA – NATO Secretary General Jens Stoltenberg", "currently being led by the U.S. at two camps in Iraq."},
		{"002_e69b1368459b83a1", "NATO moves to expand Canadian-led military training mission in Iraq", "",
			"NATO defence ministers agreed today", "what it could mean for the Canadian presence in Iraq."},
	}
	if len(c.Docs) != len(want) {
		t.Fatalf("got %d docs, want %d", len(c.Docs), len(want))
	}
	for i, w := range want {
		d := c.Docs[i]
		if d.ID != w.id || d.Title != w.title || d.Date != w.date {
			t.Errorf("doc %d: id %q title %q date %q, want %q %q %q", i, d.ID, d.Title, d.Date, w.id, w.title, w.date)
		}
		if !strings.HasPrefix(d.Text, w.first) || !strings.HasSuffix(d.Text, w.last) {
			t.Errorf("%s: text runs %.40q ... %.60q", d.ID, d.Text, d.Text[max(0, len(d.Text)-60):])
		}
		if strings.Contains(d.Text, d.Title) {
			t.Errorf("%s: the title line is still in the text", d.ID)
		}
	}
	furniture := []string{
		"EDT", "Updated 05/23/2015",
		"Also on HuffPost", "Photo gallery", "See Gallery", "Faces Of Al Qaeda",
		"Chris Young / The Canadian Press", "Prime Minister Stephen Harper on Mar. 18, 2015.",
		"READ MORE", "Story continues below advertisement", "Sponsored content",
		"(Ryan Remiorz/The Canadian Press)", "(Virginia Mayo/The Associated Press)",
		"A Canadian special forces soldier, right, speaks with Peshmerga fighters",
		"Murray Brewster", "Senior reporter", "senior defence writer for CBC News",
		"Add some", "newsletters you'll love", "Sign up now",
		"To encourage thoughtful", "By submitting a comment", "Become a CBC Member",
		"Join the conversation", "Create account", "Already have an account?",
	}
	for _, d := range c.Docs {
		for _, f := range furniture {
			if strings.Contains(d.Text, f) {
				t.Errorf("%s: %q remains", d.ID, f)
			}
		}
	}
	// Lines removed: 000: "Also on HuffPost", the gallery (2); 001: the
	// caption and its alt text, READ MORE, the ad slot, Sponsored content
	// (5); 002: two captions, the author block (3 lines), the newsletter
	// block (3) and the comment block (5) (13). The corpus rule is off
	// below 5 documents.
	if want := map[string]int{"furniture": 20, "repeated": 0}; !reflect.DeepEqual(c.Removed, want) {
		t.Errorf("removed %v, want %v", c.Removed, want)
	}

	// KeepBoilerplate leaves the furniture in place.
	k, err := Read(context.Background(), []string{seedDir}, Options{KeepBoilerplate: true})
	if err != nil {
		t.Fatal(err)
	}
	if !strings.Contains(k.Docs[1].Text, "Story continues below advertisement") || k.Removed["furniture"] != 0 {
		t.Errorf("KeepBoilerplate removed furniture: %v", k.Removed)
	}
}

// TestReadSeedsGlued joins the seeds as a careless scraper would, each
// article's last line running into the next one's title, and checks that
// only the widget labels are cut.
func TestReadSeedsGlued(t *testing.T) {
	t.Parallel()
	var all []string
	for _, name := range []string{"000_f8344ded9c7c71ab.txt", "001_9881b5333de0f2be.txt", "002_e69b1368459b83a1.txt"} {
		b, err := os.ReadFile(filepath.Join(seedDir, name))
		if err != nil {
			t.Fatal(err)
		}
		all = append(all, string(b))
	}
	dir := writeFiles(t, map[string]string{"glued.txt": strings.Join(all, "")})
	c, err := Read(context.Background(), []string{dir}, Options{})
	if err != nil {
		t.Fatal(err)
	}
	text := c.Docs[0].Text
	for _, want := range []string{
		"\nHarper to talk ISIS with NATO secretary general in Ottawa\n",
		"\nNATO moves to expand Canadian-led military training mission in Iraq\n",
	} {
		if !strings.Contains(text, want) {
			t.Errorf("title %q lost", strings.TrimSpace(want))
		}
	}
	for _, f := range []string{"See Gallery", "Sponsored content", "Photo gallery"} {
		if strings.Contains(text, f) {
			t.Errorf("%q remains", f)
		}
	}
}

// corpusPath is the 20 Newsgroups corpus shared by the project's tests.
const corpusPath = "../../shared/corpora/20newsgroups.jsonl.gz"

func TestRead20Newsgroups(t *testing.T) {
	if testing.Short() {
		t.Skip("reads 14 MB; -short")
	}
	if _, err := os.Stat(corpusPath); err != nil {
		t.Skip("corpus absent:", err)
	}
	t.Parallel()
	c, err := Read(context.Background(), []string{corpusPath}, Options{})
	if err != nil {
		t.Fatal(err)
	}
	// 18,846 records (the corpus README): every one is a document or a
	// skip, and the skips are records without text.
	if n := len(c.Docs) + len(c.Skipped); n != 18846 {
		t.Errorf("docs+skipped = %d, want 18846", n)
	}
	for _, s := range c.Skipped {
		if s.Reason != "empty document" && s.Reason != "empty after boilerplate removal" {
			t.Errorf("skip %+v", s)
		}
	}
	if len(c.Renamed) != 0 {
		t.Errorf("%d renames; the corpus ids are unique", len(c.Renamed))
	}
	labels := map[string]bool{}
	for _, d := range c.Docs {
		labels[d.Label] = true
	}
	if len(labels) != 20 {
		t.Errorf("%d labels, want 20", len(labels))
	}
	// The corpus rule removes the signature separator "--", present in
	// far more than 1% of posts.
	if c.Removed["repeated"] == 0 {
		t.Error("no repeated lines removed")
	}
}

func BenchmarkRead(b *testing.B) {
	if _, err := os.Stat(corpusPath); err != nil {
		b.Skip("corpus absent:", err)
	}
	// Throughput is measured in uncompressed JSONL bytes.
	f, err := os.Open(corpusPath)
	if err != nil {
		b.Fatal(err)
	}
	defer f.Close()
	zr, err := gzip.NewReader(f)
	if err != nil {
		b.Fatal(err)
	}
	size, err := io.Copy(io.Discard, zr)
	if err != nil {
		b.Fatal(err)
	}
	b.Run("docs=18846", func(b *testing.B) {
		b.ReportAllocs()
		b.SetBytes(size)
		for b.Loop() {
			if _, err := Read(context.Background(), []string{corpusPath}, Options{}); err != nil {
				b.Fatal(err)
			}
		}
	})
}
