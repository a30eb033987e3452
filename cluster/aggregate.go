package cluster

import (
	"math"
	"slices"

	"gonum.org/v1/gonum/floats"
	"gonum.org/v1/gonum/mat"

	"newsclust/vectorize/sparse"
)

// MeanDirections returns the k × Dims matrix whose row c is the sum of the
// rows of X labelled c, scaled to unit length (a zero row for an empty
// cluster). In term space these are the centroids that labels are read from.
// It panics if a label is outside [0, k).
func MeanDirections(X Matrix, labels []int, k int) *mat.Dense {
	if len(labels) != X.Rows() {
		panic("cluster: labels and rows differ in length")
	}
	for _, l := range labels {
		if l < 0 || l >= k {
			panic("cluster: label out of range")
		}
	}
	c := mat.NewDense(k, X.Dims(), nil)
	// One task per cluster, each adding its rows in row order: the sums
	// do not depend on the number of workers.
	kmRun(kmWorkers(k), k, func(_, l int) {
		row := c.RawRowView(l)
		for i, li := range labels {
			if li == l {
				X.AddTo(i, 1, row)
			}
		}
		if n := floats.Norm(row, 2); n > 0 {
			floats.Scale(1/n, row)
		}
	})
	return c
}

// GroupRows returns the matrix whose row g is the sum of the rows i of X with
// group[i] == g, scaled to unit length: article vectors from passage vectors.
// It panics if a group is outside [0, ng).
func GroupRows(X *sparse.CSR, group []int, ng int) *sparse.CSR {
	if len(group) != X.Rows() {
		panic("cluster: groups and rows differ in length")
	}
	members := make([][]int, ng)
	for i, g := range group {
		if g < 0 || g >= ng {
			panic("cluster: group out of range")
		}
		members[g] = append(members[g], i)
	}
	acc := make([]float64, X.Dims())
	var touched []int32
	b := sparse.NewBuilder(X.Dims())
	for _, rows := range members {
		touched = touched[:0]
		for _, i := range rows {
			r := X.Row(i)
			for k, j := range r.Ind {
				if acc[j] == 0 {
					touched = append(touched, j)
				}
				acc[j] += float64(r.Val[k])
			}
		}
		slices.Sort(touched)
		var norm float64
		for _, j := range touched {
			norm += acc[j] * acc[j]
		}
		norm = math.Sqrt(norm)
		v := sparse.Vector{Ind: make([]int32, 0, len(touched)), Val: make([]float32, 0, len(touched))}
		for _, j := range touched {
			if acc[j] != 0 {
				v.Ind = append(v.Ind, j)
				v.Val = append(v.Val, float32(acc[j]/norm))
			}
			acc[j] = 0
		}
		b.Append(v)
	}
	return b.CSR()
}
