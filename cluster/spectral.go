package cluster

import (
	"cmp"
	"context"
	"errors"
	"math"
	"math/rand/v2"
	"slices"

	"gonum.org/v1/gonum/floats"
	"gonum.org/v1/gonum/mat"
)

// Spectrum of the cosine nearest-neighbour graph, for CriterionEigengap.
//
// The graph links every row to its m most similar rows (cosine, ties by
// the lower row) and keeps a link when either end chose it (the
// symmetrised kNN graph of von Luxburg 2007), weighted by the cosine
// clamped at 0. The affinity A = D^−½·W·D^−½ has eigenvalues in [−1, 1];
// its top p are found by subspace iteration on (A + I)/2, which has the
// same eigenvectors and non-negative eigenvalues, with a Rayleigh–Ritz step
// every few iterations, so the cost is O(n·m·b) per iteration for a block
// of b vectors rather than O(n³).

const (
	spectrumMaxIter = 1000 // iterations of the subspace iteration at most
	spectrumCheck   = 10   // iterations between Rayleigh–Ritz steps
	spectrumTol     = 1e-7 // stop when the top p Ritz values move less
	spectrumExtra   = 8    // block vectors beyond the p wanted
	kNNBlock        = 256  // rows whose similarities are computed at once
)

// adjacency is a symmetric sparse matrix in compressed rows.
type adjacency struct {
	n      int
	indptr []int
	ind    []int
	val    []float64
}

// mul sets dst (n × b, row-major) to (A + I)/2 · src.
func (a *adjacency) mul(dst, src []float64, b int) {
	kmRun(kmWorkers(kmChunks(a.n)), kmChunks(a.n), func(_, t int) {
		lo, hi := kmChunkRange(t, a.n)
		for i := lo; i < hi; i++ {
			out := dst[i*b : (i+1)*b]
			copy(out, src[i*b:(i+1)*b])
			for p := a.indptr[i]; p < a.indptr[i+1]; p++ {
				floats.AddScaled(out, a.val[p], src[a.ind[p]*b:(a.ind[p]+1)*b])
			}
			floats.Scale(0.5, out)
		}
	})
}

// knnAffinity returns D^−½·W·D^−½ for the symmetrised m-nearest-neighbour
// graph W of the rows of S (see above).
func knnAffinity(ctx context.Context, S Matrix, m int) (*adjacency, error) {
	n, d := S.Rows(), S.Dims()
	E := mat.NewDense(n, d, nil)
	for i := range n {
		S.AddTo(i, 1, E.RawRowView(i))
	}
	m = min(m, n-1)
	nbr := make([]int, n*m)
	sim := make([]float64, n*m)
	blocks := (n + kNNBlock - 1) / kNNBlock
	var err error
	kmRun(kmWorkers(blocks), blocks, func(_, t int) {
		if ctx.Err() != nil {
			err = ctx.Err()
			return
		}
		lo, hi := t*kNNBlock, min((t+1)*kNNBlock, n)
		var G mat.Dense
		G.Mul(E.Slice(lo, hi, 0, d), E.T())
		type cand struct {
			j int
			s float64
		}
		best := make([]cand, 0, m+1)
		for i := lo; i < hi; i++ {
			best = best[:0]
			for j, s := range G.RawRowView(i - lo) {
				if j == i {
					continue
				}
				if len(best) == m {
					w := best[m-1]
					if s < w.s || (s == w.s && j > w.j) {
						continue
					}
					best = best[:m-1]
				}
				// Insert keeping best sorted by decreasing similarity, ties by lower j.
				at, _ := slices.BinarySearchFunc(best, cand{j, s}, func(a, b cand) int {
					return cmp.Or(cmp.Compare(b.s, a.s), cmp.Compare(a.j, b.j))
				})
				best = slices.Insert(best, at, cand{j, s})
			}
			for q, c := range best {
				nbr[i*m+q], sim[i*m+q] = c.j, max(c.s, 0)
			}
		}
	})
	if err != nil {
		return nil, err
	}
	// Symmetrise: the links of each row, its own and those pointing at it.
	type link struct {
		j int
		w float64
	}
	links := make([][]link, n)
	for i := range n {
		for q := range m {
			j, w := nbr[i*m+q], sim[i*m+q]
			links[i] = append(links[i], link{j, w})
			links[j] = append(links[j], link{i, w})
		}
	}
	a := &adjacency{n: n, indptr: make([]int, n+1)}
	deg := make([]float64, n)
	for i, ls := range links {
		slices.SortFunc(ls, func(x, y link) int { return cmp.Compare(x.j, y.j) })
		ls = slices.CompactFunc(ls, func(x, y link) bool { return x.j == y.j })
		links[i] = ls
		for _, l := range ls {
			a.ind = append(a.ind, l.j)
			a.val = append(a.val, l.w)
			deg[i] += l.w
		}
		a.indptr[i+1] = len(a.ind)
	}
	for i := range n {
		for p := a.indptr[i]; p < a.indptr[i+1]; p++ {
			if dd := deg[i] * deg[a.ind[p]]; dd > 0 {
				a.val[p] /= math.Sqrt(dd)
			} else {
				a.val[p] = 0
			}
		}
	}
	return a, nil
}

