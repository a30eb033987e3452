package vectorize

import (
	"cmp"
	"context"
	"encoding/binary"
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
	c        *counter // the counter that counted the batch
	terms    []vterm  // local term id → term
	termC    []int32  // local term id → counter term id (-1: bigram)
	surfs    []string // local surface id → surface word
	surfC    []int32  // local surface id → counter surface id
	surfN    []int32  // local surface id → occurrences
	surfTerm []int32  // local surface id → local unigram id
	off      []int32  // document k of the batch has pairs[off[k]:off[k+1]]
	pairs    []idCount
	start    int // row of the batch's first document
}

// counter is the reusable state of one worker. It keeps, across batches,
// a table of every distinct token it met, so that a token costs one probe,
// and per term and surface word (by their registry ids) their local id in
// the current batch and their global id, so that the corpus vocabulary is
// looked up once per counter and term rather than once per batch.
type counter struct {
	an    *Analyzer
	tz    tokenizer
	toks  tokTable
	slots []tokSlot
	stamp int32 // 1 + index of the current batch

	unis  []idState // registry term id → state
	surfs []idState // registry surface id → state
	given map[string][2]int32

	biIdx   map[uint64]int32 // pair of local unigram ids → local term id
	cnt     []int32          // local term id → count in the current document
	touched []int32          // local term ids counted in the current document
	seq     []int32          // kept unigrams of the current document, in order
	pairs   []idCount        // pairs of the current batch, copied to it at end
	spare   []batchBufs      // buffers of merged batches, for reuse
}

// batchBufs are the slices of a batch that merge no longer needs.
type batchBufs struct {
	terms               []vterm
	termC, surfC, surfN []int32
	surfTerm            []int32
	surfs               []string
}

// idState is what a counter knows of a term or surface word: its string,
// its local id in the batch numbered stamp, and 1 + its global id once
// merged (0 before).
type idState struct {
	str          string
	stamp, local int32
	global       int32
}

// tokSlot is a counter's record of one distinct token: its registry term
// and surface ids (term -1: the token is dropped), and its local ids in
// the batch numbered stamp. key is the token when it is longer than 16
// bytes.
type tokSlot struct {
	key          string
	term, surf   int32
	stamp        int32
	lterm, lsurf int32
}

// tokTable is an open-addressing hash table of tokens with linear probing,
// at most half full. Each entry holds the first 16 bytes of its token, so
// that a token of up to 16 bytes, most of them, is found without reading
// a string. Tokens hold no zero byte, so the bytes, zero-padded, identify
// such a token, and an entry with k0 == 0 is free.
type tokTable struct {
	e []tokEntry
	n int
}

type tokEntry struct {
	k0, k1 uint64 // the token's first 16 bytes, little-endian, zero-padded
	hash   uint32
	ref    int32 // index in counter.slots, or ^index for a longer token
}

// tokenKey returns the first 16 bytes of tok, zero-padded, and its hash.
func tokenKey(tok []byte) (k0, k1 uint64, h uint32) {
	var a [16]byte
	copy(a[:], tok)
	k0 = binary.LittleEndian.Uint64(a[:8])
	k1 = binary.LittleEndian.Uint64(a[8:])
	x := k0 ^ k1*0x9e3779b97f4a7c15
	if len(tok) > 16 {
		for _, b := range tok[16:] {
			x = (x ^ uint64(b)) * 0x100000001b3 // FNV-1a
		}
	}
	// murmur3's 64-bit finaliser: linear probing wants well-spread low bits.
	x ^= x >> 33
	x *= 0xff51afd7ed558ccd
	x ^= x >> 33
	x *= 0xc4ceb9fe1a85ec53
	x ^= x >> 33
	return k0, k1, uint32(x)
}

// slot returns the slot of tok, adding it when new.
func (c *counter) slot(tok []byte, kind tokKind) *tokSlot {
	k0, k1, h := tokenKey(tok)
	long := len(tok) > 16
	if t := c.toks.e; len(t) > 0 {
		mask := uint32(len(t) - 1)
		for i := h & mask; ; i = (i + 1) & mask {
			e := &t[i]
			if e.k0 == 0 {
				break
			}
			if e.hash != h || e.k0 != k0 || e.k1 != k1 {
				continue
			}
			if !long && e.ref >= 0 {
				return &c.slots[e.ref]
			}
			if long && e.ref < 0 && c.slots[^e.ref].key == string(tok) {
				return &c.slots[^e.ref]
			}
		}
	}
	return c.add(tok, kind, k0, k1, h)
}

