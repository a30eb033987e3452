package cluster

import (
	"context"
	"fmt"
	"math"
	"math/rand/v2"
	"reflect"
	"runtime"
	"slices"
	"testing"

	"gonum.org/v1/gonum/mat"

	"newsclust/vectorize/sparse"
)

// TestKeepRestarts: every restart's labels are kept, numbered like Labels,
// the winner among them; keeping them changes nothing else.
func TestKeepRestarts(t *testing.T) {
	t.Parallel()
	// Random rows without structure, so that restarts end in different
	// partitions.
	a := randomCSR(51, 120, 30, 0.2, false, false)
	// An empty row, which every restart puts in cluster 0.
	b := sparse.NewBuilder(a.Dims())
	for i := range a.Rows() {
		b.Append(a.Row(i))
	}
	b.Append(sparse.Vector{})
	X := b.CSR()
	plain, err := SphericalKMeans(context.Background(), X, KMeansOptions{K: 4, NInit: 6, Src: kmSrc(52)})
	if err != nil {
		t.Fatal(err)
	}
	if plain.Restarts != nil {
		t.Errorf("Restarts without KeepRestarts: %d labelings", len(plain.Restarts))
	}
	kept, err := SphericalKMeans(context.Background(), X, KMeansOptions{K: 4, NInit: 6, Src: kmSrc(52), KeepRestarts: true})
	if err != nil {
		t.Fatal(err)
	}
	if !slices.Equal(kept.Labels, plain.Labels) || kept.Objective != plain.Objective {
		t.Error("KeepRestarts changed the result")
	}
	if len(kept.Restarts) != 6 {
		t.Fatalf("%d restarts kept, want 6", len(kept.Restarts))
	}
	winner := false
	for r, labels := range kept.Restarts {
		if len(labels) != X.Rows() || labels[X.Rows()-1] != 0 {
			t.Errorf("restart %d: %d labels, empty row in %d", r, len(labels), labels[len(labels)-1])
		}
		sizes := make([]int, 4)
		for _, c := range labels[:X.Rows()-1] {
			sizes[c]++
		}
		if !slices.IsSortedFunc(sizes, func(a, b int) int { return b - a }) {
			t.Errorf("restart %d: clusters not numbered by decreasing size: %v", r, sizes)
		}
		winner = winner || slices.Equal(labels, kept.Labels)
	}
	if !winner {
		t.Error("the result's labels are none of the restarts'")
	}
	if s := MeanPairwiseARI(kept.Restarts); !(s > 0 && s < 1) {
		// The data are built so that restarts disagree somewhat.
		t.Errorf("restarts agree with mean ARI %g, want strictly between 0 and 1", s)
	}
}

func TestMeanPairwiseARI(t *testing.T) {
	t.Parallel()
	a, b := []int{0, 0, 1, 1}, []int{0, 1, 0, 1}
	for _, tc := range []struct {
		name string
		in   [][]int
		want float64
	}{
		{"none", nil, 0},
		{"one", [][]int{a}, 0},
		{"same partition renumbered", [][]int{a, {1, 1, 0, 0}}, 1},
		// scikit-learn: adjusted_rand_score([0,0,1,1], [0,1,0,1]) = -0.5.
		{"crossed", [][]int{a, b}, -0.5},
		// Pairs (a,a) 1, (a,b) −0.5, (a,b) −0.5: mean 0.
		{"three", [][]int{a, a, b}, 0},
	} {
		t.Run(tc.name, func(t *testing.T) {
			t.Parallel()
			if got := MeanPairwiseARI(tc.in); math.Abs(got-tc.want) > 1e-12 {
				t.Errorf("got %g, want %g", got, tc.want)
			}
		})
	}
}

