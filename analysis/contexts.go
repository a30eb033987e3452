package analysis

import (
	"sort"
	"strings"

	"newsclust/report"
	"newsclust/vectorize"
)

// Keyword-in-context lines on the cluster cards.
const (
	contextTerms = 4   // a cluster's first terms looked up, one line each
	contextWidth = 60  // runes of text on each side of the term
	contextScan  = 200 // units of a cluster searched per term, most central first
)

// addContexts fills each cluster's Contexts: for each of its first
// contextTerms terms, one keyword-in-context line from the most central of
// its units (highest cosine to the centroid, ties to the earlier unit)
// that uses the term and has not given a line yet, skipping a line that
// repeats one already chosen (news copy often repeats a sentence). Terms are looked up by
// their surface form, so a term whose every use is inflected differently
// may find no line. labels and sims are per unit, as in
// cluster.KMeansResult; text returns a unit's text.
func addContexts(clusters []report.Cluster, text func(unit int) string, labels []int, sims []float64) {
	members := make([][]int, len(clusters))
	for i, c := range labels {
		if c >= 0 && c < len(members) {
			members[c] = append(members[c], i)
		}
	}
	for c := range clusters {
		m := members[c]
		sort.SliceStable(m, func(a, b int) bool { return sims[m[a]] > sims[m[b]] })
		m = m[:min(len(m), contextScan)]
		used := map[int]bool{}
		cache := map[int]string{} // texts read so far: text may read a file
		var lines []string
		for _, t := range clusters[c].Terms[:min(len(clusters[c].Terms), contextTerms)] {
			for _, u := range m {
				if used[u] {
					continue
				}
				tx, ok := cache[u]
				if !ok {
					tx = text(u)
					cache[u] = tx
				}
				l := vectorize.KWIC(tx, []string{t.Word}, contextWidth, 1)
				if len(l) > 0 && !repeats(lines, l[0]) {
					lines = append(lines, l[0])
					used[u] = true
					break
				}
			}
		}
		clusters[c].Contexts = lines
	}
}

// repeats reports whether line, without its "…" marks, is part of one of
// lines or one of them is part of it.
func repeats(lines []string, line string) bool {
	bare := func(s string) string { return strings.TrimSuffix(strings.TrimPrefix(s, "… "), " …") }
	l := bare(line)
	for _, o := range lines {
		o = bare(o)
		if strings.Contains(o, l) || strings.Contains(l, o) {
			return true
		}
	}
	return false
}
