package cluster

import (
	"bufio"
	"compress/gzip"
	"context"
	"encoding/json"
	"math/rand/v2"
	"os"
	"sync"
	"testing"

	"newsclust/bench/cputime"
	"newsclust/vectorize"
	"newsclust/vectorize/sparse"
)

// svd20NGPath is full 20 Newsgroups, relative to this package.
const svd20NGPath = "../../shared/corpora/20newsgroups.jsonl.gz"

var svd20NG struct {
	once sync.Once
	X    *sparse.CSR
	err  error
}

// tfidf20NG returns the TF-IDF matrix of full 20 Newsgroups as analyze
// builds it (title and text, sublinear tf, min-df 2, max-df 0.5), built
// once per test binary; it skips when the corpus is absent.
func tfidf20NG(tb testing.TB) *sparse.CSR {
	tb.Helper()
	if _, err := os.Stat(svd20NGPath); os.IsNotExist(err) {
		tb.Skipf("corpus %s absent", svd20NGPath)
	}
	svd20NG.once.Do(func() {
		svd20NG.X, svd20NG.err = readTFIDF(svd20NGPath)
	})
	if svd20NG.err != nil {
		tb.Fatal(svd20NG.err)
	}
	return svd20NG.X
}

func readTFIDF(path string) (*sparse.CSR, error) {
	f, err := os.Open(path)
	if err != nil {
		return nil, err
	}
	defer f.Close()
	gz, err := gzip.NewReader(f)
	if err != nil {
		return nil, err
	}
	sc := bufio.NewScanner(gz)
	sc.Buffer(make([]byte, 1<<20), 64<<20)
	var texts []string
	for sc.Scan() {
		var d struct{ Title, Text string }
		if err := json.Unmarshal(sc.Bytes(), &d); err != nil {
			return nil, err
		}
		texts = append(texts, d.Title+"\n\n"+d.Text)
	}
	if err := sc.Err(); err != nil {
		return nil, err
	}
	_, X, err := vectorize.Fit(context.Background(), texts, vectorize.Options{Sublinear: true, MinDF: 2, MaxDF: 0.5})
	return X, err
}

// BenchmarkLSA20NG is LSA as analyze runs it (rank 100) on full 20
// Newsgroups; bytes are the stored entries of X, one sparse product's
// worth.
func BenchmarkLSA20NG(b *testing.B) {
	X := tfidf20NG(b)
	b.Run("r=100", func(b *testing.B) {
		b.ReportAllocs()
		b.SetBytes(int64(X.NNZ()) * 8) // int32 index + float32 value per stored entry
		cpu0, ok := cputime.Process()
		for b.Loop() {
			if _, _, err := LSA(context.Background(), X, 100, rand.NewPCG(1, 2)); err != nil {
				b.Fatal(err)
			}
		}
		if cpu1, ok1 := cputime.Process(); ok && ok1 {
			b.ReportMetric(float64(cpu1-cpu0)/float64(b.N), "cpu-ns/op")
		}
	})
}
