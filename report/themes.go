package report

import (
	"fmt"
	"math"
	"sort"
	"strconv"
	"time"

	"gonum.org/v1/plot"
	"gonum.org/v1/plot/font"
	"gonum.org/v1/plot/plotter"
	"gonum.org/v1/plot/vg"
	"gonum.org/v1/plot/vg/draw"
)

// coverage counts the articles of a group (all articles, one source, one
// period) about each theme.
type coverage struct {
	Name  string // "All articles", a source, or a period "2015-03"
	Total int    // articles in the group
	About []int  // of those, the articles about each theme
}

// share returns the share of the group's articles about theme t, 0 for
// an empty group.
func (g coverage) share(t int) float64 {
	if g.Total == 0 {
		return 0
	}
	return float64(g.About[t]) / float64(g.Total)
}

// checkThemes panics if an article of a has not one relevance and one
// about flag per theme.
func checkThemes(a *Analysis) {
	for _, at := range a.Articles {
		if len(at.Relevance) != len(a.Themes) || len(at.About) != len(a.Themes) {
			panic(fmt.Sprintf("report: article %q has %d theme relevances and %d about flags, want %d", at.Article, len(at.Relevance), len(at.About), len(a.Themes)))
		}
	}
}

// themeArticles returns, for each article of a.Articles, what the report
// knows of it (date, source), by id.
func themeArticles(a *Analysis) []articleInfo {
	info := map[string]articleInfo{}
	for _, ai := range articles(a) {
		info[ai.ID] = ai
	}
	out := make([]articleInfo, len(a.Articles))
	for i, at := range a.Articles {
		out[i] = info[at.Article]
	}
	return out
}

// coverageAll returns the coverage of all articles.
func coverageAll(a *Analysis) coverage {
	checkThemes(a)
	g := coverage{Name: "All articles", Total: len(a.Articles), About: make([]int, len(a.Themes))}
	for _, at := range a.Articles {
		for t, ab := range at.About {
			if ab {
				g.About[t]++
			}
		}
	}
	return g
}

// coverageSources returns the coverage of each source, most articles
// first, then by name; nil unless there are themes and at least two
// sources. Articles without a source are left out.
func coverageSources(a *Analysis) []coverage {
	if len(a.Themes) == 0 {
		return nil
	}
	checkThemes(a)
	info := themeArticles(a)
	var out []coverage
	index := map[string]int{}
	for i, at := range a.Articles {
		src := clean(info[i].Source)
		if src == "" {
			continue
		}
		g, ok := index[src]
		if !ok {
			g = len(out)
			index[src] = g
			out = append(out, coverage{Name: src, About: make([]int, len(a.Themes))})
		}
		out[g].Total++
		for t, ab := range at.About {
			if ab {
				out[g].About[t]++
			}
		}
	}
	if len(out) < 2 {
		return nil
	}
	sort.SliceStable(out, func(i, j int) bool {
		if out[i].Total != out[j].Total {
			return out[i].Total > out[j].Total
		}
		return out[i].Name < out[j].Name
	})
	return out
}

// The period of the coverage over time follows the span of the dates
// (last − first): a day up to periodDayMax days, a week (ISO, Monday to
// Sunday) up to periodWeekMax, a month up to periodMonthMax, a quarter up
// to periodQuarterMax, else a year. So a table has at most about 60 rows
// up to 15 years of articles.
const (
	periodDayMax     = 62       // about 2 months
	periodWeekMax    = 366      // about a year
	periodMonthMax   = 5 * 366  // about 5 years
	periodQuarterMax = 15 * 366 // about 15 years
)

// periodCoverage is the coverage per period.
type periodCoverage struct {
	Period  string     // "day", "week", "month", "quarter" or "year"
	Rows    []coverage // every period from the first date's to the last's, empty ones with Total 0
	Undated int        // articles whose date is missing or not a date
}

// articleDate returns the date an article's date string starts with
// (YYYY-MM-DD, a real day), or false.
func articleDate(s string) (time.Time, bool) {
	s = clean(s)
	if !isISODate(s) {
		return time.Time{}, false
	}
	t, err := time.Parse("2006-01-02", s[:10])
	return t, err == nil
}

// periodUnit returns the period for dates spanning from first to last.
func periodUnit(first, last time.Time) string {
	days := last.Sub(first).Hours() / 24
	switch {
	case days <= periodDayMax:
		return "day"
	case days <= periodWeekMax:
		return "week"
	case days <= periodMonthMax:
		return "month"
	case days <= periodQuarterMax:
		return "quarter"
	}
	return "year"
}

