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
// passage, with the bundled themes seeding the clusters, and prints the clusters and each
// article's relevance to each theme and whether it is about it.
func Example() {
	f, err := os.Open("../testdata/themes.txt")
	if err != nil {
		log.Fatal(err)
	}
	defer f.Close()
	opts := analysis.DefaultOptions()
	opts.Unit = "paragraph"
	opts.K = 3
	opts.ThemeSeeds = true // each theme's centroid seeds a cluster
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
			about := ""
			if a.About[t] {
				about = " (about)"
			}
			fmt.Printf(" %s %.2f%s", name, a.Relevance[t], about)
		}
		fmt.Println()
	}
	// Output:
	// 3 articles, 53 passages
	// cluster 0: 28 passages, iraqi · coalition · iraq
	// cluster 1: 15 passages, ukraine · minister · russian
	// cluster 2: 10 passages, point · spending · one
	// 000_f8344ded9c7c71ab: ISIS 0.99 (about) Ukraine 1.00 (about) Defence spending 1.00 (about)
	// 001_9881b5333de0f2be: ISIS 1.00 (about) Ukraine 1.00 (about) Defence spending 0.00
	// 002_e69b1368459b83a1: ISIS 1.00 (about) Ukraine 0.00 Defence spending 0.02
}
