package analysis

import (
	"fmt"
	"math"

	"newsclust/cluster"
	"newsclust/corpus"
	"newsclust/model"
	"newsclust/vectorize"
)

// DefaultTitle is the report's title when Options.Title is "".
const DefaultTitle = "News coverage by theme"

// Options are the settings of one analysis. Start from DefaultOptions and
// change what you need: Run refuses options out of range with an
// *OptionError naming the field.
type Options struct {
	// Unit is what is clustered: "document" (whole articles) or
	// "paragraph" (passages, each keeping its article id).
	Unit string
	// MinWords: in paragraph mode, passages shorter than this many words
	// join the next one (corpus.Paragraphs); 1 joins none.
	MinWords int

	// K is the number of clusters; 0 chooses it in [KMin, KMax].
	K int
	// KMin and KMax bound the k tried when K is 0 (2 <= KMin <= KMax). The
	// top is clamped to the number of units less one; with ThemeSeeds the
	// bottom is raised to the number of seeded themes when that lies
	// inside the range.
	KMin, KMax int
	Seed       uint64 // the same input and seed give the same result
	NInit      int    // k-means restarts (at least 1); the best objective wins
	MaxIter    int    // k-means iterations per restart (at least 1)
	// LSA is the dimension of the LSA embedding (truncated SVD of the
	// TF-IDF matrix) clustered; 0 clusters the TF-IDF rows themselves.
	LSA int
	// Minibatch is "on", "off" or "auto": run the k-means restarts on a
	// sample, then a few passes over all units (cluster.SampledKMeans);
	// either way only above cluster.DefaultSampledMin units, and auto
	// always does so there.
	Minibatch string

	// Themes are the named themes followed in the report; may be empty.
	Themes []vectorize.Theme
	// ThemesName names where the themes came from (a file name) in the
	// report's settings; "" leaves it out.
	ThemesName string
	// ThemeSeeds lets the themes guide the clustering: each theme's
	// centroid (the relevance-weighted mean direction of its units) seeds
	// a k-means centre. Off, the themes are detected and reported but the
	// clusters are exactly those of a run without themes.
	ThemeSeeds bool

	TopTerms int // terms shown per cluster (at least 1)
	TopPairs int // most similar article pairs listed in the report (0: none)
	// DupThreshold is the cosine in (0, 1] at and above which two articles
	// count as the same story.
	DupThreshold float64

	// Title is the report's title; "" means DefaultTitle.
	Title string

	// Vectorize sets tokenizing, stemming, pruning and weighting. A zero
	// MinDF or MaxDF is filled by the corpus size (see AutoPrune).
	Vectorize vectorize.Options
	// Read sets how articles are read: fields, limits, stdin, bad records.
	Read corpus.Options

	// AlignTo, when not nil, is an earlier analysis whose cluster ids
	// the clusters take: matched by centroid cosine (AlignThreshold,
	// greedy best first), the others numbered above its ids. The
	// result's Report.Changes then says which clusters continued, split,
	// merged, appeared or faded.
	AlignTo *model.Model

	// Progress, when not nil, is told of each step and of the work done
	// within it. Its methods may be called from several goroutines, never
	// at once.
	Progress Progress
}

// Progress receives the progress of a run: Step starts a named step (and
// ends the one before); Update says how much of the step is done.
type Progress interface {
	Step(name string)
	Update(done, total int)
}

// The measured-best defaults. The space analyze clusters in and the
// pruning defaults were chosen by measurement on the 20 Newsgroups
// 4-category subset, full 20 Newsgroups and Reuters R8 (NMI, 5 seeds, 10
// restarts): sublinear tf scored 0.01 to 0.04 higher than raw counts;
// k-means in a 100-dimensional LSA space scored as high as or higher than
// on the sparse TF-IDF rows, with less spread across seeds, at a fraction
// of the time (rank 50 scored lower on 20 Newsgroups; 150 the same at twice
// the SVD cost); max-df 0.5 scored 0.01 to 0.02 higher on 20 Newsgroups and
// the same on R8; min-df 2 scored the same as 1 with 40-60% of the
// vocabulary. bench/quality.sh compares the result with scikit-learn
// (bench/results/quality.txt).
const (
	DefaultLSA = 100

	// From AutoDFUnits units up, a zero MinDF means AutoMinDF and a zero
	// MaxDF means AutoMaxDF. A term in one document links no two
	// documents, so it cannot help grouping; a term in more than half of
	// them separates no theme from the rest and is in practice
	// boilerplate (a source's name, a newsgroup's "writes"). Below
	// AutoDFUnits units a proportion is too coarse and every shared word
	// is evidence, so nothing is pruned.
	AutoDFUnits = 100
	AutoMinDF   = 2.0
	AutoMaxDF   = 0.5

	// DefaultMaxInputBytes bounds the inputs read: 4 GiB, far above a
	// news corpus and below what would exhaust a laptop's memory (the
	// analysis holds several times the text size).
	DefaultMaxInputBytes = 4 << 30

	// Bounds on the work a run may be asked for: past them a run takes
	// days or more memory than a machine has, so they are refused rather
	// than attempted.
	MaxNInit = 1000
	MaxLSA   = 1000
	MaxK     = 10000
)

