package corpus

import (
	"compress/gzip"
	"context"
	"io"
	"os"
	"path/filepath"
	"testing"

	"newsclust/bench/cputime"
)

// plainCorpus is an uncompressed copy of 20 Newsgroups that other tools on
// this machine may have made; BenchmarkStream decompresses corpusPath to a
// temporary folder when it is absent.
const plainCorpus = "/tmp/corp/20ng.jsonl"

// BenchmarkStream runs Stream over the full 20 Newsgroups corpus, gzipped
// and plain, with a no-op fn. Throughput is in uncompressed JSONL bytes.
func BenchmarkStream(b *testing.B) {
	if _, err := os.Stat(corpusPath); err != nil {
		b.Skip("corpus absent:", err)
	}
	plain := plainCorpus
	if _, err := os.Stat(plain); err != nil {
		plain = filepath.Join(b.TempDir(), "20ng.jsonl")
		if err := gunzipFile(corpusPath, plain); err != nil {
			b.Fatal(err)
		}
	}
	fi, err := os.Stat(plain)
	if err != nil {
		b.Fatal(err)
	}
	for _, bc := range []struct{ name, path string }{
		{"20ng.jsonl.gz", corpusPath},
		{"20ng.jsonl", plain},
	} {
		b.Run(bc.name, func(b *testing.B) {
			b.ReportAllocs()
			b.SetBytes(fi.Size())
			cpu0, ok := cputime.Process()
			for b.Loop() {
				_, err := Stream(context.Background(), []string{bc.path}, Options{}, func([]Document) error { return nil })
				if err != nil {
					b.Fatal(err)
				}
			}
			// CPU time varies less than wall time on a shared machine.
			if cpu1, ok1 := cputime.Process(); ok && ok1 {
				b.ReportMetric(float64(cpu1-cpu0)/float64(b.N), "cpu-ns/op")
			}
		})
	}
}

func gunzipFile(src, dst string) error {
	f, err := os.Open(src)
	if err != nil {
		return err
	}
	defer f.Close()
	zr, err := gzip.NewReader(f)
	if err != nil {
		return err
	}
	out, err := os.Create(dst)
	if err != nil {
		return err
	}
	if _, err := io.Copy(out, zr); err != nil {
		out.Close()
		return err
	}
	return out.Close()
}
