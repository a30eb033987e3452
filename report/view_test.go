package report

import (
	"bytes"
	"encoding/json"
	"fmt"
	"math"
	"reflect"
	"regexp"
	"slices"
	"strings"
	"testing"
)

func TestHighlight(t *testing.T) {
	t.Parallel()
	tests := []struct {
		name  string
		line  string
		terms []string
		want  contextView
	}{
		{"first term present wins, every occurrence", "NATO met; the nato allies", []string{"allies", "NATO"},
			contextView{{Text: "NATO met; the nato "}, {Text: "allies", Hit: true}}},
		{"case and whole words", "Natos and NATO's summit", []string{"nato"},
			contextView{{Text: "Natos and "}, {Text: "NATO", Hit: true}, {Text: "'s summit"}}},
		{"later term when the first is absent", "… the summit ended …", []string{"ukraine", "summit"},
			contextView{{Text: "… the "}, {Text: "summit", Hit: true}, {Text: " ended …"}}},
		{"two-word term", "defence, spending rose", []string{"defence spending"},
			contextView{{Text: "defence, spending", Hit: true}, {Text: " rose"}}},
		{"no term present", "nothing here", []string{"nato"}, contextView{{Text: "nothing here"}}},
		{"term without words", "a <b> c", []string{"<>", ""}, contextView{{Text: "a <b> c"}}},
		{"non-ASCII", "Le COMMUNIQUÉ final", []string{"communiqué"},
			contextView{{Text: "Le "}, {Text: "COMMUNIQUÉ", Hit: true}, {Text: " final"}}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			if got := highlight(tt.line, tt.terms); !reflect.DeepEqual(got, tt.want) {
				t.Errorf("highlight(%q, %q) = %+v, want %+v", tt.line, tt.terms, got, tt.want)
			}
		})
	}
}

// themedAnalysis has five articles with two themes, on two sources and
// three days of two months; e5 is about neither theme.
func themedAnalysis() *Analysis {
	a := &Analysis{Unit: "document", Themes: []string{"war", "money"}, Clusters: []Cluster{{ID: 0, Label: "x", Size: 5}}}
	for _, d := range []struct{ id, date, source string }{
		{"e1", "2024-01-05", "AP"}, {"e2", "2024-01-20", "AP"}, {"e3", "2024-02-01", "Reuters"},
		{"e4", "2024-02-01T10:00", "AP"}, {"e5", "2024-02-03", "Reuters"},
	} {
		a.Docs = append(a.Docs, Doc{ID: d.id, Article: d.id, Title: "T " + d.id, Date: d.date, Source: d.source})
	}
	a.Articles = []ArticleTheme{
		{Article: "e1", Relevance: []float64{0.9, 0}, About: []bool{true, false}},
		{Article: "e2", Relevance: []float64{0.5, 0.4}, About: []bool{true, true}},
		{Article: "e3", Relevance: []float64{0.1, 0.8}, About: []bool{false, true}},
		{Article: "e4", Relevance: []float64{0, 1}, About: []bool{false, true}},
		{Article: "e5", Relevance: []float64{0.05, 0.1}, About: []bool{false, false}},
	}
	return a
}

