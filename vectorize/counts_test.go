package vectorize

import (
	"slices"
	"testing"

	"newsclust/vectorize/sparse"
)

// TestNewModelMatchesFit sums the per-text Counts in an order other than
// the texts' (as a distributed pipeline may) and checks that NewModel and
// TransformCounts give the model and matrix Fit gives, byte for byte.
func TestNewModelMatchesFit(t *testing.T) {
	t.Parallel()
	texts := synthetic(600, 5)
	for _, opts := range []Options{
		{Sublinear: true},
		{NGrams: 2, MinDF: 2, MaxDF: 0.9},
		{MinDF: 0.01, MaxFeatures: 25},
		{Language: "french", NoStem: true, KeepStop: true},
	} {
		want := encodeFit(t, texts, opts)
		an, err := NewAnalyzer(opts)
		if err != nil {
			t.Fatal(err)
		}
		var terms []TermCount
		var surfaces []SurfaceCount
		docs := make([][]TermCount, len(texts))
		for i := len(texts) - 1; i >= 0; i-- { // backwards: order must not matter
			tc, sc := an.Counts(texts[i])
			docs[i] = tc
			terms = append(terms, tc...)
			surfaces = append(surfaces, sc...)
		}
		m, err := NewModel(opts, len(texts), terms, surfaces)
		if err != nil {
			t.Fatal(err)
		}
		x := &sparse.CSR{NRows: len(texts), NCols: len(m.Terms), Indptr: []int64{0}}
		for _, tc := range docs {
			v := m.TransformCounts(tc)
			x.Ind = append(x.Ind, v.Ind...)
			x.Val = append(x.Val, v.Val...)
			x.Indptr = append(x.Indptr, int64(len(x.Ind)))
		}
		if got := encodeModel(t, m, x); string(got) != string(want) {
			t.Errorf("%+v: NewModel and TransformCounts differ from Fit", opts)
		}
	}
}

// TestCountsAreTerms checks that Counts lists the terms of Terms, each
// once with its number of occurrences.
func TestCountsAreTerms(t *testing.T) {
	t.Parallel()
	an, err := NewAnalyzer(Options{NGrams: 2})
	if err != nil {
		t.Fatal(err)
	}
	for _, text := range synthetic(50, 9) {
		terms := an.Terms(text)
		tc, _ := an.Counts(text)
		var got []string
		for _, c := range tc {
			if c.DF != 1 {
				t.Fatalf("DF %d, want 1", c.DF)
			}
			for range c.Count {
				got = append(got, c.Term)
			}
		}
		slices.Sort(terms)
		if !slices.Equal(got, terms) {
			t.Fatalf("Counts gives %v, Terms %v", got, terms)
		}
	}
	if _, err := NewModel(Options{}, 0, nil, nil); err == nil {
		t.Error("NewModel of no documents: no error")
	}
}
