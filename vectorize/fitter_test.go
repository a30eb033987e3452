package vectorize

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"testing"

	"newsclust/vectorize/sparse"
)

// TestFitterMatchesFit adds the texts in batches of several sizes, ones
// that cut the internal batches of 256 anywhere, and checks that model and
// matrix are byte-identical to Fit of all texts at once.
func TestFitterMatchesFit(t *testing.T) {
	t.Parallel()
	// 1000 texts: four internal batches, the last one short.
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
			got, err := json.Marshal(struct {
				M *Model
				X *sparse.CSR
			}{m, x})
			if err != nil {
				t.Fatal(err)
			}
			if !bytes.Equal(got, want) {
				t.Errorf("%+v, Add by %d: model or matrix differs from Fit", opts, step)
			}
		}
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
