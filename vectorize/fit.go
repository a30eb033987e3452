package vectorize

import (
	"cmp"
	"context"
	"fmt"
	"math"
	"runtime"
	"slices"
	"sync"
	"sync/atomic"

	"newsclust/vectorize/sparse"
)

// batchSize is the number of documents a worker analyses at a time. The
// batches are fixed by the corpus alone, and their results are merged in
// order, so the result does not depend on the number of workers.
const batchSize = 256

// idCount is a term id (or a column) and its count in one document.
type idCount struct{ id, n int32 }

// vterm is a vocabulary entry: a unigram, or a bigram of the unigrams with
// ids a and b (a >= 0).
type vterm struct {
	str  string
	a, b int32
}

// batch holds the counts of one batch of documents in term ids local to the
// batch, and after merging in global ids.
type batch struct {
	terms    []vterm  // local term id → term
	surfs    []string // local surface id → surface word
	surfN    []int32  // local surface id → occurrences
	surfTerm []int32  // local surface id → local unigram id
	off      []int32  // document k of the batch has pairs[off[k]:off[k+1]]
	pairs    []idCount
	start    int // row of the batch's first document
}

// tokSlot is a counter's record of one distinct token: the analyzer's
// decision, and the token's local term and surface ids in the batch
// numbered stamp.
type tokSlot struct {
	decision
	key          string // the token
	stamp        int32
	lterm, lsurf int32
}

// counter is the reusable state of one worker.
type counter struct {
	an      *Analyzer
	tz      tokenizer
	tokIdx  map[string]int32 // token → index in toks, kept across batches
	toks    []tokSlot
	stamp   int32            // 1 + index of the current batch
	uniIdx  map[string]int32 // unigram → local term id
	biIdx   map[uint64]int32 // pair of local unigram ids → local term id
	surfIdx map[string]int32 // surface word → local surface id
	cnt     []int32          // local term id → count in the current document
	touched []int32          // local term ids counted in the current document
	seq     []int32          // kept unigrams of the current document, in order
	front   [frontSize]frontEntry
	hint    struct{ terms, surfs, pairs int } // largest batch so far
}

// frontSize is the size of a counter's direct-mapped cache in front of
// tokIdx. Frequent tokens stay in it, so most tokens skip the large map.
const frontSize = 1 << 12

type frontEntry struct {
	key  string
	slot int32
}

// slot returns the index in c.toks of tok, adding it when new.
func (c *counter) slot(tok []byte, kind tokKind) int32 {
	h := uint32(2166136261) // FNV-1a
	for _, b := range tok {
		h = (h ^ uint32(b)) * 16777619
	}
	e := &c.front[h%frontSize]
	if e.key == string(tok) && e.key != "" {
		return e.slot
	}
	slot, ok := c.tokIdx[string(tok)]
	if !ok {
		key := string(tok)
		slot = int32(len(c.toks))
		c.toks = append(c.toks, tokSlot{decision: c.an.decide(tok, kind), key: key})
		c.tokIdx[key] = slot
	}
	e.key, e.slot = c.toks[slot].key, slot
	return slot
}

func newCounter(an *Analyzer) *counter {
	return &counter{
		an:      an,
		tokIdx:  make(map[string]int32),
		uniIdx:  make(map[string]int32),
		biIdx:   make(map[uint64]int32),
		surfIdx: make(map[string]int32),
	}
}

// start prepares c to count batch i into b, sizing b's slices like the
// largest batch c counted before.
func (c *counter) start(b *batch, i, ndocs int) {
	clear(c.uniIdx)
	clear(c.biIdx)
	clear(c.surfIdx)
	c.stamp = int32(i + 1)
	b.terms = make([]vterm, 0, c.hint.terms)
	b.surfs = make([]string, 0, c.hint.surfs)
	b.surfN = make([]int32, 0, c.hint.surfs)
	b.surfTerm = make([]int32, 0, c.hint.surfs)
	b.pairs = make([]idCount, 0, c.hint.pairs)
	b.off = make([]int32, 1, ndocs+1)
}

