package cluster

import (
	"fmt"
	"slices"

	"newsclust/vectorize/sparse"
)

// silhouette implements Silhouette; see doc.go for the formula.
func silhouette(X Matrix, labels []int) float64 {
	n := X.Rows()
	if len(labels) != n {
		panic(fmt.Sprintf("cluster: %d labels for %d rows", len(labels), n))
	}
	// Number the distinct labels 0..k-1 in increasing order, as
	// scikit-learn's LabelEncoder does.
	distinct := slices.Clone(labels)
	slices.Sort(distinct)
	distinct = slices.Compact(distinct)
	k := len(distinct)
	if k < 2 || k >= n {
		return 0
	}
	lab := make([]int, n)
	for i, l := range labels {
		lab[i], _ = slices.BinarySearch(distinct, l)
	}

	norms := kmRowNorms(X)
	size := make([]float64, k)
	cs := newCenterSet(X, k) // row c = Σ x_j/‖x_j‖ over the non-zero rows j of cluster c
	for j, c := range lab {
		size[c]++
		if norms[j] > 0 {
			X.AddTo(j, 1/norms[j], cs.row(c))
		}
	}
	cs.sync()

	s := make([]float64, n)
	kmRows(n, k, func(out []float64, lo, hi int) {
		for i := lo; i < hi; i++ {
			own := lab[i]
			if size[own] == 1 || norms[i] == 0 {
				// A singleton scores 0; a zero row is at distance 1
				// from every other row, so a = b = 1 and it scores 0.
				continue
			}
			cs.sims(i, out)
			a := (size[own] - out[own]/norms[i]) / (size[own] - 1)
			b := 0.0
			first := true
			for c, sc := range size {
				if c == own {
					continue
				}
				if d := (sc - out[c]/norms[i]) / sc; first || d < b {
					b, first = d, false
				}
			}
			if m := max(a, b); m > 0 {
				s[i] = (b - a) / m
			}
		}
	})
	var sum float64
	for _, v := range s {
		sum += v
	}
	return sum / float64(n)
}

// kmSubsetRows returns the rows idx of X as a Matrix: a copied CSR when X is
// one (keeping the fast kernel), a view otherwise.
func kmSubsetRows(X Matrix, idx []int) Matrix {
	if a, ok := X.(*sparse.CSR); ok {
		b := sparse.NewBuilder(a.NCols)
		for _, i := range idx {
			b.Append(a.Row(i))
		}
		return b.CSR()
	}
	return kmRowView{X, idx}
}

// kmRowView is the rows idx of X.
type kmRowView struct {
	X   Matrix
	idx []int
}

func (v kmRowView) Rows() int                                 { return len(v.idx) }
func (v kmRowView) Dims() int                                 { return v.X.Dims() }
func (v kmRowView) DotDense(i int, w []float64) float64       { return v.X.DotDense(v.idx[i], w) }
func (v kmRowView) AddTo(i int, alpha float64, dst []float64) { v.X.AddTo(v.idx[i], alpha, dst) }
