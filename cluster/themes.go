package cluster

import (
	"context"
	"errors"
	"fmt"
	"math"
	"slices"

	"newsclust/vectorize/sparse"
)

// ErrNoThemes is returned by LearnThemes for an empty list of themes.
var ErrNoThemes = errors.New("no themes")

// ThemeSeeds are what LearnThemes starts from besides the rows: the seed
// columns of each theme and, optionally, each row's phrase weights.
type ThemeSeeds struct {
	// Words[t] are the columns of X that seed theme t (a column may seed
	// several themes). len(Words) is the number of themes T.
	Words [][]int32
	// Phrases, when not nil, holds n × T phrase weights row-major:
	// Phrases[i*T+t] is the weight of theme t's phrases in row i, on the
	// scale of the row's TF-IDF weights (vectorize.PhraseMatch.Weights).
	// They enter as T extra columns of X, Dims()+t for theme t, and
	// seed their theme as its seed columns do.
	Phrases []float32
}

// ThemeOptions configure LearnThemes. The zero value means the defaults.
type ThemeOptions struct {
	// Rounds is the number of EM rounds (an M step, then an E step)
	// after the seed round; 0 means 5.
	Rounds int
	// Alpha is the additive smoothing of the term masses; 0 means 0.01,
	// about one occurrence in a hundred documents of TF-IDF weight.
	Alpha float64
	// Threshold is the relevance at and above which a row is about a
	// theme; 0 means 0.2, a fifth of the row's weight.
	Threshold float64
	// TopTerms is the number of learned columns kept per theme in
	// ThemeModel.Terms; 0 means 20.
	TopTerms int
}

// ThemeModel is a fitted theme detector: plain data that can be saved and
// applied to new rows with Apply. Column j < Dims is a column of X;
// column Dims+t is theme t's phrase weight.
type ThemeModel struct {
	Dims   int // columns of the rows it applies to
	Themes int // T
	// Ratio[j*Themes+t] is θ_tj/θ_0j, how much likelier column j is under
	// theme t than in the corpus as a whole (see the package doc), for j
	// in [0, Dims+Themes): term-major, the themes of one column contiguous.
	Ratio []float32
	// Prior[c] is where the fold-in of a row starts: c = 0 is none, c =
	// t+1 theme t; the shares sum to 1.
	Prior []float32
	// Iter is the number of fold-in iterations per row.
	Iter int
	// Threshold is the relevance at and above which a row is about a
	// theme.
	Threshold float32
	// Terms[t] are the columns (< Dims) that speak most for theme t, most
	// distinctive first: the theme's learned vocabulary.
	Terms [][]int32
}

// ThemeRow is the theme detection of one row.
type ThemeRow struct {
	// Relevance[t] is φ_t in [0, 1], the share of the row's weight that
	// theme t explains (see the package doc). The shares of the themes
	// and of none sum to 1, so an article on two themes has two
	// moderate relevances, and one on none has all near 0.
	Relevance []float64
	// About[t] reports Relevance[t] ≥ Threshold. A row can be about
	// several themes or none.
	About []bool
	// Best is the theme of largest relevance, the lowest on ties: the
	// most relevant theme, whether or not the row is about it.
	Best int
}

// themeNB is the naive Bayes form of the themes that self-training uses:
// weights w_tj = ln(θ_tj/θ_0j), log-odds ℓ_t = Slope_t·z_t + Intercept_t.
type themeNB struct {
	Dims, Themes     int
	Weights          []float32
	Slope, Intercept []float32
}

// ThemeResult is what LearnThemes returns besides the model.
type ThemeResult struct {
	Rows []ThemeRow
	// Seeded[t] is the number of rows the seed round took as theme t's
	// positives (see the package doc). A theme seeded nowhere cannot be
	// learned: its prior is e^−30 and every row's relevance for it near 0.
	Seeded []int
}

const (
	themeDefaultRounds    = 5
	themeDefaultAlpha     = 0.01
	themeDefaultTop       = 20
	themeDefaultThreshold = 0.2
	themeFoldIter         = 10  // fold-in iterations per row
	themePriorDocs        = 1   // strength of the seed prior, in mean rows
	themeEmptyLogit       = -30 // log-odds of a theme that has no positives
	themeRowChunk         = 256 // rows per parallel task
	themeLambda           = 1   // slope: the score is the log-likelihood ratio itself
)

