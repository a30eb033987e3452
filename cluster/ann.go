package cluster

import (
	"cmp"
	"context"
	"slices"
	"sync/atomic"

	"newsclust/vectorize/sparse"
)

// Approximate nearest neighbours.
//
// Exact Neighbors costs Σ_j df_j² multiply-adds (every pair of rows sharing
// a column meets once per shared column), which grows with the square of
// the corpus. NearestNeighbors above a size instead finds candidates from a
// pruned, impact-ordered index and rescores them exactly:
//
//  1. each row keeps its m heaviest columns (ties to the lower column);
//  2. the posting list of column j holds the rows that kept j, heaviest
//     weight first (ties to the lower row), cut to its first L entries;
//  3. a query row i walks the posting lists of its own m heaviest columns
//     and sums, per row r met, the partial score Σ x_ij·x_rj over the
//     columns where they met (a lower bound of cos(i, r), weights being
//     non-negative);
//  4. the C rows with the highest partial score (ties to the lower row)
//     are rescored exactly, cos(i, r) = Σ_j x_ij·x_rj summed in increasing
//     column order as sparse.Dot does, and the k best with a positive
//     cosine are kept (descending, ties to the lower row);
//  5. each row also considers the rows whose lists hold it (cosine is
//     symmetric, so at no rescoring cost) and keeps the k best of both.
//
// Every reported cosine is exact; only a true neighbour that shares none of
// its and the query's heaviest columns within the cut posting lists can be
// missed. Work per query is at most m·L index entries plus C sparse dot
// products, so the whole costs O(n·(m·L + C·nnz)) instead of O(Σ df²), and
// memory is O(n·m + n·k). Each row's answer depends on that row and the
// index alone, so the result is the same whatever GOMAXPROCS.

// NeighborMethod chooses how NearestNeighbors searches.
type NeighborMethod int

const (
	// NeighborsAuto is exact up to NeighborOptions.ExactMax rows and
	// approximate above.
	NeighborsAuto NeighborMethod = iota
	// NeighborsExact always uses the exact inverted-index search of
	// Neighbors.
	NeighborsExact
	// NeighborsApprox always uses the pruned-index candidate search.
	NeighborsApprox
)

// Defaults for the zero fields of NeighborOptions; see bench/results/neighbors.txt
// for the recall and speed measurements they were chosen from.
const (
	// DefaultExactMax is the largest corpus NeighborsAuto searches exactly:
	// on 20 Newsgroups-like rows the approximate search is faster from a
	// few thousand rows up.
	DefaultExactMax     = 5000
	defaultIndexTerms   = 48
	defaultQueryTerms   = 48
	defaultPostingLimit = 300
	defaultCandidates   = 250
)

// NeighborOptions tunes NearestNeighbors. The zero value is the default.
type NeighborOptions struct {
	Method NeighborMethod
	// ExactMax is the largest row count NeighborsAuto searches exactly;
	// 0 means DefaultExactMax.
	ExactMax int
	// IndexTerms is m on the index side: each row is indexed under its
	// IndexTerms heaviest columns; 0 means 48.
	IndexTerms int
	// QueryTerms is m on the query side: each row looks for candidates
	// through its QueryTerms heaviest columns; 0 means 48.
	QueryTerms int
	// PostingLimit is L, the posting list length kept per column (the
	// heaviest entries); 0 means 300.
	PostingLimit int
	// Candidates is C, the rows rescored exactly per query, at least k
	// are always rescored; 0 means 250.
	Candidates int
	// Progress, when set, is called as blocks of rows are searched with
	// the rows done and their total; it must be safe for concurrent use.
	Progress func(done, total int)
}

