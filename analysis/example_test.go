package analysis_test

import (
	"context"
	"fmt"
	"log"
	"os"

	"newsclust/analysis"
	"newsclust/vectorize"
)

// Example runs the whole analysis on the bundled seed articles, passage by
// passage, with the bundled themes, and prints the clusters and each
// article's theme shares.
func Example() {
	f, err := os.Open("../testdata/themes.txt")
	if err != nil {
		log.Fatal(err)
	}
	defer f.Close()
	opts := analysis.DefaultOptions()
	opts.Unit = "paragraph"
	opts.K = 3
	if opts.Themes, err = vectorize.ParseThemes(f, "themes.txt"); err != nil {
		log.Fatal(err)
	}
	res, err := analysis.Run(context.Background(), []string{"../testdata/seeds"}, opts)
	if err != nil {
		log.Fatal(err)
	}
	r := res.Report
	fmt.Printf("%d articles, %d passages\n", r.Counts.Articles, r.Counts.Units)
	for _, c := range r.Clusters {
		fmt.Printf("cluster %d: %d passages, %s\n", c.ID, c.Size, c.Label)
	}
	for _, a := range r.Articles {
		fmt.Printf("%s:", a.Article)
		for t, name := range r.Themes {
			fmt.Printf(" %s %.2f", name, a.Shares[t])
		}
		fmt.Println()
	}
	// Output:
	// 3 articles, 53 passages
	// cluster 0: 23 passages, coalition · iraq · isis
	// cluster 1: 21 passages, spending · harper · defence
	// cluster 2: 9 passages, ukraine · russian · russia
	// 000_f8344ded9c7c71ab: ISIS 0.26 Ukraine 0.15 Defence spending 0.58
	// 001_9881b5333de0f2be: ISIS 0.24 Ukraine 0.49 Defence spending 0.27
	// 002_e69b1368459b83a1: ISIS 0.81 Ukraine 0.00 Defence spending 0.19
}
