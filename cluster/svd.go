package cluster

import (
	"context"
	"errors"
	"fmt"
	"math"
	"math/rand/v2"

	"gonum.org/v1/gonum/blas"
	"gonum.org/v1/gonum/blas/blas64"
	"gonum.org/v1/gonum/floats"
	"gonum.org/v1/gonum/lapack/lapack64"
	"gonum.org/v1/gonum/mat"

	"newsclust/vectorize/sparse"
)

// Truncated SVD, LSA and the 2-D map.
//
// RandomizedSVD follows Halko, Martinsson & Tropp (2011), "Finding structure
// with randomness", Algorithm 4.4 (randomized subspace iteration) then
// Algorithm 5.1 (direct SVD). For X (n × d), rank r, oversampling p, q power
// iterations and l = min(r + p, n, d):
//
//  1. Ω (d × l) has independent standard normal entries drawn from src with
//     rand.New(src).NormFloat64, row by row.
//  2. Y = X·Ω (n × l); Q = orth(Y).
//  3. q times: Q̃ = orth(Xᵀ·Q) (d × l), Q = orth(X·Q̃). Mathematically this
//     is Q = orth((X·Xᵀ)^q·X·Ω); re-orthonormalising after every product
//     keeps the small singular directions from being lost to rounding.
//     Every orth but the last is a single CholeskyQR round (orthFast).
//  4. B = Qᵀ·X (l × d), computed as its transpose Bᵀ = Xᵀ·Q (d × l).
//  5. mat.SVD (thin) of Bᵀ = Ũ·Σ·W̃ᵀ, so B = W̃·Σ·Ũᵀ.
//  6. U = Q·W̃, S = diag(Σ), V = Ũ; keep the first r columns.
//  7. Signs: each component k is flipped (U[:,k] and V[:,k] together) so
//     that the largest-magnitude entry of V[:,k] is positive (the first
//     such entry on ties).
//
// orth(A) is an orthonormal basis of the range of A: CholeskyQR2 (Fukaya,
// Nakatsukasa, Yanagisawa & Yamamoto 2014), falling back to the thin Q of
// the Householder QR factorisation when A is too ill-conditioned. The error
// in the result shrinks like (σ_{l+1}/σ_r)^(2q+1); with l = min(n, d) the
// range is captured completely and the result is exact up to rounding.
//
// The sparse products are parallel over fixed blocks of output rows (X·A
// row by row over X, Xᵀ·A column by column over the inverted index), each
// output row summed in a fixed order, so the result does not depend on
// GOMAXPROCS.

// Errors from the SVD functions.
var (
	ErrEmptyMatrix = errors.New("matrix has no rows or no columns")
	ErrSVDFailed   = errors.New("SVD did not converge")
)

// svdBlock is the number of output rows per parallel block of the sparse
// products.
const svdBlock = 256

// LSA oversampling and power iterations. The oversampling is scikit-learn
// TruncatedSVD's default (n_oversamples=10); its n_iter=5 is cut to 2
// because spherical k-means (10 restarts, 5 seeds) in the rank-100
// embedding scored the same NMI with q = 2 as with q = 5 (20 Newsgroups
// 4-category subset 0.692 vs 0.694, Reuters R8 0.573 vs 0.572), while q = 0
// or 1 scored up to 0.05 lower; each iteration costs two passes over X and
// two orthonormalisations.
const (
	lsaOversample = 10
	lsaPowerIter  = 2
)

