package corpus

import (
	"math/rand/v2"
	"slices"
	"testing"
)

// TestRadixSortMatchesSort checks radixSort against slices.Sort on short
// and long inputs, with keys that share bytes (skipped passes), repeats
// and the extreme values.
func TestRadixSortMatchesSort(t *testing.T) {
	t.Parallel()
	rng := rand.New(rand.NewPCG(1, 2))
	for _, n := range []int{0, 1, 5, 255, 256, 1000, 100000} {
		for _, mask := range []uint64{^uint64(0), 0xff, 0xff00ff0000000000, 0x0f} {
			a := make([]uint64, n)
			for i := range a {
				a[i] = rng.Uint64() & mask
			}
			if n > 2 {
				a[0], a[1] = 0, ^uint64(0)&mask
			}
			want := slices.Clone(a)
			slices.Sort(want)
			if got := radixSort(a); !slices.Equal(got, want) {
				t.Fatalf("n=%d mask=%x: radixSort differs from slices.Sort", n, mask)
			}
		}
	}
}

// TestHashSetIndex checks that every key is found at its position and that
// keys not in the set, including zero, are not.
func TestHashSetIndex(t *testing.T) {
	t.Parallel()
	rng := rand.New(rand.NewPCG(3, 4))
	for _, n := range []int{0, 1, 7, 1000} {
		keys := make([]uint64, 0, n)
		in := map[uint64]bool{}
		for len(keys) < n {
			// Equal high bits crowd one home slot: probing must cope.
			h := rng.Uint64()
			if len(keys)%3 == 0 {
				h &= 0xffffffff
			}
			if !in[h] {
				in[h] = true
				keys = append(keys, h)
			}
		}
		s := newHashSet(keys)
		for i, h := range keys {
			if got := s.index(h); got != i {
				t.Fatalf("n=%d: index(%x) = %d, want %d", n, h, got, i)
			}
		}
		for range 1000 {
			if h := rng.Uint64(); !in[h] && s.index(h) != -1 {
				t.Fatalf("n=%d: index(%x) found a key not in the set", n, h)
			}
		}
		if !in[0] && s.index(0) != -1 {
			t.Fatalf("n=%d: index(0) found a key not in the set", n)
		}
	}
}
