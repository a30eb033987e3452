package cluster

import (
	"context"
	"errors"
	"fmt"
	"math"
	"math/rand/v2"
	"slices"

	"gonum.org/v1/gonum/blas"
	"gonum.org/v1/gonum/blas/blas64"
	"gonum.org/v1/gonum/blas/gonum"
	"gonum.org/v1/gonum/floats"
	"gonum.org/v1/gonum/lapack/lapack64"
	"gonum.org/v1/gonum/mat"

	"newsclust/vectorize/sparse"
)

// Truncated SVD, LSA and the 2-D map.
//
// RandomizedSVD follows Halko, Martinsson & Tropp (2011), "Finding structure
// with randomness", Algorithm 4.4 (randomized subspace iteration) then a
// Rayleigh–Ritz step on the small Gram matrix. For X (n × d), rank r,
// oversampling p, q power iterations and l = min(r + p, n, d):
//
//  1. Ω (d × l) has independent standard normal entries drawn from src with
//     rand.New(src).NormFloat64, row by row.
//  2. Y = X·Ω (n × l). With q = 0, Q = orth(Y) and go to step 4.
//  3. Otherwise Y is conditioned (see below), then q times: Y = X·(Xᵀ·Y),
//     conditioned after every iteration but the last, Q = orth(Y) after the
//     last. Mathematically Q = orth((X·Xᵀ)^q·X·Ω). The d × l side Xᵀ·Y is
//     not orthonormalised: with Y well conditioned its condition number is
//     at most κ(Y)·σ₁/σ_l.
//  4. Bᵀ = Xᵀ·Q (d × l), the transpose of B = Qᵀ·X.
//  5. G = B·Bᵀ (l × l) = W·Λ·Wᵀ by mat.EigenSym, eigenvalues descending;
//     S_k = √λ_k, U = Q·W and V = Xᵀ·U·diag(S)⁻¹ (= Bᵀ·W·Σ⁻¹), first r
//     columns. When λ₁ > 1e4·λ_r (gramMaxRatio; the Gram route would lose
//     about ε·λ₁/λ_r in S_r and in the orthogonality of V) or λ_r ≤ 0, the
//     thin SVD of Bᵀ = Ũ·Σ·W̃ᵀ is taken instead, by CholeskyQR2 of Bᵀ and
//     mat.SVD of its l × l triangular factor (mat.SVD of Bᵀ itself if that
//     fails): U = Q·W̃, S = Σ, V = Ũ.
//  6. Signs: each component k is flipped (U[:,k] and V[:,k] together) so
//     that the largest-magnitude entry of V[:,k] is positive (the first
//     such entry on ties).
//
// orth(A) is an orthonormal basis of the range of A: CholeskyQR2 (Fukaya,
// Nakatsukasa, Yanagisawa & Yamamoto 2014), falling back to the thin Q of
// the Householder QR factorisation when A is too ill-conditioned.
// Conditioning an intermediate Y computes its Gram matrix: when
// cond(YᵀY) ≤ 1e4 (lowPrecMaxCond) each column is only scaled to unit
// norm, else Y gets one CholeskyQR round (Householder QR if that fails).
// If the first Y = X·Ω passes that test, every product of step 3 before the
// last X·(·) is made in float32 (operands, sums and results; 20 Newsgroups'
// TF-IDF has cond ≈ 14): those bases only start the next product. The last
// X·(·) of step 3, steps 4 and 5 and LSA's X·V are summed in float64, so Q
// lies in the range of X and U, S, V are accurate to float64 rounding for
// the subspace found. The error in the result shrinks like
// (σ_{l+1}/σ_r)^(2q+1); with l = min(n, d) the range is captured completely
// and the result is exact up to rounding.
//
// The sparse products are parallel over fixed blocks of output rows (X·A
// row by row over X, Xᵀ·A column by column over the inverted index), each
// output row summed in a fixed order, and the Gram matrices are summed from
// fixed row blocks in block order, so the result does not depend on
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
	return randomizedSVDWith(ctx, X, r, p, q, src, nil)
}

