package vectorize

import (
	"errors"
)

// Options configure an Analyzer and Fit. The zero value means the defaults
// noted.
type Options struct {
	Language string // one of Languages(), case and surrounding space ignored; "" means "english"
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
	// ErrOptions reports Options out of range: a negative MinDF, MaxDF or
	// MaxFeatures, NGrams other than 0, 1 or 2, or a MaxDF that keeps
	// fewer documents than MinDF.
	ErrOptions = errors.New("invalid options")
	// ErrThemeSyntax is wrapped by every syntax error of ParseThemes.
	ErrThemeSyntax = errors.New("theme syntax")
)

// Model is a fitted vocabulary with IDF weights; it turns texts into TF-IDF
// rows exactly as scikit-learn's TfidfVectorizer(norm="l2", smooth_idf=True).
//
// A Model returned by Fit or FitTerms is ready and safe for concurrent use.
// A Model whose exported fields were filled another way (decoded from a
// saved file) must call Prepare once before use.
type Model struct {
	Options Options
	Terms   []string  // column → term (stem or "stem stem"), sorted
	Surface []string  // column → most frequent surface form ("defence"), ties to the lexicographically smallest
	DF      []int     // column → document frequency in the fitted corpus
	IDF     []float64 // column → ln((1+n)/(1+df)) + 1
	NDocs   int

	an    *Analyzer        // analyzer for Options
	index map[string]int32 // term → column
}

// Theme is a named list of terms from a themes file.
type Theme struct {
	Name  string
	Terms []string // as written; multi-word phrases kept whole
}
