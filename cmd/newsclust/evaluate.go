package main

import (
	"context"
	"encoding/csv"
	"encoding/json"
	"errors"
	"flag"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"strconv"
	"strings"

	"newsclust/analysis"
	"newsclust/cluster"
	"newsclust/corpus"
)

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
	s := cluster.Evaluate(analysis.EncodeLabels(truth), pred)
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
