package report

import (
	"bytes"
	"errors"
	"fmt"
	"image/color"
	"io"
	"strings"
	"unicode/utf8"

	"gonum.org/v1/plot"
	"gonum.org/v1/plot/font"
	"gonum.org/v1/plot/text"
	"gonum.org/v1/plot/vg"
	"gonum.org/v1/plot/vg/draw"
	"gonum.org/v1/plot/vg/vgimg"
	"gonum.org/v1/plot/vg/vgsvg"
)

// Errors returned by WriteChart.
var (
	ErrUnknownChart  = errors.New("report: unknown chart")
	ErrUnknownFormat = errors.New("report: unknown chart format")
	ErrNoData        = errors.New("report: no data for chart")
)

// Sampling caps, so that every chart file stays small whatever the corpus.
const (
	maxHeatmap    = 60   // articles in the similarity heatmap
	maxMapPoints  = 2000 // points on the 2-D map
	maxMapLabels  = 30   // the map labels its points when it shows at most this many
	maxThemeBars  = 40   // articles in the theme-relevance chart
	maxPanelTerms = 8    // terms per cluster in the top-terms chart
	maxLegend     = 40   // legend entries before "… and n more"
)

// pngDPI is the resolution of PNG charts: 1 pt = 1/72 in, so a 720 pt wide
// chart is 1100 pixels wide.
const pngDPI = 110

// figure is a chart laid out at a fixed size, ready to draw on any canvas.
type figure struct {
	W, H vg.Length
	Draw func(c draw.Canvas)
	// Hover, when not nil, returns the marks that say what they are on
	// hover in the HTML report (see appendHover); it is called after Draw.
	Hover func() []hoverMark
}

// chartOrder is the order charts appear in the reports.
var chartOrder = []string{ChartVolume, ChartSizes, ChartTerms, ChartKScores, ChartThemes, ChartThemeCoverage, ChartThemeTime, ChartHeatmap, ChartMap}

// chartTitles name the charts for readers (alt text, figure captions).
var chartTitles = map[string]string{
	ChartVolume:        "Cluster volume over time",
	ChartSizes:         "Cluster sizes",
	ChartTerms:         "Top terms per cluster",
	ChartKScores:       "Choice of the number of clusters",
	ChartThemes:        "Relevance of each article to each theme",
	ChartThemeCoverage: "Articles about each theme",
	ChartThemeTime:     "Themes over time",
	ChartHeatmap:       "Similarity between articles",
	ChartMap:           "Map of articles by cluster",
}

func charts(a *Analysis) []string {
	mustAnalysis(a)
	var out []string
	for _, name := range chartOrder {
		if hasChart(a, name) {
			out = append(out, name)
		}
	}
	return out
}

// hasChart reports whether a has data for chart name.
func hasChart(a *Analysis, name string) bool {
	switch name {
	case ChartVolume:
		_, names, _ := volumePeriods(a)
		return len(names) >= 2
	case ChartSizes:
		return len(a.Clusters) > 0
	case ChartTerms:
		for _, c := range a.Clusters {
			if len(c.Terms) > 0 {
				return true
			}
		}
		return false
	case ChartKScores:
		return len(a.KScores) > 0
	case ChartThemes:
		return len(a.Themes) > 0 && len(a.Articles) > 0
	case ChartThemeCoverage:
		return len(a.Themes) > 0 && len(a.Articles) > 0
	case ChartThemeTime:
		return len(coveragePeriods(a).Rows) > 0
	case ChartHeatmap:
		return a.Heatmap != nil && len(a.Heatmap.Labels) >= 2
	case ChartMap:
		return len(mapCandidates(a)) > 0
	}
	return false
}

func mustAnalysis(a *Analysis) {
	if a == nil {
		panic("report: nil Analysis")
	}
}

