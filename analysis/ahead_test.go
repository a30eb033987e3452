package analysis

import (
	"context"
	"errors"
	"math"
	"math/rand/v2"
	"reflect"
	"testing"

	"newsclust/cluster"
	"newsclust/vectorize/sparse"
)

// aheadMatrix returns n unit rows of 12 random columns of 400, enough rows
// for the approximate search (above cluster.DefaultExactMax).
func aheadMatrix(n int) *sparse.CSR {
	rng := rand.New(rand.NewPCG(7, 8))
	b := sparse.NewBuilder(400)
	for range n {
		cols := rng.Perm(400)[:12]
		v := sparse.Vector{}
		var ss float64
		vals := make([]float64, 400)
		for _, c := range cols {
			vals[c] = rng.Float64() + 0.1
			ss += vals[c] * vals[c]
		}
		for c, x := range vals {
			if x > 0 {
				v.Ind = append(v.Ind, int32(c))
				v.Val = append(v.Val, float32(x/math.Sqrt(ss)))
			}
		}
		b.Append(v)
	}
	return b.CSR()
}

// TestNeighborsAhead checks that the background search gives what a search
// at the report step gives, and that it reports its progress through the
// report step's callback up to the total.
func TestNeighborsAhead(t *testing.T) {
	t.Parallel()
	X := aheadMatrix(cluster.DefaultExactMax + 500)
	want, err := cluster.NearestNeighbors(context.Background(), X, NeighborsK, cluster.NeighborOptions{})
	if err != nil {
		t.Fatal(err)
	}
	a := startNeighbors(context.Background(), X, NeighborsK)
	defer a.stop()
	last, total := 0, 0
	got, err := a.wait(func(done, n int) { last, total = max(last, done), n })
	if err != nil {
		t.Fatal(err)
	}
	if !reflect.DeepEqual(got, want) {
		t.Error("background search differs from a direct search")
	}
	if total != X.NRows || last != total {
		t.Errorf("progress ended at %d of %d, want %d of %d", last, total, X.NRows, X.NRows)
	}
}

// TestNeighborsAheadStop checks that a search under a cancelled context
// ends, that stop returns once it has, and that the cancellation is
// reported.
func TestNeighborsAheadStop(t *testing.T) {
	t.Parallel()
	X := aheadMatrix(cluster.DefaultExactMax + 500)
	ctx, cancel := context.WithCancel(context.Background())
	cancel()
	a := startNeighbors(ctx, X, NeighborsK)
	a.stop()
	if _, err := a.wait(func(int, int) {}); !errors.Is(err, context.Canceled) {
		t.Errorf("cancelled search returned %v, want context.Canceled", err)
	}
}

// TestLSASpaceProgress checks that analyze's LSA step reports its sparse
// products, ending at the total, so the progress line has an ETA.
func TestLSASpaceProgress(t *testing.T) {
	t.Parallel()
	X := aheadMatrix(300)
	var calls [][2]int
	if _, _, err := lsaSpace(context.Background(), X, 20, nil, rand.NewPCG(1, 1), func(done, total int) {
		calls = append(calls, [2]int{done, total})
	}); err != nil {
		t.Fatal(err)
	}
	if len(calls) == 0 || calls[len(calls)-1] != [2]int{cluster.LSAProducts, cluster.LSAProducts} {
		t.Errorf("LSA progress calls %v, want them to end at %d of %d", calls, cluster.LSAProducts, cluster.LSAProducts)
	}
}