func randomizedSVD(ctx context.Context, X *sparse.CSR, r, p, q int, src rand.Source) (*SVD, error) {
	if r < 1 || p < 0 || q < 0 {
		panic("cluster: RandomizedSVD needs r >= 1, p >= 0, q >= 0")
	}
	if src == nil {
		panic("cluster: RandomizedSVD needs a rand.Source")
	}
	n, d := X.NRows, X.NCols
	if n == 0 || d == 0 {
		return nil, fmt.Errorf("cluster: randomized SVD of a %d×%d matrix: %w", n, d, ErrEmptyMatrix)
	}
	r = min(r, n, d)
	l := min(r+p, n, d)

	rng := rand.New(src)
	omega := mat.NewDense(d, l, nil)
	raw := omega.RawMatrix().Data
	for i := range raw {
		raw[i] = rng.NormFloat64()
	}

	ix := NewIndex(X)
	Q := mat.NewDense(n, l, nil)
	if err := mulCSR(ctx, Q, X, omega); err != nil {
		return nil, err
	}
	// Only the last Q must be orthonormal to rounding: B = Qᵀ·X and U =
	// Q·W̃ rely on it. The bases in between only carry the range into the
	// next product, so one CholeskyQR round (orthonormal to about ε·κ²)
	// does for them.
	orthStep := func(A *mat.Dense, last bool) {
		if last {
			orth(A)
		} else {
			orthFast(A)
		}
	}
	orthStep(Q, q == 0)
	Qt := mat.NewDense(d, l, nil)
	for it := range q {
		if err := mulIndex(ctx, Qt, ix, Q); err != nil {
			return nil, err
		}
		orthFast(Qt)
		if err := mulCSR(ctx, Q, X, Qt); err != nil {
			return nil, err
		}
		orthStep(Q, it == q-1)
	}
	Bt := Qt // reuse: d × l
	if err := mulIndex(ctx, Bt, ix, Q); err != nil {
		return nil, err
	}

	uB, wB, vals, err := thinSVD(ctx, Bt, ix, Q)
	if err != nil {
		return nil, err
	}

	out := &SVD{
		U: mat.NewDense(n, r, nil),
		S: vals[:r:r],
		V: mat.DenseCopyOf(uB.Slice(0, d, 0, r)),
	}
	out.U.Mul(Q, wB.Slice(0, l, 0, r))
	fixSigns(out.U, out.V)
	return out, nil
}

// thinSVD returns the thin SVD Bt = uB·diag(vals)·wBᵀ of the d × l matrix
// Bt = Xᵀ·Q, overwriting Bt. It first factors Bt = Q̃·R by CholeskyQR2 and
// then takes the SVD of the small l × l matrix R = Ur·Σ·Wᵀ, so that uB =
// Q̃·Ur: this keeps the work on the tall matrix in parallel Level-3 steps.
// When Bt is too ill-conditioned for CholeskyQR2 it recomputes Bt from ix
// and Q and factors it with mat.SVD directly.
func thinSVD(ctx context.Context, Bt *mat.Dense, ix *Index, Q *mat.Dense) (uB, wB *mat.Dense, vals []float64, err error) {
	_, l := Bt.Dims()
	var f mat.SVD
	if R1, ok := cholQR(Bt); ok {
		if R2, ok := cholQR(Bt); ok {
			var R mat.Dense
			R.Mul(R2, R1)
			if !f.Factorize(&R, mat.SVDThin) {
				return nil, nil, nil, fmt.Errorf("cluster: randomized SVD: %w", ErrSVDFailed)
			}
			var ur mat.Dense
			f.UTo(&ur)
			uB = mat.NewDense(Bt.RawMatrix().Rows, l, nil)
			uB.Mul(Bt, &ur)
			wB = new(mat.Dense)
			f.VTo(wB)
			return uB, wB, f.Values(nil), nil
		}
		if err := mulIndex(ctx, Bt, ix, Q); err != nil {
			return nil, nil, nil, err
		}
	}
	if !f.Factorize(Bt, mat.SVDThin) {
		return nil, nil, nil, fmt.Errorf("cluster: randomized SVD: %w", ErrSVDFailed)
	}
	uB, wB = new(mat.Dense), new(mat.Dense)
	f.UTo(uB) // d × l
	f.VTo(wB) // l × l
	return uB, wB, f.Values(nil), nil
}

