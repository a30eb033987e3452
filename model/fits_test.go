package model_test

import (
	"context"
	"testing"

	"newsclust/analysis"
	"newsclust/corpus"
	"newsclust/model"
)

// TestFitsCluster checks the "fits no cluster" answer on the seed
// articles' model (paragraph mode): each seed article fits a cluster, and
// a recipe, which shares a word or two with the corpus, fits none.
func TestFitsCluster(t *testing.T) {
	t.Parallel()
	opts := analysis.DefaultOptions()
	opts.Unit = "paragraph"
	res, err := analysis.Run(context.Background(), []string{"../testdata/seeds"}, opts)
	if err != nil {
		t.Fatal(err)
	}
	cmp := res.Model.NewComparer(model.DefaultCompareOptions())
	seeds, err := corpus.Read(context.Background(), []string{"../testdata/seeds"}, corpus.Options{})
	if err != nil {
		t.Fatal(err)
	}
	for _, d := range seeds.Docs {
		if c := cmp.Compare(d); !c.FitsCluster {
			t.Errorf("seed %s fits no cluster (nearest %d, cosine %.3f)", d.ID, c.Cluster, c.ClusterCosine)
		}
	}
	recipe := corpus.Document{ID: "recipe", Title: "Slow-roasted tomato soup for a cold evening",
		Text: "Halve two kilos of ripe plum tomatoes, toss them with olive oil, garlic and thyme, and roast them slowly until they collapse and caramelise at the edges. " +
			"Blend with a splash of vegetable stock, season with salt and a pinch of sugar, and finish with cream and torn basil. This issue of the column looks east."}
	if c := cmp.Compare(recipe); c.FitsCluster {
		t.Errorf("a recipe fits cluster %d (%s), cosine %.3f", c.Cluster, c.ClusterLabel, c.ClusterCosine)
	}
}
