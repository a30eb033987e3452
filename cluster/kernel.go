package cluster

import (
	"gonum.org/v1/gonum/floats"
	"math"
	"runtime"
	"sync"
	"sync/atomic"

	"newsclust/vectorize/sparse"
)

// kmChunk is the number of rows in one unit of parallel work. It is fixed,
// not derived from the worker count, so that every per-chunk partial result
// (and the order in which partials are combined) is the same whatever
// GOMAXPROCS is.
const kmChunk = 256

// kmChunks returns the number of kmChunk-row chunks covering n rows.
func kmChunks(n int) int { return (n + kmChunk - 1) / kmChunk }

// kmChunkRange returns the half-open row range of chunk t out of n rows.
func kmChunkRange(t, n int) (lo, hi int) {
	return t * kmChunk, min((t+1)*kmChunk, n)
}

// kmWorkers returns how many goroutines kmRun will use for tasks tasks.
func kmWorkers(tasks int) int {
	return max(1, min(runtime.GOMAXPROCS(0), tasks))
}

// kmRun calls fn(worker, task) for every task in [0, tasks) on workers
// goroutines (as returned by kmWorkers); worker in [0, workers) lets fn use
// per-worker scratch. Tasks must write to disjoint memory; any reduction over
// tasks is done afterwards, in task order, by the caller.
func kmRun(workers, tasks int, fn func(worker, task int)) {
	if workers <= 1 || tasks <= 1 {
		for t := range tasks {
			fn(0, t)
		}
		return
	}
	var next atomic.Int64
	var wg sync.WaitGroup
	for w := range workers {
		wg.Go(func() {
			for {
				t := int(next.Add(1)) - 1
				if t >= tasks {
					return
				}
				fn(w, t)
			}
		})
	}
	wg.Wait()
}

// centerSet holds m dense vectors of dimension d against which rows of a
// Matrix are scored. rows is row-major m×d; when X is a *sparse.CSR, cols is
// the transpose (d×m), so that each stored entry of a sparse row touches m
// contiguous floats.
type centerSet struct {
	X    Matrix
	csr  *sparse.CSR // X, when it is a CSR; nil otherwise
	m, d int
	rows []float64
	cols []float64
}

func newCenterSet(X Matrix, m int) *centerSet {
	cs := &centerSet{X: X, m: m, d: X.Dims(), rows: make([]float64, m*X.Dims())}
	if a, ok := X.(*sparse.CSR); ok {
		cs.csr = a
		cs.cols = make([]float64, m*cs.d)
	}
	return cs
}

// row returns vector c.
func (cs *centerSet) row(c int) []float64 { return cs.rows[c*cs.d : (c+1)*cs.d] }

// sync refreshes the transposed copy after rows changed.
func (cs *centerSet) sync() {
	if cs.cols == nil {
		return
	}
	m, d := cs.m, cs.d
	for c := range m {
		r := cs.rows[c*d : (c+1)*d]
		for j, v := range r {
			cs.cols[j*m+c] = v
		}
	}
}

// sims sets out[c] = row i of X · vector c for c in [0, m). For a CSR, each
// out[c] sums the same products in the same order (the row's stored entries
// in column order) as CSR.DotDense, one axpy of length m per entry.
func (cs *centerSet) sims(i int, out []float64) {
	out = out[:cs.m]
	if a := cs.csr; a != nil {
		clear(out)
		m := cs.m
		lo, hi := a.Indptr[i], a.Indptr[i+1]
		val := a.Val[lo:hi]
		for p, j := range a.Ind[lo:hi] {
			v := float64(val[p])
			floats.AddScaled(out, v, cs.cols[int(j)*m:int(j)*m+m])
		}
		return
	}
	for c := range out {
		out[c] = cs.X.DotDense(i, cs.row(c))
	}
}

// kmRowNorms returns the Euclidean norm of every row of X, using a Norm(i)
// method when X has one and otherwise computing row·row through a scratch
// vector (which AddTo with -1 returns exactly to zero).
func kmRowNorms(X Matrix) []float64 {
	n := X.Rows()
	norms := make([]float64, n)
	if nx, ok := X.(interface{ Norm(int) float64 }); ok {
		for i := range n {
			norms[i] = nx.Norm(i)
		}
		return norms
	}
	buf := make([]float64, X.Dims())
	for i := range n {
		X.AddTo(i, 1, buf)
		norms[i] = math.Sqrt(X.DotDense(i, buf))
		X.AddTo(i, -1, buf)
	}
	return norms
}

// kmRows runs fn over fixed chunks [lo, hi) of n rows on the worker pool,
// handing each call a scratch slice of length k owned by its worker.
func kmRows(n, k int, fn func(scratch []float64, lo, hi int)) {
	tasks := kmChunks(n)
	workers := kmWorkers(tasks)
	scratch := make([][]float64, workers)
	for w := range scratch {
		scratch[w] = make([]float64, k)
	}
	kmRun(workers, tasks, func(w, t int) {
		lo, hi := kmChunkRange(t, n)
		fn(scratch[w], lo, hi)
	})
}
