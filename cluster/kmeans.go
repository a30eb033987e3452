package cluster

import (
	"cmp"
	"context"
	"fmt"
	"math"
	"math/rand/v2"
	"slices"

	"gonum.org/v1/gonum/floats"
	"gonum.org/v1/gonum/mat"

	"newsclust/vectorize/sparse"
)

// Defaults for the zero fields of KMeansOptions.
const (
	defaultNInit   = 10
	defaultMaxIter = 100
	defaultTol     = 1e-6
)

// kmConfig is KMeansOptions with defaults applied and seeds normalised.
type kmConfig struct {
	k, nInit, maxIter int
	tol               float64
	seeds             []float64 // nSeeds × d, unit rows
	nSeeds            int
	src               rand.Source
}

func (o KMeansOptions) config(X Matrix) (*kmConfig, error) {
	if o.Src == nil {
		panic("cluster: KMeansOptions.Src is nil")
	}
	if o.NInit < 0 || o.MaxIter < 0 {
		panic(fmt.Sprintf("cluster: negative NInit (%d) or MaxIter (%d)", o.NInit, o.MaxIter))
	}
	if o.K < 1 {
		return nil, fmt.Errorf("cluster: K = %d, want at least 1: %w", o.K, ErrInvalidK)
	}
	if len(o.Seeds) > o.K {
		return nil, fmt.Errorf("cluster: %d seeds for K = %d: %w", len(o.Seeds), o.K, ErrInvalidK)
	}
	c := &kmConfig{k: o.K, nInit: o.NInit, maxIter: o.MaxIter, tol: o.Tol, src: o.Src, nSeeds: len(o.Seeds)}
	if c.nInit == 0 {
		c.nInit = defaultNInit
	}
	if c.maxIter == 0 {
		c.maxIter = defaultMaxIter
	}
	switch {
	case c.tol == 0:
		c.tol = defaultTol
	case c.tol < 0:
		c.tol = 0
	}
	d := X.Dims()
	c.seeds = make([]float64, 0, len(o.Seeds)*d)
	for s, v := range o.Seeds {
		if len(v) != d {
			panic(fmt.Sprintf("cluster: seed %d has length %d, want Dims = %d", s, len(v), d))
		}
		n := floats.Norm(v, 2)
		if !(n > 0) || math.IsInf(n, 0) {
			return nil, fmt.Errorf("cluster: seed %d has norm %g: %w", s, n, ErrZeroSeed)
		}
		c.seeds = append(c.seeds, v...)
		floats.Scale(1/n, c.seeds[s*d:])
	}
	return c, nil
}

// lloyd holds the state of spherical k-means on the non-zero rows of X.
// Positions p index rows[p]; labels, sims, rnorm, lo and up are per
// position.
type lloyd struct {
	X       Matrix
	rows    []int     // the non-zero rows of X, ascending
	rnorm   []float64 // their norms
	k, d    int
	cs      *centerSet // current centroids
	prev    []float64  // the centroids before the last update, k×d
	labels  []int
	sims    []float64   // cosine to the own centroid; exact after assign only where recomputed
	changed []bool      // per chunk
	scratch [][]float64 // per worker
	workers int

	// Bounds that let assign skip rows (Hamerly 2010, in angles as
	// Schubert, Lang & Feher 2021 for spherical k-means): lo[p] ≤ the
	// row's similarity to its own centroid, up[p] ≥ its similarity to
	// every other centroid.
	lo, up []float64
	moved  []float64 // per cluster: angle the centroid turned in the last update

	// Per-centroid angle bounds for Dense rows (see kmeans_elkan.go):
	// la[p·k+c] ≤ the angle between the row and centroid c, ua[p] ≥ the
	// angle to its own centroid. Used when elkan is set.
	elkan      bool
	loose      bool      // la and ua still lack the last update's turns
	seeded     bool      // seedSims holds the cosines with the current centroids
	seedSims   []float64 // per position p, centre c: at p·k+c, from seed
	la, ua     []float64
	eps, slack float64
	dense      []float64 // X's row-major data, when X is Dense
	stride     int

	counts, start, members []int     // cluster membership, by counting sort
	last                   []int     // labels at the last update, −1 before the first
	dirty                  []bool    // per cluster: members changed since the last update
	norms                  []float64 // per cluster, norm of the member sum

	sd *seeding // k-means++ state, made by the first seed
}