// TestMap2DFromLSA: Map2D is Map2DFrom of its own rank-50 LSA embedding.
func TestMap2DFromLSA(t *testing.T) {
	t.Parallel()
	X := synthCorpus(300, 400, 20, 9)
	want, err := Map2D(context.Background(), X, rand.NewPCG(3, 4))
	if err != nil {
		t.Fatal(err)
	}
	E, _, err := LSA(context.Background(), X, 50, rand.NewPCG(3, 4))
	if err != nil {
		t.Fatal(err)
	}
	got, err := Map2DFrom(E)
	if err != nil {
		t.Fatal(err)
	}
	if !reflect.DeepEqual(got, want) {
		t.Error("Map2DFrom(LSA(X, 50)) differs from Map2D(X)")
	}
	for _, n := range []int{0, 1} {
		pts, err := Map2DFrom(&Dense{mat.NewDense(max(n, 1), 3, nil)})
		if err != nil || len(pts) != max(n, 1) || pts[0] != [2]float64{} {
			t.Errorf("%d rows: %v, %v; want the origin", n, pts, err)
		}
	}
}

// TestOrth checks both paths of orth: CholeskyQR2 on a well-conditioned
// matrix and the Householder fallback on one whose columns span scales
// from 1 to 1e-9 (κ(AᵀA) ≈ 1e18, above cholMaxCond).
func TestOrth(t *testing.T) {
	t.Parallel()
	rng := rand.New(rand.NewPCG(61, 62))
	for _, tc := range []struct {
		name    string
		scale   func(j int) float64
		useChol bool
	}{
		{"well-conditioned", func(int) float64 { return 1 }, true},
		{"ill-conditioned", func(j int) float64 { return math.Pow(10, -float64(j)) }, false},
	} {
		t.Run(tc.name, func(t *testing.T) {
			t.Parallel()
			const m, l = 3000, 10 // 3 blocks of orthBlock rows
			A := mat.NewDense(m, l, nil)
			for i := range m {
				for j := range l {
					A.Set(i, j, rng.NormFloat64()*tc.scale(j))
				}
			}
			orig := mat.DenseCopyOf(A)
			if _, ok := cholQR(mat.DenseCopyOf(A)); ok != tc.useChol {
				t.Errorf("cholQR accepted = %v, want %v", ok, tc.useChol)
			}
			orth(A)
			checkOrthonormal(t, tc.name, A)
			// Same range: A·Aᵀ·orig = orig, relative to orig's scale.
			var P, R mat.Dense
			P.Mul(A.T(), orig)
			R.Mul(A, &P)
			R.Sub(&R, orig)
			// 1e-12: rounding of a 3000-row orthonormalisation.
			if d := mat.Norm(&R, 2) / mat.Norm(orig, 2); d > 1e-12 {
				t.Errorf("range changed: relative residual %g", d)
			}
		})
	}
}

func ExampleMap2DFrom() {
	// Four rows of an embedding: two pairs of close directions.
	E := mat.NewDense(4, 2, []float64{1, 0, 0.99, 0.14, 0, 1, 0.14, 0.99})
	NormalizeRows(E)
	pts, err := Map2DFrom(&Dense{E})
	if err != nil {
		panic(err)
	}
	for _, p := range pts {
		fmt.Println(round2(p[:]))
	}
	// Output:
	// [1.07 -0.07]
	// [0.91 0.07]
	// [-1.07 -0.07]
	// [-0.91 0.07]
}

func ExampleMeanPairwiseARI() {
	// Three runs: two find the same partition (numbered differently), the
	// third cuts across it.
	runs := [][]int{{0, 0, 1, 1}, {1, 1, 0, 0}, {0, 1, 0, 1}}
	fmt.Printf("%.2f\n", MeanPairwiseARI(runs))
	// Output:
	// 0.00
}

// TestOrthDeterministic orthonormalises 3000 rows (3 blocks of orthBlock)
// under different GOMAXPROCS; not parallel, as GOMAXPROCS is process-wide.
func TestOrthDeterministic(t *testing.T) {
	rng := rand.New(rand.NewPCG(63, 64))
	A := mat.NewDense(3000, 12, nil)
	for i := range 3000 {
		for j := range 12 {
			A.Set(i, j, rng.NormFloat64())
		}
	}
	defer runtime.GOMAXPROCS(runtime.GOMAXPROCS(0))
	var first *mat.Dense
	for _, procs := range []int{1, 2, 3} {
		runtime.GOMAXPROCS(procs)
		Q := mat.DenseCopyOf(A)
		orth(Q)
		if first == nil {
			first = Q
			continue
		}
		if !mat.Equal(Q, first) {
			t.Fatalf("GOMAXPROCS=%d changed the result", procs)
		}
	}
}
