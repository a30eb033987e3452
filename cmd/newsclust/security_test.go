package main

import (
	"bytes"
	"encoding/csv"
	"encoding/json"
	"io/fs"
	"os"
	"path/filepath"
	"regexp"
	"strconv"
	"strings"
	"testing"

	"newsclust/model"
	"newsclust/report"
)

// Payloads that would run as script in a browser, break out of an HTML
// attribute or a template, run as a formula in a spreadsheet, or drive a
// terminal, if any output passed them through.
var hostilePayloads = []string{
	`<script>alert("id")</script>`,
	`"><img src=x onerror=alert(1)>`,
	`</textarea><svg onload=alert(2)>`,
	`javascript:alert(3)`,
	`{{.}}{{template "x"}}`,
	`=HYPERLINK("http://evil.example","click")`,
	`+SUM(A1:A9)`,
	`-2+3+cmd|' /C calc'!A0`,
	`@SUM(1+1)`,
	"\tTAB=1+1",
	"\x1b]0;pwned\x07\x1b[31mRED",
}

// rawMarkup are the fragments that must never appear unescaped in
// report.html or report.md: the opening of an element a payload carries.
var rawMarkup = []string{`<script>alert`, `<img src=x`, `<svg onload`, `</textarea>`, `<b onmouseover`, "\x1b"}

