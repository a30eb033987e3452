package report

import (
	"fmt"
	"image/color"
	"math"
	"sort"

	"gonum.org/v1/plot/vg"
	"gonum.org/v1/plot/vg/draw"
)

// heatmapChart is what the similarity heatmap shows.
type heatmapChart struct {
	Labels []string    // shortened article labels, rows top-down and columns left-right
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

func heatmapFigure(a *Analysis) figure {
	hc := heatmapData(a)
	n := len(hc.Labels)
	sub := "cosine similarity of each pair of articles · darker = more alike · grey diagonal = an article with itself"
	if hc.Clusters != nil {
		sub = "ordered by cluster (coloured strips) · " + sub
	}
	if n < hc.Total {
		sub = fmt.Sprintf("%d of %d articles, evenly spread · ", n, hc.Total) + sub
	}
	cell := vg.Length(math.Max(9, math.Min(48, 480/float64(n))))
	fs := vg.Length(math.Max(7, math.Min(10, float64(cell)*0.8)))
	ls := textStyle(fs, inkColor)
	var lw vg.Length
	for _, l := range hc.Labels {
		lw = max(lw, ls.Width(l))
	}
	ts := textStyle(8, inkColor)
	tickW := ts.Width("≥ 0.00")
	side := cell * vg.Length(n)
	barH := max(side, 120)
	const gap, barW = vg.Length(6), vg.Length(12)
	var strip vg.Length // width of the cluster strips
	if hc.Clusters != nil {
		strip = 5
	}
	w := 2*margin + lw + gap + strip + side + 24 + barW + 4 + tickW
	w = max(w, 2*margin+textStyle(9, mutedColor).Width(sub))
	h := 2*margin + headerHeight(sub) + max(side+strip+gap+lw, barH+8)

	return figure{W: w, H: h, Draw: func(c draw.Canvas) {
		c = drawHeader(inset(c), chartTitles[ChartHeatmap], sub)
		x0 := c.Min.X + lw + gap + strip
		top := c.Max.Y
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
				l := hc.level(hc.Cos[i][j])
				k := j + 1
				for k < n && k != i && hc.level(hc.Cos[i][k]) == l {
					k++
				}
				cellRect(&paths[l], i, j, k)
				j = k
			}
		}
		for l := range paths {
			if len(paths[l]) > 0 {
				c.SetColor(heatColor(l))
				c.Fill(paths[l])
			}
		}
		c.SetColor(diagonalColor)
		c.Fill(diag)
		frame := draw.LineStyle{Color: mutedColor, Width: 0.5}
		c.StrokeLines(frame, []vg.Point{
			{X: x0, Y: top}, {X: x0 + side, Y: top}, {X: x0 + side, Y: top - side},
			{X: x0, Y: top - side}, {X: x0, Y: top},
		})

		// Row labels right-aligned left of the matrix; column labels below
		// it, rotated to read upwards and ending at the matrix.
		rs := ls
		rs.XAlign, rs.YAlign = draw.XRight, draw.YCenter
		cs := ls
		cs.Rotation = math.Pi / 2
		cs.XAlign, cs.YAlign = draw.XRight, draw.YCenter
		for i, l := range hc.Labels {
			mid := cell * (vg.Length(i) + 0.5)
			c.FillText(rs, vg.Point{X: x0 - strip - gap, Y: top - mid}, l)
			c.FillText(cs, vg.Point{X: x0 + mid, Y: top - side - strip - gap}, l)
		}
		// Cluster strips: left of the rows and below the columns.
		for i, cl := range hc.Clusters {
			lo, hi := cell*vg.Length(i), cell*vg.Length(i+1)
			col := ClusterColor(cl)
			c.FillPolygon(col, []vg.Point{{X: x0 - strip, Y: top - hi}, {X: x0 - 1, Y: top - hi}, {X: x0 - 1, Y: top - lo}, {X: x0 - strip, Y: top - lo}})
			c.FillPolygon(col, []vg.Point{{X: x0 + lo, Y: top - side - strip}, {X: x0 + hi, Y: top - side - strip}, {X: x0 + hi, Y: top - side - 1}, {X: x0 + lo, Y: top - side - 1}})
		}

		// Colour scale.
		bx := x0 + side + 24
		step := barH / heatLevels
		for l := range heatLevels {
			y := top - barH + step*vg.Length(l)
			c.FillPolygon(heatColor(l), []vg.Point{
				{X: bx, Y: y}, {X: bx + barW, Y: y}, {X: bx + barW, Y: y + step + 0.3}, {X: bx, Y: y + step + 0.3},
			})
		}
		c.StrokeLines(frame, []vg.Point{
			{X: bx, Y: top}, {X: bx + barW, Y: top}, {X: bx + barW, Y: top - barH},
			{X: bx, Y: top - barH}, {X: bx, Y: top},
		})
		tl := ts
		tl.YAlign = draw.YCenter
		for _, v := range hc.ticks() {
			y := top - barH + barH*vg.Length((v-hc.Lo)/(hc.Hi-hc.Lo))
			c.StrokeLine2(frame, bx+barW, y, bx+barW+2, y)
			label := fixed(v, 2)
			if hc.Clipped && v >= hc.Hi-1e-9 {
				label = "≥ " + label
			}
			c.FillText(tl, vg.Point{X: bx + barW + 4, Y: y}, label)
		}
	}}
}
