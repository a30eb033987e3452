package model

import (
	"bytes"
	"fmt"
	"io"
	"math"
	"math/rand/v2"
	"slices"
	"testing"

	"newsclust/vectorize"
	"newsclust/vectorize/sparse"
)

// newsgroupsModel resembles the model analyze writes for 20 Newsgroups:
// 18,846 articles, 51,725 terms, 20 clusters and about 80 terms per
// article (1.5 million stored values), as measured on that corpus. Its
// numbers are random; it depends on nothing else.
func newsgroupsModel(tb testing.TB) *Model {
	tb.Helper()
	const n, d, k, perRow = 18846, 51725, 20, 80
	rng := rand.New(rand.NewPCG(1, 2))
	vz := &vectorize.Model{NDocs: n}
	for j := range d {
		vz.Terms = append(vz.Terms, fmt.Sprintf("t%06d", j))
		vz.Surface = append(vz.Surface, fmt.Sprintf("term%d", j))
		df := 1 + rng.IntN(n/10)
		vz.DF = append(vz.DF, df)
		vz.IDF = append(vz.IDF, math.Log(float64(1+n)/float64(1+df))+1)
	}
	b := sparse.NewBuilder(d)
	cols := make([]int32, 0, 2*perRow)
	vals := make([]float32, 0, 2*perRow)
	m := &Model{Unit: "document", Vectorizer: vz, DupThreshold: 0.8, Centroids: make([]float32, k*d)}
	for i := range n {
		cols = cols[:0]
		for range rng.IntN(2 * perRow) {
			cols = append(cols, int32(rng.IntN(d)))
		}
		slices.Sort(cols)
		cols = slices.Compact(cols)
		vals = vals[:0]
		for range cols {
			vals = append(vals, rng.Float32())
		}
		b.Append(sparse.Vector{Ind: cols, Val: vals})
		m.Articles = append(m.Articles, Article{ID: fmt.Sprintf("train/group/%d", 50000+i), Title: "Re: a subject line of some length", Cluster: i % k})
		m.NN = append(m.NN, rng.Float64())
	}
	m.Vectors = b.CSR()
	for i := range m.Centroids {
		if rng.IntN(10) == 0 { // a centroid has a tenth of the terms
			m.Centroids[i] = rng.Float32()
		}
	}
	for c := range k {
		m.Clusters = append(m.Clusters, Cluster{ID: c, Label: fmt.Sprintf("cluster %d", c), Size: n / k})
	}
	slices.Sort(m.NN)
	return m
}

func BenchmarkWrite(b *testing.B) {
	m := newsgroupsModel(b)
	b.Run("docs=18846", func(b *testing.B) {
		b.SetBytes(int64(len(encode(b, m))))
		b.ReportAllocs()
		for b.Loop() {
			if err := Write(io.Discard, m); err != nil {
				b.Fatal(err)
			}
		}
	})
}

func BenchmarkRead(b *testing.B) {
	file := encode(b, newsgroupsModel(b))
	b.Run("docs=18846", func(b *testing.B) {
		b.SetBytes(int64(len(file)))
		b.ReportAllocs()
		for b.Loop() {
			if _, err := Read(bytes.NewReader(file)); err != nil {
				b.Fatal(err)
			}
		}
	})
}