// LearnThemes learns from the rows of X which rows are about which theme,
// starting from a few seed columns per theme, and returns the fitted model
// and every row's relevance, about flags and best theme (see the package
// doc for the method). Rows must have non-negative weights (TF-IDF rows of
// unit length, as vectorize gives them). It returns
// ErrNoThemes when seeds.Words is empty and the context's error when ctx
// is done (checked every round). It panics, as programmer errors, when a
// seed column is outside [0, X.Dims()) or Phrases is neither nil nor
// of length n·T. The result does not depend on GOMAXPROCS.
func LearnThemes(ctx context.Context, X *sparse.CSR, seeds ThemeSeeds, opts ThemeOptions) (*ThemeModel, *ThemeResult, error) {
	T := len(seeds.Words)
	if T == 0 {
		return nil, nil, ErrNoThemes
	}
	n := X.Rows()
	if seeds.Phrases != nil && len(seeds.Phrases) != n*T {
		panic(fmt.Sprintf("cluster: %d phrase weights for %d rows and %d themes", len(seeds.Phrases), n, T))
	}
	opts = opts.withDefaults()
	f := newThemeFit(X, seeds, opts.Alpha)
	f.seedRound()
	f.columnTotals()
	f.seedPrior()
	for round := 0; round < opts.Rounds; round++ {
		if err := ctx.Err(); err != nil {
			return nil, nil, err
		}
		kmRun(kmWorkers(T), T, func(_, t int) { f.mStep(t) })
		f.priors()
		f.eStep()
	}
	fm := f.foldModel(opts.Threshold)
	for t := range T {
		fm.Terms[t] = f.learnedTerms(t, opts.TopTerms)
	}
	f.applyAll(fm)
	return fm, f.res, nil
}

// withDefaults returns o with every unset (non-positive) field replaced by
// its default.
func (o ThemeOptions) withDefaults() ThemeOptions {
	if o.Rounds <= 0 {
		o.Rounds = themeDefaultRounds
	}
	if o.Alpha <= 0 {
		o.Alpha = themeDefaultAlpha
	}
	if o.Threshold <= 0 {
		o.Threshold = themeDefaultThreshold
	}
	if o.TopTerms <= 0 {
		o.TopTerms = themeDefaultTop
	}
	return o
}

// themeFit is the state of one LearnThemes run: the rows, the current
// posteriors r, the term masses A and the naive Bayes model m that the EM
// rounds update in turn.
type themeFit struct {
	X       *sparse.CSR
	seeds   ThemeSeeds
	n, D, T int
	alpha   float64
	dp      float64     // D' = D+T, the number of columns with the phrases
	r       []float64   // current P(about t | row i), row-major n × T
	z       []float64   // scores of the last E step, row-major n × T
	G       []float64   // column totals G_j = Σ_i x̃_ij
	g       float64     // Σ_j G_j
	A       [][]float64 // A[t][j], theme t's mass of column j
	beta    []float64   // seed prior mass per seed column of theme t
	prior   [][]int32   // the columns theme t's seed prior goes to, sorted
	m       *themeNB
	res     *ThemeResult
	chunks  int // row chunks of themeRowChunk rows for parallel tasks
}

// newThemeFit allocates the state of a run on X with the given seeds.
func newThemeFit(X *sparse.CSR, seeds ThemeSeeds, alpha float64) *themeFit {
	n, D, T := X.Rows(), X.Dims(), len(seeds.Words)
	f := &themeFit{
		X: X, seeds: seeds, n: n, D: D, T: T,
		alpha:  alpha,
		dp:     float64(D + T),
		r:      make([]float64, n*T),
		z:      make([]float64, n*T),
		A:      make([][]float64, T),
		res:    &ThemeResult{Rows: make([]ThemeRow, n), Seeded: make([]int, T)},
		chunks: (n + themeRowChunk - 1) / themeRowChunk,
		m: &themeNB{
			Dims: D, Themes: T,
			Weights:   make([]float32, (D+T)*T),
			Slope:     make([]float32, T),
			Intercept: make([]float32, T),
		},
	}
	for t := range f.A {
		f.A[t] = make([]float64, D+T)
	}
	return f
}

