package report

import (
	"fmt"
	"math"
	"sort"
	"time"

	"gonum.org/v1/plot"
	"gonum.org/v1/plot/font"
	"gonum.org/v1/plot/plotter"
	"gonum.org/v1/plot/vg"
	"gonum.org/v1/plot/vg/draw"
)

// themeGroup is the theme profile of a group of articles: one source, or
// the articles of one month or day.
type themeGroup struct {
	Name   string    // source, or period "2015-03" / "2015-03-23"
	Total  int       // articles in the group that have theme shares
	N      int       // of those, articles using at least one theme term
	Shares []float64 // mean share per theme over the N articles; all 0 when N is 0
	Weight float64   // mean theme weight over the Total articles
}

// themeGroups groups a.Articles by key (articles with key "" are left out)
// and averages each group's shares over its articles that use a theme term.
// Groups come in order of first appearance.
func themeGroups(a *Analysis, key func(articleInfo) string) []themeGroup {
	info := map[string]articleInfo{}
	for _, ai := range articles(a) {
		info[ai.ID] = ai
	}
	var out []themeGroup
	index := map[string]int{}
	for _, at := range a.Articles {
		if len(at.Shares) != len(a.Themes) {
			panic(fmt.Sprintf("report: article %q has %d theme shares, want %d", at.Article, len(at.Shares), len(a.Themes)))
		}
		k := key(info[at.Article])
		if k == "" {
			continue
		}
		g, ok := index[k]
		if !ok {
			g = len(out)
			index[k] = g
			out = append(out, themeGroup{Name: k, Shares: make([]float64, len(a.Themes))})
		}
		out[g].Total++
		out[g].Weight += clamp01(at.Weight)
		sum := 0.0
		for _, s := range at.Shares {
			sum += clamp01(s)
		}
		if sum == 0 {
			continue
		}
		out[g].N++
		for j, s := range at.Shares {
			out[g].Shares[j] += clamp01(s)
		}
	}
	for i := range out {
		out[i].Weight /= float64(out[i].Total)
		if out[i].N > 0 {
			for j := range out[i].Shares {
				out[i].Shares[j] /= float64(out[i].N)
			}
		}
	}
	return out
}

// themeSources returns the theme profile of each source, most articles
// first, then by name; nil unless there are themes and at least two
// sources.
func themeSources(a *Analysis) []themeGroup {
	if len(a.Themes) == 0 {
		return nil
	}
	g := themeGroups(a, func(ai articleInfo) string { return clean(ai.Source) })
	if len(g) < 2 {
		return nil
	}
	sort.SliceStable(g, func(i, j int) bool {
		if g[i].Total != g[j].Total {
			return g[i].Total > g[j].Total
		}
		return g[i].Name < g[j].Name
	})
	return g
}

// themePeriods returns the theme profile of each month, in date order,
// when the articles' ISO dates fall in at least two months; else of each
// day when they fall on at least two days; else nil. period is "month" or
// "day".
func themePeriods(a *Analysis) (period string, groups []themeGroup) {
	if len(a.Themes) == 0 {
		return "", nil
	}
	for _, p := range []struct {
		name string
		n    int
	}{{"month", 7}, {"day", 10}} {
		g := themeGroups(a, func(ai articleInfo) string {
			d := clean(ai.Date)
			if !isISODate(d) {
				return ""
			}
			return d[:p.n]
		})
		if len(g) >= 2 {
			sort.SliceStable(g, func(i, j int) bool { return g[i].Name < g[j].Name })
			return p.name, g
		}
	}
	return "", nil
}

// stackedFigure draws one horizontal bar per label, split into segments
// by shares (one per theme, coloured as the themes), the legend beside;
// notes[r], when notes is not nil, in muted text right of bar r.
func stackedFigure(title, sub string, themes, labels []string, shares [][]float64, notes []string) figure {
	items := make([]legendItem, len(themes))
	for j, t := range themes {
		items[j] = legendItem{Text: shorten(t, 30), Color: ClusterColor(j)}
	}
	items = capLegend(items)
	lw, lh := legendSize("Themes", items)
	row := vg.Length(16)
	noteW := vg.Length(0)
	if notes != nil {
		noteW = 44 // "100.0%" at 8.5 pt, and a gap
	}
	w := 2*margin + 600 + 20 + noteW + lw
	h := 2*margin + headerHeight(sub) + max(row*vg.Length(len(labels))+50, lh)
	return figure{W: w, H: h, Draw: func(c draw.Canvas) {
		c = drawHeader(inset(c), title, sub)
		drawLegend(c, c.Max.X-lw, c.Max.Y, "Themes", items)
		pc := draw.Crop(c, 0, -(lw + 20 + noteW), 0, 0)
		p := newPlot()
		n := len(labels)
		var prev *plotter.BarChart
		for j := range themes {
			vals := make(plotter.Values, n)
			for r := range labels {
				vals[n-1-r] = clamp01(shares[r][j])
			}
			bc, err := plotter.NewBarChart(vals, row*0.75)
			if err != nil {
				panic("report: " + err.Error())
			}
			bc.Horizontal = true
			bc.Color = ClusterColor(j)
			bc.LineStyle.Width = 0
			if prev != nil {
				bc.StackOn(prev)
			}
			p.Add(bc)
			prev = bc
		}
		if notes != nil { // in the margin kept for them, right of the axis' end
			pts := make(plotter.XYs, n)
			for r := range pts {
				pts[r] = plotter.XY{X: 1, Y: float64(n - 1 - r)}
			}
			l, err := plotter.NewLabels(plotter.XYLabels{XYs: pts, Labels: notes})
			if err != nil {
				panic("report: " + err.Error())
			}
			for i := range l.TextStyle {
				l.TextStyle[i] = textStyle(8.5, mutedColor) // the size of the bar names
				l.TextStyle[i].YAlign = draw.YCenter
			}
			l.Offset = vg.Point{X: 4}
			p.Add(l)
		}
		names := make([]string, n)
		for r, l := range labels {
			names[n-1-r] = l
		}
		p.NominalY(names...)
		p.Y.Tick.Label.Font = font.From(sansFont, 8.5)
		p.Y.Min, p.Y.Max = -0.6, float64(n)-0.4
		p.X.Min, p.X.Max = 0, 1
		p.X.Label.Text = "share"
		p.X.Tick.Marker = percentTicks
		p.Draw(pc)
	}}
}