// periodStart returns the first day of the period of unit that holds t.
func periodStart(t time.Time, unit string) time.Time {
	y, m, d := t.Date()
	switch unit {
	case "week":
		return time.Date(y, m, d-(int(t.Weekday())+6)%7, 0, 0, 0, 0, time.UTC)
	case "month":
		return time.Date(y, m, 1, 0, 0, 0, 0, time.UTC)
	case "quarter":
		return time.Date(y, m-(m-1)%3, 1, 0, 0, 0, 0, time.UTC)
	case "year":
		return time.Date(y, 1, 1, 0, 0, 0, 0, time.UTC)
	}
	return time.Date(y, m, d, 0, 0, 0, 0, time.UTC)
}

// nextPeriod returns the start of the period after the one starting at t.
func nextPeriod(t time.Time, unit string) time.Time {
	switch unit {
	case "week":
		return t.AddDate(0, 0, 7)
	case "month":
		return t.AddDate(0, 1, 0)
	case "quarter":
		return t.AddDate(0, 3, 0)
	case "year":
		return t.AddDate(1, 0, 0)
	}
	return t.AddDate(0, 0, 1)
}

// periodName names the period starting at t: "2015-03-23" (day),
// "2015-W13" (ISO week), "2015-03", "2015-Q1", "2015".
func periodName(t time.Time, unit string) string {
	switch unit {
	case "week":
		y, w := t.ISOWeek()
		return fmt.Sprintf("%04d-W%02d", y, w)
	case "month":
		return t.Format("2006-01")
	case "quarter":
		return fmt.Sprintf("%04d-Q%d", t.Year(), (int(t.Month())+2)/3)
	case "year":
		return strconv.Itoa(t.Year())
	}
	return t.Format("2006-01-02")
}

// maxPeriods bounds the periods listed: a corpus whose dates span more
// than this many years is counted by year and only the last maxPeriods
// years are listed (the rest counted as undated).
const maxPeriods = 400

// coveragePeriods returns the coverage per period (see periodUnit) from
// the period of the first date to that of the last, every period listed,
// the empty ones with no article. Rows is nil unless there are themes and
// the dated articles fall in at least two periods.
func coveragePeriods(a *Analysis) periodCoverage {
	var pc periodCoverage
	if len(a.Themes) == 0 {
		return pc
	}
	checkThemes(a)
	info := themeArticles(a)
	dates := make([]time.Time, len(info))
	ok := make([]bool, len(info))
	var first, last time.Time
	n := 0
	for i, ai := range info {
		dates[i], ok[i] = articleDate(ai.Date)
		if !ok[i] {
			pc.Undated++
			continue
		}
		if n == 0 || dates[i].Before(first) {
			first = dates[i]
		}
		if n == 0 || dates[i].After(last) {
			last = dates[i]
		}
		n++
	}
	if n == 0 {
		return pc
	}
	pc.Period = periodUnit(first, last)
	start := periodStart(first, pc.Period)
	if pc.Period == "year" && last.Year()-first.Year() >= maxPeriods {
		start = time.Date(last.Year()-maxPeriods+1, 1, 1, 0, 0, 0, 0, time.UTC)
	}
	index := map[string]int{}
	for p := start; !p.After(last); p = nextPeriod(p, pc.Period) {
		name := periodName(p, pc.Period)
		index[name] = len(pc.Rows)
		pc.Rows = append(pc.Rows, coverage{Name: name, About: make([]int, len(a.Themes))})
	}
	for i, at := range a.Articles {
		if !ok[i] {
			continue
		}
		r, in := index[periodName(periodStart(dates[i], pc.Period), pc.Period)]
		if !in {
			pc.Undated++ // before the periods listed
			continue
		}
		pc.Rows[r].Total++
		for t, ab := range at.About {
			if ab {
				pc.Rows[r].About[t]++
			}
		}
	}
	if len(pc.Rows) < 2 {
		pc.Rows = nil
	}
	return pc
}

// groupRow returns the thickness of each bar and the height of a group of
// T bars in groupedFigure.
func groupRow(T int) (bar, row vg.Length) {
	bar = 6
	return bar, max(16, bar*vg.Length(max(T, 1))+6)
}

// maxGroupedHeight bounds the height the groups of the theme-relevance
// chart take: with many themes it shows fewer articles (at least
// minThemeBars), so the chart stays readable and its files small.
const (
	maxGroupedHeight = 1600
	minThemeBars     = 8
)

