package cluster

import (
	"bufio"
	"compress/gzip"
	"context"
	"encoding/json"
	"fmt"
	"io"
	"math"
	"math/rand/v2"
	"os"
	"runtime"
	"slices"
	"strings"
	"sync"
	"testing"
	"time"

	"newsclust/bench/cputime"
	"newsclust/vectorize"
	"newsclust/vectorize/sparse"
)

// corpusTFIDF reads a JSONL corpus (gzipped when the name ends in .gz) of
// {title, text} objects and returns its TF-IDF rows as the analyze command
// builds them by default (sublinear tf, min-df 2, max-df 0.5), with empty
// rows dropped, and the labels. It skips the test when the file is absent.
// At most limit documents are read when limit > 0.
func corpusTFIDF(tb testing.TB, path string, limit int) (*sparse.CSR, []string) {
	tb.Helper()
	key := fmt.Sprint(path, limit)
	corpusCache.Lock()
	defer corpusCache.Unlock()
	if c, ok := corpusCache.m[key]; ok {
		return c.X, c.labels
	}
	f, err := os.Open(path)
	if os.IsNotExist(err) {
		tb.Skipf("corpus %s absent", path)
	}
	if err != nil {
		tb.Fatal(err)
	}
	defer f.Close()
	var r io.Reader = f
	if strings.HasSuffix(path, ".gz") {
		gz, err := gzip.NewReader(f)
		if err != nil {
			tb.Fatal(err)
		}
		r = gz
	}
	sc := bufio.NewScanner(r)
	sc.Buffer(make([]byte, 1<<20), 64<<20)
	var texts, labels []string
	for sc.Scan() && (limit <= 0 || len(texts) < limit) {
		var d struct{ Label, Title, Text string }
		if err := json.Unmarshal(sc.Bytes(), &d); err != nil {
			tb.Fatal(err)
		}
		texts = append(texts, d.Title+"\n\n"+d.Text)
		labels = append(labels, d.Label)
	}
	if err := sc.Err(); err != nil {
		tb.Fatal(err)
	}
	_, X, err := vectorize.Fit(context.Background(), texts, vectorize.Options{Sublinear: true, MinDF: 2, MaxDF: 0.5})
	if err != nil {
		tb.Fatal(err)
	}
	b := sparse.NewBuilder(X.NCols)
	var kept []string
	for i := range X.NRows {
		if X.Indptr[i+1] > X.Indptr[i] {
			b.Append(X.Row(i))
			kept = append(kept, labels[i])
		}
	}
	X = b.CSR()
	corpusCache.m[key] = cachedCorpus{X, kept}
	return X, kept
}

type cachedCorpus struct {
	X      *sparse.CSR
	labels []string
}

var corpusCache = struct {
	sync.Mutex
	m map[string]cachedCorpus
}{m: map[string]cachedCorpus{}}

// annStats compares approximate lists with exact ones for the given rows:
// recall@k (the share of exact neighbours found) and how many exact
// neighbours with cosine >= 0.8 were missed.
func annStats(exact, approx [][]Neighbor) (recall float64, dupMissed, dups int) {
	var found, total int
	for i := range exact {
		got := map[int]bool{}
		for _, nb := range approx[i] {
			got[nb.Row] = true
		}
		for _, nb := range exact[i] {
			total++
			if got[nb.Row] {
				found++
			}
			if nb.Cosine >= 0.8 {
				dups++
				if !got[nb.Row] {
					dupMissed++
				}
			}
		}
	}
	if total == 0 {
		return 1, dupMissed, dups
	}
	return float64(found) / float64(total), dupMissed, dups
}

// checkApproxLists checks what holds for any approximate answer: lists
// sorted best first, no self, cosines equal to sparse.Dot bit for bit.
func checkApproxLists(t *testing.T, X *sparse.CSR, nb [][]Neighbor, k int) {
	t.Helper()
	for i, list := range nb {
		if len(list) > k {
			t.Fatalf("row %d: %d neighbours, want at most %d", i, len(list), k)
		}
		for p, n := range list {
			if n.Row == i {
				t.Fatalf("row %d is its own neighbour", i)
			}
			if want := sparse.Dot(X.Row(i), X.Row(n.Row)); n.Cosine != want || want <= 0 {
				t.Fatalf("row %d neighbour %d: cosine %v, sparse.Dot %v", i, n.Row, n.Cosine, want)
			}
			if p > 0 && worse(list[p-1], n) {
				t.Fatalf("row %d: neighbours out of order at %d", i, p)
			}
		}
	}
}