// fixSigns flips column k of U and V together so that the largest-magnitude
// entry of V[:,k] (the first on ties) is positive.
func fixSigns(U, V *mat.Dense) {
	nu, r := U.Dims()
	nv, _ := V.Dims()
	for k := range r {
		best, at := -1.0, 0
		for j := range nv {
			if a := math.Abs(V.At(j, k)); a > best {
				best, at = a, j
			}
		}
		if V.At(at, k) >= 0 {
			continue
		}
		for j := range nv {
			V.Set(j, k, -V.At(j, k))
		}
		for i := range nu {
			U.Set(i, k, -U.At(i, k))
		}
	}
}

// orth replaces the m × l matrix A (m >= l) by l orthonormal columns
// spanning the range of A. It uses CholeskyQR2 (two rounds of: G = AᵀA,
// G = RᵀR, A = A·R⁻¹), whose products are Level-3 and parallel, and falls
// back to Householder QR when A is too ill-conditioned for the Cholesky
// factor to be trusted (see cholQR).
func orth(A *mat.Dense) {
	if _, ok := cholQR(A); ok {
		if _, ok := cholQR(A); ok {
			return
		}
	}
	householderQ(A)
}

// orthFast is orth with a single CholeskyQR round: its columns span the
// range of A and are orthonormal to about ε·κ(A)², with the same
// Householder fallback.
func orthFast(A *mat.Dense) {
	if _, ok := cholQR(A); !ok {
		householderQ(A)
	}
}

// cholMaxCond is the largest condition number of G = AᵀA for which cholQR
// proceeds: κ(A) ≤ 1e6, so one round leaves AᵀA within about ε·κ(A)² ≈
// 1e-4 of I, and the second round makes it orthonormal to rounding
// (Fukaya et al. 2014, "CholeskyQR2").
const cholMaxCond = 1e12

// orthBlock is the number of rows of A per parallel block in cholQR.
const orthBlock = 1024

// cholQR performs one CholeskyQR round on A in place, A = A·R⁻¹ with
// AᵀA = RᵀR, and returns R and whether it did; on false A is unchanged. The Gram matrix is summed from blocks of
// orthBlock rows, each block's partial computed by one goroutine and the
// partials added in block order, so the result does not depend on
// GOMAXPROCS.
func cholQR(A *mat.Dense) (*mat.TriDense, bool) {
	m, l := A.Dims()
	if l == 0 {
		return nil, true // nothing to do; only reached with no columns
	}
	raw := A.RawMatrix()
	nb := (m + orthBlock - 1) / orthBlock
	parts := make([][]float64, nb)
	kmRun(kmWorkers(nb), nb, func(_, b int) {
		lo, hi := b*orthBlock, min((b+1)*orthBlock, m)
		g := blas64.Symmetric{N: l, Stride: l, Uplo: blas.Upper, Data: make([]float64, l*l)}
		sub := blas64.General{Rows: hi - lo, Cols: l, Stride: raw.Stride, Data: raw.Data[lo*raw.Stride:]}
		blas64.Syrk(blas.Trans, 1, sub, 0, g)
		parts[b] = g.Data
	})
	G := mat.NewSymDense(l, nil)
	gr := G.RawSymmetric().Data
	for _, p := range parts {
		for i := range l {
			for j := i; j < l; j++ {
				gr[i*l+j] += p[i*l+j]
			}
		}
	}
	var ch mat.Cholesky
	if !ch.Factorize(G) || !(ch.Cond() <= cholMaxCond) {
		return nil, false
	}
	var R, Rinv mat.TriDense
	ch.UTo(&R)
	if err := Rinv.InverseTri(&R); err != nil {
		return nil, false
	}
	// A·R⁻¹ row block by row block, in parallel; each output row depends
	// only on its own input row.
	ri := Rinv.RawTriangular()
	kmRun(kmWorkers(nb), nb, func(_, b int) {
		lo, hi := b*orthBlock, min((b+1)*orthBlock, m)
		sub := blas64.General{Rows: hi - lo, Cols: l, Stride: raw.Stride, Data: raw.Data[lo*raw.Stride:]}
		blas64.Trmm(blas.Right, blas.NoTrans, 1, ri, sub)
	})
	return &R, true
}