// buildFigure lays out chart name of a.
func buildFigure(a *Analysis, name string) (figure, error) {
	mustAnalysis(a)
	if _, ok := chartTitles[name]; !ok {
		return figure{}, fmt.Errorf("%w %q", ErrUnknownChart, name)
	}
	if !hasChart(a, name) {
		return figure{}, fmt.Errorf("%w %q", ErrNoData, name)
	}
	switch name {
	case ChartVolume:
		return volumeFigure(a), nil
	case ChartSizes:
		return sizesFigure(a), nil
	case ChartTerms:
		return termsFigure(a), nil
	case ChartKScores:
		return kscoresFigure(a), nil
	case ChartThemes:
		return themesFigure(a), nil
	case ChartThemeCoverage:
		return coverageFigure(a), nil
	case ChartThemeTime:
		return themeTimeFigure(a), nil
	case ChartHeatmap:
		return heatmapFigure(a), nil
	case ChartMap:
		return mapFigure(a), nil
	}
	panic("report: chart without figure: " + name)
}

func writeChart(w io.Writer, a *Analysis, name, format string) error {
	if format != "png" && format != "svg" {
		return fmt.Errorf("%w %q (want png or svg)", ErrUnknownFormat, format)
	}
	fig, err := buildFigure(a, name)
	if err != nil {
		return err
	}
	if format == "svg" {
		b, err := renderSVG(fig)
		if err != nil {
			return err
		}
		_, err = w.Write(b)
		return err
	}
	c := vgimg.NewWith(vgimg.UseWH(fig.W, fig.H), vgimg.UseDPI(pngDPI), vgimg.UseBackgroundColor(color.White))
	fig.Draw(draw.New(c))
	return writePNG(w, c.Image())
}

// renderSVG draws fig as a standalone SVG document. The font family gets
// metric-compatible fallbacks (Liberation Sans has Arial's metrics), so
// text measured with Liberation keeps its size where it is not installed.
func renderSVG(fig figure) ([]byte, error) {
	c := vgsvg.New(fig.W, fig.H)
	dc := draw.New(c)
	dc.SetColor(color.White)
	dc.Fill(dc.Rectangle.Path())
	fig.Draw(dc)
	var buf bytes.Buffer
	if _, err := c.WriteTo(&buf); err != nil {
		return nil, err
	}
	out := bytes.ReplaceAll(buf.Bytes(), []byte("font-family:Liberation Sans;"),
		[]byte("font-family:'Liberation Sans',Arial,Helvetica,sans-serif;"))
	return out, nil
}

// inlineSVG renders chart name for embedding in HTML: the XML prolog,
// comment and namespace declarations (implied in HTML) are dropped, and the
// fixed size becomes a viewBox that scales to the page.
func inlineSVG(a *Analysis, name string) (string, error) {
	fig, err := buildFigure(a, name)
	if err != nil {
		return "", err
	}
	b, err := renderSVG(fig)
	if err != nil {
		return "", err
	}
	if fig.Hover != nil {
		b = appendHover(b, fig.Hover())
	}
	s := string(b)
	i := strings.Index(s, "<svg")
	if i < 0 {
		return "", fmt.Errorf("report: chart %q: no <svg> element", name)
	}
	s = s[i:]
	end := strings.IndexByte(s, '>')
	// Chart sizes are in points; CSS pixels are 3/4 of a point.
	s = fmt.Sprintf(`<svg viewBox="0 0 %.6g %.6g" width="%.0f" height="%.0f" role="img" aria-label="%s">`,
		fig.W.Points(), fig.H.Points(), fig.W.Points()*4/3, fig.H.Points()*4/3, chartTitles[name]) + s[end+1:]
	// Article text reaches the SVG only through vgsvg's FillString and
	// appendHover, which escape it; this check guards that promise.
	low := strings.ToLower(s)
	for _, bad := range []string{"<script", "<foreignobject", "<iframe"} {
		if strings.Contains(low, bad) {
			return "", fmt.Errorf("report: chart %q: unexpected %q in SVG", name, bad)
		}
	}
	if hasEventAttr(low) {
		return "", fmt.Errorf("report: chart %q: unexpected event attribute or javascript: URL in SVG", name)
	}
	return s, nil
}

