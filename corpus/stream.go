package corpus

import (
	"bufio"
	"context"
	"encoding/binary"
	"errors"
	"fmt"
	"io"
	"io/fs"
	"os"
	"path/filepath"
	"runtime"
	"strings"
	"sync"
)

// Summary is what Stream reports once every document was handed on:
// everything skipped with its reason and the boilerplate lines removed.
// Ids are not made unique by Stream; see UniqueIDs.
type Summary struct {
	Docs    int // documents handed to fn
	Skipped []Skip
	Removed map[string]int
}

// StreamBatch is the largest number of documents Stream hands to fn at once.
const StreamBatch = 1024

// Stream reads the inputs as Read does and hands the documents to fn in
// input order, in batches of at most StreamBatch, without ever holding the
// whole corpus: fn may keep what it needs of each batch, but the batch
// slice itself is reused after fn returns.
//
// Reading takes two passes because the corpus rule (repeated lines) needs
// counts over all documents before any line can be removed. The first pass
// reads the inputs, decodes JSONL lines in parallel, applies the furniture
// rule and writes each surviving document to a spool file in
// Options.TempDir, keeping only a 64-bit hash and word count of each of its
// short lines; the repeated lines are then found from the hashes. The
// second pass reads the spool back, removes repeated lines and author
// blocks and calls fn. The inputs, stdin included, are read once; the spool
// needs about as much disk as the corpus text and is removed on return.
//
// Documents keep the ids they were read with (Article is ""): call
// UniqueIDs on all of them, as Read does, for the ids of a Corpus. Stream
// checks ctx per batch. fn's error stops Stream and is returned as is.
// When no document is handed on, the error wraps ErrNoDocs and the Summary
// is returned with it.
func Stream(ctx context.Context, inputs []string, opts Options, fn func(batch []Document) error) (*Summary, error) {
	if len(inputs) == 0 {
		return nil, fmt.Errorf("%w: no files or folders given", ErrNoInput)
	}
	r := newReader(ctx, opts)
	sp, err := newSpool(opts.TempDir)
	if err != nil {
		return nil, err
	}
	defer sp.remove()
	r.spool = sp
	r.stats = &lineStats{}
	if opts.Progress != nil {
		r.total = inputSize(inputs, opts.Stdin)
		opts.Progress(0, int(r.total))
	}
	for _, in := range inputs {
		if err := ctx.Err(); err != nil {
			return nil, err
		}
		if err := r.input(in); err != nil {
			return nil, err
		}
	}
	if err := r.flush(); err != nil {
		return nil, err
	}
	if opts.Progress != nil {
		opts.Progress(int(r.total), int(r.total))
	}
	if err := sp.rewind(); err != nil {
		return nil, err
	}

	s := &Summary{Removed: map[string]int{RuleFurniture: r.furniture, RuleRepeated: 0}}
	var rep map[uint64]bool
	if !r.opts.KeepBoilerplate {
		rep = r.stats.repeated(r.opts.RepeatMinDocs)
	}
	r.stats = nil
	if opts.Counted != nil {
		opts.Counted(sp.n)
	}
	skipped := append(r.skipped, r.lateSkips...)
	batch := make([]Document, 0, StreamBatch)
	removed := make([]int, StreamBatch)
	authors := make([]int, StreamBatch)
	for read := 0; read < sp.n; {
		if err := ctx.Err(); err != nil {
			return nil, err
		}
		batch = batch[:0]
		for ; read < sp.n && len(batch) < StreamBatch; read++ {
			d, err := sp.next()
			if err != nil {
				return nil, fmt.Errorf("corpus: reading back the spool file: %w", err)
			}
			batch = append(batch, d)
		}
		if !r.opts.KeepBoilerplate {
			parallelFor(len(batch), func(_, i int) {
				removed[i], authors[i] = 0, 0
				if rep != nil {
					batch[i].Text, removed[i] = removeLines(batch[i].Text, rep)
				}
				batch[i].Text, authors[i] = removeAuthorBlock(batch[i].Text)
			})
			kept := batch[:0]
			for i, d := range batch {
				s.Removed[RuleRepeated] += removed[i]
				s.Removed[RuleFurniture] += authors[i]
				if !headlineAsText(&d) {
					skipped = append(skipped, Skip{Input: d.Origin, Reason: "empty after boilerplate removal"})
					continue
				}
				kept = append(kept, d)
			}
			batch = kept
		}
		if len(batch) == 0 {
			continue
		}
		s.Docs += len(batch)
		if err := fn(batch); err != nil {
			return nil, err
		}
	}
	s.Skipped = skipped
	if s.Docs == 0 {
		if len(s.Skipped) == 0 {
			return s, fmt.Errorf("%w: the inputs hold no documents", ErrNoDocs)
		}
		return s, fmt.Errorf("%w: all %d inputs were skipped (first: %s: %s)", ErrNoDocs,
			len(s.Skipped), s.Skipped[0].Input, s.Skipped[0].Reason)
	}
	return s, nil
}

// UniqueIDs makes the ids of docs unique in place, as Read does: the first
// "x" keeps its id, later ones become "x~2", "x~3", ... (skipping any id
// already taken), in order; Article is set to the id. Only ID, Article and
// Origin are used, so documents whose Text was dropped do as well.
func UniqueIDs(docs []Document) []Rename {
	_, renamed := uniqueIDs(docs)
	return renamed
}

// streamFlush is the number of documents the first pass gathers before
// applying the furniture rule to them in parallel.
const streamFlush = 512