// householderQ replaces A (m × l, m >= l) by the thin Q factor of its
// Householder QR factorisation, from lapack64.Geqrf and Orgqr (what mat.QR
// runs internally; mat.QR only hands out the full square Q).
func householderQ(A *mat.Dense) {
	g := A.RawMatrix()
	tau := make([]float64, g.Cols)
	work := []float64{0}
	lapack64.Geqrf(g, tau, work, -1)
	lwork := int(work[0])
	lapack64.Orgqr(g, tau, work, -1)
	lwork = max(lwork, int(work[0]), g.Cols, 1)
	work = make([]float64, lwork)
	lapack64.Geqrf(g, tau, work, lwork)
	lapack64.Orgqr(g, tau, work, lwork)
}

// mulCSR sets dst (n × l) to X·A for A (d × l), row i of dst being
// Σ_k X[i,j_k]·A[j_k,:] over the stored entries of row i in order.
func mulCSR(ctx context.Context, dst *mat.Dense, X *sparse.CSR, A *mat.Dense) error {
	out, a := dst.RawMatrix(), A.RawMatrix()
	l := a.Cols
	return forBlocks(ctx, X.NRows, svdBlock, func() func(lo, hi int) {
		return func(lo, hi int) {
			for i := lo; i < hi; i++ {
				row := out.Data[i*out.Stride : i*out.Stride+l]
				clear(row)
				for k := X.Indptr[i]; k < X.Indptr[i+1]; k++ {
					addScaled(float64(X.Val[k]), a.Data[int(X.Ind[k])*a.Stride:int(X.Ind[k])*a.Stride+l], row)
				}
			}
		}
	})
}

// mulIndex sets dst (d × l) to Xᵀ·A for A (n × l), row j of dst being
// Σ_p X[r_p,j]·A[r_p,:] over column j's posting list in row order.
func mulIndex(ctx context.Context, dst *mat.Dense, ix *Index, A *mat.Dense) error {
	out, a := dst.RawMatrix(), A.RawMatrix()
	l := a.Cols
	return forBlocks(ctx, ix.ncols, svdBlock, func() func(lo, hi int) {
		return func(lo, hi int) {
			for j := lo; j < hi; j++ {
				row := out.Data[j*out.Stride : j*out.Stride+l]
				clear(row)
				rows, vals := ix.column(int32(j))
				for p, r := range rows {
					addScaled(float64(vals[p]), a.Data[int(r)*a.Stride:int(r)*a.Stride+l], row)
				}
			}
		}
	})
}

// addScaled adds alpha·x to y (same length), with gonum's assembly axpy.
func addScaled(alpha float64, x, y []float64) {
	floats.AddScaled(y[:len(x)], alpha, x)
}

// LSA returns the latent semantic embedding of the rows of X: the rank-r
// truncated SVD from RandomizedSVD (oversampling 10 as scikit-learn's
// TruncatedSVD, 2 power iterations where it uses 5) and the n × r matrix
//
//	E = X·V, each row divided by its L2 norm (zero rows stay zero),
//
// ready for SphericalKMeans. X·V equals U·diag(S) up to the part of X
// outside the captured range ((I − Q·Qᵀ)·X·V, zero when the decomposition
// is exact); it is used rather than U·diag(S) because it is exactly what
// Project gives for a new row, and an empty row maps to exactly zero rather
// than to rounding noise. r is reduced to min(n, d). A new row x is
// embedded the same way by normalising svd.Project(x). LSA returns
// ErrEmptyMatrix (wrapped) when X has no rows or no columns, and panics if
// r < 1.
func LSA(ctx context.Context, X *sparse.CSR, r int, src rand.Source) (*Dense, *SVD, error) {
	s, err := RandomizedSVD(ctx, X, r, lsaOversample, lsaPowerIter, src)
	if err != nil {
		return nil, nil, err
	}
	_, k := s.V.Dims()
	E := mat.NewDense(X.NRows, k, nil)
	if err := mulCSR(ctx, E, X, s.V); err != nil {
		return nil, nil, err
	}
	for i := range X.NRows {
		row := E.RawRowView(i)
		if ss := dotSelf(row); ss > 0 {
			inv := 1 / math.Sqrt(ss)
			for c := range row {
				row[c] *= inv
			}
		}
	}
	return &Dense{E}, s, nil
}

