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

// batchSize is the number of documents a worker analyses at a time when
// their sizes are unknown; texts go in batches of about batchSize/2
// documents and equal bytes, so that the workers of an Add finish
// together (see batchBounds). The batches are fixed by the texts alone,
// and their results are merged in order, so the result does not depend on
// the number of workers (nor, since ids follow first occurrence, on the
// batches).
const batchSize = 256

// batchBounds splits n documents into batches, batch i being documents
// [bounds[i], bounds[i+1]): of batchSize documents when size is nil,
// else about twice as many batches, cut where the running total of
// size(i)+1 crosses each equal share of the whole.
func batchBounds(n int, size func(int) int) []int {
	nb := (n + batchSize - 1) / batchSize
	bounds := make([]int, 0, 2*nb+1)
	if size == nil {
		for i := 0; i < n; i += batchSize {
			bounds = append(bounds, i)
		}
		return append(bounds, n)
	}
	nb *= 2
	var total int64
	for i := range n {
		total += int64(size(i)) + 1
	}
	bounds = append(bounds, 0)
	var cum int64
	share := int64(1)
	for i := range n - 1 {
		cum += int64(size(i)) + 1
		if cum*int64(nb) >= total*share {
			bounds = append(bounds, i+1)
			for cum*int64(nb) >= total*share {
				share++
			}
		}
	}
	return append(bounds, n)
}

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
	terms    []vterm  // local term id → term (str unset: see termC)
	termC    []int32  // local term id → unigram id, or ^pending index (bigrams: unused)
	surfC    []int32  // local surface id → surface id, or ^pending index
	surfN    []int32  // local surface id → occurrences
	surfTerm []int32  // local surface id → local unigram id
	off      []int32  // document k of the batch has pairs[off[k]:off[k+1]]
	pairs    []idCount
	start    int // row of the batch's first document
}

// The Fitter numbers, in the order merged, every distinct unigram (its
// unigram id, an index into vocab.uniG) and surface word (its surface id,
// an index into vocab.surfs). Its table of known tokens maps each token
// met in an earlier Add to these ids. While an Add counts, that table and
// the vocabulary are read-only and shared by the workers; a token a worker
// does not find there is a miss, analysed once by that worker, and a term
// or surface word not yet numbered is pending, known by its string until
// the batches are merged in order. After the merge, the misses of all
// workers join the known tokens.

// counter is the reusable state of one worker.
type counter struct {
	an    *Analyzer
	known *tokTable // the Fitter's known tokens, read-only while counting
	v     *vocab    // the Fitter's vocabulary, read-only while counting
	tz    tokenizer
	stamp int32 // 1 + index of the current batch

	kst []tokState // known token → its local ids in batch stamp
	ust []idState  // unigram id → its local id in batch stamp
	sst []idState  // surface id → its local id in batch stamp

	// Misses and pending strings of the current Add.
	miss  tokTable
	mst   []missTok        // miss → its analysis and local ids
	pts   []pending        // pending terms
	pss   []pending        // pending surface words
	ptIdx map[string]int32 // term → index in pts
	psIdx map[string]int32 // surface word → index in pss

	biIdx   map[uint64]int32 // pair of local unigram ids → local term id
	cnt     []int32          // local term id → count in the current document
	touched []int32          // local term ids counted in the current document
	seq     []int32          // kept unigrams of the current document, in order
	pairs   []idCount        // pairs of the current batch, copied to it at end
	spare   []batchBufs      // buffers of merged batches, for reuse
}

// batchBufs are the slices of a batch that merge no longer needs.
type batchBufs struct {
	terms                      []vterm
	termC, surfC, surfN, surfT []int32
}

// tokState is a token's local term and surface ids in the batch numbered
// stamp.
type tokState struct{ stamp, lterm, lsurf int32 }

// idState is the local id of a term or surface word in the batch numbered
// stamp.
type idState struct{ stamp, local int32 }

// missTok is what a counter knows of a token missing from the known
// tokens: whether it is kept, and then its unigram and surface ids, or ^
// their indexes among the pending strings.
type missTok struct {
	tokState
	keep       bool
	term, surf int32
	e          tokEntry // its entry in the table of misses
}

// pending is a term or surface word without an id while counting; id is
// given when its first batch is merged (-1 before).
type pending struct {
	str string
	idState
	id int32
}

// tokTable is an open-addressing hash table of tokens with linear probing,
// at most three quarters full: a table half full, the usual bound, is
// larger than the caches at 20 Newsgroups' 170,000 tokens and measured 3-4%
// slower to fit. Each entry holds the first 16 bytes of its token, so that
// a token of up to 16 bytes, most of them, is found without reading a
// string. Tokens hold no zero byte, so the bytes, zero-padded, identify
// such a token, and an entry with k0 == 0 is free. Tokens are numbered
// from 0 in the order added (ref).
type tokTable struct {
	e    []tokEntry
	keys []string // ref → the token when longer than 16 bytes, else ""
}

