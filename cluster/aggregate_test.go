package cluster

import (
	"math"
	"testing"

	"newsclust/vectorize/sparse"
)

func TestThemeShares(t *testing.T) {
	t.Parallel()
	// Columns: 0 nato, 1 spending, 2 ukraine, 3 goal, 4 striker.
	b := sparse.NewBuilder(5)
	b.Append(sparse.Vector{Ind: []int32{0, 1, 2}, Val: []float32{0.6, 0.64, 0.48}}) // on both themes
	b.Append(sparse.Vector{Ind: []int32{1, 3, 4}, Val: []float32{0.2, 0.8, float32(math.Sqrt(1 - 0.04 - 0.64))}})
	b.Append(sparse.Vector{Ind: []int32{3, 4}, Val: []float32{0.6, 0.8}}) // no theme term
	b.Append(sparse.Vector{})                                             // empty row
	b.Append(sparse.Vector{Ind: []int32{2, 3}, Val: []float32{0.6, 0.8}}) // ukraine, in two themes
	themes := []sparse.Vector{
		{Ind: []int32{1}, Val: []float32{1}},           // spending
		{Ind: []int32{0, 2}, Val: []float32{0.6, 0.8}}, // nato, ukraine
		{Ind: []int32{2}, Val: []float32{1}},           // ukraine again: columns count once in the weight
	}
	shares, weight := ThemeShares(b.CSR(), themes)

	// Row 0: cosines 0.64, 0.36+0.384 = 0.744, 0.48; every term is a theme term.
	cos := []float64{0.64, 0.744, 0.48}
	sum := cos[0] + cos[1] + cos[2]
	for j, c := range cos {
		if got := shares[0][j]; math.Abs(got-c/sum) > 1e-6 {
			t.Errorf("row 0 share %d = %.6f, want %.6f", j, got, c/sum)
		}
	}
	if math.Abs(weight[0]-1) > 1e-6 {
		t.Errorf("row 0 weight %.6f, want 1", weight[0])
	}
	// Row 1: one theme word of small weight leans wholly to spending, and
	// its weight says how little of the row that is.
	if shares[1][0] != 1 || shares[1][1] != 0 || shares[1][2] != 0 {
		t.Errorf("row 1 shares %v, want [1 0 0]", shares[1])
	}
	if math.Abs(weight[1]-0.04) > 1e-6 {
		t.Errorf("row 1 weight %.6f, want 0.04", weight[1])
	}
	if math.Abs(weight[4]-0.36) > 1e-6 {
		t.Errorf("row 4 weight %.6f, want 0.36 (a column in two themes counted once)", weight[4])
	}
	for _, i := range []int{2, 3} {
		if weight[i] != 0 || shares[i][0] != 0 || shares[i][1] != 0 || shares[i][2] != 0 {
			t.Errorf("row %d: shares %v weight %v, want all 0", i, shares[i], weight[i])
		}
	}
}
