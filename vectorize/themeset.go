package vectorize

import (
	"math"
	"slices"
)

// ThemeSet is a list of themes placed in a model's vocabulary, the word side
// of theme detection (the numbers are cluster.LearnThemes): each theme's
// one-word terms as columns and its phrases as sequences of stems, matched
// only as whole phrases by Match. A ThemeSet holds only exported plain
// data and can be rebuilt at any time from the themes and the model.
type ThemeSet struct {
	Names []string
	// Words[t] are the columns of theme t's terms that analyse to one
	// term, sorted and distinct: the seed columns.
	Words [][]int32
	// Phrases[t] are theme t's terms that analyse to two or more stems,
	// each as its stems in order ("islamic state" is ["islam" "state"]).
	Phrases [][][]string
	// PhraseText[t][k] is Phrases[t][k] as written in the themes file.
	PhraseText [][]string
	// PhraseIDF[t][k] is the weight of one occurrence of the phrase before
	// length normalisation: the largest IDF of its stems that have a
	// column, or ln(1+n)+1 (the IDF of a term seen in no document) when
	// none has.
	PhraseIDF [][]float64
	// Missing[t] lists, as written and in order, theme t's terms that
	// cannot match: one-word terms whose stem has no column, and terms
	// that analyse to nothing (stop words, numbers). Phrases are matched
	// in the text, not through columns, so they are never missing here;
	// Unmatched lists those found in no document.
	Missing [][]string

	m     *Model
	first map[string][]phraseRef // first stem → phrases starting with it
}

type phraseRef struct{ theme, k int32 }

// Themes places themes in m's vocabulary. Each term is analysed with m's
// analyzer as a text (unigrams only): a term that gives one stem is a
// seed word, one that gives several is a phrase, one that gives none or
// whose single stem has no column is missing.
func (m *Model) Themes(themes []Theme) *ThemeSet {
	m.prepared()
	ts := &ThemeSet{m: m, first: make(map[string][]phraseRef)}
	unseen := math.Log(float64(m.NDocs+1)) + 1
	for t, th := range themes {
		ts.Names = append(ts.Names, th.Name)
		var words []int32
		var phrases [][]string
		var ptext []string
		var pidf []float64
		var missing []string
		for _, w := range th.Terms {
			stems := unigrams(m.an, m.an.Terms(w))
			switch len(stems) {
			case 0:
				missing = append(missing, w)
			case 1:
				if c, ok := m.index[stems[0]]; ok {
					words = append(words, c)
				} else {
					missing = append(missing, w)
				}
			default:
				idf := 0.0
				for _, s := range stems {
					if c, ok := m.index[s]; ok {
						idf = max(idf, m.IDF[c])
					}
				}
				if idf == 0 {
					idf = unseen
				}
				ts.first[stems[0]] = append(ts.first[stems[0]], phraseRef{int32(t), int32(len(phrases))})
				phrases = append(phrases, slices.Clone(stems))
				ptext = append(ptext, w)
				pidf = append(pidf, idf)
			}
		}
		slices.Sort(words)
		ts.Words = append(ts.Words, slices.Compact(words))
		ts.Phrases = append(ts.Phrases, phrases)
		ts.PhraseText = append(ts.PhraseText, ptext)
		ts.PhraseIDF = append(ts.PhraseIDF, pidf)
		ts.Missing = append(ts.Missing, missing)
	}
	return ts
}

// unigrams returns the unigram part of terms as an analyzer's Terms returns
// them: all of them, or with NGrams 2 the first (len+1)/2, before the
// bigrams.
func unigrams(an *Analyzer, terms []string) []string {
	if an.ngrams == 2 {
		return terms[:(len(terms)+1)/2]
	}
	return terms
}

// PhraseMatch is what Match finds in one text.
type PhraseMatch struct {
	// Weights[t] is theme t's phrase weight in the text's TF-IDF row:
	// Σ_k tf(c_k)·PhraseIDF[t][k] / N over its phrases k, where c_k is the
	// number of occurrences, tf is the model's (1 + ln c with Sublinear,
	// else c; 0 for c = 0), and N is the L2 norm of the text's TF-IDF row
	// before normalisation (the norm of the phrase weights themselves when
	// the text has no known term). So a phrase weighs like a term of the
	// row with the phrase's IDF, and Weights is 0 without a match.
	Weights []float32
	// Counts[t][k] is c_k for phrase k of theme t.
	Counts [][]int32
}

