package cluster

import (
	"context"
	"math/rand/v2"
	"sync"
	"testing"

	"newsclust/bench/cputime"
)

var lsa20NG struct {
	once sync.Once
	E    *Dense
	err  error
}

// embed20NG returns the 100-dimensional LSA embedding of full 20
// Newsgroups (unit rows), as analyze clusters it, built once per test
// binary; it skips when the corpus is absent.
func embed20NG(tb testing.TB) *Dense {
	tb.Helper()
	X := tfidf20NG(tb)
	lsa20NG.once.Do(func() {
		lsa20NG.E, _, lsa20NG.err = LSA(context.Background(), X, 100, rand.NewPCG(1, 1))
	})
	if lsa20NG.err != nil {
		tb.Fatal(lsa20NG.err)
	}
	return lsa20NG.E
}

// benchSampled runs SampledKMeans as analyze does (K restarts kept, the
// default 10 restarts on the default sample) and reports CPU time per run
// beside wall time, since the machines these run on are shared.
func benchSampled(b *testing.B, X Matrix, k int) {
	b.ReportAllocs()
	b.SetBytes(int64(X.Rows() * X.Dims() * 8))
	cpu0, ok := cputime.Process()
	for b.Loop() {
		opts := KMeansOptions{K: k, Src: rand.NewPCG(1, 0x6e657773636c7573), KeepRestarts: true}
		if _, err := SampledKMeans(context.Background(), X, opts, SampledOptions{}); err != nil {
			b.Fatal(err)
		}
	}
	if cpu1, ok1 := cputime.Process(); ok && ok1 {
		b.ReportMetric(float64(cpu1-cpu0)/float64(b.N), "cpu-ns/op")
	}
}

// BenchmarkSampledKMeans20NG is analyze's clustering step on full 20
// Newsgroups: the LSA embedding (18,846 × 100), k = 20.
func BenchmarkSampledKMeans20NG(b *testing.B) {
	E := embed20NG(b)
	b.Run("docs=18846/k=20", func(b *testing.B) { benchSampled(b, E, 20) })
}

// BenchmarkSampledKMeansSynthetic is the same step on a synthetic 18,846 ×
// 100 embedding with 20 groups, for machines without the corpus.
func BenchmarkSampledKMeansSynthetic(b *testing.B) {
	X, _ := denseGroups(18846, 100, 20, 1)
	b.Run("docs=18846/k=20", func(b *testing.B) { benchSampled(b, X, 20) })
}
