package report

import (
	"fmt"
	"image/color"
	"math"
	"sort"
	"strconv"
	"strings"

	"gonum.org/v1/plot/text"
	"gonum.org/v1/plot/vg"
	"gonum.org/v1/plot/vg/draw"
)

// mapPoint is one point of the 2-D map.
type mapPoint struct {
	Doc     int // index into Analysis.Docs
	X, Y    float64
	Cluster int
	Label   string // short title; empty unless the map is labelled
	// Tip is what the point says on hover in the HTML report: its title
	// (or id) and passage, its cluster, and its date and source when known,
	// one per line.
	Tip string
}

// mapChart is what the 2-D map shows.
type mapChart struct {
	Points   []mapPoint // in Docs order
	Labelled bool       // points carry labels (few points)
	Total    int        // docs with a finite position
}

// mapCandidates returns the indices of docs with a finite position.
func mapCandidates(a *Analysis) []int {
	var out []int
	for i, d := range a.Docs {
		if finite(d.X) && finite(d.Y) {
			out = append(out, i)
		}
	}
	return out
}

// mapData samples at most maxMapPoints docs, stratified by cluster: each
// cluster gets a quota proportional to its size (largest remainders first,
// at least one point per cluster), filled by evenSample over the cluster's
// docs in order. The sample depends only on the input.
func mapData(a *Analysis) mapChart {
	cand := mapCandidates(a)
	mc := mapChart{Total: len(cand)}
	chosen := cand
	if len(cand) > maxMapPoints {
		chosen = stratifiedSample(a, cand, maxMapPoints)
	}
	mc.Labelled = len(chosen) <= maxMapLabels
	// When articles have several units, a label names the passage too:
	// "NATO allies pledge… ¶3".
	titles := titleIndex(a)
	para := make([]int, len(a.Docs))
	multi := false
	for _, ai := range articles(a) {
		for k, u := range ai.Units {
			para[u] = k + 1
		}
		multi = multi || len(ai.Units) > 1
	}
	for _, i := range chosen {
		d := a.Docs[i]
		p := mapPoint{Doc: i, X: d.X, Y: d.Y, Cluster: d.Cluster}
		if clusterOf(a, d.Cluster) == nil {
			p.Cluster = -1
		}
		l := titles[d.Article]
		if clean(l) == "" {
			l = d.ID
		}
		p.Tip = mapTip(a, d, shorten(l, 100), multi, para[i], p.Cluster)
		if mc.Labelled {
			if multi {
				p.Label = shorten(l, 20) + " ¶" + strconv.Itoa(para[i])
			} else {
				p.Label = shorten(l, 26)
			}
		}
		mc.Points = append(mc.Points, p)
	}
	return mc
}

// mapTip is the hover text of the point of doc d: title, passage,
// cluster, date and source, one per line.
func mapTip(a *Analysis, d Doc, title string, multi bool, para, cluster int) string {
	var b strings.Builder
	b.WriteString(title)
	if multi {
		b.WriteString(" ¶" + strconv.Itoa(para))
	}
	b.WriteString("\n")
	if cluster < 0 {
		b.WriteString("no cluster")
	} else {
		b.WriteString(shorten(clusterLabel(a, cluster), 60))
	}
	var meta []string
	for _, s := range []string{d.Date, d.Source} {
		if s = shorten(s, 40); s != "" {
			meta = append(meta, s)
		}
	}
	if len(meta) > 0 {
		b.WriteString("\n" + strings.Join(meta, " · "))
	}
	return b.String()
}

// stratifiedSample picks at most k of the docs in cand (k >= number of
// clusters present), proportionally per cluster.
func stratifiedSample(a *Analysis, cand []int, k int) []int {
	groups := map[int][]int{}
	for _, i := range cand {
		c := a.Docs[i].Cluster
		if clusterOf(a, c) == nil {
			c = -1
		}
		groups[c] = append(groups[c], i)
	}
	ids := make([]int, 0, len(groups))
	for c := range groups {
		ids = append(ids, c)
	}
	sort.Ints(ids)
	n := len(cand)
	quota := make(map[int]int, len(ids))
	rem := make(map[int]int, len(ids))
	sum := 0
	for _, c := range ids {
		q := k * len(groups[c]) / n
		rem[c] = k * len(groups[c]) % n
		if q < 1 {
			q = 1
		}
		quota[c] = q
		sum += q
	}
	// Hand out what is left by largest remainder, take back any excess
	// (from the one-point minimum) from the largest quotas.
	order := append([]int(nil), ids...)
	sort.SliceStable(order, func(i, j int) bool { return rem[order[i]] > rem[order[j]] })
	for _, c := range order {
		if sum >= k {
			break
		}
		if quota[c] < len(groups[c]) {
			quota[c]++
			sum++
		}
	}
	for sum > k {
		big := ids[0]
		for _, c := range ids {
			if quota[c] > quota[big] {
				big = c
			}
		}
		quota[big]--
		sum--
	}
	var out []int
	for _, c := range ids {
		g := groups[c]
		for _, j := range evenSample(len(g), quota[c]) {
			out = append(out, g[j])
		}
	}
	sort.Ints(out)
	return out
}