func (o NeighborOptions) withDefaults(k int) NeighborOptions {
	if o.ExactMax == 0 {
		o.ExactMax = DefaultExactMax
	}
	if o.IndexTerms == 0 {
		o.IndexTerms = defaultIndexTerms
	}
	if o.QueryTerms == 0 {
		o.QueryTerms = defaultQueryTerms
	}
	if o.PostingLimit == 0 {
		o.PostingLimit = defaultPostingLimit
	}
	if o.Candidates == 0 {
		o.Candidates = defaultCandidates
	}
	o.Candidates = max(o.Candidates, k)
	return o
}

// NearestNeighbors returns, for each row of X, up to k most similar other
// rows by cosine (descending, ties by lower row), like Neighbors. With the
// zero options it is exact (Neighbors itself) up to DefaultExactMax rows and
// approximate above, as described at the top of this file: the cosines it
// reports are exact, but a row may miss some of its true k nearest (recall
// on news corpora is in bench/results/neighbors.txt). Rows with a positive
// cosine only; a row is never its own neighbour. Deterministic whatever
// GOMAXPROCS; ctx is checked per block of rows. NearestNeighbors panics if
// k < 1 or an option is negative.
func NearestNeighbors(ctx context.Context, X *sparse.CSR, k int, opts NeighborOptions) ([][]Neighbor, error) {
	if k < 1 {
		panic("cluster: NearestNeighbors needs k >= 1")
	}
	if opts.ExactMax < 0 || opts.IndexTerms < 0 || opts.QueryTerms < 0 || opts.PostingLimit < 0 || opts.Candidates < 0 {
		panic("cluster: negative NeighborOptions field")
	}
	o := opts.withDefaults(k)
	switch o.Method {
	case NeighborsExact:
		return Neighbors(ctx, X, k)
	case NeighborsAuto:
		if X.NRows <= o.ExactMax {
			return Neighbors(ctx, X, k)
		}
	case NeighborsApprox:
	default:
		panic("cluster: unknown NeighborMethod")
	}
	return approxNeighbors(ctx, X, k, o)
}

// heaviest writes to dst the positions (within row v) of v's m largest
// weights, heaviest first, ties to the lower column, and returns dst.
func heaviest(v sparse.Vector, m int, dst []int32) []int32 {
	dst = dst[:0]
	for p := range v.Ind {
		dst = append(dst, int32(p))
	}
	if len(dst) > m {
		slices.SortFunc(dst, func(a, b int32) int {
			return cmp.Or(cmp.Compare(v.Val[b], v.Val[a]), cmp.Compare(a, b))
		})
		dst = dst[:m]
	}
	return dst
}

