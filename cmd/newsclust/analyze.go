package main

import (
	"context"
	"encoding/json"
	"flag"
	"fmt"
	"io"
	"math/rand/v2"
	"os"
	"path/filepath"
	"runtime"
	"runtime/debug"
	"runtime/pprof"
	"slices"
	"sort"
	"strconv"
	"strings"
	"sync"
	"sync/atomic"
	"unicode"
	"unicode/utf8"

	"gonum.org/v1/gonum/mat"

	"newsclust/cluster"
	"newsclust/cmd/newsclust/internal/model"
	"newsclust/corpus"
	"newsclust/report"
	"newsclust/vectorize"
	"newsclust/vectorize/sparse"
)

// analyzeConfig is everything the analyze flags set.
type analyzeConfig struct {
	out          string
	k            kFlag
	kRange       rangeFlag
	seed         uint64
	nInit        int
	maxIter      int
	unit         string
	minWords     int
	themes       string
	topTerms     int
	topPairs     int
	dupThreshold float64
	quiet        bool
	vec          vectorize.Options
	read         corpus.Options
	cpuProfile   string
	memLimit     int    // MiB, the Go runtime's soft memory limit
	lsa          int    // LSA dimensions for clustering; 0 clusters the TF-IDF rows
	minibatch    string // auto, on or off: k-means restarts on a sample (cluster.SampledKMeans)
}

func analyzeFlags(cfg *analyzeConfig) *flag.FlagSet {
	fs := flag.NewFlagSet("analyze", flag.ContinueOnError)
	cfg.k = kFlag{auto: true}
	cfg.kRange = rangeFlag{2, 12}
	fs.StringVar(&cfg.out, "out", "newsclust-out", "output `folder` (created if missing)")
	fs.Var(&cfg.k, "k", "number of clusters, or auto to choose by silhouette")
	fs.Var(&cfg.kRange, "k-range", "`LO:HI` range of k tried by -k auto")
	fs.Uint64Var(&cfg.seed, "seed", 1, "random seed; the same seed gives the same outputs")
	fs.IntVar(&cfg.nInit, "n-init", 10, "k-means restarts; the best objective wins")
	fs.IntVar(&cfg.lsa, "lsa", defaultLSA, "cluster in this many LSA dimensions (truncated SVD of the TF-IDF matrix); 0 clusters the TF-IDF rows")
	fs.IntVar(&cfg.maxIter, "max-iter", 100, "k-means iterations per restart")
	fs.StringVar(&cfg.minibatch, "minibatch", "auto", fmt.Sprintf("k-means restarts on a sample then a few passes over all units: on, off, or auto (on above %d units)", cluster.DefaultSampledMin))
	fs.StringVar(&cfg.unit, "unit", "document", "unit of analysis: document or paragraph")
	fs.IntVar(&cfg.minWords, "min-words", 8, "paragraph mode: passages shorter than this many words join the next")
	fs.StringVar(&cfg.themes, "themes", "", "themes `file`: one theme per line, Name: term term \"phrase\"")
	fs.IntVar(&cfg.topTerms, "top-terms", 10, "terms shown per cluster")
	fs.IntVar(&cfg.topPairs, "top-pairs", 20, "most similar pairs shown in the report")
	fs.Float64Var(&cfg.dupThreshold, "dup-threshold", 0.8, "cosine at and above which two articles count as the same story")
	fs.BoolVar(&cfg.quiet, "quiet", false, "no progress on stderr")
	fs.StringVar(&cfg.cpuProfile, "cpuprofile", "", "write a Go CPU profile to `file`")
	fs.IntVar(&cfg.memLimit, "mem-limit", defaultMemLimit, "soft memory limit in `MiB`: past it the garbage collector works harder instead of growing the heap (0: none; GOMEMLIMIT overrides)")
	fs.StringVar(&cfg.vec.Language, "lang", "english", "language for stop words and stemming: "+strings.Join(vectorize.Languages(), ", "))
	fs.Float64Var(&cfg.vec.MinDF, "min-df", 0, fmt.Sprintf("drop terms in fewer documents (a count, or a proportion below 1); 0: %g from %d units up, else 1", autoMinDF, autoDFUnits))
	fs.Float64Var(&cfg.vec.MaxDF, "max-df", 0, fmt.Sprintf("drop terms in more documents (a proportion up to 1, or a count above 1); 0: %g from %d units up, else 1", autoMaxDF, autoDFUnits))
	fs.IntVar(&cfg.vec.MaxFeatures, "max-features", 0, "keep only this many most frequent terms (0: all)")
	fs.IntVar(&cfg.vec.NGrams, "ngrams", 1, "1 for words, 2 for words and word pairs")
	fs.BoolVar(&cfg.vec.Sublinear, "sublinear", true, "use tf = 1 + ln(count); -sublinear=false for raw counts")
	inputFlags(fs, &cfg.read, "list malformed JSONL/CSV records in skipped.csv instead of stopping")
	return fs
}

