package main

import (
	"context"
	"encoding/json"
	"flag"
	"fmt"
	"io"
	"os"
	"path/filepath"

	"newsclust/corpus"
	"newsclust/model"
)

type compareConfig struct {
	model        string
	top          int
	terms        int
	json         bool
	dupThreshold float64
	story        model.StoryRule
	read         corpus.Options
}

func compareFlags(cfg *compareConfig) *flag.FlagSet {
	fs := flag.NewFlagSet("compare", flag.ContinueOnError)
	fs.StringVar(&cfg.model, "model", "", "`folder` written by analyze (or its model file)")
	fs.IntVar(&cfg.top, "top", 5, "nearest corpus articles listed per article")
	fs.IntVar(&cfg.terms, "terms", 5, "terms listed behind each score")
	fs.BoolVar(&cfg.json, "json", false, "write one JSON object per article instead of a table")
	fs.Float64Var(&cfg.dupThreshold, "dup-threshold", 0, "cosine at and above which a match is the same story (0: the model's, 0.8 by default)")
	storyFlags(fs, &cfg.story)
	inputFlags(fs, &cfg.read, "report malformed JSONL/CSV records as skipped instead of stopping")
	return fs
}

func compareUsage(fs *flag.FlagSet) func(io.Writer) {
	return func(w io.Writer) {
		printUsage(w, fs, "Usage: newsclust compare -model DIR [flags] INPUT...\n"+
			"\n"+
			"Compares new articles with a saved analysis: nearest corpus articles and the terms\n"+
			"behind each score, cluster, relevance to each theme, novelty and same-story matches.\n"+
			"The corpus vocabulary and IDF are used as they are, never refitted.")
	}
}

func runCompare(ctx context.Context, e *env, args []string) error {
	var cfg compareConfig
	fs := compareFlags(&cfg)
	inputs, err := parseFlags(fs, args, e.stdout, compareUsage(fs))
	if err != nil {
		return err
	}
	switch {
	case cfg.model == "":
		return usagef("compare: -model is required (the folder analyze wrote)")
	case len(inputs) == 0:
		return usagef("compare: no INPUT given (files, folders, or - for JSONL on stdin)")
	case cfg.top < 1:
		return usagef("-top must be at least 1")
	case cfg.terms < 0:
		return usagef("-terms must not be negative")
	case !(cfg.dupThreshold >= 0 && cfg.dupThreshold <= 1): // NaN too
		return usagef("-dup-threshold must be in [0, 1]")
	case !(cfg.story.Threshold > 0 && cfg.story.Threshold <= 1):
		return usagef("-story-threshold must be in (0, 1]")
	case cfg.story.Window < 1:
		return usagef("-story-window must be at least 1 day")
	case cfg.read.MaxDocBytes < 1:
		return usagef("-max-doc-bytes must be positive")
	case cfg.read.MaxInputBytes < 1:
		return usagef("-max-input-bytes must be positive")
	}
	cfg.read.Stdin = e.stdin

	path := cfg.model
	if st, err := os.Stat(path); err == nil && st.IsDir() {
		path = filepath.Join(path, model.FileName)
		cfg.read.ExcludeDirs = []string{cfg.model} // analyze's outputs are not articles
	} else if err != nil {
		return fmt.Errorf("-model: %w", err)
	}
	if err := regularFile("-model", path); err != nil {
		return err
	}
	if in := sameFolder(cfg.model, inputs); in != "" {
		return usagef("-model %s is also the input folder %s: its outputs are not articles", cfg.model, in)
	}
	m, err := model.Load(path)
	if err != nil {
		return fmt.Errorf("-model: %w", err)
	}
	c, err := corpus.Read(ctx, inputs, cfg.read)
	if err != nil {
		return inputHint(err)
	}
	for _, s := range c.Skipped {
		if s.Reason == corpus.ReasonExcluded {
			s.Reason = "the -model folder: its outputs are not read as articles"
		}
		fmt.Fprintf(e.stderr, "newsclust: skipped %s: %s\n", printable(s.Input), printable(s.Reason))
	}
	cmp := m.NewComparer(model.CompareOptions{Top: cfg.top, Terms: cfg.terms, DupThreshold: cfg.dupThreshold, Story: cfg.story})
	enc := json.NewEncoder(e.stdout)
	for i, d := range c.Docs {
		if i%64 == 0 {
			if err := ctx.Err(); err != nil {
				return err
			}
		}
		r := cmp.Compare(d)
		if cfg.json {
			if err := enc.Encode(r); err != nil {
				return err
			}
			continue
		}
		if err := r.WriteText(lineWriter{e.stdout}); err != nil {
			return err
		}
	}
	return nil
}
