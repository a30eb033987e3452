package cluster

import (
	"cmp"
	"context"
	"errors"
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

// randomCSR returns an n × d matrix with about density·d stored entries per
// row, rows scaled to unit length; every 7th row is empty. With binary set,
// every stored value of a row is equal, which makes equal cosines (ties)
// common. With signed set, values may be negative.
func randomCSR(seed uint64, n, d int, density float64, binary, signed bool) *sparse.CSR {
	rng := rand.New(rand.NewPCG(seed, 1))
	b := sparse.NewBuilder(d)
	for i := range n {
		var v sparse.Vector
		if i%7 != 3 {
			for j := range d {
				if rng.Float64() < density {
					v.Ind = append(v.Ind, int32(j))
					x := float32(1)
					if !binary {
						x = float32(rng.Float64() + 0.05)
					}
					if signed && rng.IntN(3) == 0 {
						x = -x
					}
					v.Val = append(v.Val, x)
				}
			}
		}
		normalize(v)
		b.Append(v)
	}
	return b.CSR()
}

// normalize scales v to unit length in float32, as vectorize does.
func normalize(v sparse.Vector) {
	var ss float64
	for _, x := range v.Val {
		ss += float64(x) * float64(x)
	}
	if ss == 0 {
		return
	}
	inv := 1 / math.Sqrt(ss)
	for k := range v.Val {
		v.Val[k] = float32(float64(v.Val[k]) * inv)
	}
}

// bruteNeighbors is the definition Neighbors must meet: every other row with
// a positive sparse.Dot, best first, ties by row, at most k.
func bruteNeighbors(X *sparse.CSR, k int) [][]Neighbor {
	out := make([][]Neighbor, X.NRows)
	for i := range X.NRows {
		nb := []Neighbor{}
		for r := range X.NRows {
			if c := sparse.Dot(X.Row(i), X.Row(r)); r != i && c > 0 {
				nb = append(nb, Neighbor{r, c})
			}
		}
		slices.SortFunc(nb, func(a, b Neighbor) int {
			if a.Cosine != b.Cosine {
				return cmp.Compare(b.Cosine, a.Cosine)
			}
			return cmp.Compare(a.Row, b.Row)
		})
		out[i] = nb[:min(k, len(nb))]
	}
	return out
}

func TestNeighborsMatchesBruteForce(t *testing.T) {
	t.Parallel()
	tests := []struct {
		name           string
		n, d, k        int
		density        float64
		binary, signed bool
	}{
		{name: "empty", n: 0, d: 10, k: 3, density: 0.3},
		{name: "one row", n: 1, d: 10, k: 3, density: 0.5},
		{name: "k above n", n: 12, d: 15, k: 50, density: 0.3},
		{name: "weights", n: 300, d: 80, k: 10, density: 0.05},
		// Binary rows of 1..8 terms give many exactly equal cosines.
		{name: "ties", n: 300, d: 40, k: 7, density: 0.08, binary: true},
		// Negative weights: rows with cosine <= 0 must be left out.
		{name: "signed", n: 200, d: 30, k: 15, density: 0.15, signed: true},
		// 1000 rows span 16 blocks of 64, so several workers take part.
		{name: "many blocks", n: 1000, d: 200, k: 20, density: 0.02},
	}
	for i, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			t.Parallel()
			X := randomCSR(uint64(i+1), tc.n, tc.d, tc.density, tc.binary, tc.signed)
			got, err := Neighbors(context.Background(), X, tc.k)
			if err != nil {
				t.Fatal(err)
			}
			want := bruteNeighbors(X, tc.k)
			if !reflect.DeepEqual(got, want) {
				for r := range want {
					if !reflect.DeepEqual(got[r], want[r]) {
						t.Fatalf("row %d:\n got %v\nwant %v", r, got[r], want[r])
					}
				}
				t.Fatalf("got %d rows, want %d", len(got), len(want))
			}
		})
	}
}

// TestNeighborsTies checks the tie rule on a hand-made case: rows 1, 2 and 4
// are the same vector, so row 0 sees three equal cosines.
func TestNeighborsTies(t *testing.T) {
	t.Parallel()
	b := sparse.NewBuilder(3)
	s := float32(1 / math.Sqrt2)
	b.Append(sparse.Vector{Ind: []int32{0, 1}, Val: []float32{s, s}})
	b.Append(sparse.Vector{Ind: []int32{0}, Val: []float32{1}})
	b.Append(sparse.Vector{Ind: []int32{0}, Val: []float32{1}})
	b.Append(sparse.Vector{Ind: []int32{2}, Val: []float32{1}})
	b.Append(sparse.Vector{Ind: []int32{0}, Val: []float32{1}})
	got, err := Neighbors(context.Background(), b.CSR(), 2)
	if err != nil {
		t.Fatal(err)
	}
	c := float64(s)
	want := [][]Neighbor{
		{{1, c}, {2, c}},
		{{2, 1}, {4, 1}},
		{{1, 1}, {4, 1}},
		{},
		{{1, 1}, {2, 1}},
	}
	if !reflect.DeepEqual(got, want) {
		t.Fatalf("got %v, want %v", got, want)
	}
}

