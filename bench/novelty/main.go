// Command novelty compares novelty scores for compare on labelled
// corpora: for each left-out label G, a model is fitted on the training
// side (crc32(id) % 5 != 0, as bench/compare_eval.py) without G, and the
// held-out articles are scored; the ROC AUC says how well each score
// ranks G's articles above the others.
//
//	go run ./bench/novelty [-corpus FILE] [-leave-out G,G,...]
//
// Scores (higher = more novel): 1 − the best cosine to a corpus article
// (what compare's novelty ranks by), 1 − the mean of the best 5, each
// times the article's coverage (vectorize.Model.Coverage: the share of
// its weight in known words), and 1 − the cosine to the nearest centroid
// times coverage, and their mean.
package main

import (
	"context"
	"flag"
	"fmt"
	"hash/crc32"
	"newsclust/bench/internal/labelled"
	"os"
	"path/filepath"
	"sort"
	"strings"

	"newsclust/analysis"
	"newsclust/cluster"
)

type doc = labelled.Doc

func main() {
	path := flag.String("corpus", "../shared/corpora/20newsgroups.jsonl.gz", "labelled JSONL corpus")
	leave := flag.String("leave-out", "sci.space,rec.sport.hockey,talk.politics.mideast,comp.graphics", "labels left out, one at a time")
	flag.Parse()
	docs, err := labelled.Read(*path)
	if err != nil {
		fmt.Fprintln(os.Stderr, err)
		os.Exit(1)
	}
	work, err := os.MkdirTemp("", "bench-novelty-")
	if err != nil {
		fmt.Fprintln(os.Stderr, err)
		os.Exit(1)
	}
	defer os.RemoveAll(work)
	names := []string{"1-max", "1-mean5", "(1-max)·cov", "1-max·cov", "1-mean5·cov", "1-centroid·cov", "mean(max·cov, centroid·cov)"}
	fmt.Printf("corpus=%s\n%-24s", filepath.Base(*path), "left out")
	for _, n := range names {
		fmt.Printf(" %14s", n)
	}
	fmt.Println()
	sums := make([]float64, len(names))
	groups := strings.Split(*leave, ",")
	for _, g := range groups {
		var train, test []doc
		labels := map[string]bool{}
		for _, d := range docs {
			held := crc32.ChecksumIEEE([]byte(d.ID))%5 == 0
			switch {
			case held:
				test = append(test, d)
			case d.Label != g:
				train = append(train, d)
				labels[d.Label] = true
			}
		}
		tp := filepath.Join(work, "train.jsonl")
		if err := labelled.Write(tp, train); err != nil {
			fmt.Fprintln(os.Stderr, err)
			os.Exit(1)
		}
		o := analysis.DefaultOptions()
		o.K = len(labels)
		res, err := analysis.Run(context.Background(), []string{tp}, o)
		if err != nil {
			fmt.Fprintln(os.Stderr, err)
			os.Exit(1)
		}
		m := res.Model
		ix := cluster.NewIndex(m.Vectors)
		k := len(m.Clusters)
		d := len(m.Vectorizer.Terms)
		scores := make([][]float64, len(names))
		var pos []bool
		for _, t := range test {
			text := t.Title + "\n\n" + t.Text
			v := m.Vectorizer.Transform(text)
			cov := m.Vectorizer.Coverage(text)
			top, mean5, cen := 0.0, 0.0, 0.0
			if len(v.Ind) > 0 {
				nb := cluster.NeighborsOf(ix, v, 5)
				if len(nb) > 0 {
					top = nb[0].Cosine
				}
				for _, n := range nb {
					mean5 += n.Cosine / 5
				}
				for c := range k {
					row := m.Centroids[c*d : (c+1)*d]
					s := 0.0
					for q, j := range v.Ind {
						s += float64(v.Val[q]) * float64(row[j])
					}
					cen = max(cen, s)
				}
			}
			vals := []float64{1 - top, 1 - mean5, (1 - top) * cov, 1 - top*cov, 1 - mean5*cov, 1 - cen*cov, 1 - (top*cov+cen*cov)/2}
			for i, x := range vals {
				scores[i] = append(scores[i], x)
			}
			pos = append(pos, t.Label == g)
		}
		fmt.Printf("%-24s", g)
		for i := range names {
			a := auc(scores[i], pos)
			sums[i] += a
			fmt.Printf(" %14.4f", a)
		}
		fmt.Println()
	}
	fmt.Printf("%-24s", "mean")
	for i := range names {
		fmt.Printf(" %14.4f", sums[i]/float64(len(groups)))
	}
	fmt.Println()
}

// auc is the ROC AUC of scores for the positives, ties counted half.
func auc(s []float64, pos []bool) float64 {
	idx := make([]int, len(s))
	for i := range idx {
		idx[i] = i
	}
	sort.SliceStable(idx, func(a, b int) bool { return s[idx[a]] < s[idx[b]] })
	rank := make([]float64, len(s))
	for i := 0; i < len(idx); {
		j := i
		for j < len(idx) && s[idx[j]] == s[idx[i]] {
			j++
		}
		for q := i; q < j; q++ {
			rank[idx[q]] = float64(i+j+1) / 2
		}
		i = j
	}
	var np, sum float64
	for i, p := range pos {
		if p {
			np++
			sum += rank[i]
		}
	}
	nn := float64(len(s)) - np
	return (sum - np*(np+1)/2) / (np * nn)
}
