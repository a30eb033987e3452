package main

import (
	"context"
	"encoding/csv"
	"encoding/json"
	"errors"
	"flag"
	"fmt"
	"io"
	"math/rand/v2"
	"os"
	"path/filepath"
	"slices"
	"strconv"
	"strings"

	"newsclust/cluster"
	"newsclust/corpus"
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
	// Stability is the mean adjusted Rand index between the k-means
	// restarts (each from its own k-means++ seeding): 1 when every restart
	// finds the same clusters. Absent with a single restart.
	Stability     float64 `json:"stability,omitempty"`
	StabilityRuns int     `json:"stability_runs,omitempty"` // restarts compared
}

// encodeLabels maps strings to ints in order of first appearance.
func encodeLabels(s []string) []int {
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
// and computes the silhouette on at most 3000 rows drawn with src.
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
		s := cluster.Evaluate(encodeLabels(truth), got)
		ev.Scores = &s
	}
	n := len(pred)
	sample := make([]int, n)
	for i := range sample {
		sample[i] = i
	}
	if n > 3000 {
		r := rand.New(src)
		r.Shuffle(n, func(i, j int) { sample[i], sample[j] = sample[j], sample[i] })
		sample = sample[:3000]
		slices.Sort(sample)
	}
	sub := selectRows(rows, sample)
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
	if ev.StabilityRuns > 1 {
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

func runEvaluate(ctx context.Context, e *env, args []string) error {
	fs := flag.NewFlagSet("evaluate", flag.ContinueOnError)
	labels := fs.String("labels", "", "articles `file or folder` whose label field gives the true labels (default: the label column of the assignments)")
	labelField := fs.String("label-field", "label", "field holding the label in -labels")
	idField := fs.String("id-field", "id", "field holding the id in -labels")
	asJSON := fs.Bool("json", false, "print the scores as JSON")
	usage := func(w io.Writer) {
		fmt.Fprintln(w, "Usage: newsclust evaluate [flags] ASSIGNMENTS.csv")
		fmt.Fprintln(w)
		fmt.Fprintln(w, "Scores an assignments.csv written by analyze against known labels:")
		fmt.Fprintln(w, "NMI, AMI, ARI, V-measure, homogeneity, completeness and purity.")
		fmt.Fprintln(w)
		fmt.Fprintln(w, "Flags:")
		printDefaults(w, fs)
	}
	args, err := parseFlags(fs, args, e.stdout, usage)
	if err != nil {
		return err
	}
	if len(args) != 1 {
		return usagef("evaluate: want one ASSIGNMENTS.csv, got %d arguments", len(args))
	}
	path := args[0]
	f, err := os.Open(path)
	if err != nil {
		return err
	}
	defer f.Close()
	r := csv.NewReader(f)
	head, err := r.Read()
	if err != nil {
		return fmt.Errorf("%s: %w", path, err)
	}
	col := map[string]int{}
	for i, h := range head {
		col[h] = i
	}
	for _, need := range []string{"article", "cluster"} {
		if _, ok := col[need]; !ok {
			return fmt.Errorf("%s:1: no %q column; want an assignments.csv written by analyze", path, need)
		}
	}
	var known map[string]string
	if *labels != "" {
		if known, err = readLabels(ctx, *labels, *idField, *labelField); err != nil {
			return fmt.Errorf("-labels: %w", err)
		}
	} else if _, ok := col["label"]; !ok {
		return fmt.Errorf("%s:1: no label column; give the labels with -labels", path)
	}
	var truth []string
	var pred []int
	missing := 0
	for line := 2; ; line++ {
		rec, err := r.Read()
		if errors.Is(err, io.EOF) {
			break
		}
		if err != nil {
			return fmt.Errorf("%s:%d: %w", path, line, err)
		}
		var c int
		if _, err := fmt.Sscan(rec[col["cluster"]], &c); err != nil {
			return fmt.Errorf("%s:%d: cluster %q is not a number", path, line, rec[col["cluster"]])
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
		return fmt.Errorf("%s: no row has a known label", path)
	}
	s := cluster.Evaluate(encodeLabels(truth), pred)
	if *asJSON {
		enc := json.NewEncoder(e.stdout)
		enc.SetIndent("", "  ")
		return enc.Encode(s)
	}
	fmt.Fprintf(e.stdout, "units %d (without label: %d), classes %d, clusters %d\n", s.N, missing, s.Classes, s.Clusters)
	for _, m := range []struct {
		name string
		v    float64
	}{{"NMI", s.NMI}, {"AMI", s.AMI}, {"ARI", s.ARI}, {"V-measure", s.VMeasure}, {"homogeneity", s.Homogeneity}, {"completeness", s.Completeness}, {"purity", s.Purity}} {
		fmt.Fprintf(e.stdout, "%-13s %.4f\n", m.name, m.v)
	}
	return nil
}

// readLabels returns the label of each id in path. A .csv file is read as
// a table that needs only the id and label columns (an articles CSV with a
// text column is such a table too); anything else is read as analyze reads
// articles, and the ids are the ones analyze gives them.
func readLabels(ctx context.Context, path, idField, labelField string) (map[string]string, error) {
	known := map[string]string{}
	if fi, err := os.Stat(path); err == nil && fi.Mode().IsRegular() && strings.EqualFold(filepath.Ext(path), ".csv") {
		f, err := os.Open(path)
		if err != nil {
			return nil, err
		}
		defer f.Close()
		r := csv.NewReader(f)
		r.FieldsPerRecord = -1
		head, err := r.Read()
		if err != nil {
			return nil, fmt.Errorf("%s: %w", path, err)
		}
		iID, iLabel := -1, -1
		for i, h := range head {
			switch strings.ToLower(strings.TrimSpace(strings.TrimPrefix(h, "\ufeff"))) {
			case strings.ToLower(idField):
				iID = i
			case strings.ToLower(labelField):
				iLabel = i
			}
		}
		if iLabel < 0 {
			return nil, fmt.Errorf("%s:1: the header row has no %q column (columns: %s); name it with -label-field",
				path, labelField, strings.Join(head, ", "))
		}
		base := filepath.Base(path)
		for {
			rec, err := r.Read()
			if errors.Is(err, io.EOF) {
				return known, nil
			}
			if err != nil {
				return nil, fmt.Errorf("%s: %w", path, err) // a csv.ParseError names the line
			}
			line, _ := r.FieldPos(0)
			if iID >= len(rec) || iLabel >= len(rec) {
				return nil, fmt.Errorf("%s:%d: %d fields, want at least %d", path, line, len(rec), max(iID, iLabel)+1)
			}
			id := base + ":" + strconv.Itoa(line) // as analyze names a row without an id
			if iID >= 0 && rec[iID] != "" {
				id = rec[iID]
			}
			known[id] = rec[iLabel]
		}
	}
	c, err := corpus.Read(ctx, []string{path}, corpus.Options{Fields: corpus.Fields{ID: idField, Label: labelField}, KeepBoilerplate: true})
	if err != nil {
		return nil, err
	}
	for _, d := range c.Docs {
		known[d.ID] = d.Label
	}
	return known, nil
}
