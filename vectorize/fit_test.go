package vectorize

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"math"
	"os"
	"runtime"
	"slices"
	"strings"
	"testing"

	"newsclust/vectorize/sparse"
)

// sklearnFixture is testdata/tfidf.json, written by testdata/gen_tfidf.py.
type sklearnFixture struct {
	Sklearn string
	Configs []struct {
		Name       string
		Params     map[string]any
		Docs       []string
		Vocabulary []string
		IDF        []float64 `json:"idf"`
		Rows       [][]float64
	}
}

// optionsFor maps TfidfVectorizer keyword arguments to Options. Integer
// min_df/max_df are counts and floats proportions in both.
func optionsFor(t *testing.T, params map[string]any) Options {
	var o Options
	for k, v := range params {
		switch k {
		case "min_df":
			o.MinDF = v.(float64)
		case "max_df":
			o.MaxDF = v.(float64)
		case "max_features":
			o.MaxFeatures = int(v.(float64))
		case "sublinear_tf":
			o.Sublinear = v.(bool)
		default:
			t.Fatalf("unknown parameter %q", k)
		}
	}
	return o
}

// entry returns row i, column j of x, 0 when not stored.
func entry(x *sparse.CSR, i, j int) float64 {
	r := x.Row(i)
	if k, ok := slices.BinarySearch(r.Ind, int32(j)); ok {
		return float64(r.Val[k])
	}
	return 0
}

func TestFitTermsMatchesSklearn(t *testing.T) {
	t.Parallel()
	raw, err := os.ReadFile("testdata/tfidf.json")
	if err != nil {
		t.Fatal(err)
	}
	var fx sklearnFixture
	if err := json.Unmarshal(raw, &fx); err != nil {
		t.Fatal(err)
	}
	if len(fx.Configs) < 8 {
		t.Fatalf("fixture has %d configurations", len(fx.Configs))
	}
	for _, c := range fx.Configs {
		t.Run(c.Name, func(t *testing.T) {
			t.Parallel()
			docs := make([][]string, len(c.Docs))
			for i, d := range c.Docs {
				docs[i] = strings.Fields(d)
			}
			m, x, err := FitTerms(context.Background(), docs, optionsFor(t, c.Params))
			if err != nil {
				t.Fatal(err)
			}
			if !slices.Equal(m.Terms, c.Vocabulary) {
				t.Fatalf("Terms = %q\nwant %q", m.Terms, c.Vocabulary)
			}
			if x.Rows() != len(c.Docs) || x.Dims() != len(c.Vocabulary) {
				t.Fatalf("matrix %d×%d, want %d×%d", x.Rows(), x.Dims(), len(c.Docs), len(c.Vocabulary))
			}
			// 1e-6: the weights are stored as float32 (about 7 digits)
			// and are at most 1; the IDF is float64 throughout.
			for j := range c.IDF {
				if math.Abs(m.IDF[j]-c.IDF[j]) > 1e-12 {
					t.Errorf("IDF[%s] = %v, want %v", m.Terms[j], m.IDF[j], c.IDF[j])
				}
			}
			for i, row := range c.Rows {
				nz := 0
				for j, want := range row {
					if want != 0 {
						nz++
					}
					if got := entry(x, i, j); math.Abs(got-want) > 1e-6 {
						t.Errorf("row %d %s = %v, want %v", i, m.Terms[j], got, want)
					}
				}
				if got := len(x.Row(i).Ind); got != nz {
					t.Errorf("row %d stores %d entries, want %d", i, got, nz)
				}
			}
			checkCSR(t, x)
		})
	}
}

