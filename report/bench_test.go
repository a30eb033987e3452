package report

import (
	"fmt"
	"io"
	"strconv"
	"testing"
)

func BenchmarkWriteHTML(b *testing.B) {
	for _, n := range []int{200, 2000} {
		a := syntheticAnalysis(n, 12, min(n, 60))
		b.Run("docs="+strconv.Itoa(n), func(b *testing.B) {
			b.ReportAllocs()
			for b.Loop() {
				if err := WriteHTML(io.Discard, a); err != nil {
					b.Fatal(err)
				}
			}
		})
	}
}

func BenchmarkWriteChart(b *testing.B) {
	a := syntheticAnalysis(5000, 20, 60)
	for _, name := range []string{ChartMap, ChartHeatmap} {
		for _, format := range []string{"png", "svg"} {
			b.Run(name+"/"+format+"/docs=5000", func(b *testing.B) {
				b.ReportAllocs()
				for b.Loop() {
					if err := WriteChart(io.Discard, a, name, format); err != nil {
						b.Fatal(err)
					}
				}
			})
		}
	}
}

func BenchmarkWriteAssignmentsCSV(b *testing.B) {
	a := syntheticAnalysis(10000, 20, 2)
	b.Run("docs=10000", func(b *testing.B) {
		w := &countWriter{}
		if err := WriteAssignmentsCSV(w, a); err != nil {
			b.Fatal(err)
		}
		b.SetBytes(w.n)
		b.ReportAllocs()
		for b.Loop() {
			if err := WriteAssignmentsCSV(io.Discard, a); err != nil {
				b.Fatal(err)
			}
		}
	})
}

// newsgroupsAnalysis resembles analyze's result on 20 Newsgroups: 18,846
// articles in 20 clusters, no themes, a 60-article heatmap, 2,500 articles
// in near-duplicate groups of two.
func newsgroupsAnalysis() *Analysis {
	const n = 18846 // articles in 20 Newsgroups
	a := syntheticAnalysis(n, 20, 60)
	a.Themes, a.Articles, a.KScores = nil, nil, nil
	for i, d := range a.Docs {
		a.Docs[i].Label = fmt.Sprintf("group.%d", d.Cluster)
	}
	a.Heatmap.Articles = make([]string, len(a.Heatmap.Labels))
	for i := range a.Heatmap.Articles {
		a.Heatmap.Articles[i] = a.Docs[i*n/len(a.Heatmap.Labels)].Article
	}
	for g := range 1250 {
		a.Groups = append(a.Groups, []string{a.Docs[2*g].Article, a.Docs[2*g+1].Article})
	}
	return a
}

// BenchmarkWriteOutputs measures every file analyze writes from a report
// on an analysis the size of 20 Newsgroups (see newsgroupsAnalysis), one
// sub-benchmark per file; b.SetBytes is each file's size.
func BenchmarkWriteOutputs(b *testing.B) {
	a := newsgroupsAnalysis()
	// 262,329 similarity.csv rows on 20 Newsgroups: about 14 neighbours
	// per article.
	const pairsPer = 14
	pair := func(i int) Pair {
		d := a.Docs[i/pairsPer]
		return Pair{A: d.ID, B: a.Docs[(i/pairsPer+1+i%pairsPer)%len(a.Docs)].ID, Cosine: 1 / float64(1+i%97)}
	}
	files := []struct {
		name string
		fill func(io.Writer) error
	}{
		{"report.html", func(w io.Writer) error { return WriteHTML(w, a) }},
		{"report.md", func(w io.Writer) error { return WriteMarkdown(w, a, "charts") }},
		{"clusters.json", func(w io.Writer) error { return WriteClustersJSON(w, a) }},
		{"assignments.csv", func(w io.Writer) error { return WriteAssignmentsCSV(w, a) }},
		{"similarity.csv", func(w io.Writer) error { return WriteSimilarityRows(w, pairsPer*len(a.Docs), pair) }},
		{"duplicates.csv", func(w io.Writer) error { return WriteGroupsCSV(w, a) }},
	}
	for _, name := range Charts(a) {
		for _, format := range []string{"png", "svg"} {
			files = append(files, struct {
				name string
				fill func(io.Writer) error
			}{name + "." + format, func(w io.Writer) error { return WriteChart(w, a, name, format) }})
		}
	}
	for _, f := range files {
		b.Run(f.name+"/docs=18846", func(b *testing.B) {
			w := &countWriter{}
			if err := f.fill(w); err != nil {
				b.Fatal(err)
			}
			b.SetBytes(w.n)
			b.ReportAllocs()
			for b.Loop() {
				if err := f.fill(io.Discard); err != nil {
					b.Fatal(err)
				}
			}
		})
	}
}

type countWriter struct{ n int64 }

func (w *countWriter) Write(p []byte) (int, error) { w.n += int64(len(p)); return len(p), nil }
