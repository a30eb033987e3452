package report

import (
	"bytes"
	"fmt"
	"image/png"
	"math/bits"
	"reflect"
	"slices"
	"strings"
	"testing"
	"unicode/utf8"

	"gonum.org/v1/plot/vg"
)

func TestCharts(t *testing.T) {
	t.Parallel()
	all := []string{ChartSizes, ChartTerms, ChartKScores, ChartThemes, ChartThemeCoverage, ChartThemeTime, ChartHeatmap, ChartMap}
	tests := []struct {
		name string
		a    *Analysis
		want []string
	}{
		{"empty", &Analysis{}, nil},
		{"full", newsAnalysis(), all},
		{"no themes, no k scores", func() *Analysis {
			a := newsAnalysis()
			a.Themes, a.Articles, a.KScores = nil, nil, nil
			return a
		}(), []string{ChartSizes, ChartTerms, ChartHeatmap, ChartMap}},
		{"one-article heatmap, no positions", func() *Analysis {
			a := newsAnalysis()
			a.Heatmap = &Heatmap{Labels: []string{"x"}, Cos: [][]float64{{1}}}
			for i := range a.Docs {
				a.Docs[i].X = nanValue()
			}
			for i := range a.Clusters {
				a.Clusters[i].Terms = nil
			}
			return a
		}(), []string{ChartSizes, ChartKScores, ChartThemes, ChartThemeCoverage, ChartThemeTime}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			if got := Charts(tt.a); !slices.Equal(got, tt.want) {
				t.Errorf("Charts = %v, want %v", got, tt.want)
			}
		})
	}
}

func nanValue() float64 { var z float64; return z / z }

func TestSizeBars(t *testing.T) {
	t.Parallel()
	a := smallAnalysis() // sizes 2 and 1
	got := sizeBars(a)
	want := []bar{
		{Label: "C0 nato · defence", Value: 2, Text: "2 (67%)", Color: ClusterColor(0)},
		{Label: "C1 @alert <img src=x onerror=alert(1)>", Value: 1, Text: "1 (33%)", Color: ClusterColor(1)},
	}
	if !reflect.DeepEqual(got, want) {
		t.Errorf("sizeBars =\n%+v\nwant\n%+v", got, want)
	}
	// Long labels are shortened, never clipped: at most 48 runes.
	a.Clusters[0].Label = strings.Repeat("verylongword ", 10)
	if l := sizeBars(a)[0].Label; len([]rune(l)) > 48 || !strings.HasSuffix(l, "…") {
		t.Errorf("long label %q not shortened to 48 runes", l)
	}
}

func TestTermPanels(t *testing.T) {
	t.Parallel()
	a := newsAnalysis()
	panels := termPanels(a)
	if len(panels) != 4 {
		t.Fatalf("%d panels, want 4", len(panels))
	}
	p := panels[0]
	if p.Title != "C0 ukraine · russia · allies" {
		t.Errorf("title %q", p.Title)
	}
	// Cluster 0 has 9 terms; the panel keeps the first maxPanelTerms (8).
	if len(p.Bars) != maxPanelTerms || p.Bars[0].Label != "Ukraine" || p.Bars[0].Value != 0.412 || p.Bars[0].Text != "0.412" {
		t.Errorf("panel bars %+v", p.Bars)
	}
	if len(panels[3].Bars) != 6 {
		t.Errorf("cluster 3 has 6 terms, panel has %d", len(panels[3].Bars))
	}
	// Clusters without terms get no panel.
	a.Clusters[1].Terms = nil
	if got := len(termPanels(a)); got != 3 {
		t.Errorf("%d panels after emptying one cluster, want 3", got)
	}
}

func TestEvenSample(t *testing.T) {
	t.Parallel()
	tests := []struct {
		n, k int
		want []int
	}{
		{5, 10, []int{0, 1, 2, 3, 4}},
		{10, 5, []int{1, 3, 5, 7, 9}}, // middles of strides of 2
		{6, 3, []int{1, 3, 5}},
		{7, 1, []int{3}},
		{0, 3, []int{}},
	}
	for _, tt := range tests {
		if got := evenSample(tt.n, tt.k); !slices.Equal(got, tt.want) {
			t.Errorf("evenSample(%d, %d) = %v, want %v", tt.n, tt.k, got, tt.want)
		}
	}
	// Large n: increasing, distinct, in range.
	got := evenSample(5000, 2000)
	for i := 1; i < len(got); i++ {
		if got[i] <= got[i-1] || got[i] >= 5000 {
			t.Fatalf("evenSample(5000, 2000) not strictly increasing in range at %d", i)
		}
	}
}

