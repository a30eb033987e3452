package cluster

import (
	"context"
	"errors"
	"fmt"
	"math"
	"math/rand/v2"
	"runtime"
	"slices"
	"strings"
	"testing"

	"gonum.org/v1/gonum/floats"
	"gonum.org/v1/gonum/mat"

	"newsclust/vectorize/sparse"
)

// kmUnitSparse returns the unit vector with the given weights on cols (which
// need not be sorted).
func kmUnitSparse(cols []int, w []float64) sparse.Vector {
	idx := make([]int, len(cols))
	for i := range idx {
		idx[i] = i
	}
	slices.SortFunc(idx, func(a, b int) int { return cols[a] - cols[b] })
	norm := floats.Norm(w, 2)
	var v sparse.Vector
	for _, i := range idx {
		v.Ind = append(v.Ind, int32(cols[i]))
		v.Val = append(v.Val, float32(w[i]/norm))
	}
	return v
}

// kmGroupedCSR builds rows in len(sizes) groups; group g's rows have nnz
// random positive weights on random columns among [g·width, (g+1)·width),
// so rows of different groups are orthogonal. It returns the matrix and
// each row's group; the rows of the groups are interleaved.
func kmGroupedCSR(sizes []int, width, nnz int, seed uint64) (*sparse.CSR, []int) {
	rng := rand.New(rand.NewPCG(seed, 1))
	var truth []int
	left := slices.Clone(sizes)
	for len(truth) < kmSumInts(sizes) {
		for g := range left {
			if left[g] > 0 {
				truth = append(truth, g)
				left[g]--
			}
		}
	}
	b := sparse.NewBuilder(width * len(sizes))
	for _, g := range truth {
		cols := rng.Perm(width)[:nnz]
		w := make([]float64, nnz)
		for k := range cols {
			cols[k] += g * width
			w[k] = 0.1 + rng.Float64()
		}
		b.Append(kmUnitSparse(cols, w))
	}
	return b.CSR(), truth
}

func kmSumInts(s []int) int {
	t := 0
	for _, v := range s {
		t += v
	}
	return t
}

// kmRandomCSR returns n unit rows with about nnz entries each over d columns,
// weights drawn from a skewed distribution like TF-IDF; rows of the same
// "topic" (i mod topics) share a preferred block of columns so that there
// is some structure to find.
func kmRandomCSR(n, d, nnz, topics int, seed uint64) *sparse.CSR {
	rng := rand.New(rand.NewPCG(seed, 2))
	b := sparse.NewBuilder(d)
	block := d / topics
	for i := range n {
		seen := map[int]bool{}
		var cols []int
		var w []float64
		for len(cols) < nnz {
			var j int
			if rng.IntN(2) == 0 {
				j = (i%topics)*block + rng.IntN(block)
			} else {
				j = rng.IntN(d)
			}
			if seen[j] {
				continue
			}
			seen[j] = true
			cols = append(cols, j)
			w = append(w, rng.ExpFloat64())
		}
		b.Append(kmUnitSparse(cols, w))
	}
	return b.CSR()
}

func kmToDense(a *sparse.CSR) Dense {
	m := mat.NewDense(a.NRows, a.NCols, nil)
	for i := range a.NRows {
		a.AddTo(i, 1, m.RawRowView(i))
	}
	NormalizeRows(m)
	return Dense{m}
}

func kmSrc(seed uint64) rand.Source { return rand.NewPCG(seed, 42) }

// kmSamePartition reports whether labels and truth group the rows alike.
func kmSamePartition(labels, truth []int) bool {
	fwd, back := map[int]int{}, map[int]int{}
	for i := range labels {
		if c, ok := fwd[labels[i]]; ok && c != truth[i] {
			return false
		}
		if c, ok := back[truth[i]]; ok && c != labels[i] {
			return false
		}
		fwd[labels[i]], back[truth[i]] = truth[i], labels[i]
	}
	return true
}