// checkCSR checks the CSR invariants: increasing columns in range, rows of
// unit or zero norm.
func checkCSR(t *testing.T, x *sparse.CSR) {
	t.Helper()
	if len(x.Indptr) != x.NRows+1 || x.Indptr[x.NRows] != int64(len(x.Ind)) || len(x.Ind) != len(x.Val) {
		t.Fatalf("bad CSR shape: %d rows, %d indptr, %d ind, %d val", x.NRows, len(x.Indptr), len(x.Ind), len(x.Val))
	}
	for i := range x.NRows {
		r := x.Row(i)
		for k, j := range r.Ind {
			if j < 0 || int(j) >= x.NCols || (k > 0 && r.Ind[k-1] >= j) {
				t.Fatalf("row %d: columns %v not increasing in [0,%d)", i, r.Ind, x.NCols)
			}
		}
		// 1e-6: float32 rounding of up to a few hundred weights.
		if n := x.Norm(i); len(r.Ind) > 0 && math.Abs(n-1) > 1e-6 {
			t.Errorf("row %d has norm %v", i, n)
		}
	}
}

// corpus is a small set of news-like texts used by several tests.
var corpus = []string{
	"NATO defence ministers discussed defence spending and the U.S.-led coalition.",
	"Canada's defence budget: two per cent of GDP is NATO's target for defence spending.",
	"Russia's annexation of Crimea and Putin's war in Ukraine worry NATO allies.",
	"Ukrainian forces fought Russian-backed separatists near Kyiv; the U.S. sent aid.",
	"The anti-ISIS coalition struck Islamic State positions in Iraq and Syria.",
	"Jihadist fighters of the Islamic State (ISIS, also ISIL or Daesh) lost ground in Iraq.",
	"Defence spending rose to 2 per cent of GDP, the minister said in 2015.",
	"",
	"Iraqi forces and the coalition trained; Canada’s special forces helped the Iraqis.",
	"The U.N. and the U.S. called for talks on Ukraine as Russia defended its position.",
}

func TestSurfaceForms(t *testing.T) {
	t.Parallel()
	m, _, err := Fit(context.Background(), corpus, Options{NGrams: 2})
	if err != nil {
		t.Fatal(err)
	}
	// Counts in corpus: "defence" 5 times, "defended" once, both stem to
	// "defenc" / "defend" respectively; "forces" 3 times stems to "forc";
	// "Iraqi" and "Iraqis" (possessive stripped) stem to "iraqi".
	tests := []struct{ term, surface string }{
		{"defenc", "defence"},
		{"defend", "defended"},
		{"forc", "forces"},
		{"u.s", "U.S."},
		{"u.n", "U.N."},
		{"defenc spend", "defence spending"},
		{"isi", "isis"},
		{"canada", "canada"},
		// "iraqi" (1) and "iraqis" (1) tie: the smaller string wins.
		{"iraqi", "iraqi"},
	}
	for _, tt := range tests {
		j, ok := m.Column(tt.term)
		if !ok {
			t.Errorf("term %q not in vocabulary", tt.term)
			continue
		}
		if m.Surface[j] != tt.surface {
			t.Errorf("Surface[%q] = %q, want %q", tt.term, m.Surface[j], tt.surface)
		}
	}
}

func TestFitVocabulary(t *testing.T) {
	t.Parallel()
	m, x, err := Fit(context.Background(), corpus, Options{})
	if err != nil {
		t.Fatal(err)
	}
	checkCSR(t, x)
	if !slices.IsSorted(m.Terms) || len(m.Terms) != x.Dims() || len(m.IDF) != x.Dims() || len(m.DF) != x.Dims() {
		t.Fatalf("model of %d terms, matrix of %d columns", len(m.Terms), x.Dims())
	}
	if m.NDocs != len(corpus) || x.Rows() != len(corpus) {
		t.Errorf("NDocs %d, rows %d, want %d", m.NDocs, x.Rows(), len(corpus))
	}
	if len(x.Row(7).Ind) != 0 {
		t.Errorf("empty text gives row %v", x.Row(7))
	}
	for _, absent := range []string{"the", "said", "also", "2015", "us", "per cent"} {
		if _, ok := m.Column(absent); ok {
			t.Errorf("term %q in the vocabulary", absent)
		}
	}
	// "defenc" is in texts 0, 1, 6: df 3, idf ln(11/4)+1.
	j, ok := m.Column("defenc")
	if !ok || m.DF[j] != 3 || math.Abs(m.IDF[j]-(math.Log(11.0/4)+1)) > 1e-15 {
		t.Errorf("defenc: column %d %v, DF %d, IDF %v", j, ok, m.DF[j], m.IDF[j])
	}
	for j, df := range m.DF {
		if want := math.Log(float64(m.NDocs+1)/float64(df+1)) + 1; m.IDF[j] != want {
			t.Errorf("IDF[%s] = %v, want %v", m.Terms[j], m.IDF[j], want)
		}
	}
}

