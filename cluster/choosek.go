package cluster

import (
	"context"
	"fmt"
	"slices"

	"gonum.org/v1/gonum/stat/sampleuv"
)

// silhouetteSample is the most rows ChooseK scores with Silhouette.
const silhouetteSample = SilhouetteSample

func chooseK(ctx context.Context, X Matrix, lo, hi int, opts KMeansOptions) (int, []KScore, *KMeansResult, error) {
	if opts.Src == nil {
		panic("cluster: KMeansOptions.Src is nil")
	}
	if lo > hi {
		return 0, nil, nil, fmt.Errorf("cluster: empty k range [%d, %d]: %w", lo, hi, ErrInvalidK)
	}
	nonzero := 0
	for _, v := range kmRowNorms(X) {
		if v > 0 {
			nonzero++
		}
	}
	lo = max(lo, 2, len(opts.Seeds))
	hi = min(hi, nonzero-1)
	if lo > hi {
		return 0, nil, nil, fmt.Errorf("cluster: k from %d needs more than %d non-zero rows: %w", lo, nonzero, ErrTooFewRows)
	}

	n := X.Rows()
	var sample []int
	S := X
	if n > silhouetteSample {
		sample = make([]int, silhouetteSample)
		sampleuv.WithoutReplacement(sample, n, opts.Src)
		slices.Sort(sample)
		S = kmSubsetRows(X, sample)
	}

	var (
		best    int
		bestRes *KMeansResult
		scores  []KScore
		sub     []int
	)
	for k := lo; k <= hi; k++ {
		o := opts
		o.K = k
		if opts.Progress != nil {
			// One bar over the whole range: the restarts of every k.
			runs := opts.NInit
			if runs == 0 {
				runs = 10 // KMeansOptions' default
			}
			before, all := (k-lo)*runs, (hi-lo+1)*runs
			o.Progress = func(done, _ int) { opts.Progress(before+done, all) }
		}
		res, err := SphericalKMeans(ctx, X, o)
		if err != nil {
			return 0, nil, nil, err
		}
		labels := res.Labels
		if sample != nil {
			sub = sub[:0]
			for _, i := range sample {
				sub = append(sub, labels[i])
			}
			labels = sub
		}
		sc := KScore{K: k, Silhouette: Silhouette(S, labels)}
		scores = append(scores, sc)
		if bestRes == nil || sc.Silhouette > scores[best].Silhouette {
			best, bestRes = len(scores)-1, res
		}
	}
	return scores[best].K, scores, bestRes, nil
}