func TestSphericalKMeansRecoversGroups(t *testing.T) {
	t.Parallel()
	// Group sizes 12, 8, 5 are distinct, so renumbering by decreasing size
	// must give group g the label g.
	a, truth := kmGroupedCSR([]int{12, 8, 5}, 30, 15, 1)
	for _, tc := range []struct {
		name string
		X    Matrix
	}{
		{"csr", a},
		{"dense", kmToDense(a)},
	} {
		t.Run(tc.name, func(t *testing.T) {
			t.Parallel()
			res, err := SphericalKMeans(context.Background(), tc.X, KMeansOptions{K: 3, Src: kmSrc(1)})
			if err != nil {
				t.Fatal(err)
			}
			if !slices.Equal(res.Labels, truth) {
				t.Errorf("labels %v, want %v", res.Labels, truth)
			}
			if !slices.Equal(res.Sizes, []int{12, 8, 5}) {
				t.Errorf("sizes %v, want [12 8 5]", res.Sizes)
			}
			var sum float64
			for i, s := range res.Sims {
				if s <= 0 || s > 1+1e-12 {
					t.Errorf("row %d: sim %v outside (0, 1]", i, s)
				}
				sum += s
			}
			if res.Objective != sum {
				t.Errorf("objective %v, sum of sims %v", res.Objective, sum)
			}
			for c := range 3 {
				if n := floats.Norm(res.Centroids.RawRowView(c), 2); math.Abs(n-1) > 1e-12 {
					t.Errorf("centroid %d has norm %v", c, n)
				}
				// Groups are orthogonal: a centroid has no weight
				// outside its group's 30 columns.
				for j, v := range res.Centroids.RawRowView(c) {
					if v != 0 && j/30 != c {
						t.Errorf("centroid %d has weight %v on column %d", c, v, j)
						break
					}
				}
			}
		})
	}
}

func TestSphericalKMeansRenumbersTiesByFirstRow(t *testing.T) {
	t.Parallel()
	// Two groups of 6: equal sizes, so the group of row 0 is cluster 0.
	// Rows alternate 0,1,0,1,... in kmGroupedCSR; flip which group comes first.
	for _, first := range []int{0, 1} {
		t.Run(fmt.Sprint("first=", first), func(t *testing.T) {
			t.Parallel()
			a, truth := kmGroupedCSR([]int{6, 6}, 20, 10, 3)
			if first == 1 {
				// Swap rows 0 and 1 so row 0 belongs to group 1.
				b := sparse.NewBuilder(a.NCols)
				b.Append(a.Row(1))
				b.Append(a.Row(0))
				for i := 2; i < a.NRows; i++ {
					b.Append(a.Row(i))
				}
				a = b.CSR()
				truth[0], truth[1] = truth[1], truth[0]
			}
			res, err := SphericalKMeans(context.Background(), a, KMeansOptions{K: 2, Src: kmSrc(2)})
			if err != nil {
				t.Fatal(err)
			}
			if res.Labels[0] != 0 || !kmSamePartition(res.Labels, truth) {
				t.Errorf("labels %v, want the partition %v with row 0 in cluster 0", res.Labels, truth)
			}
		})
	}
}

