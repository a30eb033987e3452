package report

import (
	"bytes"
	"encoding/xml"
	"io"
	"math"
	"slices"
	"sort"
	"strconv"
	"strings"
	"testing"
)

// Hover titles on the map and heatmap, and a map that one outlier cannot
// squeeze into a corner (issue 19).

// svgMark is a shape of the hover layer of an inline SVG: a circle
// (cx, cy, r) or the rectangles of a group, with its title.
type svgMark struct {
	Title string
	Nums  [][]float64 // per shape: cx, cy, r or x, y, width, height
}

// hoverMarks parses the inline SVG s (well-formed XML, or the test
// fails) and returns the shapes of its hover layer, in order: each child
// of the layer is a circle or rectangle with a title, or a group of a
// title and rectangles.
func hoverMarks(t *testing.T, s string) []svgMark {
	t.Helper()
	d := xml.NewDecoder(strings.NewReader(s))
	var out []svgMark
	depth := -1 // depth below the hover layer; -1 outside it
	inTitle := false
	nums := func(e xml.StartElement) []float64 {
		names := []string{"x", "y", "width", "height"}
		if e.Name.Local == "circle" {
			names = []string{"cx", "cy", "r"}
		}
		var v []float64
		for _, n := range names {
			for _, a := range e.Attr {
				if a.Name.Local == n {
					f, err := strconv.ParseFloat(a.Value, 64)
					if err != nil {
						t.Fatalf("%s=%q: %v", n, a.Value, err)
					}
					v = append(v, f)
				}
			}
		}
		return v
	}
	for {
		tok, err := d.Token()
		if err == io.EOF {
			return out
		}
		if err != nil {
			t.Fatalf("inline SVG is not well-formed XML: %v", err)
		}
		switch tok := tok.(type) {
		case xml.StartElement:
			if depth < 0 {
				for _, a := range tok.Attr {
					if a.Name.Local == "fill-opacity" && a.Value == "0" {
						depth = 0
					}
				}
				continue
			}
			depth++
			if depth == 1 {
				out = append(out, svgMark{})
			}
			switch tok.Name.Local {
			case "circle", "rect":
				m := &out[len(out)-1]
				m.Nums = append(m.Nums, nums(tok))
			case "title":
				inTitle = true
			}
		case xml.CharData:
			if inTitle {
				out[len(out)-1].Title += string(tok)
			}
		case xml.EndElement:
			inTitle = false
			if depth >= 0 {
				depth--
			}
		}
	}
}

func TestMapHoverTitles(t *testing.T) {
	t.Parallel()
	a := newsAnalysis()
	s, err := inlineSVG(a, ChartMap)
	if err != nil {
		t.Fatal(err)
	}
	marks := hoverMarks(t, s)
	ml := layoutMap(a)
	if len(marks) != len(ml.Pts) {
		t.Fatalf("%d hover marks, want one per point (%d)", len(marks), len(ml.Pts))
	}
	// The first passage of the NATO article is in cluster 3 (fixture plan).
	want := "NATO allies pledge more support for Ukraine at Vilnius summit ¶1\nC3 summit · leaders · communiqué\n2023-07-12 · Reuters"
	if marks[0].Title != want {
		t.Errorf("first point's title %q, want %q", marks[0].Title, want)
	}
	for i, m := range marks {
		p := ml.Pts[i]
		c := m.Nums[0]
		// Two decimals in the SVG; the hover circle is one point larger
		// than the marker.
		if math.Abs(c[0]-float64(p.X)) > 0.006 || math.Abs(c[1]-float64(p.Y)) > 0.006 || math.Abs(c[2]-float64(ml.Radius+1)) > 0.006 {
			t.Errorf("point %d: hover circle %v, marker at %v radius %v", i, c, p, ml.Radius)
		}
	}
	// Hostile titles reach the tooltip as text.
	s, err = inlineSVG(smallAnalysis(), ChartMap)
	if err != nil {
		t.Fatal(err)
	}
	titles := []string{}
	for _, m := range hoverMarks(t, s) {
		titles = append(titles, strings.SplitN(m.Title, "\n", 2)[0])
	}
	if !slices.Contains(titles, xssScript) {
		t.Errorf("hostile title not among the hover titles %q", titles)
	}
	if strings.Contains(s, "<script") {
		t.Error("raw <script in the inline map")
	}
}

