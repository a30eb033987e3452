package cluster

import (
	"context"
	"errors"
	"math"
	"math/rand/v2"
	"runtime"
	"slices"
	"strconv"
	"testing"

	"gonum.org/v1/gonum/floats"
	"gonum.org/v1/gonum/mat"
)

// blobs returns n unit rows in d dimensions around k random unit centres
// (vMF-like: centre plus Gaussian noise of standard deviation sigma per
// coordinate, normalised), the rows of each centre interleaved, and the
// true centre of each row.
func blobs(seed uint64, n, d, k int, sigma float64) (*Dense, []int) {
	r := rand.New(rand.NewPCG(seed, 11))
	centres := make([][]float64, k)
	for c := range centres {
		v := make([]float64, d)
		for j := range v {
			v[j] = r.NormFloat64()
		}
		floats.Scale(1/floats.Norm(v, 2), v)
		centres[c] = v
	}
	m := mat.NewDense(n, d, nil)
	truth := make([]int, n)
	for i := range n {
		c := i % k
		truth[i] = c
		row := m.RawRowView(i)
		for j := range row {
			row[j] = centres[c][j] + sigma*r.NormFloat64()
		}
	}
	NormalizeRows(m)
	return &Dense{Dense: m}, truth
}

// TestSelectKBlobs: on well separated blobs every criterion that is meant
// to find the number of groups finds it, and the consensus clustering is
// the true partition. sigma 0.1 in 20 dimensions puts a row about 0.45 of
// unit length away from its centre: within-blob cosines near 0.8, between
// blobs near 0.
func TestSelectKBlobs(t *testing.T) {
	t.Parallel()
	for _, tc := range []struct {
		name string
		k    int
		crit Criterion
	}{
		{"default/k=3", 3, CriterionDefault},
		{"default/k=5", 5, CriterionDefault},
		{"default/k=7", 7, CriterionDefault},
		{"stability/k=4", 4, CriterionStability},
		{"clusters/k=6", 6, CriterionStableClusters},
		{"eigengap/k=4", 4, CriterionEigengap},
		{"eigengap/k=6", 6, CriterionEigengap},
	} {
		t.Run(tc.name, func(t *testing.T) {
			t.Parallel()
			X, truth := blobs(uint64(tc.k), 60*tc.k, 20, tc.k, 0.1)
			sel, err := SelectK(context.Background(), X, 2, 10, KMeansOptions{Src: kmSrc(3)}, SelectOptions{Criterion: tc.crit})
			if err != nil {
				t.Fatal(err)
			}
			if sel.K != tc.k {
				t.Fatalf("K = %d, want %d (%s)", sel.K, tc.k, sel.Reason)
			}
			if !kmSamePartition(sel.Result.Labels, truth) {
				t.Errorf("consensus labels differ from the blobs (NMI %.3f)", NMI(truth, sel.Result.Labels))
			}
			if len(sel.Scores) != 9 || sel.Scores[0].K != 2 || sel.Scores[8].K != 10 {
				t.Errorf("scores for k %v, want 2..10", sel.Scores)
			}
			if sel.Stability < 0.95 {
				t.Errorf("stability %.3f on well separated blobs, want ≥ 0.95", sel.Stability)
			}
			if sel.Reason == "" {
				t.Error("no reason")
			}
		})
	}
}

// TestSelectKNoise: on rows uniform on the sphere there is nothing to
// find, and the stability figures say so, while well separated blobs of
// the same size and dimension score near 1.
func TestSelectKNoise(t *testing.T) {
	t.Parallel()
	const n, d = 400, 20
	noise, _ := blobs(5, n, d, 1, 1e6) // centre negligible against the noise: uniform directions
	blob, _ := blobs(5, n, d, 4, 0.1)
	sn, err := SelectK(context.Background(), noise, 2, 8, KMeansOptions{Src: kmSrc(1)}, SelectOptions{})
	if err != nil {
		t.Fatal(err)
	}
	sb, err := SelectK(context.Background(), blob, 2, 8, KMeansOptions{Src: kmSrc(1)}, SelectOptions{})
	if err != nil {
		t.Fatal(err)
	}
	maxStab := func(s *Selection) float64 {
		m := 0.0
		for _, sc := range s.Scores {
			m = max(m, sc.Stability)
		}
		return m
	}
	// StableARI is the line between the two regimes of the default.
	if m := maxStab(sn); m >= StableARI {
		t.Errorf("noise: highest resample stability %.3f, want below %.2f", m, StableARI)
	}
	if sn.Stability >= 0.5 {
		t.Errorf("noise: final stability %.3f, want below 0.5", sn.Stability)
	}
	if sn.Criterion != CriterionEigengap {
		t.Errorf("noise: decided by %s, want eigengap (nothing stable)", sn.Criterion)
	}
	if sb.Stability < 0.95 || maxStab(sb) < 0.95 {
		t.Errorf("blobs: stability %.3f (resamples %.3f), want ≥ 0.95", sb.Stability, maxStab(sb))
	}
	if sb.Criterion != CriterionStableClusters || sb.K != 4 {
		t.Errorf("blobs: k=%d by %s, want 4 by stable clusters", sb.K, sb.Criterion)
	}
}

