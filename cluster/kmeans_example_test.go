package cluster_test

import (
	"context"
	"fmt"
	"math/rand/v2"

	"gonum.org/v1/gonum/mat"

	"newsclust/cluster"
	"newsclust/vectorize/sparse"
)

// themes returns six unit rows over four terms: rows 0, 2, 4 lean on terms
// 0 and 1, rows 1 and 3 on terms 2 and 3, and row 5 is empty.
func themes() *sparse.CSR {
	b := sparse.NewBuilder(4)
	for _, r := range []sparse.Vector{
		{Ind: []int32{0, 1}, Val: []float32{0.8, 0.6}},
		{Ind: []int32{2, 3}, Val: []float32{0.6, 0.8}},
		{Ind: []int32{0, 1}, Val: []float32{0.6, 0.8}},
		{Ind: []int32{1, 2, 3}, Val: []float32{0.6, 0.0, 0.8}},
		{Ind: []int32{0}, Val: []float32{1}},
		{},
	} {
		b.Append(r)
	}
	return b.CSR()
}

func ExampleSphericalKMeans() {
	X := themes()
	res, err := cluster.SphericalKMeans(context.Background(), X, cluster.KMeansOptions{
		K:   2,
		Src: rand.NewPCG(1, 2),
	})
	if err != nil {
		fmt.Println(err)
		return
	}
	fmt.Println("labels:", res.Labels)
	fmt.Println("sizes:", res.Sizes)
	fmt.Printf("sims: %.3f\n", res.Sims)
	fmt.Printf("centroid 1: %.3f\n", res.Centroids.RawRowView(1))
	// Output:
	// labels: [0 1 0 1 0 0]
	// sizes: [4 2]
	// sims: [0.993 0.906 0.921 0.906 0.864 0.000]
	// centroid 1: [0.000 0.331 0.331 0.883]
}

func ExampleSphericalKMeans_seeds() {
	// A named theme on term 3 takes the first slot; k-means++ picks the
	// other centroid.
	res, err := cluster.SphericalKMeans(context.Background(), themes(), cluster.KMeansOptions{
		K:     2,
		Seeds: [][]float64{{0, 0, 0, 1}},
		Src:   rand.NewPCG(1, 2),
	})
	if err != nil {
		fmt.Println(err)
		return
	}
	fmt.Println(res.Labels)
	// Output:
	// [0 1 0 1 0 0]
}

func ExampleAssign() {
	X := themes()
	res, err := cluster.SphericalKMeans(context.Background(), X, cluster.KMeansOptions{K: 2, Src: rand.NewPCG(1, 2)})
	if err != nil {
		fmt.Println(err)
		return
	}
	b := sparse.NewBuilder(4)
	b.Append(sparse.Vector{Ind: []int32{3}, Val: []float32{1}})
	b.Append(sparse.Vector{Ind: []int32{0, 3}, Val: []float32{0.96, 0.28}})
	labels, sims := cluster.Assign(b.CSR(), res.Centroids)
	fmt.Printf("%v %.3f\n", labels, sims)
	// Output:
	// [1 0] [0.883 0.829]
}

func ExampleSilhouette() {
	// Values as scikit-learn's silhouette_score(X, labels, metric="cosine").
	X := themes()
	fmt.Printf("%.4f\n", cluster.Silhouette(X, []int{0, 1, 0, 1, 0, 0}))
	fmt.Printf("%.4f\n", cluster.Silhouette(X, []int{0, 0, 1, 1, 0, 1}))
	// Output:
	// 0.4192
	// -0.0869
}

func ExampleChooseK() {
	X := themes()
	best, scores, res, err := cluster.ChooseK(context.Background(), X, 2, 4, cluster.KMeansOptions{Src: rand.NewPCG(1, 2)})
	if err != nil {
		fmt.Println(err)
		return
	}
	fmt.Println("best k:", best, res.Labels)
	for _, s := range scores {
		fmt.Printf("k=%d silhouette=%.4f\n", s.K, s.Silhouette)
	}
	// Output:
	// best k: 2 [0 1 0 1 0 0]
	// k=2 silhouette=0.4192
	// k=3 silhouette=0.0490
	// k=4 silhouette=-0.1410
}

func ExampleNormalizeRows() {
	m := mat.NewDense(2, 2, []float64{3, 4, 0, 0})
	cluster.NormalizeRows(m)
	X := cluster.Dense{Dense: m}
	fmt.Printf("%d×%d %.3g %.3g\n", X.Rows(), X.Dims(), m.RawRowView(0), m.RawRowView(1))
	// Output:
	// 2×2 [0.6 0.8] [0 0]
}

func ExampleStability() {
	// The two themes are found whatever the seeding: every pair of runs
	// agrees exactly.
	ari, err := cluster.Stability(context.Background(), themes(), cluster.KMeansOptions{K: 2, Src: rand.NewPCG(1, 2)}, 3)
	if err != nil {
		fmt.Println(err)
		return
	}
	fmt.Printf("%.2f\n", ari)
	// Output:
	// 1.00
}