// TestNeighborsGOMAXPROCS changes a process-wide setting, so it does not run
// in parallel with other tests.
func TestNeighborsGOMAXPROCS(t *testing.T) {
	X := randomCSR(42, 2000, 300, 0.02, false, false)
	defer runtime.GOMAXPROCS(runtime.GOMAXPROCS(0))
	var first [][]Neighbor
	for _, procs := range []int{1, 2, 5} {
		runtime.GOMAXPROCS(procs)
		got, err := Neighbors(context.Background(), X, 10)
		if err != nil {
			t.Fatal(err)
		}
		if first == nil {
			first = got
		} else if !reflect.DeepEqual(got, first) {
			t.Fatalf("GOMAXPROCS=%d changed the result", procs)
		}
	}
}

func TestNeighborsCancelled(t *testing.T) {
	t.Parallel()
	ctx, cancel := context.WithCancel(context.Background())
	cancel()
	X := randomCSR(5, 200, 50, 0.1, false, false)
	if _, err := Neighbors(ctx, X, 5); !errors.Is(err, context.Canceled) {
		t.Fatalf("err = %v, want context.Canceled", err)
	}
}

func TestNeighborsPanics(t *testing.T) {
	t.Parallel()
	X := randomCSR(5, 10, 5, 0.5, false, false)
	for name, f := range map[string]func(){
		"Neighbors k=0":   func() { _, _ = Neighbors(context.Background(), X, 0) },
		"NeighborsOf k=0": func() { NeighborsOf(NewIndex(X), X.Row(0), 0) },
		"column too big": func() {
			NeighborsOf(NewIndex(X), sparse.Vector{Ind: []int32{5}, Val: []float32{1}}, 1)
		},
	} {
		t.Run(name, func(t *testing.T) {
			t.Parallel()
			defer func() {
				if recover() == nil {
					t.Fatal("no panic")
				}
			}()
			f()
		})
	}
}

// TestNeighborsOf queries each corpus row against the index: the answer for
// k+1 is the row itself (cosine 1 for a unit row, unless an identical row
// sorts first) plus exactly what Neighbors reports for k.
func TestNeighborsOf(t *testing.T) {
	t.Parallel()
	X := randomCSR(9, 400, 60, 0.06, true, false)
	const k = 6
	all, err := Neighbors(context.Background(), X, k)
	if err != nil {
		t.Fatal(err)
	}
	ix := NewIndex(X)
	if ix.Rows() != X.NRows || ix.Dims() != X.NCols {
		t.Fatalf("index is %d×%d, want %d×%d", ix.Rows(), ix.Dims(), X.NRows, X.NCols)
	}
	for i := range X.NRows {
		got := NeighborsOf(ix, X.Row(i), k+1)
		if X.Indptr[i] == X.Indptr[i+1] {
			if len(got) != 0 {
				t.Fatalf("empty row %d has neighbours %v", i, got)
			}
			continue
		}
		self := slices.IndexFunc(got, func(nb Neighbor) bool { return nb.Row == i })
		if self < 0 {
			t.Fatalf("row %d: itself missing from %v", i, got)
		}
		got = slices.Delete(got, self, self+1)
		if !reflect.DeepEqual(got, all[i][:min(k, len(all[i]))]) {
			t.Fatalf("row %d: NeighborsOf %v, Neighbors %v", i, got, all[i])
		}
	}
}

func TestAllPairs(t *testing.T) {
	t.Parallel()
	for _, n := range []int{0, 1, 2, 37} {
		t.Run(fmt.Sprint("n=", n), func(t *testing.T) {
			t.Parallel()
			X := randomCSR(uint64(n), n, 20, 0.2, false, true)
			got := AllPairs(X)
			want := []Pair{}
			for a := range n {
				for b := a + 1; b < n; b++ {
					want = append(want, Pair{a, b, sparse.Dot(X.Row(a), X.Row(b))})
				}
			}
			if !reflect.DeepEqual(got, want) {
				t.Fatalf("got %v\nwant %v", got, want)
			}
		})
	}
}

