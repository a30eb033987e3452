package report

import (
	"bytes"
	"encoding/csv"
	"encoding/json"
	"encoding/xml"
	"errors"
	"flag"
	"io"
	"os"
	"path/filepath"
	"regexp"
	"slices"
	"strings"
	"testing"
)

var update = flag.Bool("update", false, "rewrite the golden files in testdata")

// Hostile strings: each must come out as text in every format.
const (
	xssScript = "<script>alert(1)</script>"
	xssImg    = "<img src=x onerror=alert(1)>"
)

// smallAnalysis is the golden-file input: two articles in document mode,
// two clusters, two themes, and hostile text in every field a reader sees.
func smallAnalysis() *Analysis {
	return &Analysis{
		Title:    "Golden " + xssScript,
		Unit:     "document",
		Settings: []Setting{{"k", "2"}, {"seed", "42"}, {"note" + xssImg, "=cmd|' /C calc'!A0"}},
		Docs: []Doc{
			{ID: "a1", Article: "a1", Title: "NATO summit in Vilnius", Date: "2023-07-11", Source: "Reuters", Label: "world",
				Snippet: "Leaders met in Vilnius *today* | under_scores", Cluster: 0, Score: 0.81234, X: -1, Y: 0.5},
			{ID: "a2", Article: "a2", Title: xssScript, Date: "2023-07-12", Source: "AP", Label: "=SUM(A1)",
				Snippet: xssImg, Cluster: 1, Score: 0.5, X: 1, Y: -0.5},
			{ID: "-a3", Article: "-a3", Title: "Defence [spending] `rises`", Date: "2023-08-01", Source: "FT",
				Snippet: "Budgets grow", Cluster: 0, Score: -0.00001, X: -0.8, Y: 0.7},
		},
		Clusters: []Cluster{
			{ID: 0, Label: "nato · defence", Size: 2, Terms: []Term{{"NATO", 0.5}, {"defence", 0.25}}, Reps: []string{"a1", "-a3"},
				Contexts: []string{"… the NATO summit …"}},
			{ID: 1, Label: "@alert " + xssImg, Size: 1, Terms: []Term{{xssScript, 0.75}}, Reps: []string{"a2"}},
		},
		KScores:    []KScore{{2, 0.25}, {3, 0.125}},
		Themes:     []string{"security", "+budget"},
		Articles:   []ArticleTheme{{"a1", "NATO summit in Vilnius", []float64{0.75, 0.25}, []bool{true, true}}, {"a2", xssScript, []float64{1, 0}, []bool{true, false}}, {"-a3", "Defence", []float64{0, 0}, []bool{false, false}}},
		ThemeTerms: [][]string{{"NATO", xssScript}, {"budget"}},
		Pairs:      []Pair{{"a1", "-a3", 0.6}, {"a1", "a2", 0.1}},
		Heatmap: &Heatmap{Labels: []string{"NATO summit in Vilnius", xssScript, "Defence [spending]"},
			Cos: [][]float64{{1, 0.1, 0.6}, {0.1, 1, 0.05}, {0.6, 0.05, 1}}},
		Skipped:   []Skip{{"bad.txt", "empty after " + xssImg}, {"=evil.csv", "-not text"}},
		Counts:    Counts{Articles: 3, Units: 3, Skipped: 2},
		Groups:    [][]string{{"a1", "-a3"}},
		Stability: 0.9,
	}
}

// outputs are every writer, by golden file name.
var outputs = []struct {
	name  string
	write func(io.Writer, *Analysis) error
}{
	{"report.html", WriteHTML},
	{"report.md", func(w io.Writer, a *Analysis) error { return WriteMarkdown(w, a, "charts") }},
	{"clusters.json", WriteClustersJSON},
	{"assignments.csv", WriteAssignmentsCSV},
	{"themes.csv", WriteThemesCSV},
	{"similarity.csv", func(w io.Writer, a *Analysis) error { return WriteSimilarityCSV(w, a.Pairs) }},
	{"skipped.csv", func(w io.Writer, a *Analysis) error { return WriteSkippedCSV(w, a.Skipped) }},
}

