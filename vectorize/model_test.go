package vectorize

import (
	"context"
	"math"
	"testing"
)

// TestCoverage checks the share of a text's weight the vocabulary covers:
// 1 for a text of corpus words, 0 for one of unknown words only, and for a
// mix the value the definition gives by hand.
func TestCoverage(t *testing.T) {
	t.Parallel()
	texts := []string{"nato summit", "nato budget", "ukraine ceasefire"}
	m, _, err := Fit(context.Background(), texts, Options{})
	if err != nil {
		t.Fatal(err)
	}
	if got := m.Coverage("nato ceasefire"); got != 1 {
		t.Errorf("known words only: coverage %v, want 1", got)
	}
	if got := m.Coverage("tomato soup"); got != 0 {
		t.Errorf("unknown words only: coverage %v, want 0", got)
	}
	// "summit" is known with idf ln(4/2)+1; "tomato" is unknown and weighs
	// as a term no document used, ln(1+3)+1 (raw counts, one each).
	known, unseen := math.Log(4.0/2)+1, math.Log(4)+1
	want := known / math.Sqrt(known*known+unseen*unseen)
	if got := m.Coverage("summit tomato"); math.Abs(got-want) > 1e-12 {
		t.Errorf("mixed: coverage %v, want %v", got, want)
	}
}
