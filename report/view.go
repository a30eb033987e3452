package report

import (
	"strconv"
	"strings"
)

// The view is what the HTML and Markdown reports show, computed once so
// that the two stay mirrors of each other. Strings in it are raw article
// text: each writer escapes them for its own format.

const (
	maxPairsShown   = 100 // rows of the most-similar-pairs table
	maxSourcesShown = 12  // sources listed in the overview
	maxRepsShown    = 5   // representatives per cluster card
	maxTermsShown   = 12  // terms per cluster card
	maxGroupsShown  = 50  // same-story groups listed (duplicates.csv has them all)
	tablePage       = 100 // rows per page of the HTML tables of articles
	maxMarkdownRows = 500 // rows of the Markdown tables of articles
)

type view struct {
	Title     string
	Paragraph bool   // units are passages
	UnitWord  string // "articles" or "passages"
	Counts    Counts
	NClusters int
	DateFrom  string
	DateTo    string
	Sources   []sourceCount
	MoreSrc   int // sources not listed
	Settings  []Setting
	Skipped   []Skip
	Stability string // "" when not measured
	Notes     []string
	Charts    map[string]bool

	// Changed is the "what changed" table after an update or an aligned
	// analysis (nil otherwise); VolumePeriod the period of its chart.
	Changed      []changeRow
	VolumePeriod string

	Clusters []clusterView

	Themes       []string
	ThemeRows    []themeRowView
	ThemeSources []themeGroupView // nil unless two or more sources
	ThemePeriod  string           // "month" or "day"
	ThemeTime    []themeGroupView // nil unless two or more periods

	Pairs      []pairView
	MorePairs  int
	Groups     [][]articleRef
	MoreGroups int // groups not listed
	GroupArts  int // articles in all groups

	Articles []articleView
	// Columns of the article table that some article fills.
	HasDate, HasSource, HasLabel bool
}

type clusterView struct {
	ID       int
	Name     string // "C1"
	Label    string
	Size     int
	SizeText string // "9 passages"
	ArtText  string // "3 articles"
	Share    string // of all units, "40%"
	Articles int    // distinct articles among its units
	Color    string // #rrggbb
	Shape    string // map marker
	Terms    []termView
	MoreTerm int
	Reps     []repView
	Contexts []contextView
}

// contextView is a keyword-in-context line cut into pieces, the
// cluster's term words marked.
type contextView []segment

type segment struct {
	Text string
	Hit  bool
}

// themeGroupView is one row of the themes-by-source or over-time table.
type themeGroupView struct {
	Name   string
	Total  int
	N      int
	Weight string   // mean theme weight, a percentage with one decimal
	Shares []string // percentages
	Values []string // four decimals, for sorting
}

type termView struct {
	Word   string
	Weight string
	Pct    int // bar length, percent of the cluster's top weight
}

type repView struct {
	ID, Article, Title, Snippet, Score string
}

type themeRowView struct {
	Article, Title string
	Weight         string   // theme weight, a percentage with one decimal
	Shares         []string // percentages
	Values         []string // four decimals, for sorting
}

type articleRef struct{ ID, Title string }

type pairView struct {
	A, B   articleRef
	Cosine string
}

type articleView struct {
	ID, Title, Date, Source, Label string
	Cluster                        int    // majority cluster, -1 when none
	ClusterName                    string // "C2"
	ClusterLabel                   string
	Color                          string
	ClusterUnits                   int // units of the article in that cluster
	Units                          int
	Score                          string // mean cosine to the centroid
}

// buildView computes the view of a, section by section in the reports'
// order: overview, clusters, themes, similarity and articles.
func buildView(a *Analysis) *view {
	mustAnalysis(a)
	arts := articles(a)
	v := newView(a, arts)
	v.addClusters(a)
	v.addThemes(a)
	v.addSimilarity(a)
	v.addArticles(a, arts)
	return v
}

