package main

import (
	"bytes"
	"context"
	"encoding/csv"
	"os"
	"path/filepath"
	"runtime"
	"sort"
	"strconv"
	"strings"
	"testing"
)

// The seed articles: two 2015 reports of one Harper–Stoltenberg meeting
// (000 from HuffPost, 001 from Global News) and a 2020 CBC report on NATO
// taking over anti-ISIS training in Iraq (002).
const (
	seedDir    = "../../testdata/seeds"
	themesFile = "../../testdata/themes.txt"
	huffPost   = "000_f8344ded9c7c71ab"
	global2015 = "001_9881b5333de0f2be"
	cbc2020    = "002_e69b1368459b83a1"
)

// runCmd runs newsclust in-process and returns stdout, stderr and the exit code.
func runCmd(t *testing.T, args ...string) (string, string, int) {
	t.Helper()
	var stdout, stderr bytes.Buffer
	err := run(context.Background(), args, strings.NewReader(""), &stdout, &stderr)
	code := exitCode(err, &stderr)
	return stdout.String(), stderr.String(), code
}

func readCSV(t *testing.T, path string) []map[string]string {
	t.Helper()
	f, err := os.Open(path)
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	recs, err := csv.NewReader(f).ReadAll()
	if err != nil {
		t.Fatalf("%s: %v", path, err)
	}
	var rows []map[string]string
	for _, r := range recs[1:] {
		m := map[string]string{}
		for i, h := range recs[0] {
			m[h] = r[i]
		}
		rows = append(rows, m)
	}
	return rows
}

func num(t *testing.T, s string) float64 {
	t.Helper()
	f, err := strconv.ParseFloat(s, 64)
	if err != nil {
		t.Fatalf("not a number: %q", s)
	}
	return f
}

func TestSeedsDocumentSimilarity(t *testing.T) {
	t.Parallel()
	out := t.TempDir()
	stdout, stderr, code := runCmd(t, "analyze", "-quiet", "-out", out, seedDir)
	if code != 0 {
		t.Fatalf("exit %d: %s", code, stderr)
	}
	pairs := readCSV(t, filepath.Join(out, "similarity.csv"))
	if len(pairs) != 3 {
		t.Fatalf("similarity.csv has %d pairs, want 3", len(pairs))
	}
	sort.Slice(pairs, func(i, j int) bool { return num(t, pairs[i]["cosine"]) > num(t, pairs[j]["cosine"]) })
	got := []string{pairs[0]["a"], pairs[0]["b"]}
	sort.Strings(got)
	if got[0] != huffPost || got[1] != global2015 {
		t.Errorf("most similar pair %v, want the two 2015 articles %s and %s", got, huffPost, global2015)
	}
	if !strings.Contains(stdout, "Analysed 3 articles") {
		t.Errorf("summary: %q", stdout)
	}
	for _, f := range []string{"report.html", "report.md", "clusters.json", "assignments.csv", "similarity.csv", "skipped.csv", "evaluation.json", "duplicates.csv", "model",
		"charts/similarity-heatmap.png", "charts/similarity-heatmap.svg", "charts/cluster-sizes.png", "charts/top-terms.svg", "charts/article-map.png"} {
		if st, err := os.Stat(filepath.Join(out, f)); err != nil || st.Size() == 0 {
			t.Errorf("output %s missing or empty", f)
		}
	}
}

