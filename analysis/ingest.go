package analysis

import (
	"bufio"
	"context"
	"errors"
	"fmt"
	"os"
	"strings"
	"unicode"

	"newsclust/corpus"
	"newsclust/model"
	"newsclust/report"
	"newsclust/vectorize"
	"newsclust/vectorize/sparse"
)

// ingested is what analyze keeps of the corpus after reading and
// vectorizing it in one streaming pass (see ingest): the units without
// their text, the model and matrix, and the unit texts on disk.
type ingested struct {
	units   []corpus.Document // Text is "": see texts
	texts   *unitTexts
	vz      *vectorize.Model
	X       *sparse.CSR
	skipped []report.Skip
	renamed []corpus.Rename
	hashes  map[string]string // article id → model.TextHash of its title and text
}

// unitTexts holds what the report needs of the units' texts: a snippet of
// each in memory, and the full texts in a temporary file, read back only
// for the few units whose keyword-in-context lines are shown.
type unitTexts struct {
	snippets []string
	f        *os.File
	w        *bufio.Writer // buffers add's writes to f; flushed before reading back
	off      []int64       // unit i's text is bytes [off[i], off[i+1]) of f
	err      error         // the first error reading f back
	paired   bool          // off holds a (start, end) pair per unit, after keep
}

// snippetWords is the number of words of a unit shown in the report.
const snippetWords = 40

func newUnitTexts() (*unitTexts, error) {
	f, err := os.CreateTemp("", "newsclust-texts-*")
	if err != nil {
		return nil, fmt.Errorf("temporary file for unit texts: %w", err)
	}
	return &unitTexts{f: f, w: bufio.NewWriterSize(f, 1<<16), off: []int64{0}}, nil
}

func (t *unitTexts) add(text string) error {
	if _, err := t.w.WriteString(text); err != nil {
		return fmt.Errorf("temporary file for unit texts: %w", err)
	}
	t.off = append(t.off, t.off[len(t.off)-1]+int64(len(text)))
	t.snippets = append(t.snippets, snippet(text, snippetWords))
	return nil
}

// keep keeps the units listed in rows, in that order.
func (t *unitTexts) keep(rows []int) {
	snip := make([]string, len(rows))
	off := make([]int64, 0, 2*len(rows))
	for j, i := range rows {
		snip[j] = t.snippets[i]
		off = append(off, t.off[i], t.off[i+1])
	}
	t.snippets = snip
	// off now holds a (start, end) pair per unit.
	t.off = off
	t.paired = true
}

// text returns unit i's full text, or "" after an error reading it back
// (kept in t.err).
func (t *unitTexts) text(i int) string {
	lo, hi := t.off[i], t.off[i+1]
	if t.paired {
		lo, hi = t.off[2*i], t.off[2*i+1]
	}
	if err := t.flush(); err != nil && t.err == nil {
		t.err = err
	}
	b := make([]byte, hi-lo)
	if _, err := t.f.ReadAt(b, lo); err != nil && t.err == nil {
		t.err = fmt.Errorf("reading back unit texts: %w", err)
		return ""
	}
	return string(b)
}

// flush writes what add buffered to the file.
func (t *unitTexts) flush() error {
	if t.w.Buffered() > 0 {
		if err := t.w.Flush(); err != nil {
			return fmt.Errorf("temporary file for unit texts: %w", err)
		}
	}
	return nil
}

// textAt returns unit i's full text. Unlike text it neither flushes nor
// keeps the error, so once flush has been called it may be called from
// several goroutines at once.
func (t *unitTexts) textAt(i int) (string, error) {
	lo, hi := t.off[i], t.off[i+1]
	if t.paired {
		lo, hi = t.off[2*i], t.off[2*i+1]
	}
	b := make([]byte, hi-lo)
	if _, err := t.f.ReadAt(b, lo); err != nil {
		return "", fmt.Errorf("reading back unit texts: %w", err)
	}
	return string(b), nil
}

func (t *unitTexts) close() {
	if t == nil {
		return
	}
	name := t.f.Name()
	t.f.Close()
	os.Remove(name)
}

