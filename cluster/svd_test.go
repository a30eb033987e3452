package cluster

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"math"
	"math/rand/v2"
	"os"
	"reflect"
	"runtime"
	"testing"

	"gonum.org/v1/gonum/mat"

	"newsclust/vectorize/sparse"
)

// denseToCSR stores every entry of A, rounded to float32, as a CSR matrix.
func denseToCSR(A *mat.Dense) *sparse.CSR {
	n, d := A.Dims()
	b := sparse.NewBuilder(d)
	for i := range n {
		var v sparse.Vector
		for j := range d {
			if x := float32(A.At(i, j)); x != 0 {
				v.Ind = append(v.Ind, int32(j))
				v.Val = append(v.Val, x)
			}
		}
		b.Append(v)
	}
	return b.CSR()
}

// csrToDense is the exact float64 copy of X.
func csrToDense(X *sparse.CSR) *mat.Dense {
	A := mat.NewDense(X.NRows, X.NCols, nil)
	for i := range X.NRows {
		for k := X.Indptr[i]; k < X.Indptr[i+1]; k++ {
			A.Set(i, int(X.Ind[k]), float64(X.Val[k]))
		}
	}
	return A
}

// orthonormal returns an n × k matrix with orthonormal columns: the Q
// factor of a Gaussian matrix.
func orthonormal(rng *rand.Rand, n, k int) *mat.Dense {
	A := mat.NewDense(n, k, nil)
	for i := range n {
		for j := range k {
			A.Set(i, j, rng.NormFloat64())
		}
	}
	orth(A)
	return A
}

// plantedSpectrum returns X = A·diag(s)·Bᵀ (stored in float32) with
// orthonormal A, B and s_k = 2^-k: a gap of 2 between consecutive singular
// values.
func plantedSpectrum(seed uint64, n, d int) *sparse.CSR {
	return planted(seed, n, d, func(k int) float64 { return math.Ldexp(1, -k) })
}

// planted returns X = A·diag(s)·Bᵀ (stored in float32) with orthonormal A,
// B and s_k = sv(k).
func planted(seed uint64, n, d int, sv func(k int) float64) *sparse.CSR {
	rng := rand.New(rand.NewPCG(seed, 3))
	m := min(n, d)
	A, B := orthonormal(rng, n, m), orthonormal(rng, d, m)
	for k := range m {
		s := sv(k)
		for i := range n {
			A.Set(i, k, A.At(i, k)*s)
		}
	}
	var X mat.Dense
	X.Mul(A, B.T())
	return denseToCSR(&X)
}

// exactSVD is gonum's full SVD of X, truncated to r, with RandomizedSVD's
// sign convention.
func exactSVD(t *testing.T, X *sparse.CSR, r int) *SVD {
	t.Helper()
	var f mat.SVD
	if !f.Factorize(csrToDense(X), mat.SVDThin) {
		t.Fatal("gonum SVD failed")
	}
	var u, v mat.Dense
	f.UTo(&u)
	f.VTo(&v)
	n, d := X.NRows, X.NCols
	out := &SVD{
		U: mat.DenseCopyOf(u.Slice(0, n, 0, r)),
		S: f.Values(nil)[:r],
		V: mat.DenseCopyOf(v.Slice(0, d, 0, r)),
	}
	fixSigns(out.U, out.V)
	return out
}

// maxAbsDiff returns max |A − B| over entries.
func maxAbsDiff(A, B mat.Matrix) float64 {
	var D mat.Dense
	D.Sub(A, B)
	return mat.Norm(&D, math.Inf(1)) // row-sum norm bounds every entry
}

// projectorGap returns ‖A·Aᵀ − B·Bᵀ‖_F: zero when the orthonormal columns of A
// and B span the same subspace.
func projectorGap(A, B *mat.Dense) float64 {
	var PA, PB mat.Dense
	PA.Mul(A, A.T())
	PB.Mul(B, B.T())
	PA.Sub(&PA, &PB)
	return mat.Norm(&PA, 2)
}