func TestNearestNeighborsSmallIsExact(t *testing.T) {
	t.Parallel()
	X := synthCorpus(600, 3000, 60, 7)
	want, err := Neighbors(context.Background(), X, 10)
	if err != nil {
		t.Fatal(err)
	}
	for _, m := range []NeighborMethod{NeighborsAuto, NeighborsExact} {
		got, err := NearestNeighbors(context.Background(), X, 10, NeighborOptions{Method: m})
		if err != nil {
			t.Fatal(err)
		}
		if !slices.EqualFunc(got, want, slices.Equal) {
			t.Errorf("method %d: differs from Neighbors on %d rows (≤ DefaultExactMax)", m, X.NRows)
		}
	}
}

func TestApproxNeighborsSynthetic(t *testing.T) {
	t.Parallel()
	X := synthCorpus(3000, 6000, 80, 3)
	exact, err := Neighbors(context.Background(), X, 20)
	if err != nil {
		t.Fatal(err)
	}
	// Unlimited options visit every column of every row: candidates are
	// all rows sharing a column, so the answer is exact.
	full := NeighborOptions{Method: NeighborsApprox, IndexTerms: 1 << 20, QueryTerms: 1 << 20, PostingLimit: 1 << 30, Candidates: X.NRows}
	got, err := NearestNeighbors(context.Background(), X, 20, full)
	if err != nil {
		t.Fatal(err)
	}
	if !slices.EqualFunc(got, exact, slices.Equal) {
		t.Error("unpruned approximate search differs from the exact one")
	}
	approx, err := NearestNeighbors(context.Background(), X, 20, NeighborOptions{Method: NeighborsApprox})
	if err != nil {
		t.Fatal(err)
	}
	checkApproxLists(t, X, approx, 20)
	// synthCorpus rows share topic columns evenly, so many neighbours are
	// near ties; recall of the default settings there was 0.958 with the
	// first defaults (48/48/300/250) and 0.915 with the current ones
	// (every column/24/800/150, tuned on 20 Newsgroups and s200k); 0.9
	// still catches a broken search (candidates picked at random within
	// the topic would score about 20/150).
	r, _, _ := annStats(exact, approx)
	t.Logf("synthCorpus recall@20 %.4f", r)
	if r < 0.9 {
		t.Errorf("recall@20 = %.3f, want >= 0.9", r)
	}
}

func TestApproxNeighborsNearDuplicates(t *testing.T) {
	t.Parallel()
	// Every third row is a slightly perturbed copy of the row before, so
	// it has cosine > 0.8 with it; all such pairs must be found.
	base := synthCorpus(4000, 8000, 80, 5)
	rng := rand.New(rand.NewPCG(5, 9))
	b := sparse.NewBuilder(base.NCols)
	for i := range base.NRows {
		v := base.Row(i)
		if i%3 == 2 {
			prev := base.Row(i - 1)
			v = sparse.Vector{Ind: slices.Clone(prev.Ind), Val: slices.Clone(prev.Val)}
			for t := range v.Val {
				v.Val[t] *= float32(0.8 + 0.4*rng.Float64())
			}
			normalize(v)
		}
		b.Append(v)
	}
	X := b.CSR()
	nb, err := NearestNeighbors(context.Background(), X, 20, NeighborOptions{Method: NeighborsApprox})
	if err != nil {
		t.Fatal(err)
	}
	for i := 2; i < X.NRows; i += 3 {
		c := sparse.Dot(X.Row(i), X.Row(i-1))
		if c < 0.8 {
			t.Fatalf("rows %d,%d: cosine %.3f, the test needs >= 0.8", i-1, i, c)
		}
		if !slices.ContainsFunc(nb[i], func(n Neighbor) bool { return n.Row == i-1 }) ||
			!slices.ContainsFunc(nb[i-1], func(n Neighbor) bool { return n.Row == i }) {
			t.Fatalf("near-duplicate rows %d,%d (cosine %.3f) not neighbours of each other", i-1, i, c)
		}
	}
}

// TestApproxNeighborsWindows checks that the windows change only the work:
// with one row per window no pair is shared (every candidate is rescored
// by its own query, as without windows), with the whole matrix in one
// window every mutual pair is rescored once, and windows that cut the
// rows anywhere in between give the same lists.
func TestApproxNeighborsWindows(t *testing.T) {
	t.Parallel()
	X := synthCorpus(3000, 6000, 80, 13)
	opts := NeighborOptions{Method: NeighborsApprox}.withDefaults(20)
	want, err := approxNeighborsWindow(context.Background(), X, 20, opts, 1)
	if err != nil {
		t.Fatal(err)
	}
	checkApproxLists(t, X, want, 20)
	for _, window := range []int{2, 777, 1000, X.NRows, 1 << 16} {
		got, err := approxNeighborsWindow(context.Background(), X, 20, opts, window)
		if err != nil {
			t.Fatal(err)
		}
		if !slices.EqualFunc(got, want, slices.Equal) {
			t.Errorf("windows of %d rows give other neighbours than windows of one row", window)
		}
	}
}