func newLloyd(X Matrix, rows []int, rnorm []float64, k int) *lloyd {
	n := len(rows)
	st := &lloyd{
		X: X, rows: rows, rnorm: rnorm, k: k, d: X.Dims(),
		cs:      newCenterSet(X, k),
		prev:    make([]float64, k*X.Dims()),
		labels:  make([]int, n),
		sims:    make([]float64, n),
		lo:      make([]float64, n),
		up:      make([]float64, n),
		moved:   make([]float64, k),
		changed: make([]bool, kmChunks(n)),
		workers: kmWorkers(kmChunks(n)),
		counts:  make([]int, k),
		start:   make([]int, k+1),
		members: make([]int, n),
		last:    make([]int, n),
		dirty:   make([]bool, k),
		norms:   make([]float64, k),
	}
	if data, stride, ok := denseData(X); ok {
		st.dense, st.stride = data, stride
	}
	if st.dense != nil && n*k <= elkanMaxBounds {
		st.elkan = true
		st.la, st.ua = make([]float64, n*k), make([]float64, n)
		st.seedSims = make([]float64, n*k)
		st.eps, st.slack = elkanTols(st.d)
	}
	st.scratch = make([][]float64, st.workers)
	for w := range st.scratch {
		st.scratch[w] = make([]float64, k)
	}
	return st
}

// kmArgmax returns the index of the largest element of s, the lowest index on
// ties.
func kmArgmax(s []float64) int {
	best := 0
	for c := 1; c < len(s); c++ {
		if s[c] > s[best] {
			best = c
		}
	}
	return best
}

// boundSlack is subtracted from every similarity bound's margin before a
// row is skipped: it covers the rounding of the bounds (~1e-16 per update)
// and rows whose norm is 1 only to float32 precision, so a row is skipped
// only when its own centroid is the strict, exact argmax.
const boundSlack = 1e-9

// assign sets every position's label to its most similar centroid (lowest
// index on ties) and reports whether any label changed. A row whose bounds
// show its own centroid ahead of every other by more than boundSlack keeps
// its label without computing all k similarities; the labels are those a
// full computation would give.
func (st *lloyd) assign() bool {
	n := len(st.rows)
	kmRun(st.workers, len(st.changed), func(w, t int) {
		lo, hi := kmChunkRange(t, n)
		if st.elkan {
			st.changed[t] = st.assignElkan(lo, hi)
			return
		}
		out := st.scratch[w][:st.k]
		changed := false
		for p := lo; p < hi; p++ {
			own := st.labels[p]
			// Recomputing the own similarity can only help when the
			// loosening of lo (at most r·moved) might hide the gap; else
			// go straight to the full computation.
			if own >= 0 && st.lo[p]+2*st.rnorm[p]*st.moved[own]-st.up[p] > boundSlack {
				if st.lo[p]-st.up[p] > boundSlack {
					continue
				}
				s := st.X.DotDense(st.rows[p], st.cs.row(own))
				st.lo[p], st.sims[p] = s, s
				if s-st.up[p] > boundSlack {
					continue
				}
			}
			st.cs.sims(st.rows[p], out)
			c := kmArgmax(out)
			if own != c {
				st.labels[p] = c
				changed = true
			}
			second := math.Inf(-1)
			for o, s := range out {
				if o != c {
					second = max(second, s)
				}
			}
			st.sims[p], st.lo[p], st.up[p] = out[c], out[c], second
		}
		st.changed[t] = changed
	})
	st.loose, st.seeded = false, false
	return slices.Contains(st.changed, true)
}

// exactSims sets every position's sim to the cosine with its own centroid.
func (st *lloyd) exactSims() {
	n := len(st.rows)
	kmRun(st.workers, len(st.changed), func(_, t int) {
		lo, hi := kmChunkRange(t, n)
		for p := lo; p < hi; p++ {
			st.sims[p] = st.X.DotDense(st.rows[p], st.cs.row(st.labels[p]))
		}
	})
}

// loosen widens the bounds by the angles the centroids turned in the last
// update: a similarity r·cos θ to a centroid that turned by δ is now
// between r·cos(θ+δ) and r·cos(θ−δ).
func (st *lloyd) loosen() {
	if st.elkan {
		st.loose = true // assignElkan widens each row's bounds as it visits it
		return
	}
	// The largest and second largest turn, for "every other centroid".
	big, second, bigc := 0.0, 0.0, -1
	for c, a := range st.moved {
		if a > big {
			big, second, bigc = a, big, c
		} else if a > second {
			second = a
		}
	}
	n := len(st.rows)
	kmRun(st.workers, len(st.changed), func(_, t int) {
		lo, hi := kmChunkRange(t, n)
		for p := lo; p < hi; p++ {
			own := st.labels[p]
			other := big
			if own == bigc {
				other = second
			}
			r := st.rnorm[p]
			if d := st.moved[own]; d > 0 && !math.IsInf(st.lo[p], 0) {
				st.lo[p] = r * math.Cos(min(math.Pi, math.Acos(max(-1, min(1, st.lo[p]/r)))+d))
			}
			if other > 0 && !math.IsInf(st.up[p], 0) {
				st.up[p] = r * math.Cos(max(0, math.Acos(max(-1, min(1, st.up[p]/r)))-other))
			}
		}
	})
}

