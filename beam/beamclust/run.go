package beamclust

import (
	"bufio"
	"cmp"
	"context"
	"encoding/csv"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"math"
	"math/rand/v2"
	"os"
	"slices"
	"strconv"
	"strings"
	"time"

	"github.com/apache/beam/sdks/v2/go/pkg/beam"
	"github.com/apache/beam/sdks/v2/go/pkg/beam/options/jobopts"
	"gonum.org/v1/gonum/floats"
	"gonum.org/v1/gonum/mat"

	"newsclust/analysis"
	"newsclust/cluster"
	"newsclust/corpus"
	"newsclust/model"
	"newsclust/vectorize"
	"newsclust/vectorize/sparse"
)

// Options configure Run. Zero values mean the defaults noted.
type Options struct {
	K       int     // clusters; required, at least 2
	Seed    uint64  // seeds the sample and the k-means restarts on it
	NInit   int     // k-means restarts on the sample; zero means 10
	MaxIter int     // iterations per restart on the sample; zero means 100
	Rounds  int     // at most this many passes over all rows; zero means 10
	Tol     float64 // stop when a pass gains less than Tol·n; zero means 1e-6
	// Sample is about how many rows the restarts run on; zero means
	// 25000, cluster.SampledOptions' largest sample. With Sample at least
	// the number of documents, every row is in the sample and the
	// restarts are analyze's own (-lsa 0 -minibatch off). A larger sample
	// seeds better and leaves fewer passes, each a pipeline run: on 20
	// Newsgroups (k 20, seeds 1 and 2) every row gave NMI 0.619 and 0.661
	// after 2 passes, a sample of 5000 gave 0.611 and 0.586 after 10.
	Sample int
	// Shards splits assignments.csv into this many files
	// assignments-SSSSS-of-NNNNN.csv; zero or one means one file.
	Shards int
	// WorkShards is the number of files each intermediate result is
	// written in; zero means 8.
	WorkShards int
	// Work is the folder of the intermediate files (rows, sums,
	// centroids); empty means OUT/work. It must be reachable by every
	// worker (a bucket on Dataflow).
	Work string
	// ModelMax bounds the corpus articles the saved model holds for
	// compare's nearest articles: all when there are at most ModelMax,
	// else the seeding sample. Zero means 200000.
	ModelMax int

	Vectorize       vectorize.Options // as analyze: english, sublinear tf; zero MinDF/MaxDF as analysis.AutoPrune
	Fields          corpus.Fields     // JSONL keys; empty means id, title, text, date, source, label
	KeepBoilerplate bool
	SkipBad         bool
	MaxDocBytes     int

	// Runner is the Beam runner: "prism" (in process, the default),
	// "universal" (a job server at Endpoint: Prism, Flink, Spark) or
	// "dataflow" (its flags then come from the Beam flags).
	Runner      string
	Endpoint    string // job server address for "universal", e.g. localhost:8099
	Environment string // SDK harness: LOOPBACK (the default with an endpoint), DOCKER, PROCESS, EXTERNAL

	// Init, when set, are the K starting centroids (unit rows of the
	// vocabulary's dimension): no sample is drawn. For tests that compare
	// with cluster.SphericalKMeans from the same centroids.
	Init [][]float64

	Log io.Writer // one line per step; nil means none
}

// DefaultOptions returns the options of the command without flags.
func DefaultOptions() Options {
	return Options{Seed: 1, Vectorize: vectorize.Options{Language: "english", NGrams: 1, Sublinear: true}}
}

// Result is what a run found and how long its steps took.
type Result struct {
	Vectorizer *vectorize.Model
	Docs       int      // documents read
	Rows       int      // documents with a term after pruning: the rows clustered
	Empty      int      // documents left without a term
	SampleRows int      // rows the restarts ran on
	Rounds     int      // passes over all rows
	Objective  float64  // Σ of every row's cosine with its cluster's centroid before the last update, Σ_k ‖s_k‖
	Sizes      []int    // rows per cluster, clusters numbered by decreasing size
	Labels     []string // cluster labels, as analyze makes them
	Steps      []Step
}

// Step is one pipeline run or driver step and its wall time.
type Step struct {
	Name    string
	Seconds float64
}

// run holds one Run's state.
type run struct {
	o         Options
	inputs    []Input
	out, work string
	res       *Result
}

func (r *run) vocabPath() string { return joinPath(r.work, "vectorizer.json") }
func (r *run) rowsGlob() string  { return joinPath(r.work, "rows-*.jsonl") }
func roundName(round int) string { return fmt.Sprintf("sums-%03d", round) }