// hasEventAttr reports whether an element in the lowercased SVG s carries
// an on…= attribute or a javascript: URL. Text content is escaped, so any
// "<" starts a tag of our own making; text content itself may say
// "javascript:" (an article titled so) and is harmless there.
func hasEventAttr(s string) bool {
	for {
		i := strings.IndexByte(s, '<')
		if i < 0 {
			return false
		}
		s = s[i:]
		j := strings.IndexByte(s, '>')
		if j < 0 {
			return false
		}
		tag := s[:j]
		if strings.Contains(tag, "javascript:") {
			return true
		}
		for _, f := range strings.Fields(tag) {
			if strings.HasPrefix(f, "on") && strings.Contains(f, "=") {
				return true
			}
		}
		s = s[j:]
	}
}

// Text styles. All chart text is Liberation Sans, gonum/plot's built-in
// font.
var sansFont = font.Font{Typeface: "Liberation", Variant: "Sans"}

var (
	inkColor   = color.RGBA{0x22, 0x22, 0x22, 0xff}
	mutedColor = color.RGBA{0x66, 0x66, 0x66, 0xff}
	gridColor  = color.RGBA{0xe4, 0xe4, 0xe4, 0xff}
)

func textStyle(size vg.Length, c color.Color) text.Style {
	return text.Style{Color: c, Font: font.From(sansFont, size), Handler: plot.DefaultTextHandler}
}

// newPlot returns a plot with the report's fonts and no title (titles are
// drawn by drawHeader across the whole figure).
func newPlot() *plot.Plot {
	p := plot.New()
	for _, ax := range []*plot.Axis{&p.X, &p.Y} {
		ax.Label.TextStyle.Font = font.From(sansFont, 10)
		ax.Label.TextStyle.Color = inkColor
		ax.Tick.Label.Font = font.From(sansFont, 9)
		ax.Tick.Label.Color = inkColor
		ax.Color = mutedColor
		ax.Tick.Color = mutedColor
		ax.Tick.Length = vg.Points(4)
	}
	return p
}

const margin = vg.Length(12)

// headerHeight is the height drawHeader takes.
func headerHeight(subtitle string) vg.Length {
	h := textStyle(13, inkColor).Height("Mg") + 6
	if subtitle != "" {
		h += textStyle(9, mutedColor).Height("Mg") + 4
	}
	return h + 6
}

// drawHeader draws a left-aligned title and optional subtitle at the top of
// c (inside the margin) and returns the canvas below them.
func drawHeader(c draw.Canvas, title, subtitle string) draw.Canvas {
	ts := textStyle(13, inkColor)
	ts.YAlign = draw.YTop
	y := c.Max.Y
	c.FillText(ts, vg.Point{X: c.Min.X, Y: y}, title)
	y -= ts.Height("Mg") + 6
	if subtitle != "" {
		ss := textStyle(9, mutedColor)
		ss.YAlign = draw.YTop
		c.FillText(ss, vg.Point{X: c.Min.X, Y: y}, subtitle)
	}
	c.Max.Y -= headerHeight(subtitle)
	return c
}

// inset returns c shrunk by margin on every side.
func inset(c draw.Canvas) draw.Canvas { return draw.Crop(c, margin, -margin, margin, -margin) }

// fitText shortens s until it is at most w wide in style sty.
func fitText(s string, sty text.Style, w vg.Length) string {
	return fitWidth(s, w, sty.Width)
}

