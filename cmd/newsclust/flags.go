package main

import (
	"errors"
	"flag"
	"fmt"
	"io"
	"newsclust/analysis"
	"newsclust/corpus"
	"strconv"
	"strings"
)

// parseFlags parses args with fs, allowing flags after positional arguments
// ("analyze testdata/seeds -out x"). "--" ends flag parsing. It returns the
// positional arguments, errHelp after printing usage for -h, or a usage error
// naming the flag.
func parseFlags(fs *flag.FlagSet, args []string, stdout io.Writer, usage func(io.Writer)) ([]string, error) {
	fs.SetOutput(io.Discard)
	var pos []string
	for {
		err := fs.Parse(args)
		if errors.Is(err, flag.ErrHelp) {
			usage(stdout)
			return nil, errHelp
		}
		if err != nil {
			return nil, usagef("%s: %v", fs.Name(), err)
		}
		args = fs.Args()
		if len(args) == 0 {
			return pos, nil
		}
		if args[0] == "--" {
			return append(pos, args[1:]...), nil
		}
		pos = append(pos, args[0])
		args = args[1:]
	}
}

// printUsage writes a command's help: text (its usage lines and what it
// does), then its flags.
func printUsage(w io.Writer, fs *flag.FlagSet, text string) {
	fmt.Fprintf(w, "%s\n\nFlags:\n", text)
	printDefaults(w, fs)
}

// printDefaults writes the flags of fs in a compact two-column form.
func printDefaults(w io.Writer, fs *flag.FlagSet) {
	fs.VisitAll(func(f *flag.Flag) {
		name, usage := flag.UnquoteUsage(f)
		head := "  -" + f.Name
		if name != "" {
			head += " " + name
		}
		def := ""
		if f.DefValue != "" && f.DefValue != "false" && f.DefValue != "0" {
			def = fmt.Sprintf(" (default %s)", f.DefValue)
		}
		fmt.Fprintf(w, "%-24s %s%s\n", head, usage, def)
	})
}

// kFlag is the value of -k: a number of clusters or "auto".
type kFlag struct {
	auto bool
	n    int
}

func (k *kFlag) String() string {
	if k.auto {
		return "auto"
	}
	return strconv.Itoa(k.n)
}

func (k *kFlag) Set(s string) error {
	if s == "auto" {
		*k = kFlag{auto: true}
		return nil
	}
	n, err := strconv.Atoi(s)
	if err != nil || n < 1 {
		return errors.New(`want a whole number of clusters (at least 1) or "auto"`)
	}
	*k = kFlag{n: n}
	return nil
}

// rangeFlag is the value of -k-range: LO:HI.
type rangeFlag struct{ lo, hi int }

func (r *rangeFlag) String() string { return fmt.Sprintf("%d:%d", r.lo, r.hi) }

func (r *rangeFlag) Set(s string) error {
	a, b, ok := strings.Cut(s, ":")
	lo, err1 := strconv.Atoi(a)
	hi, err2 := strconv.Atoi(b)
	if !ok || err1 != nil || err2 != nil || lo < 2 || hi < lo {
		return errors.New("want LO:HI with 2 <= LO <= HI, e.g. 2:12")
	}
	*r = rangeFlag{lo, hi}
	return nil
}

// inputFlags registers the flags that say how articles are read: field
// names, limits and the treatment of bad records (skipBad is the -skip-bad
// help text, which differs by command).
func inputFlags(fs *flag.FlagSet, o *corpus.Options, skipBad string) {
	fs.StringVar(&o.Fields.ID, "id-field", "id", "JSONL/CSV field holding the id")
	fs.StringVar(&o.Fields.Title, "title-field", "title", "JSONL/CSV field holding the title")
	fs.StringVar(&o.Fields.Text, "text-field", "text", "JSONL/CSV field holding the text")
	fs.StringVar(&o.Fields.Date, "date-field", "date", "JSONL/CSV field holding the date")
	fs.StringVar(&o.Fields.Source, "source-field", "source", "JSONL/CSV field holding the source")
	fs.StringVar(&o.Fields.Label, "label-field", "label", "JSONL/CSV field holding a known label")
	fs.StringVar(&o.Fields.URL, "url-field", "url", "JSONL/CSV field holding the article's address")
	fs.StringVar(&o.Source, "source", "", "source of every article that names none (e.g. a folder of .txt files from one outlet)")
	fs.BoolVar(&o.SourceFromFolder, "source-from-folder", false, "an article that names no source takes the name of its folder under the input folder")
	fs.BoolVar(&o.SkipBad, "skip-bad", false, skipBad)
	fs.BoolVar(&o.KeepBoilerplate, "keep-boilerplate", false, "do not remove web boilerplate")
	fs.IntVar(&o.MaxDocBytes, "max-doc-bytes", 64<<20, "skip documents longer than this many bytes")
	fs.Int64Var(&o.MaxInputBytes, "max-input-bytes", analysis.DefaultMaxInputBytes, "stop when the inputs together are larger than this many bytes (.jsonl.gz counted decompressed)")
}
