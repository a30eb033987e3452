// Command choosek measures how well each k-selection criterion of
// cluster.SelectK recovers the number of labelled topics, and how close the
// resulting clustering comes to the labels (NMI), on the shared labelled
// corpora and subsets of them with a known number of labels.
//
// Usage:
//
//	go run ./bench/choosek [-corpora ../shared/corpora] [-seeds 1,2,3] [-criteria stability,eigengap,...] [-sets 20NG-4,...] > bench/results/choosek.txt
//
// Every unit goes through what newsclust analyze does by default: the
// corpus package reads the subset (boilerplate rules included), title and
// text are vectorized with sublinear TF-IDF (min-df 2 and max-df 0.5 from
// 100 units up), LSA to 100 dimensions seeded with (seed, 1), and the
// clustering draws from PCG(seed, "newsclus"). Subsets are drawn with fixed
// seeds, so the same corpora give the same table. Without the corpora the
// labelled sets are skipped with a message; the seed passages (testdata)
// are always measured.
package main

import (
	"bufio"
	"compress/gzip"
	"context"
	"encoding/json"
	"flag"
	"fmt"

	"math"
	"math/rand/v2"
	"os"
	"path/filepath"
	"slices"
	"strconv"
	"strings"
	"time"

	"gonum.org/v1/gonum/mat"

	"newsclust/cluster"
	"newsclust/corpus"
	"newsclust/vectorize"
)

type record struct {
	ID    string `json:"id"`
	Label string `json:"label"`
	Title string `json:"title"`
	Text  string `json:"text"`
}

// set is a labelled collection with a known number of labels.
type set struct {
	name  string
	file  string   // corpus file name under -corpora, "" for the seed passages
	label []string // labels kept (nil: all)
	per   int      // articles drawn per label (0: all)
	seed  uint64   // for the draw
}

// config is what the flags ask for beyond the corpora and the sets.
type config struct {
	seeds      []uint64
	seedsFlag  string // the seeds as given, for the header
	crits      []string
	comb       cluster.Combine
	lo, hi     int
	fixed      bool
	resamples  int
	sample     int
	corporaDir string
}

func main() {
	corporaDir := flag.String("corpora", "../shared/corpora", "folder of the shared labelled corpora")
	seedsFlag := flag.String("seeds", "1,2,3", "comma-separated seeds")
	critFlag := flag.String("criteria", "silhouette-choosek,default,clusters,stability,eigengap,bic,pac,gap", "criteria to compare (silhouette-choosek is the existing ChooseK)")
	setsFlag := flag.String("sets", "", "comma-separated set names (default all)")
	lo := flag.Int("lo", 2, "lowest k tried")
	hi := flag.Int("hi", 12, "highest k tried")
	fixed := flag.Bool("fixed", true, "also cluster at the true k (best objective against consensus)")
	resamples := flag.Int("resamples", 0, "SelectOptions.Resamples (0: default)")
	sample := flag.Int("sample", 0, "SelectOptions.Sample (0: default)")
	combine := flag.String("combine", "vote", "vote, medoid or best: how SelectK combines its final restarts")
	timing := flag.Bool("timing", false, "only time SelectK against a fixed k=20 run on full 20 Newsgroups, and SelectK on 200,000 synthetic rows")
	flag.Parse()

	cfg := config{
		seedsFlag: *seedsFlag, crits: strings.Split(*critFlag, ","),
		comb: map[string]cluster.Combine{"vote": cluster.CombineVote, "medoid": cluster.CombineMedoid, "best": cluster.CombineBest}[*combine],
		lo:   *lo, hi: *hi, fixed: *fixed, resamples: *resamples, sample: *sample, corporaDir: *corporaDir,
	}
	for _, s := range strings.Split(*seedsFlag, ",") {
		v, err := strconv.ParseUint(s, 10, 64)
		if err != nil {
			fatal(err)
		}
		cfg.seeds = append(cfg.seeds, v)
	}
	sets := allSets()
	if *setsFlag != "" {
		want := strings.Split(*setsFlag, ",")
		sets = slices.DeleteFunc(sets, func(s set) bool { return !slices.Contains(want, s.name) })
	}
	tmp, err := os.MkdirTemp("", "choosek-")
	if err != nil {
		fatal(err)
	}
	defer os.RemoveAll(tmp)

	if *timing {
		timeRuns(*corporaDir, tmp, *lo, *hi)
		return
	}
	measureAll(context.Background(), cfg, sets, tmp)
}