func TestApproxNeighborsGOMAXPROCS(t *testing.T) {
	X := synthCorpus(2000, 5000, 60, 11)
	opts := NeighborOptions{Method: NeighborsApprox}
	defer runtime.GOMAXPROCS(runtime.GOMAXPROCS(1))
	one, err := NearestNeighbors(context.Background(), X, 15, opts)
	if err != nil {
		t.Fatal(err)
	}
	runtime.GOMAXPROCS(4)
	four, err := NearestNeighbors(context.Background(), X, 15, opts)
	if err != nil {
		t.Fatal(err)
	}
	if !slices.EqualFunc(one, four, slices.Equal) {
		t.Error("GOMAXPROCS 1 and 4 give different neighbours")
	}
}

func TestApproxNeighborsCancelled(t *testing.T) {
	t.Parallel()
	ctx, cancel := context.WithCancel(context.Background())
	cancel()
	X := synthCorpus(300, 1000, 20, 1)
	if _, err := NearestNeighbors(ctx, X, 5, NeighborOptions{Method: NeighborsApprox}); err != context.Canceled {
		t.Fatalf("err = %v, want context.Canceled", err)
	}
}

func TestNearestNeighborsPanics(t *testing.T) {
	t.Parallel()
	X := synthCorpus(10, 50, 5, 1)
	for name, f := range map[string]func(){
		"k=0":      func() { NearestNeighbors(context.Background(), X, 0, NeighborOptions{}) },
		"negative": func() { NearestNeighbors(context.Background(), X, 3, NeighborOptions{Candidates: -1}) },
		"method":   func() { NearestNeighbors(context.Background(), X, 3, NeighborOptions{Method: 9}) },
	} {
		t.Run(name, func(t *testing.T) {
			t.Parallel()
			defer func() {
				if r := recover(); r == nil || !strings.HasPrefix(fmt.Sprint(r), "cluster: ") {
					t.Errorf("recover() = %v, want a cluster: panic", r)
				}
			}()
			f()
		})
	}
}

// TestApproxNeighborsRecall20NG measures recall@20 of the default
// approximate search against the exact one on every row of 20 Newsgroups
// (the numbers in bench/results/neighbors.txt).
func TestApproxNeighborsRecall20NG(t *testing.T) {
	if testing.Short() {
		t.Skip("reads and vectorizes 20 Newsgroups")
	}
	X, _ := corpusTFIDF(t, "../../shared/corpora/20newsgroups.jsonl.gz", 0)
	ctx := context.Background()
	t0 := time.Now()
	exact, err := Neighbors(ctx, X, 20)
	if err != nil {
		t.Fatal(err)
	}
	te := time.Since(t0)
	t0 = time.Now()
	approx, err := NearestNeighbors(ctx, X, 20, NeighborOptions{Method: NeighborsApprox})
	if err != nil {
		t.Fatal(err)
	}
	ta := time.Since(t0)
	checkApproxLists(t, X, approx, 20)
	r, missed, dups := annStats(exact, approx)
	t.Logf("20NG %d rows, %d cols: exact %v, approx %v, recall@20 %.4f, pairs >= 0.8 missed %d of %d",
		X.NRows, X.NCols, te.Round(time.Millisecond), ta.Round(time.Millisecond), r, missed, dups)
	if r < 0.95 { // the goal set for the approximate search (issue 5)
		t.Errorf("recall@20 = %.4f, want >= 0.95", r)
	}
	if missed > 0 {
		t.Errorf("%d of %d near-duplicate neighbours (cosine >= 0.8) missed", missed, dups)
	}
}

func ExampleNearestNeighbors() {
	b := sparse.NewBuilder(3)
	b.Append(sparse.Vector{Ind: []int32{0, 1}, Val: []float32{0.6, 0.8}})
	b.Append(sparse.Vector{Ind: []int32{0}, Val: []float32{1}})
	b.Append(sparse.Vector{Ind: []int32{1, 2}, Val: []float32{0.8, 0.6}})
	// Forced approximate on three rows; each row is indexed and queried
	// through its single heaviest column.
	opts := NeighborOptions{Method: NeighborsApprox, IndexTerms: 1, QueryTerms: 1}
	nb, err := NearestNeighbors(context.Background(), b.CSR(), 2, opts)
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
	// 0: 2 (0.64)
	// 1:
	// 2: 0 (0.64)
}