func checkOrthonormal(t *testing.T, name string, A *mat.Dense) {
	t.Helper()
	_, k := A.Dims()
	var G mat.Dense
	G.Mul(A.T(), A)
	// 1e-12: a QR-based basis is orthonormal to a few ulps times k.
	if d := maxAbsDiff(&G, eye(k)); d > 1e-12 {
		t.Errorf("%s columns not orthonormal: max |AᵀA − I| = %g", name, d)
	}
}

func eye(k int) *mat.Dense {
	I := mat.NewDense(k, k, nil)
	for i := range k {
		I.Set(i, i, 1)
	}
	return I
}

func checkSigns(t *testing.T, V *mat.Dense) {
	t.Helper()
	d, r := V.Dims()
	for k := range r {
		best, at := -1.0, 0
		for j := range d {
			if a := math.Abs(V.At(j, k)); a > best {
				best, at = a, j
			}
		}
		if V.At(at, k) < 0 {
			t.Errorf("component %d: largest |V| entry is negative", k)
		}
	}
}

func TestRandomizedSVDMatchesExact(t *testing.T) {
	t.Parallel()
	tests := []struct {
		name       string
		n, d       int
		r, p, q    int
		planted    bool
		density    float64 // of the random matrix when not planted
		wantShapeR int
	}{
		// Planted spectrum 2^-k, r=5, l=10: the error factor
		// (σ11/σ5)^(2q+1) = 2^-54 with q=4 is far below 1e-6.
		{name: "planted tall", n: 60, d: 40, r: 5, p: 5, q: 4, planted: true, wantShapeR: 5},
		{name: "planted wide", n: 30, d: 70, r: 5, p: 5, q: 4, planted: true, wantShapeR: 5},
		// r=8: σ₁²/σ₈² = 2^14 is above gramMaxRatio, so the singular
		// vectors come from thinSVD; (σ13/σ8)^9 = 2^-45.
		{name: "planted steep", n: 60, d: 40, r: 8, p: 5, q: 4, planted: true, wantShapeR: 8},
		// Sparse random data with r+p >= min(n, d): the basis spans the
		// whole range, so the result is exact for any spectrum, even q=0.
		{name: "full range q=0", n: 50, d: 25, r: 6, p: 19, q: 0, density: 0.2, wantShapeR: 6},
		// r above min(n, d) is reduced to it. Dense enough that all 8
		// singular values are nonzero, so every singular vector is unique.
		{name: "r clamped", n: 12, d: 8, r: 20, p: 3, q: 1, density: 0.7, wantShapeR: 8},
	}
	for i, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			t.Parallel()
			var X *sparse.CSR
			if tc.planted {
				X = plantedSpectrum(uint64(i), tc.n, tc.d)
			} else {
				X = randomCSR(uint64(i), tc.n, tc.d, tc.density, false, true)
			}
			got, err := RandomizedSVD(context.Background(), X, tc.r, tc.p, tc.q, rand.NewPCG(1, 2))
			if err != nil {
				t.Fatal(err)
			}
			r := tc.wantShapeR
			if len(got.S) != r {
				t.Fatalf("len(S) = %d, want %d", len(got.S), r)
			}
			if nu, ru := got.U.Dims(); nu != tc.n || ru != r {
				t.Fatalf("U is %d×%d, want %d×%d", nu, ru, tc.n, r)
			}
			if dv, rv := got.V.Dims(); dv != tc.d || rv != r {
				t.Fatalf("V is %d×%d, want %d×%d", dv, rv, tc.d, r)
			}
			want := exactSVD(t, X, r)
			for k := range r {
				// 1e-6 relative, as the brief for this package asks.
				if rel := math.Abs(got.S[k]-want.S[k]) / want.S[0]; rel > 1e-6 {
					t.Errorf("S[%d] = %.12g, want %.12g", k, got.S[k], want.S[k])
				}
			}
			checkOrthonormal(t, "U", got.U)
			checkOrthonormal(t, "V", got.V)
			checkSigns(t, got.V)
			// Distinct singular values (the planted gap, or generic random
			// data) make each singular vector unique up to sign, and both
			// sides use the same sign rule, so columns must agree.
			if g := projectorGap(got.V, want.V); g > 1e-6 {
				t.Errorf("V subspace differs: ‖PV − PV'‖ = %g", g)
			}
			if g := projectorGap(got.U, want.U); g > 1e-6 {
				t.Errorf("U subspace differs: ‖PU − PU'‖ = %g", g)
			}
			if d := maxAbsDiff(got.V, want.V); d > 1e-6 {
				t.Errorf("V columns differ by %g", d)
			}
			if d := maxAbsDiff(got.U, want.U); d > 1e-6 {
				t.Errorf("U columns differ by %g", d)
			}
		})
	}
}