// labelPos is where a point's label went.
type labelPos struct {
	Text   string
	At     vg.Point // anchor of the text
	XAlign text.XAlignment
	YAlign text.YAlignment
	Rect   vg.Rectangle // the text's box, padded
	Leader bool         // far from its point: draw a line to it
	OK     bool         // false: no free place, label left out
}

// placeLabels finds a place for each label near its point such that no
// label overlaps another label, any point's marker, or leaves bounds. It
// tries eight positions around the point, near then farther, with the full
// text, then shortened texts; a label with no free place is left out.
func placeLabels(pts []vg.Point, labels []string, sty text.Style, bounds vg.Rectangle, r vg.Length) []labelPos {
	type cand struct {
		dx, dy float64
		xa     text.XAlignment
		ya     text.YAlignment
	}
	cands := []cand{
		{1, 0, draw.XLeft, draw.YCenter}, {-1, 0, draw.XRight, draw.YCenter},
		{0, 1, draw.XCenter, draw.YBottom}, {0, -1, draw.XCenter, draw.YTop},
		{0.7, 0.7, draw.XLeft, draw.YBottom}, {0.7, -0.7, draw.XLeft, draw.YTop},
		{-0.7, 0.7, draw.XRight, draw.YBottom}, {-0.7, -0.7, draw.XRight, draw.YTop},
	}
	var taken []vg.Rectangle
	for _, p := range pts {
		taken = append(taken, vg.Rectangle{Min: vg.Point{X: p.X - r - 1, Y: p.Y - r - 1}, Max: vg.Point{X: p.X + r + 1, Y: p.Y + r + 1}})
	}
	free := func(b vg.Rectangle) bool {
		if b.Min.X < bounds.Min.X || b.Min.Y < bounds.Min.Y || b.Max.X > bounds.Max.X || b.Max.Y > bounds.Max.Y {
			return false
		}
		for _, t := range taken {
			if b.Min.X < t.Max.X && t.Min.X < b.Max.X && b.Min.Y < t.Max.Y && t.Min.Y < b.Max.Y {
				return false
			}
		}
		return true
	}
	out := make([]labelPos, len(pts))
	for i, p := range pts {
		out[i].Text = labels[i]
		if clean(labels[i]) == "" {
			continue
		}
		variants := []string{labels[i]}
		for _, n := range []int{16, 10} {
			if s := shortenLabel(labels[i], n); s != variants[len(variants)-1] {
				variants = append(variants, s)
			}
		}
	search:
		for _, txt := range variants {
			for _, dist := range []vg.Length{r + 3, 2.5*r + 10} {
				for _, cd := range cands {
					s := sty
					s.XAlign, s.YAlign = cd.xa, cd.ya
					at := vg.Point{X: p.X + dist*vg.Length(cd.dx), Y: p.Y + dist*vg.Length(cd.dy)}
					box := s.Rectangle(txt).Add(at)
					box.Min.X, box.Min.Y = box.Min.X-1, box.Min.Y-1
					box.Max.X, box.Max.Y = box.Max.X+1, box.Max.Y+1
					if !free(box) {
						continue
					}
					// A far label gets a leader line, which must not cross
					// other labels or markers either.
					var line []vg.Rectangle
					far := dist > r+3
					if far {
						line = leaderBoxes(p, box, r)
						ok := true
						for _, b := range line {
							if !free(b) {
								ok = false
								break
							}
						}
						if !ok {
							continue
						}
					}
					out[i] = labelPos{Text: txt, At: at, XAlign: cd.xa, YAlign: cd.ya, Rect: box, Leader: far, OK: true}
					taken = append(taken, box)
					taken = append(taken, line...)
					break search
				}
			}
		}
	}
	return out
}