// newView returns the view with its overview filled in: title, counts,
// date range, sources, settings, skipped inputs, stability, notes and the
// charts drawn.
func newView(a *Analysis, arts []articleInfo) *view {
	v := &view{
		Title:     clean(a.Title),
		Paragraph: a.Unit == "paragraph",
		UnitWord:  unitWord(a),
		Counts:    a.Counts,
		NClusters: len(a.Clusters),
		Settings:  a.Settings,
		Skipped:   a.Skipped,
		Notes:     a.Notes,
		Changed:   changeRows(a),
		Charts:    map[string]bool{},
	}
	if v.Title == "" {
		v.Title = "News clusters"
	}
	if v.Counts == (Counts{}) {
		v.Counts = Counts{Articles: len(arts), Units: len(a.Docs), Skipped: len(a.Skipped)}
	}
	v.DateFrom, v.DateTo = dateRange(a)
	src := sources(arts)
	if len(src) > maxSourcesShown {
		v.MoreSrc = len(src) - maxSourcesShown
		src = src[:maxSourcesShown]
	}
	v.Sources = src
	if a.Stability != 0 && finite(a.Stability) {
		v.Stability = fixed(a.Stability, 3)
	}
	for _, name := range charts(a) {
		v.Charts[name] = true
	}
	return v
}

// addClusters sets v.Clusters, one card per cluster of a: its size, share
// and articles, colour and marker, top terms, keyword-in-context lines and
// representatives.
func (v *view) addClusters(a *Analysis) {
	docByID := make(map[string]int, len(a.Docs))
	for i, d := range a.Docs {
		if _, dup := docByID[d.ID]; !dup {
			docByID[d.ID] = i
		}
	}
	clusterArts := make([]map[string]bool, len(a.Clusters))
	for i := range clusterArts {
		clusterArts[i] = map[string]bool{}
	}
	for _, d := range a.Docs {
		if clusterOf(a, d.Cluster) != nil {
			clusterArts[d.Cluster][d.Article] = true
		}
	}
	total := 0
	for _, c := range a.Clusters {
		total += c.Size
	}
	for i, c := range a.Clusters {
		cv := clusterView{
			ID: c.ID, Name: clusterName(c.ID), Label: clean(c.Label), Size: c.Size,
			Articles: len(clusterArts[i]), Color: hexColor(ClusterColor(i)), Shape: clusterShapeName(i),
			SizeText: count(c.Size, strings.TrimSuffix(unitWord(a), "s")),
			ArtText:  count(len(clusterArts[i]), "article"),
		}
		if total > 0 {
			cv.Share = percent(float64(c.Size) / float64(total))
		}
		cv.Terms, cv.MoreTerm = termViews(c.Terms)
		var words []string
		for _, t := range c.Terms {
			words = append(words, t.Word)
		}
		for _, line := range c.Contexts {
			if l := clean(line); l != "" {
				cv.Contexts = append(cv.Contexts, highlight(l, words))
			}
		}
		cv.Reps = repViews(a, c.Reps, docByID)
		v.Clusters = append(v.Clusters, cv)
	}
}

// termViews returns the first maxTermsShown of a cluster's terms, each
// with its bar length relative to the heaviest, and how many more there
// are.
func termViews(terms []Term) (tv []termView, more int) {
	top := 0.0
	for _, t := range terms {
		if finite(t.Weight) && t.Weight > top {
			top = t.Weight
		}
	}
	for j, t := range terms {
		if j == maxTermsShown {
			more = len(terms) - j
			break
		}
		pct := 0
		if top > 0 && finite(t.Weight) && t.Weight > 0 {
			pct = int(100*t.Weight/top + 0.5)
		}
		tv = append(tv, termView{Word: t.Word, Weight: fixed(t.Weight, 3), Pct: pct})
	}
	return tv, more
}

// repViews returns up to maxRepsShown of a cluster's representatives
// reps, less repeats: a passage that an article repeats word for word is
// shown once. docByID maps unit ids to their index in a.Docs.
func repViews(a *Analysis, reps []string, docByID map[string]int) []repView {
	var out []repView
	seen := map[[2]string]bool{}
	for _, id := range reps {
		if len(out) == maxRepsShown {
			break
		}
		rv := repView{ID: id}
		if k, ok := docByID[id]; ok {
			d := a.Docs[k]
			rv.Article, rv.Title, rv.Snippet, rv.Score = d.Article, d.Title, d.Snippet, fixed(d.Score, 3)
			key := [2]string{d.Article, clean(d.Snippet)}
			if d.Snippet != "" && seen[key] {
				continue
			}
			seen[key] = true
		}
		out = append(out, rv)
	}
	return out
}