func TestThemeCoverage(t *testing.T) {
	t.Parallel()
	a := themedAnalysis()
	if got, want := coverageAll(a), (coverage{Name: "All articles", Total: 5, About: []int{2, 3}}); !coverageEqual([]coverage{got}, []coverage{want}) {
		t.Errorf("coverageAll = %+v, want %+v", got, want)
	}
	// AP has e1, e2, e4; Reuters e3 and e5.
	wantSources := []coverage{{Name: "AP", Total: 3, About: []int{2, 2}}, {Name: "Reuters", Total: 2, About: []int{0, 1}}}
	if got := coverageSources(a); !coverageEqual(got, wantSources) {
		t.Errorf("coverageSources = %+v, want %+v", got, wantSources)
	}
	// 2024-01-05 to 2024-02-03 is 29 days: by day, every day listed, the
	// days without an article at 0.
	pc := coveragePeriods(a)
	if pc.Period != "day" || len(pc.Rows) != 30 || pc.Undated != 0 {
		t.Fatalf("coveragePeriods = %q, %d rows, %d undated; want day, 30, 0", pc.Period, len(pc.Rows), pc.Undated)
	}
	for _, w := range []coverage{
		{Name: "2024-01-05", Total: 1, About: []int{1, 0}}, {Name: "2024-01-06", Total: 0, About: []int{0, 0}},
		{Name: "2024-02-01", Total: 2, About: []int{0, 2}}, {Name: "2024-02-03", Total: 1, About: []int{0, 0}},
	} {
		found := false
		for _, g := range pc.Rows {
			if g.Name == w.Name {
				found = true
				if !coverageEqual([]coverage{g}, []coverage{w}) {
					t.Errorf("period %+v, want %+v", g, w)
				}
			}
		}
		if !found {
			t.Errorf("no period %s", w.Name)
		}
	}

	// An undated article and one that is not a date are counted apart.
	a.Docs[0].Date, a.Docs[1].Date = "", "2024-02-30"
	pc = coveragePeriods(a)
	if pc.Period != "day" || len(pc.Rows) != 3 || pc.Undated != 2 {
		t.Errorf("coveragePeriods = %q, %d rows, %d undated; want day, 3 (2024-02-01 to 03), 2", pc.Period, len(pc.Rows), pc.Undated)
	}

	// One day, one source, or no ISO dates: nothing to compare.
	for i := range a.Docs {
		a.Docs[i].Date, a.Docs[i].Source = "23 March 2015", "AP"
	}
	if pc := coveragePeriods(a); pc.Rows != nil || pc.Undated != 5 {
		t.Errorf("coveragePeriods without ISO dates = %+v", pc)
	}
	if g := coverageSources(a); g != nil {
		t.Errorf("coverageSources with one source = %+v", g)
	}
	if hasChart(a, ChartThemeTime) || !hasChart(a, ChartThemeCoverage) {
		t.Error("over-time chart offered without dates, or coverage chart missing")
	}
}

// TestPeriodRule: the period follows the span of the dates, and every
// period from the first to the last is listed.
func TestPeriodRule(t *testing.T) {
	t.Parallel()
	for _, c := range []struct {
		first, last string
		period      string
		rows        int
		firstName   string
		lastName    string
	}{
		{"2024-01-01", "2024-03-03", "day", 63, "2024-01-01", "2024-03-03"}, // 62 days
		{"2024-01-01", "2024-03-04", "week", 10, "2024-W01", "2024-W10"},    // 63 days
		{"2023-12-31", "2024-12-30", "week", 54, "2023-W52", "2025-W01"},    // 365 days, ISO weeks
		{"2020-01-15", "2021-06-01", "month", 18, "2020-01", "2021-06"},     // ~1.4 years
		{"2010-02-01", "2020-01-01", "quarter", 41, "2010-Q1", "2020-Q1"},   // ~10 years
		{"1990-06-01", "2020-01-01", "year", 31, "1990", "2020"},            // ~30 years
		{"0001-01-01", "2020-01-01", "year", maxPeriods, "1621", "2020"},    // bounded
	} {
		a := &Analysis{Unit: "document", Themes: []string{"x"}}
		for i, d := range []string{c.first, c.last} {
			id := string(rune('a' + i))
			a.Docs = append(a.Docs, Doc{ID: id, Article: id, Date: d})
			a.Articles = append(a.Articles, ArticleTheme{Article: id, Relevance: []float64{1}, About: []bool{true}})
		}
		pc := coveragePeriods(a)
		if pc.Period != c.period || len(pc.Rows) != c.rows || pc.Rows[0].Name != c.firstName || pc.Rows[len(pc.Rows)-1].Name != c.lastName {
			t.Errorf("%s to %s: %s, %d rows, %s to %s; want %s, %d, %s to %s", c.first, c.last, pc.Period, len(pc.Rows),
				pc.Rows[0].Name, pc.Rows[len(pc.Rows)-1].Name, c.period, c.rows, c.firstName, c.lastName)
		}
	}
}

