package cluster

import (
	"encoding/json"
	"fmt"
	"math"
	"os"
	"slices"
	"testing"

	"gonum.org/v1/gonum/floats"
	"gonum.org/v1/gonum/mat"

	"newsclust/vectorize/sparse"
)

// TestSilhouetteFixture checks Silhouette against scikit-learn's
// silhouette_score(metric="cosine") on the cases written by
// testdata/gen_silhouette.py.
func TestSilhouetteFixture(t *testing.T) {
	t.Parallel()
	raw, err := os.ReadFile("testdata/silhouette.json")
	if err != nil {
		t.Fatal(err)
	}
	var fx struct {
		Cases []struct {
			Name       string
			Rows       [][]float64
			Labels     []int
			Silhouette float64
		}
	}
	if err := json.Unmarshal(raw, &fx); err != nil {
		t.Fatal(err)
	}
	if len(fx.Cases) < 4 {
		t.Fatalf("fixture has %d cases", len(fx.Cases))
	}
	for _, tc := range fx.Cases {
		t.Run(tc.Name, func(t *testing.T) {
			t.Parallel()
			X := Dense{mat.NewDense(len(tc.Rows), len(tc.Rows[0]), slices.Concat(tc.Rows...))}
			// 1e-9: both sides compute in float64; they differ only in
			// the order of the sums.
			if got := Silhouette(X, tc.Labels); math.Abs(got-tc.Silhouette) > 1e-9 {
				t.Errorf("Silhouette = %.15g, scikit-learn %.15g", got, tc.Silhouette)
			}
			if got := bruteSilhouette(X, tc.Labels); math.Abs(got-tc.Silhouette) > 1e-9 {
				t.Errorf("brute force = %.15g, scikit-learn %.15g (the reference implementation is off)", got, tc.Silhouette)
			}
		})
	}
}

// bruteSilhouette is the textbook O(n²·d) silhouette with scikit-learn's
// cosine distance: 1 − x̂ᵢ·x̂ⱼ clipped to [0, 2], zero rows having x̂ = 0,
// and d(i, i) = 0.
func bruteSilhouette(X Matrix, labels []int) float64 {
	n, d := X.Rows(), X.Dims()
	unit := make([][]float64, n)
	for i := range unit {
		unit[i] = make([]float64, d)
		X.AddTo(i, 1, unit[i])
		if nrm := floats.Norm(unit[i], 2); nrm > 0 {
			floats.Scale(1/nrm, unit[i])
		}
	}
	size := map[int]float64{}
	for _, l := range labels {
		size[l]++
	}
	var total float64
	for i := range n {
		if size[labels[i]] == 1 {
			continue
		}
		sum := map[int]float64{}
		for j := range n {
			if j != i {
				sum[labels[j]] += min(2, max(0, 1-floats.Dot(unit[i], unit[j])))
			}
		}
		a := sum[labels[i]] / (size[labels[i]] - 1)
		b := math.Inf(1)
		for l, s := range size {
			if l != labels[i] {
				b = min(b, sum[l]/s)
			}
		}
		if m := max(a, b); m > 0 {
			total += (b - a) / m
		}
	}
	return total / float64(n)
}

func TestSilhouetteSparseMatchesBruteForce(t *testing.T) {
	t.Parallel()
	// 700 rows span three 256-row chunks; two zero rows are added.
	a := kmRandomCSR(700, 120, 9, 5, 30)
	b := sparse.NewBuilder(a.NCols)
	for i := range a.NRows {
		b.Append(a.Row(i))
		if i == 10 || i == 500 {
			b.Append(sparse.Vector{})
		}
	}
	X := b.CSR()
	labels := make([]int, X.NRows)
	for i := range labels {
		labels[i] = (i * 7 / 3) % 6
	}
	labels[42] = 99 // a singleton
	got, want := Silhouette(X, labels), bruteSilhouette(X, labels)
	// 1e-12: the same float32 entries, summed in a different order.
	if math.Abs(got-want) > 1e-12 {
		t.Errorf("Silhouette = %.15g, brute force %.15g", got, want)
	}
}

func TestSilhouetteDegenerate(t *testing.T) {
	t.Parallel()
	X := Dense{mat.NewDense(3, 2, []float64{1, 0, 0, 1, 0.6, 0.8})}
	for _, labels := range [][]int{{4, 4, 4}, {0, 1, 2}} {
		t.Run(fmt.Sprint(labels), func(t *testing.T) {
			t.Parallel()
			if got := Silhouette(X, labels); got != 0 {
				t.Errorf("Silhouette = %v, want 0", got)
			}
		})
	}
	defer func() {
		if recover() == nil {
			t.Error("no panic for 2 labels on 3 rows")
		}
	}()
	Silhouette(X, []int{0, 1})
}