func analyzeUsage(fs *flag.FlagSet) func(io.Writer) {
	return func(w io.Writer) {
		fmt.Fprintln(w, "Usage: newsclust analyze [flags] INPUT...")
		fmt.Fprintln(w)
		fmt.Fprintln(w, "Reads articles (folders of .txt/.md/.html, .jsonl, .jsonl.gz, .csv; - for JSONL on stdin),")
		fmt.Fprintln(w, "clusters them by theme and writes a report, charts and data to the -out folder.")
		fmt.Fprintln(w)
		fmt.Fprintln(w, "Flags:")
		printDefaults(w, fs)
	}
}

func runAnalyze(ctx context.Context, e *env, args []string) error {
	var cfg analyzeConfig
	fs := analyzeFlags(&cfg)
	inputs, err := parseFlags(fs, args, e.stdout, analyzeUsage(fs))
	if err != nil {
		return err
	}
	cfg.read.Stdin = e.stdin
	// An input folder that holds the -out folder (the default, in the
	// current folder) must not read the outputs of an earlier run.
	cfg.read.ExcludeDirs = []string{cfg.out}
	if err := cfg.validate(inputs); err != nil {
		return err
	}
	if cfg.cpuProfile != "" {
		f, err := os.Create(cfg.cpuProfile)
		if err != nil {
			return fmt.Errorf("-cpuprofile: %w", err)
		}
		defer f.Close()
		if err := pprof.StartCPUProfile(f); err != nil {
			return fmt.Errorf("-cpuprofile: %w", err)
		}
		defer pprof.StopCPUProfile()
	}
	if cfg.memLimit > 0 && os.Getenv("GOMEMLIMIT") == "" {
		old := debug.SetMemoryLimit(int64(cfg.memLimit) << 20)
		defer debug.SetMemoryLimit(old)
	}
	prog := newProgress(e.stderr, cfg.quiet)
	res, err := analyze(ctx, &cfg, inputs, prog)
	if err != nil {
		return err
	}
	for _, w := range res.warnings {
		fmt.Fprintf(e.stderr, "newsclust: warning: %s\n", printable(w))
	}
	prog.Step("writing outputs")
	if err := writeOutputs(ctx, cfg.out, res); err != nil {
		return err
	}
	prog.Done()
	printSummary(e.stdout, &cfg, res.report)
	return nil
}

func (cfg *analyzeConfig) validate(inputs []string) error {
	if len(inputs) == 0 {
		return usagef("analyze: no INPUT given (files, folders, or - for JSONL on stdin)")
	}
	if cfg.unit != "document" && cfg.unit != "paragraph" {
		return usagef("-unit must be document or paragraph, not %q", cfg.unit)
	}
	if cfg.memLimit < 0 {
		return usagef("-mem-limit must not be negative")
	}
	if cfg.nInit < 1 {
		return usagef("-n-init must be at least 1")
	}
	if cfg.maxIter < 1 {
		return usagef("-max-iter must be at least 1")
	}
	if cfg.minibatch != "auto" && cfg.minibatch != "on" && cfg.minibatch != "off" {
		return usagef("-minibatch must be auto, on or off")
	}
	if cfg.vec.NGrams != 1 && cfg.vec.NGrams != 2 {
		return usagef("-ngrams must be 1 or 2")
	}
	if cfg.vec.MinDF < 0 {
		return usagef("-min-df must not be negative")
	}
	if cfg.vec.MaxDF < 0 {
		return usagef("-max-df must not be negative")
	}
	if cfg.lsa < 0 {
		return usagef("-lsa must not be negative")
	}
	if cfg.vec.MaxFeatures < 0 {
		return usagef("-max-features must not be negative")
	}
	if cfg.topTerms < 1 {
		return usagef("-top-terms must be at least 1")
	}
	if cfg.topPairs < 0 {
		return usagef("-top-pairs must not be negative")
	}
	if cfg.dupThreshold <= 0 || cfg.dupThreshold > 1 {
		return usagef("-dup-threshold must be in (0, 1]")
	}
	if cfg.read.MaxDocBytes < 1 {
		return usagef("-max-doc-bytes must be positive")
	}
	if cfg.read.MaxInputBytes < 1 {
		return usagef("-max-input-bytes must be positive")
	}
	if cfg.out == "" {
		return usagef("-out must name a folder")
	}
	if err := checkOutDir(cfg.out); err != nil {
		return err
	}
	if _, err := vectorize.NewAnalyzer(cfg.vec); err != nil {
		return usagef("-lang: %v", err)
	}
	return nil
}

