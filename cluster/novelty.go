package cluster

import (
	"slices"
	"sort"

	"newsclust/vectorize/sparse"
)

// Calibration turns a new article's best cosine against the corpus into a
// novelty in [0, 1] by comparing it with the corpus' own nearest-neighbour
// cosines: novelty(s) = (#{i : nn_i > s} + ½·#{i : nn_i = s}) / n, the share
// of corpus articles whose nearest neighbour is closer than s is to the new
// article (ties count half). An article as close to the corpus as a typical
// corpus article is to its neighbour scores about 0.5; one farther than every
// corpus article from its neighbour scores 1.
type Calibration struct {
	NN []float64 // nearest-neighbour cosine of each corpus article, ascending
}

// NewCalibration builds a calibration from neighbour lists as returned by
// Neighbors; a row with no neighbour counts as cosine 0.
func NewCalibration(nb [][]Neighbor) *Calibration {
	nn := make([]float64, len(nb))
	for i, l := range nb {
		if len(l) > 0 {
			nn[i] = l[0].Cosine
		}
	}
	slices.Sort(nn)
	return &Calibration{NN: nn}
}

// Novelty returns the novelty of an article whose most similar corpus
// article has cosine s. With an empty calibration it returns 1 - s.
func (c *Calibration) Novelty(s float64) float64 {
	n := len(c.NN)
	if n == 0 {
		return min(1, max(0, 1-s))
	}
	lo := sort.SearchFloat64s(c.NN, s)                            // first >= s
	hi := sort.Search(n, func(i int) bool { return c.NN[i] > s }) // first > s
	return (float64(n-hi) + 0.5*float64(hi-lo)) / float64(n)
}

// Contribution is one column's part in a dot product.
type Contribution struct {
	Col   int
	Value float64 // a_col · b_col
}

// Contributions returns the n columns contributing most to a·b, largest
// first (ties by lower column), only those with a positive product.
func Contributions(a, b sparse.Vector, n int) []Contribution {
	var out []Contribution
	i, j := 0, 0
	for i < len(a.Ind) && j < len(b.Ind) {
		switch {
		case a.Ind[i] < b.Ind[j]:
			i++
		case a.Ind[i] > b.Ind[j]:
			j++
		default:
			if p := float64(a.Val[i]) * float64(b.Val[j]); p > 0 {
				out = append(out, Contribution{Col: int(a.Ind[i]), Value: p})
			}
			i++
			j++
		}
	}
	sort.SliceStable(out, func(x, y int) bool { return out[x].Value > out[y].Value })
	if len(out) > n {
		out = out[:n]
	}
	return out
}

// Components groups rows linked by pairs with cosine at least threshold
// (connected components), returning groups of two or more rows, each sorted,
// ordered by their first row. It finds same-story groups: wire copies and
// rewrites of one report.
func Components(n int, pairs []Pair, threshold float64) [][]int {
	parent := make([]int, n)
	for i := range parent {
		parent[i] = i
	}
	find := func(x int) int {
		for parent[x] != x {
			parent[x] = parent[parent[x]]
			x = parent[x]
		}
		return x
	}
	for _, p := range pairs {
		if p.Cosine >= threshold {
			a, b := find(p.A), find(p.B)
			if a != b {
				parent[max(a, b)] = min(a, b)
			}
		}
	}
	members := map[int][]int{}
	for i := 0; i < n; i++ {
		r := find(i)
		members[r] = append(members[r], i)
	}
	var groups [][]int
	for _, m := range members {
		if len(m) > 1 {
			groups = append(groups, m)
		}
	}
	sort.Slice(groups, func(i, j int) bool { return groups[i][0] < groups[j][0] })
	return groups
}
