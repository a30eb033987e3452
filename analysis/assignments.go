package analysis

import (
	"encoding/csv"
	"errors"
	"fmt"
	"io"

	"newsclust/cluster"
)

// ScoreAssignments scores an assignments.csv (read from rd, named name in
// errors) against known labels: known[article] when known is not nil, else
// the file's own label column. Rows without a label are left out and
// counted in missing. Errors name the file and line.
func ScoreAssignments(rd io.Reader, name string, known map[string]string) (s cluster.Scores, missing int, err error) {
	path := name
	r := csv.NewReader(rd)
	head, err := r.Read()
	if err != nil {
		return cluster.Scores{}, 0, fmt.Errorf("%s: %w", path, err)
	}
	col := map[string]int{}
	for i, h := range head {
		col[h] = i
	}
	for _, need := range []string{"article", "cluster"} {
		if _, ok := col[need]; !ok {
			return cluster.Scores{}, 0, fmt.Errorf("%s:1: no %q column; want an assignments.csv written by analyze", path, need)
		}
	}
	if _, ok := col["label"]; !ok && known == nil {
		return cluster.Scores{}, 0, fmt.Errorf("%s:1: no label column; give the labels with -labels", path)
	}
	var truth []string
	var pred []int
	for line := 2; ; line++ {
		rec, err := r.Read()
		if errors.Is(err, io.EOF) {
			break
		}
		if err != nil {
			return cluster.Scores{}, 0, fmt.Errorf("%s:%d: %w", path, line, err)
		}
		var c int
		if _, err := fmt.Sscan(rec[col["cluster"]], &c); err != nil {
			return cluster.Scores{}, 0, fmt.Errorf("%s:%d: cluster %q is not a number", path, line, rec[col["cluster"]])
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
		return cluster.Scores{}, 0, fmt.Errorf("%s: no row has a known label", path)
	}
	return cluster.Evaluate(EncodeLabels(truth), pred), missing, nil
}