// end records the sizes of b for the next start.
func (c *counter) end(b *batch) {
	c.hint.terms = max(c.hint.terms, len(b.terms))
	c.hint.surfs = max(c.hint.surfs, len(b.surfs))
	c.hint.pairs = max(c.hint.pairs, len(b.pairs))
}

func (c *counter) unigram(b *batch, s string) int32 {
	id, ok := c.uniIdx[s]
	if !ok {
		id = int32(len(b.terms))
		b.terms = append(b.terms, vterm{str: s, a: -1, b: -1})
		c.uniIdx[s] = id
	}
	return id
}

func (c *counter) surface(b *batch, s string, term int32) int32 {
	id, ok := c.surfIdx[s]
	if !ok {
		id = int32(len(b.surfs))
		b.surfs = append(b.surfs, s)
		b.surfN = append(b.surfN, 0)
		b.surfTerm = append(b.surfTerm, term)
		c.surfIdx[s] = id
	}
	return id
}

func (c *counter) count(id int32) {
	if int(id) >= len(c.cnt) {
		c.cnt = append(c.cnt, make([]int32, int(id)+1-len(c.cnt)+len(c.cnt)/2)...)
	}
	if c.cnt[id] == 0 {
		c.touched = append(c.touched, id)
	}
	c.cnt[id]++
}

func (c *counter) endDoc(b *batch) {
	for _, id := range c.touched {
		b.pairs = append(b.pairs, idCount{id, c.cnt[id]})
		c.cnt[id] = 0
	}
	c.touched = c.touched[:0]
	b.off = append(b.off, int32(len(b.pairs)))
}

// text counts the terms of one text, as Analyzer.Terms would give them.
func (c *counter) text(b *batch, text string) {
	c.tz.reset(text)
	c.seq = c.seq[:0]
	for {
		tok, kind, ok := c.tz.next()
		if !ok {
			break
		}
		ts := &c.toks[c.slot(tok, kind)]
		if !ts.keep {
			continue
		}
		if ts.stamp != c.stamp {
			ts.stamp = c.stamp
			ts.lterm = c.unigram(b, ts.term)
			ts.lsurf = c.surface(b, ts.surf, ts.lterm)
		}
		b.surfN[ts.lsurf]++
		c.seq = append(c.seq, ts.lterm)
		c.count(ts.lterm)
	}
	if c.an.ngrams == 2 {
		for i := 1; i < len(c.seq); i++ {
			x, y := c.seq[i-1], c.seq[i]
			key := uint64(uint32(x))<<32 | uint64(uint32(y))
			id, ok := c.biIdx[key]
			if !ok {
				id = int32(len(b.terms))
				b.terms = append(b.terms, vterm{a: x, b: y})
				c.biIdx[key] = id
			}
			c.count(id)
		}
	}
	c.endDoc(b)
}

// terms counts a list of ready-made terms; each term is its own surface.
func (c *counter) terms(b *batch, terms []string) {
	for _, t := range terms {
		id := c.unigram(b, t)
		b.surfN[c.surface(b, t, id)]++
		c.count(id)
	}
	c.endDoc(b)
}

// vocab is the corpus vocabulary before pruning, in global ids assigned in
// batch order.
type vocab struct {
	uniIdx   map[string]int32
	biIdx    map[uint64]int32
	terms    []vterm
	df       []int32
	total    []int64
	surfIdx  map[string]int32
	surfs    []string
	surfN    []int64
	surfTerm []int32 // surface id → global unigram id
}

func newVocab() *vocab {
	return &vocab{
		uniIdx:  make(map[string]int32),
		biIdx:   make(map[uint64]int32),
		surfIdx: make(map[string]int32),
	}
}

