package main

import (
	"context"
	"flag"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"runtime/debug"

	"newsclust/analysis"
	"newsclust/corpus"
	"newsclust/model"
	"newsclust/report"
)

// updateConfig is everything the update flags set.
type updateConfig struct {
	model    string
	out      string
	kRange   rangeFlag
	quiet    bool
	memLimit int
	story    model.StoryRule
	opts     analysis.Options
}

func updateFlags(cfg *updateConfig) *flag.FlagSet {
	fs := flag.NewFlagSet("update", flag.ContinueOnError)
	o := &cfg.opts
	*o = analysis.DefaultOptions()
	cfg.kRange = rangeFlag{o.KMin, o.KMax}
	fs.StringVar(&cfg.model, "model", "", "`folder` written by analyze or update (or its model file); never rewritten")
	fs.StringVar(&cfg.out, "out", "", "output `folder` for the updated analysis (required, not the -model folder)")
	fs.Var(&cfg.kRange, "k-range", "`LO:HI` range of k tried when grouping the new articles that fit no cluster")
	fs.Uint64Var(&o.Seed, "seed", o.Seed, "random seed; the same seed gives the same outputs")
	fs.IntVar(&o.NInit, "n-init", o.NInit, "k-means restarts; the best objective wins")
	fs.IntVar(&o.MaxIter, "max-iter", o.MaxIter, "k-means iterations per restart")
	fs.IntVar(&o.TopTerms, "top-terms", o.TopTerms, "terms shown per cluster")
	fs.IntVar(&o.TopPairs, "top-pairs", o.TopPairs, "most similar pairs shown in the report")
	storyFlags(fs, &cfg.story)
	fs.BoolVar(&cfg.quiet, "quiet", false, "no progress on stderr")
	fs.IntVar(&cfg.memLimit, "mem-limit", defaultMemLimit, "soft memory limit in `MiB` (0: none; GOMEMLIMIT overrides)")
	inputFlags(fs, &o.Read, "list malformed JSONL/CSV records in skipped.csv instead of stopping")
	return fs
}

func updateUsage(fs *flag.FlagSet) func(io.Writer) {
	return func(w io.Writer) {
		printUsage(w, fs, "Usage: newsclust update -model DIR -out DIR2 [flags] INPUT...\n"+
			"\n"+
			"Folds new articles into a saved analysis and writes the complete analysis, model\n"+
			"included, to DIR2. Earlier articles keep their clusters and cluster ids; new\n"+
			"articles join the cluster they fit, and coherent groups of articles that fit none\n"+
			"open new clusters. The vocabulary and IDF of the model are kept. DIR is never\n"+
			"rewritten; new.csv lists what was added.")
	}
}

func runUpdate(ctx context.Context, e *env, args []string) error {
	var cfg updateConfig
	fs := updateFlags(&cfg)
	inputs, err := parseFlags(fs, args, e.stdout, updateUsage(fs))
	if err != nil {
		return err
	}
	o := &cfg.opts
	switch {
	case cfg.model == "":
		return usagef("update: -model is required (the folder analyze or update wrote)")
	case cfg.out == "":
		return usagef("update: -out is required (a folder other than -model: the model folder is never rewritten)")
	case len(inputs) == 0:
		return usagef("update: no INPUT given (files, folders, or - for JSONL on stdin)")
	case cfg.memLimit < 0:
		return usagef("-mem-limit must not be negative")
	case !(cfg.story.Threshold > 0 && cfg.story.Threshold <= 1):
		return usagef("-story-threshold must be in (0, 1]")
	case cfg.story.Window < 1:
		return usagef("-story-window must be at least 1 day")
	}
	if err := checkOutDir(cfg.out); err != nil {
		return err
	}
	if same(cfg.out, cfg.model) {
		return usagef("-out %s is the -model folder: update never rewrites the model it reads; choose another -out", cfg.out)
	}
	if in := sameFolder(cfg.out, inputs); in != "" {
		return usagef("-out %s is also the input folder %s: choose another -out, so that outputs are not read as articles", cfg.out, in)
	}
	m, modelDir, err := loadModel("-model", cfg.model, inputs)
	if err != nil {
		return err
	}
	o.Read.Stdin = e.stdin
	o.Read.ExcludeDirs = []string{cfg.out}
	if modelDir != "" {
		o.Read.ExcludeDirs = append(o.Read.ExcludeDirs, modelDir)
	}
	o.KMin, o.KMax = cfg.kRange.lo, cfg.kRange.hi
	if cfg.memLimit > 0 && os.Getenv("GOMEMLIMIT") == "" {
		old := debug.SetMemoryLimit(int64(cfg.memLimit) << 20)
		defer debug.SetMemoryLimit(old)
	}
	prog := newProgress(e.stderr, cfg.quiet)
	o.Progress = prog
	res, err := analysis.Update(ctx, m, inputs, *o, cfg.story)
	if err != nil {
		return optionHint(err)
	}
	for i, s := range res.Report.Skipped {
		if s.Reason == corpus.ReasonExcluded {
			res.Report.Skipped[i].Reason = "the -out or -model folder: outputs are not read as articles"
		}
	}
	for _, w := range res.Warnings {
		fmt.Fprintf(e.stderr, "newsclust: warning: %s\n", printable(w))
	}
	prog.Step("writing outputs")
	a := res.Report
	if err := writeOutputs(ctx, cfg.out, res, report.File{Path: filepath.Join(cfg.out, "new.csv"), Fill: func(w io.Writer) error { return report.WriteNewCSV(w, a) }}); err != nil {
		return err
	}
	prog.Done()
	printSummary(lineWriter{e.stdout}, &analyzeConfig{out: cfg.out, opts: *o}, a)
	return nil
}

// loadModel loads the model named by flag (-model, -align-to: a folder
// analyze wrote, or the model file itself), refusing a folder that is
// also an input. It returns the model's folder when the flag names one.
func loadModel(flag, flagValue string, inputs []string) (*model.Model, string, error) {
	path, dir := flagValue, ""
	if st, err := os.Stat(path); err == nil && st.IsDir() {
		path, dir = filepath.Join(path, model.FileName), flagValue
	} else if err != nil {
		return nil, "", fmt.Errorf("%s: %w", flag, err)
	}
	if err := regularFile(flag, path); err != nil {
		return nil, "", err
	}
	if in := sameFolder(flagValue, inputs); in != "" {
		return nil, "", usagef("%s %s is also the input folder %s: its outputs are not articles", flag, flagValue, in)
	}
	m, err := model.Load(path)
	if err != nil {
		return nil, "", fmt.Errorf("%s: %w", flag, err)
	}
	return m, dir, nil
}

// same reports whether paths a and b name the same existing file or
// folder, or the same path when cleaned.
func same(a, b string) bool {
	if filepath.Clean(a) == filepath.Clean(b) {
		return true
	}
	sa, errA := os.Stat(a)
	sb, errB := os.Stat(b)
	return errA == nil && errB == nil && os.SameFile(sa, sb)
}

// storyFlags registers the flags of the new_story rule.
func storyFlags(fs *flag.FlagSet, r *model.StoryRule) {
	fs.Float64Var(&r.Threshold, "story-threshold", model.DefaultStoryThreshold, "cosine at and above which two articles tell the same story (new_story)")
	fs.IntVar(&r.Window, "story-window", model.DefaultStoryWindow, "`days` apart two dated articles of the same story may be (new_story)")
}