// ingest reads the inputs and vectorizes the units as the text streams by
// (corpus.Stream, vectorize.Fitter): no more than a batch of articles is
// held as text at any time. Only metadata (id, title, date, source, label,
// origin) and a snippet of each unit stay in memory; the unit texts go to
// a temporary file for the keyword-in-context lines. Ids are made unique
// once all are read, as corpus.Read does; passages take their article's
// final id. Units left without usable words are listed as skipped and
// dropped. The MinDF and MaxDF used are written back into o.Vectorize.
func ingest(ctx context.Context, o *Options, inputs []string, prog Progress) (*ingested, error) {
	prog.Step("reading articles")
	fit, err := vectorize.NewFitter(o.Vectorize)
	if err != nil {
		return nil, err
	}
	texts, err := newUnitTexts()
	if err != nil {
		return nil, err
	}
	ok := false
	defer func() {
		if !ok {
			texts.close()
		}
	}()
	ing := &ingested{texts: texts}
	arts, artOf, hashes, err := ing.stream(ctx, o, inputs, fit, prog)
	if err != nil {
		return nil, err
	}

	// Ids are unique only once every article is known.
	ing.renamed = corpus.UniqueIDs(arts)
	ing.hashes = make(map[string]string, len(arts))
	for i, a := range arts {
		ing.hashes[a.ID] = hashes[i]
	}
	if o.Unit == "paragraph" {
		p := 0
		for i := range ing.units {
			if i > 0 && artOf[i] != artOf[i-1] {
				p = 0
			}
			p++
			ing.units[i].ID = corpus.PassageID(arts[artOf[i]].ID, p)
			ing.units[i].Article = arts[artOf[i]].ID
		}
	} else {
		ing.units = arts
	}
	if err := ing.fit(ctx, o, fit); err != nil {
		return nil, err
	}
	ok = true
	return ing, nil
}

// stream reads the inputs into ing.units (Text dropped; the texts go to
// ing.texts) and feeds the unit texts to fit. It returns the articles,
// per unit its article, and per article the hash of its text
// (model.TextHash).
func (ing *ingested) stream(ctx context.Context, o *Options, inputs []string, fit *vectorize.Fitter, prog Progress) (arts []corpus.Document, artOf []int32, hashes []string, err error) {
	read := o.Read
	read.Progress = prog.Update
	total := 0
	read.Counted = func(n int) {
		total = n
		prog.Step(fmt.Sprintf("vectorizing %s", plural(n, "article")))
	}
	// Tokenizing runs beside reading: one goroutine takes the batches of
	// texts in order, so the fit is the same as one Add of them all. At
	// most two batches are read and not yet counted: a batch's slot frees
	// as soon as its texts are counted, so that reading the next batch
	// runs beside the merge of the counts, which takes one core.
	const inFlight = 2
	slots := make(chan struct{}, inFlight)
	work := make(chan []string, inFlight)
	fitErr := make(chan error, 1)
	go func() {
		var err error
		for tx := range work {
			freed := false
			free := func() {
				if !freed {
					freed = true
					<-slots
				}
			}
			if err == nil {
				err = fit.AddThen(ctx, tx, free)
			}
			free()
		}
		fitErr <- err
	}()
	sum, err := corpus.Stream(ctx, inputs, read, func(batch []corpus.Document) error {
		batchTx := make([]string, 0, len(batch))
		for _, d := range batch {
			us := []corpus.Document{d}
			if o.Unit == "paragraph" {
				us = corpus.Paragraphs(us, o.MinWords)
			}
			for _, u := range us {
				batchTx = append(batchTx, unitText(u, o.Unit))
				if err := ing.texts.add(u.Text); err != nil {
					return err
				}
				u.Text = ""
				ing.units = append(ing.units, u)
				artOf = append(artOf, int32(len(arts)))
			}
			hashes = append(hashes, model.TextHash(d.TitledText()))
			d.Text = ""
			arts = append(arts, d)
		}
		select {
		case slots <- struct{}{}:
		case <-ctx.Done():
			return ctx.Err()
		}
		work <- batchTx // never waits: each batch in work holds a slot
		prog.Update(len(arts), max(total, len(arts)))
		return nil
	})
	close(work)
	if ferr := <-fitErr; err == nil {
		err = ferr
	}
	if err != nil {
		return nil, nil, nil, err
	}
	for _, s := range sum.Skipped {
		ing.skipped = append(ing.skipped, report.Skip{Input: s.Input, Reason: s.Reason})
	}
	return arts, artOf, hashes, nil
}