// Run clusters the articles of inputs on Beam and writes to out
// assignments.csv (or its shards), counts.csv and model, as described in
// the package documentation.
func Run(ctx context.Context, inputs []string, out string, o Options) (*Result, error) {
	if o.K < 2 {
		return nil, errors.New("K must be at least 2")
	}
	if len(inputs) == 0 {
		return nil, fmt.Errorf("%w: no files or folders given", corpus.ErrNoInput)
	}
	o.NInit = cmp.Or(o.NInit, 10)
	o.MaxIter = cmp.Or(o.MaxIter, 100)
	o.Rounds = cmp.Or(o.Rounds, 10)
	o.Tol = cmp.Or(o.Tol, 1e-6)
	o.Shards = max(o.Shards, 1)
	o.WorkShards = cmp.Or(o.WorkShards, 8)
	o.ModelMax = cmp.Or(o.ModelMax, 200000)
	o.Runner = cmp.Or(o.Runner, "prism")
	if o.Endpoint != "" {
		*jobopts.Endpoint = o.Endpoint
		*jobopts.EnvironmentType = cmp.Or(o.Environment, *jobopts.EnvironmentType, "LOOPBACK")
	} else if o.Environment != "" {
		*jobopts.EnvironmentType = o.Environment
	}
	r := &run{o: o, out: out, work: cmp.Or(o.Work, joinPath(out, "work")), res: &Result{}}
	for _, in := range inputs {
		paths := []string{in}
		if strings.Contains(in, "://") && strings.ContainsAny(in, "*?[") {
			// A remote glob names the shards: each is read as a file. (A
			// local folder is read by corpus as one input.)
			var err error
			if paths, err = expand(ctx, in); err != nil {
				return nil, err
			}
		}
		for _, p := range paths {
			r.inputs = append(r.inputs, Input{Index: len(r.inputs), Path: p})
		}
	}
	for _, dir := range []string{r.out, r.work} {
		if !strings.Contains(dir, "://") {
			if err := os.MkdirAll(dir, 0o755); err != nil {
				return nil, err
			}
		}
	}
	if err := removeMatching(ctx, r.work, "terms-*.tsv", "surfaces-*.tsv", "docs.txt", "vectorizer.json", "rows-*.jsonl",
		"sample.jsonl", "empty.txt", "centroids-*.json", "sums-*.jsonl", "counts.txt"); err != nil {
		return nil, err
	}
	if err := removeMatching(ctx, r.out, "assignments*.csv"); err != nil {
		return nil, err
	}
	if err := r.vocabulary(ctx); err != nil {
		return nil, err
	}
	if err := r.rows(ctx); err != nil {
		return nil, err
	}
	init, err := r.seed(ctx)
	if err != nil {
		return nil, err
	}
	prev, final, sums, err := r.kmeans(ctx, init)
	if err != nil {
		return nil, err
	}
	if err := r.finish(ctx, prev, final, sums); err != nil {
		return nil, err
	}
	return r.res, nil
}

func (r *run) logf(format string, args ...any) {
	if r.o.Log != nil {
		fmt.Fprintf(r.o.Log, format+"\n", args...)
	}
}

// exec runs one pipeline and records its time.
func (r *run) exec(ctx context.Context, name string, p *beam.Pipeline) error {
	start := time.Now()
	if _, err := beam.Run(ctx, r.o.Runner, p); err != nil {
		return fmt.Errorf("pipeline %s: %w", name, err)
	}
	r.step(name, start)
	return ctx.Err()
}

func (r *run) step(name string, start time.Time) {
	sec := time.Since(start).Seconds()
	r.res.Steps = append(r.res.Steps, Step{Name: name, Seconds: sec})
	r.logf("%-12s %7.2fs", name, sec)
}

