package main

import (
	"context"
	"encoding/json"
	"errors"
	"flag"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"runtime/debug"
	"runtime/pprof"
	"strings"
	"unicode/utf8"

	"newsclust/analysis"
	"newsclust/cluster"
	"newsclust/corpus"
	"newsclust/model"
	"newsclust/report"
	"newsclust/vectorize"
)

// defaultMemLimit is the default -mem-limit in MiB. Go's collector lets
// the heap grow to twice the live data by default; at a million articles
// the live data is about 4-5 GB, so without a limit the peak passes 8 GB
// (8.7 GB measured). The limit is soft: the collector runs more often near
// it and never fails an allocation because of it.
const defaultMemLimit = 6144

// analyzeConfig is everything the analyze flags set.
type analyzeConfig struct {
	out        string
	k          kFlag
	kRange     rangeFlag
	themes     string // the themes file
	alignTo    string // an earlier output folder whose cluster ids to follow
	quiet      bool
	json       bool // the summary as one JSON object
	cpuProfile string
	memLimit   int // MiB, the Go runtime's soft memory limit
	opts       analysis.Options
}

func analyzeFlags(cfg *analyzeConfig) *flag.FlagSet {
	fs := flag.NewFlagSet("analyze", flag.ContinueOnError)
	o := &cfg.opts
	*o = analysis.DefaultOptions()
	cfg.k = kFlag{auto: true}
	cfg.kRange = rangeFlag{o.KMin, o.KMax}
	fs.StringVar(&cfg.out, "out", "newsclust-out", "output `folder` (created if missing)")
	fs.StringVar(&o.Title, "title", o.Title, "the report's `title`")
	fs.Var(&cfg.k, "k", "number of clusters, or auto to choose by silhouette")
	fs.Var(&cfg.kRange, "k-range", "`LO:HI` range of k tried by -k auto")
	fs.Uint64Var(&o.Seed, "seed", o.Seed, "random seed; the same seed gives the same outputs")
	fs.IntVar(&o.NInit, "n-init", o.NInit, "k-means restarts at least (small inputs get more, up to 200); the best objective wins")
	fs.IntVar(&o.LSA, "lsa", o.LSA, "cluster in this many LSA dimensions (truncated SVD of the TF-IDF matrix); 0 clusters the TF-IDF rows")
	fs.IntVar(&o.MaxIter, "max-iter", o.MaxIter, "k-means iterations per restart")
	fs.StringVar(&o.Minibatch, "minibatch", o.Minibatch, fmt.Sprintf("above %d units, k-means restarts on a sample then a few passes over all units: auto or on; off: restarts on all units", cluster.DefaultSampledMin))
	fs.StringVar(&o.Unit, "unit", o.Unit, "unit of analysis: document or paragraph")
	fs.IntVar(&o.MinWords, "min-words", o.MinWords, "paragraph mode: passages shorter than this many words join the next")
	fs.StringVar(&cfg.themes, "themes", "", "themes `file`: one theme per line, Name: term term \"phrase\"")
	fs.BoolVar(&o.ThemeSeeds, "theme-seeds", false, "let the -themes guide the clustering: each theme's centroid seeds a k-means centre")
	fs.StringVar(&cfg.alignTo, "align-to", "", "earlier output `folder` (or model file) whose cluster ids the clusters follow; writes changes.csv")
	fs.IntVar(&o.TopTerms, "top-terms", o.TopTerms, "terms shown per cluster")
	fs.IntVar(&o.TopPairs, "top-pairs", o.TopPairs, "most similar pairs shown in the report")
	fs.Float64Var(&o.DupThreshold, "dup-threshold", o.DupThreshold, "cosine at and above which two articles count as the same story")
	fs.BoolVar(&cfg.quiet, "quiet", false, "no progress on stderr")
	fs.BoolVar(&cfg.json, "json", false, "print the run summary as one JSON object on stdout (progress stays on stderr)")
	fs.StringVar(&cfg.cpuProfile, "cpuprofile", "", "write a Go CPU profile to `file`")
	fs.IntVar(&cfg.memLimit, "mem-limit", defaultMemLimit, "soft memory limit in `MiB`: past it the garbage collector works harder instead of growing the heap (0: none; GOMEMLIMIT overrides)")
	v := &o.Vectorize
	fs.StringVar(&v.Language, "lang", v.Language, "language for stop words and stemming: "+strings.Join(vectorize.Languages(), ", "))
	fs.Float64Var(&v.MinDF, "min-df", v.MinDF, fmt.Sprintf("drop terms in fewer documents (a count, or a proportion below 1); 0: %g from %d units up, else 1", analysis.AutoMinDF, analysis.AutoDFUnits))
	fs.Float64Var(&v.MaxDF, "max-df", v.MaxDF, fmt.Sprintf("drop terms in more documents (a proportion up to 1, or a count above 1); 0: %g from %d units up, else 1", analysis.AutoMaxDF, analysis.AutoDFUnits))
	fs.IntVar(&v.MaxFeatures, "max-features", v.MaxFeatures, "keep only this many most frequent terms (0: all)")
	fs.IntVar(&v.NGrams, "ngrams", v.NGrams, "1 for words, 2 for words and word pairs")
	fs.BoolVar(&v.Sublinear, "sublinear", v.Sublinear, "use tf = 1 + ln(count); -sublinear=false for raw counts")
	inputFlags(fs, &o.Read, "list malformed JSONL/CSV records in skipped.csv instead of stopping")
	return fs
}

