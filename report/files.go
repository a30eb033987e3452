package report

import (
	"bufio"
	"context"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"runtime"
	"sync"
)

// File is one output file: where it goes and what fills it (a renderer
// of this package, given the writer).
type File struct {
	Path string
	Fill func(io.Writer) error
}

// WriteFiles writes files all or none: each is filled into a hidden
// temporary file beside its destination (".NAME.tmp…"), concurrently on
// up to GOMAXPROCS goroutines (each fill writes its own file from data it
// only reads, so the files are the same as when written one by one), and
// only when every one is written and ctx is not cancelled are they all
// renamed into place, in the order given. A failure or cancellation
// before that removes the temporaries and leaves the files of an earlier
// run as they were, never a mix of the two. The first error, in the
// order given, is returned, naming its file.
func WriteFiles(ctx context.Context, files []File) error {
	var set outputSet
	defer set.discard()
	if err := set.writeAll(ctx, files); err != nil {
		return err
	}
	if err := ctx.Err(); err != nil {
		return err
	}
	return set.commit()
}

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

// writeAll stages every file (create), filling them concurrently on up
// to GOMAXPROCS goroutines: each fill writes its own file from data it
// only reads, so the files are the same as when written one by one. The
// temporaries are created in the order given, so commit renames in that
// order. The first error (in that order) is returned; ctx is checked
// before each file.
func (o *outputSet) writeAll(ctx context.Context, files []File) error {
	tmps := make([]*os.File, len(files))
	for i, f := range files {
		tmp, err := o.create(f.Path)
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
				errs[i] = fillFile(tmps[i], files[i].Path, files[i].Fill)
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