func TestSphericalKMeansSeeds(t *testing.T) {
	t.Parallel()
	// Four orthogonal groups A, B, C, D of 5 rows on 10 columns each, K = 2.
	// The seeds decide which pairs of groups merge: seeding with A+B and C+D
	// is a fixed point, as is A+C and B+D.
	a, truth := kmGroupedCSR([]int{5, 5, 5, 5}, 10, 6, 4)
	dir := func(groups ...int) []float64 {
		v := make([]float64, a.NCols)
		for _, g := range groups {
			for j := g * 10; j < (g+1)*10; j++ {
				v[j] = 1
			}
		}
		return v
	}
	for _, tc := range []struct {
		name  string
		seeds [][]float64
		merge []int // group → expected cluster (up to renaming)
	}{
		{"AB_CD", [][]float64{dir(0, 1), dir(2, 3)}, []int{0, 0, 1, 1}},
		{"AC_BD", [][]float64{dir(0, 2), dir(1, 3)}, []int{0, 1, 0, 1}},
		{"AD_BC", [][]float64{dir(0, 3), dir(1, 2)}, []int{0, 1, 1, 0}},
	} {
		t.Run(tc.name, func(t *testing.T) {
			t.Parallel()
			want := make([]int, len(truth))
			for i, g := range truth {
				want[i] = tc.merge[g]
			}
			res, err := SphericalKMeans(context.Background(), a, KMeansOptions{K: 2, Seeds: tc.seeds, Src: kmSrc(5)})
			if err != nil {
				t.Fatal(err)
			}
			if !kmSamePartition(res.Labels, want) {
				t.Errorf("labels %v, want partition %v", res.Labels, want)
			}
			// With K seeds the result does not depend on Src.
			res2, err := SphericalKMeans(context.Background(), a, KMeansOptions{K: 2, Seeds: tc.seeds, Src: kmSrc(6)})
			if err != nil {
				t.Fatal(err)
			}
			if !slices.Equal(res.Labels, res2.Labels) || !mat.Equal(res.Centroids, res2.Centroids) {
				t.Error("result with K seeds depends on Src")
			}
		})
	}
}

func TestSeedKeepsSeedsInEveryRestart(t *testing.T) {
	t.Parallel()
	a := kmRandomCSR(200, 50, 8, 5, 7)
	seeds := [][]float64{make([]float64, 50), make([]float64, 50)}
	seeds[0][3], seeds[0][4] = 3, 4 // normalised to (0.6, 0.8)
	seeds[1][10] = -2               // normalised to -1
	cfg, err := KMeansOptions{K: 5, Seeds: seeds, Src: kmSrc(8)}.config(a)
	if err != nil {
		t.Fatal(err)
	}
	rows := make([]int, a.NRows)
	for i := range rows {
		rows[i] = i
	}
	st := newLloyd(a, rows, kmRowNorms(a), 5)
	init := make([]float64, 5*50)
	var picks [][]float64
	for range 3 {
		if err := st.seed(context.Background(), cfg, init); err != nil {
			t.Fatal(err)
		}
		want := make([]float64, 100)
		want[3], want[4], want[60] = 0.6, 0.8, -1
		if !floats.EqualApprox(init[:100], want, 1e-15) {
			t.Fatalf("seed slots hold %v, want %v", init[:100], want)
		}
		// The other three centres are distinct rows of X.
		var found []int
		for c := 2; c < 5; c++ {
			row := -1
			for i := range a.NRows {
				v := make([]float64, 50)
				a.AddTo(i, 1, v)
				if floats.Equal(v, init[c*50:(c+1)*50]) {
					row = i
					break
				}
			}
			if row < 0 || slices.Contains(found, row) {
				t.Fatalf("centre %d is not a new row of X (found %v)", c, found)
			}
			found = append(found, row)
		}
		picks = append(picks, slices.Clone(init[100:]))
	}
	if floats.Equal(picks[0], picks[1]) && floats.Equal(picks[1], picks[2]) {
		t.Error("three restarts drew the same k-means++ centres")
	}
}

