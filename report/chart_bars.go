package report

import (
	"fmt"
	"image/color"
	"math"
	"sort"
	"strconv"
	"strings"

	"gonum.org/v1/plot"
	"gonum.org/v1/plot/font"
	"gonum.org/v1/plot/plotter"
	"gonum.org/v1/plot/vg"
	"gonum.org/v1/plot/vg/draw"
)

// bar is one bar of a bar chart: what the plotter is handed.
type bar struct {
	Label string // category label, already shortened
	Value float64
	Text  string // printed at the end of the bar
	Color color.RGBA
}

// sizeBars returns one bar per cluster, in cluster order.
func sizeBars(a *Analysis) []bar {
	total := 0
	for _, c := range a.Clusters {
		total += c.Size
	}
	bars := make([]bar, len(a.Clusters))
	for i, c := range a.Clusters {
		txt := strconv.Itoa(c.Size)
		if total > 0 {
			txt += " (" + percent(float64(c.Size)/float64(total)) + ")"
		}
		bars[i] = bar{Label: shorten(clusterLabel(a, i), 48), Value: float64(c.Size), Text: txt, Color: ClusterColor(i)}
	}
	return bars
}

// addHBars adds bars to p as horizontal bars, the first at the top, each
// with its text printed after its end, and names the rows on the Y axis.
// The plot has room for rows bars (at least len(bars)), so that panels
// with fewer bars keep the same spacing, their bars at the top.
func addHBars(p *plot.Plot, bars []bar, rows int, thickness vg.Length, labelSize vg.Length) {
	n := max(rows, len(bars))
	names := make([]string, n)
	var pts plotter.XYs
	var texts []string
	lo, hi := 0.0, 0.0
	for i, b := range bars {
		pos := float64(n - 1 - i)
		names[n-1-i] = b.Label
		v := b.Value
		if !finite(v) {
			v = 0
		}
		lo, hi = math.Min(lo, v), math.Max(hi, v)
		bc, err := plotter.NewBarChart(plotter.Values{v}, thickness)
		if err != nil {
			panic("report: " + err.Error()) // thickness is positive, v finite
		}
		bc.Horizontal = true
		bc.XMin = pos
		bc.Color = b.Color
		bc.LineStyle.Width = 0
		p.Add(bc)
		if b.Text != "" {
			pts = append(pts, plotter.XY{X: math.Max(v, 0), Y: pos})
			texts = append(texts, b.Text)
		}
	}
	if len(texts) > 0 {
		l, err := plotter.NewLabels(plotter.XYLabels{XYs: pts, Labels: texts})
		if err != nil {
			panic("report: " + err.Error())
		}
		for i := range l.TextStyle {
			l.TextStyle[i] = textStyle(labelSize, mutedColor)
			l.TextStyle[i].YAlign = draw.YCenter
		}
		l.Offset = vg.Point{X: 3}
		p.Add(l)
	}
	p.NominalY(names...)
	p.Y.Min, p.Y.Max = -0.6, float64(n)-0.4
	p.X.Min, p.X.Max = lo, hi
	if hi == lo {
		p.X.Max = lo + 1
	}
}

func sizesFigure(a *Analysis) figure {
	bars := sizeBars(a)
	sub := fmt.Sprintf("%s per cluster · %d clusters", unitWord(a), len(bars))
	row := vg.Length(20)
	w := vg.Length(720)
	h := 2*margin + headerHeight(sub) + row*vg.Length(len(bars)) + 50
	return figure{W: w, H: h, Draw: func(c draw.Canvas) {
		c = drawHeader(inset(c), chartTitles[ChartSizes], sub)
		p := newPlot()
		grid := plotter.NewGrid()
		grid.Horizontal.Color = nil
		grid.Vertical.Color = gridColor
		p.Add(grid)
		addHBars(p, bars, len(bars), row*0.7, 9)
		p.Y.Tick.Label.Font = font.From(sansFont, 10)
		p.X.Label.Text = unitWord(a)
		p.X.Tick.Marker = intTicks{}
		p.Draw(c)
	}}
}

// intTicks are plot.DefaultTicks without fractional labels, for counts.
type intTicks struct{}

func (intTicks) Ticks(lo, hi float64) []plot.Tick {
	var out []plot.Tick
	for _, t := range (plot.DefaultTicks{}).Ticks(lo, hi) {
		if t.Label != "" && t.Value != math.Trunc(t.Value) {
			continue
		}
		out = append(out, t)
	}
	return out
}

