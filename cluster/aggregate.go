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

// ThemeShares returns, for each row of X, its share of each theme and its
// theme weight. The shares are the cosines of the row with the theme
// vectors (negative ones as 0), divided by their sum, so they sum to 1 — or
// are all 0 when the row shares no term with any theme. They say which
// theme an article leans to, not how much of it is about themes at all:
// that is the weight, the fraction of the row's squared length on the terms
// of any theme, in [0, 1] (an article of theme words only has weight 1; one
// that mentions "two" once in a sports story, when "two per cent" is a
// theme phrase, has a weight near 0 and still a share of 1). Rows and theme
// vectors must be of unit length (or zero).
func ThemeShares(X *sparse.CSR, themes []sparse.Vector) (shares [][]float64, weight []float64) {
	onTheme := make([]bool, X.Dims())
	for _, v := range themes {
		for _, j := range v.Ind {
			onTheme[j] = true
		}
	}
	shares, weight = make([][]float64, X.Rows()), make([]float64, X.Rows())
	for i := range shares {
		s := make([]float64, len(themes))
		r := X.Row(i)
		for t, v := range themes {
			s[t] = math.Max(0, sparse.Dot(r, v))
		}
		if sum := floats.Sum(s); sum > 0 {
			floats.Scale(1/sum, s)
		}
		shares[i] = s
		var w, all float64
		for k, j := range r.Ind {
			x := float64(r.Val[k]) * float64(r.Val[k])
			all += x
			if onTheme[j] {
				w += x
			}
		}
		if all > 0 {
			weight[i] = min(1, w/all) // exact for unit rows; guards float32 rounding
		}
	}
	return shares, weight
}