func TestSphericalKMeansRepairsEmptyCluster(t *testing.T) {
	t.Parallel()
	// Column 3 is used by no row, so the second seed has cosine 0 with every
	// row and the first assignment leaves it empty. Repair must move the
	// row least similar to the first seed (column 0): row 2, at 0.6. The
	// next assignment keeps it there: rows 1 and 3 have cosine 0.998 and
	// 0.99 with the mean of rows 0, 1, 3 but 0.8 and 0.84 with row 2.
	rows := [][]float64{{1, 0, 0, 0}, {0.96, 0.28, 0, 0}, {0.6, 0.8, 0, 0}, {0.936, 0.352, 0, 0}}
	X := Dense{mat.NewDense(4, 4, slices.Concat(rows...))}
	seeds := [][]float64{{1, 0, 0, 0}, {0, 0, 0, 1}}
	res, err := SphericalKMeans(context.Background(), X, KMeansOptions{K: 2, Seeds: seeds, Src: kmSrc(9)})
	if err != nil {
		t.Fatal(err)
	}
	if want := []int{0, 0, 1, 0}; !slices.Equal(res.Labels, want) {
		t.Errorf("labels %v, want %v", res.Labels, want)
	}
	if want := []float64{0.6, 0.8, 0, 0}; !floats.EqualApprox(res.Centroids.RawRowView(1), want, 1e-15) {
		t.Errorf("repaired centroid %v, want %v", res.Centroids.RawRowView(1), want)
	}
}

func TestRepairOrder(t *testing.T) {
	t.Parallel()
	// Clusters 1 and 3 are empty. Positions by increasing sim: 4 (0.1),
	// 0 (0.2), 2 (0.2), 1 (0.5), 3 (0.9). Position 4 is alone in cluster 2,
	// so cluster 1 takes position 0 and cluster 3 takes position 2 (ties go
	// to the lower position).
	st := &lloyd{
		rows:   []int{0, 1, 2, 3, 4},
		k:      4,
		labels: []int{0, 0, 0, 0, 2},
		sims:   []float64{0.2, 0.5, 0.2, 0.9, 0.1},
		counts: []int{4, 0, 1, 0},
		lo:     make([]float64, 5),
		up:     make([]float64, 5),
	}
	st.refill()
	if want := []int{1, 0, 3, 0, 2}; !slices.Equal(st.labels, want) {
		t.Errorf("labels %v, want %v", st.labels, want)
	}
	// The moved rows' bounds are reset so the next assignment recomputes
	// them.
	if !math.IsInf(st.lo[0], -1) || !math.IsInf(st.up[2], 1) || st.lo[1] != 0 {
		t.Errorf("bounds after refill: lo %v up %v", st.lo, st.up)
	}
	if st.repair() {
		t.Error("repair with no empty cluster moved rows")
	}
}

func TestSphericalKMeansZeroRows(t *testing.T) {
	t.Parallel()
	a, truth := kmGroupedCSR([]int{6, 4}, 10, 6, 10)
	b := sparse.NewBuilder(a.NCols)
	b.Append(sparse.Vector{})
	for i := range a.NRows {
		b.Append(a.Row(i))
		if i == 4 {
			b.Append(sparse.Vector{})
		}
	}
	X := b.CSR()
	want := slices.Concat([]int{0}, truth[:5], []int{0}, truth[5:])
	res, err := SphericalKMeans(context.Background(), X, KMeansOptions{K: 2, Src: kmSrc(11)})
	if err != nil {
		t.Fatal(err)
	}
	if !slices.Equal(res.Labels, want) {
		t.Errorf("labels %v, want %v", res.Labels, want)
	}
	if res.Sims[0] != 0 || res.Sims[6] != 0 {
		t.Errorf("zero rows have sims %v, %v", res.Sims[0], res.Sims[6])
	}
	if !slices.Equal(res.Sizes, []int{8, 4}) {
		t.Errorf("sizes %v, want [8 4]", res.Sizes)
	}
	// K = 10 non-zero rows works; 11 does not.
	if _, err := SphericalKMeans(context.Background(), X, KMeansOptions{K: 10, NInit: 1, Src: kmSrc(12)}); err != nil {
		t.Errorf("K = non-zero rows: %v", err)
	}
	_, err = SphericalKMeans(context.Background(), X, KMeansOptions{K: 11, Src: kmSrc(12)})
	if !errors.Is(err, ErrTooFewRows) || !strings.Contains(err.Error(), "K = 11") || !strings.Contains(err.Error(), "only 10 non-zero rows") {
		t.Errorf("K = 11: got %v, want ErrTooFewRows naming K = 11 and 10 rows", err)
	}
}

