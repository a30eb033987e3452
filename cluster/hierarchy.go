package cluster

import (
	"fmt"

	"gonum.org/v1/gonum/floats"
	"gonum.org/v1/gonum/mat"
)

// Merge is one step of the agglomeration of Hierarchy: the groups A and B
// become the group numbered K+step (K the number of leaves), as in SciPy's
// linkage matrix. Leaves are the clusters 0..K−1.
type Merge struct {
	A, B   int     // the merged groups, A < B
	Cosine float64 // average cosine between their clusters' centroids
	Size   int     // clusters (leaves) in the new group
}

// Hierarchy merges the clusters whose unit centroids are the rows of
// centroids, agglomeratively by average linkage on cosine similarity: at
// every step the two groups with the highest mean pairwise centroid cosine
//
//	sim(G, H) = Σ_{a∈G} Σ_{b∈H} c_a·c_b / (|G|·|H|)
//
// are merged (ties: the lowest pair of group numbers). It returns the K−1
// merges in order; their Cosine never increases for centroids, since
// average linkage is monotone. It panics if centroids has no rows.
func Hierarchy(centroids *mat.Dense) []Merge {
	k, _ := centroids.Dims()
	if k == 0 {
		panic("cluster: Hierarchy of no centroids")
	}
	// sim[g][h] for active groups g, h; groups get ids as they form.
	total := 2*k - 1
	sim := make([][]float64, total)
	size := make([]int, total)
	active := make([]bool, total)
	for a := range k {
		sim[a] = make([]float64, total)
		size[a], active[a] = 1, true
	}
	for a := range k {
		for b := a + 1; b < k; b++ {
			s := floats.Dot(centroids.RawRowView(a), centroids.RawRowView(b))
			sim[a][b], sim[b][a] = s, s
		}
	}
	merges := make([]Merge, 0, k-1)
	for step := range k - 1 {
		ba, bb := -1, -1
		for a := range total {
			if !active[a] {
				continue
			}
			for b := a + 1; b < total; b++ {
				if active[b] && (ba < 0 || sim[a][b] > sim[ba][bb]) {
					ba, bb = a, b
				}
			}
		}
		g := k + step
		sim[g] = make([]float64, total)
		size[g] = size[ba] + size[bb]
		for h := range total {
			if active[h] && h != ba && h != bb {
				s := (float64(size[ba])*sim[ba][h] + float64(size[bb])*sim[bb][h]) / float64(size[g])
				sim[g][h], sim[h][g] = s, s
			}
		}
		merges = append(merges, Merge{A: ba, B: bb, Cosine: sim[ba][bb], Size: size[g]})
		active[ba], active[bb], active[g] = false, false, true
	}
	return merges
}

// CutTree returns, for each of the k leaves of merges (as Hierarchy
// returns them for k clusters), its group when the tree is cut into m
// groups: the first k−m merges are applied. Groups are numbered 0..m−1 in
// the order of their lowest leaf. It panics unless 1 ≤ m ≤ k and
// len(merges) = k−1.
func CutTree(merges []Merge, m int) []int {
	k := len(merges) + 1
	if m < 1 || m > k {
		panic(fmt.Sprintf("cluster: cut into %d groups of %d clusters", m, k))
	}
	parent := make([]int, 2*k-1)
	for i := range parent {
		parent[i] = i
	}
	for step, mg := range merges[:k-m] {
		parent[mg.A], parent[mg.B] = k+step, k+step
	}
	root := func(x int) int {
		for parent[x] != x {
			x = parent[x]
		}
		return x
	}
	out := make([]int, k)
	num := map[int]int{}
	for leaf := range k {
		r := root(leaf)
		g, ok := num[r]
		if !ok {
			g = len(num)
			num[r] = g
		}
		out[leaf] = g
	}
	return out
}