// TestLSAProgress checks that LSAWith reports every product, in order, and
// gives the same result as LSA.
func TestLSAProgress(t *testing.T) {
	t.Parallel()
	X := synthCorpus(300, 200, 20, 3)
	var calls [][2]int
	E, s, err := LSAWith(context.Background(), X, 10, rand.NewPCG(1, 2), LSAOptions{
		Progress: func(done, total int) { calls = append(calls, [2]int{done, total}) },
	})
	if err != nil {
		t.Fatal(err)
	}
	if len(calls) != LSAProducts {
		t.Fatalf("%d progress calls, want %d: %v", len(calls), LSAProducts, calls)
	}
	for i, c := range calls {
		if c != [2]int{i + 1, LSAProducts} {
			t.Fatalf("call %d = %v, want [%d %d]", i, c, i+1, LSAProducts)
		}
	}
	E2, s2, err := LSA(context.Background(), X, 10, rand.NewPCG(1, 2))
	if err != nil {
		t.Fatal(err)
	}
	if !mat.Equal(E.Dense, E2.Dense) || !reflect.DeepEqual(s.S, s2.S) {
		t.Fatal("LSAWith differs from LSA")
	}
}

// TestRandomizedSVDReconstructs uses the full rank, where U·diag(S)·Vᵀ must
// give X back to rounding.
func TestRandomizedSVDReconstructs(t *testing.T) {
	t.Parallel()
	X := randomCSR(11, 30, 18, 0.3, false, true)
	s, err := RandomizedSVD(context.Background(), X, 18, 0, 2, rand.NewPCG(3, 4))
	if err != nil {
		t.Fatal(err)
	}
	var US, R mat.Dense
	US.Mul(s.U, diag(s.S))
	R.Mul(&US, s.V.T())
	// 1e-12: entries are at most 1 and ~100 flops each.
	if d := maxAbsDiff(&R, csrToDense(X)); d > 1e-12 {
		t.Fatalf("max |U S Vᵀ − X| row sum = %g", d)
	}
}

func diag(s []float64) *mat.Dense {
	D := mat.NewDense(len(s), len(s), nil)
	for i, v := range s {
		D.Set(i, i, v)
	}
	return D
}

// TestSVDSklearn compares with scikit-learn 1.2's TruncatedSVD on
// testdata/svd.json (made by testdata/gen_svd.py): r=5 on a 30×20 matrix,
// with r+p = 20 = d so both randomized solvers are exact.
func TestSVDSklearn(t *testing.T) {
	t.Parallel()
	raw, err := os.ReadFile("testdata/svd.json")
	if err != nil {
		t.Fatal(err)
	}
	var fx struct {
		Rows, Cols, R  int
		Indptr         []int64
		Indices        []int32
		Data           []float64
		SingularValues []float64 `json:"singular_values"`
	}
	if err := json.Unmarshal(raw, &fx); err != nil {
		t.Fatal(err)
	}
	X := &sparse.CSR{NRows: fx.Rows, NCols: fx.Cols, Indptr: fx.Indptr, Ind: fx.Indices}
	for _, v := range fx.Data {
		X.Val = append(X.Val, float32(v)) // exact: the fixture stores float32 values
	}
	s, err := RandomizedSVD(context.Background(), X, fx.R, fx.Cols-fx.R, 10, rand.NewPCG(0, 0))
	if err != nil {
		t.Fatal(err)
	}
	for k, want := range fx.SingularValues {
		if rel := math.Abs(s.S[k]-want) / want; rel > 1e-6 {
			t.Errorf("S[%d] = %.15g, scikit-learn %.15g", k, s.S[k], want)
		}
	}
}