// TestTimeTicksFit: however many periods, the labels shown leave each
// one its width: no two overlap.
func TestTimeTicksFit(t *testing.T) {
	t.Parallel()
	sty := textStyle(9, inkColor)
	for _, n := range []int{2, 12, 30, 63, 400} {
		names := make([]string, n)
		for i := range names {
			names[i] = fmt.Sprintf("2024-01-%02d", i%28+1)
		}
		ticks := timeTicks(names, timeAxisWidth)
		slot := float64(timeAxisWidth) / float64(n)
		last := math.Inf(-1)
		shown := 0
		for _, tk := range ticks {
			if tk.Label == "" {
				continue
			}
			shown++
			x := tk.Value * slot
			if w := float64(sty.Width(tk.Label)); x-last < w {
				t.Errorf("%d periods: label %q at %.0f pt overlaps the one at %.0f pt (width %.0f)", n, tk.Label, x, last, w)
			}
			last = x
		}
		if shown == 0 || len(ticks) != n {
			t.Errorf("%d periods: %d ticks, %d labelled", n, len(ticks), shown)
		}
	}
}

func coverageEqual(got, want []coverage) bool {
	if len(got) != len(want) {
		return false
	}
	for i := range got {
		if got[i].Name != want[i].Name || got[i].Total != want[i].Total || !slices.Equal(got[i].About, want[i].About) {
			return false
		}
	}
	return true
}

// The theme tables by source and over time are in both reports, and the
// charts are inlined.
func TestThemeTablesInReports(t *testing.T) {
	t.Parallel()
	a := themedAnalysis()
	a.ThemeTerms = [][]string{{"troops", "front"}, {"budget"}}
	a.ThemeThreshold = 0.2
	s := htmlOf(t, a)
	for _, want := range []string{
		`<h3>Words learned per theme</h3>`, `<tr><td class="nowrap">war</td><td>troops, front</td></tr>`,
		`<h3>Articles about each theme</h3>`, `aria-label="Articles about each theme"`,
		`<h3>Themes over time</h3>`, `aria-label="Themes over time"`,
		"about a theme from relevance 0.20 on",
		// e2 is about both themes, its relevances in bold.
		`<tr><td>e2</td><td></td><td>war, money</td><td class="num"><strong>0.50</strong></td><td class="num"><strong>0.40</strong></td></tr>`,
		`<tr><td>e5</td><td></td><td>none</td><td class="num">0.05</td><td class="num">0.10</td></tr>`,
		// All 5 articles: 2 about war, 3 about money; AP: 2 of 3 each.
		`<tr><td>All articles</td><td class="num">5</td><td class="num" data-v="0.4000">2 (40%)</td><td class="num" data-v="0.6000">3 (60%)</td></tr>`,
		`<tr><td>AP</td><td class="num">3</td><td class="num" data-v="0.6667">2 (67%)</td><td class="num" data-v="0.6667">2 (67%)</td></tr>`,
		// A day without articles counts 0.
		`<tr><td class="nowrap">2024-01-06</td><td class="num">0</td><td class="num" data-v="0.0000">0</td>`,
	} {
		if !strings.Contains(s, want) {
			t.Errorf("HTML lacks %s", want)
		}
	}
	var b bytes.Buffer
	if err := WriteMarkdown(&b, a, "charts"); err != nil {
		t.Fatal(err)
	}
	for _, want := range []string{
		"### Words learned per theme", "| money | budget |",
		"### Articles about each theme", "![Articles about each theme](charts/theme-coverage.png)", "| Reuters | 2 | 0 (0%) | 1 (50%) |",
		"### Themes over time", "![Themes over time](charts/themes-over-time.png)", "| 2024-02-01 | 2 | 0 (0%) | 2 (100%) |",
		"| e2 |  | war, money | **0.50** | **0.40** |",
	} {
		if !strings.Contains(b.String(), want) {
			t.Errorf("Markdown lacks %s", want)
		}
	}
	// Undated articles are said.
	a.Docs[0].Date = "someday"
	b.Reset()
	if err := WriteMarkdown(&b, a, "charts"); err != nil {
		t.Fatal(err)
	}
	if !strings.Contains(b.String(), "1 article without a date of the form YYYY-MM-DD is not counted over time.") {
		t.Error("Markdown does not say that one article is undated")
	}
}

