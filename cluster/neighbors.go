package cluster

import (
	"cmp"
	"context"
	"math/rand/v2"
	"runtime"
	"slices"
	"sync"
	"sync/atomic"

	"gonum.org/v1/gonum/mat"

	"newsclust/vectorize/sparse"
)

// Similarity search.
//
// The rows handed to Neighbors, NeighborsOf and AllPairs are unit length or
// zero, as vectorize produces them, so the cosine of rows a and b is their
// dot product
//
//	cos(a, b) = Σ_j a_j·b_j,
//
// each product taken in float64 from the float32 weights (exact, since a
// product of two float32 values fits a float64 mantissa) and summed in
// increasing column order. That is the order sparse.Dot uses, so every score
// here equals sparse.Dot of the two rows bit for bit.
//
// Scores come from the inverted index (the transpose of X): for a query row
// x, each stored x_j walks the posting list of column j and adds x_j·X_rj to
// a dense accumulator slot r. Only rows sharing a column with x are touched,
// and only n accumulator slots per worker are ever allocated, never n×n.

// neighborBlock is the number of rows one worker takes at a time in
// Neighbors; ctx is checked before each block.
const neighborBlock = 64

// Neighbor is one nearest neighbour of a row.
type Neighbor struct {
	Row    int
	Cosine float64
}

// Index is an inverted index of a corpus matrix: its transpose, one posting
// list per column holding the rows with a stored value in that column, rows
// ascending. Build it once with NewIndex and query it with NeighborsOf.
type Index struct {
	nrows, ncols int
	colptr       []int64 // posting list of column j is [colptr[j], colptr[j+1])
	rows         []int32
	vals         []float32
}

// NewIndex builds the inverted index (the compressed-column transpose) of X.
func NewIndex(X *sparse.CSR) *Index {
	ix := &Index{
		nrows:  X.NRows,
		ncols:  X.NCols,
		colptr: make([]int64, X.NCols+1),
		rows:   make([]int32, len(X.Ind)),
		vals:   make([]float32, len(X.Ind)),
	}
	for _, j := range X.Ind {
		ix.colptr[j+1]++
	}
	for j := range X.NCols {
		ix.colptr[j+1] += ix.colptr[j]
	}
	next := slices.Clone(ix.colptr[:X.NCols])
	for i := range X.NRows {
		for k := X.Indptr[i]; k < X.Indptr[i+1]; k++ {
			j := X.Ind[k]
			p := next[j]
			ix.rows[p] = int32(i)
			ix.vals[p] = X.Val[k]
			next[j]++
		}
	}
	return ix
}

// Rows returns the number of rows of the indexed matrix.
func (ix *Index) Rows() int { return ix.nrows }

// Dims returns the number of columns of the indexed matrix.
func (ix *Index) Dims() int { return ix.ncols }

// column returns the posting list of column j.
func (ix *Index) column(j int32) ([]int32, []float32) {
	lo, hi := ix.colptr[j], ix.colptr[j+1]
	return ix.rows[lo:hi], ix.vals[lo:hi]
}

// scorer holds one worker's accumulator: acc[r] is valid when seen[r] == gen.
type scorer struct {
	acc     []float64
	seen    []uint32
	gen     uint32
	touched []int32
	heap    []Neighbor
}

func newScorer(n int) *scorer {
	return &scorer{acc: make([]float64, n), seen: make([]uint32, n)}
}

// accumulate scores v against every indexed row sharing a column with it.
// It panics if v has a column outside the index.
func (s *scorer) accumulate(ix *Index, v sparse.Vector) {
	s.gen++
	if s.gen == 0 { // wrapped: forget every stamp
		clear(s.seen)
		s.gen = 1
	}
	s.touched = s.touched[:0]
	for t, j := range v.Ind {
		if j < 0 || int(j) >= ix.ncols {
			panic("cluster: vector column out of the index's range")
		}
		x := float64(v.Val[t])
		rows, vals := ix.column(j)
		for p, r := range rows {
			prod := x * float64(vals[p])
			if s.seen[r] != s.gen {
				s.seen[r] = s.gen
				s.acc[r] = prod
				s.touched = append(s.touched, r)
			} else {
				s.acc[r] += prod
			}
		}
	}
}

// worse reports whether a ranks below b: lower cosine, or equal cosine and
// higher row.
func worse(a, b Neighbor) bool {
	return a.Cosine < b.Cosine || (a.Cosine == b.Cosine && a.Row > b.Row)
}