func analyzeUsage(fs *flag.FlagSet) func(io.Writer) {
	return func(w io.Writer) {
		printUsage(w, fs, "Usage: newsclust analyze [flags] INPUT...\n"+
			"\n"+
			"Reads articles (folders of .txt/.md/.html, .jsonl, .jsonl.gz, .csv; - for JSONL on stdin),\n"+
			"clusters them by theme and writes a report, charts and data to the -out folder.")
	}
}

func runAnalyze(ctx context.Context, e *env, args []string) error {
	var cfg analyzeConfig
	fs := analyzeFlags(&cfg)
	inputs, err := parseFlags(fs, args, e.stdout, analyzeUsage(fs))
	if err != nil {
		return err
	}
	if err := cfg.finish(inputs, e.stdin); err != nil {
		return err
	}
	if cfg.cpuProfile != "" {
		f, err := os.Create(cfg.cpuProfile)
		if err != nil {
			return fmt.Errorf("-cpuprofile: %w", err)
		}
		defer f.Close()
		if err := pprof.StartCPUProfile(f); err != nil {
			return fmt.Errorf("-cpuprofile: %w", err)
		}
		defer pprof.StopCPUProfile()
	}
	if cfg.memLimit > 0 && os.Getenv("GOMEMLIMIT") == "" {
		old := debug.SetMemoryLimit(int64(cfg.memLimit) << 20)
		defer debug.SetMemoryLimit(old)
	}
	prog := newProgress(e.stderr, cfg.quiet)
	cfg.opts.Progress = prog
	res, err := analysis.Run(ctx, inputs, cfg.opts)
	if err != nil {
		return optionHint(err)
	}
	for i, s := range res.Report.Skipped {
		if s.Reason == corpus.ReasonExcluded {
			res.Report.Skipped[i].Reason = "the -out folder: earlier outputs are not read as articles"
		}
	}
	for _, w := range res.Warnings {
		fmt.Fprintf(e.stderr, "newsclust: warning: %s\n", printable(w))
	}
	prog.Step("writing outputs")
	var extra []report.File
	if a := res.Report; a.Changes != nil {
		extra = append(extra, report.File{Path: filepath.Join(cfg.out, "changes.csv"), Fill: func(w io.Writer) error { return report.WriteChangesCSV(w, a) }})
	}
	if err := writeOutputs(ctx, cfg.out, res, extra...); err != nil {
		return err
	}
	prog.Done()
	if cfg.json {
		return json.NewEncoder(e.stdout).Encode(newRunSummary(&cfg, res))
	}
	printSummary(lineWriter{e.stdout}, &cfg, res.Report)
	return nil
}

// runSummary is analyze -json's output.
type runSummary struct {
	Articles int              `json:"articles"`
	Units    int              `json:"units"`
	Unit     string           `json:"unit"`
	K        int              `json:"k"`
	KChosen  bool             `json:"k_chosen"` // k was chosen, not given
	Clusters []summaryCluster `json:"clusters"`
	Skipped  []report.Skip    `json:"skipped"`
	Notes    []string         `json:"notes"`
	Warnings []string         `json:"warnings"`
	Outputs  []string         `json:"outputs"` // the files written, under -out
	Out      string           `json:"out"`
}