func TestSphericalKMeansOptionErrors(t *testing.T) {
	t.Parallel()
	a, _ := kmGroupedCSR([]int{3, 3}, 5, 2, 13)
	zero := make([]float64, a.NCols)
	one := make([]float64, a.NCols)
	one[0] = 1
	for _, tc := range []struct {
		name string
		opts KMeansOptions
		want error
	}{
		{"K=0", KMeansOptions{K: 0}, ErrInvalidK},
		{"K=-1", KMeansOptions{K: -1}, ErrInvalidK},
		{"more seeds than K", KMeansOptions{K: 1, Seeds: [][]float64{one, one}}, ErrInvalidK},
		{"zero seed", KMeansOptions{K: 2, Seeds: [][]float64{one, zero}}, ErrZeroSeed},
		{"K > rows", KMeansOptions{K: 7}, ErrTooFewRows},
	} {
		t.Run(tc.name, func(t *testing.T) {
			t.Parallel()
			tc.opts.Src = kmSrc(14)
			res, err := SphericalKMeans(context.Background(), a, tc.opts)
			if !errors.Is(err, tc.want) || res != nil {
				t.Errorf("got %v, %v; want %v", res, err, tc.want)
			}
		})
	}
}

func TestSphericalKMeansContext(t *testing.T) {
	t.Parallel()
	a := kmRandomCSR(500, 200, 10, 4, 15)
	t.Run("cancelled before", func(t *testing.T) {
		t.Parallel()
		ctx, cancel := context.WithCancel(context.Background())
		cancel()
		_, err := SphericalKMeans(ctx, a, KMeansOptions{K: 4, Src: kmSrc(16)})
		if !errors.Is(err, context.Canceled) {
			t.Errorf("got %v, want context.Canceled", err)
		}
	})
	t.Run("cancelled during", func(t *testing.T) {
		t.Parallel()
		ctx, cancel := context.WithCancel(context.Background())
		defer cancel()
		iters := 0
		_, err := sphericalKMeans(ctx, a, KMeansOptions{K: 4, Tol: -1, Src: kmSrc(16)}, func(r, it int, _ float64) {
			iters++
			if r == 0 && it == 2 {
				cancel()
			}
		})
		if !errors.Is(err, context.Canceled) {
			t.Errorf("got %v, want context.Canceled", err)
		}
		if iters != 2 {
			t.Errorf("ran %d iterations after cancelling at the 2nd", iters)
		}
	})
}

func TestObjectiveNeverDecreases(t *testing.T) {
	t.Parallel()
	// Random data with weak structure and K = 12 takes many iterations and
	// meets empty clusters; Tol < 0 runs each restart to a fixed point.
	a := kmRandomCSR(600, 300, 12, 6, 17)
	var prev float64
	steps := 0
	_, err := sphericalKMeans(context.Background(), a, KMeansOptions{K: 12, NInit: 4, Tol: -1, Src: kmSrc(18)},
		func(_, it int, obj float64) {
			// 1e-9: the objective is a sum of 12 norms of sums of ~50
			// unit rows; rounding moves it by ~1e-13, a real step down
			// by far more.
			if it > 1 && obj < prev-1e-9 {
				t.Errorf("iteration %d: objective %v fell from %v", it, obj, prev)
			}
			prev = obj
			steps++
		})
	if err != nil {
		t.Fatal(err)
	}
	if steps < 4*3 {
		t.Errorf("only %d iterations in 4 restarts; the check saw too little", steps)
	}
}

