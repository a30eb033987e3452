package cluster

import (
	"context"
	"math"
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
//  1. each row keeps its m heaviest columns (ties to the lower column; by
//     default every column);
//  2. the posting list of column j holds the rows that kept j, heaviest
//     weight first (ties to the lower row), cut to its first L entries;
//  3. a query row i walks the posting lists of its own mq heaviest columns
//     (ties to the lower column), in increasing column order, and sums in
//     float32, per row r met, the partial score Σ x_ij·x_rj over the
//     columns where they met (a lower bound of cos(i, r) up to float32
//     rounding, weights being non-negative);
//  4. the C rows other than i with the highest positive partial score
//     (ties to the lower row) are rescored exactly: cos(i, r) = Σ_j x_ij·x_rj,
//     each product exact in float64 and summed in float64 in increasing
//     column order as sparse.Dot does (the query scattered densely, the
//     zero products of the columns only r has added in: x + ±0 = x), two
//     candidates at a time with their sums interleaved, and the k
//     best with a positive cosine are kept (descending, ties to the lower
//     row); two rows that are each other's candidates are rescored once,
//     by the lower one (see approxNeighbors);
//  5. each row also considers the rows whose lists hold it (cosine is
//     symmetric, so at no rescoring cost) and keeps the k best of both.
//
// Every reported cosine equals sparse.Dot of the two rows bit for bit; only
// a true neighbour that shares none of the query's heaviest columns within
// the cut posting lists, or whose partial score ranks below C others, can
// be missed. Work per query is at most mq·L index entries plus C sparse
// dot products, so the whole costs O(n·(mq·L + C·nnz)) instead of
// O(Σ df²). The index holds at most min(Σ_i min(m, nnz_i), d·L) entries,
// also while it is built (each list keeps a heap of its L heaviest entries
// so far, never the uncut list), the candidates of a window of annWindow
// rows 20 bytes each, and the answer O(n·k). Each row's answer depends on that row and the index alone, the
// order of every sum being fixed by the row, so the result is the same
// whatever GOMAXPROCS.

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
	defaultIndexTerms   = math.MaxInt // every column
	defaultQueryTerms   = 24
	defaultPostingLimit = 800
	defaultCandidates   = 150
)

