package report

import (
	"fmt"
	"image/color"
	"math"
	"sort"

	"gonum.org/v1/plot/text"
	"gonum.org/v1/plot/vg"
	"gonum.org/v1/plot/vg/draw"
)

// heatmapChart is what the similarity heatmap shows.
type heatmapChart struct {
	Labels []string    // shortened article labels, rows top-down and columns left-right
	Names  []string    // the same, shortened less, for the cells' hover titles
	Cos    [][]float64 // Cos[i][j] for the shown articles
	Lo, Hi float64     // colour scale: Lo is the lightest colour, Hi the darkest
	Total  int         // articles in a.Heatmap (the chart may show a sample)
	// Clipped: some cosines lie above Hi and are drawn in its colour.
	Clipped bool
	// Clusters holds each shown article's cluster (-1: none) when the
	// heatmap names its articles; rows are then in cluster order.
	Clusters []int
}

// heatQuantile is the share of off-diagonal cosines at or below the top of
// the heatmap's colour scale (before rounding up to 0.1).
const heatQuantile = 0.98

// heatmapData samples a.Heatmap down to maxHeatmap articles spread evenly
// over its order, and picks the colour scale: from 0 (or the lowest cosine,
// rounded down to 0.1, when some are negative) to the off-diagonal cosine
// of rank floor(heatQuantile·(m−1)) among the m sorted ones, rounded up to
// 0.1, so that differences between articles are not flattened by the
// diagonal's 1 or a few near-duplicates; cells above it take the darkest
// colour and the scale's top label reads "≥ x".
func heatmapData(a *Analysis) heatmapChart {
	h := a.Heatmap
	n := len(h.Labels)
	if h.Cosine == nil {
		if len(h.Cos) != n {
			panic(fmt.Sprintf("report: heatmap has %d labels and %d rows", n, len(h.Cos)))
		}
		for i, row := range h.Cos {
			if len(row) != n {
				panic(fmt.Sprintf("report: heatmap row %d has %d values, want %d", i, len(row), n))
			}
		}
	}
	idx := evenSample(n, maxHeatmap)
	hc := heatmapChart{Total: n}
	if len(h.Articles) == n {
		// Each article's cluster: that of most of its units, ties to the
		// lower cluster.
		counts := map[string]map[int]int{}
		for _, d := range a.Docs {
			if clusterOf(a, d.Cluster) == nil {
				continue
			}
			if counts[d.Article] == nil {
				counts[d.Article] = map[int]int{}
			}
			counts[d.Article][d.Cluster]++
		}
		major := func(id string) int {
			best, bn := -1, 0
			for c, k := range counts[id] {
				if k > bn || (k == bn && c < best) {
					best, bn = c, k
				}
			}
			return best
		}
		cl := make(map[int]int, len(idx))
		for _, i := range idx {
			cl[i] = major(h.Articles[i])
		}
		// Unclustered articles last; within a cluster, the heatmap's order.
		rank := func(c int) int {
			if c < 0 {
				return len(a.Clusters)
			}
			return c
		}
		sort.SliceStable(idx, func(x, y int) bool { return rank(cl[idx[x]]) < rank(cl[idx[y]]) })
		for _, i := range idx {
			hc.Clusters = append(hc.Clusters, cl[i])
		}
	}
	// Few rows leave room for longer labels.
	labelLen := 28
	if len(idx) <= 12 {
		labelLen = 44
	}
	lo := 0.0
	var off []float64 // off-diagonal cosines
	for r, i := range idx {
		hc.Labels = append(hc.Labels, shorten(h.Labels[i], labelLen))
		hc.Names = append(hc.Names, shorten(h.Labels[i], 80))
		row := make([]float64, len(idx))
		for c, j := range idx {
			v := h.cosine(i, j)
			if !finite(v) {
				v = 0
			}
			row[c] = v
			if r != c {
				lo = math.Min(lo, v)
				off = append(off, v)
			}
		}
		hc.Cos = append(hc.Cos, row)
	}
	// The top of the scale is a high quantile, not the maximum, so that
	// one pair of near-duplicates does not wash out every other cell.
	hi := math.Inf(-1)
	if len(off) > 0 {
		sort.Float64s(off)
		hi = off[int(heatQuantile*float64(len(off)-1))]
	}
	hc.Lo = math.Floor(lo*10) / 10
	hc.Hi = math.Min(math.Ceil(hi*10)/10, 1)
	if !(hc.Hi > hc.Lo) {
		hc.Hi = hc.Lo + 1
	}
	hc.Clipped = len(off) > 0 && off[len(off)-1] > hc.Hi
	return hc
}