func TestSphericalKMeansDeterministic(t *testing.T) {
	// Not parallel: it changes GOMAXPROCS.
	// 3000 rows make 12 chunks of 256, so the work is really split; the
	// dense matrix (an LSA-like embedding) has 4 chunks.
	rng := rand.New(rand.NewPCG(19, 3))
	lsa := mat.NewDense(1000, 64, nil)
	for i := range 1000 {
		for j := range 64 {
			lsa.Set(i, j, rng.NormFloat64()+float64((i%5)*(j%5)))
		}
	}
	NormalizeRows(lsa)
	for _, tc := range []struct {
		name string
		X    Matrix
	}{
		{"csr", kmRandomCSR(3000, 2000, 20, 8, 19)},
		{"dense", Dense{lsa}},
	} {
		run := func(procs int, src rand.Source) *KMeansResult {
			defer runtime.GOMAXPROCS(runtime.GOMAXPROCS(procs))
			res, err := SphericalKMeans(context.Background(), tc.X, KMeansOptions{K: 8, NInit: 3, Src: src})
			if err != nil {
				t.Fatal(err)
			}
			return res
		}
		want := run(1, kmSrc(20))
		for _, procs := range []int{1, 2, 4} {
			got := run(procs, kmSrc(20))
			if !slices.Equal(got.Labels, want.Labels) || !slices.Equal(got.Sizes, want.Sizes) || got.Iter != want.Iter {
				t.Errorf("%s, GOMAXPROCS=%d: labels, sizes or iterations differ", tc.name, procs)
			}
			if !kmBitsEqual(got.Centroids.RawMatrix().Data, want.Centroids.RawMatrix().Data) ||
				!kmBitsEqual(got.Sims, want.Sims) || math.Float64bits(got.Objective) != math.Float64bits(want.Objective) {
				t.Errorf("%s, GOMAXPROCS=%d: centroids, sims or objective differ in their bits", tc.name, procs)
			}
		}
		// Another Src gives another run (the check above is not vacuous).
		other := run(2, kmSrc(21))
		if kmBitsEqual(other.Centroids.RawMatrix().Data, want.Centroids.RawMatrix().Data) {
			t.Errorf("%s: a different Src reproduced the same centroids", tc.name)
		}
	}
}

func kmBitsEqual(a, b []float64) bool {
	return slices.EqualFunc(a, b, func(x, y float64) bool { return math.Float64bits(x) == math.Float64bits(y) })
}

func TestAssign(t *testing.T) {
	t.Parallel()
	a, _ := kmGroupedCSR([]int{9, 7, 4}, 15, 8, 22)
	res, err := SphericalKMeans(context.Background(), a, KMeansOptions{K: 3, Src: kmSrc(23)})
	if err != nil {
		t.Fatal(err)
	}
	labels, sims := Assign(a, res.Centroids)
	if !slices.Equal(labels, res.Labels) {
		t.Errorf("Assign labels %v, result %v", labels, res.Labels)
	}
	if !floats.EqualApprox(sims, res.Sims, 1e-15) {
		t.Errorf("Assign sims %v, result %v", sims, res.Sims)
	}
	// The dense path agrees to float32 rounding of the stored weights.
	dl, ds := Assign(kmToDense(a), res.Centroids)
	if !slices.Equal(dl, labels) || !floats.EqualApprox(ds, sims, 1e-6) {
		t.Errorf("dense Assign differs: %v %v", dl, ds)
	}
	// A zero row goes to cluster 0 with similarity 0; a row on a group's
	// columns goes to that group's cluster.
	b := sparse.NewBuilder(a.NCols)
	b.Append(sparse.Vector{})
	b.Append(kmUnitSparse([]int{15, 20, 25}, []float64{1, 1, 1}))
	l, s := Assign(b.CSR(), res.Centroids)
	if l[0] != 0 || s[0] != 0 || l[1] != 1 || !(s[1] > 0) {
		t.Errorf("Assign new rows: %v %v", l, s)
	}
}

