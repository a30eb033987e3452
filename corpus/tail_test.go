package corpus

import (
	"math/rand/v2"
	"strings"
	"testing"
)

// removeAuthorBlockSplit is removeAuthorBlock on the lines of the whole
// text, as it was before it looked at the tail only: the reference.
func removeAuthorBlockSplit(text string) (string, int) {
	lines := strings.Split(text, "\n")
	x, n := authorBlock(lines)
	if n == 0 {
		return text, 0
	}
	return cleanText(strings.Join(lines[:x], "\n")), n
}

// removeLinesSplit is removeLines by splitting and joining the lines: the
// reference.
func removeLinesSplit(text string, rep map[uint64]bool) (string, int) {
	lines := strings.Split(text, "\n")
	removed := 0
	for i, l := range lines {
		if l == "" {
			continue
		}
		if h, _ := lineKey(l, new([]byte)); rep[h] {
			lines[i] = ""
			removed++
		}
	}
	if removed == 0 {
		return text, 0
	}
	return cleanText(strings.Join(lines, "\n")), removed
}

// TestTailMatchesSplit checks removeAuthorBlock and removeLines against
// whole-text references on random texts built from author-block lines,
// repeated lines, blank lines and prose, with 0 to 20 lines so that the
// tail is sometimes the whole text and sometimes not.
func TestTailMatchesSplit(t *testing.T) {
	t.Parallel()
	pieces := []string{
		"", "", "Murray Brewster", "Jane Doe", "Senior reporter, defence and security",
		"Murray Brewster is senior defence writer for CBC News.",
		"Jane Doe is a reporter for the Globe.", "Follow us on Twitter",
		"The minister said the budget would grow.", "  spaced   line  ", "Subscribe now",
		"Prices rose again in March.", "Read more:",
	}
	rep := map[uint64]bool{}
	for _, l := range []string{"Follow us on Twitter", "Subscribe now", "Read more:"} {
		h, _ := lineKey(l, new([]byte))
		rep[h] = true
	}
	rng := rand.New(rand.NewPCG(1, 2))
	tailRemovals, lineRemovals := 0, 0
	for i := range 20000 {
		n := rng.IntN(21)
		lines := make([]string, n)
		for j := range lines {
			lines[j] = pieces[rng.IntN(len(pieces))]
		}
		text := strings.Join(lines, "\n")
		if i%2 == 0 {
			text = cleanText(text)
		}
		if got, gotN := removeAuthorBlock(text); true {
			want, wantN := removeAuthorBlockSplit(text)
			if got != want || gotN != wantN {
				t.Fatalf("removeAuthorBlock(%q) = %q, %d; want %q, %d", text, got, gotN, want, wantN)
			}
			if gotN > 0 && authorTail(text) > 0 {
				tailRemovals++
			}
		}
		got, gotN := removeLines(text, rep)
		want, wantN := removeLinesSplit(text, rep)
		if got != want || gotN != wantN {
			t.Fatalf("removeLines(%q) = %q, %d; want %q, %d", text, got, gotN, want, wantN)
		}
		lineRemovals += gotN
	}
	// The texts must exercise both: a block found in a tail shorter than
	// the text, and repeated lines dropped.
	if tailRemovals == 0 || lineRemovals == 0 {
		t.Errorf("%d author blocks removed from a tail, %d repeated lines removed; want both > 0", tailRemovals, lineRemovals)
	}
}