// tableRows returns the JSON rows of the table whose data element has id.
func tableRows(t *testing.T, page, id string) [][]any {
	t.Helper()
	m := regexp.MustCompile(`<script type="application/json" id="` + id + `">([^<]*)</script>`).FindStringSubmatch(page)
	if m == nil {
		t.Fatalf("no JSON rows %q", id)
	}
	var data struct{ Rows [][]any }
	if err := json.Unmarshal([]byte(m[1]), &data); err != nil {
		t.Fatalf("rows %q: %v", id, err)
	}
	return data.Rows
}

// Large tables give the script every row as JSON and write only the
// first page as HTML, with a note for readers without scripts.
func TestHTMLTablesPaged(t *testing.T) {
	t.Parallel()
	a := syntheticAnalysis(250, 5, 20)
	a.Docs[7].Title = xssScript
	a.Articles[7].Title = xssScript
	s := htmlOf(t, a)
	for _, id := range []string{"article", "theme"} {
		rows := tableRows(t, s, id+"-rows")
		if len(rows) != 250 {
			t.Errorf("%s rows: %d in JSON, want 250", id, len(rows))
		}
		i := strings.Index(s, `id="`+id+`-table"`)
		body := s[i : i+strings.Index(s[i:], "</tbody>")]
		if n := strings.Count(body, "<tr>"); n != tablePage+1 { // + the header row
			t.Errorf("%s table: %d rows written as HTML, want %d and the header", id, n-1, tablePage)
		}
	}
	for _, want := range []string{
		"The first 100 of 250 articles; assignments.csv lists them all.",
		"The first 100 of 250 articles; themes.csv lists them all.",
		`\u003cscript\u003ealert(1)\u003c/script\u003e`, // the hostile title, escaped inside the JSON
	} {
		if !strings.Contains(s, want) {
			t.Errorf("HTML lacks %s", want)
		}
	}
	// Row cells: id, title, date, source, cluster, score (no label column:
	// the synthetic articles have none).
	rows := tableRows(t, s, "article-rows")
	if got := fmt.Sprint(rows[0]); !strings.HasPrefix(got, "[doc-00000 Article 0 about ") || len(rows[0]) != 6 {
		t.Errorf("first article row %v", got)
	}

	// Small tables are written whole, with no note.
	s = htmlOf(t, syntheticAnalysis(40, 3, 10))
	if strings.Contains(s, "The first 100") || len(tableRows(t, s, "article-rows")) != 40 {
		t.Error("a 40-article table is paged")
	}
}

func TestMarkdownCapsRows(t *testing.T) {
	t.Parallel()
	a := syntheticAnalysis(maxMarkdownRows+20, 3, 10)
	var b bytes.Buffer
	if err := WriteMarkdown(&b, a, "charts"); err != nil {
		t.Fatal(err)
	}
	s := b.String()
	if n := strings.Count(s, "\n| doc-"); n != 2*maxMarkdownRows { // the theme and article tables
		t.Errorf("%d article rows in the Markdown tables, want %d", n, 2*maxMarkdownRows)
	}
	for _, want := range []string{"The first 500 of 520 articles; assignments.csv lists them all.",
		"The first 500 of 520 articles; themes.csv lists them all."} {
		if !strings.Contains(s, want) {
			t.Errorf("Markdown lacks %q", want)
		}
	}
}

