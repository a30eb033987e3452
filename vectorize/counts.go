package vectorize

import (
	"cmp"
	"fmt"
	"slices"
	"strings"

	"newsclust/vectorize/sparse"
)

// TermCount is a term's count in a document, or summed over documents: DF
// is the number of documents holding it (1 for one document) and Count its
// occurrences.
type TermCount struct {
	Term  string
	DF    int64
	Count int64
}

// SurfaceCount is how often the surface word Surface (a token after step 4
// of the pipeline, before stemming) gave the unigram Term.
type SurfaceCount struct {
	Term, Surface string
	Count         int64
}

// Counts returns what Fit counts of one text: each distinct term of
// Terms(text) once, sorted by term, with DF 1 and its occurrences, and the
// surface words of its unigrams with theirs, sorted by term and surface.
// Summed over the documents of a corpus (by term, and by term and surface)
// they are what NewModel takes, so that the counting can be split over
// machines and the sums added in any order.
func (a *Analyzer) Counts(text string) ([]TermCount, []SurfaceCount) {
	var tz tokenizer
	tz.reset(text)
	var seq []string
	surf := map[[2]string]int64{}
	for {
		tok, kind, ok := tz.next()
		if !ok {
			break
		}
		if d := a.decide(tok, kind); d.keep {
			seq = append(seq, d.term)
			surf[[2]string{d.term, d.surf}]++
		}
	}
	n := len(seq)
	if a.ngrams == 2 {
		for i := 1; i < n; i++ {
			seq = append(seq, seq[i-1]+" "+seq[i])
		}
	}
	slices.Sort(seq)
	var terms []TermCount
	for k, t := range seq {
		if k > 0 && seq[k-1] == t {
			terms[len(terms)-1].Count++
			continue
		}
		terms = append(terms, TermCount{Term: t, DF: 1, Count: 1})
	}
	surfaces := make([]SurfaceCount, 0, len(surf))
	for k, c := range surf {
		surfaces = append(surfaces, SurfaceCount{Term: k[0], Surface: k[1], Count: c})
	}
	slices.SortFunc(surfaces, func(x, y SurfaceCount) int {
		return cmp.Or(cmp.Compare(x.Term, y.Term), cmp.Compare(x.Surface, y.Surface))
	})
	return terms, surfaces
}

// NewModel returns the model Fit would learn from n documents whose
// Counts, summed, are terms and surfaces: the same pruning (MinDF, MaxDF,
// MaxFeatures of opts), columns, surface forms, DF and IDF. Entries of the
// same term (or term and surface) are added. A surface of a term not in
// terms is ignored. It returns ErrOptions or ErrLanguage for bad options
// and ErrNoTerms when n is 0 or every term is pruned.
func NewModel(opts Options, n int, terms []TermCount, surfaces []SurfaceCount) (*Model, error) {
	an, err := NewAnalyzer(opts)
	if err != nil {
		return nil, err
	}
	if err := checkPruning(opts); err != nil {
		return nil, err
	}
	if n <= 0 {
		return nil, fmt.Errorf("%w: no documents", ErrNoTerms)
	}
	v := newVocab()
	id := map[string]int32{}
	unigram := func(t string) int32 {
		g, ok := id[t]
		if !ok {
			g = v.add(vterm{str: t, a: -1, b: -1})
			id[t] = g
		}
		return g
	}
	for _, tc := range terms {
		g, ok := id[tc.Term]
		if !ok {
			if x, y, bi := strings.Cut(tc.Term, " "); bi {
				g = v.add(vterm{a: unigram(x), b: unigram(y)})
				id[tc.Term] = g
			} else {
				g = unigram(tc.Term)
			}
		}
		v.df[g] += int32(tc.DF)
		v.total[g] += tc.Count
	}
	for _, s := range surfaces {
		g, ok := id[s.Term]
		if !ok || v.terms[g].a >= 0 {
			continue
		}
		k, ok := v.surfIdx[s.Surface]
		if !ok {
			k = int32(len(v.surfs))
			v.surfs = append(v.surfs, s.Surface)
			v.surfN = append(v.surfN, 0)
			v.surfTerm = append(v.surfTerm, g)
			v.surfIdx[s.Surface] = k
		}
		v.surfN[k] += s.Count
	}
	cols, err := v.prune(opts, n)
	if err != nil {
		return nil, err
	}
	m, _ := newModel(an, opts, v, cols, n)
	return m, nil
}

// newModel returns the model of the kept columns cols of v over n
// documents, and each global term id's column (-1: pruned).
func newModel(an *Analyzer, opts Options, v *vocab, cols []column, n int) (*Model, []int32) {
	opts.Language = an.lang
	m := &Model{
		Options: opts,
		Terms:   make([]string, len(cols)),
		Surface: v.surfaces(cols),
		DF:      make([]int, len(cols)),
		IDF:     make([]float64, len(cols)),
		NDocs:   n,
		an:      an,
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
		m.IDF[j] = idf(n, df)
		m.index[c.term] = int32(j)
	}
	return m, colOf
}

// TransformCounts returns the TF-IDF row of a document given as its
// Counts: the row Transform gives of its text.
func (m *Model) TransformCounts(terms []TermCount) sparse.Vector {
	m.prepared()
	var pairs []uint64 // column<<32 | count, as weigh takes them
	for _, t := range terms {
		if c, ok := m.index[t.Term]; ok && t.Count > 0 {
			pairs = append(pairs, uint64(c)<<32|uint64(uint32(t.Count)))
		}
	}
	slices.Sort(pairs)
	v := sparse.Vector{Ind: make([]int32, len(pairs)), Val: make([]float32, len(pairs))}
	weigh(pairs, m.IDF, m.Options.Sublinear, v.Ind, v.Val)
	return v
}
