package cluster

import (
	"context"
	"errors"
	"math/rand/v2"

	"gonum.org/v1/gonum/mat"
)

// Matrix is what the algorithms read: n rows of dimension Dims, each of unit
// length (or zero). *sparse.CSR and *Dense implement it.
type Matrix interface {
	Rows() int
	Dims() int
	DotDense(i int, v []float64) float64       // row i · v
	AddTo(i int, alpha float64, dst []float64) // dst += alpha · row i
}

// Dense is a row-major dense matrix (an LSA embedding) implementing Matrix.
type Dense struct {
	*mat.Dense
}

// Errors.
var (
	ErrTooFewRows = errors.New("fewer rows than clusters")   // K > number of non-empty rows
	ErrInvalidK   = errors.New("invalid number of clusters") // K < 1, more Seeds than K, or an empty k range
	ErrZeroSeed   = errors.New("seed centroid is zero")      // a KMeansOptions.Seeds vector has no length
)

// KMeansOptions configure SphericalKMeans. Zero values mean the defaults noted.
type KMeansOptions struct {
	K       int     // number of clusters, at least 1
	NInit   int     // restarts; the run with the highest objective wins. Zero means 10.
	MaxIter int     // iterations per run. Zero means 100.
	Tol     float64 // stop when the objective improves by less than Tol·n. Zero means 1e-6.
	// Seeds are initial centroids (e.g. named themes) of length Dims; the
	// remaining K-len(Seeds) are chosen by k-means++. len(Seeds) <= K.
	Seeds [][]float64
	Src   rand.Source // required; each restart draws from it in order
	// KeepRestarts makes the result hold every restart's labels in
	// KMeansResult.Restarts, e.g. to measure with MeanPairwiseARI how far
	// runs from different seeds agree, at no extra cost.
	KeepRestarts bool
	// Progress, when set, is called after each restart with the restarts
	// done and their total.
	Progress func(done, total int)
}

// KMeansResult is the outcome of the best restart.
type KMeansResult struct {
	Labels    []int      // row → cluster in [0,K); clusters numbered by decreasing size, ties by lowest first row
	Centroids *mat.Dense // K × Dims, unit rows (mean direction of members)
	Sims      []float64  // row → cosine to its centroid
	Objective float64    // sum of Sims
	Sizes     []int
	Iter      int // iterations of the winning run
	// Restarts holds, with KMeansOptions.KeepRestarts, the final labels of
	// every restart in order (numbered as Labels are: by decreasing size,
	// zero rows in cluster 0); nil otherwise.
	Restarts [][]int
}

// SphericalKMeans clusters the rows of X by cosine similarity: k-means++
// seeding on cosine distance (via stat/sampleuv), assignment to the most
// similar centroid, centroids = normalised member sums, an empty cluster is
// refilled with the row farthest from its centroid. Deterministic for a given
// Src, whatever GOMAXPROCS. Checks ctx every iteration. The package
// documentation gives the exact rules.
//
// Zero rows are not clustered; they end in cluster 0 with Sim 0. It returns
// an error wrapping ErrInvalidK when K < 1 or len(Seeds) > K, ErrZeroSeed
// for a zero seed, ErrTooFewRows when K exceeds the number of non-zero
// rows, or ctx.Err(). It panics if Src is nil, NInit or MaxIter is
// negative, or a seed's length is not X.Dims().
func SphericalKMeans(ctx context.Context, X Matrix, opts KMeansOptions) (*KMeansResult, error) {
	return sphericalKMeans(ctx, X, opts, nil)
}

// KScore is the mean cosine silhouette for one k.
type KScore struct {
	K          int
	Silhouette float64
}

// ChooseK runs SphericalKMeans for each k in [lo, hi] (clamped to the rows)
// and returns the k with the highest cosine silhouette, all scores, and the
// winning result. With more than 3000 rows the silhouette uses a fixed
// sample of 3000 rows drawn from opts.Src.
//
// The range is clamped to [max(lo, 2, len(opts.Seeds)), min(hi, m−1)] for
// m non-zero rows, since a silhouette needs at least two clusters and one
// cluster with two rows; opts.K is ignored. Ties go to the smaller k. The
// runs draw from opts.Src one after another, after the sample. An empty
// range before clamping is an error wrapping ErrInvalidK, after clamping
// one wrapping ErrTooFewRows.
func ChooseK(ctx context.Context, X Matrix, lo, hi int, opts KMeansOptions) (best int, scores []KScore, res *KMeansResult, err error) {
	return chooseK(ctx, X, lo, hi, opts)
}

// SilhouetteSample is the most rows a silhouette is computed on by ChooseK;
// larger inputs are scored on a uniform sample of this many rows.
const SilhouetteSample = 3000

// Silhouette returns the mean silhouette of labels with cosine distance
// (1 - cosine), as scikit-learn's silhouette_score(metric="cosine").
// Labels may be any integers; rows need not be unit length. It costs
// O(nnz · k) for k distinct labels (see the package documentation) and
// returns 0 with fewer than 2 or as many distinct labels as rows. It panics
// if len(labels) != X.Rows().
func Silhouette(X Matrix, labels []int) float64 { return silhouette(X, labels) }
