package beamclust

import (
	"context"
	"encoding/json"
	"fmt"
	"hash/fnv"
	"math"
	"strings"

	"gonum.org/v1/gonum/mat"

	"newsclust/cluster"
	"newsclust/vectorize"
	"newsclust/vectorize/sparse"
)

// rowFn turns a document's term counts into its TF-IDF row with the fitted
// vectorizer (read in Setup from VocabPath), emitting rows with at least
// one term as JSON lines, and on its second output those a hash of Seed
// and Ord puts in the seeding sample (each row with probability SampleP).
// Rows left without a term are counted on a third output, as analyze lists
// them as skipped.
type rowFn struct {
	VocabPath string
	SampleP   float64
	Seed      uint64
	vz        *vectorize.Model
}

func (f *rowFn) Setup(ctx context.Context) error {
	var err error
	f.vz, err = loadVectorizer(ctx, f.VocabPath)
	return err
}

func (f *rowFn) ProcessElement(d DocTerms, emit func(Line), sample func(Line), empty func(string)) error {
	v := f.vz.TransformCounts(d.counts())
	if len(v.Ind) == 0 {
		empty(d.ID)
		return nil
	}
	b, err := json.Marshal(Row{Ord: d.Ord, ID: d.ID, Title: d.Title, Date: d.Date, Source: d.Source, Label: d.Label, Ind: v.Ind, Val: v.Val})
	if err != nil {
		return err
	}
	l := Line{Ord: d.Ord, Text: string(b)}
	emit(l)
	if inSample(f.Seed, d.Ord, f.SampleP) {
		sample(l)
	}
	return nil
}

// inSample reports whether the row Ord is in the seeding sample: a hash of
// seed and ord, as a number in [0, 1), below p.
func inSample(seed uint64, ord int64, p float64) bool {
	h := fnv.New64a()
	fmt.Fprint(h, seed, ":", ord)
	return float64(h.Sum64()>>11)/(1<<53) < p
}

// loadVectorizer reads the vectorizer a vocabulary job's driver saved.
func loadVectorizer(ctx context.Context, path string) (*vectorize.Model, error) {
	var vz vectorize.Model
	err := readLines(ctx, path, func(line string) error { return json.Unmarshal([]byte(line), &vz) })
	if err != nil {
		return nil, err
	}
	if err := vz.Prepare(); err != nil {
		return nil, fmt.Errorf("%s: %w", path, err)
	}
	return &vz, nil
}

// readCentroidsFn reads the centroids the driver wrote, for a side input.
func readCentroidsFn(ctx context.Context, path string, emit func(Centroids)) error {
	var c Centroids
	if err := readLines(ctx, path, func(line string) error { return json.Unmarshal([]byte(line), &c) }); err != nil {
		return err
	}
	emit(c)
	return nil
}

// dense returns the centroids as a K × D matrix.
func (c *Centroids) dense() *mat.Dense { return mat.NewDense(c.K, c.D, c.Data) }

// decodeRow parses a rows-file line.
func decodeRow(line string) (Row, error) {
	var r Row
	err := json.Unmarshal([]byte(strings.TrimRight(line, "\n")), &r)
	return r, err
}

// assignFn places each row with its most similar centroid
// (cluster.Assigner, the side input) and emits it keyed by the cluster,
// without its metadata, for the centroid sums.
type assignFn struct {
	as *cluster.Assigner
}

func (f *assignFn) ProcessElement(line string, cent Centroids, emit func(int, Row)) error {
	if f.as == nil {
		f.as = cluster.NewAssigner(cent.dense())
	}
	r, err := decodeRow(line)
	if err != nil {
		return err
	}
	c, _ := f.as.Assign(r.vector())
	emit(c, Row{Ord: r.Ord, Ind: r.Ind, Val: r.Val})
	return nil
}

// sumFn adds the rows of a cluster in fixed point (see fixedOne): the
// combine of a round, lifted by runners that can (partial sums per
// bundle, then merged).
type sumFn struct {
	D int
}

func (f *sumFn) CreateAccumulator() ClusterSum { return ClusterSum{MinOrd: math.MaxInt64} }

func (f *sumFn) AddInput(a ClusterSum, r Row) ClusterSum {
	if a.Sum == nil {
		a.Sum = make([]int64, f.D)
	}
	for p, j := range r.Ind {
		a.Sum[j] += toFixed(r.Val[p])
	}
	a.N++
	a.MinOrd = min(a.MinOrd, r.Ord)
	return a
}

func (f *sumFn) MergeAccumulators(a, b ClusterSum) ClusterSum {
	switch {
	case a.Sum == nil:
		a.Sum = b.Sum
	case b.Sum != nil:
		for j, v := range b.Sum {
			a.Sum[j] += v
		}
	}
	a.N += b.N
	a.MinOrd = min(a.MinOrd, b.MinOrd)
	return a
}

func (f *sumFn) ExtractOutput(a ClusterSum) ClusterSum { return a }

// sumLine formats a cluster's sum as a JSON line.
func sumLine(c int, s ClusterSum) (Line, error) {
	s.Cluster = c
	b, err := json.Marshal(s)
	return Line{Ord: int64(c), Text: string(b)}, err
}

// placeFn gives each row its final cluster, as cluster.SphericalKMeans
// ends: the label of the last assignment (against Prev, the centroids
// before the last update), renumbered by Perm, and the cosine with that
// cluster's final centroid (Final, already renumbered).
type placeFn struct {
	Perm []int
	as   *cluster.Assigner
}

func (f *placeFn) ProcessElement(line string, prev, final Centroids, emit func(Placed)) error {
	if f.as == nil {
		f.as = cluster.NewAssigner(prev.dense())
	}
	r, err := decodeRow(line)
	if err != nil {
		return err
	}
	c, _ := f.as.Assign(r.vector())
	c = f.Perm[c]
	emit(Placed{Ord: r.Ord, ID: r.ID, Title: r.Title, Date: r.Date, Source: r.Source, Label: r.Label,
		Cluster: c, Score: dotRow(r, final.Data[c*final.D:(c+1)*final.D])})
	return nil
}

// dotRow is the row's dot product with v, as sparse.CSR.DotDense sums it.
func dotRow(r Row, v []float64) float64 {
	x := sparse.CSR{NRows: 1, NCols: len(v), Indptr: []int64{0, int64(len(r.Ind))}, Ind: r.Ind, Val: r.Val}
	return x.DotDense(0, v)
}

// countKey keys a placed article by cluster, source and month
// ("2015-03" of a date "2015-03-02"; "" when the date is not ISO).
func countKey(p Placed) (string, int64) {
	return fmt.Sprintf("%d\x00%s\x00%s", p.Cluster, p.Source, month(p.Date)), 1
}

func month(date string) string {
	if len(date) >= 7 && date[4] == '-' {
		return date[:7]
	}
	return ""
}

func countLine(key string, n int64) Line {
	return Line{Text: fmt.Sprintf("%s\x00%d", key, n)}
}