// add adds the new token tok, whose key and hash are k0, k1, h.
func (c *counter) add(tok []byte, kind tokKind, k0, k1 uint64, h uint32) *tokSlot {
	if 2*(c.toks.n+1) > len(c.toks.e) {
		c.toks.grow()
	}
	ref := int32(len(c.slots))
	s := tokSlot{term: -1, surf: -1}
	if len(tok) > 16 {
		s.key = string(tok)
		ref = ^ref
	}
	if d := c.an.decide(tok, kind); d.keep {
		s.term, s.surf = d.termID, d.surfID
		c.unis = grow(c.unis, d.termID)
		c.unis[d.termID].str = d.term
		c.surfs = grow(c.surfs, d.surfID)
		c.surfs[d.surfID].str = d.surf
	}
	c.slots = append(c.slots, s)
	c.toks.insert(tokEntry{k0: k0, k1: k1, hash: h, ref: ref})
	return &c.slots[len(c.slots)-1]
}

// grow returns st extended to hold index i.
func grow(st []idState, i int32) []idState {
	if int(i) < len(st) {
		return st
	}
	// Beyond len, the capacity of st was never written: it is zero.
	return slices.Grow(st, int(i)+1-len(st))[:i+1]
}

// insert adds e, which is not in the table.
func (t *tokTable) insert(e tokEntry) {
	mask := uint32(len(t.e) - 1)
	i := e.hash & mask
	for t.e[i].k0 != 0 {
		i = (i + 1) & mask
	}
	t.e[i] = e
	t.n++
}

// grow doubles the table.
func (t *tokTable) grow() {
	old := t.e
	t.e = make([]tokEntry, max(2*len(old), 1<<12))
	t.n = 0
	for _, o := range old {
		if o.k0 != 0 {
			t.insert(o)
		}
	}
}

func newCounter(an *Analyzer) *counter {
	return &counter{an: an, biIdx: make(map[uint64]int32)}
}

// start prepares c to count batch i into b, with the buffers of a batch
// merged before when there is one.
func (c *counter) start(b *batch, i, ndocs int) {
	clear(c.biIdx)
	c.stamp = int32(i + 1)
	b.c = c
	var r batchBufs
	if n := len(c.spare); n > 0 {
		r = c.spare[n-1]
		c.spare = c.spare[:n-1]
	}
	b.terms, b.termC = r.terms[:0], r.termC[:0]
	b.surfs, b.surfC, b.surfN, b.surfTerm = r.surfs[:0], r.surfC[:0], r.surfN[:0], r.surfTerm[:0]
	b.pairs = c.pairs[:0]
	b.off = make([]int32, 1, ndocs+1)
}

// end gives b a copy of its pairs of its own size, keeping the buffer the
// pairs were counted in for the next batch.
func (c *counter) end(b *batch) {
	c.pairs = b.pairs
	b.pairs = slices.Clone(b.pairs)
}

// unigram returns the local id of the unigram with registry id id, adding
// it to b when it is new in the batch.
func (c *counter) unigram(b *batch, id int32) int32 {
	t := &c.unis[id]
	if t.stamp != c.stamp {
		t.stamp = c.stamp
		t.local = int32(len(b.terms))
		b.terms = append(b.terms, vterm{str: t.str, a: -1, b: -1})
		b.termC = append(b.termC, id)
	}
	return t.local
}

// surface returns the local id of the surface word with registry id id,
// whose local unigram is term, adding it to b when it is new in the batch.
func (c *counter) surface(b *batch, id, term int32) int32 {
	s := &c.surfs[id]
	if s.stamp != c.stamp {
		s.stamp = c.stamp
		s.local = int32(len(b.surfs))
		b.surfs = append(b.surfs, s.str)
		b.surfC = append(b.surfC, id)
		b.surfN = append(b.surfN, 0)
		b.surfTerm = append(b.surfTerm, term)
	}
	return s.local
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
		e := c.slot(tok, kind)
		if e.term < 0 {
			continue
		}
		if e.stamp != c.stamp {
			e.stamp = c.stamp
			e.lterm = c.unigram(b, e.term)
			e.lsurf = c.surface(b, e.surf, e.lterm)
		}
		b.surfN[e.lsurf]++
		c.seq = append(c.seq, e.lterm)
		c.count(e.lterm)
	}
	if c.an.ngrams == 2 {
		for i := 1; i < len(c.seq); i++ {
			x, y := c.seq[i-1], c.seq[i]
			key := uint64(uint32(x))<<32 | uint64(uint32(y))
			id, ok := c.biIdx[key]
			if !ok {
				id = int32(len(b.terms))
				b.terms = append(b.terms, vterm{a: x, b: y})
				b.termC = append(b.termC, -1)
				c.biIdx[key] = id
			}
			c.count(id)
		}
	}
	c.endDoc(b)
}

