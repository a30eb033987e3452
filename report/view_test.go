package report

import (
	"bytes"
	"encoding/json"
	"fmt"
	"math"
	"reflect"
	"regexp"
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
// three days of two months; e5 uses no theme word.
func themedAnalysis() *Analysis {
	a := &Analysis{Unit: "document", Themes: []string{"war", "money"}, Clusters: []Cluster{{ID: 0, Label: "x", Size: 5}}}
	for _, d := range []struct{ id, date, source string }{
		{"e1", "2024-01-05", "AP"}, {"e2", "2024-01-20", "AP"}, {"e3", "2024-02-01", "Reuters"},
		{"e4", "2024-02-01T10:00", "AP"}, {"e5", "2024-02-03", "Reuters"},
	} {
		a.Docs = append(a.Docs, Doc{ID: d.id, Article: d.id, Title: "T " + d.id, Date: d.date, Source: d.source})
	}
	a.Articles = []ArticleTheme{
		{Article: "e1", Shares: []float64{1, 0}, Weight: 0.3},
		{Article: "e2", Shares: []float64{0.5, 0.5}, Weight: 0.1},
		{Article: "e3", Shares: []float64{0.2, 0.8}, Weight: 0.2},
		{Article: "e4", Shares: []float64{0, 1}, Weight: 0.5},
		{Article: "e5", Shares: []float64{0, 0}, Weight: 0},
	}
	return a
}

func TestThemeGroups(t *testing.T) {
	t.Parallel()
	a := themedAnalysis()
	// AP has e1, e2, e4: means (1+0.5+0)/3 and (0+0.5+1)/3. Reuters has e3
	// and e5, whose zero shares are left out of the mean.
	wantSources := []themeGroup{
		{Name: "AP", Total: 3, N: 3, Shares: []float64{0.5, 0.5}, Weight: 0.3},
		{Name: "Reuters", Total: 2, N: 1, Shares: []float64{0.2, 0.8}, Weight: 0.1},
	}
	if got := themeSources(a); !groupsNear(got, wantSources) {
		t.Errorf("themeSources = %+v, want %+v", got, wantSources)
	}
	// January: e1, e2. February: e3, e4 (and e5 without theme words).
	period, got := themePeriods(a)
	wantMonths := []themeGroup{
		{Name: "2024-01", Total: 2, N: 2, Shares: []float64{0.75, 0.25}, Weight: 0.2},
		{Name: "2024-02", Total: 3, N: 2, Shares: []float64{0.1, 0.9}, Weight: 0.7 / 3},
	}
	if period != "month" || !groupsNear(got, wantMonths) {
		t.Errorf("themePeriods = %q %+v, want month %+v", period, got, wantMonths)
	}

	// All in one month: by day, in date order.
	a.Docs[0].Date, a.Docs[1].Date = "2024-02-03", "2024-02-01"
	period, got = themePeriods(a)
	wantDays := []themeGroup{
		{Name: "2024-02-01", Total: 3, N: 3, Shares: []float64{(0.5 + 0.2 + 0) / 3, (0.5 + 0.8 + 1) / 3}, Weight: 0.8 / 3},
		{Name: "2024-02-03", Total: 2, N: 1, Shares: []float64{1, 0}, Weight: 0.15},
	}
	if period != "day" || !groupsNear(got, wantDays) {
		t.Errorf("themePeriods = %q %+v, want day %+v", period, got, wantDays)
	}

	// One day, one source, or no ISO dates: nothing to compare.
	for i := range a.Docs {
		a.Docs[i].Date, a.Docs[i].Source = "23 March 2015", "AP"
	}
	if p, g := themePeriods(a); p != "" || g != nil {
		t.Errorf("themePeriods without ISO dates = %q %+v", p, g)
	}
	if g := themeSources(a); g != nil {
		t.Errorf("themeSources with one source = %+v", g)
	}
	if hasChart(a, ChartThemeSources) || hasChart(a, ChartThemeTime) {
		t.Error("charts offered without data")
	}
}

func groupsNear(got, want []themeGroup) bool {
	if len(got) != len(want) {
		return false
	}
	for i := range got {
		g, w := got[i], want[i]
		if g.Name != w.Name || g.Total != w.Total || g.N != w.N || len(g.Shares) != len(w.Shares) || math.Abs(g.Weight-w.Weight) > 1e-12 {
			return false
		}
		for j := range g.Shares {
			if math.Abs(g.Shares[j]-w.Shares[j]) > 1e-12 {
				return false
			}
		}
	}
	return true
}

// The theme tables by source and over time are in both reports, and the
// charts are inlined.
func TestThemeTablesInReports(t *testing.T) {
	t.Parallel()
	a := themedAnalysis()
	s := htmlOf(t, a)
	for _, want := range []string{
		`<h3>Themes by source</h3>`, `aria-label="Themes by source"`,
		`<h3>Themes over time</h3>`, `aria-label="Themes over time"`,
		// AP: 3 articles, 3 with theme words, mean theme weight 30%, shares 50% and 50%.
		`<tr><td>AP</td><td class="num">3</td><td class="num">3</td><td class="num">30.0%</td><td class="num" data-v="0.5000">50%</td>`,
		`<tr><td class="nowrap">2024-02</td><td class="num">3</td><td class="num">2</td><td class="num">23.3%</td><td class="num" data-v="0.1000">10%</td>`,
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
		"### Themes by source", "![Themes by source](charts/theme-sources.png)", "| Reuters | 2 | 1 | 10.0% | 20% | 80% |",
		"### Themes over time", "![Themes over time](charts/themes-over-time.png)", "| 2024-01 | 2 | 2 | 20.0% | 75% | 25% |",
	} {
		if !strings.Contains(b.String(), want) {
			t.Errorf("Markdown lacks %s", want)
		}
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

func TestPeriodX(t *testing.T) {
	t.Parallel()
	// A calendar axis: December to February is two months, 28 February to
	// 1 March 2024 two days (a leap year).
	if d := periodX("2025-02", "month") - periodX("2024-12", "month"); d != 2 {
		t.Errorf("2024-12 to 2025-02: %v months, want 2", d)
	}
	if d := periodX("2024-03-01", "day") - periodX("2024-02-28", "day"); d != 2 {
		t.Errorf("2024-02-28 to 2024-03-01: %v days, want 2", d)
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
