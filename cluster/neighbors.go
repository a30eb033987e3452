package cluster

import (
	"context"
	"math/rand/v2"

	"gonum.org/v1/gonum/mat"

	"newsclust/vectorize/sparse"
)

// Neighbor is one nearest neighbour of a row.
type Neighbor struct {
	Row    int
	Cosine float64
}

// Neighbors returns, for each row of X, its k most similar other rows by
// cosine (descending, ties by lower row), computed by blocked sparse
// products in parallel, never forming the n×n matrix.
func Neighbors(ctx context.Context, X *sparse.CSR, k int) ([][]Neighbor, error) {
	panic("cluster: not implemented")
}

// Pair is two rows and their cosine, A < B.
type Pair struct {
	A, B   int
	Cosine float64
}

// AllPairs returns the cosine of every pair of rows, A < B, in row order.
// Meant for up to a few thousand rows.
func AllPairs(X *sparse.CSR) []Pair { panic("cluster: not implemented") }

// Distinctive returns the n columns that best tell cluster c apart: highest
// centroid weight minus the mean weight of the other centroids, with scores.
func Distinctive(centroids *mat.Dense, c, n int) (cols []int, scores []float64) {
	panic("cluster: not implemented")
}

// Representatives returns, per cluster, up to n member rows most similar to
// the centroid (descending Sims, ties by row).
func Representatives(res *KMeansResult, n int) [][]int { panic("cluster: not implemented") }

// SVD is a truncated singular value decomposition X ≈ U·diag(S)·Vᵀ.
type SVD struct {
	U *mat.Dense // n × r
	S []float64  // r, descending
	V *mat.Dense // d × r
}

// RandomizedSVD computes the rank-r truncated SVD of X by randomized range
// finding (Halko, Martinsson & Tropp 2011) with oversampling p and q power
// iterations, using mat.SVD on the small projected matrix.
func RandomizedSVD(ctx context.Context, X *sparse.CSR, r, p, q int, src rand.Source) (*SVD, error) {
	panic("cluster: not implemented")
}

// Map2D returns 2-D coordinates for each row, for plotting: the first two
// LSA components of the rows, sign fixed so the largest loading is positive.
func Map2D(ctx context.Context, X *sparse.CSR, src rand.Source) ([][2]float64, error) {
	panic("cluster: not implemented")
}
