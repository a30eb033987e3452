package cluster

import (
	"context"
	"fmt"
)

// Stability runs SphericalKMeans runs times with opts, each run drawing
// its seeding from opts.Src after the previous one, and returns the mean
// adjusted Rand index (ARI) over all runs·(runs−1)/2 pairs of labelings: 1
// when every run finds the same partition, near 0 when runs agree no more
// than chance. It panics if runs < 2 and returns SphericalKMeans' errors.
func Stability(ctx context.Context, X Matrix, opts KMeansOptions, runs int) (meanARI float64, err error) {
	if runs < 2 {
		panic(fmt.Sprintf("cluster: Stability needs at least 2 runs, got %d", runs))
	}
	labels := make([][]int, runs)
	for r := range labels {
		res, err := SphericalKMeans(ctx, X, opts)
		if err != nil {
			return 0, err
		}
		labels[r] = res.Labels
	}
	var sum float64
	pairs := 0
	for a := range labels {
		for b := a + 1; b < runs; b++ {
			sum += ARI(labels[a], labels[b])
			pairs++
		}
	}
	return sum / float64(pairs), nil
}