// top returns the k best touched rows other than self with a positive score,
// best first, in a new non-nil slice. The selection is a size-k heap whose root is
// the worst kept neighbour; the order rows were touched in does not matter
// because worse is a strict total order.
func (s *scorer) top(self, k int) []Neighbor {
	h := s.heap[:0]
	for _, r := range s.touched {
		c := s.acc[r]
		if int(r) == self || c <= 0 {
			continue
		}
		h = keepBest(h, Neighbor{Row: int(r), Cosine: c}, k)
	}
	s.heap = h
	return sortedCopy(h)
}

// keepBest offers nb to the size-k heap h (root = worst kept) and returns it.
func keepBest(h []Neighbor, nb Neighbor, k int) []Neighbor {
	if len(h) < k {
		h = append(h, nb)
		siftUp(h, len(h)-1)
	} else if worse(h[0], nb) {
		h[0] = nb
		siftDown(h, 0)
	}
	return h
}

// siftUp and siftDown maintain a min-heap under worse (root = worst).
func siftUp(h []Neighbor, i int) {
	for i > 0 {
		p := (i - 1) / 2
		if !worse(h[i], h[p]) {
			return
		}
		h[i], h[p] = h[p], h[i]
		i = p
	}
}

func siftDown(h []Neighbor, i int) {
	for {
		m := i
		if l := 2*i + 1; l < len(h) && worse(h[l], h[m]) {
			m = l
		}
		if r := 2*i + 2; r < len(h) && worse(h[r], h[m]) {
			m = r
		}
		if m == i {
			return
		}
		h[i], h[m] = h[m], h[i]
		i = m
	}
}

// Neighbors returns, for each row of X, its k most similar other rows by
// cosine (descending, ties by lower row), computed by blocked sparse
// products in parallel, never forming the n×n matrix.
//
// Only rows with a positive cosine count as neighbours, so a row sharing no
// term with fewer than k others has fewer than k neighbours (none for an
// empty row). A row is never its own neighbour. Rows are split into fixed
// blocks of 64 handed to GOMAXPROCS workers, and each row's answer depends on
// that row alone, so the result is the same whatever GOMAXPROCS. ctx is
// checked before each block; on cancellation Neighbors returns ctx.Err().
// Neighbors panics if k < 1.
func Neighbors(ctx context.Context, X *sparse.CSR, k int) ([][]Neighbor, error) {
	if k < 1 {
		panic("cluster: Neighbors needs k >= 1")
	}
	n := X.NRows
	ix := NewIndex(X)
	out := make([][]Neighbor, n)
	kk := min(k, n)
	err := forBlocks(ctx, n, neighborBlock, func() func(lo, hi int) {
		s := newScorer(n)
		return func(lo, hi int) {
			for i := lo; i < hi; i++ {
				s.accumulate(ix, X.Row(i))
				out[i] = s.top(i, kk)
			}
		}
	})
	if err != nil {
		return nil, err
	}
	return out, nil
}

// NeighborsOf returns the k rows of the indexed matrix most similar to v by
// cosine (descending, ties by lower row), positive cosines only. v should be
// unit length, in the same column space as the index (e.g. a new article
// vectorized with the saved vocabulary). It allocates one accumulator of the
// index's row count per call and panics if k < 1 or if v has a column
// outside the index.
func NeighborsOf(XT *Index, v sparse.Vector, k int) []Neighbor {
	if k < 1 {
		panic("cluster: NeighborsOf needs k >= 1")
	}
	s := newScorer(XT.nrows)
	s.accumulate(XT, v)
	return s.top(-1, min(k, XT.nrows))
}

// forBlocks splits [0, n) into consecutive blocks of size block and runs them
// on up to GOMAXPROCS goroutines. newWorker is called once per goroutine to
// set up its scratch space and returns the function run on each block it
// takes. ctx is checked before each block. Work on separate blocks must not
// interact; then the result does not depend on the number of goroutines.
func forBlocks(ctx context.Context, n, block int, newWorker func() func(lo, hi int)) error {
	nblocks := (n + block - 1) / block
	workers := min(runtime.GOMAXPROCS(0), nblocks)
	var (
		next    atomic.Int64
		wg      sync.WaitGroup
		errOnce sync.Once
		err     error
	)
	for range workers {
		wg.Add(1)
		go func() {
			defer wg.Done()
			run := newWorker()
			for {
				b := int(next.Add(1) - 1)
				if b >= nblocks {
					return
				}
				if e := ctx.Err(); e != nil {
					errOnce.Do(func() { err = e })
					next.Store(int64(nblocks)) // stop the others early
					return
				}
				run(b*block, min((b+1)*block, n))
			}
		}()
	}
	wg.Wait()
	if err == nil {
		err = ctx.Err() // n == 0 runs no block; report a cancelled ctx anyway
	}
	return err
}

