package vectorize

import (
	"bytes"
	"context"
	"errors"
	"slices"
	"testing"
)

// TestFitterMatchesFit adds the texts in batches of several sizes, ones
// that cut the internal batches (see batchBounds) anywhere, and checks that model and
// matrix are byte-identical to Fit of all texts at once.
func TestFitterMatchesFit(t *testing.T) {
	t.Parallel()
	// 1000 texts: eight internal batches of about equal bytes.
	texts := synthetic(1000, 11)
	for _, opts := range []Options{{NGrams: 2, MinDF: 2, MaxDF: 0.9}, {Sublinear: true, MaxFeatures: 40}} {
		want := encodeFit(t, texts, opts)
		// 1, 7 and 300 do not divide 256; 1000 is one Add.
		for _, step := range []int{1, 7, 300, 1000} {
			f, err := NewFitter(Options{NGrams: opts.NGrams, Sublinear: opts.Sublinear, MaxFeatures: opts.MaxFeatures})
			if err != nil {
				t.Fatal(err)
			}
			for i := 0; i < len(texts); i += step {
				if err := f.Add(context.Background(), texts[i:min(len(texts), i+step)]); err != nil {
					t.Fatal(err)
				}
			}
			if f.Docs() != len(texts) {
				t.Fatalf("Docs() = %d, want %d", f.Docs(), len(texts))
			}
			if err := f.SetDF(opts.MinDF, opts.MaxDF); err != nil {
				t.Fatal(err)
			}
			m, x, err := f.Finish(context.Background())
			if err != nil {
				t.Fatal(err)
			}
			if got := encodeModel(t, m, x); !bytes.Equal(got, want) {
				t.Errorf("%+v, Add by %d: model or matrix differs from Fit", opts, step)
			}
		}
	}
}

// TestAddThenReleasesTexts checks that AddThen calls counted once per
// call, and that the texts are no longer read after it: counted overwrites
// them, and the fit must still equal Fit of the originals.
func TestAddThenReleasesTexts(t *testing.T) {
	t.Parallel()
	texts := synthetic(1000, 5)
	opts := Options{NGrams: 2}
	want := encodeFit(t, texts, opts)
	f, err := NewFitter(opts)
	if err != nil {
		t.Fatal(err)
	}
	calls := 0
	for i := 0; i <= len(texts); i += 300 { // the last call adds no text
		batch := slices.Clone(texts[i:min(len(texts), i+300)])
		before := calls
		err := f.AddThen(context.Background(), batch, func() {
			calls++
			for k := range batch {
				batch[k] = "overwritten overwritten"
			}
		})
		if err != nil {
			t.Fatal(err)
		}
		if calls != before+1 {
			t.Fatalf("AddThen of %d texts called counted %d times, want once", len(batch), calls-before)
		}
	}
	m, x, err := f.Finish(context.Background())
	if err != nil {
		t.Fatal(err)
	}
	if got := encodeModel(t, m, x); !bytes.Equal(got, want) {
		t.Error("texts overwritten in counted changed the fit: they are read after counting")
	}
}

func TestFitterErrors(t *testing.T) {
	t.Parallel()
	if _, err := NewFitter(Options{MinDF: -1}); !errors.Is(err, ErrOptions) {
		t.Errorf("MinDF -1: %v, want ErrOptions", err)
	}
	f, err := NewFitter(Options{})
	if err != nil {
		t.Fatal(err)
	}
	if err := f.SetDF(-1, 0); !errors.Is(err, ErrOptions) {
		t.Errorf("SetDF(-1, 0): %v, want ErrOptions", err)
	}
	if _, _, err := f.Finish(context.Background()); !errors.Is(err, ErrNoTerms) {
		t.Errorf("Finish with nothing added: %v, want ErrNoTerms", err)
	}
	ctx, cancel := context.WithCancel(context.Background())
	cancel()
	g, _ := NewFitter(Options{})
	if err := g.Add(ctx, synthetic(10, 1)); !errors.Is(err, context.Canceled) {
		t.Errorf("Add with a cancelled context: %v", err)
	}
}

// TestBatchBounds checks that batches cover the documents in order, none
// empty, about twice as many as batchSize gives when sizes are known, and
// of about equal bytes.
func TestBatchBounds(t *testing.T) {
	t.Parallel()
	sizes := func(n, big int) func(int) int {
		// Every seventh document is big: shares must cut by bytes.
		return func(i int) int {
			if i%7 == 0 {
				return big
			}
			return 10
		}
	}
	for _, c := range []struct {
		name   string
		n      int
		size   func(int) int
		nb     int // batches wanted
		maxMax int // largest batch's bytes, at most (0: unchecked)
	}{
		// Sizes unknown: batches of batchSize (256), the last one short.
		{"unknown/n=1000", 1000, nil, 4, 0},
		{"unknown/n=1", 1, nil, 1, 0},
		// Even sizes: 1000 docs of 11 bytes (size+1) in 2*4 shares of
		// 1375 bytes, so 125 docs a batch.
		{"even/n=1000", 1000, func(int) int { return 10 }, 8, 1375},
		// 143 docs of 1001 and 857 of 11 bytes: 152,570 bytes in 8 shares
		// of 19,071; a batch exceeds its share by less than one document.
		{"skewed/n=1000", 1000, sizes(1000, 1000), 8, 19072 + 1001},
		{"one", 1, func(int) int { return 5 }, 1, 0},
		// 3 documents of 1 byte in 2 shares of 1.5: cut after the second.
		{"tiny/n=3", 3, func(int) int { return 0 }, 2, 2},
	} {
		t.Run(c.name, func(t *testing.T) {
			t.Parallel()
			b := batchBounds(c.n, c.size)
			if b[0] != 0 || b[len(b)-1] != c.n {
				t.Fatalf("bounds %v do not span [0, %d]", b, c.n)
			}
			for i := 1; i < len(b); i++ {
				if b[i] <= b[i-1] {
					t.Fatalf("bounds %v: batch %d empty or out of order", b, i-1)
				}
				if c.maxMax > 0 {
					bytes := 0
					for d := b[i-1]; d < b[i]; d++ {
						bytes += c.size(d) + 1
					}
					if bytes > c.maxMax {
						t.Errorf("batch %d holds %d bytes, want at most %d", i-1, bytes, c.maxMax)
					}
				}
			}
			if got := len(b) - 1; got != c.nb {
				t.Errorf("%d batches, want %d", got, c.nb)
			}
		})
	}
}