func TestGolden(t *testing.T) {
	for _, o := range outputs {
		t.Run(o.name, func(t *testing.T) {
			t.Parallel()
			var got bytes.Buffer
			if err := o.write(&got, smallAnalysis()); err != nil {
				t.Fatal(err)
			}
			path := filepath.Join("testdata", o.name+".golden")
			if *update {
				if err := os.WriteFile(path, got.Bytes(), 0o644); err != nil {
					t.Fatal(err)
				}
				return
			}
			want, err := os.ReadFile(path)
			if err != nil {
				t.Fatalf("%v (run go test ./report -update to create it)", err)
			}
			if !bytes.Equal(got.Bytes(), want) {
				t.Errorf("%s differs from %s; run go test ./report -update and review the diff", o.name, path)
			}
		})
	}
}

// Every output, charts included, is byte-identical from run to run.
func TestDeterministic(t *testing.T) {
	a := newsAnalysis()
	for _, o := range outputs {
		t.Run(o.name, func(t *testing.T) {
			t.Parallel()
			var x, y bytes.Buffer
			if err := o.write(&x, a); err != nil {
				t.Fatal(err)
			}
			if err := o.write(&y, a); err != nil {
				t.Fatal(err)
			}
			if !bytes.Equal(x.Bytes(), y.Bytes()) {
				t.Error("two runs differ")
			}
		})
	}
	for _, name := range Charts(a) {
		for _, format := range []string{"png", "svg"} {
			t.Run(name+"."+format, func(t *testing.T) {
				t.Parallel()
				var x, y bytes.Buffer
				if err := WriteChart(&x, a, name, format); err != nil {
					t.Fatal(err)
				}
				if err := WriteChart(&y, a, name, format); err != nil {
					t.Fatal(err)
				}
				if !bytes.Equal(x.Bytes(), y.Bytes()) {
					t.Error("two renderings differ")
				}
			})
		}
	}
}

func TestCSVText(t *testing.T) {
	t.Parallel()
	tests := []struct{ in, want string }{
		{"", ""},
		{"plain", "plain"},
		{"=SUM(A1)", "'=SUM(A1)"},
		{"+1", "'+1"},
		{"-2", "'-2"},
		{"@cmd", "'@cmd"},
		{"\tx", "'\tx"},
		{"\rx", "'\rx"},
		{"a=b", "a=b"},
		{" =x", " =x"}, // only the first character counts
	}
	for _, tt := range tests {
		if got := csvText(tt.in); got != tt.want {
			t.Errorf("csvText(%q) = %q, want %q", tt.in, got, tt.want)
		}
	}
}

// readCSV parses a CSV output and checks every row has the header's width.
func readCSV(t *testing.T, b []byte) [][]string {
	t.Helper()
	r := csv.NewReader(bytes.NewReader(b))
	rows, err := r.ReadAll()
	if err != nil {
		t.Fatalf("output is not valid CSV: %v", err)
	}
	return rows
}

func TestCSVNeutralised(t *testing.T) {
	t.Parallel()
	a := smallAnalysis()
	var b bytes.Buffer
	if err := WriteAssignmentsCSV(&b, a); err != nil {
		t.Fatal(err)
	}
	rows := readCSV(t, b.Bytes())
	wantHeader := "id,article,cluster,cluster_label,score,title,date,source,label,url"
	if got := strings.Join(rows[0], ","); got != wantHeader {
		t.Fatalf("header %q, want %q", got, wantHeader)
	}
	// Row 2 is a2 (label "=SUM(A1)", cluster label "@alert …"); row 3 is
	// -a3 with score -0.00001, which rounds to 0 at four decimals.
	if got := rows[2][8]; got != "'=SUM(A1)" {
		t.Errorf("label cell %q, want neutralised", got)
	}
	if got := rows[2][3]; !strings.HasPrefix(got, "'@alert") {
		t.Errorf("cluster_label cell %q, want neutralised", got)
	}
	if got := rows[3][0]; got != "'-a3" {
		t.Errorf("id cell %q, want neutralised", got)
	}
	if got := rows[3][4]; got != "0.0000" {
		t.Errorf("score %q, want 0.0000 (no minus zero)", got)
	}
	if got := rows[1][4]; got != "0.8123" {
		t.Errorf("score %q, want 0.8123 (four decimals of 0.81234)", got)
	}
	if got := rows[1][2]; got != "0" {
		t.Errorf("cluster %q, want 0", got)
	}

	b.Reset()
	if err := WriteSkippedCSV(&b, a.Skipped); err != nil {
		t.Fatal(err)
	}
	rows = readCSV(t, b.Bytes())
	if rows[2][0] != "'=evil.csv" || rows[2][1] != "'-not text" {
		t.Errorf("skipped row %q, want both cells neutralised", rows[2])
	}

	b.Reset()
	if err := WriteThemesCSV(&b, a); err != nil {
		t.Fatal(err)
	}
	rows = readCSV(t, b.Bytes())
	// 3 articles × 2 themes, plus the header.
	if len(rows) != 7 {
		t.Fatalf("themes.csv has %d rows, want 7", len(rows))
	}
	if rows[2][1] != "'+budget" || rows[2][2] != "0.2500" {
		t.Errorf("themes row %q, want theme neutralised and share 0.2500", rows[2])
	}

	b.Reset()
	if err := WriteSimilarityCSV(&b, []Pair{{"-x", "y", -0.25}}); err != nil {
		t.Fatal(err)
	}
	if got, want := b.String(), "a,b,cosine\n'-x,y,-0.2500\n"; got != want {
		t.Errorf("similarity.csv = %q, want %q (numbers stay plain)", got, want)
	}
}