func (v *vocab) add(t vterm) int32 {
	id := int32(len(v.terms))
	v.terms = append(v.terms, t)
	v.df = append(v.df, 0)
	v.total = append(v.total, 0)
	return id
}

// merge adds the counts of b and rewrites b's pairs in global ids.
func (v *vocab) merge(b *batch) {
	remap := make([]int32, len(b.terms))
	for k, t := range b.terms {
		var g int32
		var ok bool
		if t.a < 0 {
			if g, ok = v.uniIdx[t.str]; !ok {
				g = v.add(t)
				v.uniIdx[t.str] = g
			}
		} else {
			// A bigram's unigrams precede it in the batch, so they are
			// already remapped.
			x, y := remap[t.a], remap[t.b]
			key := uint64(uint32(x))<<32 | uint64(uint32(y))
			if g, ok = v.biIdx[key]; !ok {
				g = v.add(vterm{a: x, b: y})
				v.biIdx[key] = g
			}
		}
		remap[k] = g
	}
	for i := range b.pairs {
		p := &b.pairs[i]
		p.id = remap[p.id]
		v.df[p.id]++
		v.total[p.id] += int64(p.n)
	}
	for k, s := range b.surfs {
		g, ok := v.surfIdx[s]
		if !ok {
			g = int32(len(v.surfs))
			v.surfs = append(v.surfs, s)
			v.surfN = append(v.surfN, 0)
			v.surfTerm = append(v.surfTerm, remap[b.surfTerm[k]])
			v.surfIdx[s] = g
		}
		v.surfN[g] += int64(b.surfN[k])
	}
	b.terms, b.surfs, b.surfN, b.surfTerm = nil, nil, nil, nil
}

// str returns the string of term g: "stem" or "stem stem".
func (v *vocab) str(g int32) string {
	t := v.terms[g]
	if t.a < 0 {
		return t.str
	}
	return v.terms[t.a].str + " " + v.terms[t.b].str
}

// dfBounds returns the document-frequency bounds of opts for n documents:
// a term is kept when min <= df <= max.
func dfBounds(opts Options, n int) (lo, hi float64, err error) {
	if err := checkPruning(opts); err != nil {
		return 0, 0, err
	}
	switch {
	case opts.MinDF == 0:
		lo = 1
	case opts.MinDF >= 1:
		lo = opts.MinDF
	default:
		lo = opts.MinDF * float64(n)
	}
	switch {
	case opts.MaxDF == 0:
		hi = float64(n)
	case opts.MaxDF > 1:
		hi = opts.MaxDF
	default:
		hi = opts.MaxDF * float64(n)
	}
	if hi < lo {
		return 0, 0, fmt.Errorf("%w: MaxDF %v keeps fewer documents than MinDF %v", ErrOptions, opts.MaxDF, opts.MinDF)
	}
	return lo, hi, nil
}

// checkPruning returns an error wrapping ErrOptions for pruning options
// that are wrong whatever the number of documents.
func checkPruning(opts Options) error {
	if math.IsNaN(opts.MinDF) || math.IsNaN(opts.MaxDF) || opts.MinDF < 0 || opts.MaxDF < 0 {
		return fmt.Errorf("%w: MinDF %v and MaxDF %v must not be negative", ErrOptions, opts.MinDF, opts.MaxDF)
	}
	if opts.MaxFeatures < 0 {
		return fmt.Errorf("%w: MaxFeatures %d is negative", ErrOptions, opts.MaxFeatures)
	}
	return nil
}

// column is a kept term before columns are numbered.
type column struct {
	term string
	g    int32
}