func TestThemeData(t *testing.T) {
	t.Parallel()
	tc := themeData(newsAnalysis())
	if !slices.Equal(tc.Themes, []string{"NATO", "Ukraine", "ISIS", "defence spending"}) || len(tc.Labels) != 3 || tc.Total != 3 {
		t.Fatalf("themeData = %+v", tc)
	}
	if !slices.Equal(tc.Relevance[1], []float64{0.15, 0.03, 0.74, 0.08}) {
		t.Errorf("row 1 relevance %v", tc.Relevance[1])
	}
	// The number of themes each article is about, written at its right.
	if !slices.Equal(tc.Notes, []string{"2", "1", "2"}) {
		t.Errorf("notes %q", tc.Notes)
	}
	var svg bytes.Buffer
	if err := WriteChart(&svg, newsAnalysis(), ChartThemes, "svg"); err != nil {
		t.Fatal(err)
	}
	for _, n := range tc.Notes {
		if !strings.Contains(svg.String(), ">"+n+"<") {
			t.Errorf("theme chart SVG lacks the note %q", n)
		}
	}
	big := themeData(syntheticAnalysis(1000, 5, 2))
	if len(big.Labels) != maxThemeBars || big.Total != 1000 {
		t.Errorf("1000 articles: %d bars of %d, want %d", len(big.Labels), big.Total, maxThemeBars)
	}
	// evenSample(1000, 40) starts at floor(1000/80) = 12.
	if big.Labels[0] != "Article 12 about "+strings.Fields(big.Labels[0])[3] {
		t.Errorf("first sampled bar %q, want article 12", big.Labels[0])
	}
}

func TestHeatmapData(t *testing.T) {
	t.Parallel()
	hc := heatmapData(smallAnalysis())
	// Largest off-diagonal cosine 0.6 → scale 0..0.6.
	if hc.Lo != 0 || hc.Hi != 0.6 || len(hc.Labels) != 3 || hc.Total != 3 {
		t.Errorf("heatmapData = %+v", hc)
	}
	if got := hc.ticks(); !slices.Equal(got, []float64{0, 0.1, 0.2, 0.30000000000000004, 0.4, 0.5, 0.6000000000000001}) {
		t.Errorf("ticks %v", got)
	}
	big := heatmapData(syntheticAnalysis(500, 4, 150))
	if len(big.Labels) != maxHeatmap || len(big.Cos) != maxHeatmap || len(big.Cos[0]) != maxHeatmap || big.Total != 150 {
		t.Errorf("150-article heatmap sampled to %d, want %d", len(big.Labels), maxHeatmap)
	}
	// The sample keeps the matrix: shown cell (r,c) is source cell (i,j).
	src := syntheticAnalysis(500, 4, 150).Heatmap
	idx := evenSample(150, maxHeatmap)
	if big.Cos[3][7] != src.Cos[idx[3]][idx[7]] || big.Labels[5] != shorten(src.Labels[idx[5]], 28) {
		t.Error("sampled heatmap does not match the source cells")
	}
}

func TestHeatmapMismatchPanics(t *testing.T) {
	t.Parallel()
	defer func() {
		if r := recover(); r == nil || !strings.HasPrefix(fmt.Sprint(r), "report: ") {
			t.Errorf("recovered %v, want a report: panic", r)
		}
	}()
	a := smallAnalysis()
	a.Heatmap.Cos = a.Heatmap.Cos[:2]
	heatmapData(a)
}

func TestKScoreData(t *testing.T) {
	t.Parallel()
	a := &Analysis{Clusters: make([]Cluster, 3), KScores: []KScore{{4, 0.2}, {2, 0.1}, {3, 0.3}}}
	pts, chosen := kscoreData(a)
	if len(pts) != 3 || pts[0].X != 2 || pts[2].X != 4 || chosen != 1 || pts[chosen].Y != 0.3 {
		t.Errorf("kscoreData = %v, chosen %d; want sorted by k, chosen k=3 at 1", pts, chosen)
	}
}