// vocabulary runs the vocabulary pipeline and fits the vectorizer from its
// counts with analyze's pruning rules (analysis.AutoPrune,
// vectorize.NewModel), saved as work/vectorizer.json.
func (r *run) vocabulary(ctx context.Context) error {
	if err := r.exec(ctx, "vocabulary", r.vocabularyPipeline()); err != nil {
		return err
	}
	start := time.Now()
	n := 0
	if err := readLines(ctx, joinPath(r.work, "docs.txt"), func(line string) error {
		var err error
		n, err = strconv.Atoi(line)
		return err
	}); err != nil {
		return err
	}
	if n == 0 {
		return fmt.Errorf("%w: the inputs hold no document", corpus.ErrNoDocs)
	}
	var terms []vectorize.TermCount
	if err := readLines(ctx, joinPath(r.work, "terms-*.tsv"), func(line string) error {
		f := strings.Split(line, "\t")
		if len(f) != 3 {
			return fmt.Errorf("bad line %q", line)
		}
		df, err1 := strconv.ParseInt(f[1], 10, 64)
		c, err2 := strconv.ParseInt(f[2], 10, 64)
		terms = append(terms, vectorize.TermCount{Term: f[0], DF: df, Count: c})
		return cmp.Or(err1, err2)
	}); err != nil {
		return err
	}
	var surfaces []vectorize.SurfaceCount
	if err := readLines(ctx, joinPath(r.work, "surfaces-*.tsv"), func(line string) error {
		f := strings.Split(line, "\t")
		if len(f) != 3 {
			return fmt.Errorf("bad line %q", line)
		}
		c, err := strconv.ParseInt(f[2], 10, 64)
		surfaces = append(surfaces, vectorize.SurfaceCount{Term: f[0], Surface: f[1], Count: c})
		return err
	}); err != nil {
		return err
	}
	vopts := r.o.Vectorize
	analysis.AutoPrune(&vopts, n)
	vz, err := vectorize.NewModel(vopts, n, terms, surfaces)
	if err != nil {
		return err
	}
	b, err := json.Marshal(vz)
	if err != nil {
		return err
	}
	if err := writeFile(ctx, r.vocabPath(), func(w *bufio.Writer) error { _, err := w.Write(b); return err }); err != nil {
		return err
	}
	r.res.Vectorizer, r.res.Docs = vz, n
	r.step("fit", start)
	r.logf("%d documents, %d terms", n, len(vz.Terms))
	return nil
}

// defaultSample is the sample of a zero Options.Sample.
const defaultSample = 25000

// sampleSize is Options.Sample or defaultSample.
func (r *run) sampleSize() int { return cmp.Or(r.o.Sample, defaultSample) }

// rows runs the rows pipeline.
func (r *run) rows(ctx context.Context) error {
	p := min(1, float64(r.sampleSize())/float64(r.res.Docs))
	if err := r.exec(ctx, "rows", r.rowsPipeline(p)); err != nil {
		return err
	}
	return readLines(ctx, joinPath(r.work, "empty.txt"), func(string) error { r.res.Empty++; return nil })
}

// readRows reads the rows of the files matching glob in Ord order, as a
// CSR with their metadata.
func readRows(ctx context.Context, glob string, d int) (*sparse.CSR, []Row, error) {
	var rows []Row
	err := readLines(ctx, glob, func(line string) error {
		row, err := decodeRow(line)
		rows = append(rows, row)
		return err
	})
	if err != nil {
		return nil, nil, err
	}
	slices.SortFunc(rows, func(a, b Row) int { return cmp.Compare(a.Ord, b.Ord) })
	X := &sparse.CSR{NRows: len(rows), NCols: d, Indptr: make([]int64, 1, len(rows)+1)}
	for i := range rows {
		X.Ind = append(X.Ind, rows[i].Ind...)
		X.Val = append(X.Val, rows[i].Val...)
		X.Indptr = append(X.Indptr, int64(len(X.Ind)))
		rows[i].Ind, rows[i].Val = nil, nil
	}
	return X, rows, nil
}

// seed returns the starting centroids: Options.Init, or the best of at
// least NInit spherical k-means restarts (k-means++ seeded) on the sample,
// in the driver.
func (r *run) seed(ctx context.Context) (*mat.Dense, error) {
	d := len(r.res.Vectorizer.Terms)
	if r.o.Init != nil {
		if len(r.o.Init) != r.o.K {
			return nil, fmt.Errorf("%d starting centroids for K %d", len(r.o.Init), r.o.K)
		}
		c := mat.NewDense(r.o.K, d, nil)
		for k, v := range r.o.Init {
			c.SetRow(k, v)
		}
		return c, nil
	}
	start := time.Now()
	X, _, err := readRows(ctx, joinPath(r.work, "sample.jsonl"), d)
	if err != nil {
		return nil, err
	}
	r.res.SampleRows = X.Rows()
	if X.Rows() < r.o.K {
		return nil, fmt.Errorf("the sample has %d rows, fewer than K %d: raise -sample", X.Rows(), r.o.K)
	}
	// cluster.Consensus keeping the best restart is analyze's final
	// clustering: on a small sample it runs more restarts than NInit
	// (max(NInit, ⌈100000/n⌉) up to 200), as analyze does.
	res, err := cluster.Consensus(ctx, X, cluster.KMeansOptions{K: r.o.K, NInit: r.o.NInit, MaxIter: r.o.MaxIter,
		Src: rand.NewPCG(r.o.Seed, 0x6e657773636c7573)}, // "newsclus", analyze's stream
		cluster.SelectOptions{Combine: cluster.CombineBest})
	if err != nil {
		return nil, err
	}
	r.step("seed", start)
	r.logf("%d restarts on a sample of %d rows", len(res.Restarts), X.Rows())
	return res.Centroids, nil
}