// hostileInputs writes a JSONL corpus whose ids, titles, sources, labels
// and texts carry the payloads, a folder of files named by payloads, and a
// themes file whose names are payloads. It returns the inputs and the
// themes file.
func hostileInputs(t *testing.T) ([]string, string) {
	t.Helper()
	dir := t.TempDir()
	topics := []string{
		"NATO allies agreed to raise defence spending at the summit in Brussels.",
		"Russia and Ukraine agreed a ceasefire in the Donbas after talks in Minsk.",
		"The coalition against ISIS trained Iraqi forces near Mosul.",
	}
	var lines []string
	for i, p := range hostilePayloads {
		rec := map[string]string{
			"id":     p,
			"title":  p + " headline",
			"source": p,
			"label":  p,
			"date":   p,
			"text":   topics[i%len(topics)] + " " + p + " " + topics[(i+1)%len(topics)],
			// Addresses: the payloads themselves (javascript:alert(3) among
			// them), a javascript: URL, and a good one that carries markup.
			"url": []string{"JavaScript:alert(1)", p, `https://news.example/a?x=1&y="><b>`, p}[i%4],
		}
		b, err := json.Marshal(rec)
		if err != nil {
			t.Fatal(err)
		}
		lines = append(lines, string(b))
	}
	// A copy of the first article under other payloads, so that
	// duplicates.csv has a group to neutralise.
	dup, err := json.Marshal(map[string]string{"id": "=dup()", "title": "@dup", "text": topics[0] + " " + hostilePayloads[0] + " " + topics[1]})
	if err != nil {
		t.Fatal(err)
	}
	lines = append(lines, string(dup))
	// A malformed line with a payload, listed in skipped.csv under -skip-bad.
	lines = append(lines, `{"id": "=cmd|' /C calc'!A0", <script>alert(4)</script>`)
	in := filepath.Join(dir, "hostile.jsonl")
	if err := os.WriteFile(in, []byte(strings.Join(lines, "\n")+"\n"), 0o644); err != nil {
		t.Fatal(err)
	}
	// File names are ids too.
	files := filepath.Join(dir, "files")
	if err := os.Mkdir(files, 0o755); err != nil {
		t.Fatal(err)
	}
	for i, name := range []string{`<img src=x onerror=alert(5)>`, `=1+1`, `@cmd`, `-5`} {
		text := "Headline " + name + "\n\n" + topics[i%len(topics)]
		if err := os.WriteFile(filepath.Join(files, name+".txt"), []byte(text), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	if err := os.WriteFile(filepath.Join(files, "=bad<b onmouseover=alert(6)>.bin"), []byte("x"), 0o644); err != nil {
		t.Fatal(err)
	}
	themes := filepath.Join(dir, "themes.txt")
	themeText := "<script>alert(7)</script>: nato spending\n=HYPERLINK(1): ukraine ceasefire\n@evil: isis mosul\n"
	if err := os.WriteFile(themes, []byte(themeText), 0o644); err != nil {
		t.Fatal(err)
	}
	return []string{in, files}, themes
}

// TestHostileText runs analyze on text built to break the outputs and
// checks each output: markup escaped in the reports, formulas neutralised
// in every CSV with numbers left plain, only fixed file names, nothing for
// a terminal on stdout or stderr.
func TestHostileText(t *testing.T) {
	t.Parallel()
	inputs, themes := hostileInputs(t)
	for _, unit := range []string{"document", "paragraph"} {
		t.Run(unit, func(t *testing.T) {
			t.Parallel()
			out := t.TempDir()
			args := append([]string{"analyze", "-quiet", "-skip-bad", "-unit", unit, "-min-words", "3", "-themes", themes, "-out", out}, inputs...)
			stdout, stderr, code := runCmd(t, args...)
			if code != 0 {
				t.Fatalf("exit %d: %s", code, stderr)
			}
			if strings.ContainsAny(stdout+stderr, "\x1b\x07") {
				t.Errorf("terminal control characters on stdout or stderr: %q", stdout+stderr)
			}
			checkHostileOutputs(t, out)

			// compare prints the corpus ids and titles too.
			var cout bytes.Buffer
			for _, json := range []bool{false, true} {
				args := []string{"compare", "-model", out, "-skip-bad", inputs[0]}
				if json {
					args = append(args, "-json")
				}
				cstdout, cstderr, code := runCmd(t, args...)
				if code != 0 {
					t.Fatalf("compare: exit %d: %s", code, cstderr)
				}
				cout.WriteString(cstdout + cstderr)
			}
			if strings.ContainsAny(cout.String(), "\x1b\x07") {
				t.Errorf("compare writes terminal control characters: %q", cout.String())
			}
		})
	}
}

func checkHostileOutputs(t *testing.T, out string) {
	t.Helper()
	for _, f := range []string{"report.html", "report.md"} {
		b, err := os.ReadFile(filepath.Join(out, f))
		if err != nil {
			t.Fatal(err)
		}
		for _, raw := range rawMarkup {
			for off := 0; ; {
				i := bytes.Index(b[off:], []byte(raw))
				if i < 0 {
					break
				}
				i += off
				off = i + 1
				// Markdown's backslash escape makes "\<" a literal "<".
				if f == "report.md" && i > 0 && b[i-1] == '\\' {
					continue
				}
				t.Errorf("%s contains %q unescaped: %q", f, raw, b[max(0, i-60):min(len(b), i+60)])
			}
		}
	}
	// The payloads did reach the report, escaped: the test is not vacuous.
	html, _ := os.ReadFile(filepath.Join(out, "report.html"))
	if !bytes.Contains(html, []byte("&lt;script&gt;alert")) {
		t.Error("report.html does not show the escaped payload; was the hostile text analysed?")
	}
	// Only http(s) addresses become links, percent-encoded; a javascript:
	// URL is never linked, in the page, its script's rows or the Markdown.
	md, _ := os.ReadFile(filepath.Join(out, "report.md"))
	for _, bad := range []*regexp.Regexp{
		regexp.MustCompile(`(?i)href\s*=\s*["']?\s*javascript:`),
		regexp.MustCompile(`(?i)"u":"\s*javascript:`),
		regexp.MustCompile(`(?i)\]\(\s*<?\s*javascript:`),
	} {
		if m := bad.Find(append(html, md...)); m != nil {
			t.Errorf("a javascript: URL is linked: %q", m)
		}
	}
	good := `https://news.example/a?x=1&amp;y=%22%3E%3Cb%3E`
	if !bytes.Contains(html, []byte(`<a href="`+good+`" target="_blank" rel="noopener noreferrer">`)) ||
		!bytes.Contains(md, []byte(`](https://news.example/a?x=1&y=%22%3E%3Cb%3E)`)) {
		t.Errorf("the good address is not linked, percent-encoded, as %q", good)
	}

	// Every CSV: text cells never start a formula; numeric columns are
	// plain numbers.
	numeric := map[string][]string{
		"assignments.csv": {"cluster", "score"},
		"similarity.csv":  {"cosine"},
		"themes.csv":      {"share"},
		"duplicates.csv":  {"group"},
		"skipped.csv":     {},
	}
	for name, numCols := range numeric {
		f, err := os.Open(filepath.Join(out, name))
		if err != nil {
			t.Fatal(err)
		}
		recs, err := csv.NewReader(f).ReadAll()
		f.Close()
		if err != nil {
			t.Fatalf("%s: %v", name, err)
		}
		if len(recs) < 2 {
			t.Errorf("%s has no rows", name)
			continue
		}
		isNum := map[int]bool{}
		for i, h := range recs[0] {
			for _, c := range numCols {
				isNum[i] = isNum[i] || h == c
			}
		}
		for _, r := range recs[1:] {
			for i, cell := range r {
				if isNum[i] {
					if _, err := strconv.ParseFloat(cell, 64); err != nil {
						t.Errorf("%s: %s %q is not a plain number", name, recs[0][i], cell)
					}
					continue
				}
				if cell != "" && strings.ContainsRune("=+-@\t\r", rune(cell[0])) {
					t.Errorf("%s: %s cell %q starts a formula", name, recs[0][i], cell)
				}
			}
		}
	}
	skipped := readCSV(t, filepath.Join(out, "skipped.csv"))
	if len(skipped) < 2 {
		t.Errorf("skipped.csv lists %d inputs, want the malformed line and the .bin file", len(skipped))
	}

	// Output names are fixed: none comes from article content.
	allowed := map[string]bool{model.FileName: true}
	for _, f := range []string{"report.html", "report.md", "clusters.json", "assignments.csv", "similarity.csv",
		"skipped.csv", "evaluation.json", "duplicates.csv", "themes.csv"} {
		allowed[f] = true
	}
	chartName := regexp.MustCompile(`^charts/[a-z0-9-]+\.(png|svg)$`)
	filepath.WalkDir(out, func(p string, d fs.DirEntry, err error) error {
		if err != nil || d.IsDir() {
			return err
		}
		rel, _ := filepath.Rel(out, p)
		if !allowed[rel] && !chartName.MatchString(filepath.ToSlash(rel)) {
			t.Errorf("unexpected output file %q", rel)
		}
		return nil
	})
}

// TestCSVNumbersStayPlain checks the CSV writers on values the end-to-end
// run cannot produce from TF-IDF (whose cosines are never negative): a
// negative cosine stays a number and is not taken for a formula.
func TestCSVNumbersStayPlain(t *testing.T) {
	t.Parallel()
	var b bytes.Buffer
	pairs := []report.Pair{{A: "-a", B: "=b", Cosine: -0.0123}, {A: "x", B: "y", Cosine: -0.00001}}
	if err := report.WriteSimilarityCSV(&b, pairs); err != nil {
		t.Fatal(err)
	}
	// -0.00001 rounds to zero at four decimals, written without a sign.
	want := "a,b,cosine\n'-a,'=b,-0.0123\nx,y,0.0000\n"
	if b.String() != want {
		t.Errorf("similarity.csv:\n%s\nwant:\n%s", b.String(), want)
	}
}
