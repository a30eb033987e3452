// Package sparse holds the compressed sparse row matrix that carries
// documents × terms weights from vectorize to cluster.
//
// Indices are int32 and values float32: a million articles of about 150
// distinct terms each fit in 1.2 GB (8 bytes an entry instead of 16), and
// the matrix is the largest structure of an analysis. float32 is safe
// here: the weights are L2-normalised TF-IDF values in [0, 1], computed in
// float64 and rounded once, so each carries a relative error below 6e-8;
// every product and sum accumulates in float64, so a cosine of two rows is
// off by at most about 1e-7, far below the 3 decimals any output shows and
// the differences that decide a cluster. Rounding is deterministic, so
// results stay byte-identical between runs. int32 columns allow 2^31
// terms, more than any vocabulary after pruning.
package sparse

import "math"

// CSR is a row-compressed sparse matrix. Row i holds columns
// Ind[Indptr[i]:Indptr[i+1]] (strictly increasing) with values
// Val[Indptr[i]:Indptr[i+1]].
type CSR struct {
	NRows, NCols int
	Indptr       []int64
	Ind          []int32
	Val          []float32
}

// Vector is one sparse row: strictly increasing column indices and values.
type Vector struct {
	Ind []int32
	Val []float32
}

// Builder appends rows to a CSR matrix.
type Builder struct {
	m CSR
}

// NewBuilder returns a builder for a matrix with ncols columns.
func NewBuilder(ncols int) *Builder {
	return &Builder{m: CSR{NCols: ncols, Indptr: []int64{0}}}
}

// Append adds a row. ind must be strictly increasing and within [0, ncols);
// Append panics otherwise.
func (b *Builder) Append(v Vector) {
	if len(v.Ind) != len(v.Val) {
		panic("sparse: index and value lengths differ")
	}
	for k, j := range v.Ind {
		if j < 0 || int(j) >= b.m.NCols || (k > 0 && v.Ind[k-1] >= j) {
			panic("sparse: column indices not strictly increasing within range")
		}
	}
	b.m.Ind = append(b.m.Ind, v.Ind...)
	b.m.Val = append(b.m.Val, v.Val...)
	b.m.Indptr = append(b.m.Indptr, int64(len(b.m.Ind)))
	b.m.NRows++
}

// CSR returns the built matrix. The builder must not be used afterwards.
func (b *Builder) CSR() *CSR {
	m := b.m
	return &m
}

// Row returns row i as a Vector sharing storage with m.
func (m *CSR) Row(i int) Vector {
	lo, hi := m.Indptr[i], m.Indptr[i+1]
	return Vector{Ind: m.Ind[lo:hi], Val: m.Val[lo:hi]}
}

// SelectRows returns a new matrix of the rows of m listed in rows, in that
// order (a row may be listed more than once).
func (m *CSR) SelectRows(rows []int) *CSR {
	b := NewBuilder(m.NCols)
	for _, i := range rows {
		b.Append(m.Row(i))
	}
	return b.CSR()
}

// Rows returns the number of rows.
func (m *CSR) Rows() int { return m.NRows }

// Dims returns the number of columns.
func (m *CSR) Dims() int { return m.NCols }

// NNZ returns the number of stored entries.
func (m *CSR) NNZ() int { return len(m.Ind) }

// DotDense returns the dot product of row i with the dense vector v.
func (m *CSR) DotDense(i int, v []float64) float64 {
	lo, hi := m.Indptr[i], m.Indptr[i+1]
	var s float64
	for k := lo; k < hi; k++ {
		s += float64(m.Val[k]) * v[m.Ind[k]]
	}
	return s
}

// AddTo adds alpha times row i to the dense vector dst.
func (m *CSR) AddTo(i int, alpha float64, dst []float64) {
	lo, hi := m.Indptr[i], m.Indptr[i+1]
	for k := lo; k < hi; k++ {
		dst[m.Ind[k]] += alpha * float64(m.Val[k])
	}
}

// Norm returns the Euclidean norm of row i.
func (m *CSR) Norm(i int) float64 {
	lo, hi := m.Indptr[i], m.Indptr[i+1]
	var s float64
	for k := lo; k < hi; k++ {
		v := float64(m.Val[k])
		s += v * v
	}
	return math.Sqrt(s)
}

// Dot returns the dot product of two sparse vectors.
func Dot(a, b Vector) float64 {
	var s float64
	i, j := 0, 0
	for i < len(a.Ind) && j < len(b.Ind) {
		switch {
		case a.Ind[i] < b.Ind[j]:
			i++
		case a.Ind[i] > b.Ind[j]:
			j++
		default:
			s += float64(a.Val[i]) * float64(b.Val[j])
			i++
			j++
		}
	}
	return s
}