// TestRandomizedSVDDeterministic runs 600 rows (3 blocks of 256) and 500
// columns (2 blocks) under different GOMAXPROCS; not parallel, as
// GOMAXPROCS is process-wide.
func TestRandomizedSVDDeterministic(t *testing.T) {
	X := synthCorpus(600, 500, 30, 7)
	defer runtime.GOMAXPROCS(runtime.GOMAXPROCS(0))
	var first *SVD
	for _, procs := range []int{1, 2, 3} {
		runtime.GOMAXPROCS(procs)
		s, err := RandomizedSVD(context.Background(), X, 10, 5, 2, rand.NewPCG(5, 6))
		if err != nil {
			t.Fatal(err)
		}
		if first == nil {
			first = s
			continue
		}
		if !reflect.DeepEqual(s.S, first.S) || !mat.Equal(s.U, first.U) || !mat.Equal(s.V, first.V) {
			t.Fatalf("GOMAXPROCS=%d changed the result", procs)
		}
	}
}

func TestRandomizedSVDErrors(t *testing.T) {
	t.Parallel()
	for _, X := range []*sparse.CSR{
		sparse.NewBuilder(5).CSR(), // no rows
		randomCSR(1, 4, 0, 0, false, false),
	} {
		if _, err := RandomizedSVD(context.Background(), X, 2, 2, 1, rand.NewPCG(1, 1)); !errors.Is(err, ErrEmptyMatrix) {
			t.Errorf("%d×%d: err = %v, want ErrEmptyMatrix", X.NRows, X.NCols, err)
		}
	}
	ctx, cancel := context.WithCancel(context.Background())
	cancel()
	X := randomCSR(1, 20, 10, 0.3, false, false)
	if _, err := RandomizedSVD(ctx, X, 2, 2, 1, rand.NewPCG(1, 1)); !errors.Is(err, context.Canceled) {
		t.Errorf("cancelled: err = %v", err)
	}
	if _, _, err := LSA(context.Background(), sparse.NewBuilder(3).CSR(), 2, rand.NewPCG(1, 1)); !errors.Is(err, ErrEmptyMatrix) {
		t.Errorf("LSA: err = %v, want ErrEmptyMatrix", err)
	}
}

func TestLSA(t *testing.T) {
	t.Parallel()
	// 40 × 30 with r=20: l = min(20+10, 40, 30) = 30 = d, so the SVD is
	// exact and projecting a training row reproduces its embedding.
	X := randomCSR(21, 40, 30, 0.15, false, false)
	E, s, err := LSA(context.Background(), X, 20, rand.NewPCG(8, 9))
	if err != nil {
		t.Fatal(err)
	}
	if n, r := E.Dense.Dims(); n != 40 || r != 20 {
		t.Fatalf("embedding is %d×%d, want 40×20", n, r)
	}
	for i := range X.NRows {
		row := E.RawRowView(i)
		norm := math.Sqrt(dot(row, row))
		empty := X.Indptr[i] == X.Indptr[i+1]
		if empty && norm != 0 || !empty && math.Abs(norm-1) > 1e-12 {
			t.Fatalf("row %d (empty %v) has norm %g", i, empty, norm)
		}
		p := s.Project(X.Row(i))
		var want []float64
		for k := range p {
			want = append(want, s.U.At(i, k)*s.S[k])
		}
		for k := range p {
			// 1e-10: exact decomposition, entries below 1.
			if math.Abs(p[k]-want[k]) > 1e-10 {
				t.Fatalf("row %d: Project = %v, U·S = %v", i, p, want)
			}
		}
		// The embedding is X·V normalised, computed with the same sums as
		// Project; only the final division rounds differently (1e-15).
		if pn := math.Sqrt(dot(p, p)); pn > 0 {
			for k := range p {
				if math.Abs(p[k]/pn-row[k]) > 1e-15 {
					t.Fatalf("row %d: normalised Project differs from embedding at %d: %g vs %g", i, k, p[k]/pn, row[k])
				}
			}
		}
	}
}