func TestSkippedCSVEmpty(t *testing.T) {
	t.Parallel()
	var b bytes.Buffer
	if err := WriteSkippedCSV(&b, nil); err != nil {
		t.Fatal(err)
	}
	if got := b.String(); got != "input,reason\n" {
		t.Errorf("got %q, want the header only", got)
	}
}

func TestClustersJSON(t *testing.T) {
	t.Parallel()
	var b bytes.Buffer
	a := smallAnalysis()
	a.Clusters = append(a.Clusters, Cluster{ID: 2, Label: "empty"})
	if err := WriteClustersJSON(&b, a); err != nil {
		t.Fatal(err)
	}
	var got []struct {
		ID    int    `json:"id"`
		Label string `json:"label"`
		Size  int    `json:"size"`
		Terms []struct {
			Word   string  `json:"word"`
			Weight float64 `json:"weight"`
		} `json:"terms"`
		Reps []string `json:"representatives"`
	}
	if err := json.Unmarshal(b.Bytes(), &got); err != nil {
		t.Fatal(err)
	}
	if len(got) != 3 || got[1].Terms[0].Word != xssScript || got[0].Reps[1] != "-a3" || got[0].Terms[1].Weight != 0.25 {
		t.Errorf("decoded %+v does not match the input", got)
	}
	if !strings.Contains(b.String(), `"terms": [],`) || !strings.Contains(b.String(), `"representatives": []`) {
		t.Errorf("empty lists must be [] not null:\n%s", b.String())
	}
	if !strings.Contains(b.String(), `"weight": 0.5000`) {
		t.Errorf("weights must have four decimals:\n%s", b.String())
	}
}

// htmlOf renders a's HTML report.
func htmlOf(t *testing.T, a *Analysis) string {
	t.Helper()
	var b bytes.Buffer
	if err := WriteHTML(&b, a); err != nil {
		t.Fatal(err)
	}
	return b.String()
}

func TestHTMLEscapesHostileText(t *testing.T) {
	t.Parallel()
	// Put the payloads in every field a reader sees.
	a := smallAnalysis()
	a.Docs[0].Snippet = xssScript
	a.Docs[0].Source = xssImg
	a.Docs[0].Date = xssImg
	a.Clusters[0].Terms[0].Word = xssImg
	a.Clusters[0].Contexts = []string{xssScript}
	a.Themes[0] = xssImg
	a.Notes = []string{xssScript}
	a.Heatmap.Labels[0] = xssImg
	s := htmlOf(t, a)
	for _, p := range []string{xssScript, xssImg, "<img", "<script>alert", "onerror=alert(1)>"} {
		if strings.Contains(s, p) {
			i := strings.Index(s, p)
			t.Errorf("raw %q in HTML near %q", p, s[max(0, i-80):min(len(s), i+80)])
		}
	}
	// The payloads are shown as text, escaped.
	for _, want := range []string{"&lt;script&gt;alert(1)&lt;/script&gt;", "&lt;img src=x onerror=alert(1)&gt;"} {
		if !strings.Contains(s, want) {
			t.Errorf("escaped form %q missing", want)
		}
	}
	// The only script elements are ours: the code and the two tables'
	// JSON data.
	tags := regexp.MustCompile(`(?i)<script[^>]*>`).FindAllString(s, -1)
	want := []string{`<script type="application/json" id="theme-rows">`, `<script type="application/json" id="article-rows">`, `<script>`}
	if !slices.Equal(tags, want) {
		t.Errorf("script elements %q, want %q", tags, want)
	}
}

