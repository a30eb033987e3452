package analysis

import (
	"reflect"
	"strings"
	"testing"

	"newsclust/cluster"
)

func TestKSettingAndTopOfRange(t *testing.T) {
	o := DefaultOptions()
	scores := []cluster.KSelScore{{K: 3, Score: 0.1}, {K: 4, Score: 0.2}, {K: 5, Score: 0.3}}
	r := &runner{o: &o, res: &cluster.KMeansResult{Sizes: make([]int, 5)}, sel: &cluster.Selection{K: 5, Scores: scores}}
	if got := r.settings()[1].Value; got != "5 (auto, tried 3:5)" {
		t.Errorf("k setting %q, want the range tried, 3:5", got)
	}
	r = &runner{o: &o, res: &cluster.KMeansResult{Sizes: make([]int, 1)}}
	if got := r.settings()[1].Value; !strings.HasPrefix(got, "1 (auto: one cluster") {
		t.Errorf("k setting with nothing tried %q", got)
	}
	if note := topOfRangeNote(5, scores, 5); !strings.Contains(note, "k = 5 is the largest k tried (3:5): a finer grouping may hold up too") || !strings.Contains(note, "Widen -k-range") {
		t.Errorf("top of range: note %q", note)
	}
	// -k-range 3:12 cut to 3:5 by six units: widening the range cannot help.
	if note := topOfRangeNote(5, scores, 12); !strings.Contains(note, "one less than the number of units") || strings.Contains(note, "Widen") {
		t.Errorf("top of a range cut short by the units: note %q", note)
	}
	for _, k := range []int{3, 4} {
		if note := topOfRangeNote(k, scores, 5); note != "" {
			t.Errorf("k = %d inside the range: note %q", k, note)
		}
	}
	if note := topOfRangeNote(3, scores[:1], 3); note != "" {
		t.Errorf("one k tried: note %q", note)
	}
}

func TestNeighborPairs(t *testing.T) {
	t.Parallel()
	// Row 0 lists 2 and 1; row 1 lists 0; row 2 lists 3 (not 0); row 3 lists 1.
	nb := [][]cluster.Neighbor{
		{{Row: 2, Cosine: 0.9}, {Row: 1, Cosine: 0.5}},
		{{Row: 0, Cosine: 0.5}},
		{{Row: 3, Cosine: 0.7}},
		{{Row: 1, Cosine: 0.2}},
	}
	got := neighborPairs(nb)
	want := []cluster.Pair{{A: 0, B: 1, Cosine: 0.5}, {A: 0, B: 2, Cosine: 0.9}, {A: 1, B: 3, Cosine: 0.2}, {A: 2, B: 3, Cosine: 0.7}}
	if !reflect.DeepEqual(got, want) {
		t.Errorf("neighborPairs = %v, want %v", got, want)
	}
	// The top 2 by cosine, ties in pair order.
	top := topPairs([]cluster.Pair{{A: 0, B: 1, Cosine: 0.5}, {A: 0, B: 2, Cosine: 0.9}, {A: 1, B: 2, Cosine: 0.5}, {A: 1, B: 3, Cosine: 0.1}}, 2)
	if len(top) != 2 || top[0].B != 2 || top[1].A != 0 || top[1].B != 1 {
		t.Errorf("topPairs = %v", top)
	}
	if got := topPairs(want, 0); len(got) != 0 {
		t.Errorf("topPairs(…, 0) = %v", got)
	}
}
