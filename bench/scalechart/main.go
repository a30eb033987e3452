// Command scalechart draws bench/results/scale.txt (written by
// bench/scale.sh) as a chart of wall time and peak memory against the
// number of articles, on log-log axes, saved as scale.png and scale.svg.
//
// Usage:
//
//	go run ./bench/scalechart [-in bench/results/scale.txt] [-out bench/results/scale]
package main

import (
	"bufio"
	"flag"
	"fmt"
	"io"
	"math"
	"os"
	"strconv"
	"strings"

	"gonum.org/v1/plot"
	"gonum.org/v1/plot/plotter"
	"gonum.org/v1/plot/plotutil"
	"gonum.org/v1/plot/vg"
	"gonum.org/v1/plot/vg/draw"
	_ "gonum.org/v1/plot/vg/vgimg" // registers the png format
	_ "gonum.org/v1/plot/vg/vgsvg" // registers the svg format
)

// row is one line of scale.txt.
type row struct {
	n, wall, peakMB float64
}

func main() {
	in := flag.String("in", "bench/results/scale.txt", "scale.sh results")
	out := flag.String("out", "bench/results/scale", "output path without extension; .png and .svg are written")
	flag.Parse()
	if err := run(*in, *out); err != nil {
		fmt.Fprintln(os.Stderr, "scalechart:", err)
		os.Exit(1)
	}
}

func run(in, out string) error {
	f, err := os.Open(in)
	if err != nil {
		return err
	}
	defer f.Close()
	rows, err := parse(f)
	if err != nil {
		return fmt.Errorf("%s: %w", in, err)
	}
	if len(rows) == 0 {
		return fmt.Errorf("%s: no results", in)
	}
	time, mem := charts(rows)
	for _, format := range []string{"png", "svg"} {
		if err := save(out+"."+format, format, time, mem); err != nil {
			return err
		}
	}
	return nil
}

// parse reads the rows of scale.txt: lines "n wall_s peak_MB ...", after
// the header and "#" comments.
func parse(r io.Reader) ([]row, error) {
	var rows []row
	sc := bufio.NewScanner(r)
	line := 0
	for sc.Scan() {
		line++
		f := strings.Fields(sc.Text())
		if len(f) == 0 || strings.HasPrefix(f[0], "#") || f[0] == "n" {
			continue
		}
		if len(f) < 3 {
			return nil, fmt.Errorf("line %d: want n, wall_s and peak_MB", line)
		}
		var v [3]float64
		for i := range v {
			x, err := strconv.ParseFloat(f[i], 64)
			if err != nil || x <= 0 {
				return nil, fmt.Errorf("line %d: %q is not a positive number", line, f[i])
			}
			v[i] = x
		}
		rows = append(rows, row{v[0], v[1], v[2]})
	}
	return rows, sc.Err()
}

// charts returns the two plots: wall time and peak memory against n.
func charts(rows []row) (*plot.Plot, *plot.Plot) {
	mk := func(title, ylabel string, y func(row) float64) *plot.Plot {
		p := plot.New()
		p.Title.Text = title
		p.X.Label.Text = "articles"
		p.Y.Label.Text = ylabel
		p.X.Scale, p.Y.Scale = plot.LogScale{}, plot.LogScale{}
		p.X.Tick.Marker, p.Y.Tick.Marker = countTicks{}, oneTwoFiveTicks{}
		pts := make(plotter.XYs, len(rows))
		for i, r := range rows {
			pts[i] = plotter.XY{X: r.n, Y: y(r)}
		}
		if err := plotutil.AddLinePoints(p, pts); err != nil {
			panic(err) // only for mismatched lengths, which cannot happen here
		}
		// Widen the axis to the 1-2-5 values around the data, so that
		// its ends are labelled.
		p.Y.Min, p.Y.Max = round125(p.Y.Min, false), round125(p.Y.Max, true)
		p.Legend.Top = true
		return p
	}
	return mk("Wall time", "seconds", func(r row) float64 { return r.wall }),
		mk("Peak memory", "MB", func(r row) float64 { return r.peakMB })
}

// save draws the two plots side by side into path.
func save(path, format string, a, b *plot.Plot) error {
	const w, h = 9 * vg.Inch, 3.6 * vg.Inch
	c, err := draw.NewFormattedCanvas(w, h, format)
	if err != nil {
		return err
	}
	dc := draw.New(c)
	tiles := draw.Tiles{Rows: 1, Cols: 2, PadX: vg.Millimeter * 4, PadTop: vg.Millimeter * 2, PadBottom: vg.Millimeter * 2, PadLeft: vg.Millimeter * 2, PadRight: vg.Millimeter * 2}
	canvases := plot.Align([][]*plot.Plot{{a, b}}, tiles, dc)
	a.Draw(canvases[0][0])
	b.Draw(canvases[0][1])
	f, err := os.Create(path + ".tmp")
	if err != nil {
		return err
	}
	if _, err := c.WriteTo(f); err != nil {
		f.Close()
		return err
	}
	if err := f.Close(); err != nil {
		return err
	}
	return os.Rename(path+".tmp", path)
}

// countTicks labels a log axis of article counts as 10k, 100k, 1M.
type countTicks struct{}

func (countTicks) Ticks(min, max float64) []plot.Tick {
	ticks := plot.LogTicks{Prec: -1}.Ticks(min, max)
	for i, t := range ticks {
		switch {
		case t.Label == "":
		case t.Value >= 1e6:
			ticks[i].Label = strconv.FormatFloat(t.Value/1e6, 'g', -1, 64) + "M"
		case t.Value >= 1e3:
			ticks[i].Label = strconv.FormatFloat(t.Value/1e3, 'g', -1, 64) + "k"
		}
	}
	return ticks
}

// round125 returns the largest of 1, 2 and 5 times a power of ten that is
// at most v, or with up the smallest that is at least v; v > 0.
func round125(v float64, up bool) float64 {
	e := math.Pow(10, math.Floor(math.Log10(v)))
	steps := []float64{1, 2, 5, 10}
	if up {
		for _, m := range steps {
			if m*e >= v*(1-1e-9) {
				return m * e
			}
		}
	}
	for i := len(steps) - 1; i >= 0; i-- {
		if steps[i]*e <= v*(1+1e-9) {
			return steps[i] * e
		}
	}
	return e
}

// oneTwoFiveTicks labels a log axis at 1, 2 and 5 times each power of ten,
// so that an axis spanning less than two decades still has several labels.
type oneTwoFiveTicks struct{}

func (oneTwoFiveTicks) Ticks(min, max float64) []plot.Tick {
	ticks := plot.LogTicks{Prec: -1}.Ticks(min, max)
	labelled := map[float64]bool{}
	for _, t := range ticks {
		if t.Label != "" {
			labelled[t.Value] = true
		}
	}
	for i, t := range ticks {
		// LogTicks also puts an unlabelled minor tick on each power of
		// ten; labelling it too would print the number twice.
		if t.Value <= 0 || t.Label == "" && labelled[t.Value] {
			continue
		}
		m := t.Value / math.Pow(10, math.Floor(math.Log10(t.Value)+1e-9))
		for _, want := range []float64{1, 2, 5} {
			if math.Abs(m-want) < 1e-6 {
				ticks[i].Label = strconv.FormatFloat(t.Value, 'f', -1, 64)
			}
		}
	}
	return ticks
}