// TestDistinctiveManyColumns checks the selection of the n best among many
// candidate columns (a heap when n is small against them) against a full
// sort, with tied scores, for n from 0 to more than the candidates.
func TestDistinctiveManyColumns(t *testing.T) {
	t.Parallel()
	rng := rand.New(rand.NewPCG(9, 10))
	const K, d = 4, 3000
	C := mat.NewDense(K, d, nil)
	for k := range K {
		for j := range d {
			if rng.IntN(3) > 0 {
				C.Set(k, j, float64(rng.IntN(8))/8) // few values: many ties
			}
		}
	}
	for c := range K {
		var want []int
		score := func(j int) float64 {
			var others float64
			for k := range K {
				if k != c {
					others += C.At(k, j)
				}
			}
			return C.At(c, j) - others/float64(K-1)
		}
		for j := range d {
			if C.At(c, j) > 0 {
				want = append(want, j)
			}
		}
		slices.SortStableFunc(want, func(a, b int) int { return cmp.Compare(score(b), score(a)) })
		for _, n := range []int{0, 1, 7, 100, len(want), d + 1} {
			cols, _ := Distinctive(C, c, n)
			if !slices.Equal(cols, want[:min(n, len(want))]) {
				t.Fatalf("cluster %d, n=%d: Distinctive differs from a full sort", c, n)
			}
		}
	}
}

func TestDistinctive(t *testing.T) {
	t.Parallel()
	// Column 1 is a common term weighted 0.6 in every centroid; column 3 is
	// planted in cluster 1 only (0.5, below the common term's 0.6); column
	// 2 is absent from cluster 1 and column 4 is shared by clusters 0 and 1.
	C := mat.NewDense(3, 5, []float64{
		0.1, 0.6, 0.3, 0.0, 0.2,
		0.1, 0.6, 0.0, 0.5, 0.2,
		0.3, 0.6, 0.3, 0.0, 0.0,
	})
	tests := []struct {
		name       string
		C          *mat.Dense
		c, n       int
		wantCols   []int
		wantScores []float64
	}{
		// Scores: col 3: 0.5-0 = 0.5; col 4: 0.2-0.1 = 0.1; col 1: 0;
		// col 0: 0.1-0.2 = -0.1; col 2 has no weight in cluster 1.
		{"planted", C, 1, 2, []int{3, 4}, []float64{0.5, 0.2 - 0.1}},
		{"all candidates", C, 1, 10, []int{3, 4, 1, 0}, []float64{0.5, 0.2 - 0.1, 0, 0.1 - 0.2}},
		// Cluster 2: col 2: 0.3-0.15 = 0.15, col 0: 0.3-0.1 = 0.2; col 1: 0.
		{"other cluster", C, 2, 3, []int{0, 2, 1}, []float64{0.3 - 0.1, 0.3 - 0.15, 0}},
		{"n=0", C, 0, 0, []int{}, []float64{}},
		// One centroid: the score is its own weight; equal weights order by column.
		{"single centroid", mat.NewDense(1, 4, []float64{0.5, 0.5, 0, 0.7}), 0, 3, []int{3, 0, 1}, []float64{0.7, 0.5, 0.5}},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			t.Parallel()
			cols, scores := Distinctive(tc.C, tc.c, tc.n)
			if !reflect.DeepEqual(cols, tc.wantCols) {
				t.Fatalf("cols = %v, want %v", cols, tc.wantCols)
			}
			for i := range scores {
				if math.Abs(scores[i]-tc.wantScores[i]) > 1e-15 {
					t.Fatalf("scores = %v, want %v", scores, tc.wantScores)
				}
			}
			if len(scores) != len(tc.wantScores) {
				t.Fatalf("scores = %v, want %v", scores, tc.wantScores)
			}
		})
	}
}

func TestRepresentatives(t *testing.T) {
	t.Parallel()
	res := &KMeansResult{
		Labels: []int{0, 1, 0, 0, 1, 0, 3},
		Sims:   []float64{0.5, 0.9, 0.8, 0.5, 0.95, 0.7, 1},
		Sizes:  []int{4, 2, 0, 1},
	}
	tests := []struct {
		n    int
		want [][]int
	}{
		// Cluster 0: 0.8 (row 2), 0.7 (row 5), then rows 0 and 3 tie at 0.5.
		{2, [][]int{{2, 5}, {4, 1}, {}, {6}}},
		{10, [][]int{{2, 5, 0, 3}, {4, 1}, {}, {6}}},
		{0, [][]int{{}, {}, {}, {}}},
	}
	for _, tc := range tests {
		t.Run(fmt.Sprint("n=", tc.n), func(t *testing.T) {
			t.Parallel()
			if got := Representatives(res, tc.n); !reflect.DeepEqual(got, tc.want) {
				t.Fatalf("got %v, want %v", got, tc.want)
			}
		})
	}
}