// fitWidth returns s cleaned, or shortened to the most runes (see
// shorten) that width says are at most w wide; at least "x…". One long
// word must not cost a measurement per rune, nor a pass over the whole
// word per measurement: the width of shorten(s, n) does not decrease with
// n, so the longest cut that fits is found by doubling n from 16 until a
// cut does not fit, then by binary search, with about 2·log2(n)
// measurements, each of a cut made from the first n+2 runes of s only.
func fitWidth(s string, w vg.Length, width func(string) vg.Length) string {
	s = clean(s)
	runes := utf8.RuneCountInString(s)
	// shorten(s, n) depends only on the first n runes of s and on there
	// being more: a clean prefix of n+2 runes keeps more than n once its
	// trailing space, if any, is trimmed.
	cut := func(n int) string { return shorten(prefix(s, n+2), n) }
	// cut(lo) is the answer unless a longer cut fits; hi does not fit
	// (hi == runes: s itself does not fit).
	lo, hi := 2, 16
	for {
		if hi >= runes {
			if width(s) <= w {
				return s
			}
			hi = runes
			break
		}
		if width(cut(hi)) > w {
			break
		}
		lo, hi = hi, 2*hi
	}
	for hi-lo > 1 {
		mid := lo + (hi-lo)/2
		if width(cut(mid)) <= w {
			lo = mid
		} else {
			hi = mid
		}
	}
	return cut(lo)
}

// prefix returns the first n runes of s.
func prefix(s string, n int) string {
	for i := range s {
		if n == 0 {
			return s[:i]
		}
		n--
	}
	return s
}

// legendItem is one legend entry: a swatch (or marker) and its text.
type legendItem struct {
	Text  string
	Color color.Color
	Shape draw.GlyphDrawer // nil: a filled square
}

const legendFont = vg.Length(9)

func legendRow() vg.Length { return legendFont * 1.5 }

// legendSize returns the space drawLegend needs for items under heading.
func legendSize(heading string, items []legendItem) (w, h vg.Length) {
	sty := textStyle(legendFont, inkColor)
	for _, it := range items {
		w = max(w, sty.Width(it.Text))
	}
	w += legendFont * 1.8
	h = vg.Length(len(items)) * legendRow()
	if heading != "" {
		hs := textStyle(legendFont, mutedColor)
		w = max(w, hs.Width(heading))
		h += legendRow()
	}
	return w, h
}

// drawLegend draws items top-down from (x, top).
func drawLegend(c draw.Canvas, x, top vg.Length, heading string, items []legendItem) {
	sty := textStyle(legendFont, inkColor)
	sty.YAlign = draw.YCenter
	row := legendRow()
	y := top - row/2
	if heading != "" {
		hs := textStyle(legendFont, mutedColor)
		hs.YAlign = draw.YCenter
		c.FillText(hs, vg.Point{X: x, Y: y}, heading)
		y -= row
	}
	sw := legendFont * 0.8
	for _, it := range items {
		centre := vg.Point{X: x + sw/2, Y: y}
		if it.Shape == nil {
			c.FillPolygon(it.Color, []vg.Point{
				{X: x, Y: y - sw/2}, {X: x + sw, Y: y - sw/2},
				{X: x + sw, Y: y + sw/2}, {X: x, Y: y + sw/2},
			})
		} else {
			c.DrawGlyphNoClip(draw.GlyphStyle{Color: it.Color, Radius: sw / 2, Shape: it.Shape}, centre)
		}
		c.FillText(sty, vg.Point{X: x + legendFont*1.8, Y: y}, it.Text)
		y -= row
	}
}

// capLegend keeps at most maxLegend items, the last saying how many were
// left out.
func capLegend(items []legendItem) []legendItem {
	if len(items) <= maxLegend {
		return items
	}
	out := append([]legendItem(nil), items[:maxLegend-1]...)
	return append(out, legendItem{
		Text:  fmt.Sprintf("… and %d more", len(items)-(maxLegend-1)),
		Color: color.White,
	})
}

// clusterLegend returns one legend item per cluster, with its map marker.
func clusterLegend(a *Analysis, withShape bool) []legendItem {
	items := make([]legendItem, len(a.Clusters))
	for i := range a.Clusters {
		items[i] = legendItem{Text: shorten(clusterLabel(a, i), 34), Color: ClusterColor(i)}
		if withShape {
			items[i].Shape = clusterShape(i)
		}
	}
	return capLegend(items)
}

// unitWord is the plural name of the analysed units.
func unitWord(a *Analysis) string {
	if a.Unit == "paragraph" {
		return "passages"
	}
	return "articles"
}
