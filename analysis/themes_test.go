package analysis

import (
	"slices"
	"testing"

	"newsclust/cluster"
)

// TestArticleThemes: an article's relevance is the largest of its units'
// and it is about a theme when one of its units is, so an article whose
// passages each have one theme is about all of them.
func TestArticleThemes(t *testing.T) {
	t.Parallel()
	rows := []cluster.ThemeRow{
		{Relevance: []float64{0.9, 0.05}, About: []bool{true, false}},  // article 0
		{Relevance: []float64{0.1, 0.6}, About: []bool{false, true}},   // article 0
		{Relevance: []float64{0.15, 0.1}, About: []bool{false, false}}, // article 1
	}
	rel, about := articleThemes(rows, []int{0, 0, 1}, 2, 2)
	if !slices.Equal(rel[0], []float64{0.9, 0.6}) || !slices.Equal(about[0], []bool{true, true}) {
		t.Errorf("article 0: %v %v, want [0.9 0.6] [true true]", rel[0], about[0])
	}
	if !slices.Equal(rel[1], []float64{0.15, 0.1}) || !slices.Equal(about[1], []bool{false, false}) {
		t.Errorf("article 1: %v %v, want [0.15 0.1] [false false]", rel[1], about[1])
	}
}