// prunedIndex is steps 1-2: per column, the rows that kept it, heaviest
// first, at most L of them.
func prunedIndex(ctx context.Context, X *sparse.CSR, m, L int) (*Index, error) {
	n, d := X.NRows, X.NCols
	// Each row's kept entries, as positions into X.Ind, up to m per row.
	kept := make([]int32, n*min(m, maxRowNNZ(X)))
	width := len(kept) / max(n, 1)
	nkept := make([]int32, n)
	err := forBlocks(ctx, n, neighborBlock, func() func(lo, hi int) {
		var buf []int32
		return func(lo, hi int) {
			for i := lo; i < hi; i++ {
				buf = heaviest(X.Row(i), width, buf)
				copy(kept[i*width:], buf)
				nkept[i] = int32(len(buf))
			}
		}
	})
	if err != nil {
		return nil, err
	}
	ix := &Index{nrows: n, ncols: d, colptr: make([]int64, d+1)}
	for i := range n {
		base := X.Indptr[i]
		for _, p := range kept[i*width : i*width+int(nkept[i])] {
			ix.colptr[X.Ind[base+int64(p)]+1]++
		}
	}
	for j := range d {
		ix.colptr[j+1] += ix.colptr[j]
	}
	total := ix.colptr[d]
	ix.rows = make([]int32, total)
	ix.vals = make([]float32, total)
	next := slices.Clone(ix.colptr[:d])
	for i := range n {
		base := X.Indptr[i]
		for _, p := range kept[i*width : i*width+int(nkept[i])] {
			j := X.Ind[base+int64(p)]
			ix.rows[next[j]] = int32(i)
			ix.vals[next[j]] = X.Val[base+int64(p)]
			next[j]++
		}
	}
	kept, nkept = nil, nil
	// Sort each posting list by weight and cut it to L, in place; columns
	// are independent, so the order of work does not matter.
	type entry struct {
		row int32
		val float32
	}
	err = forBlocks(ctx, d, 256, func() func(lo, hi int) {
		var buf []entry
		return func(lo, hi int) {
			for j := lo; j < hi; j++ {
				a, b := ix.colptr[j], ix.colptr[j+1]
				if b-a <= 1 {
					continue
				}
				buf = buf[:0]
				for p := a; p < b; p++ {
					buf = append(buf, entry{ix.rows[p], ix.vals[p]})
				}
				slices.SortFunc(buf, func(x, y entry) int {
					return cmp.Or(cmp.Compare(y.val, x.val), cmp.Compare(x.row, y.row))
				})
				for t, e := range buf {
					ix.rows[a+int64(t)], ix.vals[a+int64(t)] = e.row, e.val
				}
			}
		}
	})
	if err != nil {
		return nil, err
	}
	// Compact: keep the first L of each list.
	var w int64
	start := int64(0)
	for j := range d {
		a, b := start, ix.colptr[j+1]
		start = b
		ix.colptr[j] = w
		for p := a; p < min(b, a+int64(L)); p++ {
			ix.rows[w], ix.vals[w] = ix.rows[p], ix.vals[p]
			w++
		}
	}
	ix.colptr[d] = w
	ix.rows = slices.Clip(ix.rows[:w])
	ix.vals = slices.Clip(ix.vals[:w])
	return ix, nil
}

// maxRowNNZ returns the largest number of stored entries in a row of X.
func maxRowNNZ(X *sparse.CSR) int {
	m := 0
	for i := range X.NRows {
		m = max(m, int(X.Indptr[i+1]-X.Indptr[i]))
	}
	return m
}

// approxNeighbors is steps 3-4.
func approxNeighbors(ctx context.Context, X *sparse.CSR, k int, o NeighborOptions) ([][]Neighbor, error) {
	n := X.NRows
	ix, err := prunedIndex(ctx, X, o.IndexTerms, o.PostingLimit)
	if err != nil {
		return nil, err
	}
	out := make([][]Neighbor, n)
	kk := min(k, n)
	var done atomic.Int64
	err = forBlocks(ctx, n, neighborBlock, func() func(lo, hi int) {
		s := newScorer(n)
		q := make([]float64, X.NCols) // the query row, scattered
		var terms []int32
		var cand []Neighbor
		return func(lo, hi int) {
			if o.Progress != nil {
				defer func() { o.Progress(int(done.Add(int64(hi-lo))), n) }()
			}
			for i := lo; i < hi; i++ {
				v := X.Row(i)
				terms = heaviest(v, o.QueryTerms, terms)
				// Step 3: partial scores through the query's heaviest
				// columns. The accumulation order varies with the term
				// order, but only the candidate choice depends on it.
				s.gen++
				if s.gen == 0 {
					clear(s.seen)
					s.gen = 1
				}
				s.touched = s.touched[:0]
				for _, p := range terms {
					x := float64(v.Val[p])
					rows, vals := ix.column(v.Ind[p])
					for t, r := range rows {
						prod := x * float64(vals[t])
						if s.seen[r] != s.gen {
							s.seen[r] = s.gen
							s.acc[r] = prod
							s.touched = append(s.touched, r)
						} else {
							s.acc[r] += prod
						}
					}
				}
				cand = s.topInto(cand, i, o.Candidates)
				// Step 4: exact rescoring.
				for t, j := range v.Ind {
					q[j] = float64(v.Val[t])
				}
				h := s.heap[:0]
				for _, c := range cand {
					w := X.Row(c.Row)
					var dot float64
					for t, j := range w.Ind {
						dot += q[j] * float64(w.Val[t])
					}
					if dot <= 0 {
						continue
					}
					h = keepBest(h, Neighbor{Row: c.Row, Cosine: dot}, kk)
				}
				s.heap = h
				for _, j := range v.Ind {
					q[j] = 0
				}
				out[i] = sortedCopy(h)
			}
		}
	})
	if err != nil {
		return nil, err
	}
	return symmetrize(ctx, out, kk)
}