// measureAll prints the table: a header, then the rows of every set that
// loads (a set that does not is skipped with a message).
func measureAll(ctx context.Context, cfg config, sets []set, tmp string) {
	fmt.Printf("# k selection: chosen k and NMI per criterion\n\n")
	fmt.Printf("command: go run ./bench/choosek %s\n\n", strings.Join(os.Args[1:], " "))
	fmt.Printf("k range %d:%d, seeds %s, LSA 100, defaults otherwise; cells: k per seed / NMI per seed (mean, max−min)\n\n", cfg.lo, cfg.hi, cfg.seedsFlag)
	fmt.Printf("| set | docs | true k | criterion | k per seed | NMI per seed | mean NMI | spread | s/run |\n|---|---|---|---|---|---|---|---|---|\n")
	for _, st := range sets {
		docs, err := load(ctx, st, cfg.corporaDir, tmp)
		if err != nil {
			fmt.Fprintf(os.Stderr, "choosek: %s: %v; skipped\n", st.name, err)
			continue
		}
		ms := newMeasurement(docs)
		for _, seed := range cfg.seeds {
			M, err := embed(ctx, docs, seed)
			if err != nil {
				fatal(err)
			}
			src := func() rand.Source { return rand.NewPCG(seed, 0x6e657773636c7573) }
			for _, c := range cfg.crits {
				runCriterion(ctx, cfg, st.name, seed, c, M, src, ms)
			}
			if cfg.fixed && ms.truek > 1 {
				runTrueK(ctx, M, src, ms)
			}
		}
		printSet(cfg, st, len(docs), ms)
	}
}

// runStats are the runs of one criterion on one set, a k and an NMI per
// seed and the seconds they took together.
type runStats struct {
	ks   []int
	nmis []float64
	secs float64
}

// measurement gathers the runs of every criterion on one set against its
// labels (truek is 0 for a set without labels).
type measurement struct {
	truth []int
	truek int
	runs  map[string]*runStats
}

// newMeasurement starts the measurement of a set of docs.
func newMeasurement(docs []corpus.Document) *measurement {
	truth, truek := intLabels(docs)
	return &measurement{truth: truth, truek: truek, runs: map[string]*runStats{}}
}

// record adds a run of the named criterion: its k, its labels (scored by
// NMI against the truth when there is one) and its seconds.
func (ms *measurement) record(name string, k int, labels []int, secs float64) {
	r := ms.runs[name]
	if r == nil {
		r = &runStats{}
		ms.runs[name] = r
	}
	r.ks = append(r.ks, k)
	if ms.truek > 0 {
		r.nmis = append(r.nmis, cluster.NMI(ms.truth, labels))
	}
	r.secs += secs
}

// runCriterion chooses k on M with criterion c ("silhouette-choosek" is
// cluster.ChooseK, the others cluster.SelectK) and records the run; for
// SelectK it logs the reason and the scores per k to stderr.
func runCriterion(ctx context.Context, cfg config, name string, seed uint64, c string, M *cluster.Dense, src func() rand.Source, ms *measurement) {
	start := time.Now()
	if c == "silhouette-choosek" {
		k, _, res, err := cluster.ChooseK(ctx, M, cfg.lo, cfg.hi, cluster.KMeansOptions{Src: src()})
		if err != nil {
			fatal(err)
		}
		ms.record(c, k, res.Labels, time.Since(start).Seconds())
		return
	}
	crit, err := cluster.ParseCriterion(c)
	if err != nil {
		fatal(err)
	}
	sel, err := cluster.SelectK(ctx, M, cfg.lo, cfg.hi, cluster.KMeansOptions{Src: src()}, cluster.SelectOptions{Criterion: crit, Combine: cfg.comb, Resamples: cfg.resamples, Sample: cfg.sample})
	if err != nil {
		fatal(err)
	}
	ms.record(c, sel.K, sel.Result.Labels, time.Since(start).Seconds())
	fmt.Fprintf(os.Stderr, "%s seed %d %s: %s; stability %.3f\n", name, seed, c, sel.Reason, sel.Stability)
	var b strings.Builder
	for _, s := range sel.Scores {
		fmt.Fprintf(&b, " %d:%.3f/%.3f/%.3f", s.K, s.Score, s.Stability, s.StableClusters)
	}
	fmt.Fprintf(os.Stderr, "  scores k:score/stab/stableclusters%s\n", b.String())
}