// dotSelf returns Σ x_i².
func dotSelf(x []float64) float64 {
	var s float64
	for _, v := range x {
		s += v * v
	}
	return s
}

// Project returns v·V, the coordinates of the row vector v in the space of
// the decomposition's right singular vectors (length r). For a training row
// x_i this is U[i,:]·diag(S) up to the approximation error of the truncated
// SVD; normalise it to compare with LSA's embedding. Project panics if v has
// a column outside V's rows.
func (s *SVD) Project(v sparse.Vector) []float64 {
	d, r := s.V.Dims()
	out := make([]float64, r)
	raw := s.V.RawMatrix()
	for t, j := range v.Ind {
		if j < 0 || int(j) >= d {
			panic("cluster: Project: vector column out of range")
		}
		addScaled(float64(v.Val[t]), raw.Data[int(j)*raw.Stride:int(j)*raw.Stride+r], out)
	}
	return out
}

// map2DRank caps the LSA rank used by Map2D; map2DFlat is the RMS spread
// under which the layout is treated as a single point.
const (
	map2DRank = 50
	map2DFlat = 1e-9
)

func map2D(ctx context.Context, X *sparse.CSR, src rand.Source) ([][2]float64, error) {
	n := X.NRows
	if n <= 1 || X.NCols == 0 || X.NNZ() == 0 {
		return make([][2]float64, n), nil
	}
	E, _, err := LSA(ctx, X, min(map2DRank, n, X.NCols), src)
	if err != nil {
		return nil, err
	}
	return map2DFrom(E)
}

func map2DFrom(E *Dense) ([][2]float64, error) {
	n, r := E.Dense.Dims()
	out := make([][2]float64, n)
	if n <= 1 || r == 0 {
		return out, nil
	}

	// Centre the rows and form the r × r scatter matrix.
	mean := make([]float64, r)
	for i := range n {
		addScaled(1, E.RawRowView(i), mean)
	}
	for c := range mean {
		mean[c] /= float64(n)
	}
	C := mat.NewDense(n, r, nil)
	for i := range n {
		row, e := C.RawRowView(i), E.RawRowView(i)
		for c := range row {
			row[c] = e[c] - mean[c]
		}
	}
	var scatter mat.SymDense
	scatter.SymOuterK(1, C.T())

	var eig mat.EigenSym
	if !eig.Factorize(&scatter, true) {
		return nil, fmt.Errorf("cluster: 2-D map: %w", ErrSVDFailed)
	}
	var vecs mat.Dense
	eig.VectorsTo(&vecs) // columns by ascending eigenvalue
	axes := min(2, r)
	W := mat.NewDense(r, 2, nil)
	for a := range axes {
		col := r - 1 - a
		best, at := -1.0, 0
		for j := range r {
			if v := math.Abs(vecs.At(j, col)); v > best {
				best, at = v, j
			}
		}
		sign := 1.0
		if vecs.At(at, col) < 0 {
			sign = -1
		}
		for j := range r {
			W.Set(j, a, sign*vecs.At(j, col))
		}
	}
	var P mat.Dense
	P.Mul(C, W)

	var ss float64
	for i := range n {
		x, y := P.At(i, 0), P.At(i, 1)
		out[i] = [2]float64{x, y}
		ss += x*x + y*y
	}
	// Rows of E are unit vectors, so any real spread is far above rounding
	// (~1e-16 per entry); below map2DFlat all rows coincide and the axes
	// would only scale up noise.
	if rms := math.Sqrt(ss / float64(n)); rms > map2DFlat {
		for i := range out {
			out[i][0] /= rms
			out[i][1] /= rms
		}
	} else {
		clear(out)
	}
	return out, nil
}