// analysis is what analyze computed; the report is built from it.
type analysis struct {
	report   *report.Analysis
	pairs    []cluster.Pair // every article pair, or each one's nearest neighbours when many: similarity.csv
	artIDs   []string       // article ids, the rows of pairs
	model    *model.Model   // what compare applies to new articles
	eval     Evaluation
	embed    *cluster.Dense // the LSA embedding that was clustered; nil with -lsa 0
	texts    *unitTexts     // snippets and full texts of the units
	warnings []string       // printed on stderr, even with -quiet
}

func analyze(ctx context.Context, cfg *analyzeConfig, inputs []string, prog *progress) (*analysis, error) {
	var themes []vectorize.Theme
	if cfg.themes != "" {
		f, err := os.Open(cfg.themes)
		if err != nil {
			return nil, fmt.Errorf("-themes: %w", err)
		}
		themes, err = vectorize.ParseThemes(f, cfg.themes)
		f.Close()
		if err != nil {
			return nil, err
		}
	}

	ing, err := ingest(ctx, cfg, inputs, prog)
	if err != nil {
		return nil, err
	}
	defer ing.texts.close()
	units, vz, X, skipped := ing.units, ing.vz, ing.X, ing.skipped
	n := len(units)
	if n == 0 {
		return nil, fmt.Errorf("%w: no article has usable words (%d skipped; see the reasons with -skip-bad or in the inputs)", corpus.ErrNoDocs, len(skipped))
	}

	// Article neighbours, in the background while LSA and k-means run.
	var ahead *neighborsAhead
	if cfg.unit == "document" && n > allPairsMax && n <= aheadMaxArticles {
		ahead = startNeighbors(ctx, X, neighborsK)
		defer ahead.stop()
	}

	// Named themes: vectors in term space, used as seeds and for shares.
	var themeVecs []sparse.Vector
	var seeds [][]float64
	for _, t := range themes {
		v, _ := vz.ThemeVector(t)
		themeVecs = append(themeVecs, v)
		if len(v.Ind) > 0 {
			d := make([]float64, X.Dims())
			for k, j := range v.Ind {
				d[j] = float64(v.Val[k])
			}
			seeds = append(seeds, d)
		}
	}

	// Cluster in the LSA embedding of the rows unless -lsa 0.
	var M cluster.Matrix = X
	var embed *cluster.Dense
	if cfg.lsa > 0 {
		step := fmt.Sprintf("reducing %d %ss to %d LSA dimensions", n, cfg.unit, min(cfg.lsa, n, X.Dims()))
		if ahead != nil {
			step += " (similar articles searched alongside)"
		}
		prog.Step(step)
		embed, seeds, err = lsaSpace(ctx, X, cfg.lsa, themeVecs, rand.NewPCG(cfg.seed, 1), prog.Update)
		if err != nil {
			return nil, err
		}
		M = embed
	}

	src := rand.NewPCG(cfg.seed, 0x6e657773636c7573) // "newsclus"
	kopts := cluster.KMeansOptions{NInit: cfg.nInit, MaxIter: cfg.maxIter, Src: src, KeepRestarts: true, Progress: prog.Update}
	var (
		res     *cluster.KMeansResult
		kscores []cluster.KScore
	)
	unitWord := cfg.unit + "s"
	switch {
	case !cfg.k.auto:
		if cfg.k.n > n {
			return nil, usagef("-k %d is more than the %d %s with usable words", cfg.k.n, n, unitWord)
		}
		kopts.K = cfg.k.n
		kopts.Seeds = firstSeeds(seeds, kopts.K)
		prog.Step(fmt.Sprintf("clustering %d %s into %d clusters", n, unitWord, kopts.K))
		if cfg.minibatch == "on" || (cfg.minibatch == "auto" && n > cluster.DefaultSampledMin) {
			res, err = cluster.SampledKMeans(ctx, M, kopts, cluster.SampledOptions{})
		} else {
			res, err = cluster.SphericalKMeans(ctx, M, kopts)
		}
	case n < 3 || allRowsEqual(X):
		// Silhouette needs 2 <= k <= n-1 and units that differ: with one or
		// two units, or only copies of one text, one cluster.
		kopts.K = 1
		prog.Step(fmt.Sprintf("clustering %d %s into 1 cluster", n, unitWord))
		res, err = cluster.SphericalKMeans(ctx, M, kopts)
	default:
		lo, hi := cfg.kRange.lo, min(cfg.kRange.hi, n-1)
		if lo > hi {
			lo = hi
		}
		if len(seeds) > lo && len(seeds) <= hi {
			lo = len(seeds) // every k tried starts from all the named themes
		}
		kopts.Seeds = firstSeeds(seeds, lo)
		prog.Step(fmt.Sprintf("choosing k in %d:%d for %d %s", lo, hi, n, unitWord))
		_, kscores, res, err = cluster.ChooseK(ctx, M, lo, hi, kopts)
	}
	if err != nil {
		return nil, err
	}
	// Labels come from term-space centroids, whatever space was clustered.
	var centroids *mat.Dense
	if embed != nil {
		centroids = termSims(X, res) // scores and representatives in term space, as compare sees them
	} else {
		centroids = cluster.MeanDirections(X, res.Labels, len(res.Sizes))
	}

	prog.Step("labelling clusters and measuring similarity")
	out := &analysis{embed: embed, texts: ing.texts}
	// The scores against labels and the stability are computed while the
	// report is built; buildReport waits for them before its last note.
	evalDone := make(chan struct{})
	go func() {
		defer close(evalDone)
		known := make([]string, n)
		for i, u := range units {
			known[i] = u.Label
		}
		out.eval = evaluateUnits(X, known, res.Labels, rand.NewPCG(cfg.seed, 3))
		out.eval.Stability, out.eval.StabilityRuns = restartAgreement(res)
	}()
	buildReport(ctx, out, cfg, prog, units, vz, X, res, centroids, kscores, themes, themeVecs, skipped, ahead, evalDone)
	out.report.Stability = out.eval.Stability
	if err := ctx.Err(); err != nil {
		return nil, err
	}
	if ing.texts.err != nil {
		return nil, ing.texts.err
	}
	if note := renamedNote(ing.renamed); note != "" {
		out.report.Notes = append(out.report.Notes, note)
		out.warnings = append(out.warnings, fmt.Sprintf("%s made unique (listed in the report notes)", plural(len(ing.renamed), "duplicate id")))
	}
	return out, nil
}

