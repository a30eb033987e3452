// Command newsclust groups news articles by theme.
//
// Usage:
//
//	newsclust analyze [flags] INPUT...
//	newsclust compare -model DIR [flags] INPUT...
//	newsclust update -model DIR -out DIR2 [flags] INPUT...
//	newsclust help [COMMAND]
//
// Run "newsclust help" for the list of commands and "newsclust CMD -h" for
// the flags of one.
package main

import (
	"context"
	"errors"
	"fmt"
	"io"
	"os"
	"os/signal"
	"runtime/debug"
	"strings"
	"syscall"
	"unicode"
	"unicode/utf8"
)

func main() {
	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt, syscall.SIGTERM, syscall.SIGHUP)
	err := run(ctx, os.Args[1:], os.Stdin, os.Stdout, os.Stderr)
	stop()
	os.Exit(exitCode(err, os.Stderr))
}

// usageError marks a mistake in the command line; it exits with status 2.
type usageError struct{ msg string }

func (e *usageError) Error() string { return e.msg }

func usagef(format string, args ...any) error {
	return &usageError{msg: fmt.Sprintf(format, args...)}
}

// errHelp is returned when -h was asked for; usage has been printed.
var errHelp = errors.New("help requested")

// exitCode prints err and returns the process status: 0 for success or help,
// 2 for usage errors, 130 for an interrupt, 1 otherwise.
func exitCode(err error, stderr io.Writer) int {
	var ue *usageError
	switch {
	case err == nil, errors.Is(err, errHelp):
		return 0
	case errors.As(err, &ue):
		fmt.Fprintf(stderr, "newsclust: %s\n", printable(err.Error()))
		fmt.Fprintln(stderr, "Run 'newsclust help' for usage.")
		return 2
	case errors.Is(err, context.Canceled):
		fmt.Fprintln(stderr, "newsclust: interrupted; earlier outputs left as they were")
		return 130
	default:
		fmt.Fprintf(stderr, "newsclust: %s\n", printable(err.Error()))
		return 1
	}
}

// printable returns s with every control, format (zero-width, bidi) and
// invalid UTF-8 character written as a Go escape (\x1b, \u200b, \xff),
// so that a file name in an error message cannot drive the terminal and
// still shows which file it was.
func printable(s string) string {
	clean := true
	for _, r := range s {
		if r == utf8.RuneError || unicode.IsControl(r) || unicode.Is(unicode.Cf, r) {
			clean = false
			break
		}
	}
	if clean {
		return s
	}
	var b strings.Builder
	for i := 0; i < len(s); {
		r, size := utf8.DecodeRuneInString(s[i:])
		switch {
		case r == utf8.RuneError && size <= 1:
			fmt.Fprintf(&b, `\x%02x`, s[i])
		case r < 0x80 && unicode.IsControl(r):
			fmt.Fprintf(&b, `\x%02x`, r)
		case unicode.IsControl(r) || unicode.Is(unicode.Cf, r):
			fmt.Fprintf(&b, `\u%04x`, r)
		default:
			b.WriteString(s[i : i+size])
		}
		i += size
	}
	return b.String()
}

// lineWriter writes text for a terminal: each line through printable, so
// that ids, titles, labels and terms taken from articles or a model cannot
// drive the terminal. Each Write must end at a line end or hold whole
// lines, as fmt.Fprintf of a line does.
type lineWriter struct{ w io.Writer }

func (lw lineWriter) Write(p []byte) (int, error) {
	lines := strings.SplitAfter(string(p), "\n")
	var b strings.Builder
	for _, l := range lines {
		body, nl := strings.CutSuffix(l, "\n")
		b.WriteString(printable(body))
		if nl {
			b.WriteByte('\n')
		}
	}
	if _, err := io.WriteString(lw.w, b.String()); err != nil {
		return 0, err
	}
	return len(p), nil
}

// command is one subcommand.
type command struct {
	name, summary string
	run           func(ctx context.Context, env *env, args []string) error
}

// env is what a subcommand may use of the process.
type env struct {
	stdin          io.Reader
	stdout, stderr io.Writer
}

func commands() []command {
	return []command{
		{"analyze", "cluster articles by theme and write a report, charts and data", runAnalyze},
		{"compare", "compare new articles with a saved analysis", runCompare},
		{"update", "fold new articles into a saved analysis, keeping its cluster ids", runUpdate},
		{"evaluate", "score saved assignments against known labels", runEvaluate},
		{"version", "print the version and the revision it was built from", runVersion},
		{"help", "show help for newsclust or one command", nil},
	}
}

func run(ctx context.Context, args []string, stdin io.Reader, stdout, stderr io.Writer) error {
	e := &env{stdin: stdin, stdout: stdout, stderr: stderr}
	if len(args) == 0 {
		printHelp(stderr)
		return usagef("no command given")
	}
	name, rest := args[0], args[1:]
	switch name {
	case "-version", "--version":
		return runVersion(ctx, e, rest)
	case "help", "-h", "-help", "--help":
		if len(rest) > 0 {
			for _, c := range commands() {
				if c.name == rest[0] && c.run != nil {
					return c.run(ctx, e, []string{"-h"})
				}
			}
			return usagef("help: unknown command %q", rest[0])
		}
		printHelp(stdout)
		return nil
	}
	for _, c := range commands() {
		if c.name == name && c.run != nil {
			return c.run(ctx, e, rest)
		}
	}
	return usagef("unknown command %q", name)
}

// runVersion prints the module version and the VCS revision (with the
// commit time and a "+dirty" mark for a modified tree) from the build
// information; "(devel)" and "unknown" when the binary has none, as with
// go run.
func runVersion(_ context.Context, e *env, args []string) error {
	if len(args) > 0 {
		return usagef("version takes no arguments")
	}
	fmt.Fprintln(e.stdout, versionLine())
	return nil
}

func versionLine() string {
	info, ok := debug.ReadBuildInfo()
	if !ok {
		return "newsclust (no build information)"
	}
	version := info.Main.Version
	if version == "" {
		version = "(devel)"
	}
	rev, when, dirty := "unknown", "", ""
	for _, s := range info.Settings {
		switch s.Key {
		case "vcs.revision":
			rev = s.Value
		case "vcs.time":
			when = " " + s.Value
		case "vcs.modified":
			if s.Value == "true" {
				dirty = "+dirty"
			}
		}
	}
	return fmt.Sprintf("newsclust %s revision %s%s%s %s", version, rev, dirty, when, info.GoVersion)
}

func printHelp(w io.Writer) {
	fmt.Fprintln(w, "newsclust shows how news coverage groups by theme.")
	fmt.Fprintln(w)
	fmt.Fprintln(w, "Usage: newsclust COMMAND [flags] INPUT...")
	fmt.Fprintln(w)
	fmt.Fprintln(w, "Commands:")
	for _, c := range commands() {
		fmt.Fprintf(w, "  %-9s %s\n", c.name, c.summary)
	}
	fmt.Fprintln(w)
	fmt.Fprintln(w, "Run 'newsclust COMMAND -h' for the flags of a command.")
}