func TestMapDataSampling(t *testing.T) {
	t.Parallel()
	a := syntheticAnalysis(5000, 20, 2)
	mc := mapData(a)
	if len(mc.Points) != maxMapPoints || mc.Total != 5000 || mc.Labelled {
		t.Fatalf("map has %d points of %d (labelled %v), want %d unlabelled", len(mc.Points), mc.Total, mc.Labelled, maxMapPoints)
	}
	// Every cluster is present, each within one point of its share.
	per := map[int]int{}
	for i, p := range mc.Points {
		per[p.Cluster]++
		if i > 0 && p.Doc <= mc.Points[i-1].Doc {
			t.Fatal("points not in Docs order")
		}
		if d := a.Docs[p.Doc]; d.X != p.X || d.Cluster != p.Cluster {
			t.Fatal("point does not match its doc")
		}
	}
	for c, cl := range a.Clusters {
		want := float64(maxMapPoints) * float64(cl.Size) / 5000
		if got := float64(per[c]); got < want-1 || got > want+1 || got == 0 {
			t.Errorf("cluster %d: %v points, want %.1f ± 1", c, got, want)
		}
	}
	// A cluster of one doc keeps its point.
	a.Docs[17].Cluster = 19
	for i := range a.Docs {
		if i != 17 && a.Docs[i].Cluster == 19 {
			a.Docs[i].Cluster = 0
		}
	}
	found := false
	for _, p := range mapData(a).Points {
		found = found || p.Cluster == 19
	}
	if !found {
		t.Error("a one-doc cluster vanished from the sample")
	}
}

func TestMapLabels(t *testing.T) {
	t.Parallel()
	ml := layoutMap(newsAnalysis())
	if !ml.Chart.Labelled || len(ml.Labels) != 30 {
		t.Fatalf("30 passages should be labelled, got labelled=%v with %d labels", ml.Chart.Labelled, len(ml.Labels))
	}
	// Paragraph mode: labels name the passage.
	if got := ml.Chart.Points[0].Label; got != "NATO allies pledge… ¶1" {
		t.Errorf("first label %q", got)
	}
	placed := 0
	for i, l := range ml.Labels {
		if !l.OK {
			continue
		}
		placed++
		if !inside(l.Rect, ml.Frame) {
			t.Errorf("label %q leaves the frame", l.Text)
		}
		for j, m := range ml.Labels[:i] {
			if m.OK && overlaps(l.Rect, m.Rect) {
				t.Errorf("labels %q and %q overlap", l.Text, m.Text)
			}
			_ = j
		}
		for j, p := range ml.Pts {
			box := vg.Rectangle{Min: vg.Point{X: p.X - ml.Radius, Y: p.Y - ml.Radius}, Max: vg.Point{X: p.X + ml.Radius, Y: p.Y + ml.Radius}}
			if overlaps(l.Rect, box) {
				t.Errorf("label %q covers point %d", l.Text, j)
			}
		}
	}
	// The fixture places most labels; if placement broke, few would be.
	if placed < 20 {
		t.Errorf("only %d of 30 labels placed", placed)
	}
}

func inside(r, f vg.Rectangle) bool {
	return r.Min.X >= f.Min.X && r.Min.Y >= f.Min.Y && r.Max.X <= f.Max.X && r.Max.Y <= f.Max.Y
}

func overlaps(a, b vg.Rectangle) bool {
	return a.Min.X < b.Max.X && b.Min.X < a.Max.X && a.Min.Y < b.Max.Y && b.Min.Y < a.Max.Y
}

func TestPlaceLabelsCrowded(t *testing.T) {
	t.Parallel()
	// Ten points on top of one another: at most a few labels fit around
	// them; the rest are left out rather than overlapping.
	pts := make([]vg.Point, 10)
	labels := make([]string, 10)
	for i := range pts {
		pts[i] = vg.Point{X: 100, Y: 100}
		labels[i] = fmt.Sprintf("Label number %d", i)
	}
	bounds := vg.Rectangle{Max: vg.Point{X: 200, Y: 200}}
	out := placeLabels(pts, labels, textStyle(mapLabelSize, inkColor), bounds, 4)
	ok := 0
	for i, l := range out {
		if !l.OK {
			continue
		}
		ok++
		for _, m := range out[:i] {
			if m.OK && overlaps(l.Rect, m.Rect) {
				t.Errorf("%q overlaps %q", l.Text, m.Text)
			}
		}
	}
	if ok == 0 || ok == 10 {
		t.Errorf("%d of 10 stacked labels placed; want some but not all", ok)
	}
}

