// Command simproxy measures how well cosine similarity between articles
// finds articles on the same subject, for plain TF-IDF, for the TF-IDF that
// newsclust analyze uses by default, and for LSA embeddings of it.
//
// No human judgements of article similarity are available here, so it uses
// a proxy: the known labels of a labelled corpus (20 Newsgroups, Reuters).
// For every article with a label it takes the 10 other articles of highest
// cosine (ties to the lower row) and reports
//
//	P@1  = share of articles whose nearest neighbour has the same label
//	P@10 = mean share of same-label articles among the 10 nearest
//
// A better similarity puts more same-subject articles first. Articles are
// read and vectorized as analyze does (title and text, English stop words,
// stemming); rows left empty by pruning are dropped in every configuration
// so that all are scored on the same articles.
//
// Usage: simproxy [-lsa 100,200] CORPUS.jsonl[.gz]...
package main

import (
	"cmp"
	"context"
	"flag"
	"fmt"
	"math/rand/v2"
	"os"
	"runtime"
	"slices"
	"strconv"
	"strings"
	"sync"
	"time"

	"gonum.org/v1/gonum/floats"

	"newsclust/cluster"
	"newsclust/corpus"
	"newsclust/vectorize"
	"newsclust/vectorize/sparse"
)

// topK is the number of neighbours scored.
const topK = 10

func main() {
	lsaFlag := flag.String("lsa", "100", "comma-separated LSA ranks to score on the default TF-IDF")
	flag.Parse()
	if flag.NArg() == 0 {
		fmt.Fprintln(os.Stderr, "usage: simproxy [-lsa 100,200] CORPUS.jsonl[.gz]...")
		os.Exit(2)
	}
	var ranks []int
	for _, f := range strings.Split(*lsaFlag, ",") {
		if f == "" {
			continue
		}
		r, err := strconv.Atoi(f)
		if err != nil || r < 1 {
			fmt.Fprintf(os.Stderr, "simproxy: bad -lsa rank %q\n", f)
			os.Exit(2)
		}
		ranks = append(ranks, r)
	}
	for _, path := range flag.Args() {
		if err := run(path, ranks); err != nil {
			fmt.Fprintf(os.Stderr, "simproxy: %s: %v\n", path, err)
			os.Exit(1)
		}
	}
}

func run(path string, ranks []int) error {
	ctx := context.Background()
	c, err := corpus.Read(ctx, []string{path}, corpus.Options{})
	if err != nil {
		return err
	}
	var texts, labels []string
	for _, d := range c.Docs {
		if d.Label == "" {
			continue
		}
		t := d.Text
		if d.Title != "" && !strings.HasPrefix(t, d.Title) {
			t = d.Title + "\n\n" + t
		}
		texts = append(texts, t)
		labels = append(labels, d.Label)
	}
	configs := []struct {
		name string
		opts vectorize.Options
	}{
		{"plain TF-IDF (raw tf, no pruning)", vectorize.Options{}},
		{"default TF-IDF (sublinear tf, min-df 2, max-df 0.5)", vectorize.Options{Sublinear: true, MinDF: 2, MaxDF: 0.5}},
	}
	mats := make([]*sparse.CSR, len(configs))
	for i, cf := range configs {
		_, X, err := vectorize.Fit(ctx, texts, cf.opts)
		if err != nil {
			return err
		}
		mats[i] = X
	}
	// Keep the rows that are non-empty in every configuration.
	var keep []int
	for i := range texts {
		ok := true
		for _, X := range mats {
			if X.Indptr[i] == X.Indptr[i+1] {
				ok = false
			}
		}
		if ok {
			keep = append(keep, i)
		}
	}
	truth := make([]string, len(keep))
	for j, i := range keep {
		truth[j] = labels[i]
	}
	fmt.Printf("%s: %d labelled articles scored (%d left empty by pruning dropped)\n", path, len(keep), len(texts)-len(keep))
	fmt.Printf("  %-58s %6s %6s %8s\n", "similarity", "P@1", "P@10", "time s")
	for i, cf := range configs {
		X := mats[i].SelectRows(keep)
		start := time.Now()
		nb, err := cluster.Neighbors(ctx, X, topK)
		if err != nil {
			return err
		}
		p1, p10 := precision(nb, truth)
		fmt.Printf("  %-58s %6.3f %6.3f %8.2f\n", cf.name, p1, p10, time.Since(start).Seconds())
	}
	X := mats[1].SelectRows(keep)
	for _, r := range ranks {
		start := time.Now()
		E, _, err := cluster.LSA(ctx, X, r, rand.NewPCG(1, 1))
		if err != nil {
			return err
		}
		nb := denseNeighbors(E, topK)
		p1, p10 := precision(nb, truth)
		fmt.Printf("  %-58s %6.3f %6.3f %8.2f\n", fmt.Sprintf("LSA %d of the default TF-IDF (exact search)", r), p1, p10, time.Since(start).Seconds())
	}
	return nil
}

// precision returns P@1 and P@topK of same-label neighbours.
func precision(nb [][]cluster.Neighbor, truth []string) (p1, pk float64) {
	for i, list := range nb {
		same := 0
		for r, n := range list {
			if truth[n.Row] == truth[i] {
				same++
				if r == 0 {
					p1++
				}
			}
		}
		pk += float64(same) / topK
	}
	n := float64(len(nb))
	return p1 / n, pk / n
}

// denseNeighbors returns each row's k most similar other rows of E by dot
// product (cosine, the rows being unit), ties to the lower row, by exact
// search.
func denseNeighbors(E *cluster.Dense, k int) [][]cluster.Neighbor {
	n := E.Rows()
	out := make([][]cluster.Neighbor, n)
	var wg sync.WaitGroup
	next := make(chan int, n)
	for i := range n {
		next <- i
	}
	close(next)
	for range runtime.GOMAXPROCS(0) {
		wg.Go(func() {
			for i := range next {
				x := E.RawRowView(i)
				top := make([]cluster.Neighbor, 0, k+1) // best first
				for j := range n {
					if j == i {
						continue
					}
					nb := cluster.Neighbor{Row: j, Cosine: floats.Dot(x, E.RawRowView(j))}
					// Rows come in increasing order, so an equal cosine
					// never displaces an earlier row.
					if len(top) == k && nb.Cosine <= top[k-1].Cosine {
						continue
					}
					at, _ := slices.BinarySearchFunc(top, nb, func(a, b cluster.Neighbor) int {
						return cmp.Or(cmp.Compare(b.Cosine, a.Cosine), cmp.Compare(a.Row, b.Row))
					})
					top = slices.Insert(top, at, nb)
					if len(top) > k {
						top = top[:k]
					}
				}
				out[i] = top
			}
		})
	}
	wg.Wait()
	return out
}
