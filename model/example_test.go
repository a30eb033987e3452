package model_test

import (
	"bytes"
	"context"
	"fmt"
	"log"

	"newsclust/analysis"
	"newsclust/corpus"
	"newsclust/model"
)

// Example analyses the seed articles, saves the model, loads it again
// (another program would call model.Load on the folder analyze wrote) and
// compares a new article with the corpus.
func Example() {
	opts := analysis.DefaultOptions()
	opts.Unit = "paragraph"
	opts.K = 3
	res, err := analysis.Run(context.Background(), []string{"../testdata/seeds"}, opts)
	if err != nil {
		log.Fatal(err)
	}
	var saved bytes.Buffer
	if err := model.Write(&saved, res.Model); err != nil {
		log.Fatal(err)
	}
	m, err := model.Read(&saved)
	if err != nil {
		log.Fatal(err)
	}
	cmp := m.NewComparer(model.DefaultCompareOptions())
	c := cmp.Compare(corpus.Document{
		ID:    "new",
		Title: "Canada extends its mission against ISIS in Iraq",
		Text:  "Canadian special forces will keep training Kurdish fighters in northern Iraq, the defence minister said.",
	})
	fmt.Printf("cluster %d (%s), novelty %.2f\n", c.Cluster, c.ClusterLabel, c.Novelty)
	for _, n := range c.Neighbors {
		fmt.Printf("%.3f %s because of %v\n", n.Score, n.ID, n.Terms)
	}
	// Output:
	// cluster 0 (mission · training · iraqi), novelty 1.00
	// 0.301 002_e69b1368459b83a1 because of [iraq isis mission canadian training]
	// 0.236 000_f8344ded9c7c71ab because of [defence canada forces iraq mission]
	// 0.212 001_9881b5333de0f2be because of [canada extend minister northern keep]
}