// decimalTicks are plot.DefaultTicks with every major label given the same
// number of decimals ("0.10" rather than "0.1" beside "0.12").
type decimalTicks struct{}

func (decimalTicks) Ticks(lo, hi float64) []plot.Tick {
	ticks := (plot.DefaultTicks{}).Ticks(lo, hi)
	prec := 0
	for _, t := range ticks {
		if i := strings.IndexByte(t.Label, '.'); i >= 0 && !strings.ContainsAny(t.Label, "eE") {
			prec = max(prec, len(t.Label)-i-1)
		}
	}
	for i, t := range ticks {
		if t.Label != "" {
			ticks[i].Label = fixed(t.Value, prec)
		}
	}
	return ticks
}

// termPanel is one cluster's panel in the top-terms chart.
type termPanel struct {
	Title string
	Bars  []bar // highest weight first
}

// termPanels returns a panel for each cluster with terms, each with at most
// maxPanelTerms bars.
func termPanels(a *Analysis) []termPanel {
	var out []termPanel
	for i, c := range a.Clusters {
		if len(c.Terms) == 0 {
			continue
		}
		terms := c.Terms[:min(len(c.Terms), maxPanelTerms)]
		p := termPanel{Title: clusterLabel(a, i)}
		for _, t := range terms {
			p.Bars = append(p.Bars, bar{Label: shorten(t.Word, 22), Value: t.Weight, Text: fixed(t.Weight, 3), Color: ClusterColor(i)})
		}
		out = append(out, p)
	}
	return out
}

// gridCols is the number of columns for n small multiples.
func gridCols(n int) int {
	switch {
	case n <= 1:
		return 1
	case n <= 4:
		return 2
	case n <= 9:
		return 3
	}
	return 4
}

func termsFigure(a *Analysis) figure {
	panels := termPanels(a)
	cols := gridCols(len(panels))
	rows := (len(panels) + cols - 1) / cols
	sub := "most distinctive words of each cluster, with their weights"
	rowsPerPanel := 1
	for _, p := range panels {
		rowsPerPanel = max(rowsPerPanel, len(p.Bars))
	}
	panelW, panelH := vg.Length(250), vg.Length(16*rowsPerPanel+36)
	w := 2*margin + panelW*vg.Length(cols)
	h := 2*margin + headerHeight(sub) + panelH*vg.Length(rows)
	return figure{W: w, H: h, Draw: func(c draw.Canvas) {
		c = drawHeader(inset(c), chartTitles[ChartTerms], sub)
		plots := make([][]*plot.Plot, rows)
		for r := range plots {
			plots[r] = make([]*plot.Plot, cols)
		}
		titleSty := textStyle(10, inkColor)
		for i, tp := range panels {
			p := newPlot()
			p.Title.Text = fitText(tp.Title, titleSty, panelW-16)
			p.Title.TextStyle = titleSty
			p.Title.TextStyle.XAlign, p.Title.TextStyle.YAlign = draw.XCenter, draw.YTop
			p.Title.Padding = 4
			addHBars(p, tp.Bars, rowsPerPanel, 10, 8)
			p.HideX()
			p.X.Padding = 0
			plots[i/cols][i%cols] = p
		}
		tiles := draw.Tiles{Rows: rows, Cols: cols, PadX: 14, PadY: 10}
		canvases := plot.Align(plots, tiles, c)
		for r := range plots {
			for k, p := range plots[r] {
				if p != nil {
					p.Draw(canvases[r][k])
				}
			}
		}
	}}
}

// themeChart is what the theme-relevance chart shows.
type themeChart struct {
	Themes    []string    // legend names, shortened
	Labels    []string    // one per article, shortened titles
	Relevance [][]float64 // Relevance[r][t]: article r's relevance to theme t, in [0, 1]
	Notes     []string    // one per article: the themes it is about, "–" for none
	Total     int         // articles in the analysis (the chart may show a sample)
}

// themeData returns at most themeBars(T) articles, spread evenly over
// a.Articles in their order, with their relevances.
func themeData(a *Analysis) themeChart {
	checkThemes(a)
	tc := themeChart{Total: len(a.Articles)}
	for _, t := range a.Themes {
		tc.Themes = append(tc.Themes, shorten(t, 30))
	}
	for _, i := range evenSample(len(a.Articles), themeBars(len(a.Themes))) {
		at := a.Articles[i]
		label := at.Title
		if clean(label) == "" {
			label = at.Article
		}
		tc.Labels = append(tc.Labels, shorten(label, 40))
		r := make([]float64, len(at.Relevance))
		for j, v := range at.Relevance {
			r[j] = clamp01(v)
		}
		tc.Relevance = append(tc.Relevance, r)
		n := 0
		for _, ab := range at.About {
			if ab {
				n++
			}
		}
		note := "none"
		if n > 0 {
			note = strconv.Itoa(n)
		}
		tc.Notes = append(tc.Notes, note)
	}
	return tc
}