// prune returns the kept terms sorted by term.
func (v *vocab) prune(opts Options, n int) ([]column, error) {
	lo, hi, err := dfBounds(opts, n)
	if err != nil {
		return nil, err
	}
	var kept []column
	for g, df := range v.df {
		if f := float64(df); f >= lo && f <= hi {
			kept = append(kept, column{g: int32(g)})
		}
	}
	if len(kept) == 0 {
		if len(v.terms) == 0 {
			return nil, fmt.Errorf("%w: the texts hold no terms", ErrNoTerms)
		}
		return nil, fmt.Errorf("%w: all %d terms were pruned by MinDF %v and MaxDF %v", ErrNoTerms, len(v.terms), opts.MinDF, opts.MaxDF)
	}
	for i := range kept {
		kept[i].term = v.str(kept[i].g)
	}
	if opts.MaxFeatures > 0 && len(kept) > opts.MaxFeatures {
		slices.SortFunc(kept, func(x, y column) int {
			if c := cmp.Compare(v.total[y.g], v.total[x.g]); c != 0 {
				return c
			}
			return cmp.Compare(x.term, y.term)
		})
		kept = kept[:opts.MaxFeatures]
	}
	slices.SortFunc(kept, func(x, y column) int { return cmp.Compare(x.term, y.term) })
	return kept, nil
}

// surfaces returns the surface form of every column.
func (v *vocab) surfaces(cols []column) []string {
	best := make([]int32, len(v.terms))
	for i := range best {
		best[i] = -1
	}
	for s, u := range v.surfTerm {
		b := best[u]
		if b < 0 || v.surfN[s] > v.surfN[b] || (v.surfN[s] == v.surfN[b] && v.surfs[s] < v.surfs[b]) {
			best[u] = int32(s)
		}
	}
	uni := func(g int32) string {
		if best[g] < 0 {
			return v.terms[g].str
		}
		return v.surfs[best[g]]
	}
	out := make([]string, len(cols))
	for i, c := range cols {
		if t := v.terms[c.g]; t.a < 0 {
			out[i] = uni(c.g)
		} else {
			out[i] = uni(t.a) + " " + uni(t.b)
		}
	}
	return out
}

// forEachBatch runs work(w, i) for every batch i in [0, nbatch) on workers
// goroutines; w in [0, workers) names the goroutine. It checks ctx before
// each batch.
func forEachBatch(ctx context.Context, nbatch, workers int, work func(w, i int)) error {
	var next atomic.Int64
	var wg sync.WaitGroup
	for w := range workers {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for ctx.Err() == nil {
				i := int(next.Add(1) - 1)
				if i >= nbatch {
					return
				}
				work(w, i)
			}
		}()
	}
	wg.Wait()
	return ctx.Err()
}

// Fit learns the vocabulary and IDF from texts and returns the model and the
// TF-IDF matrix of texts (one row per text, L2-normalised; a text with no
// kept term gives an empty row). Tokenizing runs in parallel with the same
// result as serial. Fit checks ctx between batches. It is NewFitter, one
// Add and Finish; a Fitter takes the texts a batch at a time.
func Fit(ctx context.Context, texts []string, opts Options) (*Model, *sparse.CSR, error) {
	f, err := NewFitter(opts)
	if err != nil {
		return nil, nil, err
	}
	if len(texts) > 0 {
		if _, _, err := dfBounds(opts, len(texts)); err != nil {
			return nil, nil, err
		}
	}
	if err := f.Add(ctx, texts); err != nil {
		return nil, nil, err
	}
	return f.Finish(ctx)
}

// FitTerms is Fit for documents already analysed: each string of
// termLists[i] is one term of document i, used as it is. NGrams, NoStem
// and KeepStop play no part; Language must still be valid, since the model's
// Transform analyses text with it. Each term is its own surface form.
func FitTerms(ctx context.Context, termLists [][]string, opts Options) (*Model, *sparse.CSR, error) {
	f, err := NewFitter(opts)
	if err != nil {
		return nil, nil, err
	}
	if len(termLists) > 0 {
		if _, _, err := dfBounds(opts, len(termLists)); err != nil {
			return nil, nil, err
		}
	}
	if err := f.add(ctx, len(termLists), func(c *counter, b *batch, i int) { c.terms(b, termLists[i]) }); err != nil {
		return nil, nil, err
	}
	return f.Finish(ctx)
}

