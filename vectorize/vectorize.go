package vectorize

import (
	"context"
	"errors"
	"io"

	"newsclust/vectorize/sparse"
)

// Options configure a Vectorizer. The zero value means the defaults noted.
type Options struct {
	Language string // snowball language; "" means "english"
	// MinDF is the minimum document frequency: a count when >= 1, a
	// proportion of documents when in (0,1). Zero means 1 (keep all).
	MinDF float64
	// MaxDF is the maximum document frequency, a count when > 1, a
	// proportion when in (0,1]. Zero means 1.0 (keep all).
	MaxDF float64
	// MaxFeatures keeps the most frequent terms by corpus count (ties by
	// term). Zero means no limit.
	MaxFeatures int
	NGrams      int  // 1 (default) or 2 for word bigrams as well
	Sublinear   bool // tf = 1 + ln(count)
	NoStem      bool // keep words unstemmed
	KeepStop    bool // do not drop stop words
}

// Errors.
var (
	ErrLanguage = errors.New("unknown language") // wrapped with the name and the supported list
	ErrNoTerms  = errors.New("no terms left")    // every term was pruned
)

// Languages lists the supported -lang values, sorted.
func Languages() []string { panic("vectorize: not implemented") }

// Analyzer turns text into terms: normalise, tokenize, drop stop words, stem.
// It is safe for concurrent use.
type Analyzer struct {
	// unexported
}

// NewAnalyzer returns an analyzer for opts (Language, NGrams, NoStem,
// KeepStop are used). Unknown languages return ErrLanguage.
func NewAnalyzer(opts Options) (*Analyzer, error) { panic("vectorize: not implemented") }

// Tokens returns the normalised word tokens of text in order (NFKC, case
// folded), before stop words and stemming.
func (a *Analyzer) Tokens(text string) []string { panic("vectorize: not implemented") }

// Terms returns the terms of text in order: stems of non-stop tokens, then
// with NGrams 2 the bigrams "stem1 stem2" of adjacent kept tokens.
func (a *Analyzer) Terms(text string) []string { panic("vectorize: not implemented") }

// Model is a fitted vocabulary with IDF weights; it turns texts into TF-IDF
// rows exactly as scikit-learn's TfidfVectorizer(norm="l2", smooth_idf=True).
type Model struct {
	Options Options
	Terms   []string  // column → term (stem or "stem stem"), sorted
	Surface []string  // column → most frequent surface form ("defence"), ties by first seen
	DF      []int     // column → document frequency in the fitted corpus
	IDF     []float64 // column → ln((1+n)/(1+df)) + 1
	NDocs   int
	// unexported: analyzer, term index
}

// Fit learns the vocabulary and IDF from texts and returns the model and the
// TF-IDF matrix of texts (one row per text, L2-normalised; a text with no
// kept term gives an empty row). Tokenizing runs in parallel with the same
// result as serial. Fit checks ctx between batches.
func Fit(ctx context.Context, texts []string, opts Options) (*Model, *sparse.CSR, error) {
	panic("vectorize: not implemented")
}

// Transform returns the TF-IDF row of text in m's vocabulary and IDF.
func (m *Model) Transform(text string) sparse.Vector { panic("vectorize: not implemented") }

// Column returns the column of term and whether it is in the vocabulary.
func (m *Model) Column(term string) (int, bool) { panic("vectorize: not implemented") }

// Theme is a named list of terms from a themes file.
type Theme struct {
	Name  string
	Terms []string // as written; multi-word phrases kept whole
}

// ParseThemes reads a themes file: one theme per line, `Name: term term
// "multi word phrase"`, blank lines and `#` comments ignored. Errors name
// name:line.
func ParseThemes(r io.Reader, name string) ([]Theme, error) { panic("vectorize: not implemented") }

// ThemeVector returns the unit-length vector of theme t in m's columns: each
// of its terms (a phrase counts its stems, and its bigrams with NGrams 2)
// weighted by IDF. Terms missing from the vocabulary are returned in missing.
func (m *Model) ThemeVector(t Theme) (v sparse.Vector, missing []string) {
	panic("vectorize: not implemented")
}
