package cluster

import (
	"context"
	"math"
	"math/rand/v2"
	"slices"
	"testing"

	"gonum.org/v1/gonum/floats"
	"gonum.org/v1/gonum/mat"
)

func TestFastAcos(t *testing.T) {
	t.Parallel()
	// A fine grid over [−1, 1] and the points nearest the ends, where √(1−x)
	// is steepest.
	worst := 0.0
	check := func(x float64) {
		if e := math.Abs(fastAcos(x) - math.Acos(x)); e > worst {
			worst = e
		}
	}
	const steps = 1 << 21
	for i := 0; i <= steps; i++ {
		check(-1 + 2*float64(i)/steps)
	}
	for _, end := range []float64{-1, 1} {
		x := end
		for range 1000 {
			check(x)
			x = math.Nextafter(x, 0)
		}
	}
	if worst > fastAcosErr {
		t.Errorf("fastAcos is off by %g, more than fastAcosErr = %g", worst, fastAcosErr)
	}
}

// elkanData is denseGroups with its first dup rows copies of later rows, so
// that rows tie exactly.
func elkanData(n, d, g, dup int, seed uint64) *Dense {
	X, _ := denseGroups(n, d, g, seed)
	for i := range dup {
		copy(X.RawRowView(i), X.RawRowView(n-1-i))
	}
	return X
}

func TestElkanAssignMatchesFull(t *testing.T) {
	t.Parallel()
	X := elkanData(1500, 12, 5, 100, 41)
	n, d := X.Rows(), X.Dims()
	// Two equal seeds make two equal centroids: every row ties between
	// them, and the second cluster empties and is refilled.
	twin := slices.Clone(X.RawRowView(7))
	for _, tc := range []struct {
		name  string
		opts  KMeansOptions
		wantK int
	}{
		{"kmeans++", KMeansOptions{K: 6, Src: kmSrc(42)}, 6},
		{"equal seeds", KMeansOptions{K: 6, Seeds: [][]float64{twin, twin}, Src: kmSrc(43)}, 6},
	} {
		t.Run(tc.name, func(t *testing.T) {
			t.Parallel()
			cfg, err := tc.opts.config(X)
			if err != nil {
				t.Fatal(err)
			}
			rows := make([]int, n)
			for i := range rows {
				rows[i] = i
			}
			st := newLloyd(X, rows, kmRowNorms(X), tc.wantK)
			if !st.elkan {
				t.Fatal("a small Dense matrix does not use per-centroid bounds")
			}
			init := make([]float64, tc.wantK*d)
			skipped := 0
			for restart := range 3 {
				if err := st.seed(context.Background(), cfg, init); err != nil {
					t.Fatal(err)
				}
				st.reset(init)
				for it := range 30 {
					for p, own := range st.labels {
						if own >= 0 && st.loose {
							u := st.ua[p] + st.moved[own]
							open := false
							for c := range st.k {
								if c != own && st.la[p*st.k+c]-st.moved[c] <= u+st.slack {
									open = true
								}
							}
							if !open {
								skipped++
							}
						}
					}
					st.assign()
					full, _ := Assign(X, mat.NewDense(tc.wantK, d, slices.Clone(st.cs.rows)))
					if !slices.Equal(st.labels, full) {
						t.Fatalf("restart %d iteration %d: labels differ from the full assignment", restart, it)
					}
					st.repair()
					st.update()
					// The update's centroids, copied or summed, are the
					// mean directions of the labels, bit for bit.
					if want := MeanDirections(X, st.labels, tc.wantK).RawMatrix().Data; !slices.Equal(st.cs.rows, want) {
						t.Fatalf("restart %d iteration %d: centroids differ from MeanDirections", restart, it)
					}
					st.loosen()
				}
			}
			if skipped == 0 {
				t.Error("the bounds never skipped a row; the test exercised nothing")
			}
			t.Logf("%d row-iterations skipped of %d", skipped, 3*30*n)
		})
	}
}

func TestAssignToMatchesAssign(t *testing.T) {
	t.Parallel()
	X := elkanData(2000, 10, 6, 50, 44)
	n, d := X.Rows(), X.Dims()
	// Zero rows are left out of the positions.
	for _, i := range []int{3, 999} {
		clear(X.RawRowView(i))
	}
	const k = 6
	res, st, err := runKMeans(context.Background(), X, KMeansOptions{K: k, NInit: 1, MaxIter: 3, Src: kmSrc(45)}, nil)
	if err != nil {
		t.Fatal(err)
	}
	if !st.elkan {
		t.Fatal("no per-centroid bounds")
	}
	st.settle()
	F := slices.Clone(st.cs.rows)
	rng := rand.New(rand.NewPCG(46, 1))
	random := make([]int, n)
	for i := range random {
		random[i] = rng.IntN(k)
	}
	perturbed := slices.Clone(F)
	for c := range k {
		row := perturbed[c*d : (c+1)*d]
		for j := range row {
			row[j] += 0.05 * rng.NormFloat64()
		}
		floats.Scale(1/floats.Norm(row, 2), row)
	}
	permuted := make([]float64, 0, k*d)
	for _, c := range rng.Perm(k) {
		permuted = append(permuted, F[c*d:(c+1)*d]...)
	}
	for _, tc := range []struct {
		name string
		cent []float64
	}{
		{"own centroids", F},
		{"permuted", permuted},
		{"perturbed", perturbed},
		{"result's", res.Centroids.RawMatrix().Data},
		{"random labels", MeanDirections(X, random, k).RawMatrix().Data},
	} {
		got, ok := st.assignTo(tc.cent)
		if !ok {
			t.Fatalf("%s: assignTo declined", tc.name)
		}
		full, _ := Assign(X, mat.NewDense(k, d, slices.Clone(tc.cent)))
		for p, i := range st.rows {
			if got[p] != full[i] {
				t.Fatalf("%s: row %d labelled %d, Assign says %d", tc.name, i, got[p], full[i])
			}
		}
	}
	zero := slices.Clone(F)
	clear(zero[2*d : 3*d])
	if _, ok := st.assignTo(zero); ok {
		t.Error("assignTo accepted a zero centroid")
	}
}