// Match finds the themes' phrases in text. A phrase matches where its
// stems follow each other in the text's analysed terms, after stop words
// and numbers are dropped as the analyzer drops them: "Islamic State" and
// "Islamic States" match "islamic state", "state-controlled" or "Islamic"
// alone do not. Match is safe for concurrent use.
func (ts *ThemeSet) Match(text string) PhraseMatch {
	an := ts.m.an
	if an.ngrams != 2 {
		return ts.MatchTerms(an.Terms(text))
	}
	// Bigrams are needed only for the norm, once a phrase is found.
	seq := an.unigramTerms(text)
	pm, found := ts.match(seq)
	if found {
		ts.weigh(pm, withBigrams(seq))
	}
	return pm
}

// withBigrams returns the unigrams seq followed by their bigrams, as
// Analyzer.Terms gives them with NGrams 2.
func withBigrams(seq []string) []string {
	out := slices.Clone(seq)
	for i := 1; i < len(seq); i++ {
		out = append(out, seq[i-1]+" "+seq[i])
	}
	return out
}

// MatchTerms is Match for a text given as its terms, as Analyzer.Terms
// returns them.
func (ts *ThemeSet) MatchTerms(terms []string) PhraseMatch {
	pm, found := ts.match(unigrams(ts.m.an, terms))
	if found {
		ts.weigh(pm, terms)
	}
	return pm
}

// match counts the phrases in the unigram sequence seq.
func (ts *ThemeSet) match(seq []string) (pm PhraseMatch, found bool) {
	pm = PhraseMatch{Weights: make([]float32, len(ts.Names)), Counts: make([][]int32, len(ts.Names))}
	for t := range ts.Names {
		pm.Counts[t] = make([]int32, len(ts.Phrases[t]))
	}
	for i, s := range seq {
		for _, r := range ts.first[s] {
			p := ts.Phrases[r.theme][r.k]
			if len(p) <= len(seq)-i && slices.Equal(p, seq[i:i+len(p)]) {
				pm.Counts[r.theme][r.k]++
				found = true
			}
		}
	}
	return pm, found
}

// weigh sets pm.Weights from pm.Counts for a text of the given terms.
func (ts *ThemeSet) weigh(pm PhraseMatch, terms []string) {
	tf := func(c int32) float64 {
		if ts.m.Options.Sublinear {
			return 1 + math.Log(float64(c))
		}
		return float64(c)
	}
	norm := ts.m.TransformNorm(terms)
	if norm == 0 {
		var ss float64
		for t, cs := range pm.Counts {
			for k, c := range cs {
				if c > 0 {
					x := tf(c) * ts.PhraseIDF[t][k]
					ss += x * x
				}
			}
		}
		norm = math.Sqrt(ss)
	}
	for t, cs := range pm.Counts {
		var w float64
		for k, c := range cs {
			if c > 0 {
				w += tf(c) * ts.PhraseIDF[t][k]
			}
		}
		pm.Weights[t] = float32(w / norm)
	}
}

// TransformNorm returns the L2 norm of the TF-IDF row of a document given as
// its terms before normalisation: √Σ_u (tf(u)·idf(u))² over its terms with
// a column.
func (m *Model) TransformNorm(terms []string) float64 {
	m.prepared()
	cols := make([]int32, 0, len(terms))
	for _, t := range terms {
		if c, ok := m.index[t]; ok {
			cols = append(cols, c)
		}
	}
	slices.Sort(cols)
	var ss float64
	for k := 0; k < len(cols); {
		e := k
		for e < len(cols) && cols[e] == cols[k] {
			e++
		}
		tf := float64(e - k)
		if m.Options.Sublinear {
			tf = 1 + math.Log(tf)
		}
		x := tf * m.IDF[cols[k]]
		ss += x * x
		k = e
	}
	return math.Sqrt(ss)
}

// HasPhrases reports whether any theme has a phrase; without one, Match
// always gives zero weights and need not be called.
func (ts *ThemeSet) HasPhrases() bool { return len(ts.first) > 0 }

// NewPhraseDF returns zero document frequencies for ts's phrases, df[t][k]
// for phrase k of theme t, for PhraseMatch.AddDF and Unmatched.
func (ts *ThemeSet) NewPhraseDF() [][]int {
	df := make([][]int, len(ts.Names))
	for t := range df {
		df[t] = make([]int, len(ts.Phrases[t]))
	}
	return df
}

// AddDF adds 1 to df[t][k] for every phrase the match found.
func (pm PhraseMatch) AddDF(df [][]int) {
	for t, cs := range pm.Counts {
		for k, c := range cs {
			if c > 0 {
				df[t][k]++
			}
		}
	}
}

// Unmatched returns, per theme, the phrases (as written) whose document
// frequency in df is 0: phrases the corpus never uses, for a warning.
func (ts *ThemeSet) Unmatched(df [][]int) [][]string {
	out := make([][]string, len(ts.Names))
	for t := range ts.Names {
		for k, text := range ts.PhraseText[t] {
			if df[t][k] == 0 {
				out[t] = append(out[t], text)
			}
		}
	}
	return out
}