// repair gives every empty cluster one member: empty clusters in increasing
// order each take the position least similar to its centroid (lowest
// position on ties) among those whose cluster would not become empty. It
// reports whether anything moved.
func (st *lloyd) repair() bool {
	clear(st.counts)
	for _, c := range st.labels {
		st.counts[c]++
	}
	if !slices.Contains(st.counts, 0) {
		return false
	}
	st.exactSims() // assign leaves skipped rows' sims stale
	st.refill()
	return true
}

// refill is repair once st.counts and st.sims are current.
func (st *lloyd) refill() {
	order := make([]int, len(st.rows))
	for p := range order {
		order[p] = p
	}
	slices.SortFunc(order, func(a, b int) int {
		return cmp.Or(cmp.Compare(st.sims[a], st.sims[b]), cmp.Compare(a, b))
	})
	next := 0
	for c, size := range st.counts {
		if size > 0 {
			continue
		}
		for {
			p := order[next]
			next++
			if from := st.labels[p]; st.counts[from] > 1 {
				st.counts[from]--
				st.counts[c] = 1
				st.labels[p] = c
				st.lo[p], st.up[p] = math.Inf(-1), math.Inf(1)
				if st.elkan {
					st.ua[p] = math.Inf(1) // la stays valid: it bounds angles to centroids, whatever the label
				}
				break
			}
		}
	}
}

// update sets each centroid to the normalised sum of its members, added in
// row order, and returns the objective Σ_c ‖Σ_{i∈c} x_i‖, which equals the
// sum over members of the cosine to the new centroid. Clusters are summed in
// parallel, each by one goroutine, so the sums do not depend on GOMAXPROCS.
// It records in moved the angle each centroid turned (π when either the old
// or the new centroid is zero). A cluster with the members it had at the
// last update keeps its centroid (the same sum) and a turn of 0.
func (st *lloyd) update() float64 {
	st.cs.rows, st.prev = st.prev, st.cs.rows
	k, d := st.k, st.d
	clear(st.counts)
	for _, c := range st.labels {
		st.counts[c]++
	}
	st.start[0] = 0
	for c := range k {
		st.start[c+1] = st.start[c] + st.counts[c]
	}
	fill := slices.Clone(st.start[:k])
	for p, c := range st.labels {
		st.members[fill[c]] = p
		fill[c]++
	}
	// A cluster whose members are those of the last update has the same
	// sum, added in the same order: its centroid is copied, not summed.
	clear(st.dirty)
	for p, c := range st.labels {
		if was := st.last[p]; was != c {
			st.dirty[c] = true
			if was >= 0 {
				st.dirty[was] = true
			}
			st.last[p] = c
		}
	}
	kmRun(kmWorkers(k), k, func(_, c int) {
		row := st.cs.rows[c*d : (c+1)*d]
		if !st.dirty[c] {
			copy(row, st.prev[c*d:(c+1)*d])
			st.moved[c] = 0
			return
		}
		clear(row)
		for _, p := range st.members[st.start[c]:st.start[c+1]] {
			st.X.AddTo(st.rows[p], 1, row)
		}
		n := floats.Norm(row, 2)
		st.moved[c] = math.Pi
		if n > 0 {
			floats.Scale(1/n, row)
			if cos := floats.Dot(row, st.prev[c*d:(c+1)*d]); cos > 0.5 {
				// Above 60°, acos of a dot product of unit vectors loses
				// nothing; nearer 0 the half-chord is more accurate.
				st.moved[c] = 2 * math.Asin(min(1, floats.Distance(row, st.prev[c*d:(c+1)*d], 2)/2))
			} else {
				st.moved[c] = math.Acos(max(-1, cos))
			}
		}
		st.norms[c] = n
	})
	st.cs.sync()
	var obj float64
	for _, n := range st.norms {
		obj += n
	}
	return obj
}

