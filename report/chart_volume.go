package report

import (
	"fmt"
	"sort"
	"strconv"
	"time"

	"gonum.org/v1/plot/vg/draw"
)

// ChartVolume is the number of articles per cluster per month (or day,
// when all dates fall in one month), after an update or an aligned
// analysis, when the articles' dates span two or more periods.
const ChartVolume = "cluster-volume"

// changeRow is one cluster of the "what changed" table.
type changeRow struct {
	Name, Label   string
	Before, After int    // articles before (the earlier analysis) and now
	Delta         string // "+12", "−3", "0"
	Change        string // "new", "grew", "shrank", "same"; or the -align-to change
	NewStories    int    // articles added that are new stories (update)
}

// changeRows returns the table of what changed after an update or an
// aligned analysis: each cluster before and now, largest growth first
// (ties by the order of the clusters); nil after a plain analysis.
func changeRows(a *Analysis) []changeRow {
	var rows []changeRow
	signed := func(d int) string {
		switch {
		case d > 0:
			return "+" + strconv.Itoa(d)
		case d < 0:
			return "−" + strconv.Itoa(-d)
		}
		return "0"
	}
	switch {
	case a.Update != nil:
		added := make([]int, len(a.Clusters))
		stories := make([]int, len(a.Clusters))
		opened := map[int]bool{}
		for _, c := range a.Update.NewClusters {
			opened[c] = true
		}
		for _, n := range a.Update.New {
			if clusterOf(a, n.Cluster) != nil {
				added[n.Cluster]++
				if n.NewStory {
					stories[n.Cluster]++
				}
			}
		}
		for i, c := range a.Clusters {
			r := changeRow{Name: clusterName(c.ID), Label: clean(c.Label), Before: c.Size - added[i], After: c.Size, NewStories: stories[i]}
			switch {
			case opened[i]:
				r.Change = "new"
			case added[i] > 0:
				r.Change = "grew"
			default:
				r.Change = "same"
			}
			r.Delta = signed(added[i])
			rows = append(rows, r)
		}
	case a.Changes != nil:
		for _, ch := range a.Changes {
			r := changeRow{Name: clusterName(ch.ID), Label: clean(ch.Label), Before: ch.OldSize, After: ch.Size, Change: ch.Change}
			if c := clusterOf(a, ch.Cluster); c != nil {
				r.Label = clean(c.Label)
			}
			r.Delta = signed(ch.Size - ch.OldSize)
			rows = append(rows, r)
		}
	default:
		return nil
	}
	sort.SliceStable(rows, func(i, j int) bool { return rows[i].After-rows[i].Before > rows[j].After-rows[j].Before })
	return rows
}

// volumePeriods returns the period (by the span of the dates, as the
// themes over time: periodUnit), every period from the first date's to
// the last's and the number of articles of each cluster (by index) in
// each, an empty period 0; nil when the dates fall in fewer than two
// periods or nothing changed.
func volumePeriods(a *Analysis) (string, []string, [][]int) {
	if a.Update == nil && a.Changes == nil {
		return "", nil, nil
	}
	type art struct {
		t time.Time
		c int
	}
	var arts []art
	seen := map[string]bool{} // articles, not passages
	for _, d := range a.Docs {
		t, ok := articleDate(d.Date)
		if !ok || clusterOf(a, d.Cluster) == nil || seen[d.Article] {
			continue
		}
		seen[d.Article] = true
		arts = append(arts, art{t, d.Cluster})
	}
	if len(arts) == 0 {
		return "", nil, nil
	}
	first, last := arts[0].t, arts[0].t
	for _, x := range arts {
		if x.t.Before(first) {
			first = x.t
		}
		if x.t.After(last) {
			last = x.t
		}
	}
	period := periodUnit(first, last)
	start := periodStart(first, period)
	if period == "year" && last.Year()-first.Year() >= maxPeriods {
		start = time.Date(last.Year()-maxPeriods+1, 1, 1, 0, 0, 0, 0, time.UTC)
	}
	index := map[string]int{}
	var names []string
	for p := start; !p.After(last); p = nextPeriod(p, period) {
		index[periodName(p, period)] = len(names)
		names = append(names, periodName(p, period))
	}
	if len(names) < 2 {
		return "", nil, nil
	}
	counts := make([][]int, len(a.Clusters))
	for c := range counts {
		counts[c] = make([]int, len(names))
	}
	for _, x := range arts {
		if i, ok := index[periodName(periodStart(x.t, period), period)]; ok {
			counts[x.c][i]++
		}
	}
	return period, names, counts
}

func volumeFigure(a *Analysis) figure {
	period, names, counts := volumePeriods(a)
	sub := fmt.Sprintf("articles of each cluster per %s", period)
	items := make([]legendItem, len(a.Clusters))
	for c, cl := range a.Clusters {
		items[c] = legendItem{Text: shorten(clusterName(cl.ID)+" "+clean(cl.Label), 30), Color: ClusterColor(c), Shape: draw.CircleGlyph{}}
	}
	return periodLinesFigure(chartTitles[ChartVolume], sub, "Clusters", items, period, names, counts, "articles")
}