// trueKRuns are the names of the runs at the true k, in table order.
var trueKRuns = []string{"true k, best objective", "true k, consensus vote (default)", "true k, consensus medoid"}

// runTrueK clusters M at the true k, by best objective and by consensus
// vote and medoid, and records the runs.
func runTrueK(ctx context.Context, M *cluster.Dense, src func() rand.Source, ms *measurement) {
	start := time.Now()
	res, err := cluster.SphericalKMeans(ctx, M, cluster.KMeansOptions{K: ms.truek, Src: src()})
	if err != nil {
		fatal(err)
	}
	ms.record(trueKRuns[0], ms.truek, res.Labels, time.Since(start).Seconds())
	for i, c := range []cluster.Combine{cluster.CombineVote, cluster.CombineMedoid} {
		start = time.Now()
		res, err = cluster.Consensus(ctx, M, cluster.KMeansOptions{K: ms.truek, Src: src()}, cluster.SelectOptions{Combine: c})
		if err != nil {
			fatal(err)
		}
		ms.record(trueKRuns[1+i], ms.truek, res.Labels, time.Since(start).Seconds())
	}
}

// printSet prints the table rows of one set of n docs, one per criterion
// in the order asked, then the true-k runs.
func printSet(cfg config, st set, n int, ms *measurement) {
	names := slices.Clone(cfg.crits)
	if cfg.fixed && ms.truek > 1 {
		names = append(names, trueKRuns...)
	}
	tk := strconv.Itoa(ms.truek)
	if ms.truek == 0 {
		tk = "3-6 wanted"
	}
	for _, name := range names {
		r := ms.runs[name]
		if r == nil {
			continue
		}
		ks := make([]string, len(r.ks))
		for i, k := range r.ks {
			ks[i] = strconv.Itoa(k)
		}
		nm := make([]string, len(r.nmis))
		mean, lo, hi := 0.0, math.Inf(1), math.Inf(-1)
		for i, v := range r.nmis {
			nm[i] = fmt.Sprintf("%.3f", v)
			mean += v
			lo, hi = min(lo, v), max(hi, v)
		}
		meanS, spread := "", ""
		if len(r.nmis) > 0 {
			meanS = fmt.Sprintf("%.3f", mean/float64(len(r.nmis)))
			spread = fmt.Sprintf("%.3f", hi-lo)
		}
		fmt.Printf("| %s | %d | %s | %s | %s | %s | %s | %s | %.2f |\n", st.name, n, tk, name, strings.Join(ks, " "), strings.Join(nm, " "), meanS, spread, r.secs/float64(len(cfg.seeds)))
	}
}

// allSets lists the measured collections. The 6- and 8-group subsets of 20
// Newsgroups, the random pairs and the R8 subsets are drawn once with the
// seeds given here, not chosen by hand.
func allSets() []set {
	ng := []string{"alt.atheism", "comp.graphics", "comp.os.ms-windows.misc", "comp.sys.ibm.pc.hardware", "comp.sys.mac.hardware", "comp.windows.x", "misc.forsale", "rec.autos", "rec.motorcycles", "rec.sport.baseball", "rec.sport.hockey", "sci.crypt", "sci.electronics", "sci.med", "sci.space", "soc.religion.christian", "talk.politics.guns", "talk.politics.mideast", "talk.politics.misc", "talk.religion.misc"}
	r8 := []string{"acq", "crude", "earn", "grain", "interest", "money-fx", "ship", "trade"}
	pick := func(from []string, m int, seed uint64) []string {
		r := rand.New(rand.NewPCG(seed, 7))
		p := slices.Clone(from)
		r.Shuffle(len(p), func(a, b int) { p[a], p[b] = p[b], p[a] })
		out := p[:m]
		slices.Sort(out)
		return out
	}
	sets := []set{
		{name: "seeds-paragraphs"},
		{name: "20NG-4", file: "20newsgroups.jsonl.gz", label: []string{"alt.atheism", "comp.graphics", "sci.space", "talk.religion.misc"}},
	}
	for i := uint64(1); i <= 3; i++ {
		sets = append(sets, set{name: fmt.Sprintf("20NG-2x35-%d", i), file: "20newsgroups.jsonl.gz", label: pick(ng, 2, 100+i), per: 35, seed: i})
	}
	sets = append(sets,
		set{name: "20NG-6", file: "20newsgroups.jsonl.gz", label: pick(ng, 6, 6)},
		set{name: "20NG-8", file: "20newsgroups.jsonl.gz", label: pick(ng, 8, 8)},
		set{name: "20NG-5x200", file: "20newsgroups.jsonl.gz", label: pick(ng, 5, 5), per: 200, seed: 5},
		set{name: "R8", file: "reuters-r8.jsonl.gz"},
		set{name: "20NG", file: "20newsgroups.jsonl.gz"},
		set{name: "R8-4", file: "reuters-r8.jsonl.gz", label: pick(r8, 4, 4)},
		set{name: "R8-5", file: "reuters-r8.jsonl.gz", label: pick(r8, 5, 5)},
		set{name: "R8-2x35", file: "reuters-r8.jsonl.gz", label: pick(r8, 2, 2), per: 35, seed: 2},
	)
	return sets
}

