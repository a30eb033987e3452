package analysis

import (
	"bufio"
	"fmt"
	"io"
	"strconv"
	"strings"
	"unicode/utf8"
)

// WriteText writes the scores as evaluate prints them: the scores, the
// confusion table (clusters down, labels across) and each label's
// precision and recall.
func (s *AssignmentScores) WriteText(w io.Writer) error {
	bw := bufio.NewWriter(w)
	w = bw
	fmt.Fprintf(w, "units %d (without label: %d), classes %d, clusters %d\n", s.N, s.Unlabelled, s.Classes, s.Scores.Clusters)
	for _, m := range []struct {
		name string
		v    float64
	}{{"NMI", s.NMI}, {"AMI", s.AMI}, {"ARI", s.ARI}, {"V-measure", s.VMeasure}, {"homogeneity", s.Homogeneity}, {"completeness", s.Completeness}, {"purity", s.Purity}} {
		fmt.Fprintf(w, "%-13s %.4f\n", m.name, m.v)
	}
	fmt.Fprintln(w)
	fmt.Fprintln(w, "Confusion (rows: clusters; columns: labels)")
	width := 6
	for _, l := range s.Labels {
		width = max(width, min(len([]rune(l)), 16)+1)
	}
	fmt.Fprintf(w, "%-8s", "cluster")
	for _, l := range s.Labels {
		fmt.Fprintf(w, "%*s", width, truncate(l, width-1))
	}
	fmt.Fprintln(w)
	for i, row := range s.Confusion {
		fmt.Fprintf(w, "%-8d", s.Clusters[i])
		for _, n := range row {
			fmt.Fprintf(w, "%*d", width, n)
		}
		fmt.Fprintln(w)
	}
	fmt.Fprintln(w)
	fmt.Fprintln(w, "Per label (each cluster stands for the label most of its units have)")
	fmt.Fprintf(w, "%-24s %6s %9s %7s %6s  %s\n", "label", "units", "precision", "recall", "F1", "clusters")
	for _, f := range s.PerLabel {
		ids := make([]string, len(f.Clusters))
		for i, c := range f.Clusters {
			ids[i] = strconv.Itoa(c)
		}
		fmt.Fprintf(w, "%-24s %6d %9.3f %7.3f %6.3f  %s\n", truncate(f.Label, 24), f.Rows, f.Precision, f.Recall, f.F1, strings.Join(ids, " "))
	}
	return bw.Flush()
}

// WriteText writes the scores as evaluate -themes prints them: the
// accuracy of the most relevant theme and the precision, recall and F1 of
// about per theme and overall.
func (s *ThemeScores) WriteText(w io.Writer) error {
	bw := bufio.NewWriter(w)
	w = bw
	fmt.Fprintf(w, "articles %d (without label: %d); labels naming a theme %d, naming none %d\n", s.Articles, s.Unlabelled, s.Themed, s.Unthemed)
	fmt.Fprintf(w, "most relevant theme: accuracy %.4f (%d of %d)\n", s.Accuracy, s.Correct, s.Themed)
	if s.Unthemed > 0 {
		fmt.Fprintf(w, "labels naming no theme: about none %.4f (%d of %d)\n", float64(s.AboutNone)/float64(s.Unthemed), s.AboutNone, s.Unthemed)
	}
	fmt.Fprintln(w)
	fmt.Fprintln(w, "About each theme (label names the theme vs. about it)")
	fmt.Fprintf(w, "%-24s %8s %6s %9s %7s %6s\n", "theme", "labelled", "about", "precision", "recall", "F1")
	for _, f := range append(s.PerTheme, s.Overall) {
		fmt.Fprintf(w, "%-24s %8d %6d %9.3f %7.3f %6.3f\n", truncate(f.Theme, 24), f.Labelled, f.About, f.Precision, f.Recall, f.F1)
	}
	fmt.Fprintf(w, "macro F1 %.3f\n", s.MacroF1)
	return bw.Flush()
}

// truncate shortens s to n runes, the last one "…", for a table column.
func truncate(s string, n int) string {
	if utf8.RuneCountInString(s) <= n {
		return s
	}
	r := []rune(s)
	return string(r[:n-1]) + "…"
}