func dot(a, b []float64) float64 {
	var s float64
	for i := range a {
		s += a[i] * b[i]
	}
	return s
}

func TestMap2DTiny(t *testing.T) {
	t.Parallel()
	row := func(ind []int32, val []float32) sparse.Vector { return sparse.Vector{Ind: ind, Val: val} }
	tests := []struct {
		name string
		d    int
		rows []sparse.Vector
		// want, when set, is the exact layout (up to 1e-9).
		want [][2]float64
	}{
		{name: "none", d: 3, want: [][2]float64{}},
		{name: "one", d: 3, rows: []sparse.Vector{row([]int32{1}, []float32{1})}, want: [][2]float64{{0, 0}}},
		// Two distinct rows sit symmetric on the first axis at unit RMS.
		{name: "two", d: 3, rows: []sparse.Vector{row([]int32{0}, []float32{1}), row([]int32{2}, []float32{1})}},
		{name: "two equal", d: 2, rows: []sparse.Vector{row([]int32{0}, []float32{1}), row([]int32{0}, []float32{1})}, want: [][2]float64{{0, 0}, {0, 0}}},
		{name: "three", d: 4, rows: []sparse.Vector{
			row([]int32{0}, []float32{1}), row([]int32{1, 2}, []float32{0.6, 0.8}), row([]int32{3}, []float32{1}),
		}},
		{name: "one column", d: 1, rows: []sparse.Vector{row([]int32{0}, []float32{1}), row(nil, nil), row([]int32{0}, []float32{1})}},
		{name: "no values", d: 5, rows: []sparse.Vector{row(nil, nil), row(nil, nil)}, want: [][2]float64{{0, 0}, {0, 0}}},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			t.Parallel()
			b := sparse.NewBuilder(tc.d)
			for _, r := range tc.rows {
				b.Append(r)
			}
			got, err := Map2D(context.Background(), b.CSR(), rand.NewPCG(1, 1))
			if err != nil {
				t.Fatal(err)
			}
			if len(got) != len(tc.rows) {
				t.Fatalf("got %d points for %d rows", len(got), len(tc.rows))
			}
			var ss float64
			for _, p := range got {
				if math.IsNaN(p[0]) || math.IsNaN(p[1]) || math.IsInf(p[0], 0) || math.IsInf(p[1], 0) {
					t.Fatalf("non-finite point in %v", got)
				}
				ss += p[0]*p[0] + p[1]*p[1]
			}
			if tc.want != nil {
				for i := range tc.want {
					if math.Abs(got[i][0]-tc.want[i][0]) > 1e-9 || math.Abs(got[i][1]-tc.want[i][1]) > 1e-9 {
						t.Fatalf("got %v, want %v", got, tc.want)
					}
				}
				return
			}
			// Otherwise the points are spread: unit RMS radius.
			if rms := math.Sqrt(ss / float64(len(got))); math.Abs(rms-1) > 1e-9 {
				t.Fatalf("RMS radius %g, want 1 (%v)", rms, got)
			}
			if tc.name == "two" && (math.Abs(got[0][0]+got[1][0]) > 1e-9 || math.Abs(math.Abs(got[0][0])-1) > 1e-9 || math.Abs(got[0][1]) > 1e-9) {
				t.Fatalf("two rows at %v, want (±1, 0)", got)
			}
		})
	}
}