// phr returns row i's phrase weights, one per theme, or nil without phrases.
func (f *themeFit) phr(i int) []float32 {
	if f.seeds.Phrases == nil {
		return nil
	}
	return f.seeds.Phrases[i*f.T : (i+1)*f.T]
}

// seedRound sets the first posteriors from the seeds: s_it = Σ_{j ∈ Words_t}
// x_ij + p_it; row i is a positive of theme t when s_it > 0 and
// s_it ≥ ½ max_u s_iu, with r_it = s_it over the sum of its positives'.
// It counts the positives in res.Seeded and panics on a seed column
// outside [0, D).
func (f *themeFit) seedRound() {
	seedOf := make(map[int32][]int32)
	for t, cols := range f.seeds.Words {
		for _, j := range cols {
			if j < 0 || int(j) >= f.D {
				panic(fmt.Sprintf("cluster: seed column %d outside [0, %d)", j, f.D))
			}
			if l := seedOf[j]; len(l) == 0 || l[len(l)-1] != int32(t) {
				seedOf[j] = append(l, int32(t))
			}
		}
	}
	T := f.T
	s := make([]float64, T)
	for i := range f.n {
		clear(s)
		row := f.X.Row(i)
		for k, j := range row.Ind {
			for _, t := range seedOf[j] {
				s[t] += float64(row.Val[k])
			}
		}
		for t, p := range f.phr(i) {
			s[t] += float64(p)
		}
		best := slices.Max(s)
		var tot float64
		for _, v := range s {
			if v > 0 && v >= best/2 {
				tot += v
			}
		}
		for t, v := range s {
			if v > 0 && v >= best/2 {
				f.r[i*T+t] = v / tot
				f.res.Seeded[t]++
			}
		}
	}
}

// columnTotals sets G_j = Σ_i x̃_ij, summed in row order, and g = Σ_j G_j.
func (f *themeFit) columnTotals() {
	f.G = make([]float64, f.D+f.T)
	for i := range f.n {
		row := f.X.Row(i)
		for k, j := range row.Ind {
			f.G[j] += float64(row.Val[k])
		}
		for t, p := range f.phr(i) {
			f.G[f.D+t] += float64(p)
		}
	}
	f.g = sum64(f.G)
}

// seedPrior sets the seed prior: β_t = themePriorDocs mean rows of mass,
// spread evenly over theme t's seed columns and its phrase column (when it
// has phrase weight), to be added to A_t in every M step.
func (f *themeFit) seedPrior() {
	f.beta = make([]float64, f.T)
	f.prior = make([][]int32, f.T)
	for t, cols := range f.seeds.Words {
		p := slices.Clone(cols)
		if f.seeds.Phrases != nil && f.G[f.D+t] > 0 {
			p = append(p, int32(f.D+t))
		}
		slices.Sort(p)
		p = slices.Compact(p)
		if len(p) > 0 {
			f.beta[t] = themePriorDocs * f.g / float64(max(f.n, 1)) / float64(len(p))
		}
		f.prior[t] = p
	}
}

// mStep is the M step for theme t: A_tj = Σ_i r_it x̃_ij in row order plus
// the seed prior, then the weights w_tj = ln θ_tj − ln θ_0j with
// θ_tj = (A_tj + α)/(a_t + α·D') and θ_0j = (G_j + α)/(g + α·D').
func (f *themeFit) mStep(t int) {
	T, D, alpha := f.T, f.D, f.alpha
	a := f.A[t]
	clear(a)
	for i := range f.n {
		w := f.r[i*T+t]
		if w == 0 {
			continue
		}
		row := f.X.Row(i)
		for k, j := range row.Ind {
			a[j] += w * float64(row.Val[k])
		}
		if p := f.phr(i); p != nil {
			for u, v := range p {
				a[D+u] += w * float64(v)
			}
		}
	}
	if b := f.beta[t]; b > 0 {
		for _, j := range f.prior[t] {
			a[j] += b
		}
	}
	at := sum64(a)
	for j := range a {
		var wt float64
		if at > 0 {
			wt = math.Log((a[j] + alpha) / (at + alpha*f.dp) / ((f.G[j] + alpha) / (f.g + alpha*f.dp)))
		}
		f.m.Weights[j*T+t] = float32(wt)
	}
}