// graphSpectrum returns the p largest eigenvalues, in decreasing order, of
// the affinity of the m-nearest-neighbour graph of the rows of S (fewer
// when S has fewer rows). The start block is drawn from rng.
func graphSpectrum(ctx context.Context, S Matrix, m, p int, rng *rand.Rand) ([]float64, error) {
	a, err := knnAffinity(ctx, S, m)
	if err != nil {
		return nil, err
	}
	vals, _, err := a.top(ctx, p, rng)
	return vals, err
}

// top returns the p largest eigenvalues of a, in decreasing order, and
// their eigenvectors as the columns of an n × p matrix.
func (a *adjacency) top(ctx context.Context, p int, rng *rand.Rand) ([]float64, *mat.Dense, error) {
	n := a.n
	p = min(p, n)
	b := min(n, p+spectrumExtra)
	Q := mat.NewDense(n, b, nil)
	for i := range n {
		for j := range b {
			Q.Set(i, j, rng.NormFloat64())
		}
	}
	Z := mat.NewDense(n, b, nil)
	var prev, vals []float64
	for it := 0; it < spectrumMaxIter; it += spectrumCheck {
		if err := ctx.Err(); err != nil {
			return nil, nil, err
		}
		// Power steps; (A + I)/2 has eigenvalues in [0, 1], so the
		// columns shrink but stay independent over spectrumCheck steps.
		for range spectrumCheck - 1 {
			a.mul(Z.RawMatrix().Data, Q.RawMatrix().Data, b)
			Q, Z = Z, Q
		}
		orth(Q)
		// Rayleigh–Ritz: T = Qᵀ·B·Q; Q turns to T's eigenvectors.
		a.mul(Z.RawMatrix().Data, Q.RawMatrix().Data, b)
		var T mat.Dense
		T.Mul(Q.T(), Z)
		sym := mat.NewSymDense(b, nil)
		for i := range b {
			for j := i; j < b; j++ {
				sym.SetSym(i, j, (T.At(i, j)+T.At(j, i))/2)
			}
		}
		var eig mat.EigenSym
		if !eig.Factorize(sym, true) {
			return nil, nil, errors.New("cluster: eigendecomposition failed")
		}
		ev := eig.Values(nil) // ascending
		var V mat.Dense
		eig.VectorsTo(&V)
		vals = make([]float64, p)
		for q := range p {
			vals[q] = 2*ev[b-1-q] - 1 // back from (A + I)/2 to A
		}
		var R mat.Dense
		R.Mul(Q, &V)
		Q.Copy(&R)
		if prev != nil {
			moved := 0.0
			for q := range p {
				moved = max(moved, math.Abs(vals[q]-prev[q]))
			}
			if moved < spectrumTol {
				break
			}
		}
		prev = vals
	}
	return vals, mat.DenseCopyOf(Q.Slice(0, n, 0, p)), nil
}

// eigengapScores scores k by λ_k − λ_{k+1}, the eigenvalues (in
// decreasing order) of the affinity D^−½·W·D^−½ of the symmetrised cosine
// m-nearest-neighbour graph W of the rows of S.
func eigengapScores(ctx context.Context, S Matrix, lo, hi int, rng *rand.Rand) ([]KSelScore, error) {
	vals, err := graphSpectrum(ctx, S, defaultGraphNeighbors, hi+1, rng)
	if err != nil {
		return nil, err
	}
	var scores []KSelScore
	for k := lo; k <= hi; k++ {
		sc := KSelScore{K: k, Score: math.Inf(-1), Eigengap: math.Inf(-1)}
		if k < len(vals) {
			sc.Score = vals[k-1] - vals[k]
			sc.Eigengap = sc.Score
		}
		scores = append(scores, sc)
	}
	return scores, nil
}