var percentTicks = plot.ConstantTicks{{Value: 0, Label: "0%"}, {Value: 0.25, Label: "25%"},
	{Value: 0.5, Label: "50%"}, {Value: 0.75, Label: "75%"}, {Value: 1, Label: "100%"}}

// maxSourceBars is the number of sources in the theme-by-source chart.
const maxSourceBars = 20

func themeSourcesFigure(a *Analysis) figure {
	g := themeSources(a)
	shown := g[:min(len(g), maxSourceBars)]
	sub := "mean theme shares of each source's articles that use theme terms"
	if len(shown) < len(g) {
		sub += fmt.Sprintf(" · the %d sources with most articles, of %d", len(shown), len(g))
	}
	sub += "; at the right, the mean theme weight of all its articles"
	var labels, notes []string
	var shares [][]float64
	for _, s := range shown {
		labels = append(labels, fmt.Sprintf("%s (%d)", shorten(s.Name, 32), s.Total))
		shares = append(shares, s.Shares)
		notes = append(notes, percent1(s.Weight))
	}
	return stackedFigure(chartTitles[ChartThemeSources], sub, a.Themes, labels, shares, notes)
}

// periodX places period name ("2015-03" or "2015-03-23") on a time axis
// counted in months or days, so that periods with no article leave their
// gap. It returns 0 for a name that does not parse (themePeriods gives
// only ISO prefixes).
func periodX(name, period string) float64 {
	layout := "2006-01"
	if period == "day" {
		layout = "2006-01-02"
	}
	t, err := time.Parse(layout, name)
	if err != nil {
		return 0
	}
	if period == "day" {
		return float64(t.Unix() / 86400)
	}
	return float64(t.Year()*12 + int(t.Month()) - 1)
}

// timeTicks marks every period at xs and labels at most about twelve,
// evenly.
func timeTicks(names []string, xs []float64) plot.ConstantTicks {
	step := max(1, int(math.Ceil(float64(len(names))/12)))
	var ticks plot.ConstantTicks
	for i, n := range names {
		t := plot.Tick{Value: xs[i]}
		if i%step == 0 {
			t.Label = n
		}
		ticks = append(ticks, t)
	}
	return ticks
}

func themeTimeFigure(a *Analysis) figure {
	period, g := themePeriods(a)
	sub := fmt.Sprintf("mean theme shares of the articles of each %s that use theme terms", period)
	items := make([]legendItem, len(a.Themes))
	for j, t := range a.Themes {
		items[j] = legendItem{Text: shorten(t, 30), Color: ClusterColor(j), Shape: draw.CircleGlyph{}}
	}
	items = capLegend(items)
	lw, lh := legendSize("Themes", items)
	w := 2*margin + 600 + 20 + lw
	h := 2*margin + headerHeight(sub) + max(300, lh)
	names := make([]string, len(g))
	xs := make([]float64, len(g))
	for i, x := range g {
		names[i] = x.Name
		xs[i] = periodX(x.Name, period)
	}
	return figure{W: w, H: h, Draw: func(c draw.Canvas) {
		c = drawHeader(inset(c), chartTitles[ChartThemeTime], sub)
		drawLegend(c, c.Max.X-lw, c.Max.Y, "Themes", items)
		pc := draw.Crop(c, 0, -(lw + 20), 0, 0)
		p := newPlot()
		grid := plotter.NewGrid()
		grid.Vertical.Color = nil
		grid.Horizontal.Color = gridColor
		p.Add(grid)
		for j := range a.Themes {
			var pts plotter.XYs
			for i, x := range g {
				if x.N > 0 {
					pts = append(pts, plotter.XY{X: xs[i], Y: x.Shares[j]})
				}
			}
			if len(pts) == 0 {
				continue
			}
			line, sc, err := plotter.NewLinePoints(pts)
			if err != nil {
				panic("report: " + err.Error())
			}
			line.Color = ClusterColor(j)
			line.Width = 1.5
			sc.Color = ClusterColor(j)
			sc.Shape = draw.CircleGlyph{}
			sc.Radius = 2.5
			p.Add(line, sc)
		}
		p.X.Min, p.X.Max = xs[0]-0.5, xs[len(xs)-1]+0.5
		p.X.Tick.Marker = timeTicks(names, xs)
		p.X.Label.Text = period
		p.Y.Min, p.Y.Max = 0, 1
		p.Y.Tick.Marker = percentTicks
		p.Y.Label.Text = "mean share"
		p.Draw(pc)
	}}
}