func TestGroupsCapped(t *testing.T) {
	t.Parallel()
	a := syntheticAnalysis(200, 3, 10)
	for g := range maxGroupsShown + 10 {
		a.Groups = append(a.Groups, []string{a.Docs[2*g].Article, a.Docs[2*g+1].Article})
	}
	a.Groups = append(a.Groups, nil) // an empty group is no group
	v := buildView(a)
	if len(v.Groups) != maxGroupsShown || v.MoreGroups != 10 || v.GroupArts != 2*(maxGroupsShown+10) {
		t.Errorf("groups: %d shown, %d more, %d articles", len(v.Groups), v.MoreGroups, v.GroupArts)
	}
	want := "60 groups of articles that tell the same story in (almost) the same words, 120 articles in all. The first 50 are listed; duplicates.csv has them all."
	if s := htmlOf(t, a); !strings.Contains(s, want) {
		t.Errorf("HTML lacks %q", want)
	}
	var b bytes.Buffer
	if err := WriteMarkdown(&b, a, "charts"); err != nil {
		t.Fatal(err)
	}
	if !strings.Contains(b.String(), want) {
		t.Errorf("Markdown lacks %q", want)
	}
}

// Columns no article fills are left out of the article table.
func TestEmptyColumnsHidden(t *testing.T) {
	t.Parallel()
	a := smallAnalysis()
	for i := range a.Docs {
		a.Docs[i].Date, a.Docs[i].Label = "", ""
	}
	s := htmlOf(t, a)
	if !strings.Contains(s, `<thead><tr><th>ID</th><th>Title</th><th>Source</th><th class="nowrap">Cluster</th>`) {
		t.Error("HTML article table keeps the empty Date and Label columns")
	}
	if rows := tableRows(t, s, "article-rows"); len(rows[0]) != 5 {
		t.Errorf("JSON row %v, want id, title, source, cluster, score", rows[0])
	}
	var b bytes.Buffer
	if err := WriteMarkdown(&b, a, "charts"); err != nil {
		t.Fatal(err)
	}
	if !strings.Contains(b.String(), "| ID | Title | Source | Cluster | Score |") {
		t.Error("Markdown article table keeps the empty Date and Label columns")
	}
}

// A passage an article repeats word for word is one representative.
func TestRepsDeduplicated(t *testing.T) {
	t.Parallel()
	a := smallAnalysis()
	a.Docs = append(a.Docs, Doc{ID: "a1#2", Article: "a1", Title: a.Docs[0].Title, Snippet: "  " + a.Docs[0].Snippet, Cluster: 0})
	a.Clusters[0].Reps = []string{"a1", "a1#2", "-a3"}
	var ids []string
	for _, r := range buildView(a).Clusters[0].Reps {
		ids = append(ids, r.ID)
	}
	if want := []string{"a1", "-a3"}; !reflect.DeepEqual(ids, want) {
		t.Errorf("representatives %q, want %q", ids, want)
	}
}

// One near-duplicate pair among 40 articles does not set the colour scale:
// its two cells are 2 of the 1,560 off-diagonal ones, above the 98th
// percentile, so the scale tops at the others' 0.05 rounded up to 0.1.
func TestHeatmapScaleIgnoresOutliers(t *testing.T) {
	t.Parallel()
	const n = 40
	hm := &Heatmap{}
	for i := range n {
		hm.Labels = append(hm.Labels, fmt.Sprint("article ", i))
		row := make([]float64, n)
		for j := range row {
			row[j] = 0.05
		}
		row[i] = 1
		hm.Cos = append(hm.Cos, row)
	}
	hm.Cos[3][7], hm.Cos[7][3] = 0.93, 0.93
	hc := heatmapData(&Analysis{Heatmap: hm})
	if hc.Lo != 0 || hc.Hi != 0.1 || !hc.Clipped {
		t.Errorf("scale %v to %v, clipped %v; want 0 to 0.1, clipped", hc.Lo, hc.Hi, hc.Clipped)
	}
	if l := hc.level(0.93); l != heatLevels-1 {
		t.Errorf("the outlier has level %d, want the darkest, %d", l, heatLevels-1)
	}
	if hc := heatmapData(smallAnalysis()); hc.Clipped {
		t.Error("three articles: the scale must reach the highest cosine")
	}
}