// load returns the set's documents as the corpus package reads them (title
// + text per unit; paragraphs for the seed passages).
func load(ctx context.Context, st set, dir, tmp string) ([]corpus.Document, error) {
	if st.file == "" {
		c, err := corpus.Read(ctx, []string{"testdata/seeds"}, corpus.Options{})
		if err != nil {
			return nil, err
		}
		return corpus.Paragraphs(c.Docs, 8), nil
	}
	f, err := os.Open(filepath.Join(dir, st.file))
	if err != nil {
		return nil, err
	}
	defer f.Close()
	zr, err := gzip.NewReader(f)
	if err != nil {
		return nil, err
	}
	byLabel := map[string][]string{}
	sc := bufio.NewScanner(zr)
	sc.Buffer(make([]byte, 1<<20), 1<<26)
	for sc.Scan() {
		var r record
		if err := json.Unmarshal(sc.Bytes(), &r); err != nil {
			return nil, err
		}
		if st.label == nil || slices.Contains(st.label, r.Label) {
			byLabel[r.Label] = append(byLabel[r.Label], sc.Text())
		}
	}
	if err := sc.Err(); err != nil {
		return nil, err
	}
	labels := make([]string, 0, len(byLabel))
	for l := range byLabel {
		labels = append(labels, l)
	}
	slices.Sort(labels)
	var lines []string
	r := rand.New(rand.NewPCG(st.seed, 35))
	for _, l := range labels {
		ls := byLabel[l]
		if st.per > 0 && st.per < len(ls) {
			r.Shuffle(len(ls), func(a, b int) { ls[a], ls[b] = ls[b], ls[a] })
			ls = ls[:st.per]
		}
		lines = append(lines, ls...)
	}
	// Articles in a mixed order, as a collection would come.
	r.Shuffle(len(lines), func(a, b int) { lines[a], lines[b] = lines[b], lines[a] })
	path := filepath.Join(tmp, st.name+".jsonl")
	if err := os.WriteFile(path, []byte(strings.Join(lines, "\n")+"\n"), 0o644); err != nil {
		return nil, err
	}
	c, err := corpus.Read(ctx, []string{path}, corpus.Options{})
	if err != nil {
		return nil, err
	}
	return c.Docs, nil
}

// intLabels numbers the documents' labels; k = 0 when they have none.
func intLabels(docs []corpus.Document) ([]int, int) {
	idx := map[string]int{}
	out := make([]int, len(docs))
	for i, d := range docs {
		if d.Label == "" {
			return nil, 0
		}
		v, ok := idx[d.Label]
		if !ok {
			v = len(idx)
			idx[d.Label] = v
		}
		out[i] = v
	}
	return out, len(idx)
}