// symmetrize is step 5: row i also considers every row j that found i.
// Cosines are symmetric (the same products summed in the same column
// order), so no rescoring is needed. The reverse lists are filled in row
// order and each row keeps its best kk of the union, so the result does
// not depend on the order of work.
func symmetrize(ctx context.Context, out [][]Neighbor, kk int) ([][]Neighbor, error) {
	n := len(out)
	start := make([]int64, n+1)
	for _, list := range out {
		for _, nb := range list {
			start[nb.Row+1]++
		}
	}
	for i := range n {
		start[i+1] += start[i]
	}
	from := make([]int32, start[n])
	cos := make([]float64, start[n])
	next := slices.Clone(start[:n])
	for i, list := range out {
		for _, nb := range list {
			p := next[nb.Row]
			from[p], cos[p] = int32(i), nb.Cosine
			next[nb.Row]++
		}
	}
	next = nil
	merged := make([][]Neighbor, n)
	err := forBlocks(ctx, n, neighborBlock, func() func(lo, hi int) {
		var h []Neighbor
		return func(lo, hi int) {
			for i := lo; i < hi; i++ {
				h = append(h[:0], out[i]...)
				have := len(h)
				for p := start[i]; p < start[i+1]; p++ {
					nb := Neighbor{Row: int(from[p]), Cosine: cos[p]}
					if slices.ContainsFunc(h[:have], func(m Neighbor) bool { return m.Row == nb.Row }) {
						continue
					}
					h = append(h, nb)
				}
				if len(h) > kk {
					selectBest(h, kk)
					h = h[:kk]
				}
				merged[i] = sortedCopy(h)
			}
		}
	})
	if err != nil {
		return nil, err
	}
	return merged, nil
}

// topInto writes to dst the c touched rows other than self with the highest
// positive accumulated score (ties to the lower row), in no particular
// order, and returns dst. The set is unique because worse is a strict total
// order, so it does not depend on the order rows were touched in.
func (s *scorer) topInto(dst []Neighbor, self, c int) []Neighbor {
	h := dst[:0]
	for _, r := range s.touched {
		if sc := s.acc[r]; int(r) != self && sc > 0 {
			h = append(h, Neighbor{Row: int(r), Cosine: sc})
		}
	}
	if len(h) > c {
		selectBest(h, c)
		h = h[:c]
	}
	return h
}

// selectBest reorders h so that its c best elements under worse come first
// (Hoare's quickselect, middle pivot).
func selectBest(h []Neighbor, c int) {
	lo, hi := 0, len(h)-1
	for lo < hi {
		pivot := h[lo+(hi-lo)/2]
		i, j := lo, hi
		for i <= j {
			for worse(pivot, h[i]) {
				i++
			}
			for worse(h[j], pivot) {
				j--
			}
			if i <= j {
				h[i], h[j] = h[j], h[i]
				i++
				j--
			}
		}
		// Now h[lo..j] are no worse than pivot and h[i..hi] no better.
		switch {
		case c-1 <= j:
			hi = j
		case c-1 >= i:
			lo = i
		default:
			return
		}
	}
}

// sortedCopy returns h's neighbours best first in a new non-nil slice.
func sortedCopy(h []Neighbor) []Neighbor {
	out := make([]Neighbor, len(h))
	copy(out, h)
	slices.SortFunc(out, func(a, b Neighbor) int {
		if worse(b, a) {
			return -1
		}
		if worse(a, b) {
			return 1
		}
		return 0
	})
	return out
}