func themesFigure(a *Analysis) figure {
	tc := themeData(a)
	sub := "share of each article's weight that each theme explains"
	if a.ThemeThreshold > 0 {
		sub += "; about a theme from the dashed line on; at the right, the number of themes it is about"
	}
	if len(tc.Labels) < tc.Total {
		sub += fmt.Sprintf(" · %d of %d articles, evenly spread", len(tc.Labels), tc.Total)
	}
	return groupedFigure(chartTitles[ChartThemes], sub, "relevance", a.Themes, tc.Labels, tc.Relevance, a.ThemeThreshold, tc.Notes)
}

// kscoreData returns the criterion's curve sorted by k, and the index of the
// chosen k (the number of clusters) in it, or -1.
func kscoreData(a *Analysis) (plotter.XYs, int) {
	ks := append([]KScore(nil), a.KScores...)
	sort.SliceStable(ks, func(i, j int) bool { return ks[i].K < ks[j].K })
	pts := make(plotter.XYs, 0, len(ks))
	chosen := -1
	for _, s := range ks {
		if !finite(s.Score) {
			continue
		}
		if s.K == len(a.Clusters) {
			chosen = len(pts)
		}
		pts = append(pts, plotter.XY{X: float64(s.K), Y: s.Score})
	}
	return pts, chosen
}

func kscoresFigure(a *Analysis) figure {
	pts, chosen := kscoreData(a)
	sub := "score of each number of clusters k tried (higher is better)"
	if a.KCriterion != "" {
		sub = a.KCriterion
	}
	w, h := vg.Length(600), vg.Length(360)
	return figure{W: w, H: h, Draw: func(c draw.Canvas) {
		c = drawHeader(inset(c), chartTitles[ChartKScores], sub)
		p := newPlot()
		grid := plotter.NewGrid()
		grid.Vertical.Color = nil
		grid.Horizontal.Color = gridColor
		p.Add(grid)
		if len(pts) > 0 {
			line, sc, err := plotter.NewLinePoints(pts)
			if err != nil {
				panic("report: " + err.Error())
			}
			line.Color = categorical[0]
			line.Width = 1.5
			sc.Color = categorical[0]
			sc.Shape = draw.CircleGlyph{}
			sc.Radius = 3
			p.Add(line, sc)
		}
		if chosen >= 0 {
			pt := pts[chosen]
			ring, err := plotter.NewScatter(plotter.XYs{pt})
			if err != nil {
				panic("report: " + err.Error())
			}
			ring.Shape = draw.RingGlyph{}
			ring.Radius = 7
			ring.Color = categorical[3]
			l, err := plotter.NewLabels(plotter.XYLabels{XYs: plotter.XYs{pt}, Labels: []string{"chosen k = " + strconv.Itoa(int(pt.X))}})
			if err != nil {
				panic("report: " + err.Error())
			}
			l.TextStyle[0] = textStyle(9, categorical[3])
			l.TextStyle[0].XAlign = draw.XCenter
			l.Offset = vg.Point{Y: 10}
			p.Add(ring, l)
		}
		var ticks []plot.Tick
		for _, q := range pts {
			ticks = append(ticks, plot.Tick{Value: q.X, Label: strconv.Itoa(int(q.X))})
		}
		if len(ticks) > 0 && len(ticks) <= 25 {
			p.X.Tick.Marker = plot.ConstantTicks(ticks)
		} else {
			p.X.Tick.Marker = intTicks{}
		}
		p.X.Label.Text = "number of clusters k"
		p.Y.Label.Text = "score"
		p.Y.Tick.Marker = decimalTicks{}
		p.X.Padding, p.Y.Padding = 10, 10
		lo, hi := p.Y.Min, p.Y.Max
		pad := math.Max((hi-lo)*0.15, 0.01)
		p.Y.Min, p.Y.Max = lo-pad, hi+pad
		p.X.Min -= 0.5
		p.X.Max += 0.5
		p.Draw(c)
	}}
}