type tokEntry struct {
	k0, k1 uint64 // the token's first 16 bytes, little-endian, zero-padded
	hash   uint32 // see tokenKey
	ref    int32
	u, s   int32 // known tokens: unigram and surface ids (u -1: dropped)
}

// longBit is set in the hash of a token longer than 16 bytes, so that it
// never matches a shorter token with the same first 16 bytes.
const longBit = 1 << 31

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
	h = uint32(x) &^ longBit
	if len(tok) > 16 {
		h |= longBit
	}
	return k0, k1, h
}

// find returns the entry of tok, whose key and hash are k0, k1, h, or nil.
func (t *tokTable) find(tok []byte, k0, k1 uint64, h uint32) *tokEntry {
	if len(t.e) == 0 {
		return nil
	}
	mask := uint32(len(t.e) - 1)
	for i := h & mask; ; i = (i + 1) & mask {
		e := &t.e[i]
		if e.k0 == 0 {
			return nil
		}
		if e.hash == h && e.k0 == k0 && e.k1 == k1 && (h&longBit == 0 || t.keys[e.ref] == string(tok)) {
			return e
		}
	}
}

// add adds e, whose token is not in the table (key: the token when longer
// than 16 bytes), giving it the next ref, and returns that ref.
func (t *tokTable) add(e tokEntry, key string) int32 {
	if 4*(len(t.keys)+1) > 3*len(t.e) {
		t.grow()
	}
	e.ref = int32(len(t.keys))
	t.keys = append(t.keys, key)
	t.insert(e)
	return e.ref
}

// insert places e, which is not in the table.
func (t *tokTable) insert(e tokEntry) {
	mask := uint32(len(t.e) - 1)
	i := e.hash & mask
	for t.e[i].k0 != 0 {
		i = (i + 1) & mask
	}
	t.e[i] = e
}

// grow doubles the table.
func (t *tokTable) grow() {
	old := t.e
	t.e = make([]tokEntry, max(2*len(old), 1<<12))
	for _, o := range old {
		if o.k0 != 0 {
			t.insert(o)
		}
	}
}

// reset empties the table, keeping its memory unless it held under an
// eighth of its size, when clearing it would cost more than growing a new
// one.
func (t *tokTable) reset() {
	if 8*len(t.keys) < len(t.e) {
		t.e = nil
	} else {
		clear(t.e)
	}
	clear(t.keys)
	t.keys = t.keys[:0]
}

func newCounter(an *Analyzer) *counter {
	return &counter{
		an:    an,
		biIdx: make(map[uint64]int32),
		ptIdx: make(map[string]int32),
		psIdx: make(map[string]int32),
	}
}

// begin prepares c for an Add: the known tokens and the vocabulary are
// read-only until the Add merges.
func (c *counter) begin(known *tokTable, v *vocab) {
	c.known, c.v = known, v
	c.kst = grow(c.kst, len(known.keys))
	c.ust = grow(c.ust, len(v.uniG))
	c.sst = grow(c.sst, len(v.surfs))
}

// grow returns st extended to length n, the new elements zero.
func grow[T any](st []T, n int) []T {
	if n <= len(st) {
		return st
	}
	// Beyond len, the capacity of st was never written: it is zero.
	return slices.Grow(st, n-len(st))[:n]
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
	b.surfC, b.surfN, b.surfTerm = r.surfC[:0], r.surfN[:0], r.surfT[:0]
	b.pairs = c.pairs[:0]
	b.off = make([]int32, 1, ndocs+1)
}

// end gives b a copy of its pairs of its own size, keeping the buffer the
// pairs were counted in for the next batch.
func (c *counter) end(b *batch) {
	c.pairs = b.pairs
	b.pairs = slices.Clone(b.pairs)
}

// missed returns what c knows of tok, a token not among the known ones,
// analysing it when it is new to c.
func (c *counter) missed(tok []byte, kind tokKind, k0, k1 uint64, h uint32) *missTok {
	if e := c.miss.find(tok, k0, k1, h); e != nil {
		return &c.mst[e.ref]
	}
	w := string(tok)
	d := c.an.compute(w, kind)
	m := missTok{keep: d.keep}
	if d.keep {
		m.term = c.termRef(d.term)
		m.surf = c.surfRef(d.surf)
	}
	key := ""
	if len(tok) > 16 {
		key = w
	}
	m.e = tokEntry{k0: k0, k1: k1, hash: h}
	m.e.ref = c.miss.add(m.e, key)
	c.mst = append(c.mst, m)
	return &c.mst[len(c.mst)-1]
}

