package main

import (
	"context"
	"flag"
	"fmt"
	"io"
	"os"
	"strconv"
	"strings"

	"newsclust/analysis"
	"newsclust/corpus"
)

func runEvaluate(ctx context.Context, e *env, args []string) error {
	fs := flag.NewFlagSet("evaluate", flag.ContinueOnError)
	labels := fs.String("labels", "", "articles `file or folder` whose label field gives the true labels (default: the label column of the assignments)")
	labelField := fs.String("label-field", "label", "field holding the label in -labels")
	idField := fs.String("id-field", "id", "field holding the id in -labels")
	asJSON := fs.Bool("json", false, "print the scores as JSON")
	themes := fs.String("themes", "", "score the themes.csv `file` written by analyze instead: an article's label names its theme (case-insensitive), a label naming no theme means about none")
	usage := func(w io.Writer) {
		fmt.Fprintln(w, "Usage: newsclust evaluate [flags] ASSIGNMENTS.csv")
		fmt.Fprintln(w, "       newsclust evaluate -themes THEMES.csv [-labels FILE] [ASSIGNMENTS.csv]")
		fmt.Fprintln(w)
		fmt.Fprintln(w, "Scores an assignments.csv written by analyze against known labels:")
		fmt.Fprintln(w, "NMI, AMI, ARI, V-measure, homogeneity, completeness and purity.")
		fmt.Fprintln(w, "With -themes, scores the themes instead, against -labels or the assignments'")
		fmt.Fprintln(w, "label column: accuracy of the most relevant theme; precision, recall and F1")
		fmt.Fprintln(w, "of about per theme and overall.")
		fmt.Fprintln(w)
		fmt.Fprintln(w, "Flags:")
		printDefaults(w, fs)
	}
	args, err := parseFlags(fs, args, e.stdout, usage)
	if err != nil {
		return err
	}
	switch {
	case *themes != "" && len(args) > 1:
		return usagef("evaluate -themes: want at most one ASSIGNMENTS.csv (for its labels), got %d arguments", len(args))
	case *themes != "" && len(args) == 0 && *labels == "":
		return usagef("evaluate -themes: give the labels with -labels or an ASSIGNMENTS.csv")
	case *themes == "" && len(args) != 1:
		return usagef("evaluate: want one ASSIGNMENTS.csv, got %d arguments", len(args))
	}
	var known map[string]string
	if *labels != "" {
		if known, err = corpus.ReadLabels(ctx, *labels, corpus.Fields{ID: *idField, Label: *labelField}); err != nil {
			return fmt.Errorf("-labels: %w", err)
		}
	}
	if *themes != "" {
		return evaluateThemes(e, *themes, args, known, *asJSON)
	}
	if err := regularFile("evaluate", args[0]); err != nil {
		return err
	}
	f, err := os.Open(args[0])
	if err != nil {
		return err
	}
	defer f.Close()
	s, err := analysis.ScoreAssignments(f, args[0], known)
	if err != nil {
		return err
	}
	if *asJSON {
		return writeJSON(e.stdout, s)
	}
	printScores(lineWriter{e.stdout}, s)
	return nil
}

// printScores writes the scores, the confusion table (clusters down,
// labels across) and each label's precision and recall.
func printScores(w io.Writer, s *analysis.AssignmentScores) {
	fmt.Fprintf(w, "units %d (without label: %d), classes %d, clusters %d\n", s.N, s.Unlabelled, s.Classes, s.Scores.Clusters)
	for _, m := range []struct {
		name string
		v    float64
	}{{"NMI", s.NMI}, {"AMI", s.AMI}, {"ARI", s.ARI}, {"V-measure", s.VMeasure}, {"homogeneity", s.Homogeneity}, {"completeness", s.Completeness}, {"purity", s.Purity}} {
		fmt.Fprintf(w, "%-13s %.4f\n", m.name, m.v)
	}
	fmt.Fprintln(w)
	fmt.Fprintln(w, "Confusion (rows: clusters; columns: labels)")
	width := 6
	for _, l := range s.Labels {
		width = max(width, min(len([]rune(l)), 16)+1)
	}
	fmt.Fprintf(w, "%-8s", "cluster")
	for _, l := range s.Labels {
		fmt.Fprintf(w, "%*s", width, truncate(l, width-1))
	}
	fmt.Fprintln(w)
	for i, row := range s.Confusion {
		fmt.Fprintf(w, "%-8d", s.Clusters[i])
		for _, n := range row {
			fmt.Fprintf(w, "%*d", width, n)
		}
		fmt.Fprintln(w)
	}
	fmt.Fprintln(w)
	fmt.Fprintln(w, "Per label (each cluster stands for the label most of its units have)")
	fmt.Fprintf(w, "%-24s %6s %9s %7s %6s  %s\n", "label", "units", "precision", "recall", "F1", "clusters")
	for _, f := range s.PerLabel {
		ids := make([]string, len(f.Clusters))
		for i, c := range f.Clusters {
			ids[i] = strconv.Itoa(c)
		}
		fmt.Fprintf(w, "%-24s %6d %9.3f %7.3f %6.3f  %s\n", truncate(f.Label, 24), f.Rows, f.Precision, f.Recall, f.F1, strings.Join(ids, " "))
	}
}

// evaluateThemes scores the themes.csv at path against known labels, or
// those of the assignments.csv in args when known is nil.
func evaluateThemes(e *env, path string, args []string, known map[string]string, asJSON bool) error {
	if known == nil {
		if err := regularFile("evaluate", args[0]); err != nil {
			return err
		}
		f, err := os.Open(args[0])
		if err != nil {
			return err
		}
		known, err = analysis.AssignmentLabels(f, args[0])
		f.Close()
		if err != nil {
			return err
		}
	}
	if err := regularFile("-themes", path); err != nil {
		return err
	}
	f, err := os.Open(path)
	if err != nil {
		return fmt.Errorf("-themes: %w", err)
	}
	defer f.Close()
	s, err := analysis.ScoreThemes(f, path, known)
	if err != nil {
		return err
	}
	if asJSON {
		return writeJSON(e.stdout, s)
	}
	printThemeScores(lineWriter{e.stdout}, s)
	return nil
}

// printThemeScores writes the accuracy of the most relevant theme and the
// precision, recall and F1 of about per theme and overall.
func printThemeScores(w io.Writer, s *analysis.ThemeScores) {
	fmt.Fprintf(w, "articles %d (without label: %d); labels naming a theme %d, naming none %d\n", s.Articles, s.Unlabelled, s.Themed, s.Unthemed)
	fmt.Fprintf(w, "most relevant theme: accuracy %.4f (%d of %d)\n", s.Accuracy, s.Correct, s.Themed)
	if s.Unthemed > 0 {
		fmt.Fprintf(w, "labels naming no theme: about none %.4f (%d of %d)\n", float64(s.AboutNone)/float64(s.Unthemed), s.AboutNone, s.Unthemed)
	}
	fmt.Fprintln(w)
	fmt.Fprintln(w, "About each theme (label names the theme vs. about it)")
	fmt.Fprintf(w, "%-24s %8s %6s %9s %7s %6s\n", "theme", "labelled", "about", "precision", "recall", "F1")
	for _, f := range append(s.PerTheme, s.Overall) {
		fmt.Fprintf(w, "%-24s %8d %6d %9.3f %7.3f %6.3f\n", truncate(f.Theme, 24), f.Labelled, f.About, f.Precision, f.Recall, f.F1)
	}
	fmt.Fprintf(w, "macro F1 %.3f\n", s.MacroF1)
}