// BenchmarkApproxNeighbors20NG times the default approximate search with
// k = 20 on every row of 20 Newsgroups as analyze vectorizes it (the case
// bench/results/neighbors.txt reports); it skips when the corpus is absent.
func BenchmarkApproxNeighbors20NG(b *testing.B) {
	X, _ := corpusTFIDF(b, "../../shared/corpora/20newsgroups.jsonl.gz", 0)
	b.ReportAllocs()
	b.SetBytes(int64(X.NNZ()) * 8) // stored entries: int32 column + float32 weight
	cpu0, ok := cputime.Process()
	for b.Loop() {
		if _, err := NearestNeighbors(context.Background(), X, 20, NeighborOptions{Method: NeighborsApprox}); err != nil {
			b.Fatal(err)
		}
	}
	if cpu1, ok1 := cputime.Process(); ok && ok1 {
		b.ReportMetric(float64(cpu1-cpu0)/float64(b.N), "cpu-ns/op")
	}
}

// TestPrunedIndexMatchesCutLists checks the heap-built index against the
// plain construction: every kept entry of a column, sorted heaviest first
// (ties to the lower row) and cut to L.
func TestPrunedIndexMatchesCutLists(t *testing.T) {
	t.Parallel()
	rng := rand.New(rand.NewPCG(7, 11))
	const n, d = 300, 40
	b := sparse.NewBuilder(d)
	for range n {
		var v sparse.Vector
		for j := range d {
			if rng.IntN(3) == 0 {
				// Few distinct weights, so that many ties are broken by row
				// or column.
				v.Ind = append(v.Ind, int32(j))
				v.Val = append(v.Val, float32(1+rng.IntN(4))/4)
			}
		}
		b.Append(v)
	}
	X := b.CSR()
	for _, c := range []struct{ m, L int }{
		{math.MaxInt, 5}, // lists cut (about 100 rows per column)
		{4, 7},           // rows pruned to their 4 heaviest, then lists cut
		{math.MaxInt, n}, // nothing cut
		{3, 1},
	} {
		t.Run(fmt.Sprintf("m=%d/L=%d", min(c.m, d), c.L), func(t *testing.T) {
			t.Parallel()
			ix, err := prunedIndex(context.Background(), X, c.m, c.L)
			if err != nil {
				t.Fatal(err)
			}
			lists := make([][]uint64, d)
			for i := range n {
				v := X.Row(i)
				pos, _ := heaviest(v, c.m, nil, nil)
				for _, p := range pos {
					j := v.Ind[p]
					lists[j] = append(lists[j], rankKey(v.Val[p], int32(i)))
				}
			}
			for j := range d {
				want := lists[j]
				slices.Sort(want)
				slices.Reverse(want)
				want = want[:min(len(want), c.L)]
				rows, vals := ix.column(int32(j))
				if len(rows) != len(want) {
					t.Fatalf("column %d: %d entries, want %d", j, len(rows), len(want))
				}
				for p, key := range want {
					if rows[p] != keyIndex(key) || vals[p] != keyWeight(key) {
						t.Fatalf("column %d entry %d: (%d, %v), want (%d, %v)", j, p, rows[p], vals[p], keyIndex(key), keyWeight(key))
					}
				}
			}
		})
	}
}

// TestDot2MatchesSparseDot checks the paired rescoring kernel against
// sparse.Dot bit for bit, on rows of unequal lengths (either the longer)
// and with weights of both signs, where the ±0 products of the columns
// the query lacks must leave each sum unchanged.
func TestDot2MatchesSparseDot(t *testing.T) {
	t.Parallel()
	rng := rand.New(rand.NewPCG(3, 5))
	const d = 200
	randRow := func() sparse.Vector {
		var v sparse.Vector
		for j := range d {
			if rng.IntN(4) == 0 {
				v.Ind = append(v.Ind, int32(j))
				v.Val = append(v.Val, float32(rng.NormFloat64()))
			}
		}
		return v
	}
	q := make([]float32, d)
	for range 300 {
		query, u, w := randRow(), randRow(), randRow()
		if rng.IntN(5) == 0 {
			w = sparse.Vector{} // an empty row
		}
		clear(q)
		for t, j := range query.Ind {
			q[j] = query.Val[t]
		}
		got1, got2 := dot2(q, u, w)
		want1, want2 := sparse.Dot(query, u), sparse.Dot(query, w)
		if math.Float64bits(got1) != math.Float64bits(want1) || math.Float64bits(got2) != math.Float64bits(want2) {
			t.Fatalf("dot2 = %v, %v; sparse.Dot = %v, %v", got1, got2, want1, want2)
		}
	}
}