// embed vectorizes the documents as analyze does by default and returns
// their 100-dimensional LSA embedding.
func embed(ctx context.Context, docs []corpus.Document, seed uint64) (*cluster.Dense, error) {
	texts := make([]string, len(docs))
	for i, d := range docs {
		texts[i] = d.Text
		if d.Article == "" && d.Title != "" && !strings.HasPrefix(d.Text, d.Title) {
			texts[i] = d.Title + "\n\n" + d.Text
		}
	}
	opts := vectorize.Options{Language: "english", Sublinear: true, NGrams: 1, MinDF: 1, MaxDF: 1}
	if len(docs) >= 100 {
		opts.MinDF, opts.MaxDF = 2, 0.5
	}
	_, X, err := vectorize.Fit(ctx, texts, opts)
	if err != nil {
		return nil, err
	}
	E, _, err := cluster.LSA(ctx, X, 100, rand.NewPCG(seed, 1))
	return E, err
}

// timeRuns prints the wall time of choosing k (SelectK with the defaults
// the CLI should use) against clustering at a fixed k = 20 (SampledKMeans,
// the CLI's path above 10,000 units) on full 20 Newsgroups, seed 1, and of
// SelectK on 200,000 synthetic 100-dimensional rows (8 noisy groups).
func timeRuns(dir, tmp string, lo, hi int) {
	ctx := context.Background()
	fmt.Printf("# k selection: time\n\ncommand: go run ./bench/choosek %s\n\n", strings.Join(os.Args[1:], " "))
	docs, err := load(ctx, set{name: "20NG", file: "20newsgroups.jsonl.gz"}, dir, tmp)
	if err == nil {
		M, err := embed(ctx, docs, 1)
		if err != nil {
			fatal(err)
		}
		truth, _ := intLabels(docs)
		src := func() rand.Source { return rand.NewPCG(1, 0x6e657773636c7573) }
		start := time.Now()
		res, err := cluster.SampledKMeans(ctx, M, cluster.KMeansOptions{K: 20, Src: src(), KeepRestarts: true}, cluster.SampledOptions{})
		if err != nil {
			fatal(err)
		}
		fixed := time.Since(start).Seconds()
		fmt.Printf("20NG (%d docs) fixed k=20, SampledKMeans, 10 restarts: %.2f s, NMI %.3f\n", len(docs), fixed, cluster.NMI(truth, res.Labels))
		start = time.Now()
		sel, err := cluster.SelectK(ctx, M, lo, hi, cluster.KMeansOptions{Src: src()}, cluster.SelectOptions{Sampled: true})
		if err != nil {
			fatal(err)
		}
		t := time.Since(start).Seconds()
		fmt.Printf("20NG SelectK %d:%d, defaults, Sampled: %.2f s (%.2f× the fixed run), k=%d, NMI %.3f, stability %.3f\n  %s\n", lo, hi, t, t/fixed, sel.K, cluster.NMI(truth, sel.Result.Labels), sel.Stability, sel.Reason)
		fmt.Printf("  per k (stable clusters, ARI):")
		for _, s := range sel.Scores {
			fmt.Printf(" %d: %.1f, %.3f;", s.K, s.StableClusters, s.Stability)
		}
		fmt.Println()
	} else {
		fmt.Fprintf(os.Stderr, "choosek: 20NG: %v; skipped\n", err)
	}
	const n, d, k = 200000, 100, 8
	r := rand.New(rand.NewPCG(1, 200))
	centres := mat.NewDense(k, d, nil)
	for i := range k {
		for j := range d {
			centres.Set(i, j, r.NormFloat64())
		}
	}
	cluster.NormalizeRows(centres)
	m := mat.NewDense(n, d, nil)
	for i := range n {
		row := m.RawRowView(i)
		for j := range row {
			row[j] = centres.At(i%k, j) + 0.15*r.NormFloat64()
		}
	}
	cluster.NormalizeRows(m)
	start := time.Now()
	sel, err := cluster.SelectK(ctx, &cluster.Dense{Dense: m}, lo, hi, cluster.KMeansOptions{Src: rand.NewPCG(1, 0x6e657773636c7573)}, cluster.SelectOptions{Sampled: true})
	if err != nil {
		fatal(err)
	}
	fmt.Printf("synthetic %d rows × %d, %d groups: SelectK %d:%d, Sampled: %.2f s, k=%d, stability %.3f\n", n, d, k, lo, hi, time.Since(start).Seconds(), sel.K, sel.Stability)
}

func fatal(err error) {
	fmt.Fprintln(os.Stderr, "choosek:", err)
	os.Exit(1)
}