// writeCentroids writes c to work/name.json for a pipeline's side input.
func (r *run) writeCentroids(ctx context.Context, name string, c *mat.Dense) (string, error) {
	k, d := c.Dims()
	b, err := json.Marshal(Centroids{K: k, D: d, Data: c.RawMatrix().Data})
	if err != nil {
		return "", err
	}
	path := joinPath(r.work, name+".json")
	return path, writeFile(ctx, path, func(w *bufio.Writer) error { _, err := w.Write(b); return err })
}

// kmeans runs the passes over all rows, one pipeline each, from init. As
// cluster.SphericalKMeans, it stops when no row changed cluster (the sums
// are those of the pass before), when the objective gained less than
// Tol·n, or after Rounds passes. It returns the centroids of the last
// assignment (prev), those of the last update (final) and the last sums.
func (r *run) kmeans(ctx context.Context, init *mat.Dense) (prev, final *mat.Dense, sums []ClusterSum, err error) {
	k, d := init.Dims()
	cur := init
	var last []ClusterSum
	prevObj := math.Inf(-1)
	for round := 1; round <= r.o.Rounds; round++ {
		path, err := r.writeCentroids(ctx, fmt.Sprintf("centroids-%03d", round), cur)
		if err != nil {
			return nil, nil, nil, err
		}
		if err := r.exec(ctx, fmt.Sprintf("round %d", round), r.roundPipeline(round, path, d)); err != nil {
			return nil, nil, nil, err
		}
		sums = make([]ClusterSum, k)
		for c := range sums {
			sums[c] = ClusterSum{Cluster: c, MinOrd: math.MaxInt64}
		}
		if err := readLines(ctx, joinPath(r.work, roundName(round)+".jsonl"), func(line string) error {
			var s ClusterSum
			if err := json.Unmarshal([]byte(line), &s); err != nil {
				return err
			}
			if s.Cluster < 0 || s.Cluster >= k {
				return fmt.Errorf("cluster %d out of range", s.Cluster)
			}
			sums[s.Cluster] = s
			return nil
		}); err != nil {
			return nil, nil, nil, err
		}
		next := mat.NewDense(k, d, nil)
		obj, n := 0.0, 0
		for c, s := range sums {
			row := next.RawRowView(c)
			n += int(s.N)
			if s.N == 0 {
				// An empty cluster keeps its centroid (SphericalKMeans
				// would move the row farthest from its centroid into it).
				copy(row, cur.RawRowView(c))
				r.logf("round %d: cluster %d is empty; it keeps its centroid", round, c)
				continue
			}
			for j, v := range s.Sum {
				row[j] = float64(v) / fixedOne
			}
			norm := floats.Norm(row, 2)
			floats.Scale(1/norm, row)
			obj += norm
		}
		r.res.Rows, r.res.Rounds, r.res.Objective = n, round, obj
		prev, final = cur, next
		changed := last == nil || !sameSums(last, sums)
		r.logf("round %d: objective %.6f", round, obj)
		if !changed || obj-prevObj < r.o.Tol*float64(n) {
			break
		}
		prevObj, last, cur = obj, sums, next
	}
	return prev, final, sums, nil
}

// sameSums reports whether two passes gave the same sums, that is, the
// same clusters: the sums are exact integers.
func sameSums(a, b []ClusterSum) bool {
	for c := range a {
		if a[c].N != b[c].N || a[c].MinOrd != b[c].MinOrd || !slices.Equal(a[c].Sum, b[c].Sum) {
			return false
		}
	}
	return true
}