// TestCandidatesMatchesSort checks step 4's choice against sorting: the c
// touched rows other than self with the highest positive partial score,
// ties to the lower row, for touched sets smaller and far larger than c,
// with many equal scores and zero scores, touched in random order.
func TestCandidatesMatchesSort(t *testing.T) {
	t.Parallel()
	rng := rand.New(rand.NewPCG(7, 8))
	const n = 5000
	X := &sparse.CSR{NRows: n, NCols: 1, Indptr: make([]int64, n+1)}
	s := newANNSearcher(X)
	for trial := range 300 {
		c := 1 + rng.IntN(200)
		touched := rng.Perm(n)[:rng.IntN(n)]
		levels := 1 + rng.IntN(50) // few levels: many ties
		s.touched = s.touched[:0]
		for _, r := range touched {
			s.touched = append(s.touched, int32(r))
			s.mark[r] = 1
			s.score[r] = float32(rng.IntN(levels)) / float32(levels) // zero included
		}
		self := int32(rng.IntN(n))
		var want []uint64
		for _, r := range s.touched {
			if sc := s.score[r]; sc > 0 && r != self {
				want = append(want, rankKey(sc, r))
			}
		}
		slices.Sort(want)
		slices.Reverse(want)
		want = want[:min(c, len(want))]
		got := slices.Clone(s.candidates(self, c))
		slices.Sort(got)
		slices.Reverse(got)
		if !slices.Equal(got, want) {
			t.Fatalf("trial %d (c=%d, %d touched): candidates differ from sorting", trial, c, len(touched))
		}
		for r := range n {
			if s.score[r] != 0 || s.mark[r] != 0 {
				t.Fatalf("trial %d: row %d not reset", trial, r)
			}
		}
	}
}

// BenchmarkApproxNeighborsSweep measures recall and time for a grid of
// options on the corpus named by NEWSCLUST_ANN_CORPUS (a JSONL file,
// gzipped or not), against exact answers for NEWSCLUST_ANN_SAMPLE rows
// (default 1000) found with NeighborsOf. Each grid point is a sub-benchmark
// reporting recall@20 and the near-duplicates missed as metrics; without
// the variable it skips. NEWSCLUST_ANN_GRID is "m,q,L,C;m,q,L,C…".
func BenchmarkApproxNeighborsSweep(b *testing.B) {
	t := b
	path := os.Getenv("NEWSCLUST_ANN_CORPUS")
	if path == "" {
		t.Skip("NEWSCLUST_ANN_CORPUS not set")
	}
	X, _ := corpusTFIDF(t, path, 0)
	nsample := 1000
	fmt.Sscan(os.Getenv("NEWSCLUST_ANN_SAMPLE"), &nsample)
	nsample = min(nsample, X.NRows)
	rows := make([]int, nsample)
	for s := range rows {
		rows[s] = s * X.NRows / nsample
	}
	ix := NewIndex(X)
	exact := make([][]Neighbor, nsample)
	for s, i := range rows {
		nb := NeighborsOf(ix, X.Row(i), 21)
		nb = slices.DeleteFunc(nb, func(n Neighbor) bool { return n.Row == i })
		exact[s] = nb[:min(20, len(nb))]
	}
	grid := []NeighborOptions{{}}
	if g := os.Getenv("NEWSCLUST_ANN_GRID"); g != "" {
		grid = nil
		for _, f := range strings.Split(g, ";") {
			var o NeighborOptions
			fmt.Sscanf(f, "%d,%d,%d,%d", &o.IndexTerms, &o.QueryTerms, &o.PostingLimit, &o.Candidates)
			grid = append(grid, o)
		}
	}
	for _, o := range grid {
		o.Method = NeighborsApprox
		name := fmt.Sprintf("m=%d/%d,L=%d,C=%d", o.IndexTerms, o.QueryTerms, o.PostingLimit, o.Candidates)
		b.Run(name, func(b *testing.B) {
			var nb [][]Neighbor
			for b.Loop() {
				var err error
				if nb, err = NearestNeighbors(context.Background(), X, 20, o); err != nil {
					b.Fatal(err)
				}
			}
			approx := make([][]Neighbor, nsample)
			for s, i := range rows {
				approx[s] = nb[i]
			}
			r, missed, _ := annStats(exact, approx)
			b.ReportMetric(r, "recall@20")
			b.ReportMetric(float64(missed), "dups-missed")
		})
	}
}