// TestDeterministic runs the same analysis with different GOMAXPROCS and
// expects every output byte-identical.
func TestDeterministic(t *testing.T) {
	dirs := make([]string, 3)
	for i, procs := range []int{1, 2, 4} {
		old := runtime.GOMAXPROCS(procs)
		dirs[i] = t.TempDir()
		_, stderr, code := runCmd(t, "analyze", "-quiet", "-seed", "7", "-unit", "paragraph", "-themes", themesFile, "-out", dirs[i], seedDir)
		runtime.GOMAXPROCS(old)
		if code != 0 {
			t.Fatalf("exit %d: %s", code, stderr)
		}
	}
	var files []string
	filepath.WalkDir(dirs[0], func(p string, d os.DirEntry, err error) error {
		if err == nil && !d.IsDir() {
			rel, _ := filepath.Rel(dirs[0], p)
			files = append(files, rel)
		}
		return err
	})
	if len(files) < 15 {
		t.Fatalf("only %d output files", len(files))
	}
	for _, f := range files {
		a, _ := os.ReadFile(filepath.Join(dirs[0], f))
		for _, d := range dirs[1:] {
			b, err := os.ReadFile(filepath.Join(d, f))
			if err != nil || !bytes.Equal(a, b) {
				t.Errorf("%s differs between GOMAXPROCS runs", f)
			}
		}
	}
}

func TestAnalyzeBadInput(t *testing.T) {
	t.Parallel()
	empty := t.TempDir()
	noWords := t.TempDir()
	bodyCSV := filepath.Join(t.TempDir(), "body.csv")
	if err := os.WriteFile(bodyCSV, []byte("headline,body\nA,NATO met\n"), 0o644); err != nil {
		t.Fatal(err)
	}
	for name, text := range map[string]string{
		"a.txt":     "NATO allies meet in Brussels\n\nNATO defence ministers met in Brussels to discuss spending.",
		"b.txt":     "Ukraine talks in Brussels\n\nUkraine and Russia held talks in Brussels on the ceasefire.",
		"stops.txt": "the and of\n\nit is was the of and to",
	} {
		if err := os.WriteFile(filepath.Join(noWords, name), []byte(text), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	tests := []struct {
		name   string
		args   []string
		code   int
		stderr string // substring of the message
	}{
		{"empty folder", []string{"analyze", "-quiet", "-out", t.TempDir(), empty}, 1, empty},
		{"missing file", []string{"analyze", "-quiet", "-out", t.TempDir(), "no/such/file.txt"}, 1, "no/such/file.txt"},
		{"k above articles", []string{"analyze", "-quiet", "-k", "9", "-out", t.TempDir(), seedDir}, 2, "-k 9"},
		{"bad unit", []string{"analyze", "-unit", "sentence", seedDir}, 2, "-unit"},
		{"bad k", []string{"analyze", "-k", "many", seedDir}, 2, "-k"},
		{"bad lang", []string{"analyze", "-lang", "klingon", seedDir}, 2, "-lang"},
		{"no input", []string{"analyze"}, 2, "INPUT"},
		{"unknown command", []string{"summarise"}, 2, "unknown command"},
		{"missing themes", []string{"analyze", "-themes", "nope.txt", "-out", t.TempDir(), seedDir}, 1, "nope.txt"},
		{"csv without text column", []string{"analyze", "-quiet", "-out", t.TempDir(), bodyCSV}, 1,
			`body.csv: the header row has no "text" column (columns: headline, body): malformed record; name the text column with -text-field`},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			_, stderr, code := runCmd(t, tt.args...)
			if code != tt.code || !strings.Contains(stderr, tt.stderr) {
				t.Errorf("exit %d, stderr %q; want exit %d mentioning %q", code, stderr, tt.code, tt.stderr)
			}
			if lines := strings.Count(strings.TrimSpace(stderr), "\n"); code == 1 && lines > 0 {
				t.Errorf("error message is %d lines, want one: %q", lines+1, stderr)
			}
		})
	}

	// A document of stop words only is listed in skipped.csv, not lost.
	out := t.TempDir()
	_, stderr, code := runCmd(t, "analyze", "-quiet", "-k", "2", "-out", out, noWords)
	if code != 0 {
		t.Fatalf("exit %d: %s", code, stderr)
	}
	assigned := readCSV(t, filepath.Join(out, "assignments.csv"))
	skipped := readCSV(t, filepath.Join(out, "skipped.csv"))
	if len(assigned) != 2 || len(skipped) != 1 {
		t.Fatalf("%d assigned + %d skipped, want 2 + 1", len(assigned), len(skipped))
	}
	if !strings.Contains(skipped[0]["input"], "stops") || !strings.Contains(skipped[0]["reason"], "no usable words") {
		t.Errorf("skip row %v", skipped[0])
	}
}

