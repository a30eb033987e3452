package analysis

import (
	"encoding/csv"
	"errors"
	"fmt"
	"io"
	"maps"
	"slices"

	"newsclust/cluster"
)

// AssignmentScores is how an assignments.csv agrees with known labels.
type AssignmentScores struct {
	cluster.Scores
	Unlabelled int `json:"unlabelled"` // rows without a known label, left out
	// Confusion counts rows per cluster (Clusters, ascending) and label
	// (Labels, sorted): Confusion[i][j] rows of cluster Clusters[i] have
	// label Labels[j].
	Clusters  []int      `json:"cluster_ids"`
	Labels    []string   `json:"labels"`
	Confusion [][]int    `json:"confusion"`
	PerLabel  []LabelFit `json:"per_label"`
}

// LabelFit scores one label when each cluster stands for the label most
// of its rows have (ties to the first in Labels): precision is the share
// of the rows in the label's clusters that have it, recall the share of
// the label's rows that are in them, F1 their harmonic mean (0 when a
// label is the majority of no cluster).
type LabelFit struct {
	Label     string  `json:"label"`
	Rows      int     `json:"rows"`
	Clusters  []int   `json:"clusters"` // the clusters standing for the label
	Precision float64 `json:"precision"`
	Recall    float64 `json:"recall"`
	F1        float64 `json:"f1"`
}

// confusion fills the confusion table and the per-label scores of s.
func (s *AssignmentScores) confusion(truth []string, pred []int) {
	s.Labels = slices.Sorted(maps.Keys(setOf(truth)))
	s.Clusters = slices.Sorted(maps.Keys(setOf(pred)))
	li, ci := indexOf(s.Labels), indexOf(s.Clusters)
	s.Confusion = make([][]int, len(s.Clusters))
	for i := range s.Confusion {
		s.Confusion[i] = make([]int, len(s.Labels))
	}
	for r := range truth {
		s.Confusion[ci[pred[r]]][li[truth[r]]]++
	}
	rows := make([]int, len(s.Labels))     // rows per label
	inMapped := make([]int, len(s.Labels)) // rows in clusters standing for the label
	hits := make([]int, len(s.Labels))
	s.PerLabel = make([]LabelFit, len(s.Labels))
	for i, row := range s.Confusion {
		best := 0
		for j, n := range row {
			rows[j] += n
			if n > row[best] {
				best = j
			}
		}
		s.PerLabel[best].Clusters = append(s.PerLabel[best].Clusters, s.Clusters[i])
		for _, n := range row {
			inMapped[best] += n
		}
		hits[best] += row[best]
	}
	for j, l := range s.Labels {
		f := &s.PerLabel[j]
		f.Label, f.Rows = l, rows[j]
		if inMapped[j] > 0 {
			f.Precision = float64(hits[j]) / float64(inMapped[j])
		}
		f.Recall = float64(hits[j]) / float64(rows[j])
		if f.Precision+f.Recall > 0 {
			f.F1 = 2 * f.Precision * f.Recall / (f.Precision + f.Recall)
		}
		if f.Clusters == nil {
			f.Clusters = []int{}
		}
	}
}

func setOf[T comparable](xs []T) map[T]bool {
	m := make(map[T]bool)
	for _, x := range xs {
		m[x] = true
	}
	return m
}

func indexOf[T comparable](xs []T) map[T]int {
	m := make(map[T]int, len(xs))
	for i, x := range xs {
		m[x] = i
	}
	return m
}

// ScoreAssignments scores an assignments.csv (read from rd, named name in
// errors) against known labels: known[article] when known is not nil, else
// the file's own label column. Rows without a label are left out and
// counted. Errors name the file and line.
func ScoreAssignments(rd io.Reader, name string, known map[string]string) (*AssignmentScores, error) {
	missing := 0
	path := name
	r := csv.NewReader(rd)
	head, err := r.Read()
	if err != nil {
		return nil, fmt.Errorf("%s: %w", path, err)
	}
	col := map[string]int{}
	for i, h := range head {
		col[h] = i
	}
	for _, need := range []string{"article", "cluster"} {
		if _, ok := col[need]; !ok {
			return nil, fmt.Errorf("%s:1: no %q column; want an assignments.csv written by analyze", path, need)
		}
	}
	if _, ok := col["label"]; !ok && known == nil {
		return nil, fmt.Errorf("%s:1: no label column; give the labels with -labels", path)
	}
	var truth []string
	var pred []int
	for line := 2; ; line++ {
		rec, err := r.Read()
		if errors.Is(err, io.EOF) {
			break
		}
		if err != nil {
			return nil, fmt.Errorf("%s:%d: %w", path, line, err)
		}
		var c int
		if _, err := fmt.Sscan(rec[col["cluster"]], &c); err != nil {
			return nil, fmt.Errorf("%s:%d: cluster %q is not a number", path, line, rec[col["cluster"]])
		}
		l := ""
		if known != nil {
			l = known[rec[col["article"]]]
		} else {
			l = rec[col["label"]]
		}
		if l == "" {
			missing++
			continue
		}
		truth = append(truth, l)
		pred = append(pred, c)
	}
	if len(truth) == 0 {
		return nil, fmt.Errorf("%s: no row has a known label", path)
	}
	out := &AssignmentScores{Scores: cluster.Evaluate(EncodeLabels(truth), pred), Unlabelled: missing}
	out.confusion(truth, pred)
	return out, nil
}