// terms counts a list of ready-made terms; each term is its own surface.
func (c *counter) terms(b *batch, terms []string) {
	if c.given == nil {
		c.given = make(map[string][2]int32)
	}
	for _, t := range terms {
		ids, ok := c.given[t]
		if !ok {
			ids[0], ids[1] = c.an.ids.ids(t, t)
			c.given[t] = ids
			c.unis = grow(c.unis, ids[0])
			c.unis[ids[0]].str = t
			c.surfs = grow(c.surfs, ids[1])
			c.surfs[ids[1]].str = t
		}
		id := c.unigram(b, ids[0])
		b.surfN[c.surface(b, ids[1], id)]++
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
	remap    []int32 // merge's scratch: local term id → global id
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

// merge adds the counts of b and rewrites b's pairs in global ids. The
// counter of b keeps the global id of each of its unigrams and surface
// words, so that only the first batch a counter meets one in looks it up.
func (v *vocab) merge(b *batch) {
	c := b.c
	v.remap = slices.Grow(v.remap[:0], len(b.terms))[:len(b.terms)]
	remap := v.remap
	for k, t := range b.terms {
		var g int32
		var ok bool
		if t.a < 0 {
			ct := &c.unis[b.termC[k]]
			if g = ct.global - 1; g < 0 {
				if g, ok = v.uniIdx[t.str]; !ok {
					g = v.add(t)
					v.uniIdx[t.str] = g
				}
				ct.global = g + 1
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
		cs := &c.surfs[b.surfC[k]]
		g := cs.global - 1
		if g < 0 {
			var ok bool
			if g, ok = v.surfIdx[s]; !ok {
				g = int32(len(v.surfs))
				v.surfs = append(v.surfs, s)
				v.surfN = append(v.surfN, 0)
				v.surfTerm = append(v.surfTerm, remap[b.surfTerm[k]])
				v.surfIdx[s] = g
			}
			cs.global = g + 1
		}
		v.surfN[g] += int64(b.surfN[k])
	}
	clear(b.surfs) // let go of the strings
	c.spare = append(c.spare, batchBufs{b.terms, b.termC, b.surfC, b.surfN, b.surfTerm, b.surfs})
	b.c, b.terms, b.termC, b.surfs, b.surfC, b.surfN, b.surfTerm = nil, nil, nil, nil, nil, nil, nil
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
	scratch := make([][]uint64, workers)
	err = forEachBatch(ctx, len(batches), workers, func(w, i int) {
		b := &batches[i]
		for k := 0; k+1 < len(b.off); k++ {
			// A pair packed as column<<32 | count sorts by column.
			row := scratch[w][:0]
			for _, p := range b.pairs[b.off[k]:b.off[k+1]] {
				if c := colOf[p.id]; c >= 0 {
					row = append(row, uint64(c)<<32|uint64(uint32(p.n)))
				}
			}
			slices.Sort(row)
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

// weigh writes the L2-normalised TF-IDF weights of pairs column<<32 |
// count, sorted by column, into ind and val. The weights are computed in
// float64 and rounded once to float32.
func weigh(pairs []uint64, idf []float64, sublinear bool, ind []int32, val []float32) {
	w := func(p uint64) float64 {
		tf := float64(uint32(p))
		if sublinear {
			tf = 1 + math.Log(tf)
		}
		return tf * idf[p>>32]
	}
	var ss float64
	for _, p := range pairs {
		x := w(p)
		ss += x * x
	}
	norm := math.Sqrt(ss)
	for k, p := range pairs {
		ind[k] = int32(p >> 32)
		val[k] = float32(w(p) / norm)
	}
}
