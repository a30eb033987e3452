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
	return MeanPairwiseARI(labels), nil
}

// MeanPairwiseARI returns the mean adjusted Rand index over all pairs of
// the labelings, which must all have the same length: 1 when they are the
// same partition, near 0 when they agree no more than chance. It returns 0
// for fewer than two labelings; feed it KMeansResult.Restarts to measure
// stability without extra runs.
func MeanPairwiseARI(labelings [][]int) float64 {
	var sum float64
	pairs := 0
	for a := range labelings {
		for b := a + 1; b < len(labelings); b++ {
			sum += ARI(labelings[a], labelings[b])
			pairs++
		}
	}
	if pairs == 0 {
		return 0
	}
	return sum / float64(pairs)
}