// shortenLabel shortens a map label to about n runes, keeping a passage
// mark (" ¶3") at its end.
func shortenLabel(s string, n int) string {
	if i := strings.LastIndex(s, " ¶"); i > 0 {
		return shorten(s[:i], n) + s[i:]
	}
	return shorten(s, n)
}

// leaderLine returns the leader from just outside a marker of radius r at
// p to the nearest point of box; ok is false when box touches the marker.
func leaderLine(p vg.Point, box vg.Rectangle, r vg.Length) (from, to vg.Point, ok bool) {
	to = vg.Point{X: clampLen(p.X, box.Min.X, box.Max.X), Y: clampLen(p.Y, box.Min.Y, box.Max.Y)}
	d := to.Sub(p)
	dist := vg.Length(math.Hypot(float64(d.X), float64(d.Y)))
	if dist <= r+1 {
		return p, p, false
	}
	return p.Add(d.Scale((r + 1) / dist)), to, true
}

// leaderBoxes covers the leader line from p to box with small squares,
// for collision tests.
func leaderBoxes(p vg.Point, box vg.Rectangle, r vg.Length) []vg.Rectangle {
	from, to, ok := leaderLine(p, box, r)
	if !ok {
		return nil
	}
	d := to.Sub(from)
	n := int(math.Hypot(float64(d.X), float64(d.Y))/2) + 1
	var out []vg.Rectangle
	for k := 1; k < n; k++ { // skip the ends: they touch the marker and the box
		q := from.Add(d.Scale(vg.Length(k) / vg.Length(n)))
		out = append(out, vg.Rectangle{Min: vg.Point{X: q.X - 0.5, Y: q.Y - 0.5}, Max: vg.Point{X: q.X + 0.5, Y: q.Y + 0.5}})
	}
	return out
}

// mapLayout is the map figure computed ahead of drawing, in the
// coordinates of a canvas whose lower-left corner is the origin.
type mapLayout struct {
	Chart mapChart
	W, H  vg.Length
	Frame vg.Rectangle // the data area
	Pts   []vg.Point   // Chart.Points in canvas coordinates
	// Outside marks the points beyond the axes' robust bounds (see
	// robustRange), drawn hollow at the frame's edge; NOut counts them.
	Outside []bool
	NOut    int
	Radius  vg.Length
	Labels  []labelPos // when Chart.Labelled
	Legend  []legendItem
	LegendW vg.Length
	Sub     string
}

const mapLabelSize = vg.Length(8)