// TestSelectKDeterminism: the same Src gives byte-identical selections at
// GOMAXPROCS 1 and 4, with a sample smaller than the input.
func TestSelectKDeterminism(t *testing.T) {
	X, _ := blobs(9, 1500, 30, 5, 0.25)
	run := func(procs int) *Selection {
		defer runtime.GOMAXPROCS(runtime.GOMAXPROCS(procs))
		sel, err := SelectK(context.Background(), X, 2, 8, KMeansOptions{Src: kmSrc(4)}, SelectOptions{Sample: 700})
		if err != nil {
			t.Fatal(err)
		}
		return sel
	}
	a, b := run(1), run(4)
	if a.K != b.K || !slices.Equal(a.Result.Labels, b.Result.Labels) || !slices.Equal(a.Result.Sims, b.Result.Sims) {
		t.Errorf("GOMAXPROCS 1 and 4 differ: k %d and %d", a.K, b.K)
	}
	if !slices.Equal(a.Scores, b.Scores) || a.Stability != b.Stability {
		t.Errorf("scores differ:\n%v\n%v", a.Scores, b.Scores)
	}
	for _, crit := range []Criterion{CriterionEigengap, CriterionBIC, CriterionPAC, CriterionGap, CriterionSilhouette} {
		x, err := SelectK(context.Background(), X, 2, 6, KMeansOptions{Src: kmSrc(4)}, SelectOptions{Criterion: crit, Sample: 500})
		if err != nil {
			t.Fatal(err)
		}
		y, err := SelectK(context.Background(), X, 2, 6, KMeansOptions{Src: kmSrc(4)}, SelectOptions{Criterion: crit, Sample: 500})
		if err != nil {
			t.Fatal(err)
		}
		if x.K != y.K || !slices.Equal(x.Scores, y.Scores) || !slices.Equal(x.Result.Labels, y.Result.Labels) {
			t.Errorf("%s: two runs with the same seed differ", crit)
		}
	}
}

// TestConsensusSeeds: on overlapping blobs, where single runs of k-means
// end in different local optima, the consensus of different seeds agrees
// more closely with itself than the best-objective restarts of those
// seeds agree with each other.
func TestConsensusSeeds(t *testing.T) {
	t.Parallel()
	X, _ := blobs(21, 300, 10, 6, 0.6)
	var cons, best [][]int
	for seed := range uint64(4) {
		c, err := Consensus(context.Background(), X, KMeansOptions{K: 6, NInit: 10, Src: kmSrc(seed)}, SelectOptions{})
		if err != nil {
			t.Fatal(err)
		}
		if len(c.Restarts) != consensusRestarts(KMeansOptions{NInit: 10}, SelectOptions{}, 300) {
			t.Errorf("%d restarts kept", len(c.Restarts))
		}
		b, err := SphericalKMeans(context.Background(), X, KMeansOptions{K: 6, NInit: 10, Src: kmSrc(seed)})
		if err != nil {
			t.Fatal(err)
		}
		cons, best = append(cons, c.Labels), append(best, b.Labels)
	}
	if c, b := MeanPairwiseARI(cons), MeanPairwiseARI(best); c < b {
		t.Errorf("consensus across seeds agrees at ARI %.3f, best objective at %.3f", c, b)
	}
}

func TestSelectKErrors(t *testing.T) {
	t.Parallel()
	X, _ := blobs(1, 5, 3, 2, 0.1)
	if _, err := SelectK(context.Background(), X, 4, 3, KMeansOptions{Src: kmSrc(1)}, SelectOptions{}); !errors.Is(err, ErrInvalidK) {
		t.Errorf("empty range: %v, want ErrInvalidK", err)
	}
	if _, err := SelectK(context.Background(), X, 5, 9, KMeansOptions{Src: kmSrc(1)}, SelectOptions{}); !errors.Is(err, ErrTooFewRows) {
		t.Errorf("k from 5 on 5 rows: %v, want ErrTooFewRows", err)
	}
	ctx, cancel := context.WithCancel(context.Background())
	cancel()
	if _, err := SelectK(ctx, X, 2, 3, KMeansOptions{Src: kmSrc(1)}, SelectOptions{}); !errors.Is(err, context.Canceled) {
		t.Errorf("cancelled: %v", err)
	}
	// A single k is clustered without scoring.
	s, err := SelectK(context.Background(), X, 2, 2, KMeansOptions{Src: kmSrc(1)}, SelectOptions{})
	if err != nil || s.K != 2 {
		t.Errorf("k range 2:2: k=%v, %v", s, err)
	}
}

