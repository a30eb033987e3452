package corpus

import (
	"bytes"
	"compress/gzip"
	"context"
	"errors"
	"io"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// TestMaxInputBytes checks the limit on the total input: files count by
// their size on disk, stdin by the bytes read, and the error names the
// input that went over.
func TestMaxInputBytes(t *testing.T) {
	t.Parallel()
	dir := t.TempDir()
	// Two files of 40 bytes each and a JSONL file of 3 lines.
	a := strings.Repeat("alpha ", 6) + "end\n" // 40 bytes
	jsonl := `{"id":"x","text":"one"}` + "\n" + `{"id":"y","text":"two"}` + "\n" + `{"id":"z","text":"three"}` + "\n"
	files := map[string]string{"a.txt": a, "b.txt": a, "c.jsonl": jsonl}
	for name, text := range files {
		if err := os.WriteFile(filepath.Join(dir, name), []byte(text), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	total := int64(2*len(a) + len(jsonl))
	tests := []struct {
		name    string
		inputs  []string
		stdin   string
		limit   int64
		wantErr string // "" for success; else the input named
	}{
		{"no limit", []string{dir}, "", 0, ""},
		{"exactly the total", []string{dir}, "", total, ""},
		{"one byte short", []string{dir}, "", total - 1, "c.jsonl"},
		{"second file over", []string{dir}, "", int64(len(a)) + 1, "b.txt"},
		{"stdin within", []string{"-"}, jsonl, int64(len(jsonl)), ""},
		{"stdin over", []string{"-"}, jsonl + jsonl, int64(len(jsonl)), stdinName},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			c, err := Read(context.Background(), tt.inputs, Options{MaxInputBytes: tt.limit, Stdin: strings.NewReader(tt.stdin), SkipBad: true})
			if tt.wantErr == "" {
				if err != nil {
					t.Fatal(err)
				}
				if len(c.Docs) == 0 {
					t.Fatal("no documents")
				}
				return
			}
			if !errors.Is(err, ErrTooLarge) || !strings.Contains(err.Error(), tt.wantErr) {
				t.Fatalf("got %v, want ErrTooLarge naming %s", err, tt.wantErr)
			}
		})
	}
}

// TestExcludeDirs checks that a folder in ExcludeDirs met inside an input
// folder is listed as skipped and not read, while the same folder given as
// an input is read.
func TestExcludeDirs(t *testing.T) {
	t.Parallel()
	dir := t.TempDir()
	out := filepath.Join(dir, "out")
	for name, text := range map[string]string{
		"a.txt":           "NATO summit\n\nAllies met.",
		"out/report.md":   "# Report\n\nNot an article.",
		"out/skipped.csv": "input,reason\n",
	} {
		p := filepath.Join(dir, name)
		if err := os.MkdirAll(filepath.Dir(p), 0o755); err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(p, []byte(text), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	c, err := Read(context.Background(), []string{dir}, Options{ExcludeDirs: []string{out, filepath.Join(dir, "missing")}})
	if err != nil {
		t.Fatal(err)
	}
	if len(c.Docs) != 1 || c.Docs[0].ID != "a" {
		t.Errorf("docs %+v, want only a", c.Docs)
	}
	if len(c.Skipped) != 1 || c.Skipped[0] != (Skip{out, ReasonExcluded}) {
		t.Errorf("skipped %v, want %s as %q", c.Skipped, out, ReasonExcluded)
	}
	// Named directly, the folder is an input like any other.
	c, err = Read(context.Background(), []string{out + "/report.md"}, Options{ExcludeDirs: []string{out}})
	if err != nil || len(c.Docs) != 1 {
		t.Errorf("reading %s/report.md directly: %v, %d docs", out, err, len(c.Docs))
	}
}

// TestMaxInputBytesGzip checks that gzip-compressed JSONL counts its
// decompressed bytes against MaxInputBytes, in a file and on stdin, and
// that reading stops at the limit rather than at the end of the stream:
// a small .jsonl.gz can hold gigabytes of records (issue 17).
func TestMaxInputBytesGzip(t *testing.T) {
	t.Parallel()
	// 4 MiB of records compress to about 20 KB; the limit is 256 KiB.
	const limit = 256 << 10
	rec := `{"id":"x","text":"NATO allies met in Brussels to talk about defence spending."}` + "\n"
	var raw bytes.Buffer
	zw := gzip.NewWriter(&raw)
	for written := 0; written < 4<<20; written += len(rec) {
		zw.Write([]byte(rec))
	}
	if err := zw.Close(); err != nil {
		t.Fatal(err)
	}
	gz := raw.Bytes()
	if len(gz) > limit/4 {
		t.Fatalf("test input compresses to %d bytes, want far below %d", len(gz), limit)
	}
	path := filepath.Join(t.TempDir(), "big.jsonl.gz")
	if err := os.WriteFile(path, gz, 0o644); err != nil {
		t.Fatal(err)
	}
	for _, tt := range []struct {
		name, input string
	}{{"file", path}, {"stdin", "-"}} {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			src := &countReader{r: bytes.NewReader(gz)}
			_, err := Read(context.Background(), []string{tt.input}, Options{MaxInputBytes: limit, Stdin: src})
			name := path
			if tt.input == "-" {
				name = stdinName
			}
			if !errors.Is(err, ErrTooLarge) || !strings.Contains(err.Error(), name) || !strings.Contains(err.Error(), "262144") {
				t.Fatalf("got %v, want ErrTooLarge naming %s and the limit", err, name)
			}
			if strings.Contains(err.Error(), "\n") {
				t.Errorf("error of more than one line: %q", err)
			}
			// Stdin is read only as far as the limit (plus buffering).
			if tt.input == "-" && src.n > int64(len(gz))/2 {
				t.Errorf("read %d of %d compressed bytes before stopping", src.n, len(gz))
			}
		})
	}
}

// countReader counts the bytes read through it.
type countReader struct {
	r io.Reader
	n int64
}

func (c *countReader) Read(p []byte) (int, error) {
	n, err := c.r.Read(p)
	c.n += int64(n)
	return n, err
}

// TestExcludeDirsPaths checks that an excluded folder is recognised however
// it is spelled (relative, absolute, uncleaned, through a symbolic link),
// and that an input folder that is itself excluded, as when the output
// folder is the input folder, is refused rather than read with the
// outputs of an earlier run as articles (issue 17).
func TestExcludeDirsPaths(t *testing.T) {
	t.Parallel()
	dir := t.TempDir()
	in := filepath.Join(dir, "in")
	out := filepath.Join(in, "out")
	for name, text := range map[string]string{
		"in/a.txt":               "NATO summit\n\nAllies met.",
		"in/out/report.md":       "# Report\n\nNot an article.",
		"in/out/assignments.csv": "id,article,cluster\na,a,0\n", // no text column: an error if read
	} {
		p := filepath.Join(dir, name)
		if err := os.MkdirAll(filepath.Dir(p), 0o755); err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(p, []byte(text), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	for name, target := range map[string]string{"outlink": out, "inlink": in} {
		if err := os.Symlink(target, filepath.Join(dir, name)); err != nil {
			t.Fatal(err)
		}
	}
	wd, err := os.Getwd()
	if err != nil {
		t.Fatal(err)
	}
	rel := func(p string) string {
		r, err := filepath.Rel(wd, p)
		if err != nil {
			t.Fatal(err)
		}
		return r
	}
	spellings := func(p, link string) []string {
		return []string{p, rel(p), p + "/", rel(p) + "/./", filepath.Join(p, "..", filepath.Base(p)) + "//", filepath.Join(dir, link)}
	}
	for _, x := range spellings(out, "outlink") {
		for _, input := range []string{in, rel(in)} {
			c, err := Read(context.Background(), []string{input}, Options{ExcludeDirs: []string{x}})
			if err != nil {
				t.Errorf("input %s, excluding %s: %v", input, x, err)
				continue
			}
			if len(c.Docs) != 1 || len(c.Skipped) != 1 || c.Skipped[0].Reason != ReasonExcluded {
				t.Errorf("input %s, excluding %s: docs %d, skipped %v; want a.txt read and the folder excluded", input, x, len(c.Docs), c.Skipped)
			}
		}
	}
	// The output folder is the input folder.
	for _, x := range spellings(in, "inlink") {
		for _, input := range []string{in, rel(in) + "/", filepath.Join(dir, "inlink")} {
			_, err := Read(context.Background(), []string{input}, Options{ExcludeDirs: []string{x}})
			if !errors.Is(err, ErrExcludedInput) || !strings.Contains(err.Error(), input) {
				t.Errorf("input %s, excluding %s: got %v, want ErrExcludedInput naming the input", input, x, err)
			}
		}
	}
}
