package main

import (
	"context"
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
	themes := fs.String("themes", "", "score the themes.csv `file` written by analyze instead: an article's label names its theme (case-insensitive), a label naming no theme means about none")
	usage := func(w io.Writer) {
		printUsage(w, fs, "Usage: newsclust evaluate [flags] ASSIGNMENTS.csv\n"+
			"       newsclust evaluate -themes THEMES.csv [-labels FILE] [ASSIGNMENTS.csv]\n"+
			"\n"+
			"Scores an assignments.csv written by analyze against known labels:\n"+
			"NMI, AMI, ARI, V-measure, homogeneity, completeness and purity.\n"+
			"With -themes, scores the themes instead, against -labels or the assignments'\n"+
			"label column: accuracy of the most relevant theme; precision, recall and F1\n"+
			"of about per theme and overall.")
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
	return s.WriteText(lineWriter{e.stdout})
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
	return s.WriteText(lineWriter{e.stdout})
}