func TestBigrams(t *testing.T) {
	t.Parallel()
	texts := []string{
		"defence spending rose",
		"the defence of spending",
		"spending on defence",
	}
	m, x, err := Fit(context.Background(), texts, Options{NGrams: 2})
	if err != nil {
		t.Fatal(err)
	}
	// Kept stems: defenc spend rose | defenc spend | spend defenc. Bigrams
	// join neighbours after stop words are dropped, so text 1 gives
	// "defenc spend" as text 0 does.
	want := []string{"defenc", "defenc spend", "rose", "spend", "spend defenc", "spend rose"}
	if !slices.Equal(m.Terms, want) {
		t.Fatalf("Terms = %q, want %q", m.Terms, want)
	}
	j, _ := m.Column("defenc spend")
	if m.DF[j] != 2 {
		t.Errorf("DF[defenc spend] = %d, want 2", m.DF[j])
	}
	if got := len(x.Row(1).Ind); got != 3 {
		t.Errorf("row 1 has %d terms, want 3", got)
	}
}

func TestPruning(t *testing.T) {
	t.Parallel()
	// Document frequencies: a 4, b 3, c 2, d 1, in 4 documents; corpus
	// counts a 4, b 5, c 2, d 3.
	docs := [][]string{
		{"a", "b", "b", "c"},
		{"a", "b", "c"},
		{"a", "b", "b"},
		{"a", "d", "d", "d"},
	}
	tests := []struct {
		name string
		opts Options
		want []string
	}{
		{"defaults", Options{}, []string{"a", "b", "c", "d"}},
		{"MinDF count", Options{MinDF: 2}, []string{"a", "b", "c"}},
		{"MinDF 1 is a count", Options{MinDF: 1}, []string{"a", "b", "c", "d"}},
		{"MinDF proportion", Options{MinDF: 0.5}, []string{"a", "b", "c"}},                // df >= 2
		{"MinDF proportion rounds up", Options{MinDF: 0.6}, []string{"a", "b"}},           // df >= 2.4
		{"MaxDF count", Options{MaxDF: 3}, []string{"b", "c", "d"}},                       // df <= 3
		{"MaxDF proportion", Options{MaxDF: 0.5}, []string{"c", "d"}},                     // df <= 2
		{"MaxDF 1 keeps all", Options{MaxDF: 1}, []string{"a", "b", "c", "d"}},            // df <= 4
		{"MaxFeatures by count", Options{MaxFeatures: 2}, []string{"a", "b"}},             // b 5, a 4
		{"MaxFeatures by count not df", Options{MaxFeatures: 3}, []string{"a", "b", "d"}}, // d 3 beats c 2
		{"MaxFeatures after DF", Options{MaxDF: 3, MaxFeatures: 2}, []string{"b", "d"}},
		{"MaxFeatures above size", Options{MaxFeatures: 10}, []string{"a", "b", "c", "d"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			m, _, err := FitTerms(context.Background(), docs, tt.opts)
			if err != nil {
				t.Fatal(err)
			}
			if !slices.Equal(m.Terms, tt.want) {
				t.Errorf("Terms = %q, want %q", m.Terms, tt.want)
			}
		})
	}
	// Ties at the MaxFeatures cut go to the smaller term: x, y, z all
	// counted twice.
	m, _, err := FitTerms(context.Background(), [][]string{{"z", "y", "x"}, {"x", "y", "z"}}, Options{MaxFeatures: 2})
	if err != nil {
		t.Fatal(err)
	}
	if !slices.Equal(m.Terms, []string{"x", "y"}) {
		t.Errorf("tie: Terms = %q, want [x y]", m.Terms)
	}
}

