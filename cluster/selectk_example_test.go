package cluster_test

import (
	"context"
	"fmt"
	"math/rand/v2"

	"gonum.org/v1/gonum/mat"

	"newsclust/cluster"
)

// groups returns 40 rows in 10 dimensions around each of k axes.
func groups(k int) *cluster.Dense {
	r := rand.New(rand.NewPCG(1, 1))
	m := mat.NewDense(40*k, 10, nil)
	for i := range 40 * k {
		row := m.RawRowView(i)
		row[i%k] = 1
		for j := range row {
			row[j] += 0.1 * r.NormFloat64()
		}
	}
	cluster.NormalizeRows(m)
	return &cluster.Dense{Dense: m}
}

func ExampleSelectK() {
	// Four equally distant groups: any 2 or 3 of them can merge, so fewer
	// clusters are not reproducible; 4 is.
	sel, err := cluster.SelectK(context.Background(), groups(4), 2, 8,
		cluster.KMeansOptions{Src: rand.NewPCG(1, 2)}, cluster.SelectOptions{})
	if err != nil {
		fmt.Println(err)
		return
	}
	fmt.Println("k:", sel.K, "by", sel.Criterion)
	fmt.Println("sizes:", sel.Result.Sizes)
	fmt.Printf("stability: %.2f\n", sel.Stability)
	for _, s := range sel.Scores[:4] {
		fmt.Printf("k=%d stability %.2f\n", s.K, s.Stability)
	}
	// Output:
	// k: 4 by clusters
	// sizes: [40 40 40 40]
	// stability: 1.00
	// k=2 stability 0.51
	// k=3 stability 0.58
	// k=4 stability 1.00
	// k=5 stability 0.91
}

func ExampleHierarchy() {
	// Clusters 0 and 2 are about sport, 1 and 3 about politics.
	centroids := mat.NewDense(4, 3, []float64{
		1, 0, 0,
		0, 1, 0,
		0.96, 0.28, 0,
		0, 0.8, 0.6,
	})
	merges := cluster.Hierarchy(centroids)
	for _, m := range merges {
		fmt.Printf("%d+%d at cosine %.3f (%d clusters)\n", m.A, m.B, m.Cosine, m.Size)
	}
	fmt.Println("two groups:", cluster.CutTree(merges, 2))
	// Output:
	// 0+2 at cosine 0.960 (2 clusters)
	// 1+3 at cosine 0.800 (2 clusters)
	// 4+5 at cosine 0.126 (4 clusters)
	// two groups: [0 1 0 1]
}