// finalSims sets every position's sim to the cosine with its own centroid
// and returns their sum in row order.
func (st *lloyd) finalSims() float64 {
	n := len(st.rows)
	kmRun(st.workers, len(st.changed), func(_, t int) {
		lo, hi := kmChunkRange(t, n)
		for p := lo; p < hi; p++ {
			st.sims[p] = st.X.DotDense(st.rows[p], st.cs.row(st.labels[p]))
		}
	})
	var obj float64
	for _, s := range st.sims {
		obj += s
	}
	return obj
}

// reset starts from the k×d centroids init with no labels and no bounds
// (with elkan, the first assignment sets every la and ua).
func (st *lloyd) reset(init []float64) {
	copy(st.cs.rows, init)
	st.cs.sync()
	for p := range st.labels {
		st.labels[p], st.last[p] = -1, -1
		st.lo[p], st.up[p] = math.Inf(-1), math.Inf(1)
	}
	st.loose = false
}

// run performs Lloyd iterations from the k×d centroids init until labels stop
// changing, the objective gains less than tol·n, or maxIter iterations. It
// calls trace, if not nil, with the objective after each iteration.
func (st *lloyd) run(ctx context.Context, init []float64, cfg *kmConfig, trace func(iter int, obj float64)) (iter int, obj float64, err error) {
	st.reset(init)
	prev := math.Inf(-1)
	for it := 1; it <= cfg.maxIter; it++ {
		if err := ctx.Err(); err != nil {
			return 0, 0, err
		}
		changed := st.assign()
		if st.repair() {
			changed = true
		}
		obj := st.update()
		st.loosen()
		iter = it
		if trace != nil {
			trace(it, obj)
		}
		if !changed || obj-prev < cfg.tol*float64(len(st.rows)) {
			break
		}
		prev = obj
	}
	return iter, st.finalSims(), nil
}

// kmOutcome is the state kept from the best restart.
type kmOutcome struct {
	labels    []int
	sims      []float64
	centroids []float64
	obj       float64
	iter      int
}

// sphericalKMeans is SphericalKMeans with an optional trace of the objective
// after each iteration of each restart.
func sphericalKMeans(ctx context.Context, X Matrix, opts KMeansOptions, trace func(restart, iter int, obj float64)) (*KMeansResult, error) {
	res, _, err := runKMeans(ctx, X, opts, trace)
	return res, err
}

// runKMeans is sphericalKMeans, also returning the state of the last
// restart (the result's own when there was one restart).
func runKMeans(ctx context.Context, X Matrix, opts KMeansOptions, trace func(restart, iter int, obj float64)) (*KMeansResult, *lloyd, error) {
	cfg, err := opts.config(X)
	if err != nil {
		return nil, nil, err
	}
	norms := kmRowNorms(X)
	var rows []int
	var rnorm []float64
	for i, n := range norms {
		if n > 0 {
			rows = append(rows, i)
			rnorm = append(rnorm, n)
		}
	}
	if cfg.k > len(rows) {
		return nil, nil, fmt.Errorf("cluster: K = %d but only %d non-zero rows: %w", cfg.k, len(rows), ErrTooFewRows)
	}
	st := newLloyd(X, rows, rnorm, cfg.k)
	restarts := cfg.nInit
	if cfg.nSeeds == cfg.k {
		restarts = 1 // every restart would start from the same centroids
	}
	init := make([]float64, cfg.k*st.d)
	var best *kmOutcome
	var kept [][]int
	for r := range restarts {
		if err := ctx.Err(); err != nil {
			return nil, nil, err
		}
		if err := st.seed(ctx, cfg, init); err != nil {
			return nil, nil, err
		}
		var tr func(int, float64)
		if trace != nil {
			tr = func(it int, obj float64) { trace(r, it, obj) }
		}
		iter, obj, err := st.run(ctx, init, cfg, tr)
		if err != nil {
			return nil, nil, err
		}
		if opts.KeepRestarts {
			kept = append(kept, spreadLabels(st.labels, X.Rows(), rows, renumber(st.labels, rows, cfg.k)))
		}
		if opts.Progress != nil {
			opts.Progress(r+1, restarts)
		}
		if best == nil || obj > best.obj {
			if best == nil {
				best = &kmOutcome{}
			}
			best.labels = append(best.labels[:0], st.labels...)
			best.sims = append(best.sims[:0], st.sims...)
			best.centroids = append(best.centroids[:0], st.cs.rows...)
			best.obj, best.iter = obj, iter
		}
	}
	res := best.result(X.Rows(), rows, cfg.k, st.d)
	res.Restarts = kept
	return res, st, nil
}