func firstSeeds(seeds [][]float64, k int) [][]float64 {
	if len(seeds) > k {
		return seeds[:k]
	}
	return seeds
}

// selectRows returns the rows of X listed in rows, in that order.
func selectRows(X *sparse.CSR, rows []int) *sparse.CSR {
	b := sparse.NewBuilder(X.Dims())
	for _, i := range rows {
		b.Append(X.Row(i))
	}
	return b.CSR()
}

func buildReport(ctx context.Context, out *analysis, cfg *analyzeConfig, prog *progress, units []corpus.Document,
	vz *vectorize.Model, X *sparse.CSR, res *cluster.KMeansResult, centroids *mat.Dense, kscores []cluster.KScore,
	themes []vectorize.Theme, themeVecs []sparse.Vector, skipped []report.Skip, ahead *neighborsAhead, evalDone <-chan struct{}) {

	k := len(res.Sizes)
	ra := &report.Analysis{
		Title:   "News coverage by theme",
		Unit:    cfg.unit,
		Skipped: skipped,
	}
	out.report = ra
	ra.Settings = settings(cfg, k, kscores)
	for _, s := range kscores {
		ra.KScores = append(ra.KScores, report.KScore{K: s.K, Silhouette: s.Silhouette})
	}
	if note := topOfRangeNote(k, kscores, cfg.kRange.hi); note != "" {
		ra.Notes = append(ra.Notes, note)
	}

	// The 2-D map, while the clusters are labelled.
	var coords [][2]float64
	mapped := make(chan struct{})
	go func() {
		defer close(mapped)
		var err error
		if coords, err = layout(ctx, out.embed, X, rand.NewPCG(cfg.seed, 2)); err != nil {
			coords = make([][2]float64, len(units))
		}
	}()

	reps := cluster.Representatives(res, 3)
	type distinctive struct {
		cols   []int
		scores []float64
	}
	dist := make([]distinctive, k)
	eachParallel(k, func(ci int) {
		dist[ci].cols, dist[ci].scores = cluster.Distinctive(centroids, ci, cfg.topTerms)
	})
	for ci := 0; ci < k; ci++ {
		cols, scores := dist[ci].cols, dist[ci].scores
		cl := report.Cluster{ID: ci, Size: res.Sizes[ci]}
		var words []string
		for j, col := range cols {
			if scores[j] <= 0 {
				break
			}
			cl.Terms = append(cl.Terms, report.Term{Word: vz.Surface[col], Weight: scores[j]})
			if len(words) < 3 {
				words = append(words, vz.Surface[col])
			}
		}
		cl.Label = strings.Join(words, " · ")
		if cl.Label == "" {
			cl.Label = fmt.Sprintf("cluster %d", ci+1)
		}
		for _, r := range reps[ci] {
			cl.Reps = append(cl.Reps, units[r].ID)
		}
		ra.Clusters = append(ra.Clusters, cl)
	}
	addContexts(ra.Clusters, out.texts.text, res.Labels, res.Sims)

	// Articles: in paragraph mode an article's vector is the normalised sum
	// of its passages.
	artIndex := map[string]int{}
	var arts []corpus.Document
	group := make([]int, len(units))
	for i, u := range units {
		a, ok := artIndex[u.Article]
		if !ok {
			a = len(arts)
			artIndex[u.Article] = a
			arts = append(arts, u)
		}
		group[i] = a
	}
	A := X
	if cfg.unit == "paragraph" {
		A = cluster.GroupRows(X, group, len(arts))
	}
	ra.Counts = report.Counts{Articles: len(arts), Units: len(units), Skipped: len(skipped)}

	<-mapped
	for i, u := range units {
		ra.Docs = append(ra.Docs, report.Doc{
			ID: u.ID, Article: u.Article, Title: u.Title, Date: u.Date, Source: u.Source, Label: u.Label,
			Snippet: out.texts.snippets[i],
			Cluster: res.Labels[i], Score: res.Sims[i],
			X: coords[i][0], Y: coords[i][1],
		})
	}

	// Similarity between articles: every pair when few, else each
	// article's nearest neighbours.
	var (
		pairs []cluster.Pair
		nb    [][]cluster.Neighbor
	)
	switch {
	case len(arts) <= allPairsMax:
		pairs = cluster.AllPairs(A)
		nb = nearestFromPairs(len(arts), pairs)
	case ahead != nil:
		nb, _ = ahead.wait(prog.Update) // only cancellation fails; the caller checks ctx
		pairs = neighborPairs(nb)
	default:
		// Exact up to cluster.DefaultExactMax articles, approximate above
		// (recall in bench/results/neighbors.txt); cosines are exact.
		nb, _ = cluster.NearestNeighbors(ctx, A, neighborsK, cluster.NeighborOptions{Progress: prog.Update}) // only cancellation fails; the caller checks ctx
		pairs = neighborPairs(nb)
	}
	for _, g := range cluster.Components(len(arts), pairs, cfg.dupThreshold) {
		ids := make([]string, len(g))
		for j, a := range g {
			ids[j] = arts[a].Article
		}
		ra.Groups = append(ra.Groups, ids)
	}
	// pairs is in (A, B) order; similarity.csv is written from it directly.
	out.pairs, out.artIDs = pairs, make([]string, len(arts))
	for a, art := range arts {
		out.artIDs[a] = art.Article
	}
	for _, p := range topPairs(pairs, cfg.topPairs) {
		ra.Pairs = append(ra.Pairs, report.Pair{A: arts[p.A].Article, B: arts[p.B].Article, Cosine: p.Cosine})
	}
	ra.Heatmap = heatmap(A, arts, 60)

	if len(themes) > 0 {
		for _, t := range themes {
			ra.Themes = append(ra.Themes, t.Name)
		}
		shares, weight := cluster.ThemeShares(A, themeVecs)
		for a, art := range arts {
			ra.Articles = append(ra.Articles, report.ArticleTheme{Article: art.Article, Title: art.Title, Shares: shares[a], Weight: weight[a]})
		}
	}

	<-evalDone
	ra.Notes = append(ra.Notes, out.eval.summary())
	out.model = &model.Model{
		Unit:         cfg.unit,
		Vectorizer:   vz,
		Themes:       themes,
		Centroids:    make([]float32, 0, k*X.Dims()),
		Vectors:      A,
		NN:           cluster.NewCalibration(nb).NN,
		DupThreshold: cfg.dupThreshold,
	}
	for _, c := range ra.Clusters {
		out.model.Clusters = append(out.model.Clusters, model.Cluster{Label: c.Label, Size: c.Size})
	}
	for ci := 0; ci < k; ci++ {
		for _, v := range centroids.RawRowView(ci) {
			out.model.Centroids = append(out.model.Centroids, float32(v))
		}
	}
	artCluster := majority(group, res.Labels, len(arts), k)
	for a, art := range arts {
		out.model.Articles = append(out.model.Articles, model.Article{ID: art.Article, Title: art.Title, Date: art.Date, Cluster: artCluster[a]})
	}
}