// fit finishes the vectorizer with the pruning for the number of units
// and drops the units left without usable words, listing them as skipped.
func (ing *ingested) fit(ctx context.Context, o *Options, fit *vectorize.Fitter) error {
	units := ing.units
	given := o.Vectorize
	AutoPrune(&o.Vectorize, len(units))
	if err := reconcileDF(given, &o.Vectorize, len(units)); err != nil {
		return err
	}
	if err := fit.SetDF(o.Vectorize.MinDF, o.Vectorize.MaxDF); err != nil {
		return err
	}
	vz, X, err := fit.Finish(ctx)
	if errors.Is(err, vectorize.ErrNoTerms) {
		return fmt.Errorf("%w: no %s has usable words after stop words and pruning (%s read, %s skipped before)", corpus.ErrNoDocs, o.Unit, plural(len(units), o.Unit), plural(len(ing.skipped), "input"))
	}
	if err != nil {
		return err
	}

	// Units with no usable words cannot be placed; they are listed, not lost.
	keep := make([]int, 0, len(units))
	for i := range units {
		if X.Indptr[i+1] > X.Indptr[i] {
			keep = append(keep, i)
			continue
		}
		ing.skipped = append(ing.skipped, report.Skip{Input: units[i].Origin + " (" + units[i].ID + ")", Reason: "no usable words after stop words and pruning"})
	}
	if len(keep) < len(units) {
		X = dropEmptyRows(X, keep)
		kept := make([]corpus.Document, len(keep))
		for j, i := range keep {
			kept[j] = units[i]
		}
		units = kept
		ing.texts.keep(keep)
	}
	ing.units, ing.vz, ing.X = units, vz, X
	return nil
}

// dfCount returns the number of documents of n that a MinDF or MaxDF of x
// stands for: a count from 1 up (MaxDF: above 1), else a proportion.
func dfCount(x float64, n int, isMax bool) float64 {
	if x > 1 || (!isMax && x == 1) {
		return x
	}
	return x * float64(n)
}

// reconcileDF makes the automatic document-frequency bounds in v agree
// with the ones the user gave (given): an automatic bound that would
// leave no term between the two is relaxed to keep all. Bounds given both
// that leave nothing are refused with an *OptionError naming the user's
// values, never the automatic ones.
func reconcileDF(given vectorize.Options, v *vectorize.Options, n int) error {
	lo, hi := dfCount(v.MinDF, n, false), dfCount(v.MaxDF, n, true)
	switch {
	case hi >= lo:
		return nil
	case given.MaxDF == 0:
		v.MaxDF = 1
		return nil
	case given.MinDF == 0:
		v.MinDF = 1
		return nil
	}
	return &OptionError{Field: "Vectorize.MaxDF", Reason: fmt.Sprintf("%g keeps terms in at most %g of the %d %s, fewer than the minimum document frequency %g asks for",
		given.MaxDF, hi, n, plural(n, "unit")[len(fmt.Sprint(n))+1:], given.MinDF)}
}

// unitText is the text vectorized for a unit: an article's title and body,
// or a passage alone (repeating the title in every passage would make all
// passages of an article alike).
func unitText(d corpus.Document, unit string) string {
	if unit == "paragraph" {
		return d.Text
	}
	return d.TitledText()
}

// dropEmptyRows returns X with only the rows listed in keep, in increasing
// order, when every row left out is empty: the stored entries stay where
// they are, shared with X, and only the row pointers are rebuilt.
func dropEmptyRows(X *sparse.CSR, keep []int) *sparse.CSR {
	indptr := make([]int64, 1, len(keep)+1)
	for j, i := range keep {
		if X.Indptr[i] != indptr[j] {
			panic("dropEmptyRows: a row left out has entries")
		}
		indptr = append(indptr, X.Indptr[i+1])
	}
	if indptr[len(keep)] != X.Indptr[X.NRows] {
		panic("dropEmptyRows: a row left out has entries")
	}
	return &sparse.CSR{NRows: len(keep), NCols: X.NCols, Indptr: indptr, Ind: X.Ind, Val: X.Val}
}

// snippet returns the first words of text, at most n, separated by single
// spaces and followed by " …" when text has more: what joining the first n
// of strings.Fields(text) gives, without splitting the whole text.
func snippet(text string, n int) string {
	var b strings.Builder
	words := 0
	for rest := text; ; {
		rest = strings.TrimLeftFunc(rest, unicode.IsSpace)
		if rest == "" {
			return b.String()
		}
		if words == n {
			b.WriteString(" …")
			return b.String()
		}
		end := strings.IndexFunc(rest, unicode.IsSpace)
		if end < 0 {
			end = len(rest)
		}
		if words > 0 {
			b.WriteByte(' ')
		}
		b.WriteString(rest[:end])
		words++
		rest = rest[end:]
	}
}