// Fitter is Fit a batch of texts at a time, so that a corpus need not be
// held in memory as text: each Add tokenizes its texts (in parallel, with
// the same result as serial) into per-document term counts, and Finish
// prunes the vocabulary and builds the model and matrix. The result of any
// sequence of Adds is byte-identical to Fit of all their texts at once. A
// Fitter is not safe for concurrent use.
type Fitter struct {
	an       *Analyzer
	opts     Options
	v        *vocab
	batches  []batch
	n        int
	counters []*counter
}

// NewFitter returns a Fitter for opts, or ErrLanguage or ErrOptions.
func NewFitter(opts Options) (*Fitter, error) {
	an, err := NewAnalyzer(opts)
	if err != nil {
		return nil, err
	}
	if err := checkPruning(opts); err != nil {
		return nil, err
	}
	return &Fitter{an: an, opts: opts, v: newVocab()}, nil
}

// SetDF sets the document-frequency bounds Finish prunes with (see
// Options.MinDF and MaxDF), for bounds that depend on the number of
// documents, known only once all are added. It returns an error wrapping
// ErrOptions for negative or NaN bounds.
func (f *Fitter) SetDF(minDF, maxDF float64) error {
	o := f.opts
	o.MinDF, o.MaxDF = minDF, maxDF
	if err := checkPruning(o); err != nil {
		return err
	}
	f.opts = o
	return nil
}

// Docs returns the number of texts added so far.
func (f *Fitter) Docs() int { return f.n }

// Add tokenizes texts, the next documents of the corpus. It checks ctx
// between batches; after an error the Fitter must not be used.
func (f *Fitter) Add(ctx context.Context, texts []string) error {
	return f.add(ctx, len(texts), func(c *counter, b *batch, i int) { c.text(b, texts[i]) })
}

func (f *Fitter) add(ctx context.Context, n int, doc func(*counter, *batch, int)) error {
	if n == 0 {
		return ctx.Err()
	}
	nb := (n + batchSize - 1) / batchSize
	if len(f.counters) == 0 {
		f.counters = make([]*counter, max(1, runtime.GOMAXPROCS(0)))
	}
	workers := max(1, min(len(f.counters), nb))
	first := len(f.batches)
	f.batches = append(f.batches, make([]batch, nb)...)
	batches := f.batches[first:]
	err := forEachBatch(ctx, nb, workers, func(w, i int) {
		c := f.counters[w]
		if c == nil {
			c = newCounter(f.an)
			f.counters[w] = c
		}
		b := &batches[i]
		lo, hi := i*batchSize, min(n, (i+1)*batchSize)
		b.start = f.n + lo
		c.start(b, first+i, hi-lo)
		for d := lo; d < hi; d++ {
			doc(c, b, d)
		}
		c.end(b)
	})
	if err != nil {
		return err
	}
	for i := range batches {
		f.v.merge(&batches[i])
	}
	f.n += n
	return nil
}

// Finish prunes the vocabulary by document frequency (MinDF, MaxDF,
// MaxFeatures) and returns the model and the TF-IDF matrix of every text
// added, one row per text in the order added. It returns ErrNoTerms when
// nothing was added or every term was pruned. The Fitter must not be used
// afterwards.
func (f *Fitter) Finish(ctx context.Context) (*Model, *sparse.CSR, error) {
	n, opts, v := f.n, f.opts, f.v
	f.counters, f.v = nil, nil
	if n == 0 {
		return nil, nil, fmt.Errorf("%w: no documents", ErrNoTerms)
	}
	cols, err := v.prune(opts, n)
	if err != nil {
		return nil, nil, err
	}

	opts.Language = f.an.lang
	m := &Model{
		Options: opts,
		Terms:   make([]string, len(cols)),
		Surface: v.surfaces(cols),
		DF:      make([]int, len(cols)),
		IDF:     make([]float64, len(cols)),
		NDocs:   n,
		an:      f.an,
		index:   make(map[string]int32, len(cols)),
	}
	colOf := make([]int32, len(v.terms))
	for i := range colOf {
		colOf[i] = -1
	}
	for j, c := range cols {
		colOf[c.g] = int32(j)
		df := int(v.df[c.g])
		m.Terms[j] = c.term
		m.DF[j] = df
		m.IDF[j] = math.Log(float64(n+1)/float64(df+1)) + 1
		m.index[c.term] = int32(j)
	}
	v = nil

	workers := max(1, min(runtime.GOMAXPROCS(0), len(f.batches)))
	x, err := buildRows(ctx, f.batches, n, colOf, m.IDF, opts.Sublinear, workers)
	f.batches = nil
	if err != nil {
		return nil, nil, err
	}
	return m, x, nil
}