// termRef returns the unigram id of term, or ^ its index among the
// pending terms.
func (c *counter) termRef(term string) int32 {
	if u, ok := c.v.uniIdx[term]; ok {
		return u
	}
	return ^pend(&c.pts, c.ptIdx, term)
}

// surfRef is termRef for a surface word.
func (c *counter) surfRef(surf string) int32 {
	if s, ok := c.v.surfIdx[surf]; ok {
		return s
	}
	return ^pend(&c.pss, c.psIdx, surf)
}

// pend returns the index of str in *ps, adding it when new.
func pend(ps *[]pending, idx map[string]int32, str string) int32 {
	p, ok := idx[str]
	if !ok {
		p = int32(len(*ps))
		*ps = append(*ps, pending{str: str, id: -1})
		idx[str] = p
	}
	return p
}

// unigram returns the local id of the unigram ref (see termRef), adding it
// to b when it is new in the batch.
func (c *counter) unigram(b *batch, ref int32) int32 {
	local, isNew := c.claim(refState(c.ust, c.pts, ref), len(b.terms))
	if isNew {
		b.terms = append(b.terms, vterm{a: -1, b: -1})
		b.termC = append(b.termC, ref)
	}
	return local
}

// surface returns the local id of the surface word ref (see surfRef),
// whose local unigram is term, adding it to b when it is new in the batch.
func (c *counter) surface(b *batch, ref, term int32) int32 {
	local, isNew := c.claim(refState(c.sst, c.pss, ref), len(b.surfC))
	if isNew {
		b.surfC = append(b.surfC, ref)
		b.surfN = append(b.surfN, 0)
		b.surfTerm = append(b.surfTerm, term)
	}
	return local
}

// refState returns the batch state of ref: known[ref] for a known id, the
// pending string's for ^index.
func refState(known []idState, ps []pending, ref int32) *idState {
	if ref >= 0 {
		return &known[ref]
	}
	return &ps[^ref].idState
}

// claim returns st's local id in the current batch; the first time st is
// met in the batch it becomes next, and claim reports true.
func (c *counter) claim(st *idState, next int) (int32, bool) {
	if st.stamp == c.stamp {
		return st.local, false
	}
	st.stamp, st.local = c.stamp, int32(next)
	return st.local, true
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
		k0, k1, h := tokenKey(tok)
		var st *tokState
		if e := c.known.find(tok, k0, k1, h); e != nil {
			if e.u < 0 {
				continue
			}
			if st = &c.kst[e.ref]; st.stamp != c.stamp {
				st.stamp = c.stamp
				st.lterm = c.unigram(b, e.u)
				st.lsurf = c.surface(b, e.s, st.lterm)
			}
		} else {
			m := c.missed(tok, kind, k0, k1, h)
			if !m.keep {
				continue
			}
			if st = &m.tokState; st.stamp != c.stamp {
				st.stamp = c.stamp
				st.lterm = c.unigram(b, m.term)
				st.lsurf = c.surface(b, m.surf, st.lterm)
			}
		}
		b.surfN[st.lsurf]++
		c.seq = append(c.seq, st.lterm)
		c.count(st.lterm)
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
	for _, t := range terms {
		id := c.unigram(b, c.termRef(t))
		b.surfN[c.surface(b, c.surfRef(t), id)]++
		c.count(id)
	}
	c.endDoc(b)
}

// publish adds the misses of c's last Add to known, with the ids merge
// gave them, and forgets them. Tokens another counter added first are
// skipped: they have the same ids.
func (c *counter) publish(known *tokTable) {
	id := func(ref int32, ps []pending) int32 {
		if ref >= 0 {
			return ref
		}
		return ps[^ref].id
	}
	// The misses are walked in their own order, not the table's: after a
	// first Add that misses every token, the table is far larger than the
	// few misses of the next ones.
	for i := range c.mst {
		m := &c.mst[i]
		e := m.e
		key := c.miss.keys[e.ref]
		if key != "" {
			if known.find([]byte(key), e.k0, e.k1, e.hash) != nil {
				continue
			}
		} else if known.find(nil, e.k0, e.k1, e.hash) != nil {
			continue
		}
		e.u, e.s = -1, -1
		if m.keep {
			e.u, e.s = id(m.term, c.pts), id(m.surf, c.pss)
		}
		known.add(e, key)
	}
	c.miss.reset()
	c.mst = c.mst[:0]
	clear(c.pts)
	clear(c.pss)
	c.pts, c.pss = c.pts[:0], c.pss[:0]
	clear(c.ptIdx)
	clear(c.psIdx)
}