// majority returns each group's most frequent label, ties to the lowest.
func majority(group, labels []int, ng, k int) []int {
	counts := make([][]int, ng)
	for i, g := range group {
		if counts[g] == nil {
			counts[g] = make([]int, k)
		}
		counts[g][labels[i]]++
	}
	out := make([]int, ng)
	for g, c := range counts {
		for l := range c {
			if c[l] > c[out[g]] {
				out[g] = l
			}
		}
	}
	return out
}

// nearestFromPairs returns each row's single nearest neighbour from a full
// list of pairs (ties to the lower row), as Neighbors(X, 1) would.
func nearestFromPairs(n int, pairs []cluster.Pair) [][]cluster.Neighbor {
	nb := make([][]cluster.Neighbor, n)
	better := func(i int, cand cluster.Neighbor) {
		if cand.Cosine <= 0 {
			return
		}
		if len(nb[i]) == 0 || cand.Cosine > nb[i][0].Cosine || (cand.Cosine == nb[i][0].Cosine && cand.Row < nb[i][0].Row) {
			nb[i] = []cluster.Neighbor{cand}
		}
	}
	for _, p := range pairs {
		better(p.A, cluster.Neighbor{Row: p.B, Cosine: p.Cosine})
		better(p.B, cluster.Neighbor{Row: p.A, Cosine: p.Cosine})
	}
	return nb
}

