package cluster

import (
	"cmp"
	"context"
	"errors"
	"math"
	"slices"

	"gonum.org/v1/gonum/floats"
	"gonum.org/v1/gonum/mat"
)

// graphSpectrum returns the eigenvalues, in decreasing order, of
// D^−½·W·D^−½ where W is the symmetrised m-nearest-neighbour graph of the
// rows of S weighted by their (non-negative) cosine.
func graphSpectrum(ctx context.Context, S Matrix, m int) ([]float64, error) {
	n, d := S.Rows(), S.Dims()
	E := mat.NewDense(n, d, nil)
	for i := range n {
		S.AddTo(i, 1, E.RawRowView(i))
	}
	G := mat.NewDense(n, n, nil)
	G.Mul(E, E.T())
	if err := ctx.Err(); err != nil {
		return nil, err
	}
	m = min(m, n-1)
	W := mat.NewSymDense(n, nil)
	type nb struct {
		j int
		s float64
	}
	cand := make([]nb, 0, n)
	for i := range n {
		cand = cand[:0]
		row := G.RawRowView(i)
		for j, s := range row {
			if j != i {
				cand = append(cand, nb{j, s})
			}
		}
		slices.SortFunc(cand, func(a, b nb) int { return cmp.Or(cmp.Compare(b.s, a.s), a.j-b.j) })
		for _, c := range cand[:m] {
			w := max(c.s, 0)
			W.SetSym(i, c.j, w)
		}
	}
	deg := make([]float64, n)
	for i := range n {
		for j := range n {
			deg[i] += W.At(i, j)
		}
	}
	for i := range n {
		for j := i; j < n; j++ {
			if v := W.At(i, j); v != 0 {
				W.SetSym(i, j, v/math.Sqrt(deg[i]*deg[j]))
			}
		}
	}
	var eig mat.EigenSym
	if !eig.Factorize(W, false) {
		return nil, errors.New("cluster: eigendecomposition of the neighbour graph failed")
	}
	vals := eig.Values(nil)
	floats.Scale(-1, vals)
	slices.Sort(vals)
	floats.Scale(-1, vals)
	return vals, nil
}