func TestHTMLSelfContained(t *testing.T) {
	t.Parallel()
	for _, a := range []*Analysis{smallAnalysis(), newsAnalysis()} {
		s := htmlOf(t, a)
		if strings.Contains(s, "http://") || strings.Contains(s, "https://") {
			t.Error("HTML mentions http(s):// ; it must not load or link anything outside")
		}
		for _, re := range []*regexp.Regexp{
			regexp.MustCompile(`(?i)\b(src|href)\s*=\s*["']?(//|[a-z][a-z0-9+.-]*:)`),
			regexp.MustCompile(`(?i)@import|url\(`),
		} {
			if m := re.FindString(s); m != "" {
				t.Errorf("external reference %q", m)
			}
		}
	}
}

func TestHTMLSections(t *testing.T) {
	t.Parallel()
	for name, a := range map[string]*Analysis{"small": smallAnalysis(), "news": newsAnalysis(), "empty": {}} {
		s := htmlOf(t, a)
		for _, id := range []string{"overview", "clusters", "themes", "similarity", "map", "articles"} {
			if !strings.Contains(s, `<section id="`+id+`">`) {
				t.Errorf("%s: section %q missing", name, id)
			}
		}
		for _, c := range Charts(a) {
			if !strings.Contains(s, `aria-label="`+chartTitles[c]+`"`) {
				t.Errorf("%s: chart %s not inlined", name, c)
			}
		}
	}
	s := htmlOf(t, newsAnalysis())
	for _, want := range []string{
		"2023-07-12 to 2023-08-02",                           // date range
		"AP (1), Financial Times (1), Reuters (1)",           // sources, by count then name
		"no text after removing boilerplate",                 // a skip reason
		`id="filter"`, `class="sortable" id="article-table"`, // filterable, sortable table
		"C3 · summit · leaders · communiqué", // a card heading
		"0.412",                              // a term weight
	} {
		if !strings.Contains(s, want) {
			t.Errorf("news HTML lacks %q", want)
		}
	}
}

// The inline SVG charts escape article text: the heatmap labels of a
// hostile title appear as text in well-formed XML.
func TestSVGEscapesLabels(t *testing.T) {
	t.Parallel()
	a := smallAnalysis()
	a.Heatmap.Labels[1] = `<b>"x" & 'y'</b>`
	var b bytes.Buffer
	if err := WriteChart(&b, a, ChartHeatmap, "svg"); err != nil {
		t.Fatal(err)
	}
	texts := svgTexts(t, b.Bytes())
	found := false
	for _, s := range texts {
		if s == `<b>"x" & 'y'</b>` {
			found = true
		}
	}
	if !found {
		t.Errorf("hostile label not among SVG texts %q", texts)
	}
	if strings.Contains(b.String(), "<b>") {
		t.Error("raw <b> in SVG")
	}
}

// svgTexts parses an SVG document and returns the contents of its text
// elements; it fails the test if the XML is not well formed.
func svgTexts(t *testing.T, b []byte) []string {
	t.Helper()
	d := xml.NewDecoder(bytes.NewReader(b))
	var out []string
	in := false
	for {
		tok, err := d.Token()
		if err == io.EOF {
			return out
		}
		if err != nil {
			t.Fatalf("SVG is not well-formed XML: %v", err)
		}
		switch tok := tok.(type) {
		case xml.StartElement:
			in = tok.Name.Local == "text"
		case xml.CharData:
			if in {
				out = append(out, string(tok))
			}
		case xml.EndElement:
			in = false
		}
	}
}

