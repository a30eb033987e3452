package report_test

import (
	"bytes"
	"fmt"
	"os"
	"regexp"
	"strings"

	"newsclust/report"
)

// example is a two-article analysis used by the examples.
func example() *report.Analysis {
	return &report.Analysis{
		Title: "Example",
		Unit:  "document",
		Docs: []report.Doc{
			{ID: "a1", Article: "a1", Title: "NATO summit opens", Date: "2023-07-11", Source: "Reuters", Cluster: 0, Score: 0.8123, X: 0, Y: 1},
			{ID: "a2", Article: "a2", Title: "=HYPERLINK(\"x\")", Date: "2023-07-12", Source: "AP", Cluster: 1, Score: 0.5, X: 1, Y: 0},
		},
		Clusters: []report.Cluster{
			{ID: 0, Label: "nato · summit", Size: 1, Terms: []report.Term{{Word: "NATO", Weight: 0.61}}, Reps: []string{"a1"}},
			{ID: 1, Label: "budget", Size: 1, Terms: []report.Term{{Word: "budget", Weight: 0.5}}, Reps: []string{"a2"}},
		},
		Themes:   []string{"security", "economy"},
		Articles: []report.ArticleTheme{{Article: "a1", Relevance: []float64{0.75, 0.25}, About: []bool{true, true}}, {Article: "a2", Relevance: []float64{0, 0.05}, About: []bool{false, false}}},
		Pairs:    []report.Pair{{A: "a1", B: "a2", Cosine: 0.125}},
		Skipped:  []report.Skip{{Input: "notes.pdf", Reason: "not a text file"}},
	}
}

func ExampleWriteAssignmentsCSV() {
	if err := report.WriteAssignmentsCSV(os.Stdout, example()); err != nil {
		fmt.Println(err)
	}
	// Output:
	// id,article,cluster,cluster_label,score,title,date,source,label,url
	// a1,a1,0,nato · summit,0.8123,NATO summit opens,2023-07-11,Reuters,,
	// a2,a2,1,budget,0.5000,"'=HYPERLINK(""x"")",2023-07-12,AP,,
}

func ExampleWriteThemesCSV() {
	if err := report.WriteThemesCSV(os.Stdout, example()); err != nil {
		fmt.Println(err)
	}
	// Output:
	// document,theme,relevance,about
	// a1,security,0.7500,1
	// a1,economy,0.2500,1
	// a2,security,0.0000,0
	// a2,economy,0.0500,0
}

func ExampleWriteSimilarityCSV() {
	if err := report.WriteSimilarityCSV(os.Stdout, example().Pairs); err != nil {
		fmt.Println(err)
	}
	// Output:
	// a,b,cosine
	// a1,a2,0.1250
}

func ExampleWriteSkippedCSV() {
	if err := report.WriteSkippedCSV(os.Stdout, example().Skipped); err != nil {
		fmt.Println(err)
	}
	// Output:
	// input,reason
	// notes.pdf,not a text file
}

func ExampleWriteClustersJSON() {
	a := example()
	a.Clusters = a.Clusters[:1]
	if err := report.WriteClustersJSON(os.Stdout, a); err != nil {
		fmt.Println(err)
	}
	// Output:
	// [
	//   {
	//     "id": 0,
	//     "label": "nato · summit",
	//     "size": 1,
	//     "terms": [
	//       {
	//         "word": "NATO",
	//         "weight": 0.6100
	//       }
	//     ],
	//     "representatives": [
	//       "a1"
	//     ]
	//   }
	// ]
}

func ExampleCharts() {
	fmt.Println(report.Charts(example()))
	// Output:
	// [cluster-sizes top-terms theme-relevance theme-coverage themes-over-time article-map]
}

func ExampleWriteChart() {
	var png, svg bytes.Buffer
	a := example()
	if err := report.WriteChart(&png, a, report.ChartSizes, "png"); err != nil {
		fmt.Println(err)
	}
	if err := report.WriteChart(&svg, a, report.ChartSizes, "svg"); err != nil {
		fmt.Println(err)
	}
	fmt.Println(bytes.HasPrefix(png.Bytes(), []byte("\x89PNG")), strings.Contains(svg.String(), "<svg"))
	// Output:
	// true true
}

func ExampleWriteMarkdown() {
	var b bytes.Buffer
	if err := report.WriteMarkdown(&b, example(), "charts"); err != nil {
		fmt.Println(err)
	}
	// Print the headings and chart links.
	for _, line := range strings.Split(b.String(), "\n") {
		if strings.HasPrefix(line, "#") || strings.HasPrefix(line, "![") {
			fmt.Println(line)
		}
	}
	// Output:
	// # Example
	// ## Overview
	// ### Skipped inputs
	// ## Clusters
	// ![Cluster sizes](charts/cluster-sizes.png)
	// ### C0 · nato · summit
	// ### C1 · budget
	// ![Top terms per cluster](charts/top-terms.png)
	// ## Themes
	// ### Words learned per theme
	// ![Relevance of each article to each theme](charts/theme-relevance.png)
	// ### Relevance per article
	// ### Articles about each theme
	// ![Articles about each theme](charts/theme-coverage.png)
	// ### Themes over time
	// ![Themes over time](charts/themes-over-time.png)
	// ## Similarity
	// ### Most similar pairs
	// ## Map
	// ![Map of articles by cluster](charts/article-map.png)
	// ## Articles
}

func ExampleWriteHTML() {
	var b bytes.Buffer
	if err := report.WriteHTML(&b, example()); err != nil {
		fmt.Println(err)
	}
	// Print the sections.
	for _, m := range regexp.MustCompile(`<section id="(\w+)">`).FindAllStringSubmatch(b.String(), -1) {
		fmt.Println(m[1])
	}
	// Output:
	// overview
	// clusters
	// themes
	// similarity
	// map
	// articles
}