// DefaultOptions returns the options the command runs with when no flag
// is given.
func DefaultOptions() Options {
	return Options{
		Title:        DefaultTitle,
		Unit:         "document",
		MinWords:     8,
		KMin:         2,
		KMax:         12,
		Seed:         1,
		NInit:        10,
		MaxIter:      100,
		LSA:          DefaultLSA,
		Minibatch:    "auto",
		TopTerms:     10,
		TopPairs:     20,
		DupThreshold: 0.8,
		Vectorize:    vectorize.Options{Language: "english", NGrams: 1, Sublinear: true},
		Read:         corpus.Options{MaxDocBytes: 64 << 20, MaxInputBytes: DefaultMaxInputBytes},
	}
}

// AutoPrune fills a zero MinDF or MaxDF of opts for a corpus of n units:
// AutoMinDF and AutoMaxDF from AutoDFUnits units up, else 1 (keep all).
func AutoPrune(opts *vectorize.Options, n int) {
	if opts.MinDF == 0 {
		opts.MinDF = 1
		if n >= AutoDFUnits {
			opts.MinDF = AutoMinDF
		}
	}
	if opts.MaxDF == 0 {
		opts.MaxDF = 1
		if n >= AutoDFUnits {
			opts.MaxDF = AutoMaxDF
		}
	}
}

// OptionError reports an Options field out of range.
type OptionError struct {
	Field  string // the field's name, e.g. "NInit"; "Vectorize.MinDF" for a nested one
	Reason string // what is wrong, e.g. "must be at least 1"
}

func (e *OptionError) Error() string { return "analysis: " + e.Field + " " + e.Reason }

// Check returns an *OptionError for the first field of o out of range, or
// nil. Run calls it first.
func (o *Options) Check() error {
	bad := func(field, format string, args ...any) error {
		return &OptionError{Field: field, Reason: fmt.Sprintf(format, args...)}
	}
	finite := func(x float64) bool { return !math.IsNaN(x) && !math.IsInf(x, 0) }
	switch {
	case o.Unit != "document" && o.Unit != "paragraph":
		return bad("Unit", "must be document or paragraph, not %q", o.Unit)
	case o.MinWords < 0:
		return bad("MinWords", "must not be negative, not %d", o.MinWords)
	case o.K < 0:
		return bad("K", "must not be negative, not %d", o.K)
	case o.K > MaxK:
		return bad("K", "must be at most %d, not %d", MaxK, o.K)
	case o.K == 0 && (o.KMin < 2 || o.KMax < o.KMin):
		return bad("KMin", "and KMax must satisfy 2 <= KMin <= KMax, not %d:%d", o.KMin, o.KMax)
	case o.K == 0 && o.KMax > MaxK:
		return bad("KMax", "must be at most %d, not %d", MaxK, o.KMax)
	case o.NInit < 1 || o.NInit > MaxNInit:
		return bad("NInit", "must be between 1 and %d, not %d", MaxNInit, o.NInit)
	case o.MaxIter < 1:
		return bad("MaxIter", "must be at least 1, not %d", o.MaxIter)
	case o.LSA < 0 || o.LSA > MaxLSA:
		return bad("LSA", "must be between 0 and %d, not %d", MaxLSA, o.LSA)
	case o.Minibatch != "auto" && o.Minibatch != "on" && o.Minibatch != "off":
		return bad("Minibatch", "must be auto, on or off, not %q", o.Minibatch)
	case o.TopTerms < 1:
		return bad("TopTerms", "must be at least 1, not %d", o.TopTerms)
	case o.TopPairs < 0:
		return bad("TopPairs", "must not be negative, not %d", o.TopPairs)
	case !finite(o.DupThreshold) || o.DupThreshold <= 0 || o.DupThreshold > 1:
		return bad("DupThreshold", "must be in (0, 1], not %v", o.DupThreshold)
	case o.Vectorize.NGrams != 1 && o.Vectorize.NGrams != 2:
		return bad("Vectorize.NGrams", "must be 1 or 2, not %d", o.Vectorize.NGrams)
	case !finite(o.Vectorize.MinDF) || o.Vectorize.MinDF < 0:
		return bad("Vectorize.MinDF", "must be a finite number and not negative, not %v", o.Vectorize.MinDF)
	case !finite(o.Vectorize.MaxDF) || o.Vectorize.MaxDF < 0:
		return bad("Vectorize.MaxDF", "must be a finite number and not negative, not %v", o.Vectorize.MaxDF)
	case o.Vectorize.MaxFeatures < 0:
		return bad("Vectorize.MaxFeatures", "must not be negative, not %d", o.Vectorize.MaxFeatures)
	case o.Read.MaxDocBytes < 1:
		return bad("Read.MaxDocBytes", "must be positive, not %d", o.Read.MaxDocBytes)
	case o.Read.MaxInputBytes < 1:
		return bad("Read.MaxInputBytes", "must be positive, not %d", o.Read.MaxInputBytes)
	}
	if _, err := vectorize.NewAnalyzer(o.Vectorize); err != nil {
		return bad("Vectorize.Language", "%v", err)
	}
	return nil
}

// sampled reports whether k-means runs its restarts on a sample for n
// units and a given k.
func (o *Options) sampled(n int) bool {
	return o.Minibatch != "off" && n > cluster.DefaultSampledMin
}

// noProgress is the Progress of a run without one.
type noProgress struct{}

func (noProgress) Step(string)     {}
func (noProgress) Update(int, int) {}
