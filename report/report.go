package report

import "io"

// Analysis is everything the report shows. It is built by package analysis
// from the results of corpus, vectorize and cluster; report only renders
// it.
// Slices are in the order they are to be shown.
type Analysis struct {
	Title    string
	Settings []Setting // flags and values as run, shown in the overview
	Unit     string    // "document" or "paragraph"

	Docs     []Doc     // one per analysed unit
	Clusters []Cluster // Docs[j].Cluster indexes it; each shown by its ID
	KScores  []KScore  // the criterion's score per k when k was chosen automatically
	// KCriterion says what KScores measure and why the chosen k won, for
	// the chart's subtitle and the report ("stable clusters net of
	// unstable ones on resamples; k = 4 has the most").
	KCriterion string
	// Tree is how the clusters nest into broader groups: one level per
	// number of groups, coarsest first (see Level).
	Tree []Level

	Themes []string // theme names, in file order
	// ThemeTerms[t] are the words theme t was learned to go with, most
	// distinctive first, as readers should see them: what the analyst
	// checks, and adds to the themes file to refine it.
	ThemeTerms [][]string
	// ThemeThreshold is the relevance at and above which an article is
	// about a theme (drawn on the relevance chart; 0: not drawn).
	ThemeThreshold float64
	Articles       []ArticleTheme // one per article when themes are set

	Pairs   []Pair   // most similar article pairs, descending cosine
	Heatmap *Heatmap // article × article cosine for the chart (the chart samples it)
	Skipped []Skip   // inputs not analysed
	Counts  Counts

	// Optional extras, each rendered only when set.

	// Groups lists near-duplicate articles: each group holds the ids of
	// articles that are (almost) the same text.
	Groups [][]string
	// Stability is the agreement between clusterings from different seeds
	// (e.g. mean adjusted Rand index). Zero means not measured.
	Stability float64
	// Notes are free-text remarks shown at the end of the overview.
	Notes []string
	// Update is what an update added to an earlier analysis; nil after a
	// fresh one.
	Update *Update
	// Changes relate the clusters to those of an earlier analysis
	// (analyze -align-to); nil otherwise.
	Changes []ClusterChange
}

// Setting is one row of the settings table.
type Setting struct{ Name, Value string }

// Doc is one analysed unit (article or passage).
type Doc struct {
	ID, Article, Title, Date, Source, Label string
	URL                                     string  // the article's address, absolute http or https, or ""
	Snippet                                 string  // first words of the text, plain
	Cluster                                 int     // index into Analysis.Clusters (not its ID)
	Score                                   float64 // cosine to the cluster centroid
	X, Y                                    float64 // 2-D map position
}

// Term is a label word with its weight.
type Term struct {
	Word   string // surface form shown to readers
	Weight float64
}

// Cluster is one cluster's card.
type Cluster struct {
	// ID is the cluster's stable number, shown in the reports, CSV and
	// JSON (the index after a fresh analysis; kept across updates).
	ID    int
	Label string // readable label, e.g. "nato · iraq · training"
	Size  int
	Terms []Term   // most distinctive terms, descending weight
	Reps  []string // ids of the most representative units
	// Contexts are optional keyword-in-context lines ("… the nato summit …")
	// shown on the cluster's card.
	Contexts []string
}

// KScore is the criterion's score for one k (higher is better).
type KScore struct {
	K     int
	Score float64
}

// Level is one cut of the cluster tree: the clusters grouped into
// len(Groups) broader groups.
type Level struct {
	Groups []BroadGroup
}

// BroadGroup is a group of clusters with a label of its own.
type BroadGroup struct {
	Label    string // its most distinctive words, e.g. "nato · russia · defence"
	Clusters []int  // the IDs of its clusters, ascending
	Size     int    // units in its clusters
}

// ArticleTheme is one article's theme detection: its relevance to each
// theme in [0, 1] and whether it is about it (same order as
// Analysis.Themes). An article can be about several themes or none; the
// relevances are not shares and need not sum to 1.
type ArticleTheme struct {
	Article   string
	Title     string
	Relevance []float64
	About     []bool
}

// Pair is two articles and their cosine similarity.
type Pair struct {
	A, B   string
	Cosine float64
}