// cosine returns the cosine between articles i and j of h.
func (h *Heatmap) cosine(i, j int) float64 {
	if h.Cosine != nil {
		return h.Cosine(i, j)
	}
	return h.Cos[i][j]
}

// level returns the colour level of cosine v on the chart's scale.
func (hc *heatmapChart) level(v float64) int {
	return heatLevel((v - hc.Lo) / (hc.Hi - hc.Lo))
}

// ticks returns the colour-scale ticks: multiples of the smallest of 0.05,
// 0.1, 0.2, 0.25 and 0.5 that gives at most six steps, within [Lo, Hi].
func (hc *heatmapChart) ticks() []float64 {
	span := hc.Hi - hc.Lo
	step := 0.5
	for _, s := range []float64{0.05, 0.1, 0.2, 0.25} {
		if span/s <= 6+1e-9 {
			step = s
			break
		}
	}
	var out []float64
	for k := math.Ceil(hc.Lo/step - 1e-9); k*step <= hc.Hi+1e-9; k++ {
		out = append(out, k*step)
	}
	return out
}

var diagonalColor = color.RGBA{0xd9, 0xd9, 0xd9, 0xff}

// heatFrame is the line style of the frames round the matrix and the
// colour scale, and of the scale's ticks.
var heatFrame = draw.LineStyle{Color: mutedColor, Width: 0.5}

// Gaps of the heatmap figure: between the labels, cluster strips and
// matrix, and the width of the colour scale.
const heatGap, heatBarW = vg.Length(6), vg.Length(12)

// heatmapFigure draws the similarity heatmap of heatmapData: the matrix
// with its article labels and cluster strips, and the colour scale.
func heatmapFigure(a *Analysis) figure {
	hc := heatmapData(a)
	sub := heatmapSubtitle(hc)
	l := newHeatmapLayout(hc)
	w := 2*margin + l.lw + heatGap + l.strip + l.side + 24 + heatBarW + 4 + l.tickW
	w = max(w, 2*margin+textStyle(9, mutedColor).Width(sub))
	h := 2*margin + headerHeight(sub) + max(l.side+l.strip+heatGap+l.lw, l.barH+8)

	return figure{W: w, H: h, Draw: func(c draw.Canvas) {
		c = drawHeader(inset(c), chartTitles[ChartHeatmap], sub)
		l.drawCells(c)
		l.drawLabels(c)
		l.drawStrips(c)
		l.drawScale(c)
	}, Hover: l.hover}
}

// hover returns a mark per pair of articles, covering its two cells, that
// says "A ~ B: cosine 0.42", and one per diagonal cell; the matrix is
// where drawCells last put it.
func (l *heatmapLayout) hover() []hoverMark {
	hc, cell := &l.hc, l.cell
	rect := func(i, j int) vg.Rectangle {
		x := l.x0 + cell*vg.Length(j)
		y := l.top - cell*vg.Length(i+1)
		return vg.Rectangle{Min: vg.Point{X: x, Y: y}, Max: vg.Point{X: x + cell, Y: y + cell}}
	}
	var marks []hoverMark
	for i := range l.n {
		marks = append(marks, hoverMark{Title: hc.Names[i] + " (the article itself)", Rects: []vg.Rectangle{rect(i, i)}})
		for j := i + 1; j < l.n; j++ {
			marks = append(marks, hoverMark{
				Title: hc.Names[i] + " ~ " + hc.Names[j] + ": cosine " + fixed(hc.Cos[i][j], 2),
				Rects: []vg.Rectangle{rect(i, j), rect(j, i)},
			})
		}
	}
	return marks
}