// NeighborOptions tunes NearestNeighbors. The zero value is the default.
type NeighborOptions struct {
	Method NeighborMethod
	// ExactMax is the largest row count NeighborsAuto searches exactly;
	// 0 means DefaultExactMax.
	ExactMax int
	// IndexTerms is m on the index side: each row is indexed under its
	// IndexTerms heaviest columns; 0 means every column.
	IndexTerms int
	// QueryTerms is m on the query side: each row looks for candidates
	// through its QueryTerms heaviest columns; 0 means 24.
	QueryTerms int
	// PostingLimit is L, the posting list length kept per column (the
	// heaviest entries); 0 means 800.
	PostingLimit int
	// Candidates is C, the rows rescored exactly per query, at least k
	// are always rescored; 0 means 150.
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

// weightBits maps a weight to a uint32 in the same order (−0 as +0), so
// that a weight and an index pack into one integer key: see rankKey.
func weightBits(f float32) uint32 {
	b := math.Float32bits(f)
	if b == 1<<31 {
		b = 0
	}
	if b>>31 != 0 {
		return ^b
	}
	return b | 1<<31
}

// rankKey packs weight w and index i into a key that is larger for a
// heavier weight and, at equal weights, for a lower index, so that keys of
// distinct indices are totally ordered as "heavier first, ties to the
// lower index".
func rankKey(w float32, i int32) uint64 {
	return uint64(weightBits(w))<<32 | uint64(^uint32(i))
}

// keyIndex returns the index packed in a key by rankKey.
func keyIndex(key uint64) int32 { return int32(^uint32(key)) }

// keyWeight returns the weight packed in a key by rankKey.
func keyWeight(key uint64) float32 {
	b := uint32(key >> 32)
	if b>>31 != 0 {
		return math.Float32frombits(b &^ (1 << 31))
	}
	return math.Float32frombits(^b)
}

// heaviest writes to dst the positions (within row v) of v's m largest
// weights, ties to the lower column, in increasing order, and returns dst
// and the scratch slice keys.
func heaviest(v sparse.Vector, m int, dst []int32, keys []uint64) ([]int32, []uint64) {
	dst = dst[:0]
	if len(v.Ind) <= m {
		for p := range v.Ind {
			dst = append(dst, int32(p))
		}
		return dst, keys
	}
	keys = keys[:0]
	for p, x := range v.Val {
		keys = append(keys, rankKey(x, int32(p)))
	}
	selectTop(keys, m)
	for _, key := range keys[:m] {
		dst = append(dst, keyIndex(key))
	}
	slices.Sort(dst)
	return dst, keys
}

// selectTop reorders keys so that its c largest come first, in no
// particular order (quickselect, median-of-three pivot). The keys must be
// distinct; then the set placed first is unique.
func selectTop(keys []uint64, c int) {
	lo, hi := 0, len(keys)-1
	for lo < hi {
		a, b, d := keys[lo], keys[lo+(hi-lo)/2], keys[hi]
		pivot := max(min(a, b), min(max(a, b), d))
		i, j := lo, hi
		for i <= j {
			for keys[i] > pivot {
				i++
			}
			for keys[j] < pivot {
				j--
			}
			if i <= j {
				keys[i], keys[j] = keys[j], keys[i]
				i++
				j--
			}
		}
		// Now keys[lo..j] >= pivot >= keys[i..hi].
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

// prunedIndex is steps 1-2: per column, the rows that kept it, heaviest
// first, at most L of them.
//
// The lists are built without holding the uncut ones: a first pass counts
// the rows per column, and the second offers each entry to its column's
// slots, which hold a min-heap (by rankKey) of the L best entries so far
// once the column has more than L. The set kept is the L best whatever
// the order entries are offered in, so the result is deterministic.
func prunedIndex(ctx context.Context, X *sparse.CSR, m, L int) (*Index, error) {
	n, d := X.NRows, X.NCols
	// Row i keeps its entries whose rankKey(weight, position) is at least
	// least[i]: its m heaviest, ties to the lower column.
	least := make([]uint64, n)
	err := forBlocks(ctx, n, neighborBlock, func() func(lo, hi int) {
		var keys []uint64
		return func(lo, hi int) {
			for i := lo; i < hi; i++ {
				v := X.Row(i)
				if len(v.Ind) <= m {
					continue // every entry kept; least[i] is 0
				}
				keys = keys[:0]
				for p, x := range v.Val {
					keys = append(keys, rankKey(x, int32(p)))
				}
				selectTop(keys, m)
				least[i] = slices.Min(keys[:m])
			}
		}
	})
	if err != nil {
		return nil, err
	}
	ix := &Index{nrows: n, ncols: d, colptr: make([]int64, d+1)}
	df := make([]int32, d) // entries per column offered so far
	for i := range n {
		v := X.Row(i)
		for p, j := range v.Ind {
			if least[i] == 0 || rankKey(v.Val[p], int32(p)) >= least[i] {
				df[j]++
			}
		}
	}
	for j := range d {
		ix.colptr[j+1] = ix.colptr[j] + int64(min(int(df[j]), L))
	}
	clear(df)
	total := ix.colptr[d]
	ix.rows = make([]int32, total)
	ix.vals = make([]float32, total)
	for i := range n {
		v := X.Row(i)
		for p, j := range v.Ind {
			if least[i] != 0 && rankKey(v.Val[p], int32(p)) < least[i] {
				continue
			}
			a := ix.colptr[j]
			rows, vals := ix.rows[a:ix.colptr[j+1]], ix.vals[a:ix.colptr[j+1]]
			switch c := int(df[j]); {
			case c < L:
				rows[c], vals[c] = int32(i), v.Val[p]
				if c+1 == L {
					heapifyEntries(rows, vals) // later rows may now displace these
				}
			case rankKey(v.Val[p], int32(i)) > rankKey(vals[0], rows[0]):
				rows[0], vals[0] = int32(i), v.Val[p]
				siftDownEntry(rows, vals, 0)
			}
			df[j]++
		}
	}
	least = nil
	// Order each posting list heaviest first (ties to the lower row);
	// columns are independent, so the order of work does not matter.
	err = forBlocks(ctx, d, 256, func() func(lo, hi int) {
		var keys []uint64
		return func(lo, hi int) {
			for j := lo; j < hi; j++ {
				a, b := ix.colptr[j], ix.colptr[j+1]
				keys = keys[:0]
				for p := a; p < b; p++ {
					keys = append(keys, rankKey(ix.vals[p], ix.rows[p]))
				}
				slices.Sort(keys)
				for _, key := range slices.Backward(keys) {
					ix.rows[a], ix.vals[a] = keyIndex(key), keyWeight(key)
					a++
				}
			}
		}
	})
	if err != nil {
		return nil, err
	}
	return ix, nil
}

// heapifyEntries orders the entries (rows[p], vals[p]) as a min-heap by
// rankKey(vals[p], rows[p]).
func heapifyEntries(rows []int32, vals []float32) {
	for p := len(rows)/2 - 1; p >= 0; p-- {
		siftDownEntry(rows, vals, p)
	}
}

// siftDownEntry restores the min-heap of heapifyEntries below position p.
func siftDownEntry(rows []int32, vals []float32, p int) {
	n := len(rows)
	for {
		c := 2*p + 1
		if c >= n {
			return
		}
		if c+1 < n && rankKey(vals[c+1], rows[c+1]) < rankKey(vals[c], rows[c]) {
			c++
		}
		if rankKey(vals[p], rows[p]) <= rankKey(vals[c], rows[c]) {
			return
		}
		rows[p], rows[c] = rows[c], rows[p]
		vals[p], vals[c] = vals[c], vals[p]
		p = c
	}
}

// annSearcher is one worker's scratch space for steps 3-4.
type annSearcher struct {
	score   []float32 // per row of X: partial score, zero when untouched
	mark    []uint8   // per row of X: 1 when touched by the current query
	touched []int32   // rows with a partial score for the current query
	terms   []int32   // the query's heaviest positions
	keys    []uint64  // candidates, see rankKey
}

func newANNSearcher(X *sparse.CSR) *annSearcher {
	return &annSearcher{
		score: make([]float32, X.NRows),
		mark:  make([]uint8, X.NRows),
	}
}

// partial is step 3: it sets s.touched to the rows met in the posting lists
// of v's columns at positions terms, and their partial scores, summed in
// float32 in the order of terms and of each posting list.
func (s *annSearcher) partial(ix *Index, v sparse.Vector, terms []int32) {
	total := 0
	for _, p := range terms {
		j := v.Ind[p]
		total += int(ix.colptr[j+1] - ix.colptr[j])
	}
	if cap(s.touched) < total {
		s.touched = make([]int32, total)
	}
	// Every entry is written to touched, but the count only advances for
	// a row met for the first time: no branch on data.
	touched, score, mark := s.touched[:total], s.score, s.mark
	n := 0
	for _, p := range terms {
		x := v.Val[p]
		rows, vals := ix.column(v.Ind[p])
		vals = vals[:len(rows)]
		for t, r := range rows {
			touched[n] = r
			n += int(mark[r] ^ 1)
			mark[r] = 1
			score[r] += x * vals[t]
		}
	}
	s.touched = touched[:n]
}

// candidates returns the (at most) c touched rows other than self with the
// highest positive partial score, ties to the lower row, as keys (see
// rankKey) in no particular order, and resets the partial scores. The set
// is unique because the keys are distinct, so it does not depend on the
// order rows were touched in.
//
// It makes one pass over the touched rows, gathering keys above a
// threshold: whenever 2c are gathered, the c best are kept (selectTop) and
// the least of them becomes the threshold, since a key at or below it can
// no longer be among the c best. Rows are touched roughly in decreasing
// weight of the query's heaviest terms, so the threshold rises early and
// most rows cost one comparison.
func (s *annSearcher) candidates(self int32, c int) []uint64 {
	score, mark := s.score, s.mark
	keys := s.keys[:0]
	var thr uint64 // keys at or below thr are not among the c best
	for _, r := range s.touched {
		sc := score[r]
		score[r], mark[r] = 0, 0
		if !(sc > 0) || r == self {
			continue
		}
		// rankKey(sc, r) for a positive score.
		key := uint64(math.Float32bits(sc)|1<<31)<<32 | uint64(^uint32(r))
		if key <= thr {
			continue
		}
		keys = append(keys, key)
		if len(keys) == 2*c {
			selectTop(keys, c)
			keys = keys[:c]
			thr = slices.Min(keys)
		}
	}
	if len(keys) > c {
		selectTop(keys, c)
		keys = keys[:c]
	}
	s.keys = keys
	return keys
}

// dot2 returns Σ_j q_j·u_j and Σ_j q_j·w_j over the columns of u and of w,
// each product exact in float64 and summed in float64 in increasing column
// order, as sparse.Dot does. q is the query scattered over the columns,
// zero elsewhere: the products of the columns the query lacks are ±0, and
// adding ±0 to a sum that starts at +0 leaves it unchanged, so each result
// equals sparse.Dot bit for bit. The two sums run interleaved, each in its
// own order, so that one's additions wait less on the other's.
func dot2(q []float32, u, w sparse.Vector) (float64, float64) {
	m := min(len(u.Ind), len(w.Ind))
	ui, uv := u.Ind[:m], u.Val[:m]
	wi, wv := w.Ind[:m], w.Val[:m]
	var su, sw float64
	for t, j := range ui {
		su += float64(q[j]) * float64(uv[t])
		sw += float64(q[wi[t]]) * float64(wv[t])
	}
	return dotFrom(q, u, m, su), dotFrom(q, w, m, sw)
}

// dotFrom continues sum, dot2's sum over u's first m positions, over the
// rest of u in the same order.
func dotFrom(q []float32, u sparse.Vector, m int, sum float64) float64 {
	val := u.Val[:len(u.Ind)]
	for t := m; t < len(u.Ind); t++ {
		sum += float64(q[u.Ind[t]]) * float64(val[t])
	}
	return sum
}

// annWindow is the number of rows whose candidates approxNeighbors holds
// at once; a pair of rows in one window that are each other's candidates
// is rescored once (see approxNeighbors). A window holds 20 bytes per
// candidate: about 200 MB for 65,536 rows at the default 150.
const annWindow = 1 << 16

// approxNeighbors is steps 3-5. Rows are taken in windows of annWindow,
// each in three parallel passes: the first finds every row's candidates
// (steps 3-4 up to rescoring); the second rescores them, except that a
// pair of rows that are each other's candidates (on 20 Newsgroups, more
// than half of the candidate pairs) is rescored by its lower row only,
// which also writes the cosine into the higher row's list (the same bits
// the higher row would get: the products are the same, summed in column
// order either way); the third keeps each row's best. Only the amount of work depends on the windows, not the result.
func approxNeighbors(ctx context.Context, X *sparse.CSR, k int, o NeighborOptions) ([][]Neighbor, error) {
	return approxNeighborsWindow(ctx, X, k, o, annWindow)
}

// approxNeighborsWindow is approxNeighbors with windows of the given
// number of rows.
func approxNeighborsWindow(ctx context.Context, X *sparse.CSR, k int, o NeighborOptions, window int) ([][]Neighbor, error) {
	n := X.NRows
	ix, err := prunedIndex(ctx, X, o.IndexTerms, o.PostingLimit)
	if err != nil {
		return nil, err
	}
	kk := min(k, n)
	// Row i's first-pass neighbours are first[i*kk:][:count[i]], best first.
	first := make([]Neighbor, n*kk)
	count := make([]int32, n)
	w := &annWindowState{X: X, ix: ix, o: o, kk: kk, first: first, count: count}
	for lo := 0; lo < n; lo += window {
		if err := w.search(ctx, lo, min(lo+window, n)); err != nil {
			return nil, err
		}
	}
	return symmetrize(ctx, first, count, kk)
}

// annWindowState is approxNeighbors' state for one window of rows [lo, hi).
type annWindowState struct {
	X     *sparse.CSR
	ix    *Index
	o     NeighborOptions
	kk    int
	first []Neighbor
	count []int32
	done  atomic.Int64 // row passes done, for Progress (two per row)

	lo, hi int
	cand   []int32   // row lo+t's candidates are cand[t*C:][:ncand[t]]
	ncand  []int32   // see cand
	cos    []float64 // cos[t*C+p]: cosine of row lo+t and its candidate p
	// rev lists, for row lo+t, the rows of the window holding it among
	// their candidates: revRow[revStart[t]:revStart[t+1]], with its
	// position in their list in revPos.
	revStart []int64
	revRow   []int32
	revPos   []int32
}

func (w *annWindowState) progress(rows int) {
	if w.o.Progress != nil {
		w.o.Progress(int(w.done.Add(int64(rows))/2), w.X.NRows)
	}
}

// search finds the first-pass neighbours of the window of rows [lo, hi)
// and stores them in w.first and w.count: pass 1 gathers each row's
// candidates, the reverse lists then say which pairs are each other's
// candidates, pass 2 rescores the candidates (a mutual pair once) and
// pass 3 keeps each row's kk best.
func (w *annWindowState) search(ctx context.Context, lo, hi int) error {
	C := w.o.Candidates
	m := hi - lo
	w.lo, w.hi = lo, hi
	if len(w.ncand) < m {
		w.cand = make([]int32, m*C)
		w.ncand = make([]int32, m)
		w.cos = make([]float64, m*C)
		w.revStart = make([]int64, m+1)
	}
	if err := w.gatherCandidates(ctx, m); err != nil {
		return err
	}
	w.buildReverse(m)
	if err := w.rescore(ctx, m); err != nil {
		return err
	}
	return w.storeBest(ctx, m)
}

// gatherCandidates is pass 1: it sets the candidates of the window's m
// rows, cand and ncand (steps 3-4 up to rescoring).
func (w *annWindowState) gatherCandidates(ctx context.Context, m int) error {
	X, ix, o := w.X, w.ix, w.o
	C := o.Candidates
	cand, ncand := w.cand, w.ncand
	return forBlocks(ctx, m, neighborBlock, func() func(lo, hi int) {
		s := newANNSearcher(X)
		return func(blo, bhi int) {
			defer w.progress(bhi - blo)
			for t := blo; t < bhi; t++ {
				i := w.lo + t
				v := X.Row(i)
				s.terms, s.keys = heaviest(v, o.QueryTerms, s.terms, s.keys)
				s.partial(ix, v, s.terms)
				keys := s.candidates(int32(i), C)
				out := cand[t*C : t*C+len(keys)]
				for p, key := range keys {
					out[p] = keyIndex(key)
				}
				ncand[t] = int32(len(keys))
			}
		}
	})
}

// buildReverse sets the reverse lists of the window's m rows (revStart,
// revRow, revPos) from their candidates, by counting: for each row, the
// rows of the window holding it among their candidates, in row order.
func (w *annWindowState) buildReverse(m int) {
	C := w.o.Candidates
	lo, hi := w.lo, w.hi
	cand, ncand := w.cand, w.ncand
	start := w.revStart[:m+1]
	clear(start)
	for t := range m {
		for _, r := range cand[t*C : t*C+int(ncand[t])] {
			if int(r) >= lo && int(r) < hi {
				start[int(r)-lo+1]++
			}
		}
	}
	for t := range m {
		start[t+1] += start[t]
	}
	total := start[m]
	if int64(cap(w.revRow)) < total {
		w.revRow = make([]int32, total)
		w.revPos = make([]int32, total)
	}
	revRow, revPos := w.revRow[:total], w.revPos[:total]
	next := slices.Clone(start[:m])
	for t := range m {
		for p, r := range cand[t*C : t*C+int(ncand[t])] {
			if int(r) >= lo && int(r) < hi {
				q := next[int(r)-lo]
				revRow[q], revPos[q] = int32(lo+t), int32(p)
				next[int(r)-lo]++
			}
		}
	}
}

// rescore is pass 2: it sets cos, the exact cosine of each of the window's
// m rows with each of its candidates, two candidates at a time, skipping
// the lower rows that have row i among their candidates: they rescore the
// pair and write its cosine into row i's list.
func (w *annWindowState) rescore(ctx context.Context, m int) error {
	X := w.X
	C := w.o.Candidates
	cand, ncand := w.cand, w.ncand
	return forBlocks(ctx, m, neighborBlock, func() func(lo, hi int) {
		q := make([]float32, X.NCols)    // the query scattered over the columns
		mutual := make([]int32, X.NRows) // 1 + position of row i in row r's list, for r in rev(i)
		var todo []int32
		return func(blo, bhi int) {
			defer w.progress(bhi - blo)
			for t := blo; t < bhi; t++ {
				i := w.lo + t
				w.markRev(t, mutual, 1)
				todo = todo[:0]
				cs := cand[t*C : t*C+int(ncand[t])]
				for p, r := range cs {
					if int(r) < i && mutual[r] != 0 {
						continue
					}
					todo = append(todo, int32(p))
				}
				v := X.Row(i)
				for p, j := range v.Ind {
					q[j] = v.Val[p]
				}
				out := w.cos[t*C:]
				for a := 0; a < len(todo); a += 2 {
					p := todo[a]
					p2 := p // an odd last candidate is paired with itself
					if a+1 < len(todo) {
						p2 = todo[a+1]
					}
					out[p], out[p2] = dot2(q, X.Row(int(cs[p])), X.Row(int(cs[p2])))
				}
				// A higher row that has row i among its candidates gets
				// the cosine in its own list, at i's position there.
				for _, p := range todo {
					if r := cs[p]; int(r) > i && mutual[r] != 0 {
						w.cos[(int(r)-w.lo)*C+int(mutual[r]-1)] = out[p]
					}
				}
				w.markRev(t, mutual, 0)
				for _, j := range v.Ind {
					q[j] = 0
				}
			}
		}
	})
}

// storeBest is pass 3: it copies each of the window's m rows' kk best
// candidates, their lists now complete, best first into first and count.
func (w *annWindowState) storeBest(ctx context.Context, m int) error {
	C := w.o.Candidates
	cand, ncand := w.cand, w.ncand
	return forBlocks(ctx, m, neighborBlock, func() func(lo, hi int) {
		var h []Neighbor
		return func(blo, bhi int) {
			for t := blo; t < bhi; t++ {
				i := w.lo + t
				h = h[:0]
				for p, r := range cand[t*C : t*C+int(ncand[t])] {
					if dot := w.cos[t*C+p]; dot > 0 {
						h = keepBest(h, Neighbor{Row: int(r), Cosine: dot}, w.kk)
					}
				}
				sortBest(h)
				w.count[i] = int32(copy(w.first[i*w.kk:], h))
			}
		}
	})
}

// markRev sets mutual[r] to 1 + the position of row lo+t in row r's
// candidates for every r in the reverse list of lo+t when on is 1, and
// back to 0 when on is 0.
func (w *annWindowState) markRev(t int, mutual []int32, on int32) {
	for q := w.revStart[t]; q < w.revStart[t+1]; q++ {
		mutual[w.revRow[q]] = on * (w.revPos[q] + 1)
	}
}

// symmetrize is step 5: row i also considers every row j that found i.
// Cosines are symmetric (the same products summed in the same column
// order), so no rescoring is needed. The reverse lists are filled in row
// order and each row keeps its best kk of the union, so the result does
// not depend on the order of work. The lists returned share one backing
// array, each with its capacity cut to its length.
func symmetrize(ctx context.Context, first []Neighbor, count []int32, kk int) ([][]Neighbor, error) {
	n := len(count)
	list := func(i int) []Neighbor { return first[i*kk : i*kk+int(count[i])] }
	start := make([]int64, n+1)
	for i := range n {
		for _, nb := range list(i) {
			start[nb.Row+1]++
		}
	}
	for i := range n {
		start[i+1] += start[i]
	}
	from := make([]int32, start[n])
	cos := make([]float64, start[n])
	next := slices.Clone(start[:n])
	for i := range n {
		for _, nb := range list(i) {
			p := next[nb.Row]
			from[p], cos[p] = int32(i), nb.Cosine
			next[nb.Row]++
		}
	}
	next = nil
	slab := make([]Neighbor, n*kk)
	merged := make([][]Neighbor, n)
	err := forBlocks(ctx, n, neighborBlock, func() func(lo, hi int) {
		var h []Neighbor
		return func(lo, hi int) {
			for i := lo; i < hi; i++ {
				h = append(h[:0], list(i)...)
				have := len(h)
				for p := start[i]; p < start[i+1]; p++ {
					nb := Neighbor{Row: int(from[p]), Cosine: cos[p]}
					if slices.ContainsFunc(h[:have], func(m Neighbor) bool { return m.Row == nb.Row }) {
						continue
					}
					h = append(h, nb)
				}
				if len(h) > have {
					sortBest(h)
				}
				a := i * kk
				b := a + copy(slab[a:a+kk], h)
				merged[i] = slab[a:b:b]
			}
		}
	})
	if err != nil {
		return nil, err
	}
	return merged, nil
}

// sortBest sorts h best first.
func sortBest(h []Neighbor) {
	slices.SortFunc(h, func(a, b Neighbor) int {
		if worse(b, a) {
			return -1
		}
		if worse(a, b) {
			return 1
		}
		return 0
	})
}

// sortedCopy returns h's neighbours best first in a new non-nil slice.
func sortedCopy(h []Neighbor) []Neighbor {
	out := make([]Neighbor, len(h))
	copy(out, h)
	sortBest(out)
	return out
}
