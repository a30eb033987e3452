package main

import (
	"context"
	"encoding/json"
	"flag"
	"fmt"
	"io"
	"os"

	"newsclust/analysis"
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
	var known map[string]string
	if *labels != "" {
		if known, err = corpus.ReadLabels(ctx, *labels, corpus.Fields{ID: *idField, Label: *labelField}); err != nil {
			return fmt.Errorf("-labels: %w", err)
		}
	}
	if err := regularFile("evaluate", args[0]); err != nil {
		return err
	}
	f, err := os.Open(args[0])
	if err != nil {
		return err
	}
	defer f.Close()
	s, missing, err := analysis.ScoreAssignments(f, args[0], known)
	if err != nil {
		return err
	}
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