// TestAccounting checks that assignments.csv and skipped.csv together name
// every input record, here a JSONL file with empty and malformed lines.
func TestAccounting(t *testing.T) {
	t.Parallel()
	dir := t.TempDir()
	in := filepath.Join(dir, "in.jsonl")
	lines := []string{
		`{"id":"a","title":"NATO summit","text":"NATO leaders met to discuss defence spending and Ukraine."}`,
		`{"id":"b","title":"ISIS in Iraq","text":"The coalition against ISIS trained Iraqi forces near Mosul."}`,
		`{"id":"c","title":"","text":"   "}`,
		`{"id":"d", not json`,
		`{"id":"e","title":"Ukraine ceasefire","text":"Russia and Ukraine agreed a ceasefire in Donbas."}`,
		`{"id":"a","title":"NATO summit again","text":"NATO leaders met again to discuss defence spending."}`,
	}
	if err := os.WriteFile(in, []byte(strings.Join(lines, "\n")+"\n"), 0o644); err != nil {
		t.Fatal(err)
	}
	// Without -skip-bad the malformed line stops the run, naming file:line.
	_, stderr, code := runCmd(t, "analyze", "-quiet", "-out", t.TempDir(), in)
	if code != 1 || !strings.Contains(stderr, in+":4") {
		t.Fatalf("exit %d, %q; want exit 1 naming %s:4", code, stderr, in)
	}
	out := t.TempDir()
	_, stderr, code = runCmd(t, "analyze", "-quiet", "-skip-bad", "-k", "2", "-out", out, in)
	if code != 0 {
		t.Fatalf("exit %d: %s", code, stderr)
	}
	assigned := readCSV(t, filepath.Join(out, "assignments.csv"))
	skipped := readCSV(t, filepath.Join(out, "skipped.csv"))
	if len(assigned)+len(skipped) != len(lines) {
		t.Errorf("%d assigned + %d skipped, want %d records accounted for", len(assigned), len(skipped), len(lines))
	}
	ids := map[string]bool{}
	for _, r := range assigned {
		if ids[r["id"]] {
			t.Errorf("id %q assigned twice", r["id"])
		}
		ids[r["id"]] = true
	}
}

func TestHelp(t *testing.T) {
	t.Parallel()
	for _, args := range [][]string{{"help"}, {"analyze", "-h"}, {"compare", "-h"}, {"evaluate", "-h"}, {"help", "analyze"}} {
		stdout, _, code := runCmd(t, args...)
		if code != 0 || !strings.Contains(stdout, "Usage") && !strings.Contains(stdout, "Commands") {
			t.Errorf("%v: exit %d, %q", args, code, stdout)
		}
	}
}

// -title names the report in both formats, escaped like any text; without
// it the report keeps the default title.
func TestAnalyzeTitle(t *testing.T) {
	t.Parallel()
	for _, tt := range []struct{ flag, html, md string }{
		{"Ukraine <b>week</b> 12", "<h1>Ukraine &lt;b&gt;week&lt;/b&gt; 12</h1>", `# Ukraine \<b\>week\</b\> 12`},
		{"", "<h1>News coverage by theme</h1>", "# News coverage by theme"},
	} {
		out := filepath.Join(t.TempDir(), "out")
		args := []string{"analyze", "-quiet", "-k", "2", "-out", out}
		if tt.flag != "" {
			args = append(args, "-title", tt.flag)
		}
		if _, stderr, code := runCmd(t, append(args, seedDir)...); code != 0 {
			t.Fatalf("exit %d: %s", code, stderr)
		}
		for file, want := range map[string]string{"report.html": tt.html, "report.md": tt.md} {
			b, err := os.ReadFile(filepath.Join(out, file))
			if err != nil {
				t.Fatal(err)
			}
			if !strings.Contains(string(b), want) {
				t.Errorf("-title %q: %s lacks %q", tt.flag, file, want)
			}
		}
	}
}