func TestChartsRender(t *testing.T) {
	for name, a := range map[string]*Analysis{"small": smallAnalysis(), "news": newsAnalysis()} {
		for _, c := range Charts(a) {
			t.Run(name+"/"+c, func(t *testing.T) {
				t.Parallel()
				var b bytes.Buffer
				if err := WriteChart(&b, a, c, "png"); err != nil {
					t.Fatal(err)
				}
				img, err := png.Decode(&b)
				if err != nil {
					t.Fatalf("PNG does not decode: %v", err)
				}
				if r := img.Bounds(); r.Dx() < 200 || r.Dy() < 100 {
					t.Errorf("PNG is %v", r)
				}
				b.Reset()
				if err := WriteChart(&b, a, c, "svg"); err != nil {
					t.Fatal(err)
				}
				if texts := svgTexts(t, b.Bytes()); !slices.Contains(texts, chartTitles[c]) {
					t.Errorf("SVG lacks its title; texts %q", texts)
				}
			})
		}
	}
}

// On a 5,000-article analysis every chart stays under 500 KB, because the
// heatmap, map and theme chart sample.
func TestLargeChartsStaySmall(t *testing.T) {
	if testing.Short() {
		t.Skip("renders twelve large charts")
	}
	a := syntheticAnalysis(5000, 20, 300)
	for _, c := range Charts(a) {
		for _, format := range []string{"png", "svg"} {
			t.Run(c+"."+format, func(t *testing.T) {
				t.Parallel()
				var b bytes.Buffer
				if err := WriteChart(&b, a, c, format); err != nil {
					t.Fatal(err)
				}
				if b.Len() > 500<<10 {
					t.Errorf("%s.%s is %d KB, want under 500 KB", c, format, b.Len()>>10)
				}
			})
		}
	}
}

// TestFitTextLongWord checks that fitting a label measures it a number of
// times that grows with the logarithm of its length, not the length: one
// 50 KB word in an article made every chart title take minutes (issue 17).
func TestFitTextLongWord(t *testing.T) {
	t.Parallel()
	sty := textStyle(10, inkColor)
	for _, n := range []int{10, 100, 5000, 1 << 20} {
		for _, s := range []string{strings.Repeat("x", n), strings.Repeat("word ", n/5)} {
			calls, longest := 0, 0
			width := func(s string) vg.Length {
				calls++
				longest = max(longest, utf8.RuneCountInString(s))
				return sty.Width(s)
			}
			got := fitWidth(s, 234, width)
			// Nothing much longer than the answer is measured.
			if limit := 2*utf8.RuneCountInString(got) + 16; longest > limit {
				t.Errorf("%d runes: measured %d runes for an answer of %d", n, longest, utf8.RuneCountInString(got))
			}
			if w := sty.Width(got); w > 234 && utf8.RuneCountInString(got) > 1 {
				t.Errorf("%d runes: %q is %v wide, over 234", n, got, w)
			}
			// Doubling, then binary search: about 2·log2(n) widths.
			if limit := 2*bits.Len(uint(n)) + 2; calls > limit {
				t.Errorf("%d runes: %d measurements, want at most %d", n, calls, limit)
			}
			if want := fitText(s, sty, 234); got != want {
				t.Errorf("fitWidth %q, fitText %q", got, want)
			}
		}
	}
	// It finds what shortening one rune at a time finds.
	for _, s := range []string{
		strings.Repeat("abcdefghij ", 30),
		"C12 " + strings.Repeat("défense · ", 40),
		strings.Repeat("W", 300),
		"short",
	} {
		want := clean(s)
		for n := utf8.RuneCountInString(want); n > 1 && sty.Width(want) > 234; n-- {
			want = shorten(s, n-1)
		}
		if got := fitText(s, sty, 234); got != want {
			t.Errorf("fitText %q, one rune at a time %q", got, want)
		}
	}
}