// TestMap2DSeparatesClusters plants three groups of documents with disjoint
// vocabularies plus shared common words, and checks that each group's
// centre lies farther from the other centres than twice the group's own
// RMS spread: well-separated blobs, not one crowded axis.
func TestMap2DSeparatesClusters(t *testing.T) {
	t.Parallel()
	const groups, per, d = 3, 40, 90
	rng := rand.New(rand.NewPCG(13, 14))
	b := sparse.NewBuilder(d)
	for i := range groups * per {
		g := i % groups
		w := make([]float32, d)
		for range 12 {
			w[g*25+rng.IntN(25)] += 1 // topic words: columns 25g..25g+24
			w[75+rng.IntN(15)] += 0.5 // common words: columns 75..89
		}
		var v sparse.Vector
		for j, x := range w {
			if x > 0 {
				v.Ind = append(v.Ind, int32(j))
				v.Val = append(v.Val, x)
			}
		}
		normalize(v)
		b.Append(v)
	}
	X := b.CSR()
	pts, err := Map2D(context.Background(), X, rand.NewPCG(1, 2))
	if err != nil {
		t.Fatal(err)
	}
	var centre [groups][2]float64
	for i, p := range pts {
		centre[i%groups][0] += p[0] / per
		centre[i%groups][1] += p[1] / per
	}
	var spread [groups]float64
	for i, p := range pts {
		c := centre[i%groups]
		spread[i%groups] += ((p[0]-c[0])*(p[0]-c[0]) + (p[1]-c[1])*(p[1]-c[1])) / per
	}
	for g := range groups {
		for h := range groups {
			if g == h {
				continue
			}
			dist := math.Hypot(centre[g][0]-centre[h][0], centre[g][1]-centre[h][1])
			if dist < 2*math.Sqrt(spread[g]) {
				t.Errorf("groups %d and %d: centres %.3f apart, spread of %d is %.3f", g, h, dist, g, math.Sqrt(spread[g]))
			}
		}
	}
	again, err := Map2D(context.Background(), X, rand.NewPCG(1, 2))
	if err != nil {
		t.Fatal(err)
	}
	if !reflect.DeepEqual(pts, again) {
		t.Fatal("Map2D is not deterministic for a given source")
	}
}

func ExampleRandomizedSVD() {
	// Rows 0 and 1 share a direction; row 2 is orthogonal to both.
	b := sparse.NewBuilder(3)
	b.Append(sparse.Vector{Ind: []int32{0, 1}, Val: []float32{3, 4}})
	b.Append(sparse.Vector{Ind: []int32{0, 1}, Val: []float32{3, 4}})
	b.Append(sparse.Vector{Ind: []int32{2}, Val: []float32{2}})
	s, err := RandomizedSVD(context.Background(), b.CSR(), 2, 1, 2, rand.NewPCG(1, 2))
	if err != nil {
		panic(err)
	}
	fmt.Println("S =", round2(s.S))
	fmt.Println("V[:,0] =", round2(mat.Col(nil, 0, s.V)))
	// Output:
	// S = [7.07 2]
	// V[:,0] = [0.6 0.8 0]
}

func ExampleLSA() {
	b := sparse.NewBuilder(4)
	b.Append(sparse.Vector{Ind: []int32{0, 1}, Val: []float32{0.6, 0.8}})
	b.Append(sparse.Vector{Ind: []int32{0, 1}, Val: []float32{0.8, 0.6}})
	b.Append(sparse.Vector{Ind: []int32{2, 3}, Val: []float32{0.6, 0.8}})
	E, s, err := LSA(context.Background(), b.CSR(), 2, rand.NewPCG(1, 2))
	if err != nil {
		panic(err)
	}
	for i := range 3 {
		fmt.Println(round2(E.RawRowView(i)))
	}
	// A new article about term 0 lands near rows 0 and 1.
	fmt.Println(round2(s.Project(sparse.Vector{Ind: []int32{0}, Val: []float32{1}})))
	// Output:
	// [1 0]
	// [1 0]
	// [0 1]
	// [0.71 0]
}