// flush applies the furniture rule to the pending documents, drops those it
// empties, and spools the rest with their line hashes.
func (r *reader) flush() error {
	docs := r.pend
	if len(docs) == 0 {
		return nil
	}
	if err := r.ctx.Err(); err != nil {
		return err
	}
	keep := !r.opts.KeepBoilerplate
	type res struct {
		removed int
		ok      bool
		lines   lineSet
	}
	out := make([]res, len(docs))
	seen := make([]map[uint64]bool, runtime.GOMAXPROCS(0))
	parallelFor(len(docs), func(w, i int) {
		o := &out[i]
		o.ok = true
		if keep {
			docs[i].Text, o.removed = removeFurniture(docs[i].Text)
			o.ok = headlineAsText(&docs[i])
			if o.ok {
				if seen[w] == nil {
					seen[w] = make(map[uint64]bool)
				}
				o.lines = textLines(docs[i].Text, seen[w])
			}
		}
	})
	for i := range docs {
		r.furniture += out[i].removed
		if !out[i].ok {
			r.lateSkips = append(r.lateSkips, Skip{Input: docs[i].Origin, Reason: "empty after boilerplate removal"})
			continue
		}
		if keep {
			r.stats.add(out[i].lines)
		}
		if err := r.spool.write(&docs[i]); err != nil {
			return err
		}
	}
	clear(docs)
	r.pend = docs[:0]
	return nil
}

// parallelFor runs fn(w, i) for every i in [0, n) on up to GOMAXPROCS
// goroutines; w in [0, GOMAXPROCS) names the goroutine, for scratch space.
// Each call must touch only its own i's data (and w's scratch), so the
// outcome does not depend on the number of goroutines.
func parallelFor(n int, fn func(w, i int)) {
	workers := min(runtime.GOMAXPROCS(0), (n+15)/16)
	if workers <= 1 {
		for i := range n {
			fn(0, i)
		}
		return
	}
	var wg sync.WaitGroup
	for w := range workers {
		wg.Go(func() {
			for i := w; i < n; i += workers {
				fn(w, i)
			}
		})
	}
	wg.Wait()
}

// inputSize is the total size of the files the inputs name, for progress:
// files as found on disk (compressed size for .jsonl.gz) and stdin when it
// is a regular file.
func inputSize(inputs []string, stdin io.Reader) int64 {
	var total int64
	for _, in := range inputs {
		if in == "-" {
			if f, ok := stdin.(*os.File); ok {
				if fi, err := f.Stat(); err == nil && fi.Mode().IsRegular() {
					total += fi.Size()
				}
			}
			continue
		}
		filepath.WalkDir(in, func(path string, d fs.DirEntry, err error) error {
			if err != nil {
				return nil // Stream reports it
			}
			if path != in && strings.HasPrefix(d.Name(), ".") && d.IsDir() {
				return filepath.SkipDir
			}
			if !d.IsDir() {
				if fi, err := os.Stat(path); err == nil && fi.Mode().IsRegular() {
					total += fi.Size()
				}
			}
			return nil
		})
	}
	return total
}

// progress reports n more bytes of input consumed.
func (r *reader) progress(n int64) {
	if r.opts.Progress == nil {
		return
	}
	r.done += n
	if r.done > r.total {
		r.total = r.done // stdin of unknown size
	}
	r.opts.Progress(int(r.done), int(r.total))
}

// spool is the temporary file between Stream's passes: documents as
// length-prefixed fields.
type spool struct {
	f  *os.File
	w  *bufio.Writer
	rd *bufio.Reader
	n  int
	b  []byte
}

func newSpool(dir string) (*spool, error) {
	f, err := os.CreateTemp(dir, "newsclust-spool-*")
	if err != nil {
		return nil, fmt.Errorf("corpus: spool file: %w", err)
	}
	return &spool{f: f, w: bufio.NewWriterSize(f, 1<<20)}, nil
}

func (s *spool) write(d *Document) error {
	for _, f := range [...]string{d.ID, d.Title, d.Text, d.Date, d.Source, d.Label, d.Origin} {
		s.b = binary.AppendUvarint(s.b[:0], uint64(len(f)))
		s.w.Write(s.b)
		if _, err := s.w.WriteString(f); err != nil {
			return fmt.Errorf("corpus: writing the spool file: %w", err)
		}
	}
	s.n++
	return nil
}

func (s *spool) rewind() error {
	if err := s.w.Flush(); err != nil {
		return fmt.Errorf("corpus: writing the spool file: %w", err)
	}
	if _, err := s.f.Seek(0, io.SeekStart); err != nil {
		return fmt.Errorf("corpus: spool file: %w", err)
	}
	s.rd = bufio.NewReaderSize(s.f, 1<<20)
	return nil
}

func (s *spool) next() (Document, error) {
	var f [7]string
	for i := range f {
		n, err := binary.ReadUvarint(s.rd)
		if err != nil {
			return Document{}, err
		}
		if cap(s.b) < int(n) {
			s.b = make([]byte, n)
		}
		b := s.b[:n]
		if _, err := io.ReadFull(s.rd, b); err != nil {
			return Document{}, err
		}
		f[i] = string(b)
	}
	return Document{ID: f[0], Title: f[1], Text: f[2], Date: f[3], Source: f[4], Label: f[5], Origin: f[6]}, nil
}

func (s *spool) remove() {
	name := s.f.Name()
	s.f.Close()
	if err := os.Remove(name); err != nil && !errors.Is(err, fs.ErrNotExist) {
		return // a temp file left behind is harmless
	}
}