func TestDenseMatrix(t *testing.T) {
	t.Parallel()
	m := mat.NewDense(3, 2, []float64{3, 4, 0, 0, -2, 0})
	NormalizeRows(m)
	d := Dense{m}
	if d.Rows() != 3 || d.Dims() != 2 {
		t.Fatalf("Rows, Dims = %d, %d", d.Rows(), d.Dims())
	}
	if got := d.DotDense(0, []float64{1, 1}); math.Abs(got-1.4) > 1e-15 {
		t.Errorf("DotDense = %v, want 1.4", got)
	}
	dst := []float64{1, 1}
	d.AddTo(2, 2, dst)
	if !floats.Equal(dst, []float64{-1, 1}) {
		t.Errorf("AddTo gave %v", dst)
	}
	if got := kmRowNorms(d); !floats.EqualApprox(got, []float64{1, 0, 1}, 1e-15) {
		t.Errorf("norms %v", got)
	}
	// The generic path (no Norm method) agrees.
	if got := kmRowNorms(kmRowView{d, []int{0, 1, 2}}); !floats.EqualApprox(got, []float64{1, 0, 1}, 1e-15) {
		t.Errorf("generic norms %v", got)
	}
}

func TestChooseK(t *testing.T) {
	t.Parallel()
	// Three orthogonal groups: the silhouette is highest at k = 3.
	a, truth := kmGroupedCSR([]int{10, 9, 8}, 20, 10, 24)
	best, scores, res, err := ChooseK(context.Background(), a, 1, 6, KMeansOptions{Src: kmSrc(25)})
	if err != nil {
		t.Fatal(err)
	}
	if best != 3 {
		t.Errorf("best k = %d, want 3; scores %v", best, scores)
	}
	var ks []int
	for _, s := range scores {
		ks = append(ks, s.K)
	}
	// lo = 1 is raised to 2, the least k with a silhouette.
	if !slices.Equal(ks, []int{2, 3, 4, 5, 6}) {
		t.Errorf("tried k %v, want 2..6", ks)
	}
	if !slices.Equal(res.Labels, truth) {
		t.Errorf("labels %v, want %v", res.Labels, truth)
	}
	if got := Silhouette(a, res.Labels); got != scores[1].Silhouette {
		t.Errorf("score for k=3 is %v, Silhouette gives %v", scores[1].Silhouette, got)
	}

	_, _, _, err = ChooseK(context.Background(), a, 5, 4, KMeansOptions{Src: kmSrc(25)})
	if !errors.Is(err, ErrInvalidK) {
		t.Errorf("empty range: %v", err)
	}
	_, _, _, err = ChooseK(context.Background(), a, 27, 30, KMeansOptions{Src: kmSrc(25)})
	if !errors.Is(err, ErrTooFewRows) {
		t.Errorf("k beyond rows: %v", err)
	}
}

func TestChooseKSampled(t *testing.T) {
	t.Parallel()
	if testing.Short() {
		t.Skip("3300 rows")
	}
	// 3300 rows exceed the 3000-row silhouette sample.
	a, truth := kmGroupedCSR([]int{1400, 1100, 800}, 40, 20, 26)
	run := func() (int, []KScore, *KMeansResult) {
		best, scores, res, err := ChooseK(context.Background(), a, 2, 4, KMeansOptions{NInit: 2, Src: kmSrc(27)})
		if err != nil {
			t.Fatal(err)
		}
		return best, scores, res
	}
	best, scores, res := run()
	if best != 3 || !slices.Equal(res.Labels, truth) {
		t.Errorf("best %d (scores %v), want 3 and the true groups", best, scores)
	}
	// The sample is a subset: its score differs from the full one but is
	// reproducible.
	if full := Silhouette(a, res.Labels); full == scores[1].Silhouette {
		t.Errorf("sampled score equals the full score %v; was the sample used?", full)
	}
	_, again, _ := run()
	if !slices.Equal(again, scores) {
		t.Errorf("scores %v then %v", scores, again)
	}
}

func BenchmarkSphericalKMeans(b *testing.B) {
	for _, n := range []int{10000} {
		// ~100 entries per row over 20,000 columns, k = 20, as a small
		// news corpus; one restart (the default 10 cost about ten times
		// as much).
		a := kmRandomCSR(n, 20000, 100, 20, 28)
		b.Run(fmt.Sprint("docs=", n), func(b *testing.B) {
			b.ReportAllocs()
			for b.Loop() {
				if _, err := SphericalKMeans(context.Background(), a, KMeansOptions{K: 20, NInit: 1, Src: kmSrc(1)}); err != nil {
					b.Fatal(err)
				}
			}
		})
	}
}

