package cluster

import (
	"context"
	"fmt"
	"math/rand/v2"
	"runtime"
	"slices"
	"strings"
	"testing"

	"gonum.org/v1/gonum/mat"
)

// denseGroups returns n unit rows in d dimensions around g well separated
// random directions (noise 0.3 per coordinate relative to a unit centre),
// and the true groups.
func denseGroups(n, d, g int, seed uint64) (*Dense, []int) {
	rng := rand.New(rand.NewPCG(seed, 3))
	centres := make([][]float64, g)
	for c := range centres {
		centres[c] = make([]float64, d)
		for j := range centres[c] {
			centres[c][j] = rng.NormFloat64()
		}
	}
	m := mat.NewDense(n, d, nil)
	truth := make([]int, n)
	for i := range n {
		c := i % g
		truth[i] = c
		row := m.RawRowView(i)
		for j := range row {
			row[j] = centres[c][j] + 0.3*rng.NormFloat64()
		}
	}
	NormalizeRows(m)
	return &Dense{Dense: m}, truth
}

func TestSampledKMeansSmallIsFull(t *testing.T) {
	t.Parallel()
	X, _ := denseGroups(800, 10, 4, 1)
	opts := KMeansOptions{K: 4, NInit: 3}
	opts.Src = kmSrc(7)
	want, err := SphericalKMeans(context.Background(), X, opts)
	if err != nil {
		t.Fatal(err)
	}
	opts.Src = kmSrc(7)
	got, err := SampledKMeans(context.Background(), X, opts, SampledOptions{Sample: 800})
	if err != nil {
		t.Fatal(err)
	}
	if !slices.Equal(got.Labels, want.Labels) || !kmBitsEqual(got.Sims, want.Sims) {
		t.Error("a sample of every row differs from SphericalKMeans")
	}
}

func TestSampledKMeansRecoversGroups(t *testing.T) {
	t.Parallel()
	dense, denseTruth := denseGroups(6000, 20, 8, 2)
	sp, spTruth := kmGroupedCSR([]int{1500, 1000, 700, 300}, 50, 10, 4)
	for _, tc := range []struct {
		name string
		X    Matrix
		k    int
		t    []int
	}{
		{"dense", dense, 8, denseTruth},
		{"sparse", sp, 4, spTruth},
	} {
		t.Run(tc.name, func(t *testing.T) {
			t.Parallel()
			// 500 rows is well below the row count, so step 3 matters.
			res, err := SampledKMeans(context.Background(), tc.X, KMeansOptions{K: tc.k, Src: kmSrc(3), KeepRestarts: true}, SampledOptions{Sample: 500})
			if err != nil {
				t.Fatal(err)
			}
			if !kmSamePartition(res.Labels, tc.t) {
				t.Error("labels do not recover the groups")
			}
			if len(res.Restarts) != 10 { // the default NInit
				t.Fatalf("%d restarts kept, want 10", len(res.Restarts))
			}
			// A single restart may stop in a local optimum; the best one
			// cannot, so at least one must find the groups.
			found := false
			for r, lab := range res.Restarts {
				if len(lab) != tc.X.Rows() || slices.Max(lab) >= tc.k || slices.Min(lab) < 0 {
					t.Fatalf("restart %d: %d labels in [%d, %d], want %d in [0, %d)", r, len(lab), slices.Min(lab), slices.Max(lab), tc.X.Rows(), tc.k)
				}
				found = found || kmSamePartition(lab, tc.t)
			}
			if !found {
				t.Error("no restart's labels recover the groups")
			}
			if res.Iter < 1 || res.Iter > defaultPasses {
				t.Errorf("Iter = %d, want in [1, %d]", res.Iter, defaultPasses)
			}
		})
	}
}

func TestSampledKMeansGOMAXPROCS(t *testing.T) {
	X, _ := denseGroups(5000, 16, 12, 5)
	run := func() *KMeansResult {
		res, err := SampledKMeans(context.Background(), X, KMeansOptions{K: 12, NInit: 3, Src: kmSrc(9)}, SampledOptions{Sample: 1000})
		if err != nil {
			t.Fatal(err)
		}
		return res
	}
	defer runtime.GOMAXPROCS(runtime.GOMAXPROCS(1))
	one := run()
	runtime.GOMAXPROCS(4)
	four := run()
	if !slices.Equal(one.Labels, four.Labels) || !kmBitsEqual(one.Sims, four.Sims) || !kmBitsEqual(one.Centroids.RawMatrix().Data, four.Centroids.RawMatrix().Data) {
		t.Error("GOMAXPROCS 1 and 4 give different results")
	}
}

func TestSampledKMeansErrors(t *testing.T) {
	t.Parallel()
	X, _ := denseGroups(100, 5, 2, 1)
	ctx, cancel := context.WithCancel(context.Background())
	cancel()
	if _, err := SampledKMeans(ctx, X, KMeansOptions{K: 2, Src: kmSrc(1)}, SampledOptions{Sample: 20}); err != context.Canceled {
		t.Errorf("cancelled: err = %v, want context.Canceled", err)
	}
	if _, err := SampledKMeans(context.Background(), X, KMeansOptions{K: 101, Src: kmSrc(1)}, SampledOptions{}); err == nil {
		t.Error("K above the rows: no error")
	}
	defer func() {
		if r := recover(); r == nil || !strings.HasPrefix(fmt.Sprint(r), "cluster: ") {
			t.Errorf("negative Sample: recover() = %v, want a cluster: panic", r)
		}
	}()
	SampledKMeans(context.Background(), X, KMeansOptions{K: 2, Src: kmSrc(1)}, SampledOptions{Sample: -1})
}

func BenchmarkMiniBatch(b *testing.B) {
	// A 100-dimensional embedding like the LSA one analyze clusters, k = 20.
	for _, n := range []int{100000} {
		X, _ := denseGroups(n, 100, 20, 1)
		for _, method := range []string{"full", "sampled"} {
			b.Run(fmt.Sprintf("docs=%d/%s", n, method), func(b *testing.B) {
				b.ReportAllocs()
				b.SetBytes(int64(n * 100 * 8))
				for b.Loop() {
					opts := KMeansOptions{K: 20, Src: kmSrc(1)}
					var err error
					if method == "full" {
						_, err = SphericalKMeans(context.Background(), X, opts)
					} else {
						_, err = SampledKMeans(context.Background(), X, opts, SampledOptions{})
					}
					if err != nil {
						b.Fatal(err)
					}
				}
			})
		}
	}
}

func ExampleSampledKMeans() {
	// Two groups of 50 rows around (1, 0) and (0, 1); restarts on 20 rows.
	m := mat.NewDense(100, 2, nil)
	for i := range 100 {
		f := 0.05 * float64(i%50) / 50
		if i%2 == 0 {
			m.SetRow(i, []float64{1, f})
		} else {
			m.SetRow(i, []float64{f, 1})
		}
	}
	NormalizeRows(m)
	res, err := SampledKMeans(context.Background(), &Dense{Dense: m},
		KMeansOptions{K: 2, Src: rand.NewPCG(1, 2)}, SampledOptions{Sample: 20})
	if err != nil {
		panic(err)
	}
	fmt.Println(res.Sizes, res.Labels[:6])
	// Output:
	// [50 50] [0 1 0 1 0 1]
}