// priors sets the log-odds intercepts b_t = ln(π_t/π_0), π_t ∝ Σ_i r_it + 1
// and π_0 ∝ Σ_i (1 − Σ_t r_it) + 1, the rows' shares of none; a theme
// seeded nowhere gets slope 0 and log-odds themeEmptyLogit.
func (f *themeFit) priors() {
	T := f.T
	mass := make([]float64, T)
	for i := range f.n {
		for t := range T {
			mass[t] += f.r[i*T+t]
		}
	}
	p0 := float64(f.n) - sum64(mass) + 1
	for t := range T {
		f.m.Slope[t] = themeLambda
		f.m.Intercept[t] = float32(math.Log((mass[t] + 1) / max(p0, 1)))
		if f.res.Seeded[t] == 0 {
			f.m.Slope[t], f.m.Intercept[t] = 0, themeEmptyLogit
		}
	}
}

// eStep scores every row with the rounded weights, exactly as Apply
// computes them, and sets the posteriors over themes and none.
func (f *themeFit) eStep() {
	T, n := f.T, f.n
	kmRun(kmWorkers(f.chunks), f.chunks, func(_, c int) {
		for i := c * themeRowChunk; i < min(n, (c+1)*themeRowChunk); i++ {
			f.m.scores(f.X.Row(i), f.phr(i), f.z[i*T:(i+1)*T])
			f.m.posterior(f.z[i*T:(i+1)*T], f.r[i*T:(i+1)*T])
		}
	})
}

// foldModel turns the naive Bayes model into the fold-in model: ratios
// e^w_tj and the start at the priors, π_0 = 1/(1+Σ_t e^b_t) and
// π_t = e^b_t/(1+Σ_u e^b_u). Terms is allocated but left empty.
func (f *themeFit) foldModel(thr float64) *ThemeModel {
	T, m := f.T, f.m
	fm := &ThemeModel{
		Dims: f.D, Themes: T,
		Ratio:     make([]float32, len(m.Weights)),
		Prior:     make([]float32, T+1),
		Iter:      themeFoldIter,
		Threshold: float32(thr),
		Terms:     make([][]int32, T),
	}
	for k, w := range m.Weights {
		fm.Ratio[k] = float32(math.Exp(float64(w)))
	}
	odds := 1.0
	for t := range T {
		odds += math.Exp(float64(m.Intercept[t]))
	}
	fm.Prior[0] = float32(1 / odds)
	for t := range T {
		fm.Prior[t+1] = float32(math.Exp(float64(m.Intercept[t])) / odds)
	}
	return fm
}

// learnedTerms returns theme t's learned vocabulary: up to top columns
// (< D) of positive weight with the largest θ_tj·w_tj,
// θ_tj = (A_tj+α)/(a_t+α(D+T)), from the last M step; ties go to the
// lower column.
func (f *themeFit) learnedTerms(t, top int) []int32 {
	T, alpha := f.T, f.alpha
	a := f.A[t]
	at := sum64(a)
	type cand struct {
		j int32
		v float64
	}
	var cs []cand
	for j := range f.D {
		if w := f.m.Weights[j*T+t]; w > 0 && a[j] > 0 {
			cs = append(cs, cand{int32(j), (a[j] + alpha) / (at + alpha*f.dp) * float64(w)})
		}
	}
	slices.SortFunc(cs, func(x, y cand) int {
		if x.v != y.v {
			if x.v > y.v {
				return -1
			}
			return 1
		}
		return int(x.j - y.j)
	})
	var terms []int32
	for _, c := range cs[:min(top, len(cs))] {
		terms = append(terms, c.j)
	}
	return terms
}

// applyAll sets every row of the result to the fold-in model's detection.
func (f *themeFit) applyAll(fm *ThemeModel) {
	n := f.n
	kmRun(kmWorkers(f.chunks), f.chunks, func(_, ch int) {
		for i := ch * themeRowChunk; i < min(n, (ch+1)*themeRowChunk); i++ {
			f.res.Rows[i] = fm.apply(f.X.Row(i), f.phr(i))
		}
	})
}