// heatmapSubtitle says what the heatmap shows: its sampling, its order and
// how to read it.
func heatmapSubtitle(hc heatmapChart) string {
	n := len(hc.Labels)
	sub := "cosine similarity of each pair of articles · darker = more alike · grey diagonal = an article with itself"
	if hc.Clusters != nil {
		sub = "ordered by cluster (coloured strips) · " + sub
	}
	if n < hc.Total {
		sub = fmt.Sprintf("%d of %d articles, evenly spread · ", n, hc.Total) + sub
	}
	return sub
}

// heatmapLayout is the heatmap figure's chart and the sizes of its parts.
type heatmapLayout struct {
	hc    heatmapChart
	n     int        // articles shown
	cell  vg.Length  // side of one cell
	ls    text.Style // article labels
	ts    text.Style // colour-scale tick labels
	lw    vg.Length  // width of the widest article label
	tickW vg.Length  // width of the widest tick label
	side  vg.Length  // side of the matrix
	barH  vg.Length  // height of the colour scale
	strip vg.Length  // width of the cluster strips, 0 without clusters
	// x0, top: the top left corner of the matrix as last drawn.
	x0, top vg.Length
}

// newHeatmapLayout sizes the cells to fit the matrix in about 480 points,
// and the labels to the cells.
func newHeatmapLayout(hc heatmapChart) *heatmapLayout {
	n := len(hc.Labels)
	l := &heatmapLayout{hc: hc, n: n}
	l.cell = vg.Length(math.Max(9, math.Min(48, 480/float64(n))))
	fs := vg.Length(math.Max(7, math.Min(10, float64(l.cell)*0.8)))
	l.ls = textStyle(fs, inkColor)
	for _, s := range hc.Labels {
		l.lw = max(l.lw, l.ls.Width(s))
	}
	l.ts = textStyle(8, inkColor)
	l.tickW = l.ts.Width("≥ 0.00")
	l.side = l.cell * vg.Length(n)
	l.barH = max(l.side, 120)
	if hc.Clusters != nil {
		l.strip = 5
	}
	return l
}

// corner returns the top left corner of the matrix in c, the canvas below
// the header.
func (l *heatmapLayout) corner(c draw.Canvas) (x0, top vg.Length) {
	return c.Min.X + l.lw + heatGap + l.strip, c.Max.Y
}

// drawCells fills the matrix cells in the colours of their levels, the
// diagonal grey, and frames the matrix.
func (l *heatmapLayout) drawCells(c draw.Canvas) {
	hc, n, cell, side := &l.hc, l.n, l.cell, l.side
	x0, top := l.corner(c)
	l.x0, l.top = x0, top
	cellRect := func(path *vg.Path, i, j0, j1 int) {
		xa, xb := x0+cell*vg.Length(j0), x0+cell*vg.Length(j1)
		yb, ya := top-cell*vg.Length(i), top-cell*vg.Length(i+1)
		path.Move(vg.Point{X: xa, Y: ya})
		path.Line(vg.Point{X: xb, Y: ya})
		path.Line(vg.Point{X: xb, Y: yb})
		path.Line(vg.Point{X: xa, Y: yb})
		path.Close()
	}
	// One path per colour level, runs of equal level merged: a 60 × 60
	// matrix becomes a few hundred rectangles rather than 3,600.
	var paths [heatLevels]vg.Path
	var diag vg.Path
	for i := range n {
		j := 0
		for j < n {
			if j == i {
				cellRect(&diag, i, j, j+1)
				j++
				continue
			}
			lv := hc.level(hc.Cos[i][j])
			k := j + 1
			for k < n && k != i && hc.level(hc.Cos[i][k]) == lv {
				k++
			}
			cellRect(&paths[lv], i, j, k)
			j = k
		}
	}
	for lv := range paths {
		if len(paths[lv]) > 0 {
			c.SetColor(heatColor(lv))
			c.Fill(paths[lv])
		}
	}
	c.SetColor(diagonalColor)
	c.Fill(diag)
	c.StrokeLines(heatFrame, []vg.Point{
		{X: x0, Y: top}, {X: x0 + side, Y: top}, {X: x0 + side, Y: top - side},
		{X: x0, Y: top - side}, {X: x0, Y: top},
	})
}