func ExampleNeighbors() {
	b := sparse.NewBuilder(3)
	b.Append(sparse.Vector{Ind: []int32{0, 1}, Val: []float32{0.6, 0.8}})
	b.Append(sparse.Vector{Ind: []int32{0}, Val: []float32{1}})
	b.Append(sparse.Vector{Ind: []int32{1, 2}, Val: []float32{0.8, 0.6}})
	nb, err := Neighbors(context.Background(), b.CSR(), 2)
	if err != nil {
		panic(err)
	}
	for i, row := range nb {
		fmt.Print(i, ":")
		for _, n := range row {
			fmt.Printf(" %d (%.2f)", n.Row, n.Cosine)
		}
		fmt.Println()
	}
	// Output:
	// 0: 2 (0.64) 1 (0.60)
	// 1: 0 (0.60)
	// 2: 0 (0.64)
}

func ExampleNeighborsOf() {
	b := sparse.NewBuilder(3)
	b.Append(sparse.Vector{Ind: []int32{0, 1}, Val: []float32{0.6, 0.8}})
	b.Append(sparse.Vector{Ind: []int32{0}, Val: []float32{1}})
	b.Append(sparse.Vector{Ind: []int32{2}, Val: []float32{1}})
	ix := NewIndex(b.CSR())
	fmt.Println(NeighborsOf(ix, sparse.Vector{Ind: []int32{0}, Val: []float32{1}}, 5))
	// Output:
	// [{1 1} {0 0.6000000238418579}]
}

func ExampleAllPairs() {
	b := sparse.NewBuilder(2)
	b.Append(sparse.Vector{Ind: []int32{0}, Val: []float32{1}})
	b.Append(sparse.Vector{Ind: []int32{0, 1}, Val: []float32{0.5, 0.75}})
	b.Append(sparse.Vector{Ind: []int32{1}, Val: []float32{1}})
	for _, p := range AllPairs(b.CSR()) {
		fmt.Printf("%d-%d %.2f\n", p.A, p.B, p.Cosine)
	}
	// Output:
	// 0-1 0.50
	// 0-2 0.00
	// 1-2 0.75
}

func ExampleDistinctive() {
	centroids := mat.NewDense(2, 3, []float64{
		0.7, 0.7, 0.1, // cluster 0: terms 0 and 1
		0.1, 0.7, 0.7, // cluster 1: terms 1 and 2
	})
	cols, scores := Distinctive(centroids, 1, 2)
	fmt.Println(cols)
	fmt.Printf("%.1f\n", scores)
	// Output:
	// [2 1]
	// [0.6 0.0]
}

func ExampleRepresentatives() {
	res := &KMeansResult{
		Labels: []int{0, 0, 1, 0},
		Sims:   []float64{0.7, 0.9, 1.0, 0.8},
	}
	fmt.Println(Representatives(res, 2))
	// Output:
	// [[1 3] [2]]
}

// synthCorpus returns n unit rows over d columns that look like TF-IDF
// rows of news articles: 20 topics, each row ~terms distinct columns, half
// drawn from its topic's own slice of the vocabulary and half from a Zipf
// distribution over the whole vocabulary (common words).
func synthCorpus(n, d, terms int, seed uint64) *sparse.CSR {
	rng := rand.New(rand.NewPCG(seed, 2))
	zipf := rand.NewZipf(rng, 1.1, 20, uint64(d-1))
	const topics = 20
	span := d / topics
	b := sparse.NewBuilder(d)
	w := make(map[int32]float32)
	for i := range n {
		clear(w)
		topic := i % topics
		for t := range terms {
			var j int
			if t%2 == 0 {
				j = topic*span + rng.IntN(span)
			} else {
				j = int(zipf.Uint64())
			}
			w[int32(j)] += float32(1 + rng.Float64())
		}
		v := sparse.Vector{}
		for j := range w {
			v.Ind = append(v.Ind, j)
		}
		slices.Sort(v.Ind)
		for _, j := range v.Ind {
			v.Val = append(v.Val, w[j])
		}
		normalize(v)
		b.Append(v)
	}
	return b.CSR()
}

// BenchmarkNeighbors compares the exact search with the approximate one
// (NearestNeighbors' default above DefaultExactMax rows). The exact search
// at 100,000 rows takes minutes and is left out.
func BenchmarkNeighbors(b *testing.B) {
	for _, n := range []int{10000, 100000} {
		X := synthCorpus(n, 20000, 100, 1)
		for _, m := range []struct {
			name   string
			method NeighborMethod
		}{{"exact", NeighborsExact}, {"approx", NeighborsApprox}} {
			if n > 10000 && m.method == NeighborsExact {
				continue
			}
			b.Run(fmt.Sprintf("docs=%d/%s", n, m.name), func(b *testing.B) {
				b.ReportAllocs()
				b.SetBytes(int64(X.NNZ()) * 8) // stored entries: int32 column + float32 weight
				for b.Loop() {
					if _, err := NearestNeighbors(context.Background(), X, 20, NeighborOptions{Method: m.method}); err != nil {
						b.Fatal(err)
					}
				}
			})
		}
	}
}