type summaryCluster struct {
	ID    int    `json:"id"`
	Label string `json:"label"`
	Size  int    `json:"size"`
}

func newRunSummary(cfg *analyzeConfig, res *analysis.Result) runSummary {
	a := res.Report
	s := runSummary{
		Articles: a.Counts.Articles, Units: a.Counts.Units, Unit: cfg.opts.Unit,
		K: len(a.Clusters), KChosen: cfg.k.auto,
		Skipped: a.Skipped, Notes: a.Notes, Warnings: res.Warnings, Out: cfg.out,
		Clusters: []summaryCluster{}, Outputs: outputNames(a),
	}
	for _, c := range a.Clusters {
		s.Clusters = append(s.Clusters, summaryCluster{ID: c.ID, Label: c.Label, Size: c.Size})
	}
	if s.Skipped == nil {
		s.Skipped = []report.Skip{}
	}
	if s.Warnings == nil {
		s.Warnings = []string{}
	}
	return s
}

// finish checks the flags and turns them into options: the themes file is
// read, -k and -k-range set K, KMin and KMax.
func (cfg *analyzeConfig) finish(inputs []string, stdin io.Reader) error {
	o := &cfg.opts
	if len(inputs) == 0 {
		return usagef("analyze: no INPUT given (files, folders, or - for JSONL on stdin)")
	}
	if cfg.memLimit < 0 {
		return usagef("-mem-limit must not be negative")
	}
	if cfg.out == "" {
		return usagef("-out must name a folder")
	}
	if err := checkOutDir(cfg.out); err != nil {
		return err
	}
	if in := sameFolder(cfg.out, inputs); in != "" {
		return usagef("-out %s is also the input folder %s: choose another -out, so that outputs are not read as articles", cfg.out, in)
	}
	o.Read.Stdin = stdin
	// An input folder that holds the -out folder (the default, in the
	// current folder) must not read the outputs of an earlier run.
	o.Read.ExcludeDirs = []string{cfg.out}
	o.KMin, o.KMax = cfg.kRange.lo, cfg.kRange.hi
	if !cfg.k.auto {
		o.K = cfg.k.n
	}
	if err := optionHint(o.Check()); err != nil {
		return err
	}
	if o.ThemeSeeds && cfg.themes == "" {
		return usagef("-theme-seeds needs -themes")
	}
	if cfg.themes != "" {
		if err := regularFile("-themes", cfg.themes); err != nil {
			return err
		}
		f, err := os.Open(cfg.themes)
		if err != nil {
			return fmt.Errorf("-themes: %w", err)
		}
		o.Themes, err = vectorize.ParseThemes(f, cfg.themes)
		f.Close()
		if err != nil {
			return err
		}
		o.ThemesName = cfg.themes
	}
	if cfg.alignTo != "" {
		m, dir, err := loadModel("-align-to", cfg.alignTo, inputs)
		if err != nil {
			return err
		}
		o.AlignTo = m
		if dir != "" {
			o.Read.ExcludeDirs = append(o.Read.ExcludeDirs, dir)
		}
	}
	return nil
}

// optionFlags names the flag of each analysis option.
var optionFlags = map[string]string{
	"Unit": "-unit", "MinWords": "-min-words", "K": "-k", "KMin": "-k-range", "KMax": "-k-range",
	"NInit": "-n-init", "MaxIter": "-max-iter", "LSA": "-lsa", "Minibatch": "-minibatch",
	"TopTerms": "-top-terms", "TopPairs": "-top-pairs", "DupThreshold": "-dup-threshold",
	"Vectorize.NGrams": "-ngrams", "Vectorize.MinDF": "-min-df", "Vectorize.MaxDF": "-max-df",
	"Vectorize.MaxFeatures": "-max-features", "Vectorize.Language": "-lang",
	"Read.MaxDocBytes": "-max-doc-bytes", "Read.MaxInputBytes": "-max-input-bytes",
}

// optionHint turns an analysis.OptionError into a usage error naming the
// flag, and adds to an input error the flag that resolves it.
func optionHint(err error) error {
	var oe *analysis.OptionError
	if errors.As(err, &oe) {
		if name, ok := optionFlags[oe.Field]; ok {
			return usagef("%s %s", name, oe.Reason)
		}
		return usagef("%s", err)
	}
	return inputHint(err)
}