func TestHeatmapHoverTitles(t *testing.T) {
	t.Parallel()
	a := smallAnalysis()
	s, err := inlineSVG(a, ChartHeatmap)
	if err != nil {
		t.Fatal(err)
	}
	marks := hoverMarks(t, s)
	// Three articles: three diagonal cells and three pairs of two cells.
	names := []string{"NATO summit in Vilnius", xssScript, "Defence [spending]"}
	var want []string
	cos := a.Heatmap.Cos
	for i := range 3 {
		want = append(want, names[i]+" (the article itself)")
		for j := i + 1; j < 3; j++ {
			want = append(want, names[i]+" ~ "+names[j]+": cosine "+strconv.FormatFloat(cos[i][j], 'f', 2, 64))
		}
	}
	var got []string
	for _, m := range marks {
		got = append(got, m.Title)
	}
	if !slices.Equal(got, want) {
		t.Fatalf("hover titles\n%q\nwant\n%q", got, want)
	}
	// The cells tile the matrix: three columns and three rows of equal
	// squares, a pair's two cells mirrored over the diagonal.
	var xs, ys []float64
	for _, m := range marks {
		for _, r := range m.Nums {
			xs, ys = append(xs, r[0]), append(ys, r[1])
			if r[2] != r[3] || r[2] <= 0 {
				t.Errorf("cell %v is not a square", r)
			}
		}
	}
	uniq := func(v []float64) []float64 { sort.Float64s(v); return slices.Compact(v) }
	xs, ys = uniq(xs), uniq(ys)
	if len(xs) != 3 || len(ys) != 3 {
		t.Fatalf("cells at x %v and y %v, want a 3 × 3 grid", xs, ys)
	}
	col := func(x float64) int { return slices.Index(xs, x) }
	row := func(y float64) int { return 2 - slices.Index(ys, y) } // y grows upwards
	k := 0
	for i := range 3 {
		if m := marks[k].Nums; len(m) != 1 || row(m[0][1]) != i || col(m[0][0]) != i {
			t.Errorf("diagonal %d at %v", i, m)
		}
		k++
		for j := i + 1; j < 3; j++ {
			m := marks[k].Nums
			if len(m) != 2 || row(m[0][1]) != i || col(m[0][0]) != j || row(m[1][1]) != j || col(m[1][0]) != i {
				t.Errorf("pair %d ~ %d at %v", i, j, m)
			}
			k++
		}
	}
	// Chart files keep their size: the hover layer is for the HTML report.
	var b bytes.Buffer
	if err := WriteChart(&b, a, ChartHeatmap, "svg"); err != nil {
		t.Fatal(err)
	}
	if strings.Contains(b.String(), "<title>") {
		t.Error("the SVG chart file has hover titles")
	}
}

func TestRobustRange(t *testing.T) {
	t.Parallel()
	tests := []struct {
		name   string
		vals   []float64
		lo, hi float64
	}{
		{"few values", []float64{0, 1, 1000}, 0, 1000},
		{"no outlier", []float64{0, 1, 2, 3, 4, 5, 6, 7, 8, 9}, 0, 9},
		// Quartiles 2.25 and 6.75, IQR 4.5: fences −11.25 and 20.25.
		{"one far", []float64{0, 1, 2, 3, 4, 5, 6, 7, 8, 9000}, 0, 8},
		{"both sides", []float64{-500, 1, 2, 3, 4, 5, 6, 7, 8, 9000}, 1, 8},
		// Beyond the fence, but leaving it out would widen the rest by
		// less than a third (mapKeep): the whole range.
		// Quartiles 3.25 and 9.75, fences −16.25 and 29.25.
		{"near", []float64{0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 24, 30}, 0, 30},
		{"no spread", []float64{5, 5, 5, 5, 5, 9}, 5, 9},
	}
	for _, tt := range tests {
		if lo, hi := robustRange(tt.vals); lo != tt.lo || hi != tt.hi {
			t.Errorf("%s: robustRange = %v, %v, want %v, %v", tt.name, lo, hi, tt.lo, tt.hi)
		}
	}
}

// One point 1000 times the spread away is drawn hollow at the frame's
// edge; the others fill the frame as they would without it.
func TestMapOutlierClamped(t *testing.T) {
	t.Parallel()
	a := syntheticAnalysis(200, 5, 2)
	base := layoutMap(a)
	if base.NOut != 0 || strings.Contains(base.Sub, "outside") {
		t.Fatalf("no outlier yet, but %d points outside: %q", base.NOut, base.Sub)
	}
	// The synthetic points spread about ±4 around the origin.
	a.Docs[7].X, a.Docs[7].Y = 4000, -10
	ml := layoutMap(a)
	if ml.NOut != 1 || !ml.Outside[7] {
		t.Fatalf("%d points outside (point 7: %v), want point 7 alone", ml.NOut, ml.Outside[7])
	}
	if want := "1 point outside the frame is shown hollow at its edge"; !strings.Contains(ml.Sub, want) {
		t.Errorf("subtitle %q lacks %q", ml.Sub, want)
	}
	f := ml.Frame
	p := ml.Pts[7]
	if p.X != f.Max.X-ml.Radius-2 || p.Y <= f.Min.Y || p.Y >= f.Max.Y {
		t.Errorf("outlier at %v, want it at the right edge of frame %v", p, f)
	}
	// The others span the frame's width as they did without the outlier.
	lo, hi := math.Inf(1), math.Inf(-1)
	for i, q := range ml.Pts {
		if i == 7 {
			continue
		}
		lo, hi = math.Min(lo, float64(q.X)), math.Max(hi, float64(q.X))
	}
	if span := (hi - lo) / float64(f.Max.X-f.Min.X); span < 0.85 {
		t.Errorf("the other points span %.2f of the frame's width, want at least 0.85", span)
	}
	tip := ml.Chart.Points[7].Tip
	marks := mapFigure(a).Hover()
	if !strings.HasSuffix(marks[7].Title, "(outside the frame: shown at its edge)") || !strings.HasPrefix(marks[7].Title, tip) {
		t.Errorf("outlier's hover title %q", marks[7].Title)
	}
}