// neighborPairs turns neighbour lists into unique pairs A < B, in (A, B)
// order. A pair listed from both ends is kept once, without a set of
// pairs: at a million articles that set alone would take gigabytes.
func neighborPairs(nb [][]cluster.Neighbor) []cluster.Pair {
	lists := func(i, j int) bool { // whether j is in i's list
		for _, n := range nb[i] {
			if n.Row == j {
				return true
			}
		}
		return false
	}
	each := func(fn func(cluster.Pair)) {
		for a := range nb {
			for _, n := range nb[a] {
				switch b := n.Row; {
				case b > a:
					fn(cluster.Pair{A: a, B: b, Cosine: n.Cosine})
				case b < a && !lists(b, a): // b did not list a: only a's list has it
					fn(cluster.Pair{A: b, B: a, Cosine: n.Cosine})
				}
			}
		}
	}
	// Bucketed by A (counting), then each bucket sorted by B: the order
	// of one sort by (A, B) without sorting them all.
	start := make([]int, len(nb)+1)
	each(func(p cluster.Pair) { start[p.A+1]++ })
	for a := range nb {
		start[a+1] += start[a]
	}
	pairs := make([]cluster.Pair, start[len(nb)])
	next := slices.Clone(start[:len(nb)])
	each(func(p cluster.Pair) {
		pairs[next[p.A]] = p
		next[p.A]++
	})
	for a := range nb {
		slices.SortFunc(pairs[start[a]:start[a+1]], func(x, y cluster.Pair) int { return x.B - y.B })
	}
	return slices.CompactFunc(pairs, func(x, y cluster.Pair) bool { return x.A == y.A && x.B == y.B })
}

// topPairs returns the n pairs of highest cosine, ties in the order of
// pairs, without copying or sorting all of them.
func topPairs(pairs []cluster.Pair, n int) []cluster.Pair {
	var top []cluster.Pair
	for _, p := range pairs {
		if len(top) == n && (n == 0 || p.Cosine <= top[n-1].Cosine) {
			continue
		}
		i := sort.Search(len(top), func(i int) bool { return top[i].Cosine < p.Cosine })
		if len(top) < n {
			top = append(top, cluster.Pair{})
		}
		copy(top[i+1:], top[i:len(top)-1])
		top[i] = p
	}
	return top
}