// themeBars returns how many articles the theme-relevance chart shows for
// T themes: maxThemeBars, or fewer when their groups would pass
// maxGroupedHeight.
func themeBars(T int) int {
	_, row := groupRow(T)
	return max(minThemeBars, min(maxThemeBars, int(maxGroupedHeight/row)))
}

// groupedFigure draws, for each label, one horizontal bar per theme
// (coloured as the themes) of length values[r][t] in [0, 1], the legend
// beside; a dashed line at mark when mark > 0, and notes[r], when notes
// is not nil, in muted text right of group r.
func groupedFigure(title, sub, xlabel string, themes, labels []string, values [][]float64, mark float64, notes []string) figure {
	items := make([]legendItem, len(themes))
	for j, t := range themes {
		items[j] = legendItem{Text: shorten(t, 30), Color: ClusterColor(j)}
	}
	items = capLegend(items)
	lw, lh := legendSize("Themes", items)
	bar, row := groupRow(len(themes))
	noteW := vg.Length(0)
	if notes != nil {
		noteW = 44
	}
	w := 2*margin + 600 + 20 + noteW + lw
	h := 2*margin + headerHeight(sub) + max(row*vg.Length(len(labels))+50, lh)
	return figure{W: w, H: h, Draw: func(c draw.Canvas) {
		c = drawHeader(inset(c), title, sub)
		drawLegend(c, c.Max.X-lw, c.Max.Y, "Themes", items)
		pc := draw.Crop(c, 0, -(lw + 20 + noteW), 0, 0)
		p := newPlot()
		grid := plotter.NewGrid()
		grid.Horizontal.Color = nil
		grid.Vertical.Color = gridColor
		p.Add(grid)
		n := len(labels)
		// Bars of a group from the top down in theme order: offsets in
		// points from the group's centre.
		for j := range themes {
			vals := make(plotter.Values, n)
			for r := range labels {
				v := values[r][j]
				if !finite(v) {
					v = 0
				}
				vals[n-1-r] = math.Min(math.Max(v, 0), 1)
			}
			bc, err := plotter.NewBarChart(vals, bar)
			if err != nil {
				panic("report: " + err.Error())
			}
			bc.Horizontal = true
			bc.Color = ClusterColor(j)
			bc.LineStyle.Width = 0
			bc.Offset = bar * (vg.Length(len(themes)-1)/2 - vg.Length(j))
			p.Add(bc)
		}
		if mark > 0 {
			l, err := plotter.NewLine(plotter.XYs{{X: mark, Y: -0.6}, {X: mark, Y: float64(n) - 0.4}})
			if err != nil {
				panic("report: " + err.Error())
			}
			l.Color = mutedColor
			l.Width = 1
			l.Dashes = []vg.Length{3, 3}
			p.Add(l)
		}
		if notes != nil {
			pts := make(plotter.XYs, n)
			for r := range pts {
				pts[r] = plotter.XY{X: 1, Y: float64(n - 1 - r)}
			}
			l, err := plotter.NewLabels(plotter.XYLabels{XYs: pts, Labels: notes})
			if err != nil {
				panic("report: " + err.Error())
			}
			for i := range l.TextStyle {
				l.TextStyle[i] = textStyle(8.5, mutedColor)
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
		p.X.Label.Text = xlabel
		p.X.Tick.Marker = percentTicks
		p.Draw(pc)
	}}
}

var percentTicks = plot.ConstantTicks{{Value: 0, Label: "0%"}, {Value: 0.25, Label: "25%"},
	{Value: 0.5, Label: "50%"}, {Value: 0.75, Label: "75%"}, {Value: 1, Label: "100%"}}

// maxSourceBars is the number of sources in the theme-coverage chart.
const maxSourceBars = 20

// coverageChart is what the theme-coverage chart shows: all articles,
// then the sources with most articles.
type coverageChart struct {
	Labels []string    // "All articles (12)", "Reuters (5)"
	Shares [][]float64 // Shares[r][t]: share of group r's articles about theme t
	More   int         // sources left out
}

func coverageData(a *Analysis) coverageChart {
	groups := []coverage{coverageAll(a)}
	src := coverageSources(a)
	shown := src[:min(len(src), maxSourceBars)]
	groups = append(groups, shown...)
	cc := coverageChart{More: len(src) - len(shown)}
	for _, g := range groups {
		cc.Labels = append(cc.Labels, fmt.Sprintf("%s (%d)", shorten(g.Name, 32), g.Total))
		s := make([]float64, len(a.Themes))
		for t := range s {
			s[t] = g.share(t)
		}
		cc.Shares = append(cc.Shares, s)
	}
	return cc
}

func coverageFigure(a *Analysis) figure {
	cc := coverageData(a)
	sub := "share of the articles about each theme: of all articles"
	if len(cc.Labels) > 1 {
		sub += ", then of each source's"
	}
	if cc.More > 0 {
		sub += fmt.Sprintf(" (the %d sources with most articles, of %d)", len(cc.Labels)-1, len(cc.Labels)-1+cc.More)
	}
	return groupedFigure(chartTitles[ChartThemeCoverage], sub, "share of articles about the theme", a.Themes, cc.Labels, cc.Shares, 0, nil)
}

// timeTicks marks every period at its index and labels as many as fit in
// width w without overlapping: every step-th period, step the smallest
// that leaves each label its width and a gap.
func timeTicks(names []string, w vg.Length) plot.ConstantTicks {
	sty := textStyle(9, inkColor)
	widest := vg.Length(0)
	for _, n := range names {
		widest = max(widest, sty.Width(n))
	}
	slot := w / vg.Length(max(len(names), 1)) // room per period
	step := max(1, int(math.Ceil(float64((widest+8)/slot))))
	var ticks plot.ConstantTicks
	for i, n := range names {
		t := plot.Tick{Value: float64(i)}
		if i%step == 0 {
			t.Label = n
		}
		ticks = append(ticks, t)
	}
	return ticks
}

// timeAxisWidth is the width of the plot area of the over-time chart
// that tick labels may use: the 600 pt of the plot less the Y axis.
const timeAxisWidth = 540

func themeTimeFigure(a *Analysis) figure {
	pc := coveragePeriods(a)
	sub := fmt.Sprintf("articles about each theme per %s; a %s without articles counts 0", pc.Period, pc.Period)
	if pc.Undated > 0 {
		sub += fmt.Sprintf(" · %s without a date of the form YYYY-MM-DD left out", count(pc.Undated, "article"))
	}
	items := make([]legendItem, len(a.Themes))
	for j, t := range a.Themes {
		items[j] = legendItem{Text: shorten(t, 30), Color: ClusterColor(j), Shape: draw.CircleGlyph{}}
	}
	names := make([]string, len(pc.Rows))
	series := make([][]int, len(a.Themes))
	for j := range series {
		series[j] = make([]int, len(pc.Rows))
	}
	for i, g := range pc.Rows {
		names[i] = g.Name
		for j, n := range g.About {
			series[j][i] = n
		}
	}
	return periodLinesFigure(chartTitles[ChartThemeTime], sub, "Themes", items, pc.Period, names, series, "articles about the theme")
}

// periodLinesFigure draws one line per series (coloured as ClusterColor
// of its index) of counts over the periods names, every period on the x
// axis (labels thinned so that none overlaps: timeTicks), integer counts
// on the y axis, and the legend items beside the plot.
func periodLinesFigure(title, sub, legend string, items []legendItem, period string, names []string, series [][]int, ylabel string) figure {
	items = capLegend(items)
	lw, lh := legendSize(legend, items)
	w := 2*margin + 600 + 20 + lw
	h := 2*margin + headerHeight(sub) + max(300, lh)
	top := 0
	for _, row := range series {
		for _, n := range row {
			top = max(top, n)
		}
	}
	return figure{W: w, H: h, Draw: func(c draw.Canvas) {
		c = drawHeader(inset(c), title, sub)
		drawLegend(c, c.Max.X-lw, c.Max.Y, legend, items)
		cv := draw.Crop(c, 0, -(lw + 20), 0, 0)
		p := newPlot()
		grid := plotter.NewGrid()
		grid.Vertical.Color = nil
		grid.Horizontal.Color = gridColor
		p.Add(grid)
		for j, row := range series {
			pts := make(plotter.XYs, len(row))
			for i, n := range row {
				pts[i] = plotter.XY{X: float64(i), Y: float64(n)}
			}
			line, sc, err := plotter.NewLinePoints(pts)
			if err != nil {
				panic("report: " + err.Error())
			}
			line.Color = ClusterColor(j)
			line.Width = 1.5
			sc.Color = ClusterColor(j)
			sc.Shape = draw.CircleGlyph{}
			sc.Radius = 2
			p.Add(line, sc)
		}
		p.X.Min, p.X.Max = -0.5, float64(len(names))-0.5
		p.X.Tick.Marker = timeTicks(names, timeAxisWidth)
		p.X.Label.Text = period
		p.Y.Min, p.Y.Max = 0, math.Max(1, float64(top))
		p.Y.Tick.Marker = intTicks{}
		p.Y.Label.Text = ylabel
		p.Draw(cv)
	}}
}
