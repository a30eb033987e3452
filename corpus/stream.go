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
	"slices"
	"strings"
	"sync"
	"unsafe"
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
	var hasRep []bool // spooled document i has a line in rep
	if !r.opts.KeepBoilerplate {
		rep = r.stats.repeated(r.opts.RepeatMinDocs)
		if rep != nil {
			hasRep = r.stats.holding(rep)
		}
	}
	r.stats = nil
	if opts.Counted != nil {
		opts.Counted(sp.n)
	}
	skipped := append(r.skipped, r.lateSkips...)
	err = sp.readBatches(ctx, func(b *spoolBatch) {
		if r.opts.KeepBoilerplate {
			return
		}
		kept := b.docs[:0]
		for i, d := range b.docs {
			var n int
			// A document none of whose short lines is repeated has none
			// to remove (its lineSet lists every line removeLines could).
			if rep != nil && hasRep[b.first+i] {
				d.Text, n = removeLines(d.Text, rep)
				b.removed += n
			}
			d.Text, n = removeAuthorBlock(d.Text)
			b.authors += n
			if !headlineAsText(&d) {
				b.skipped = append(b.skipped, Skip{Input: d.Origin, Reason: "empty after boilerplate removal"})
				continue
			}
			kept = append(kept, d)
		}
		clear(b.docs[len(kept):])
		b.docs = kept
	}, func(b *spoolBatch) error {
		s.Removed[RuleRepeated] += b.removed
		s.Removed[RuleFurniture] += b.authors
		skipped = append(skipped, b.skipped...)
		if len(b.docs) == 0 {
			return nil
		}
		s.Docs += len(b.docs)
		return fn(b.docs)
	})
	if err != nil {
		return nil, err
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
			if seen[w] == nil {
				seen[w] = make(map[uint64]bool)
			}
			docs[i].Text, o.removed, o.lines = furnitureLines(docs[i].Text, seen[w])
			text := docs[i].Text
			o.ok = headlineAsText(&docs[i])
			if o.ok && docs[i].Text != text { // the headline stands in for the text
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
		root := walkRoot(in)
		filepath.WalkDir(root, func(path string, d fs.DirEntry, err error) error {
			if err != nil {
				return nil // Stream reports it
			}
			if path != root && strings.HasPrefix(d.Name(), ".") && d.IsDir() {
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

// progress notes n more bytes of input consumed. It may be called from
// readJSONL's reading goroutine; report hands the bytes on to
// Options.Progress from Stream's goroutine.
func (r *reader) progress(n int64) {
	if r.opts.Progress != nil {
		r.unreported.Add(n)
	}
}

// report calls Options.Progress with the bytes noted by progress since the
// last report, if any.
func (r *reader) report() {
	if r.opts.Progress == nil {
		return
	}
	n := r.unreported.Swap(0)
	if n == 0 {
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
	s.b = appendSpool(s.b[:0], d)
	return s.writeRecords(s.b, 1)
}

// appendSpool appends the spool record of d to b: its fields, each
// length-prefixed.
func appendSpool(b []byte, d *Document) []byte {
	for _, f := range [...]string{d.ID, d.Title, d.Text, d.Date, d.Source, d.Label, d.Origin, d.URL} {
		b = binary.AppendUvarint(b, uint64(len(f)))
		b = append(b, f...)
	}
	return b
}

// writeRecords writes b, the spool records of n documents.
func (s *spool) writeRecords(b []byte, n int) error {
	if _, err := s.w.Write(b); err != nil {
		return fmt.Errorf("corpus: writing the spool file: %w", err)
	}
	s.n += n
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
	// The fields other than Text share one string: they are the metadata
	// a caller may keep after dropping the text.
	var f [8]string
	var end [8]int // end of field i's bytes in s.b (Text: in text)
	var text string
	s.b = s.b[:0]
	for i := range f {
		n, err := binary.ReadUvarint(s.rd)
		if err != nil {
			return Document{}, err
		}
		if i == 2 {
			b := make([]byte, n)
			if _, err := io.ReadFull(s.rd, b); err != nil {
				return Document{}, err
			}
			text = unsafe.String(unsafe.SliceData(b), len(b))
			end[i] = len(s.b)
			continue
		}
		k := len(s.b)
		s.b = slices.Grow(s.b, int(n))[:k+int(n)]
		if _, err := io.ReadFull(s.rd, s.b[k:]); err != nil {
			return Document{}, err
		}
		end[i] = len(s.b)
	}
	meta := string(s.b)
	start := 0
	for i := range f {
		f[i] = meta[start:end[i]]
		start = end[i]
	}
	f[2] = text
	return Document{ID: f[0], Title: f[1], Text: f[2], Date: f[3], Source: f[4], Label: f[5], Origin: f[6], URL: f[7]}, nil
}

// spoolBatch is up to StreamBatch documents of the second pass on their
// way through readBatches.
type spoolBatch struct {
	docs    []Document
	first   int // the spool index of docs[0]
	removed int // lines removed by the corpus rule
	authors int // lines removed as author blocks
	skipped []Skip
}

// readBatches reads the spool back in batches of StreamBatch documents
// and runs them through a pipeline (inOrder): one goroutine reads, workers
// call work on whole batches, and the calling goroutine calls use on each
// batch in order. A batch's documents are reused once use returns. It
// stops at the first error from use or ctx.
func (s *spool) readBatches(ctx context.Context, work func(*spoolBatch), use func(*spoolBatch) error) error {
	read := 0
	fill := func(b *spoolBatch) (send, more bool, err error) {
		clear(b.docs)
		b.docs, b.removed, b.authors, b.skipped = b.docs[:0], 0, 0, b.skipped[:0]
		b.first = read
		for ; read < s.n && len(b.docs) < StreamBatch; read++ {
			d, err := s.next()
			if err != nil {
				return false, false, fmt.Errorf("corpus: reading back the spool file: %w", err)
			}
			b.docs = append(b.docs, d)
		}
		return len(b.docs) > 0, read < s.n, nil
	}
	return inOrder(runtime.GOMAXPROCS(0)+2, func() *spoolBatch { return &spoolBatch{docs: make([]Document, 0, StreamBatch)} },
		fill, work, ctx.Err, func(b *spoolBatch) error {
			err := use(b)
			clear(b.docs) // the texts can go while the batch waits for reuse
			return err
		})
}

func (s *spool) remove() {
	name := s.f.Name()
	s.f.Close()
	if err := os.Remove(name); err != nil && !errors.Is(err, fs.ErrNotExist) {
		return // a temp file left behind is harmless
	}
}