// heatmap returns the cosine matrix of up to max articles: all of them when
// few, else an even spread in input order.
func heatmap(A *sparse.CSR, arts []corpus.Document, max int) *report.Heatmap {
	n := A.Rows()
	idx := make([]int, 0, min(n, max))
	for j := 0; j < min(n, max); j++ {
		idx = append(idx, j*n/min(n, max))
	}
	h := &report.Heatmap{}
	for _, i := range idx {
		label := arts[i].Title
		if label == "" {
			label = arts[i].Article
		}
		h.Labels = append(h.Labels, label)
		h.Articles = append(h.Articles, arts[i].Article)
		row := make([]float64, len(idx))
		for c, j := range idx {
			row[c] = sparse.Dot(A.Row(i), A.Row(j))
		}
		h.Cos = append(h.Cos, row)
	}
	return h
}

// snippet returns the first words of text, at most n, separated by single
// spaces and followed by " …" when text has more: what joining the first n
// of strings.Fields(text) gives, without splitting the whole text.
func snippet(text string, n int) string {
	var b strings.Builder
	words := 0
	for rest := text; ; {
		rest = strings.TrimLeftFunc(rest, unicode.IsSpace)
		if rest == "" {
			return b.String()
		}
		if words == n {
			b.WriteString(" …")
			return b.String()
		}
		end := strings.IndexFunc(rest, unicode.IsSpace)
		if end < 0 {
			end = len(rest)
		}
		if words > 0 {
			b.WriteByte(' ')
		}
		b.WriteString(rest[:end])
		words++
		rest = rest[end:]
	}
}

// settings returns the settings table of the report. With -k auto the k
// row gives the range actually tried (kscores), which is narrower than
// -k-range when there are fewer units than its top or more named themes
// than its bottom.
func settings(cfg *analyzeConfig, k int, kscores []cluster.KScore) []report.Setting {
	kval := strconv.Itoa(k)
	if cfg.k.auto {
		if len(kscores) > 0 {
			kval += fmt.Sprintf(" (auto, tried %d:%d)", kscores[0].K, kscores[len(kscores)-1].K)
		} else {
			kval += " (auto: one cluster, too few distinct units to compare)"
		}
	}
	s := []report.Setting{
		{Name: "unit", Value: cfg.unit},
		{Name: "k", Value: kval},
		{Name: "seed", Value: strconv.FormatUint(cfg.seed, 10)},
		{Name: "n-init", Value: strconv.Itoa(cfg.nInit)},
		{Name: "lsa", Value: strconv.Itoa(cfg.lsa)},
		{Name: "sublinear", Value: strconv.FormatBool(cfg.vec.Sublinear)},
		{Name: "lang", Value: cfg.vec.Language},
		{Name: "min-df", Value: strconv.FormatFloat(cfg.vec.MinDF, 'g', -1, 64)},
		{Name: "max-df", Value: strconv.FormatFloat(cfg.vec.MaxDF, 'g', -1, 64)},
		{Name: "ngrams", Value: strconv.Itoa(cfg.vec.NGrams)},
	}
	if cfg.themes != "" {
		s = append(s, report.Setting{Name: "themes", Value: filepath.Base(cfg.themes)})
	}
	return s
}

// topOfRangeNote returns a note when -k auto chose the largest k it tried,
// where the silhouette may still be rising, and "" otherwise. hi is the top
// of -k-range: when fewer units cut the range short, widening it would not
// help.
func topOfRangeNote(k int, kscores []cluster.KScore, hi int) string {
	if len(kscores) < 2 || kscores[len(kscores)-1].K != k {
		return ""
	}
	lo := kscores[0].K
	if k < hi {
		return fmt.Sprintf("k = %d is the largest k tried (%d:%d), one less than the number of units: the silhouette may go on rising, as it often does for text, but there are too few units to try more. Give -k if you know roughly how many themes to expect.",
			k, lo, k)
	}
	return fmt.Sprintf("k = %d is the largest k tried (%d:%d): the silhouette may go on rising beyond it, as it often does for text. Widen -k-range, or give -k if you know roughly how many themes to expect.",
		k, lo, k)
}

// Article similarity: every pair up to allPairsMax articles, else each
// article's neighborsK nearest.
const (
	allPairsMax = 2000
	neighborsK  = 20
)