func layoutMap(a *Analysis) mapLayout {
	mc := mapData(a)
	ml := mapLayout{Chart: mc}
	ml.Sub = fmt.Sprintf("each mark is one of the %s; marks close together use similar words", unitWord(a))
	if len(mc.Points) < mc.Total {
		ml.Sub = fmt.Sprintf("%d of %d %s, sampled evenly within each cluster · ", len(mc.Points), mc.Total, unitWord(a)) + ml.Sub
	}
	ml.Legend = clusterLegend(a, true)
	if hasUnassigned(mc) {
		ml.Legend = append(ml.Legend, legendItem{Text: "no cluster", Color: ClusterColor(-1), Shape: clusterShape(-1)})
	}
	lw, lh := legendSize("Clusters", ml.Legend)
	ml.LegendW = lw
	const plotW, plotH = vg.Length(600), vg.Length(460)
	ml.W = 2*margin + plotW + 20 + lw
	ml.W = max(ml.W, 2*margin+textStyle(9, mutedColor).Width(ml.Sub))
	ml.H = 2*margin + headerHeight(ml.Sub) + max(plotH, lh)
	top := ml.H - margin - headerHeight(ml.Sub)
	ml.Frame = vg.Rectangle{Min: vg.Point{X: margin, Y: top - plotH}, Max: vg.Point{X: margin + plotW, Y: top}}

	switch n := len(mc.Points); {
	case n > 500:
		ml.Radius = 2.2
	case n > 100:
		ml.Radius = 3
	default:
		ml.Radius = 4.5
	}
	// Data range with room for the markers; labels find their own room.
	// A far outlier must not squeeze every other point into a corner: the
	// axes span the robust range, and points beyond it sit at the frame's
	// edge.
	xs, ys := make([]float64, len(mc.Points)), make([]float64, len(mc.Points))
	for i, p := range mc.Points {
		xs[i], ys[i] = p.X, p.Y
	}
	xlo, xhi := robustRange(xs)
	ylo, yhi := robustRange(ys)
	pad := 0.05
	if mc.Labelled {
		pad = 0.12
	}
	// Clamped points lie just inside the frame, their marker whole.
	edge := ml.Radius + 2
	place := func(v, lo, hi float64, a, b vg.Length) (vg.Length, bool) {
		switch {
		case v < lo:
			return a + edge, true
		case v > hi:
			return b - edge, true
		}
		return scaleInto(v, lo, hi, pad, a, b), false
	}
	ml.Outside = make([]bool, len(mc.Points))
	for i, p := range mc.Points {
		x, ox := place(p.X, xlo, xhi, ml.Frame.Min.X, ml.Frame.Max.X)
		y, oy := place(p.Y, ylo, yhi, ml.Frame.Min.Y, ml.Frame.Max.Y)
		ml.Pts = append(ml.Pts, vg.Point{X: x, Y: y})
		if ox || oy {
			ml.Outside[i] = true
			ml.NOut++
		}
	}
	if ml.NOut > 0 {
		verb := "are"
		if ml.NOut == 1 {
			verb = "is"
		}
		ml.Sub += fmt.Sprintf(" · %s outside the frame %s shown hollow at its edge", count(ml.NOut, "point"), verb)
		ml.W = max(ml.W, 2*margin+textStyle(9, mutedColor).Width(ml.Sub))
	}
	if mc.Labelled {
		labels := make([]string, len(mc.Points))
		for i, p := range mc.Points {
			labels[i] = p.Label
		}
		bounds := ml.Frame
		bounds.Min.X, bounds.Min.Y = bounds.Min.X+2, bounds.Min.Y+2
		bounds.Max.X, bounds.Max.Y = bounds.Max.X-2, bounds.Max.Y-2
		ml.Labels = placeLabels(ml.Pts, labels, textStyle(mapLabelSize, inkColor), bounds, ml.Radius)
		left := 0
		for _, l := range ml.Labels {
			if !l.OK && clean(l.Text) != "" {
				left++
			}
		}
		if left > 0 {
			ml.Sub += fmt.Sprintf(" · %d labels left out where marks crowd", left)
			// The frame is anchored top left, so widening keeps it in place.
			ml.W = max(ml.W, 2*margin+textStyle(9, mutedColor).Width(ml.Sub))
		}
	}
	return ml
}

// mapFence is how many interquartile ranges beyond the quartiles a map
// coordinate may lie and still set the axis: Tukey's far-out fence.
const mapFence = 3

// mapKeep is the share of the whole range below which the robust range
// is used: points beyond the fences are left out of the axis only when
// that widens the rest by more than a third.
const mapKeep = 0.75

// robustRange returns the range of the values within Tukey's far-out
// fences, [Q1 − 3·IQR, Q3 + 3·IQR] (quartiles interpolated between order
// statistics), so that a far outlier does not set the axis. It returns the
// whole range instead with fewer than four values, no spread between the
// quartiles, or when the fenced range spans at least mapKeep of it.
func robustRange(vals []float64) (lo, hi float64) {
	s := append([]float64(nil), vals...)
	sort.Float64s(s)
	if len(s) == 0 {
		return 0, 0
	}
	lo, hi = s[0], s[len(s)-1]
	if len(s) < 4 {
		return lo, hi
	}
	q := func(p float64) float64 {
		x := p * float64(len(s)-1)
		i := int(x)
		if i+1 >= len(s) {
			return s[len(s)-1]
		}
		return s[i] + (x-float64(i))*(s[i+1]-s[i])
	}
	q1, q3 := q(0.25), q(0.75)
	iqr := q3 - q1
	if !(iqr > 0) {
		return lo, hi
	}
	flo, fhi := q1-mapFence*iqr, q3+mapFence*iqr
	i := sort.SearchFloat64s(s, flo)                                  // first value >= flo
	j := sort.SearchFloat64s(s, math.Nextafter(fhi, math.Inf(1))) - 1 // last value <= fhi
	if s[j]-s[i] >= mapKeep*(hi-lo) {
		return lo, hi
	}
	return s[i], s[j]
}

func hasUnassigned(mc mapChart) bool {
	for _, p := range mc.Points {
		if p.Cluster < 0 {
			return true
		}
	}
	return false
}

