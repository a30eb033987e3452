package beamclust

import (
	"math"

	"newsclust/vectorize"
	"newsclust/vectorize/sparse"
)

// Input is one input of a run: a file or folder as corpus reads it, and
// its position in the command line, which orders its documents.
type Input struct {
	Index int
	Path  string
}

// Doc is one article as read: Ord orders it as analyze's rows are ordered
// (input index << 32 | position in the input).
type Doc struct {
	Ord                                  int64
	ID, Title, Date, Source, Label, Text string
}

// DocTerms is an article's term counts (vectorize.Analyzer.Counts) with its
// metadata, before the vocabulary is known.
type DocTerms struct {
	Ord                            int64
	ID, Title, Date, Source, Label string
	Terms                          []string
	Counts                         []int64
}

// counts returns the term counts as vectorize.TermCount.
func (d *DocTerms) counts() []vectorize.TermCount {
	tc := make([]vectorize.TermCount, len(d.Terms))
	for k, t := range d.Terms {
		tc[k] = vectorize.TermCount{Term: t, DF: 1, Count: d.Counts[k]}
	}
	return tc
}

// Row is an article's TF-IDF row in the fitted vocabulary, with its
// metadata: one line of the rows files, as JSON.
type Row struct {
	Ord                            int64
	ID, Title, Date, Source, Label string
	Ind                            []int32
	Val                            []float32
}

func (r *Row) vector() sparse.Vector { return sparse.Vector{Ind: r.Ind, Val: r.Val} }

// TermStat is a term's document frequency and occurrences, summed.
type TermStat struct {
	DF, Count int64
}

// Line is one line of a sharded output file: the files are written in
// Ord order.
type Line struct {
	Ord  int64
	Text string
}

// Placed is an article with its cluster and its cosine with the cluster's
// centroid: one row of assignments.csv.
type Placed struct {
	Ord                            int64
	ID, Title, Date, Source, Label string
	Cluster                        int
	Score                          float64
}

// Centroids are K unit vectors of dimension D, row-major: the side input
// of a k-means round.
type Centroids struct {
	K, D int
	Data []float64
}

// ClusterSum is what a round gathers of one cluster: its size, its first
// row (the smallest Ord) and the sum of its rows in fixed point (see
// fixedOne).
type ClusterSum struct {
	Cluster int
	N       int64
	MinOrd  int64
	Sum     []int64
}

// fixedOne is 1 in the fixed point the centroid sums are added in: each
// row value v (in [0, 1]) adds round(v·2³²). Integer addition does not
// depend on the order, so the sums, and the centroids, are the same
// however a runner splits and merges the work; 2³² leaves room for 2³¹
// rows per cluster in an int64 and rounds each value by at most 2⁻³³.
const fixedOne = 1 << 32

func toFixed(v float32) int64 { return int64(math.Round(float64(v) * fixedOne)) }
