package report

import (
	"bytes"
	"strings"
	"testing"
)

// TestTreeAndCriterion checks that the broader groups and what the choice
// of k measured reach both reports, escaped.
func TestTreeAndCriterion(t *testing.T) {
	t.Parallel()
	a := smallAnalysis()
	a.KScores = []KScore{{K: 2, Score: 1}, {K: 3, Score: 0.5}}
	a.KCriterion = "clusters found again on subsamples <b>"
	a.Tree = []Level{{Groups: []BroadGroup{{Label: "nato · defence <i>", Clusters: []int{0, 1}, Size: 3}}}}
	var md, html bytes.Buffer
	if err := WriteMarkdown(&md, a, "charts"); err != nil {
		t.Fatal(err)
	}
	if err := WriteHTML(&html, a); err != nil {
		t.Fatal(err)
	}
	for _, want := range []string{"### Broader groups", "**1 groups:** [C0 C1] nato · defence \\<i\\> (3)", "clusters found again on subsamples \\<b\\>"} {
		if !strings.Contains(md.String(), want) {
			t.Errorf("Markdown lacks %q", want)
		}
	}
	for _, want := range []string{"Broader groups", "[C0 C1] nato · defence &lt;i&gt; (3)", "clusters found again on subsamples &lt;b&gt;"} {
		if !strings.Contains(html.String(), want) {
			t.Errorf("HTML lacks %q", want)
		}
	}
}
