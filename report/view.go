package report

import (
	"fmt"
	"slices"
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
	maxOpenSnippets = 3   // passages' snippets shown when an article row is opened
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
	// KCriterion and Tree are Analysis.KCriterion and Analysis.Tree with
	// the labels cleaned.
	KCriterion string
	Tree       []Level
	Charts     map[string]bool

	// Changed is the "what changed" table after an update or an aligned
	// analysis (nil otherwise); VolumePeriod the period of its chart.
	Changed      []changeRow
	VolumePeriod string

	Clusters []clusterView

	Themes         []string
	ThemeThreshold string // the about threshold, "0.20"; "" when not given
	ThemeTerms     []themeTermsView
	ThemeRows      []themeRowView
	ThemeAll       coverageView
	ThemeSources   []coverageView // nil unless two or more sources
	ThemePeriod    string         // "day", "week", "month", "quarter" or "year"
	ThemeTime      []coverageView // nil unless two or more periods
	ThemeUndated   int            // articles left out of ThemeTime for want of a date

	Pairs      []pairView
	MorePairs  int
	Groups     [][]articleRef
	MoreGroups int // groups not listed
	GroupArts  int // articles in all groups

	Articles []articleView
	// Columns of the article table that some article fills.
	HasDate, HasSource, HasLabel bool
	HasURL                       bool // some article links to its address
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

// coverageView is one row of a coverage table: a group of articles
// (all, a source, a period) and how many are about each theme.
type coverageView struct {
	Name   string
	Total  int
	Cells  []string // per theme: "3 (25%)", or "0" for a group without articles
	Values []string // per theme: the share, four decimals, for sorting
}

// themeTermsView is a theme and the words it was learned to go with.
type themeTermsView struct {
	Name  string
	Words string // comma-separated, most distinctive first
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
	About          string   // the themes the article is about, "none"
	Relevance      []string // per theme, two decimals
	IsAbout        []bool   // per theme
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
	Score                          string   // mean cosine to the centroid
	URL                            string   // address to link the title to (articleURL), or ""
	Text                           []string // snippets of its first units, shown when the row is opened
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
	v.KCriterion = clean(a.KCriterion)
	for _, l := range a.Tree {
		var gs []BroadGroup
		for _, g := range l.Groups {
			gs = append(gs, BroadGroup{Label: shorten(g.Label, 60), Clusters: g.Clusters, Size: g.Size})
		}
		v.Tree = append(v.Tree, Level{Groups: gs})
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

// addThemes sets the themes of v: the learned words of each theme, each
// article's relevance and the themes it is about, and the coverage of
// all articles, by source and over time. It panics if an article has not
// one relevance and one about flag per theme.
func (v *view) addThemes(a *Analysis) {
	v.Themes = a.Themes
	if len(a.Themes) == 0 {
		return
	}
	checkThemes(a)
	if a.ThemeThreshold > 0 && finite(a.ThemeThreshold) {
		v.ThemeThreshold = fixed(a.ThemeThreshold, 2)
	}
	for t, name := range a.Themes {
		tv := themeTermsView{Name: name}
		if t < len(a.ThemeTerms) {
			tv.Words = strings.Join(a.ThemeTerms[t], ", ")
		}
		v.ThemeTerms = append(v.ThemeTerms, tv)
	}
	for _, at := range a.Articles {
		row := themeRowView{Article: at.Article, Title: at.Title, IsAbout: at.About}
		var about []string
		for t, r := range at.Relevance {
			row.Relevance = append(row.Relevance, fixed(r, 2))
			if at.About[t] {
				about = append(about, a.Themes[t])
			}
		}
		row.About = "none"
		if len(about) > 0 {
			row.About = strings.Join(about, ", ")
		}
		v.ThemeRows = append(v.ThemeRows, row)
	}
	v.ThemeAll = coverageViewOf(coverageAll(a))
	for _, g := range coverageSources(a) {
		v.ThemeSources = append(v.ThemeSources, coverageViewOf(g))
	}
	pc := coveragePeriods(a)
	v.ThemePeriod, v.ThemeUndated = pc.Period, pc.Undated
	for _, g := range pc.Rows {
		v.ThemeTime = append(v.ThemeTime, coverageViewOf(g))
	}
}

func coverageViewOf(g coverage) coverageView {
	cv := coverageView{Name: g.Name, Total: g.Total}
	for t, n := range g.About {
		cell := "0" // a period without articles
		if g.Total > 0 {
			cell = fmt.Sprintf("%d (%s)", n, percent(g.share(t)))
		}
		cv.Cells = append(cv.Cells, cell)
		cv.Values = append(cv.Values, fixed(g.share(t), 4))
	}
	return cv
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
// majority cluster (ties to the lower), mean score, address (the first of
// its units' that articleURL accepts) and the snippets of its first
// maxOpenSnippets units (each once), and which of the optional columns some article
// fills.
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
		for _, u := range ai.Units {
			d := &a.Docs[u]
			if av.URL == "" {
				av.URL = articleURL(d.URL)
			}
			// A passage the article repeats word for word (a lede
			// under a photo, say) is shown once.
			if s := clean(d.Snippet); s != "" && len(av.Text) < maxOpenSnippets && !slices.Contains(av.Text, s) {
				av.Text = append(av.Text, s)
			}
		}
		v.HasURL = v.HasURL || av.URL != ""
		v.Articles = append(v.Articles, av)
	}
}