// finish numbers the clusters by decreasing size (ties by first row, as
// SphericalKMeans), labels them from the final centroids as analyze does,
// runs the final pipeline and writes counts.csv and the model.
func (r *run) finish(ctx context.Context, prev, final *mat.Dense, sums []ClusterSum) error {
	k, d := final.Dims()
	order := make([]int, k)
	for c := range order {
		order[c] = c
	}
	slices.SortStableFunc(order, func(a, b int) int {
		return cmp.Or(cmp.Compare(sums[b].N, sums[a].N), cmp.Compare(sums[a].MinOrd, sums[b].MinOrd))
	})
	perm := make([]int, k)
	numbered := mat.NewDense(k, d, nil)
	r.res.Sizes = make([]int, k)
	for newC, old := range order {
		perm[old] = newC
		numbered.SetRow(newC, final.RawRowView(old))
		r.res.Sizes[newC] = int(sums[old].N)
	}
	r.res.Labels = clusterLabels(numbered, r.res.Vectorizer.Surface)

	prevPath, err := r.writeCentroids(ctx, "centroids-prev", prev)
	if err != nil {
		return err
	}
	finalPath, err := r.writeCentroids(ctx, "centroids-final", numbered)
	if err != nil {
		return err
	}
	if err := r.exec(ctx, "assignments", r.finalPipeline(prevPath, finalPath, perm, r.res.Labels)); err != nil {
		return err
	}
	start := time.Now()
	if err := r.writeCounts(ctx); err != nil {
		return err
	}
	if err := r.writeModel(ctx, prev, numbered, perm); err != nil {
		return err
	}
	r.step("model", start)
	return nil
}

// topTerms is the number of distinctive terms looked at per cluster, as
// analyze's default -top-terms; the label is the first three.
const topTerms = 10

// clusterLabels labels each cluster as analyze does: the surface forms of
// its first three distinctive terms (cluster.Distinctive) with a positive
// score, joined by " · ", else "cluster N".
func clusterLabels(centroids *mat.Dense, surface []string) []string {
	k, _ := centroids.Dims()
	labels := make([]string, k)
	for c := range k {
		cols, scores := cluster.Distinctive(centroids, c, topTerms)
		var words []string
		for j, col := range cols {
			if scores[j] <= 0 || len(words) == 3 {
				break
			}
			words = append(words, surface[col])
		}
		labels[c] = strings.Join(words, " · ")
		if labels[c] == "" {
			labels[c] = fmt.Sprintf("cluster %d", c+1)
		}
	}
	return labels
}

// writeCounts writes counts.csv: articles per cluster, source and month.
func (r *run) writeCounts(ctx context.Context) error {
	type count struct {
		cluster       int
		source, month string
		n             int64
	}
	var counts []count
	if err := readLines(ctx, joinPath(r.work, "counts.txt"), func(line string) error {
		f := strings.Split(line, "\x00")
		if len(f) != 4 {
			return fmt.Errorf("bad line %q", line)
		}
		c, err1 := strconv.Atoi(f[0])
		n, err2 := strconv.ParseInt(f[3], 10, 64)
		counts = append(counts, count{c, f[1], f[2], n})
		return cmp.Or(err1, err2)
	}); err != nil {
		return err
	}
	slices.SortFunc(counts, func(a, b count) int {
		return cmp.Or(cmp.Compare(a.cluster, b.cluster), cmp.Compare(a.source, b.source), cmp.Compare(a.month, b.month))
	})
	return writeFile(ctx, joinPath(r.out, "counts.csv"), func(w *bufio.Writer) error {
		cw := csv.NewWriter(w)
		cw.Write([]string{"cluster", "cluster_label", "source", "month", "articles"})
		for _, c := range counts {
			cw.Write([]string{strconv.Itoa(c.cluster), r.res.Labels[c.cluster], c.source, c.month, strconv.FormatInt(c.n, 10)})
		}
		cw.Flush()
		return cw.Error()
	})
}

// writeModel saves the model compare loads: the vectorizer, the final
// centroids and labels, and the corpus articles (all rows, or the sample
// past ModelMax) with their clusters and vectors.
func (r *run) writeModel(ctx context.Context, prev, final *mat.Dense, perm []int) error {
	d := len(r.res.Vectorizer.Terms)
	glob := r.rowsGlob()
	if r.res.Rows > r.o.ModelMax {
		glob = joinPath(r.work, "sample.jsonl")
	}
	X, rows, err := readRows(ctx, glob, d)
	if err != nil {
		return err
	}
	as := cluster.NewAssigner(prev)
	m := &model.Model{Unit: "document", Vectorizer: r.res.Vectorizer, Vectors: X, DupThreshold: 0.8}
	for c, l := range r.res.Labels {
		m.Clusters = append(m.Clusters, model.Cluster{Label: l, Size: r.res.Sizes[c]})
	}
	for _, v := range final.RawMatrix().Data {
		m.Centroids = append(m.Centroids, float32(v))
	}
	for i, row := range rows {
		c, _ := as.Assign(X.Row(i))
		m.Articles = append(m.Articles, model.Article{ID: row.ID, Title: row.Title, Date: row.Date, Cluster: perm[c]})
	}
	return writeFile(ctx, joinPath(r.out, model.FileName), func(w *bufio.Writer) error { return model.Write(w, m) })
}