func TestStability(t *testing.T) {
	t.Parallel()
	// Well-separated groups: with the default 10 restarts every run finds
	// them, so every pair agrees.
	a, _ := kmGroupedCSR([]int{10, 9, 8}, 20, 10, 31)
	got, err := Stability(context.Background(), a, KMeansOptions{K: 3, Src: kmSrc(32)}, 4)
	if err != nil {
		t.Fatal(err)
	}
	if got != 1 {
		t.Errorf("stability of separated groups = %v, want 1", got)
	}
	// Weakly structured data with one restart per run: runs disagree.
	b := kmRandomCSR(400, 300, 6, 3, 33)
	got, err = Stability(context.Background(), b, KMeansOptions{K: 8, NInit: 1, Src: kmSrc(34)}, 4)
	if err != nil {
		t.Fatal(err)
	}
	if !(got > -1 && got < 0.9) {
		t.Errorf("stability of noise = %v, want well below 1", got)
	}
	ctx, cancel := context.WithCancel(context.Background())
	cancel()
	if _, err := Stability(ctx, a, KMeansOptions{K: 3, Src: kmSrc(35)}, 2); !errors.Is(err, context.Canceled) {
		t.Errorf("cancelled: %v", err)
	}
}

func TestBoundedAssignMatchesFull(t *testing.T) {
	t.Parallel()
	// Every iteration's labels must equal a full argmax over all centroids
	// (Assign, which keeps no bounds), however many rows the bounds skip.
	a := kmRandomCSR(1500, 400, 15, 6, 36)
	norms := kmRowNorms(a)
	rows := make([]int, a.NRows)
	for i := range rows {
		rows[i] = i
	}
	cfg, err := KMeansOptions{K: 6, Src: kmSrc(37)}.config(a)
	if err != nil {
		t.Fatal(err)
	}
	st := newLloyd(a, rows, norms, 6)
	init := make([]float64, 6*a.NCols)
	skipped := 0
	for restart := range 3 {
		if err := st.seed(context.Background(), cfg, init); err != nil {
			t.Fatal(err)
		}
		st.reset(init)
		for it := range 30 {
			for p := range st.lo {
				if st.labels[p] >= 0 && st.lo[p]-st.up[p] > boundSlack {
					skipped++
				}
			}
			st.assign()
			full, _ := Assign(a, mat.NewDense(6, a.NCols, slices.Clone(st.cs.rows)))
			if !slices.Equal(st.labels, full) {
				t.Fatalf("restart %d iteration %d: bounded labels differ from full assignment", restart, it)
			}
			st.repair()
			st.update()
			st.loosen()
		}
	}
	if skipped == 0 {
		t.Error("the bounds never skipped a row; the test exercised nothing")
	}
	t.Logf("%d row-iterations skipped of %d", skipped, 3*30*a.NRows)
}

// TestAssignerMatchesAssign checks that placing rows one at a time gives
// Assign's labels and cosines exactly.
func TestAssignerMatchesAssign(t *testing.T) {
	t.Parallel()
	X := kmRandomCSR(300, 40, 6, 5, 7)
	res, err := SphericalKMeans(context.Background(), X, KMeansOptions{K: 5, NInit: 1, Src: rand.NewPCG(1, 2)})
	if err != nil {
		t.Fatal(err)
	}
	labels, sims := Assign(X, res.Centroids)
	a := NewAssigner(res.Centroids)
	for i := range X.Rows() {
		l, s := a.Assign(X.Row(i))
		if l != labels[i] || s != sims[i] {
			t.Fatalf("row %d: Assigner gives %d %v, Assign %d %v", i, l, s, labels[i], sims[i])
		}
	}
}