// Pair is two rows and their cosine, A < B.
type Pair struct {
	A, B   int
	Cosine float64
}

// AllPairs returns the cosine of every pair of rows, A < B, in row order
// (by A, then B), n(n-1)/2 pairs including those with cosine 0. Rows are
// unit length or zero, so the cosine is the dot product, computed as in
// Neighbors. Meant for up to a few thousand rows.
func AllPairs(X *sparse.CSR) []Pair {
	n := X.NRows
	if n < 2 {
		return []Pair{}
	}
	ix := NewIndex(X)
	s := newScorer(n)
	pairs := make([]Pair, 0, n*(n-1)/2)
	for a := range n - 1 {
		s.accumulate(ix, X.Row(a))
		for b := a + 1; b < n; b++ {
			var c float64
			if s.seen[b] == s.gen {
				c = s.acc[b]
			}
			pairs = append(pairs, Pair{A: a, B: b, Cosine: c})
		}
	}
	return pairs
}

// Distinctive returns the n columns that best tell cluster c apart: highest
// centroid weight minus the mean weight of the other centroids, with scores.
//
// With K centroids C (K × d), column j scores
//
//	score_j = C[c][j] − (1/(K−1)) Σ_{c'≠c} C[c'][j]   (K > 1)
//	score_j = C[c][j]                                  (K = 1)
//
// Only columns where cluster c's own centroid weight is positive are
// candidates (a term absent from the cluster cannot describe it), so fewer
// than n columns come back when fewer qualify. Columns are ordered by
// descending score, ties by lower column. Distinctive panics if c is not a
// row of centroids or n < 0.
func Distinctive(centroids *mat.Dense, c, n int) (cols []int, scores []float64) {
	K, d := centroids.Dims()
	if c < 0 || c >= K {
		panic("cluster: Distinctive cluster out of range")
	}
	if n < 0 {
		panic("cluster: Distinctive needs n >= 0")
	}
	own := centroids.RawRowView(c)
	others := make([]float64, d)
	for k := range K {
		if k == c {
			continue
		}
		for j, w := range centroids.RawRowView(k) {
			others[j] += w
		}
	}
	type scored struct {
		col   int
		score float64
	}
	cand := make([]scored, 0, d)
	for j, w := range own {
		if w <= 0 {
			continue
		}
		sc := w
		if K > 1 {
			sc = w - others[j]/float64(K-1)
		}
		cand = append(cand, scored{j, sc})
	}
	order := func(a, b scored) int { // best first
		if a.score != b.score {
			return cmp.Compare(b.score, a.score)
		}
		return cmp.Compare(a.col, b.col)
	}
	if n < len(cand)/8 {
		// The n best through a heap whose root is the worst kept, then
		// sorted: the order is total, so they are the sort's first n.
		h := make([]scored, 0, n+1)
		down := func(i int) {
			for {
				m := i
				for _, c := range []int{2*i + 1, 2*i + 2} {
					if c < len(h) && order(h[c], h[m]) > 0 {
						m = c
					}
				}
				if m == i {
					return
				}
				h[i], h[m] = h[m], h[i]
				i = m
			}
		}
		for _, x := range cand {
			switch {
			case len(h) < n:
				h = append(h, x)
				for i := len(h) - 1; i > 0 && order(h[i], h[(i-1)/2]) > 0; i = (i - 1) / 2 {
					h[i], h[(i-1)/2] = h[(i-1)/2], h[i]
				}
			case n > 0 && order(x, h[0]) < 0:
				h[0] = x
				down(0)
			}
		}
		cand = h
	}
	slices.SortFunc(cand, order)
	cand = cand[:min(n, len(cand))]
	cols = make([]int, len(cand))
	scores = make([]float64, len(cand))
	for i, s := range cand {
		cols[i], scores[i] = s.col, s.score
	}
	return cols, scores
}

// Representatives returns, per cluster, up to n member rows most similar to
// the centroid (descending Sims, ties by row).
//
// The number of clusters is the largest of len(res.Sizes), the rows of
// res.Centroids and the largest label plus one; an empty cluster gets an
// empty list. Representatives panics if n < 0 or if res.Sims and res.Labels
// differ in length.
func Representatives(res *KMeansResult, n int) [][]int {
	if n < 0 {
		panic("cluster: Representatives needs n >= 0")
	}
	if len(res.Sims) != len(res.Labels) {
		panic("cluster: Representatives: Sims and Labels differ in length")
	}
	K := len(res.Sizes)
	if res.Centroids != nil {
		r, _ := res.Centroids.Dims()
		K = max(K, r)
	}
	for _, l := range res.Labels {
		K = max(K, l+1)
	}
	members := make([][]int, K)
	for i, l := range res.Labels {
		members[l] = append(members[l], i)
	}
	out := make([][]int, K)
	for k, m := range members {
		slices.SortFunc(m, func(a, b int) int {
			if sa, sb := res.Sims[a], res.Sims[b]; sa != sb {
				return cmp.Compare(sb, sa)
			}
			return cmp.Compare(a, b)
		})
		out[k] = slices.Clip(append([]int{}, m[:min(n, len(m))]...))
	}
	return out
}

