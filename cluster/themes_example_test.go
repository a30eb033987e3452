package cluster_test

import (
	"context"
	"fmt"

	"newsclust/cluster"
	"newsclust/vectorize/sparse"
)

// Six rows over five columns: 0 "nato", 1 "spending", 2 "ukraine",
// 3 "russia", 4 "recipe". Rows 0-1 lean on spending, rows 2-3 on Ukraine,
// row 4 mixes both and row 5 is a recipe.
func ExampleLearnThemes() {
	b := sparse.NewBuilder(5)
	for _, r := range []sparse.Vector{
		{Ind: []int32{0, 1}, Val: []float32{0.6, 0.8}},
		{Ind: []int32{1}, Val: []float32{1}},
		{Ind: []int32{2, 3}, Val: []float32{0.8, 0.6}},
		{Ind: []int32{3}, Val: []float32{1}},
		{Ind: []int32{1, 2}, Val: []float32{0.6, 0.8}},
		{Ind: []int32{4}, Val: []float32{1}},
	} {
		b.Append(r)
	}
	seeds := cluster.ThemeSeeds{Words: [][]int32{{1}, {2}}} // spending, ukraine
	m, res, err := cluster.LearnThemes(context.Background(), b.CSR(), seeds, cluster.ThemeOptions{})
	if err != nil {
		fmt.Println(err)
		return
	}
	for i, row := range res.Rows {
		fmt.Printf("row %d: relevance %.2f about %v\n", i, row.Relevance, row.About)
	}
	// A new row with "russia" only.
	row := m.Apply(sparse.Vector{Ind: []int32{3}, Val: []float32{1}}, nil)
	fmt.Printf("new: relevance %.2f about %v best %d\n", row.Relevance, row.About, row.Best)
	// Output:
	// row 0: relevance [1.00 0.00] about [true false]
	// row 1: relevance [1.00 0.00] about [true false]
	// row 2: relevance [0.00 0.99] about [false true]
	// row 3: relevance [0.00 0.63] about [false true]
	// row 4: relevance [0.38 0.60] about [true true]
	// row 5: relevance [0.00 0.00] about [false false]
	// new: relevance [0.00 0.63] about [false true] best 1
}