// vocab is the corpus vocabulary before pruning, in global ids assigned in
// batch order.
type vocab struct {
	uniIdx   map[string]int32 // unigram → unigram id
	uniG     []int32          // unigram id → global term id
	biIdx    map[uint64]int32
	terms    []vterm
	df       []int32
	total    []int64
	surfIdx  map[string]int32 // surface word → surface id
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

// merge adds the counts of b and rewrites b's pairs in global ids, giving
// ids to the pending terms and surface words of b's counter on the way.
func (v *vocab) merge(b *batch) {
	c := b.c
	v.remap = slices.Grow(v.remap[:0], len(b.terms))[:len(b.terms)]
	remap := v.remap
	for k, t := range b.terms {
		var g int32
		if t.a < 0 {
			r := b.termC[k]
			if r < 0 {
				p := &c.pts[^r]
				if p.id < 0 {
					u, ok := v.uniIdx[p.str]
					if !ok {
						u = int32(len(v.uniG))
						v.uniG = append(v.uniG, v.add(vterm{str: p.str, a: -1, b: -1}))
						v.uniIdx[p.str] = u
					}
					p.id = u
				}
				r = p.id
			}
			g = v.uniG[r]
		} else {
			// A bigram's unigrams precede it in the batch, so they are
			// already remapped.
			x, y := remap[t.a], remap[t.b]
			key := uint64(uint32(x))<<32 | uint64(uint32(y))
			var ok bool
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
	for k, g := range b.surfC {
		if g < 0 {
			p := &c.pss[^g]
			if p.id < 0 {
				s, ok := v.surfIdx[p.str]
				if !ok {
					s = int32(len(v.surfs))
					v.surfs = append(v.surfs, p.str)
					v.surfN = append(v.surfN, 0)
					v.surfTerm = append(v.surfTerm, remap[b.surfTerm[k]])
					v.surfIdx[p.str] = s
				}
				p.id = s
			}
			g = p.id
		}
		v.surfN[g] += int64(b.surfN[k])
	}
	c.spare = append(c.spare, batchBufs{b.terms, b.termC, b.surfC, b.surfN, b.surfTerm})
	b.c, b.terms, b.termC, b.surfC, b.surfN, b.surfTerm = nil, nil, nil, nil, nil, nil
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
	if err := f.add(ctx, len(termLists), nil, func(c *counter, b *batch, i int) { c.terms(b, termLists[i]) }, nil); err != nil {
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
	known    *tokTable // tokens met in earlier Adds: see counter
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
	return &Fitter{an: an, opts: opts, v: newVocab(), known: &tokTable{}}, nil
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
	return f.AddThen(ctx, texts, nil)
}

// AddThen is Add calling counted, when not nil, as soon as the texts are
// counted (in parallel), before the counts are merged into the
// vocabulary (in order, on one core): texts are not read after that, so a
// caller that reads texts from a stream can read the next ones during the
// merge. counted is not called when counting fails.
func (f *Fitter) AddThen(ctx context.Context, texts []string, counted func()) error {
	return f.add(ctx, len(texts), func(i int) int { return len(texts[i]) }, func(c *counter, b *batch, i int) { c.text(b, texts[i]) }, counted)
}

// add counts n documents: doc(c, b, i) counts document i with c into b.
// size(i), when size is not nil, is document i's size (see batchBounds).
// counted, when not nil, is called between counting and merging.
func (f *Fitter) add(ctx context.Context, n int, size func(int) int, doc func(*counter, *batch, int), counted func()) error {
	if n == 0 {
		if err := ctx.Err(); err != nil {
			return err
		}
		if counted != nil {
			counted()
		}
		return nil
	}
	bounds := batchBounds(n, size)
	nb := len(bounds) - 1
	if len(f.counters) == 0 {
		f.counters = make([]*counter, max(1, runtime.GOMAXPROCS(0)))
	}
	workers := max(1, min(len(f.counters), nb))
	for w := range workers {
		if f.counters[w] == nil {
			f.counters[w] = newCounter(f.an)
		}
		f.counters[w].begin(f.known, f.v)
	}
	first := len(f.batches)
	f.batches = append(f.batches, make([]batch, nb)...)
	batches := f.batches[first:]
	err := forEachBatch(ctx, nb, workers, func(w, i int) {
		c := f.counters[w]
		b := &batches[i]
		lo, hi := bounds[i], bounds[i+1]
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
	if counted != nil {
		counted()
	}
	for i := range batches {
		f.v.merge(&batches[i])
	}
	for _, c := range f.counters[:workers] {
		c.publish(f.known)
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
	f.counters, f.v, f.known = nil, nil, nil
	if n == 0 {
		return nil, nil, fmt.Errorf("%w: no documents", ErrNoTerms)
	}
	cols, err := v.prune(opts, n)
	if err != nil {
		return nil, nil, err
	}

	m, colOf := newModel(f.an, opts, v, cols, n)
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

// idf is ln((1+n)/(1+df)) + 1.
func idf(n, df int) float64 { return math.Log(float64(n+1)/float64(df+1)) + 1 }

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