// buildRows returns the TF-IDF matrix of the counted batches, whose pairs
// hold global term ids; colOf maps them to columns (-1: pruned).
func buildRows(ctx context.Context, batches []batch, n int, colOf []int32, idf []float64, sublinear bool, workers int) (*sparse.CSR, error) {
	indptr := make([]int64, n+1)
	err := forEachBatch(ctx, len(batches), workers, func(_, i int) {
		b := &batches[i]
		for k := 0; k+1 < len(b.off); k++ {
			kept := 0
			for _, p := range b.pairs[b.off[k]:b.off[k+1]] {
				if colOf[p.id] >= 0 {
					kept++
				}
			}
			indptr[b.start+k+1] = int64(kept)
		}
	})
	if err != nil {
		return nil, err
	}
	for i := 1; i <= n; i++ {
		indptr[i] += indptr[i-1]
	}
	x := &sparse.CSR{
		NRows:  n,
		NCols:  len(idf),
		Indptr: indptr,
		Ind:    make([]int32, indptr[n]),
		Val:    make([]float32, indptr[n]),
	}
	scratch := make([][]idCount, workers)
	err = forEachBatch(ctx, len(batches), workers, func(w, i int) {
		b := &batches[i]
		for k := 0; k+1 < len(b.off); k++ {
			row := scratch[w][:0]
			for _, p := range b.pairs[b.off[k]:b.off[k+1]] {
				if c := colOf[p.id]; c >= 0 {
					row = append(row, idCount{c, p.n})
				}
			}
			sortByID(row)
			lo, hi := indptr[b.start+k], indptr[b.start+k+1]
			weigh(row, idf, sublinear, x.Ind[lo:hi], x.Val[lo:hi])
			scratch[w] = row
		}
		b.pairs, b.off = nil, nil
	})
	if err != nil {
		return nil, err
	}
	return x, nil
}

// sortByID sorts pairs by id.
func sortByID(pairs []idCount) {
	if len(pairs) <= 16 {
		for i := 1; i < len(pairs); i++ {
			for j := i; j > 0 && pairs[j].id < pairs[j-1].id; j-- {
				pairs[j], pairs[j-1] = pairs[j-1], pairs[j]
			}
		}
		return
	}
	slices.SortFunc(pairs, func(x, y idCount) int { return cmp.Compare(x.id, y.id) })
}

// weigh writes the L2-normalised TF-IDF weights of pairs (column, count),
// sorted by column, into ind and val. The weights are computed in float64
// and rounded once to float32.
func weigh(pairs []idCount, idf []float64, sublinear bool, ind []int32, val []float32) {
	w := func(p idCount) float64 {
		tf := float64(p.n)
		if sublinear {
			tf = 1 + math.Log(tf)
		}
		return tf * idf[p.id]
	}
	var ss float64
	for _, p := range pairs {
		x := w(p)
		ss += x * x
	}
	norm := math.Sqrt(ss)
	for k, p := range pairs {
		ind[k] = p.id
		val[k] = float32(w(p) / norm)
	}
}