// TestGraphSpectrum: the subspace iteration finds the top eigenvalues of
// the neighbour-graph affinity that a dense eigendecomposition gives.
func TestGraphSpectrum(t *testing.T) {
	t.Parallel()
	X, _ := blobs(3, 200, 10, 4, 0.5)
	a, err := knnAffinity(context.Background(), X, 10)
	if err != nil {
		t.Fatal(err)
	}
	W := mat.NewSymDense(a.n, nil)
	for i := range a.n {
		for p := a.indptr[i]; p < a.indptr[i+1]; p++ {
			if a.val[p] != W.At(a.ind[p], i) && W.At(a.ind[p], i) != 0 {
				t.Fatalf("affinity not symmetric at %d, %d", i, a.ind[p])
			}
			W.SetSym(i, a.ind[p], a.val[p])
		}
	}
	var eig mat.EigenSym
	if !eig.Factorize(W, false) {
		t.Fatal("dense eigendecomposition failed")
	}
	want := eig.Values(nil)
	slices.Reverse(want)
	got, err := graphSpectrum(context.Background(), X, 10, 8, rand.New(kmSrc(1)))
	if err != nil {
		t.Fatal(err)
	}
	for q := range got {
		// spectrumTol is the stopping rule; the gap to the 9th+ values
		// makes the error of the top 8 far smaller.
		if d := got[q] - want[q]; d > 1e-6 || d < -1e-6 {
			t.Errorf("eigenvalue %d: %.9f, dense %.9f", q, got[q], want[q])
		}
	}
}

func TestHierarchy(t *testing.T) {
	t.Parallel()
	// Four centroids: 0 and 2 close, 1 and 3 close, the pairs apart.
	c := mat.NewDense(4, 3, []float64{
		1, 0, 0,
		0, 1, 0,
		0.96, 0.28, 0,
		0, 0.8, 0.6,
	})
	m := Hierarchy(c)
	want := []Merge{
		{A: 0, B: 2, Cosine: 0.96, Size: 2},
		{A: 1, B: 3, Cosine: 0.8, Size: 2},
		// Average of cos(0,1)=0, cos(0,3)=0, cos(2,1)=0.28, cos(2,3)=0.224.
		{A: 4, B: 5, Cosine: (0 + 0 + 0.28 + 0.224) / 4, Size: 4},
	}
	if len(m) != len(want) {
		t.Fatalf("%d merges, want %d", len(m), len(want))
	}
	for i := range m {
		if m[i].A != want[i].A || m[i].B != want[i].B || m[i].Size != want[i].Size || math.Abs(m[i].Cosine-want[i].Cosine) > 1e-12 {
			t.Errorf("merge %d: %+v, want %+v", i, m[i], want[i])
		}
	}
	for _, tc := range []struct {
		m    int
		want []int
	}{
		{4, []int{0, 1, 2, 3}},
		{3, []int{0, 1, 0, 2}},
		{2, []int{0, 1, 0, 1}},
		{1, []int{0, 0, 0, 0}},
	} {
		if got := CutTree(m, tc.m); !slices.Equal(got, tc.want) {
			t.Errorf("CutTree(%d) = %v, want %v", tc.m, got, tc.want)
		}
	}
	if got := Hierarchy(mat.NewDense(1, 3, []float64{1, 0, 0})); len(got) != 0 {
		t.Errorf("one centroid: %d merges", len(got))
	}
}

// TestHierarchyOfBlobs: clusters of two well separated super-groups merge
// within their group first, so cutting at 2 recovers the groups.
func TestHierarchyOfBlobs(t *testing.T) {
	t.Parallel()
	r := rand.New(rand.NewPCG(4, 4))
	const d = 30
	base := [2][]float64{make([]float64, d), make([]float64, d)}
	base[0][0], base[1][1] = 1, 1
	c := mat.NewDense(6, d, nil)
	for i := range 6 {
		row := c.RawRowView(i)
		copy(row, base[i%2])
		for j := range row {
			row[j] += 0.1 * r.NormFloat64()
		}
	}
	NormalizeRows(c)
	m := Hierarchy(c)
	for i := 1; i < len(m); i++ {
		if m[i].Cosine > m[i-1].Cosine+1e-12 {
			t.Errorf("merge %d at cosine %.3f above merge %d at %.3f", i, m[i].Cosine, i-1, m[i-1].Cosine)
		}
	}
	if got := CutTree(m, 2); !slices.Equal(got, []int{0, 1, 0, 1, 0, 1}) {
		t.Errorf("cut at 2: %v", got)
	}
}

func BenchmarkSelectK(b *testing.B) {
	for _, n := range []int{2000, 20000} {
		X, _ := blobs(1, n, 100, 6, 0.3)
		b.Run("docs="+strconv.Itoa(n), func(b *testing.B) {
			b.ReportAllocs()
			for b.Loop() {
				if _, err := SelectK(context.Background(), X, 2, 12, KMeansOptions{Src: kmSrc(1)}, SelectOptions{}); err != nil {
					b.Fatal(err)
				}
			}
		})
	}
}