// Apply returns the theme detection of one row x (in the model's Dims
// columns, non-negative weights) with its phrase weights (nil for none,
// else one per theme). For a row of the X the model was learned on, it
// equals that row of LearnThemes' result. It panics if a column of x is not
// below Dims or phrases has another length than Themes.
func (m *ThemeModel) Apply(x sparse.Vector, phrases []float32) ThemeRow {
	if phrases != nil && len(phrases) != m.Themes {
		panic(fmt.Sprintf("cluster: %d phrase weights for %d themes", len(phrases), m.Themes))
	}
	for _, j := range x.Ind {
		if j < 0 || int(j) >= m.Dims {
			panic(fmt.Sprintf("cluster: column %d outside [0, %d)", j, m.Dims))
		}
	}
	return m.apply(x, phrases)
}

// apply folds x in: starting from φ = Prior, Iter times
// φ_c ← Σ_j x_j φ_c ρ_cj / Σ_e φ_e ρ_ej, divided by Σ_j x_j, with ρ_0j = 1
// and ρ_tj = Ratio, over the entries of x in order and then the phrase
// columns in theme order.
func (m *ThemeModel) apply(x sparse.Vector, phrases []float32) ThemeRow {
	T := m.Themes
	phi := make([]float64, T+1)
	nc := make([]float64, T+1)
	var tot float64
	for _, v := range x.Val {
		tot += float64(v)
	}
	for _, p := range phrases {
		tot += float64(p)
	}
	tr := ThemeRow{Relevance: make([]float64, T), About: make([]bool, T)}
	if tot > 0 {
		for c := range phi {
			phi[c] = float64(m.Prior[c])
		}
		entry := func(j int, v float64) {
			ratio := m.Ratio[j*T : (j+1)*T]
			s := phi[0]
			for t, q := range ratio {
				s += phi[t+1] * float64(q)
			}
			inv := v / s
			nc[0] += phi[0] * inv
			for t, q := range ratio {
				nc[t+1] += phi[t+1] * float64(q) * inv
			}
		}
		for range m.Iter {
			clear(nc)
			for k, j := range x.Ind {
				entry(int(j), float64(x.Val[k]))
			}
			for u, p := range phrases {
				if p > 0 {
					entry(m.Dims+u, float64(p))
				}
			}
			for c := range phi {
				phi[c] = nc[c] / tot
			}
		}
		copy(tr.Relevance, phi[1:])
	}
	for t, v := range tr.Relevance {
		tr.About[t] = v >= float64(m.Threshold)
		if v > tr.Relevance[tr.Best] {
			tr.Best = t
		}
	}
	return tr
}

// scores sets z_t = Σ_j x̃_j·w_tj over the entries of x in order, then the
// phrase columns in theme order, summed in float64.
func (m *themeNB) scores(x sparse.Vector, phrases []float32, z []float64) {
	T := m.Themes
	clear(z)
	for k, j := range x.Ind {
		v := float64(x.Val[k])
		w := m.Weights[int(j)*T : int(j)*T+T]
		for t := range z {
			z[t] += v * float64(w[t])
		}
	}
	for u, p := range phrases {
		if p == 0 {
			continue
		}
		v := float64(p)
		w := m.Weights[(m.Dims+u)*T : (m.Dims+u)*T+T]
		for t := range z {
			z[t] += v * float64(w[t])
		}
	}
}

// posterior sets r_t to the probability of theme t among the themes and
// none: e^ℓ_t / (1 + Σ_u e^ℓ_u), ℓ_t the log-odds of the scores z.
func (m *themeNB) posterior(z, r []float64) {
	mx := 0.0 // none has log-odds 0
	for t, zt := range z {
		r[t] = float64(m.Slope[t])*zt + float64(m.Intercept[t])
		mx = max(mx, r[t])
	}
	sum := math.Exp(-mx)
	for t := range r {
		r[t] = math.Exp(r[t] - mx)
		sum += r[t]
	}
	for t := range r {
		r[t] /= sum
	}
}

func sum64(x []float64) float64 {
	var s float64
	for _, v := range x {
		s += v
	}
	return s
}