// Heatmap is the cosine similarity between articles: all of them, with
// the cosines given either as a full matrix (Cos) or by a function
// (Cosine) that the report calls only for the articles it shows. The
// report samples what it draws (see the package documentation).
type Heatmap struct {
	Labels []string // one per article: its title, or its id
	// Cos is the full square cosine matrix over Labels; it is not used
	// when Cosine is set.
	Cos [][]float64
	// Cosine returns the cosine between articles i and j (indexes of
	// Labels).
	Cosine func(i, j int) float64
	// Articles optionally names the article of each label. When set (one
	// per label), the chart orders its rows by the articles' clusters and
	// marks each row and column with its cluster's colour.
	Articles []string
}

// Skip is an input that was not analysed.
type Skip struct{ Input, Reason string }

// Counts summarise the accounting of inputs.
type Counts struct {
	Articles int // articles analysed
	Units    int // units analysed (passages in paragraph mode)
	Skipped  int
}

// Chart names, used for file names charts/NAME.png and charts/NAME.svg.
const (
	ChartHeatmap = "similarity-heatmap"
	ChartSizes   = "cluster-sizes"
	ChartTerms   = "top-terms"
	ChartMap     = "article-map"
	// ChartThemes is each article's relevance to each theme (at most 40
	// articles).
	ChartThemes  = "theme-relevance"
	ChartKScores = "choice-of-k"
	// ChartThemeCoverage is the share of articles about each theme, of
	// all articles and of each source's.
	ChartThemeCoverage = "theme-coverage"
	// ChartThemeTime is the number of articles about each theme per
	// period (day, week, month, quarter or year, by the span of the
	// dates; two or more periods).
	ChartThemeTime = "themes-over-time"
)

// Charts returns the names of the charts a has data for, in report order.
func Charts(a *Analysis) []string { return charts(a) }

// WriteChart renders chart name of a in format "png" or "svg" to w.
//
// It returns an error wrapping ErrUnknownChart or ErrUnknownFormat for a bad
// name or format, and ErrNoData when a has nothing to draw for name.
func WriteChart(w io.Writer, a *Analysis, name, format string) error {
	return writeChart(w, a, name, format)
}

// WriteHTML writes the self-contained HTML report (charts inline as SVG, all
// article text escaped).
func WriteHTML(w io.Writer, a *Analysis) error { return writeHTML(w, a) }

// WriteMarkdown writes the Markdown report; charts are linked as
// chartDir/NAME.png.
func WriteMarkdown(w io.Writer, a *Analysis, chartDir string) error {
	return writeMarkdown(w, a, chartDir)
}

// WriteClustersJSON writes clusters.json: per cluster id, label, size, top
// terms with weights and representative ids.
func WriteClustersJSON(w io.Writer, a *Analysis) error { return writeClustersJSON(w, a) }

// WriteAssignmentsCSV writes assignments.csv:
// id,article,cluster,cluster_label,score,title,date,source,label,url.
func WriteAssignmentsCSV(w io.Writer, a *Analysis) error { return writeAssignmentsCSV(w, a) }

// WriteThemesCSV writes themes.csv: document,theme,relevance,about, one row
// per article and theme, about 1 or 0.
func WriteThemesCSV(w io.Writer, a *Analysis) error { return writeThemesCSV(w, a) }

// WriteSimilarityCSV writes similarity.csv: a,b,cosine for the given pairs.
func WriteSimilarityCSV(w io.Writer, pairs []Pair) error { return writeSimilarityCSV(w, pairs) }

// WriteSkippedCSV writes skipped.csv: input,reason (header only when empty).
func WriteSkippedCSV(w io.Writer, skipped []Skip) error { return writeSkippedCSV(w, skipped) }

// WriteGroupsCSV writes duplicates.csv: group,article,title, one row per
// article in each same-story group (groups numbered from 1; header only when
// there are none).
func WriteGroupsCSV(w io.Writer, a *Analysis) error { return writeGroupsCSV(w, a) }

// WriteSimilarityRows writes similarity.csv like WriteSimilarityCSV from n
// pairs produced one at a time by pair, so a caller with millions of pairs
// need not hold them as Pairs.
func WriteSimilarityRows(w io.Writer, n int, pair func(i int) Pair) error {
	return writeSimilarityRows(w, n, pair)
}
