package cluster

import (
	"gonum.org/v1/gonum/floats"
	"gonum.org/v1/gonum/mat"
)

// Rows returns the number of rows.
func (d Dense) Rows() int {
	r, _ := d.Dense.Dims()
	return r
}

// Dims returns the number of columns, the dimension of each row. It shadows
// mat.Dense's two-value Dims; use d.Dense where a mat.Matrix is wanted.
func (d Dense) Dims() int {
	_, c := d.Dense.Dims()
	return c
}

// DotDense returns row i · v. It panics if len(v) != d.Dims().
func (d Dense) DotDense(i int, v []float64) float64 {
	return floats.Dot(d.RawRowView(i), v)
}

// AddTo adds alpha · row i to dst. It panics if len(dst) != d.Dims().
func (d Dense) AddTo(i int, alpha float64, dst []float64) {
	floats.AddScaled(dst, alpha, d.RawRowView(i))
}

// Norm returns the Euclidean norm of row i.
func (d Dense) Norm(i int) float64 {
	return floats.Norm(d.RawRowView(i), 2)
}

// NormalizeRows scales every non-zero row of m to unit Euclidean length in
// place, as the algorithms of this package expect; zero rows stay zero.
func NormalizeRows(m *mat.Dense) {
	r, _ := m.Dims()
	for i := range r {
		row := m.RawRowView(i)
		if n := floats.Norm(row, 2); n > 0 {
			floats.Scale(1/n, row)
		}
	}
}
