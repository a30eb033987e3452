package cluster_test

import (
	"context"
	"math/rand/v2"
	"testing"

	"newsclust/cluster"
	"newsclust/corpus"
	"newsclust/vectorize"
)

// TestSelectKSeedPassages: the three bundled seed articles (NATO, ISIS,
// Ukraine, defence spending), split into passages and embedded as newsclust
// analyze -unit paragraph does by default (passages of at least 8 words,
// sublinear TF-IDF, LSA 100), fall into 3 to 6 themes for seeds 1-3.
// Silhouette (ChooseK) picked 11 or 12 of the 12 allowed (issue 16).
func TestSelectKSeedPassages(t *testing.T) {
	t.Parallel()
	ctx := context.Background()
	c, err := corpus.Read(ctx, []string{"../testdata/seeds"}, corpus.Options{})
	if err != nil {
		t.Fatal(err)
	}
	passages := corpus.Paragraphs(c.Docs, 8)
	texts := make([]string, len(passages))
	for i, p := range passages {
		texts[i] = p.Text
	}
	_, X, err := vectorize.Fit(ctx, texts, vectorize.Options{Language: "english", Sublinear: true})
	if err != nil {
		t.Fatal(err)
	}
	for seed := uint64(1); seed <= 3; seed++ {
		E, _, err := cluster.LSA(ctx, X, 100, rand.NewPCG(seed, 1))
		if err != nil {
			t.Fatal(err)
		}
		sel, err := cluster.SelectK(ctx, E, 2, 12, cluster.KMeansOptions{Src: rand.NewPCG(seed, 0x6e657773636c7573)}, cluster.SelectOptions{})
		if err != nil {
			t.Fatal(err)
		}
		if sel.K < 3 || sel.K > 6 {
			t.Errorf("seed %d: k=%d for %d passages, want 3 to 6 (%s)", seed, sel.K, len(passages), sel.Reason)
		}
	}
}