// outputNames returns the files writeOutputs writes for a, relative to
// the output folder, in the order written.
func outputNames(a *report.Analysis) []string {
	var names []string
	for _, o := range outputList(a, nil) {
		names = append(names, o.Path)
	}
	return names
}

// writeOutputs writes every output file into dir, and the extra ones
// (whose paths name files in dir), all or none.
func writeOutputs(ctx context.Context, dir string, res *analysis.Result, extra ...report.File) error {
	if err := os.MkdirAll(filepath.Join(dir, "charts"), 0o755); err != nil {
		return fmt.Errorf("-out: %w", err)
	}
	outs := outputList(res.Report, res)
	for i := range outs {
		outs[i].Path = filepath.Join(dir, outs[i].Path)
	}
	outs = append(outs, extra...) // paths already in dir
	written := map[string]bool{}
	for _, o := range outs {
		written[o.Path] = true
	}
	if err := report.WriteFiles(ctx, outs); err != nil {
		return err
	}
	return removeStale(dir, written)
}

// outputList returns the output files of res (paths relative to the
// output folder) and what fills them; with res nil only the names are
// meant.
func outputList(a *report.Analysis, res *analysis.Result) []report.File {
	// Every file is staged first and renamed into place only when all
	// are written (see outputSet); the fills run concurrently, taken in
	// order, longest first (as measured on 20 Newsgroups: the model and
	// the HTML report, the PNG charts, the similarity list and the
	// Markdown report), so that no core waits on a long one at the end.
	var outs []report.File
	add := func(name string, fill func(io.Writer) error) {
		outs = append(outs, report.File{Path: name, Fill: fill})
	}
	charts := func(format string) {
		for _, name := range report.Charts(a) {
			add(filepath.Join("charts", name+"."+format), func(w io.Writer) error { return report.WriteChart(w, a, name, format) })
		}
	}
	add(model.FileName, func(w io.Writer) error { return model.Write(w, res.Model) })
	add("report.html", func(w io.Writer) error { return report.WriteHTML(w, a) })
	charts("png")
	add("similarity.csv", func(w io.Writer) error { return report.WriteSimilarityRows(w, len(res.Pairs), res.SimilarityPair) })
	add("report.md", func(w io.Writer) error { return report.WriteMarkdown(w, a, "charts") })
	charts("svg")
	add("clusters.json", func(w io.Writer) error { return report.WriteClustersJSON(w, a) })
	add("assignments.csv", func(w io.Writer) error { return report.WriteAssignmentsCSV(w, a) })
	add("skipped.csv", func(w io.Writer) error { return report.WriteSkippedCSV(w, a.Skipped) })
	add("evaluation.json", func(w io.Writer) error { return writeJSON(w, res.Evaluation) })
	add("duplicates.csv", func(w io.Writer) error { return report.WriteGroupsCSV(w, a) })
	if len(a.Themes) > 0 {
		add("themes.csv", func(w io.Writer) error { return report.WriteThemesCSV(w, a) })
	}
	return outs
}

func printSummary(w io.Writer, cfg *analyzeConfig, a *report.Analysis) {
	what := fmt.Sprintf("%d articles", a.Counts.Articles)
	if cfg.opts.Unit == "paragraph" {
		what += fmt.Sprintf(" (%d passages)", a.Counts.Units)
	}
	fmt.Fprintf(w, "Analysed %s into %s; %s skipped.\n", what, plural(len(a.Clusters), "cluster"), plural(a.Counts.Skipped, "input"))
	for _, c := range a.Clusters {
		fmt.Fprintf(w, "  %2d  %5d  %s\n", c.ID, c.Size, truncate(c.Label, 70))
	}
	if len(a.Pairs) > 0 {
		p := a.Pairs[0]
		fmt.Fprintf(w, "Most similar pair: %s ~ %s (cosine %.3f)\n", p.A, p.B, p.Cosine)
	}
	for _, n := range a.Notes {
		fmt.Fprintln(w, n)
	}
	fmt.Fprintf(w, "Report: %s\n", filepath.Join(cfg.out, "report.html"))
}

func truncate(s string, n int) string {
	if utf8.RuneCountInString(s) <= n {
		return s
	}
	r := []rune(s)
	return string(r[:n-1]) + "…"
}

func writeJSON(w io.Writer, v any) error {
	enc := json.NewEncoder(w)
	enc.SetIndent("", "  ")
	return enc.Encode(v)
}