// addThemes sets the themes of v: each article's theme shares, and their
// means by source and over time. It panics if an article has not one
// share per theme.
func (v *view) addThemes(a *Analysis) {
	v.Themes = a.Themes
	for _, at := range a.Articles {
		if len(at.Shares) != len(a.Themes) {
			panic("report: article " + strconv.Quote(at.Article) + " has the wrong number of theme shares")
		}
		row := themeRowView{Article: at.Article, Title: at.Title, Weight: percent1(at.Weight)}
		for _, s := range at.Shares {
			row.Shares = append(row.Shares, percent(s))
			row.Values = append(row.Values, fixed(s, 4))
		}
		v.ThemeRows = append(v.ThemeRows, row)
	}

	v.ThemeSources = groupViews(themeSources(a))
	var periods []themeGroup
	v.ThemePeriod, periods = themePeriods(a)
	v.ThemeTime = groupViews(periods)
}

// addSimilarity sets the similarity section of v: the first maxPairsShown
// most similar pairs and maxGroupsShown same-story groups, with counts of
// those left out.
func (v *view) addSimilarity(a *Analysis) {
	titles := titleIndex(a)
	ref := func(id string) articleRef { return articleRef{ID: id, Title: titles[id]} }
	for i, p := range a.Pairs {
		if i == maxPairsShown {
			v.MorePairs = len(a.Pairs) - i
			break
		}
		v.Pairs = append(v.Pairs, pairView{A: ref(p.A), B: ref(p.B), Cosine: fixed(p.Cosine, 3)})
	}
	for _, g := range a.Groups {
		if len(g) == 0 {
			continue
		}
		v.GroupArts += len(g)
		if len(v.Groups) == maxGroupsShown {
			v.MoreGroups++
			continue
		}
		var refs []articleRef
		for _, id := range g {
			refs = append(refs, ref(id))
		}
		v.Groups = append(v.Groups, refs)
	}
}

// addArticles sets v.Articles, one row per article of arts with its
// majority cluster (ties to the lower) and mean score, and which of the
// optional columns some article fills.
func (v *view) addArticles(a *Analysis, arts []articleInfo) {
	// Cluster names, labels and colours are formatted once.
	names := make([]string, len(a.Clusters))
	labels := make([]string, len(a.Clusters))
	colors := make([]string, len(a.Clusters))
	for c := range a.Clusters {
		names[c], labels[c], colors[c] = clusterName(a.Clusters[c].ID), clean(a.Clusters[c].Label), hexColor(ClusterColor(c))
	}
	for _, ai := range arts {
		av := articleView{ID: ai.ID, Title: ai.Title, Date: ai.Date, Source: ai.Source, Label: ai.Label,
			Units: len(ai.Units), Cluster: -1}
		v.HasDate = v.HasDate || clean(ai.Date) != ""
		v.HasSource = v.HasSource || clean(ai.Source) != ""
		v.HasLabel = v.HasLabel || clean(ai.Label) != ""
		sum := 0.0
		if len(ai.Units) == 1 { // every article in document mode
			d := a.Docs[ai.Units[0]]
			if clusterOf(a, d.Cluster) != nil {
				av.Cluster, av.ClusterUnits = d.Cluster, 1
			}
			sum = d.Score
		} else {
			count := map[int]int{}
			for _, u := range ai.Units {
				d := a.Docs[u]
				if clusterOf(a, d.Cluster) != nil {
					count[d.Cluster]++
				}
				sum += d.Score
			}
			for c, n := range count {
				if n > av.ClusterUnits || (n == av.ClusterUnits && c < av.Cluster) {
					av.Cluster, av.ClusterUnits = c, n
				}
			}
		}
		if c := av.Cluster; c >= 0 {
			av.ClusterName, av.ClusterLabel, av.Color = names[c], labels[c], colors[c]
		}
		if len(ai.Units) > 0 {
			av.Score = fixed(sum/float64(len(ai.Units)), 3)
		}
		v.Articles = append(v.Articles, av)
	}
}

func groupViews(gs []themeGroup) []themeGroupView {
	var out []themeGroupView
	for _, g := range gs {
		gv := themeGroupView{Name: g.Name, Total: g.Total, N: g.N, Weight: percent1(g.Weight)}
		for _, s := range g.Shares {
			gv.Shares = append(gv.Shares, percent(s))
			gv.Values = append(gv.Values, fixed(s, 4))
		}
		out = append(out, gv)
	}
	return out
}