// SVD is a truncated singular value decomposition X ≈ U·diag(S)·Vᵀ.
type SVD struct {
	U *mat.Dense // n × r
	S []float64  // r, descending
	V *mat.Dense // d × r
}

// RandomizedSVD computes the rank-r truncated SVD of X by randomized
// subspace iteration (Halko, Martinsson & Tropp 2011) with oversampling p
// and q power iterations, finished by a Rayleigh–Ritz step on a small
// matrix. With l = min(r+p, n, d) (and r reduced to min(n, d)):
//
//  1. Ω (d × l): standard normal entries, rand.New(src).NormFloat64, row by row;
//  2. Y = X·Ω (n × l);
//  3. q times Y = X·(Xᵀ·Y), only the n × l side re-conditioned in between,
//     then Q = orth(Y), so Q spans (X·Xᵀ)^q·X·Ω;
//  4. Bᵀ = Xᵀ·Q (d × l), the transpose of B = Qᵀ·X;
//  5. B·Bᵀ = W·Λ·Wᵀ (l × l, mat.EigenSym): U = Q·W, S = √Λ,
//     V = Xᵀ·U·diag(S)⁻¹, first r columns; when the kept spectrum is too
//     steep for the Gram matrix (λ₁ > 1e4·λ_r), the thin SVD of Bᵀ instead;
//  6. each component's sign flipped so the largest-|·| entry of V[:,k] is
//     positive (first on ties), U[:,k] flipped with it.
//
// The exact steps, where float32 is used and why, are at the top of svd.go.
// The error shrinks like (σ_{l+1}/σ_r)^(2q+1); with l = min(n, d) the
// result is exact up to rounding. Deterministic for a given src, whatever
// GOMAXPROCS; ctx is checked between blocks of the sparse products.
// RandomizedSVD returns ErrEmptyMatrix (wrapped) for a matrix without rows
// or columns and ErrSVDFailed if an eigen or singular value decomposition
// does not converge; it panics if r < 1, p < 0, q < 0 or src is nil.
func RandomizedSVD(ctx context.Context, X *sparse.CSR, r, p, q int, src rand.Source) (*SVD, error) {
	return randomizedSVD(ctx, X, r, p, q, src)
}

// Map2D returns 2-D coordinates for each row, for plotting.
//
// Plain first-two SVD components of TF-IDF rows put most documents along the
// first axis (that component is close to the corpus mean direction). Map2D
// instead takes the LSA embedding of the rows (LSA with r = min(50, n, d):
// U·diag(S), rows L2-normalised) and lays it out by classical
// multidimensional scaling of the chord distances ‖eᵢ − eⱼ‖ = √(2 − 2cos),
// which for such points is principal component analysis: centre the
// embedded rows on their mean, take the two leading eigenvectors w₁, w₂ of
// their scatter matrix Σᵢ (eᵢ − ē)(eᵢ − ē)ᵀ, and place row i at
// ((eᵢ − ē)·w₁, (eᵢ − ē)·w₂). Each eigenvector's sign is fixed so its
// largest-magnitude entry is positive, and the layout is scaled to unit
// root-mean-square distance from the origin (left at zero when every row
// coincides). Centring removes the mean direction that crowds the plain SVD
// plot, and normalising the rows first makes the layout follow cosine
// similarity rather than document length.
//
// Tiny inputs are handled: no rows gives an empty slice, one row (or no
// columns or no stored values) gives the origin for every row, two distinct
// rows land on the first axis at ±1. Deterministic for a given src.
func Map2D(ctx context.Context, X *sparse.CSR, src rand.Source) ([][2]float64, error) {
	return map2D(ctx, X, src)
}

// Map2DFrom lays out the rows of an embedding E whose rows have unit length
// (or are zero), such as the one LSA returns, exactly as Map2D lays out its
// own LSA embedding: centred principal axes, signs fixed, unit RMS scale.
// Use it to reuse the embedding already computed for clustering instead of
// a second SVD. Fewer than two rows or no columns give the origin for every
// row. It returns an error wrapping ErrSVDFailed if the eigendecomposition
// fails.
func Map2DFrom(E *Dense) ([][2]float64, error) {
	return map2DFrom(E)
}
