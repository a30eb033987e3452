package main

import (
	"bufio"
	"context"
	"errors"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"regexp"
	"runtime"
	"sync"
)

// outputSet writes a run's files in two phases. writeAll puts each file's
// content in a temporary file beside its destination; commit renames them
// all into place once every file has been written. A run that fails or is
// interrupted before commit removes its temporaries (discard) and leaves
// the files of an earlier run as they were, never a mix of the two.
// Between the first and the last rename nothing is checked or computed, so
// an interrupt (which only cancels a context) cannot split the set.
type outputSet struct {
	staged []stagedFile
}

type stagedFile struct{ tmp, path string }

// create makes path's temporary file, named ".NAME.tmp…" in path's folder
// so that it is hidden and cannot clash, and records it as staged.
func (o *outputSet) create(path string) (*os.File, error) {
	tmp, err := os.CreateTemp(filepath.Dir(path), "."+filepath.Base(path)+".tmp*")
	if err != nil {
		return nil, fmt.Errorf("cannot write in output folder: %w", err)
	}
	o.staged = append(o.staged, stagedFile{tmp: tmp.Name(), path: path})
	return tmp, nil
}

// output is one file of a run: its destination and what fills it.
type output struct {
	path string
	fill func(io.Writer) error
}

// writeAll stages every file (create), filling them concurrently on up
// to GOMAXPROCS goroutines: each fill writes its own file from data it
// only reads, so the files are the same as when written one by one. The
// temporaries are created in the order given, so commit renames in that
// order. The first error (in that order) is returned; ctx is checked
// before each file.
func (o *outputSet) writeAll(ctx context.Context, files []output) error {
	tmps := make([]*os.File, len(files))
	for i, f := range files {
		tmp, err := o.create(f.path)
		if err != nil {
			for _, t := range tmps[:i] {
				t.Close()
			}
			return err
		}
		tmps[i] = tmp
	}
	errs := make([]error, len(files))
	next := make(chan int)
	var wg sync.WaitGroup
	for range min(runtime.GOMAXPROCS(0), len(files)) {
		wg.Go(func() {
			for i := range next {
				if err := ctx.Err(); err != nil {
					tmps[i].Close()
					errs[i] = err
					continue
				}
				errs[i] = fillFile(tmps[i], files[i].path, files[i].fill)
			}
		})
	}
	for i := range files {
		next <- i
	}
	close(next)
	wg.Wait()
	for _, err := range errs {
		if err != nil {
			return err
		}
	}
	return nil
}

// fillFile writes fill's output to tmp, the staged temporary of path, and
// closes it.
func fillFile(tmp *os.File, path string, fill func(io.Writer) error) error {
	bw := bufio.NewWriterSize(tmp, 1<<16)
	err := fill(bw)
	if err == nil {
		err = bw.Flush()
	}
	if err == nil {
		err = tmp.Chmod(0o644)
	}
	if cerr := tmp.Close(); err == nil {
		err = cerr
	}
	if err != nil {
		return fmt.Errorf("%s: %w", path, err)
	}
	return nil
}

// commit renames every staged file into place, in the order written.
func (o *outputSet) commit() error {
	for i, s := range o.staged {
		if err := os.Rename(s.tmp, s.path); err != nil {
			o.staged = o.staged[i:]
			return fmt.Errorf("%s: %w", s.path, err)
		}
	}
	o.staged = nil
	return nil
}

// discard removes the temporaries not yet committed.
func (o *outputSet) discard() {
	for _, s := range o.staged {
		os.Remove(s.tmp)
	}
	o.staged = nil
}

// chartFile matches the names analyze gives chart files.
var chartFile = regexp.MustCompile(`^[a-z0-9-]+\.(png|svg)$`)

// removeStale deletes outputs of an earlier run that this run did not
// write: a chart the new analysis has no data for, or themes.csv after a
// run without -themes. Only names analyze itself writes are touched.
func removeStale(dir string, written map[string]bool) error {
	var errs []error
	candidates := []string{filepath.Join(dir, "themes.csv"), filepath.Join(dir, "new.csv"), filepath.Join(dir, "changes.csv")}
	if ents, err := os.ReadDir(filepath.Join(dir, "charts")); err == nil {
		for _, e := range ents {
			if e.Type().IsRegular() && chartFile.MatchString(e.Name()) {
				candidates = append(candidates, filepath.Join(dir, "charts", e.Name()))
			}
		}
	}
	for _, p := range candidates {
		if written[p] {
			continue
		}
		if err := os.Remove(p); err != nil && !errors.Is(err, os.ErrNotExist) {
			errs = append(errs, err)
		}
	}
	return errors.Join(errs...)
}