// randomizedSVDWith is RandomizedSVD calling tick, when not nil, after
// each of its sparse products: X·Ω, 2q in the iterations, Bᵀ = Xᵀ·Q and
// V = Xᵀ·U·Σ⁻¹ (the last a dense step when the thin SVD is taken instead).
func randomizedSVDWith(ctx context.Context, X *sparse.CSR, r, p, q int, src rand.Source, tick func()) (*SVD, error) {
	return randomizedSVDPrec(ctx, X, r, p, q, src, tick, lowPrecMaxCond)
}

// randomizedSVDPrec is randomizedSVDWith with the float32 threshold of
// powerIterate as a parameter (negative: always float64).
func randomizedSVDPrec(ctx context.Context, X *sparse.CSR, r, p, q int, src rand.Source, tick func(), maxCond32 float64) (*SVD, error) {
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
	if tick == nil {
		tick = func() {}
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
	Z := omega // reused for every d × l product
	if q == 0 {
		if err := mulCSR(ctx, Q, X, omega); err != nil {
			return nil, err
		}
		tick()
		orth(Q)
	} else if err := powerIterate(ctx, Q, Z, X, ix, q, tick, maxCond32); err != nil {
		return nil, err
	}
	Bt := Z
	if err := mulIndex(ctx, Bt, ix, Q); err != nil {
		return nil, err
	}
	tick()

	W, vals, V, err := smallSVD(ctx, Bt, r, ix, Q)
	if err != nil {
		return nil, err
	}
	out := &SVD{U: mat.NewDense(n, r, nil), S: vals, V: V}
	out.U.Mul(Q, W)
	if V == nil {
		// V = Xᵀ·U·Σ⁻¹ = Bᵀ·W·Σ⁻¹, as a sparse product rather than the
		// dense d × l by l × r one.
		US := mat.DenseCopyOf(out.U)
		raw := US.RawMatrix()
		for i := range n {
			row := raw.Data[i*raw.Stride : i*raw.Stride+r]
			for k, s := range vals {
				row[k] /= s
			}
		}
		out.V = mat.NewDense(d, r, nil)
		if err := mulIndex(ctx, out.V, ix, US); err != nil {
			return nil, err
		}
	}
	tick()
	fixSigns(out.U, out.V)
	return out, nil
}

// lowPrecMaxCond is the largest condition number of the Gram matrix of
// X·Ω (κ(X·Ω)², about (σ₁/σ_l)²) for which powerIterate keeps the products
// before the last in float32. Their rounding (about 6e-8 relative to the
// largest direction) then costs at most about 6e-4 relative accuracy in the
// smallest of the l directions of the intermediate bases, which only
// serve as starting points for the next product; steeper spectra keep every
// product in float64. 20 Newsgroups' TF-IDF gives about 14.
const lowPrecMaxCond = 1e4

// powerIterate sets Q (n × l) to orth((X·Xᵀ)^q·X·Ω) for q >= 1, Ω being
// the d × l matrix in Z, which it overwrites (Z is scratch). It calls tick
// after each of its 2q+1 sparse products. maxCond32 is lowPrecMaxCond
// except in tests.
//
// The bases in between only carry the range into the next product, so they
// are only conditioned (see condition): scaled to unit columns when already
// well conditioned, else given one CholeskyQR round. When X·Ω is well
// conditioned (cond(AᵀA) ≤ maxCond32), the products up to and including the last
// Xᵀ·Q are made in float32 (operands, sums and results), which halves the
// memory they stream; the last product X·Z, whose range becomes Q, is
// always summed in float64 from the float64 values of Z, so Q lies in the
// range of X to float64 rounding.
func powerIterate(ctx context.Context, Q, Z *mat.Dense, X *sparse.CSR, ix *Index, q int, tick func(), maxCond32 float64) error {
	n, l := Q.Dims()
	d := X.NCols
	q32 := make([]float32, n*l)
	z32 := make([]float32, d*l)
	toF32(z32, Z)
	if err := mulCSR32(ctx, q32, X, z32, l); err != nil {
		return err
	}
	tick()
	toF64(Q, q32)
	lowPrec := condition(Q) <= maxCond32
	for it := range q {
		last := it == q-1
		if lowPrec {
			toF32(q32, Q)
			if err := mulIndex32(ctx, z32, ix, q32, l); err != nil {
				return err
			}
			if last {
				toF64(Z, z32)
			}
		} else if err := mulIndex(ctx, Z, ix, Q); err != nil {
			return err
		}
		tick()
		if lowPrec && !last {
			if err := mulCSR32(ctx, q32, X, z32, l); err != nil {
				return err
			}
			toF64(Q, q32)
		} else if err := mulCSR(ctx, Q, X, Z); err != nil {
			return err
		}
		tick()
		if last {
			orth(Q)
		} else {
			condition(Q)
		}
	}
	return nil
}

// condition makes the columns of the intermediate basis A well conditioned
// for the next product and returns the condition number of AᵀA it
// measured. When that is at most lowPrecMaxCond (κ(A) ≤ 100) it only
// scales each column to unit norm: such a basis loses nothing in the next
// product, and the scaling skips the triangular solve. Otherwise it makes
// one CholeskyQR round with orthFast's Householder fallback.
func condition(A *mat.Dense) float64 {
	m, l := A.Dims()
	if l == 0 || m == 0 {
		return 1
	}
	G := gram(A)
	var ch mat.Cholesky
	if ch.Factorize(G) && ch.Cond() <= lowPrecMaxCond {
		scale := make([]float64, l)
		for j := range l {
			scale[j] = 1 / math.Sqrt(G.At(j, j))
		}
		raw := A.RawMatrix()
		for i := range m {
			row := raw.Data[i*raw.Stride : i*raw.Stride+l]
			for j := range row {
				row[j] *= scale[j]
			}
		}
		return ch.Cond()
	}
	return orthFastCond(A)
}

// toF32 copies the dense matrix A, rounded to float32, into dst (row-major,
// A's column count per row).
func toF32(dst []float32, A *mat.Dense) {
	raw := A.RawMatrix()
	for i := range raw.Rows {
		row := raw.Data[i*raw.Stride : i*raw.Stride+raw.Cols]
		out := dst[i*raw.Cols : (i+1)*raw.Cols]
		for c, v := range row {
			out[c] = float32(v)
		}
	}
}

// toF64 copies src (row-major, A's column count per row) into A.
func toF64(A *mat.Dense, src []float32) {
	raw := A.RawMatrix()
	for i := range raw.Rows {
		row := raw.Data[i*raw.Stride : i*raw.Stride+raw.Cols]
		in := src[i*raw.Cols : (i+1)*raw.Cols]
		for c, v := range in {
			row[c] = float64(v)
		}
	}
}

// gramMaxRatio is the largest λ₁/λ_r (σ₁²/σ_r²) of the Gram matrix
// Bᵀ's columns for which smallSVD takes the singular vectors from it. The
// Gram route loses about ε·λ₁/λ_k relative accuracy in σ_k and in the
// orthogonality of V's columns, so below 1e4 both stay within about
// 1e-12; the LSA of 20 Newsgroups has λ₁/λ₁₀₀ ≈ 34.
const gramMaxRatio = 1e4

// smallSVD returns the leading r right singular vectors W (l × r), singular
// values and left singular vectors V (d × r) of the d × l matrix Bt = Xᵀ·Q,
// Bt ≈ V·diag(vals)·Wᵀ.
//
// It takes the eigendecomposition of the l × l Gram matrix G = Btᵀ·Bt =
// W·Λ·Wᵀ (eigenvalues descending), σ_k = √λ_k, and returns V = nil: the
// caller computes V = Bt·W·Σ⁻¹ = Xᵀ·(Q·W)·Σ⁻¹ as a sparse product. When
// λ₁/λ_r exceeds gramMaxRatio (or λ_r ≤ 0) it falls back to thinSVD, which
// overwrites Bt and returns V.
func smallSVD(ctx context.Context, Bt *mat.Dense, r int, ix *Index, Q *mat.Dense) (W *mat.Dense, vals []float64, V *mat.Dense, err error) {
	d, l := Bt.Dims()
	G := gram(Bt)
	var eig mat.EigenSym
	if eig.Factorize(G, true) {
		lam := eig.Values(nil) // ascending
		var vecs mat.Dense
		eig.VectorsTo(&vecs)
		l1, lr := lam[l-1], lam[l-r]
		if lr > 0 && l1 <= gramMaxRatio*lr {
			W = mat.NewDense(l, r, nil)
			vals = make([]float64, r)
			for k := range r {
				col := l - 1 - k
				vals[k] = math.Sqrt(lam[col])
				for i := range l {
					W.Set(i, k, vecs.At(i, col))
				}
			}
			return W, vals, nil, nil
		}
	}
	uB, wB, all, err := thinSVD(ctx, Bt, ix, Q)
	if err != nil {
		return nil, nil, nil, err
	}
	return mat.DenseCopyOf(wB.Slice(0, l, 0, r)), all[:r:r], mat.DenseCopyOf(uB.Slice(0, d, 0, r)), nil
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
	u, v := U.RawMatrix(), V.RawMatrix()
	// One pass over V in row order (a column walk would touch a cache
	// line per entry): best[k] is column k's largest magnitude so far and
	// neg[k] whether that entry, the first of that magnitude, is negative.
	best := make([]float64, v.Cols)
	for k := range best {
		best[k] = -1
	}
	neg := make([]bool, v.Cols)
	for j := range v.Rows {
		row := v.Data[j*v.Stride : j*v.Stride+v.Cols]
		for k, x := range row {
			if a := math.Abs(x); a > best[k] {
				best[k], neg[k] = a, x < 0
			}
		}
	}
	if !slices.Contains(neg, true) {
		return
	}
	flip := func(data []float64, rows, stride int) {
		for i := range rows {
			row := data[i*stride : i*stride+len(neg)]
			for k, f := range neg {
				if f {
					row[k] = -row[k]
				}
			}
		}
	}
	flip(v.Data, v.Rows, v.Stride)
	flip(u.Data, u.Rows, u.Stride)
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

// orthFastCond replaces A by a basis of its range with a single CholeskyQR
// round, orthonormal to about ε·κ(A)², falling back to Householder QR like
// orth. It returns the condition number of AᵀA as the Cholesky
// factorisation estimates it (+Inf when it took the fallback).
func orthFastCond(A *mat.Dense) float64 {
	_, cond, ok := cholQRCond(A)
	if !ok {
		householderQ(A)
		return math.Inf(1)
	}
	return cond
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
	R, _, ok := cholQRCond(A)
	return R, ok
}

// cholQRCond is cholQR, also returning the condition number of AᵀA as
// mat.Cholesky estimates it.
func cholQRCond(A *mat.Dense) (*mat.TriDense, float64, bool) {
	m, l := A.Dims()
	if l == 0 {
		return nil, 1, true // nothing to do; only reached with no columns
	}
	G := gram(A)
	raw := A.RawMatrix()
	nb := (m + orthBlock - 1) / orthBlock
	var ch mat.Cholesky
	if !ch.Factorize(G) || !(ch.Cond() <= cholMaxCond) {
		return nil, math.Inf(1), false
	}
	var R, Rinv mat.TriDense
	ch.UTo(&R)
	if err := Rinv.InverseTri(&R); err != nil {
		return nil, math.Inf(1), false
	}
	// A·R⁻¹ row block by row block, in parallel; each output row depends
	// only on its own input row.
	ri := Rinv.RawTriangular()
	kmRun(kmWorkers(nb), nb, func(_, b int) {
		lo, hi := b*orthBlock, min((b+1)*orthBlock, m)
		sub := blas64.General{Rows: hi - lo, Cols: l, Stride: raw.Stride, Data: raw.Data[lo*raw.Stride:]}
		blas64.Trmm(blas.Right, blas.NoTrans, 1, ri, sub)
	})
	return &R, ch.Cond(), true
}

// gram returns AᵀA for the m × l matrix A, summed from blocks of orthBlock
// rows: each block's partial is computed by one goroutine and the partials
// are added in block order, so the result does not depend on GOMAXPROCS.
func gram(A *mat.Dense) *mat.SymDense {
	m, l := A.Dims()
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
	return G
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

// mulCSR32 is mulCSR in float32: dst (n × l, row-major) = X·A for A (d ×
// l, row-major), each output row summed in float32 over X's stored entries
// in order.
func mulCSR32(ctx context.Context, dst []float32, X *sparse.CSR, a []float32, l int) error {
	return forBlocks(ctx, X.NRows, svdBlock, func() func(lo, hi int) {
		return func(lo, hi int) {
			for i := lo; i < hi; i++ {
				row := dst[i*l : i*l+l]
				clear(row)
				for k := X.Indptr[i]; k < X.Indptr[i+1]; k++ {
					j := int(X.Ind[k])
					addScaled32(X.Val[k], a[j*l:j*l+l], row)
				}
			}
		}
	})
}

// mulIndex32 is mulIndex in float32: dst (d × l, row-major) = Xᵀ·A for A
// (n × l, row-major), row j summed in float32 over column j's posting list
// in row order.
func mulIndex32(ctx context.Context, dst []float32, ix *Index, a []float32, l int) error {
	return forBlocks(ctx, ix.ncols, svdBlock, func() func(lo, hi int) {
		return func(lo, hi int) {
			for j := lo; j < hi; j++ {
				row := dst[j*l : j*l+l]
				clear(row)
				rows, vals := ix.column(int32(j))
				for p, r := range rows {
					addScaled32(vals[p], a[int(r)*l:int(r)*l+l], row)
				}
			}
		}
	})
}

// addScaled32 adds alpha·x to y (same length), with gonum's assembly
// float32 axpy.
func addScaled32(alpha float32, x, y []float32) {
	gonum.Implementation{}.Saxpy(len(x), alpha, x, 1, y[:len(x)], 1)
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
	return LSAWith(ctx, X, r, src, LSAOptions{})
}

// LSAOptions are the options of LSAWith; the zero value is LSA's behaviour.
type LSAOptions struct {
	// Progress, when not nil, is called after each sparse product with X
	// or Xᵀ, with the number of products done and their total
	// (LSAProducts, 8), from the goroutine that called LSAWith. The
	// products take nearly all of LSA's time on large corpora.
	Progress func(done, total int)
}

// LSAProducts is the number of sparse products LSA makes, 8: X·Ω, four in
// the two power iterations, Bᵀ = Xᵀ·Q, V = Xᵀ·U·Σ⁻¹ and the embedding X·V.
const LSAProducts = 2*lsaPowerIter + 4

// LSAWith is LSA with options; LSAWith(ctx, X, r, src, LSAOptions{}) is
// LSA(ctx, X, r, src).
func LSAWith(ctx context.Context, X *sparse.CSR, r int, src rand.Source, opts LSAOptions) (*Dense, *SVD, error) {
	done := 0
	tick := func() {
		done++
		if opts.Progress != nil {
			opts.Progress(done, LSAProducts)
		}
	}
	s, err := randomizedSVDWith(ctx, X, r, lsaOversample, lsaPowerIter, src, tick)
	if err != nil {
		return nil, nil, err
	}
	_, k := s.V.Dims()
	E := mat.NewDense(X.NRows, k, nil)
	if err := mulCSR(ctx, E, X, s.V); err != nil {
		return nil, nil, err
	}
	tick()
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
