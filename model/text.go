package model

import (
	"bufio"
	"fmt"
	"io"
	"strings"
	"unicode/utf8"
)

// WriteText writes r as compare prints it: a block of lines per article,
// its cluster (or that it fits none), novelty, new topic and story, the
// themes it is about and its nearest corpus articles with the terms
// behind each score.
func (r Comparison) WriteText(w io.Writer) error {
	bw := bufio.NewWriter(w)
	w = bw
	title := r.Title
	if title == "" {
		title = "(no title)"
	}
	fmt.Fprintf(w, "%s  %s\n", r.ID, truncate(title, 80))
	if r.Cluster < 0 {
		fmt.Fprintf(w, "  novelty 1.00, new story: %s\n\n", r.Note)
		return bw.Flush()
	}
	yes := func(b bool) string {
		if b {
			return "yes"
		}
		return "no"
	}
	if r.FitsCluster {
		fmt.Fprintf(w, "  cluster %d  %s  (margin %.3f)\n", r.Cluster, r.ClusterLabel, r.Margin)
	} else {
		fmt.Fprintf(w, "  cluster: none — it fits no cluster (nearest %d  %s, cosine %.3f, no nearer than articles of other clusters come)\n", r.Cluster, r.ClusterLabel, r.ClusterCosine)
	}
	fmt.Fprintf(w, "  novelty %.2f  new topic: %s  new story: %s\n", r.Novelty, yes(r.NewTopic), yes(r.NewStory))
	if len(r.Themes) > 0 {
		var about, rel []string
		for _, t := range r.Themes {
			if t.About {
				about = append(about, t.Theme)
			}
			rel = append(rel, fmt.Sprintf("%s %.2f", t.Theme, t.Relevance))
		}
		if len(about) == 0 {
			about = []string{"none"}
		}
		fmt.Fprintf(w, "  about: %s  (relevance: %s)\n", strings.Join(about, ", "), strings.Join(rel, ", "))
	}
	for _, n := range r.Neighbors {
		same := ""
		if n.SameStory {
			same = "  SAME STORY"
		}
		fmt.Fprintf(w, "  %.3f  %-24s %s%s\n", n.Score, truncate(n.ID, 24), truncate(n.Title, 50), same)
		if len(n.Terms) > 0 {
			fmt.Fprintf(w, "         because of: %s\n", strings.Join(n.Terms, ", "))
		}
	}
	fmt.Fprintln(w)
	return bw.Flush()
}

// truncate shortens s to n runes, the last one "…", for a column.
func truncate(s string, n int) string {
	if utf8.RuneCountInString(s) <= n {
		return s
	}
	r := []rune(s)
	return string(r[:n-1]) + "…"
}