// renumber returns, for labels over the positions of rows, each cluster's
// new number: by decreasing size, ties by lowest first member row.
func renumber(labels, rows []int, k int) (newOf []int) {
	size := make([]int, k)
	first := make([]int, k)
	for c := range first {
		first[c] = math.MaxInt
	}
	for p, c := range labels {
		size[c]++
		first[c] = min(first[c], rows[p])
	}
	order := make([]int, k) // new number → old number
	for c := range order {
		order[c] = c
	}
	slices.SortFunc(order, func(a, b int) int {
		return cmp.Or(cmp.Compare(size[b], size[a]), cmp.Compare(first[a], first[b]))
	})
	newOf = make([]int, k)
	for nc, oc := range order {
		newOf[oc] = nc
	}
	return newOf
}

// spreadLabels returns labels over all n rows of X: position p's label
// renumbered by newOf at row rows[p], and cluster 0 for the zero rows.
func spreadLabels(labels []int, n int, rows, newOf []int) []int {
	out := make([]int, n)
	for p, c := range labels {
		out[rows[p]] = newOf[c]
	}
	return out
}

// result renumbers clusters by decreasing size, ties by lowest first member
// row, and spreads the outcome over all rows of X: the zero rows join
// cluster 0 with Sim 0, as Assign would put them.
func (o *kmOutcome) result(n int, rows []int, k, d int) *KMeansResult {
	newOf := renumber(o.labels, rows, k)
	res := &KMeansResult{
		Labels:    spreadLabels(o.labels, n, rows, newOf),
		Centroids: mat.NewDense(k, d, nil),
		Sims:      make([]float64, n),
		Sizes:     make([]int, k),
		Iter:      o.iter,
	}
	for p := range o.labels {
		res.Sims[rows[p]] = o.sims[p]
	}
	for _, c := range res.Labels {
		res.Sizes[c]++
	}
	for _, s := range res.Sims {
		res.Objective += s
	}
	for oc, nc := range newOf {
		copy(res.Centroids.RawRowView(nc), o.centroids[oc*d:(oc+1)*d])
	}
	return res
}

// Assign labels each row of X with its most similar centroid (the lowest
// index on ties) and returns the cosines, as SphericalKMeans labels its own
// rows at convergence; use it to place new rows against a saved result's
// Centroids. A zero row gets label 0 and similarity 0. Assign panics if
// centroids has no rows or its column count differs from X.Dims().
func Assign(X Matrix, centroids *mat.Dense) (labels []int, sims []float64) {
	k, d := centroids.Dims()
	if d != X.Dims() {
		panic(fmt.Sprintf("cluster: centroids have %d columns, X has %d", d, X.Dims()))
	}
	cs := newCenterSet(X, k)
	for c := range k {
		copy(cs.row(c), centroids.RawRowView(c))
	}
	cs.sync()
	n := X.Rows()
	labels = make([]int, n)
	sims = make([]float64, n)
	kmRows(n, k, func(out []float64, lo, hi int) {
		for i := lo; i < hi; i++ {
			cs.sims(i, out)
			labels[i] = kmArgmax(out)
			sims[i] = out[labels[i]]
		}
	})
	return labels, sims
}

// Assigner places one sparse row at a time against fixed centroids, with
// the labels and cosines Assign gives for the same rows: for a worker that
// sees rows one by one (a distributed pipeline) rather than as a Matrix.
// It is not safe for concurrent use.
type Assigner struct {
	k    int
	cols []float64 // Dims × K: the centroids column-major, as centerSet.cols
	out  []float64
}

// NewAssigner returns an Assigner for the k × Dims centroids. It panics
// if centroids has no rows.
func NewAssigner(centroids *mat.Dense) *Assigner {
	k, d := centroids.Dims()
	a := &Assigner{k: k, cols: make([]float64, k*d), out: make([]float64, k)}
	for c := range k {
		for j, v := range centroids.RawRowView(c) {
			a.cols[j*k+c] = v
		}
	}
	return a
}

// Assign returns the most similar centroid of the row (the lowest index on
// ties) and the cosine: label 0 and 0 for an empty row. The row's columns
// must be below Dims.
func (a *Assigner) Assign(row sparse.Vector) (label int, sim float64) {
	clear(a.out)
	k := a.k
	for p, j := range row.Ind {
		floats.AddScaled(a.out, float64(row.Val[p]), a.cols[int(j)*k:int(j)*k+k])
	}
	label = kmArgmax(a.out)
	return label, a.out[label]
}
