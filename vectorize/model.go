package vectorize

import (
	"errors"
	"fmt"
	"math"
	"slices"

	"newsclust/vectorize/sparse"
)

// ErrModel reports a Model whose fields do not agree, found by Prepare.
var ErrModel = errors.New("inconsistent model")

// Prepare builds the analyzer and term index of a model whose exported
// fields were set without Fit, e.g. decoded from a saved file. It returns
// ErrLanguage or ErrOptions for bad Options and ErrModel when the lengths
// of Terms, Surface, DF and IDF differ or Terms is not strictly sorted.
// Prepare is not safe for concurrent use; the prepared model is.
func (m *Model) Prepare() error {
	an, err := NewAnalyzer(m.Options)
	if err != nil {
		return err
	}
	n := len(m.Terms)
	if len(m.IDF) != n || len(m.DF) != n || len(m.Surface) != n {
		return fmt.Errorf("%w: %d terms, %d surfaces, %d DF, %d IDF", ErrModel, n, len(m.Surface), len(m.DF), len(m.IDF))
	}
	index := make(map[string]int32, n)
	for j, t := range m.Terms {
		if j > 0 && m.Terms[j-1] >= t {
			return fmt.Errorf("%w: terms %q and %q out of order", ErrModel, m.Terms[j-1], t)
		}
		index[t] = int32(j)
	}
	m.an, m.index = an, index
	return nil
}

// prepared prepares m on first use and panics on a model Prepare rejects.
func (m *Model) prepared() {
	if m.index == nil {
		if err := m.Prepare(); err != nil {
			panic("vectorize: " + err.Error())
		}
	}
}

// Analyzer returns the analyzer of the model's Options.
func (m *Model) Analyzer() *Analyzer {
	m.prepared()
	return m.an
}

// Transform returns the TF-IDF row of text in m's vocabulary and IDF.
// Terms outside the vocabulary are ignored; a text without a known term
// gives an empty vector. Transforming a text of the fitted corpus gives
// its row of the fitted matrix.
func (m *Model) Transform(text string) sparse.Vector {
	m.prepared()
	return m.TransformTerms(m.an.Terms(text))
}

// TransformTerms returns the TF-IDF row of a document given as its terms,
// as FitTerms takes them.
func (m *Model) TransformTerms(terms []string) sparse.Vector {
	m.prepared()
	cols := make([]int32, 0, len(terms))
	for _, t := range terms {
		if c, ok := m.index[t]; ok {
			cols = append(cols, c)
		}
	}
	slices.Sort(cols)
	var pairs []uint64 // column<<32 | count, as weigh takes them
	for k, c := range cols {
		if k > 0 && cols[k-1] == c {
			pairs[len(pairs)-1]++
		} else {
			pairs = append(pairs, uint64(c)<<32|1)
		}
	}
	v := sparse.Vector{Ind: make([]int32, len(pairs)), Val: make([]float32, len(pairs))}
	weigh(pairs, m.IDF, m.Options.Sublinear, v.Ind, v.Val)
	return v
}

// Coverage returns the share of a text's TF-IDF weight that the
// vocabulary covers: sqrt(Σ_known w²) / sqrt(Σ_all w²), where a term
// outside the vocabulary is weighed as a term of the fitted corpus that no
// document used, idf = ln(1+NDocs) + 1. It is 1 when every term is known
// and 0 when none is; a cosine computed on the known terms alone,
// multiplied by it, is the cosine with the unknown terms counted as
// dimensions of their own.
func (m *Model) Coverage(text string) float64 {
	m.prepared()
	return m.CoverageTerms(m.an.Terms(text))
}

// CoverageTerms is Coverage of a document given as its terms, as
// TransformTerms takes them.
func (m *Model) CoverageTerms(terms []string) float64 {
	m.prepared()
	counts := map[string]int{}
	for _, t := range terms {
		counts[t]++
	}
	unseen := math.Log(1+float64(m.NDocs)) + 1
	var known, all float64
	for t, n := range counts {
		tf := float64(n)
		if m.Options.Sublinear {
			tf = 1 + math.Log(tf)
		}
		w := tf * unseen
		c, ok := m.index[t]
		if ok {
			w = tf * m.IDF[c]
			known += w * w
		}
		all += w * w
	}
	if all == 0 {
		return 0
	}
	return math.Sqrt(known / all)
}

// Column returns the column of term and whether it is in the vocabulary.
func (m *Model) Column(term string) (int, bool) {
	m.prepared()
	c, ok := m.index[term]
	return int(c), ok
}