func ExampleMap2D() {
	b := sparse.NewBuilder(2)
	b.Append(sparse.Vector{Ind: []int32{0}, Val: []float32{1}})
	b.Append(sparse.Vector{Ind: []int32{1}, Val: []float32{1}})
	pts, err := Map2D(context.Background(), b.CSR(), rand.NewPCG(1, 2))
	if err != nil {
		panic(err)
	}
	for _, p := range pts {
		fmt.Println(round2(p[:]))
	}
	// Output:
	// [-1 0]
	// [1 0]
}

// round2 rounds to two decimals for example output, printing −0 as 0.
func round2(x []float64) []float64 {
	out := make([]float64, len(x))
	for i, v := range x {
		out[i] = math.Round(v*100)/100 + 0 // + 0 turns −0 into 0
	}
	return out
}

func BenchmarkRandomizedSVD(b *testing.B) {
	for _, n := range []int{10000} {
		X := synthCorpus(n, 20000, 100, 1)
		for _, r := range []int{100} {
			b.Run(fmt.Sprintf("docs=%d/r=%d", n, r), func(b *testing.B) {
				b.ReportAllocs()
				b.SetBytes(int64(X.NNZ()) * 8) // int32 index + float32 value per stored entry
				for b.Loop() {
					if _, err := RandomizedSVD(context.Background(), X, r, 10, 5, rand.NewPCG(1, 2)); err != nil {
						b.Fatal(err)
					}
				}
			})
		}
	}
}

// TestRandomizedSVDFloat32Path compares the float32 power iterations with
// the same algorithm in float64 (the same Ω) on a corpus-like matrix whose
// X·Ω is well conditioned, so that the float32 path is taken (checked).
func TestRandomizedSVDFloat32Path(t *testing.T) {
	t.Parallel()
	const r, p, q = 10, 10, 2
	X := synthCorpus(2000, 1500, 40, 9)
	l := r + p
	rng := rand.New(rand.NewPCG(7, 8))
	omega := mat.NewDense(X.NCols, l, nil)
	for i := range X.NCols {
		for j := range l {
			omega.Set(i, j, rng.NormFloat64())
		}
	}
	var Y mat.Dense
	Y.Mul(csrToDense(X), omega)
	if c := condition(&Y); !(c <= lowPrecMaxCond) {
		t.Fatalf("cond(X·Ω) = %g: this case does not take the float32 path", c)
	}
	ctx := context.Background()
	got, err := randomizedSVDPrec(ctx, X, r, p, q, rand.NewPCG(7, 8), nil, lowPrecMaxCond)
	if err != nil {
		t.Fatal(err)
	}
	want, err := randomizedSVDPrec(ctx, X, r, p, q, rand.NewPCG(7, 8), nil, -1)
	if err != nil {
		t.Fatal(err)
	}
	for k := range r {
		// 1e-6 relative to S[0]: float32 rounding (6e-8 relative) gives
		// slightly different starting bases, amplified at most by their
		// conditioning (κ ≤ 100, lowPrecMaxCond) in the weakest
		// directions; 2e-8 measured.
		if rel := math.Abs(got.S[k]-want.S[k]) / want.S[0]; rel > 1e-6 {
			t.Errorf("S[%d] = %.12g, float64 path %.12g", k, got.S[k], want.S[k])
		}
	}
	checkOrthonormal(t, "U", got.U)
	checkOrthonormal(t, "V", got.V)
	// 1e-4: the same perturbation of the starting bases, further divided
	// by the relative gaps of the singular values; 1.2e-5 measured.
	if g := projectorGap(got.V, want.V); g > 1e-4 {
		t.Errorf("V subspace differs: ‖PV − PV'‖ = %g", g)
	}
}