func TestFitErrors(t *testing.T) {
	t.Parallel()
	ctx := context.Background()
	tests := []struct {
		name  string
		texts []string
		opts  Options
		want  error
	}{
		{"no documents", nil, Options{}, ErrNoTerms},
		{"only stop words and numbers", []string{"the and of", "2015 30,000", ""}, Options{}, ErrNoTerms},
		{"all pruned", []string{"defence budget", "army navy"}, Options{MinDF: 2}, ErrNoTerms},
		{"negative MinDF", []string{"defence"}, Options{MinDF: -1}, ErrOptions},
		{"negative MaxFeatures", []string{"defence"}, Options{MaxFeatures: -1}, ErrOptions},
		{"NGrams 3", []string{"defence"}, Options{NGrams: 3}, ErrOptions},
		{"MaxDF below MinDF", []string{"defence", "army"}, Options{MinDF: 2, MaxDF: 0.5}, ErrOptions},
		{"language", []string{"defence"}, Options{Language: "klingon"}, ErrLanguage},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			_, _, err := Fit(ctx, tt.texts, tt.opts)
			if !errors.Is(err, tt.want) {
				t.Errorf("Fit error %v, want %v", err, tt.want)
			}
		})
	}
}

func TestFitCancelled(t *testing.T) {
	t.Parallel()
	ctx, cancel := context.WithCancel(context.Background())
	cancel()
	if _, _, err := Fit(ctx, corpus, Options{}); !errors.Is(err, context.Canceled) {
		t.Errorf("Fit on a cancelled context: %v", err)
	}
}

func TestTransformMatchesFit(t *testing.T) {
	t.Parallel()
	for _, opts := range []Options{{}, {NGrams: 2, Sublinear: true}, {MinDF: 2, NGrams: 2}, {KeepStop: true, NoStem: true}} {
		t.Run(fmt.Sprintf("%+v", opts), func(t *testing.T) {
			t.Parallel()
			texts := append(slices.Clone(corpus), synthetic(300, 1)...)
			m, x, err := Fit(context.Background(), texts, opts)
			if err != nil {
				t.Fatal(err)
			}
			for i, text := range texts {
				got, want := m.Transform(text), x.Row(i)
				if !slices.Equal(got.Ind, want.Ind) || !slices.Equal(got.Val, want.Val) {
					t.Fatalf("Transform(text %d) = %v, row %v", i, got, want)
				}
			}
		})
	}
}

func TestTransformUnknownTerms(t *testing.T) {
	t.Parallel()
	m, _, err := Fit(context.Background(), corpus, Options{})
	if err != nil {
		t.Fatal(err)
	}
	if v := m.Transform("zzyzx quux"); len(v.Ind) != 0 {
		t.Errorf("unknown terms give %v", v)
	}
	// One known term among unknown ones is a unit vector on its column.
	v := m.Transform("zzyzx defence quux")
	j, _ := m.Column("defenc")
	if len(v.Ind) != 1 || int(v.Ind[0]) != j || v.Val[0] != 1 {
		t.Errorf("Transform = %v, want 1 at column %d", v, j)
	}
}

func TestPreparedFromFields(t *testing.T) {
	t.Parallel()
	m, _, err := Fit(context.Background(), corpus, Options{NGrams: 2})
	if err != nil {
		t.Fatal(err)
	}
	raw, err := json.Marshal(m)
	if err != nil {
		t.Fatal(err)
	}
	var saved Model
	if err := json.Unmarshal(raw, &saved); err != nil {
		t.Fatal(err)
	}
	if err := saved.Prepare(); err != nil {
		t.Fatal(err)
	}
	for _, text := range corpus {
		got, want := saved.Transform(text), m.Transform(text)
		if !slices.Equal(got.Ind, want.Ind) || !slices.Equal(got.Val, want.Val) {
			t.Errorf("saved model Transform = %v, want %v", got, want)
		}
	}
	saved.IDF = saved.IDF[1:]
	if err := saved.Prepare(); !errors.Is(err, ErrModel) {
		t.Errorf("Prepare with short IDF: %v, want ErrModel", err)
	}
}

