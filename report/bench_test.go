package report

import (
	"io"
	"strconv"
	"testing"
)

func BenchmarkWriteHTML(b *testing.B) {
	for _, n := range []int{200, 2000} {
		a := syntheticAnalysis(n, 12, min(n, 60))
		b.Run("docs="+strconv.Itoa(n), func(b *testing.B) {
			b.ReportAllocs()
			for b.Loop() {
				if err := WriteHTML(io.Discard, a); err != nil {
					b.Fatal(err)
				}
			}
		})
	}
}

func BenchmarkWriteChart(b *testing.B) {
	a := syntheticAnalysis(5000, 20, 60)
	for _, name := range []string{ChartMap, ChartHeatmap} {
		for _, format := range []string{"png", "svg"} {
			b.Run(name+"/"+format+"/docs=5000", func(b *testing.B) {
				b.ReportAllocs()
				for b.Loop() {
					if err := WriteChart(io.Discard, a, name, format); err != nil {
						b.Fatal(err)
					}
				}
			})
		}
	}
}

func BenchmarkWriteAssignmentsCSV(b *testing.B) {
	a := syntheticAnalysis(10000, 20, 2)
	b.Run("docs=10000", func(b *testing.B) {
		w := &countWriter{}
		if err := WriteAssignmentsCSV(w, a); err != nil {
			b.Fatal(err)
		}
		b.SetBytes(w.n)
		b.ReportAllocs()
		for b.Loop() {
			if err := WriteAssignmentsCSV(io.Discard, a); err != nil {
				b.Fatal(err)
			}
		}
	})
}

type countWriter struct{ n int64 }

func (w *countWriter) Write(p []byte) (int, error) { w.n += int64(len(p)); return len(p), nil }
