package analysis

import (
	"fmt"
	"math/rand/v2"
	"slices"

	"newsclust/cluster"
	"newsclust/vectorize/sparse"
)

// Evaluation is evaluation.json: how the clusters agree with known labels
// (when the articles have them) and their cosine silhouette.
type Evaluation struct {
	Labelled    int             `json:"labelled"`   // units with a label
	Unlabelled  int             `json:"unlabelled"` // units without one, left out of the scores
	Scores      *cluster.Scores `json:"scores,omitempty"`
	Silhouette  float64         `json:"silhouette"`        // mean cosine silhouette of the clustering
	SilhouetteN int             `json:"silhouette_sample"` // rows it was computed on
	// Stability is the mean adjusted Rand index between clusterings that
	// should agree: with k chosen, k-means at the chosen k on random
	// subsamples (StabilityOf "resamples", cluster.Selection.Stability);
	// with k given, the k-means restarts (StabilityOf "restarts"). 1 when
	// they all find the same clusters, near 0 for data without groups.
	// Absent with a single restart.
	Stability     float64 `json:"stability,omitempty"`
	StabilityRuns int     `json:"stability_runs,omitempty"` // clusterings compared
	StabilityOf   string  `json:"stability_of,omitempty"`   // "resamples" or "restarts"
}

// EncodeLabels maps strings to ints in order of first appearance.
func EncodeLabels(s []string) []int {
	ids := map[string]int{}
	out := make([]int, len(s))
	for i, x := range s {
		id, ok := ids[x]
		if !ok {
			id = len(ids)
			ids[x] = id
		}
		out[i] = id
	}
	return out
}

// evaluateUnits scores labels of units against known labels (those present)
// and computes the silhouette on at most cluster.SilhouetteSample rows
// drawn with src.
func evaluateUnits(rows *sparse.CSR, known []string, pred []int, src rand.Source) Evaluation {
	var ev Evaluation
	var truth []string
	var got []int
	for i, l := range known {
		if l == "" {
			ev.Unlabelled++
			continue
		}
		truth = append(truth, l)
		got = append(got, pred[i])
	}
	ev.Labelled = len(truth)
	if len(truth) > 0 {
		s := cluster.Evaluate(EncodeLabels(truth), got)
		ev.Scores = &s
	}
	n := len(pred)
	sample := make([]int, n)
	for i := range sample {
		sample[i] = i
	}
	if n > cluster.SilhouetteSample {
		r := rand.New(src)
		r.Shuffle(n, func(i, j int) { sample[i], sample[j] = sample[j], sample[i] })
		sample = sample[:cluster.SilhouetteSample]
		slices.Sort(sample)
	}
	sub := rows.SelectRows(sample)
	lab := make([]int, len(sample))
	for j, i := range sample {
		lab[j] = pred[i]
	}
	ev.Silhouette = cluster.Silhouette(sub, lab)
	ev.SilhouetteN = len(sample)
	return ev
}

func (ev Evaluation) summary() string {
	stab := ""
	switch {
	case ev.StabilityRuns > 1 && ev.StabilityOf == "resamples":
		stab = fmt.Sprintf(" Stability %.3f (mean ARI between k-means on %d random subsamples at this k: near 1 for groups that are really there, near 0 for noise).", ev.Stability, ev.StabilityRuns)
	case ev.StabilityRuns > 1:
		stab = fmt.Sprintf(" Stability %.3f (mean ARI between %d k-means restarts).", ev.Stability, ev.StabilityRuns)
	}
	if ev.Scores == nil {
		return fmt.Sprintf("Cosine silhouette %.3f (on %d units); no labels to evaluate against.", ev.Silhouette, ev.SilhouetteN) + stab
	}
	s := ev.Scores
	out := fmt.Sprintf("Against the labels (%d units, %d classes, %d clusters): NMI %.3f, AMI %.3f, ARI %.3f, V-measure %.3f, homogeneity %.3f, completeness %.3f, purity %.3f; cosine silhouette %.3f.",
		s.N, s.Classes, s.Clusters, s.NMI, s.AMI, s.ARI, s.VMeasure, s.Homogeneity, s.Completeness, s.Purity, ev.Silhouette)
	if ev.Unlabelled > 0 {
		out += fmt.Sprintf(" %d units without a label are left out.", ev.Unlabelled)
	}
	return out + stab
}
