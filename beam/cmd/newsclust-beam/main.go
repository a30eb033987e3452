// Command newsclust-beam runs newsclust's heavy steps (vocabulary, TF-IDF,
// spherical k-means) as Apache Beam pipelines: on Prism in this process by
// default, or on a job server (Prism, Flink, Spark) or Dataflow.
//
// Usage:
//
//	newsclust-beam -k K [-seed N] [-out DIR] [flags] INPUT... [-- BEAM FLAGS]
//
// Built with -tags dataflow it also runs on Dataflow and reads and writes
// gs:// paths.
//
// It writes DIR/assignments.csv (the columns of analyze's), DIR/counts.csv
// (articles per cluster, source and month) and DIR/model, which
// "newsclust compare -model DIR" loads. See beam/README.md.
package main

import (
	"context"
	"errors"
	"flag"
	"fmt"
	"io"
	"log/slog"
	"os"
	"os/signal"
	"runtime/pprof"
	"strings"
	"syscall"

	"github.com/apache/beam/sdks/v2/go/pkg/beam"
	_ "github.com/apache/beam/sdks/v2/go/pkg/beam/io/filesystem/local"
	_ "github.com/apache/beam/sdks/v2/go/pkg/beam/runners/prism"
	_ "github.com/apache/beam/sdks/v2/go/pkg/beam/runners/universal"

	"newsclust/beam/beamclust"
)

func main() {
	own, beamArgs := splitArgs(os.Args[1:])
	// Beam's own flags (and, when a runner starts this binary as a worker,
	// --worker and the harness endpoints) live on the default flag set.
	if err := flag.CommandLine.Parse(beamArgs); err != nil {
		os.Exit(2)
	}
	beam.Init() // a worker runs the SDK harness here and exits
	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt, syscall.SIGTERM, syscall.SIGHUP)
	err := run(ctx, own, os.Stdout, os.Stderr)
	stop()
	os.Exit(exitCode(err, os.Stderr))
}

// splitArgs returns the command's arguments and Beam's: those after "--",
// or all of them when Beam starts the binary as a worker.
func splitArgs(args []string) (own, beamArgs []string) {
	for _, a := range args {
		if strings.HasPrefix(a, "--worker") {
			return nil, args
		}
	}
	for i, a := range args {
		if a == "--" {
			return args[:i], args[i+1:]
		}
	}
	return args, nil
}

type usageError struct{ msg string }

func (e *usageError) Error() string { return e.msg }

func usagef(format string, args ...any) error { return &usageError{fmt.Sprintf(format, args...)} }

var errHelp = errors.New("help requested")

func exitCode(err error, stderr io.Writer) int {
	var ue *usageError
	switch {
	case err == nil, errors.Is(err, errHelp):
		return 0
	case errors.As(err, &ue):
		fmt.Fprintf(stderr, "newsclust-beam: %s\nRun 'newsclust-beam -h' for usage.\n", err)
		return 2
	case errors.Is(err, context.Canceled):
		fmt.Fprintln(stderr, "newsclust-beam: interrupted")
		return 130
	default:
		fmt.Fprintf(stderr, "newsclust-beam: %s\n", err)
		return 1
	}
}

const usage = `Usage: newsclust-beam -k K [flags] INPUT... [-- BEAM FLAGS]

Clusters the articles of INPUT (JSONL, JSONL.gz, CSV, folders; local paths
or, built with -tags dataflow, gs://…) on Apache Beam and writes to -out:
assignments.csv (or -shards files), counts.csv and model. Beam's own flags
(e.g. --project, --region, --staging_location for Dataflow) follow "--".

Flags:
`