// FuzzFitText checks fitWidth on any text: the result is clean, fits (or
// is the shortest cut, "x…"), is found with logarithmically many
// measurements, and is what cutting one rune at a time would give.
func FuzzFitText(f *testing.F) {
	f.Add("C3 nato · iraq · defence spending", 60.0)
	f.Add(strings.Repeat("z", 3000), 234.0)
	f.Add("a\x00b\u200b  c\n\td", 5.0)
	f.Add("\xff\xfe bad UTF-8 \U0001F600 emoji", 0.0)
	f.Add("  a \t\n b   c,  d  ", 9.0)
	sty := textStyle(10, inkColor)
	f.Fuzz(func(t *testing.T, s string, w float64) {
		if len(s) > 4000 || !(w >= 0 && w < 1e6) {
			return
		}
		// shorten reads only the start of s, and cuts as cutting clean(s) would.
		for _, k := range []int{0, 1, 2, 3, 5, 8, 30} {
			if got, want := shorten(s, k), refShorten(s, k); got != want {
				t.Errorf("shorten(%q, %d) = %q, want %q", s, k, got, want)
			}
		}
		calls := 0
		got := fitWidth(s, vg.Length(w), func(s string) vg.Length {
			calls++
			return sty.Width(s)
		})
		n := utf8.RuneCountInString(clean(s))
		if got != clean(got) {
			t.Errorf("%q: result %q not clean", s, got)
		}
		if sty.Width(got) > vg.Length(w) && got != shorten(s, 2) {
			t.Errorf("%q: %q is %v wide, over %v", s, got, sty.Width(got), w)
		}
		if limit := 2*bits.Len(uint(n)) + 2; calls > limit {
			t.Errorf("%q: %d measurements for %d runes", s, calls, n)
		}
		if n > 300 {
			return
		}
		want := clean(s)
		for k := n; k > 2 && sty.Width(want) > vg.Length(w); k-- {
			want = shorten(s, k-1)
		}
		if got != want {
			t.Errorf("%q at %v: fitWidth %q, one rune at a time %q", s, w, got, want)
		}
	})
}

// refShorten is shorten as it was before it learned to read only the
// start of s: clean everything, then cut.
func refShorten(s string, n int) string {
	s = clean(s)
	if n < 2 || utf8.RuneCountInString(s) <= n {
		return s
	}
	runes := []rune(s)[:n-1]
	cut := len(runes)
	for i := len(runes) - 1; i >= len(runes)/2; i-- {
		if runes[i] == ' ' {
			cut = i
			break
		}
	}
	return strings.TrimRight(string(runes[:cut]), " ,;:.-·") + "…"
}

// TestThemeBarsBounded: with many themes the relevance chart shows fewer
// articles, so its height stays bounded; with few, up to 40.
func TestThemeBarsBounded(t *testing.T) {
	t.Parallel()
	// 3 themes: groups of 24 pt, 40 fit in 1600 pt. 20 themes: 126 pt, 12
	// fit. 500 themes: never fewer than 8.
	for _, c := range []struct{ themes, want int }{{1, 40}, {3, 40}, {20, 12}, {500, 8}} {
		if got := themeBars(c.themes); got != c.want {
			t.Errorf("themeBars(%d) = %d, want %d", c.themes, got, c.want)
		}
	}
	a := newsAnalysis()
	a.Themes = nil
	for i := range 20 {
		a.Themes = append(a.Themes, fmt.Sprint("theme ", i))
	}
	a.Articles = nil
	for i := range 100 {
		rel, about := make([]float64, 20), make([]bool, 20)
		rel[i%20], about[i%20] = 0.5, true
		a.Articles = append(a.Articles, ArticleTheme{Article: fmt.Sprint("a", i), Relevance: rel, About: about})
	}
	if tc := themeData(a); len(tc.Labels) != 12 || tc.Total != 100 {
		t.Errorf("20 themes: %d of %d articles shown, want 12 of 100", len(tc.Labels), tc.Total)
	}
	if fig := themesFigure(a); fig.H > 1800 {
		t.Errorf("20 themes: chart %v pt high", fig.H)
	}
}