// drawLabels writes the row labels right-aligned left of the matrix and
// the column labels below it, rotated to read upwards and ending at the
// matrix.
func (l *heatmapLayout) drawLabels(c draw.Canvas) {
	x0, top := l.corner(c)
	rs := l.ls
	rs.XAlign, rs.YAlign = draw.XRight, draw.YCenter
	cs := l.ls
	cs.Rotation = math.Pi / 2
	cs.XAlign, cs.YAlign = draw.XRight, draw.YCenter
	for i, s := range l.hc.Labels {
		mid := l.cell * (vg.Length(i) + 0.5)
		c.FillText(rs, vg.Point{X: x0 - l.strip - heatGap, Y: top - mid}, s)
		c.FillText(cs, vg.Point{X: x0 + mid, Y: top - l.side - l.strip - heatGap}, s)
	}
}

// drawStrips draws the cluster strips, in the clusters' colours, left of
// the rows and below the columns; there are none without clusters.
func (l *heatmapLayout) drawStrips(c draw.Canvas) {
	x0, top := l.corner(c)
	cell, side, strip := l.cell, l.side, l.strip
	for i, cl := range l.hc.Clusters {
		lo, hi := cell*vg.Length(i), cell*vg.Length(i+1)
		col := ClusterColor(cl)
		c.FillPolygon(col, []vg.Point{{X: x0 - strip, Y: top - hi}, {X: x0 - 1, Y: top - hi}, {X: x0 - 1, Y: top - lo}, {X: x0 - strip, Y: top - lo}})
		c.FillPolygon(col, []vg.Point{{X: x0 + lo, Y: top - side - strip}, {X: x0 + hi, Y: top - side - strip}, {X: x0 + hi, Y: top - side - 1}, {X: x0 + lo, Y: top - side - 1}})
	}
}

// drawScale draws the colour scale right of the matrix with its ticks,
// the top one marked "≥" when some cosines lie above it.
func (l *heatmapLayout) drawScale(c draw.Canvas) {
	hc, barH := &l.hc, l.barH
	x0, top := l.corner(c)
	bx := x0 + l.side + 24
	step := barH / heatLevels
	for lv := range heatLevels {
		y := top - barH + step*vg.Length(lv)
		c.FillPolygon(heatColor(lv), []vg.Point{
			{X: bx, Y: y}, {X: bx + heatBarW, Y: y}, {X: bx + heatBarW, Y: y + step + 0.3}, {X: bx, Y: y + step + 0.3},
		})
	}
	c.StrokeLines(heatFrame, []vg.Point{
		{X: bx, Y: top}, {X: bx + heatBarW, Y: top}, {X: bx + heatBarW, Y: top - barH},
		{X: bx, Y: top - barH}, {X: bx, Y: top},
	})
	tl := l.ts
	tl.YAlign = draw.YCenter
	for _, v := range hc.ticks() {
		y := top - barH + barH*vg.Length((v-hc.Lo)/(hc.Hi-hc.Lo))
		c.StrokeLine2(heatFrame, bx+heatBarW, y, bx+heatBarW+2, y)
		label := fixed(v, 2)
		if hc.Clipped && v >= hc.Hi-1e-9 {
			label = "≥ " + label
		}
		c.FillText(tl, vg.Point{X: bx + heatBarW + 4, Y: y}, label)
	}
}