func run(ctx context.Context, args []string, stdout, stderr io.Writer) error {
	fs := flag.NewFlagSet("newsclust-beam", flag.ContinueOnError)
	fs.SetOutput(io.Discard)
	o := beamclust.DefaultOptions()
	out := fs.String("out", "newsclust-beam-out", "output `DIR` (a local folder, or gs://… built with -tags dataflow)")
	fs.IntVar(&o.K, "k", 0, "number of clusters (required)")
	fs.Uint64Var(&o.Seed, "seed", 1, "random seed; same input + seed → same assignments")
	fs.IntVar(&o.NInit, "n-init", 10, "k-means restarts on the sample (at least; more on a small sample, as analyze)")
	fs.IntVar(&o.Rounds, "rounds", 10, "at most `N` k-means passes over all rows, one pipeline each")
	fs.IntVar(&o.Sample, "sample", 0, "about `N` rows the restarts run on (0: 25000)")
	fs.IntVar(&o.Shards, "shards", 1, "write assignments.csv as `N` files assignments-SSSSS-of-NNNNN.csv")
	fs.IntVar(&o.WorkShards, "work-shards", 8, "files per intermediate result")
	fs.StringVar(&o.Work, "work", "", "intermediate files' `DIR` (default OUT/work); every worker must reach it")
	fs.IntVar(&o.ModelMax, "model-max", 200000, "the model holds every article up to `N`, else the sample")
	fs.Float64Var(&o.Vectorize.MinDF, "min-df", 0, "drop terms in fewer documents (0: auto, as analyze)")
	fs.Float64Var(&o.Vectorize.MaxDF, "max-df", 0, "drop terms in more documents (0: auto, as analyze)")
	fs.IntVar(&o.Vectorize.MaxFeatures, "max-features", 0, "keep the `N` most frequent terms (0: all)")
	fs.StringVar(&o.Vectorize.Language, "lang", "english", "stop words and stemmer")
	fs.IntVar(&o.Vectorize.NGrams, "ngrams", 1, "1, or 2 to add word pairs")
	fs.BoolVar(&o.Vectorize.Sublinear, "sublinear", true, "tf = 1 + ln(count)")
	fs.BoolVar(&o.SkipBad, "skip-bad", false, "skip malformed JSONL/CSV records")
	fs.BoolVar(&o.KeepBoilerplate, "keep-boilerplate", false, "do not remove web boilerplate")
	fs.StringVar(&o.Runner, "runner", "prism", "Beam runner: prism (in process), universal (a job server at -endpoint: Prism, Flink, Spark) or dataflow (built with -tags dataflow)")
	fs.StringVar(&o.Endpoint, "endpoint", "", "job server `HOST:PORT` for -runner universal")
	fs.StringVar(&o.Environment, "environment", "", "SDK harness for a job server: LOOPBACK (default), DOCKER, PROCESS, EXTERNAL")
	quiet := fs.Bool("quiet", false, "no progress on stderr")
	verbose := fs.Bool("v", false, "show Beam's and Prism's own log")
	cpuprofile := fs.String("cpuprofile", "", "write a Go CPU profile of the whole run (driver and in-process workers) to `FILE`")
	if err := fs.Parse(args); err != nil {
		if errors.Is(err, flag.ErrHelp) {
			fmt.Fprint(stdout, usage)
			fs.SetOutput(stdout)
			fs.PrintDefaults()
			return errHelp
		}
		return usagef("%v", err)
	}
	inputs := fs.Args()
	switch {
	case o.K < 2:
		return usagef("-k must be at least 2")
	case len(inputs) == 0:
		return usagef("no INPUT given")
	case o.NInit < 1:
		return usagef("-n-init must be at least 1")
	case o.Rounds < 1:
		return usagef("-rounds must be at least 1")
	case o.Shards < 1:
		return usagef("-shards must be at least 1")
	case o.Runner == "universal" && o.Endpoint == "":
		return usagef("-runner universal needs -endpoint")
	}
	if !*quiet {
		o.Log = stderr
	}
	if !*verbose {
		// Prism and the SDK log every job's start and end at INFO.
		slog.SetDefault(slog.New(slog.NewTextHandler(stderr, &slog.HandlerOptions{Level: slog.LevelWarn})))
	}
	if *cpuprofile != "" {
		f, err := os.Create(*cpuprofile)
		if err != nil {
			return err
		}
		defer f.Close()
		if err := pprof.StartCPUProfile(f); err != nil {
			return err
		}
		defer pprof.StopCPUProfile()
	}
	res, err := beamclust.Run(ctx, inputs, *out, o)
	if err != nil {
		return err
	}
	fmt.Fprintf(stdout, "%d articles (%d without usable words), %d terms, %d clusters after %d passes over all rows\n",
		res.Docs, res.Empty, len(res.Vectorizer.Terms), len(res.Sizes), res.Rounds)
	for c, n := range res.Sizes {
		fmt.Fprintf(stdout, "  %2d  %6d  %s\n", c, n, res.Labels[c])
	}
	fmt.Fprintf(stdout, "wrote %s\n", strings.Join([]string{*out + "/assignments.csv", *out + "/counts.csv", *out + "/model"}, ", "))
	return nil
}