// scaleInto maps v from [lo,hi] into [a,b], leaving a fraction pad of the
// span free at each end; a single value lands in the middle.
func scaleInto(v, lo, hi, pad float64, a, b vg.Length) vg.Length {
	if !(hi > lo) {
		return (a + b) / 2
	}
	t := (v - lo) / (hi - lo)
	t = pad + t*(1-2*pad)
	return a + vg.Length(t)*(b-a)
}

func mapFigure(a *Analysis) figure {
	ml := layoutMap(a)
	return figure{W: ml.W, H: ml.H, Draw: func(c draw.Canvas) {
		drawHeader(inset(c), chartTitles[ChartMap], ml.Sub)
		f := ml.Frame
		c.StrokeLines(draw.LineStyle{Color: gridColor, Width: 1}, []vg.Point{
			f.Min, {X: f.Max.X, Y: f.Min.Y}, f.Max, {X: f.Min.X, Y: f.Max.Y}, f.Min,
		})
		drawLegend(c, f.Max.X+20, f.Max.Y, "Clusters", ml.Legend)
		alpha := uint8(255)
		if len(ml.Pts) > 100 {
			alpha = 200
		}
		for i, p := range ml.Chart.Points {
			col := ClusterColor(p.Cluster)
			shape := clusterShape(p.Cluster)
			if ml.Outside[i] {
				shape = hollowGlyph{shape}
			}
			c.DrawGlyph(draw.GlyphStyle{
				Color:  color.NRGBA{col.R, col.G, col.B, alpha},
				Radius: ml.Radius,
				Shape:  shape,
			}, ml.Pts[i])
		}
		leader := draw.LineStyle{Color: mutedColor, Width: 0.4}
		for i, l := range ml.Labels {
			if !l.OK {
				continue
			}
			if l.Leader {
				if from, to, ok := leaderLine(ml.Pts[i], l.Rect, ml.Radius); ok {
					c.StrokeLine2(leader, from.X, from.Y, to.X, to.Y)
				}
			}
			sty := textStyle(mapLabelSize, inkColor)
			sty.XAlign, sty.YAlign = l.XAlign, l.YAlign
			c.FillText(sty, l.At, l.Text)
		}
	}, Hover: func() []hoverMark {
		marks := make([]hoverMark, len(ml.Pts))
		for i, p := range ml.Chart.Points {
			tip := p.Tip
			if ml.Outside[i] {
				tip += "\n(outside the frame: shown at its edge)"
			}
			// A little larger than the marker, so that small ones are
			// easy to point at.
			marks[i] = hoverMark{Title: tip, At: ml.Pts[i], R: ml.Radius + 1}
		}
		return marks
	}}
}

// hollowGlyph draws a marker as an outline, white inside, with a line
// heavy enough to see at the map's smallest marker size: how the map shows
// a point outside its frame. Filled circles, squares and triangles keep
// their form; other markers become circles.
type hollowGlyph struct{ of draw.GlyphDrawer }

func (g hollowGlyph) DrawGlyph(c *draw.Canvas, sty draw.GlyphStyle, pt vg.Point) {
	r := sty.Radius
	var p vg.Path
	switch g.of.(type) {
	case draw.BoxGlyph:
		p.Move(vg.Point{X: pt.X - r, Y: pt.Y - r})
		p.Line(vg.Point{X: pt.X + r, Y: pt.Y - r})
		p.Line(vg.Point{X: pt.X + r, Y: pt.Y + r})
		p.Line(vg.Point{X: pt.X - r, Y: pt.Y + r})
	case draw.PyramidGlyph:
		// An equilateral triangle with its centroid at pt, as gonum draws it.
		h := r * vg.Length(math.Sqrt(3)) / 2
		p.Move(vg.Point{X: pt.X, Y: pt.Y + r})
		p.Line(vg.Point{X: pt.X - h, Y: pt.Y - r/2})
		p.Line(vg.Point{X: pt.X + h, Y: pt.Y - r/2})
	default:
		p.Move(vg.Point{X: pt.X + r, Y: pt.Y})
		p.Arc(pt, r, 0, 2*math.Pi)
	}
	p.Close()
	c.SetColor(color.White)
	c.Fill(p)
	c.SetLineStyle(draw.LineStyle{Color: sty.Color, Width: 1.6})
	c.Stroke(p)
}

func clampLen(v, lo, hi vg.Length) vg.Length { return max(lo, min(hi, v)) }