func TestMarkdown(t *testing.T) {
	t.Parallel()
	var b bytes.Buffer
	if err := WriteMarkdown(&b, smallAnalysis(), "out/charts"); err != nil {
		t.Fatal(err)
	}
	s := b.String()
	for _, c := range Charts(smallAnalysis()) {
		if !strings.Contains(s, "](out/charts/"+c+".png)") {
			t.Errorf("chart %s not linked", c)
		}
	}
	for _, p := range []string{xssScript, xssImg} {
		if strings.Contains(s, p) {
			t.Errorf("unescaped %q in Markdown", p)
		}
	}
	// No "<" that is not backslash-escaped: nothing can open an HTML tag.
	if m := regexp.MustCompile(`(^|[^\\])<`).FindString(s); m != "" {
		t.Errorf("unescaped < in Markdown: %q", m)
	}
	// Every table row has as many unescaped pipes as its header.
	unescaped := regexp.MustCompile(`(^|[^\\])\|`)
	var want int
	for _, line := range strings.Split(s, "\n") {
		if !strings.HasPrefix(line, "|") {
			want = 0
			continue
		}
		n := len(unescaped.FindAllString(line, -1))
		if want == 0 {
			want = n
		} else if n != want {
			t.Errorf("row has %d cell separators, header %d: %s", n, want, line)
		}
	}
	for _, want := range []string{`\*today\*`, `under\_scores`, `Defence \[spending\] \` + "`rises\\`"} {
		if !strings.Contains(s, want) {
			t.Errorf("Markdown lacks escaped %s", want)
		}
	}
}

func TestMdText(t *testing.T) {
	t.Parallel()
	tests := []struct{ in, want string }{
		{"plain words", "plain words"},
		{"a|b", `a\|b`},
		{"*x* _y_", `\*x\* \_y\_`},
		{"[l](u)", `\[l\]\(u\)`},
		{"<b>", `\<b\>`},
		{"`c`", "\\`c\\`"},
		{"line\nbreak\ttab", "line break tab"},
		{`back\slash`, `back\\slash`},
	}
	for _, tt := range tests {
		if got := mdText(tt.in); got != tt.want {
			t.Errorf("mdText(%q) = %q, want %q", tt.in, got, tt.want)
		}
	}
}

func TestShorten(t *testing.T) {
	t.Parallel()
	tests := []struct {
		in   string
		n    int
		want string
	}{
		{"short", 10, "short"},
		{"NATO allies pledge more support", 20, "NATO allies pledge…"}, // cut at the last space before 19 runes
		{"Supercalifragilistic", 8, "Superca…"},                        // no space: hard cut at n-1
		{"  many   spaces\n", 20, "many spaces"},
		{"Défense européenne", 10, "Défense…"},
	}
	for _, tt := range tests {
		got := shorten(tt.in, tt.n)
		if got != tt.want {
			t.Errorf("shorten(%q, %d) = %q, want %q", tt.in, tt.n, got, tt.want)
		}
		if n := len([]rune(got)); n > tt.n {
			t.Errorf("shorten(%q, %d) has %d runes", tt.in, tt.n, n)
		}
	}
}

func TestWriteChartErrors(t *testing.T) {
	t.Parallel()
	a := smallAnalysis()
	var b bytes.Buffer
	if err := WriteChart(&b, a, "pie", "png"); !errors.Is(err, ErrUnknownChart) {
		t.Errorf("unknown chart: err = %v, want ErrUnknownChart", err)
	}
	if err := WriteChart(&b, a, ChartSizes, "gif"); !errors.Is(err, ErrUnknownFormat) {
		t.Errorf("unknown format: err = %v, want ErrUnknownFormat", err)
	}
	a.KScores = nil
	if err := WriteChart(&b, a, ChartKScores, "svg"); !errors.Is(err, ErrNoData) {
		t.Errorf("no data: err = %v, want ErrNoData", err)
	}
	if b.Len() != 0 {
		t.Errorf("failed calls wrote %d bytes", b.Len())
	}
}

func TestDateRangeAndSources(t *testing.T) {
	t.Parallel()
	a := &Analysis{Docs: []Doc{
		{Article: "x", Date: "2024-03-05T10:00:00Z", Source: "BBC"},
		{Article: "y", Date: "yesterday", Source: "AP"},
		{Article: "z", Date: "2023-12-31", Source: "BBC"},
		{Article: "z", Date: "2023-12-31", Source: "BBC"}, // second passage of z
	}}
	if from, to := dateRange(a); from != "2023-12-31" || to != "2024-03-05" {
		t.Errorf("dateRange = %s..%s, want 2023-12-31..2024-03-05 (non-ISO dates ignored)", from, to)
	}
	got := sources(articles(a))
	if len(got) != 2 || got[0] != (sourceCount{"BBC", 2}) || got[1] != (sourceCount{"AP", 1}) {
		t.Errorf("sources = %v, want BBC 2 (articles, not passages), AP 1", got)
	}
}