// synthetic returns n texts drawn from a fixed vocabulary by a simple
// linear congruential sequence seeded with seed.
func synthetic(n int, seed uint64) []string {
	words := strings.Fields(`defence spending budget nato alliance ukraine russia putin
		crimea kyiv isis iraq syria coalition jihadist minister parliament election
		vote economy market trade tariff oil price energy climate summit talks
		border refugees army navy troops mission training canada ottawa europe
		the of and to in a is that for on with as was said would U.S. U.N. 2015
		Canada's Russia's don't won't anti-ISIS full-fledged café Путин`)
	x := seed
	next := func() int {
		x = x*6364136223846793005 + 1442695040888963407
		return int(x >> 33)
	}
	texts := make([]string, n)
	var b strings.Builder
	for i := range texts {
		b.Reset()
		for range 20 + next()%200 {
			b.WriteString(words[next()%len(words)])
			b.WriteByte(' ')
		}
		texts[i] = b.String()
	}
	return texts
}

// encodeFit returns the JSON of the model and matrix of texts.
func encodeFit(t *testing.T, texts []string, opts Options) []byte {
	m, x, err := Fit(context.Background(), texts, opts)
	if err != nil {
		t.Fatal(err)
	}
	return encodeModel(t, m, x)
}

// encodeModel returns the JSON of a model and its matrix, to compare fits
// byte for byte.
func encodeModel(t *testing.T, m *Model, x *sparse.CSR) []byte {
	t.Helper()
	raw, err := json.Marshal(struct {
		M *Model
		X *sparse.CSR
	}{m, x})
	if err != nil {
		t.Fatal(err)
	}
	return raw
}

// TestFitParallelSameAsSerial is not parallel: it changes GOMAXPROCS.
func TestFitParallelSameAsSerial(t *testing.T) {
	// 3000 texts make 12 batches of 256, so 4 workers interleave.
	texts := synthetic(3000, 7)
	opts := Options{NGrams: 2, MinDF: 2}
	old := runtime.GOMAXPROCS(1)
	defer runtime.GOMAXPROCS(old)
	serial := encodeFit(t, texts, opts)
	runtime.GOMAXPROCS(4)
	for range 3 {
		if par := encodeFit(t, texts, opts); !bytes.Equal(serial, par) {
			t.Fatal("Fit with GOMAXPROCS 4 differs from GOMAXPROCS 1")
		}
	}
}

// TestFitNewsgroups fits the 4-group subset of 20 Newsgroups used by
// scikit-learn's clustering example and checks the matrix and Transform on
// real text.
func TestFitNewsgroups(t *testing.T) {
	if testing.Short() {
		t.Skip("short")
	}
	t.Parallel()
	all := loadCorpusLabelled(t, newsgroups)
	groups := map[string]bool{"alt.atheism": true, "talk.religion.misc": true, "comp.graphics": true, "sci.space": true}
	var texts []string
	for _, d := range all {
		if groups[d.label] {
			texts = append(texts, d.text)
		}
	}
	// 3,387 documents: the size scikit-learn's example reports.
	if len(texts) != 3387 {
		t.Fatalf("%d documents in the 4 groups, want 3387", len(texts))
	}
	m, x, err := Fit(context.Background(), texts, Options{MinDF: 2, MaxDF: 0.5})
	if err != nil {
		t.Fatal(err)
	}
	checkCSR(t, x)
	for i := 0; i < len(texts); i += 97 {
		got, want := m.Transform(texts[i]), x.Row(i)
		if !slices.Equal(got.Ind, want.Ind) || !slices.Equal(got.Val, want.Val) {
			t.Fatalf("Transform(text %d) differs from its row", i)
		}
	}
	for term, surface := range map[string]string{"space": "space", "imag": "image", "god": "god", "believ": "believe"} {
		j, ok := m.Column(term)
		if !ok || m.Surface[j] != surface {
			t.Errorf("Column(%q) = %d, %v; surface %q, want %q", term, j, ok, m.Surface[j], surface)
		}
	}
	t.Logf("%d docs, %d terms, %d stored weights", x.Rows(), x.Dims(), x.NNZ())
}