// writeOutputs writes every output file into dir, each atomically.
func writeOutputs(ctx context.Context, dir string, res *analysis) error {
	a := res.report
	if err := os.MkdirAll(filepath.Join(dir, "charts"), 0o755); err != nil {
		return fmt.Errorf("-out: %w", err)
	}
	files := []struct {
		name string
		fill func(io.Writer) error
	}{
		{"report.md", func(w io.Writer) error { return report.WriteMarkdown(w, a, "charts") }},
		{"clusters.json", func(w io.Writer) error { return report.WriteClustersJSON(w, a) }},
		{"assignments.csv", func(w io.Writer) error { return report.WriteAssignmentsCSV(w, a) }},
		{"similarity.csv", func(w io.Writer) error {
			return report.WriteSimilarityRows(w, len(res.pairs), func(i int) report.Pair {
				p := res.pairs[i]
				return report.Pair{A: res.artIDs[p.A], B: res.artIDs[p.B], Cosine: p.Cosine}
			})
		}},
		{"skipped.csv", func(w io.Writer) error { return report.WriteSkippedCSV(w, a.Skipped) }},
		{"evaluation.json", func(w io.Writer) error { return writeJSON(w, res.eval) }},
		{"duplicates.csv", func(w io.Writer) error { return report.WriteGroupsCSV(w, a) }},
	}
	if len(a.Themes) > 0 {
		files = append(files, struct {
			name string
			fill func(io.Writer) error
		}{"themes.csv", func(w io.Writer) error { return report.WriteThemesCSV(w, a) }})
	}
	// Every file is staged first and renamed into place only when all
	// are written (see outputSet); the fills run concurrently, taken in
	// order, longest first (as measured on 20 Newsgroups: the model and
	// the HTML report, the PNG charts, the similarity list and the
	// Markdown report), so that no core waits on a long one at the end.
	outs := []output{
		{filepath.Join(dir, model.FileName), func(w io.Writer) error { return model.Write(w, res.model) }},
		{filepath.Join(dir, "report.html"), func(w io.Writer) error { return report.WriteHTML(w, a) }},
	}
	charts := func(format string) {
		for _, name := range report.Charts(a) {
			outs = append(outs, output{filepath.Join(dir, "charts", name+"."+format),
				func(w io.Writer) error { return report.WriteChart(w, a, name, format) }})
		}
	}
	charts("png")
	long := map[string]bool{"similarity.csv": true, "report.md": true}
	for _, f := range files {
		if long[f.name] {
			outs = append(outs, output{filepath.Join(dir, f.name), f.fill})
		}
	}
	charts("svg")
	for _, f := range files {
		if !long[f.name] {
			outs = append(outs, output{filepath.Join(dir, f.name), f.fill})
		}
	}
	written := map[string]bool{}
	for _, o := range outs {
		written[o.path] = true
	}
	var set outputSet
	defer set.discard()
	if err := set.writeAll(ctx, outs); err != nil {
		return err
	}
	if err := ctx.Err(); err != nil {
		return err
	}
	if err := set.commit(); err != nil {
		return err
	}
	return removeStale(dir, written)
}

func printSummary(w io.Writer, cfg *analyzeConfig, a *report.Analysis) {
	what := fmt.Sprintf("%d articles", a.Counts.Articles)
	if cfg.unit == "paragraph" {
		what += fmt.Sprintf(" (%d passages)", a.Counts.Units)
	}
	fmt.Fprintf(w, "Analysed %s into %s; %s skipped.\n", what, plural(len(a.Clusters), "cluster"), plural(a.Counts.Skipped, "input"))
	for _, c := range a.Clusters {
		fmt.Fprintf(w, "  %2d  %5d  %s\n", c.ID, c.Size, truncate(c.Label, 70))
	}
	if len(a.Pairs) > 0 {
		p := a.Pairs[0]
		fmt.Fprintf(w, "Most similar pair: %s ~ %s (cosine %.3f)\n", p.A, p.B, p.Cosine)
	}
	for _, n := range a.Notes {
		fmt.Fprintln(w, n)
	}
	fmt.Fprintf(w, "Report: %s\n", filepath.Join(cfg.out, "report.html"))
}

func truncate(s string, n int) string {
	if utf8.RuneCountInString(s) <= n {
		return s
	}
	r := []rune(s)
	return string(r[:n-1]) + "…"
}

func writeJSON(w io.Writer, v any) error {
	enc := json.NewEncoder(w)
	enc.SetIndent("", "  ")
	return enc.Encode(v)
}

// eachParallel calls fn(i) for every i in [0, n) on GOMAXPROCS goroutines;
// the calls must write to disjoint memory.
func eachParallel(n int, fn func(i int)) {
	var next atomic.Int64
	var wg sync.WaitGroup
	for range min(n, runtime.GOMAXPROCS(0)) {
		wg.Go(func() {
			for i := int(next.Add(1)) - 1; i < n; i = int(next.Add(1)) - 1 {
				fn(i)
			}
		})
	}
	wg.Wait()
}
