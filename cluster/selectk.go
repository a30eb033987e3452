package cluster

import (
	"cmp"
	"context"
	"fmt"
	"math"
	"math/rand/v2"
	"slices"
	"strings"
	"sync"

	"gonum.org/v1/gonum/mat"
)

// Criterion names a rule by which SelectK chooses k.
type Criterion int

// The criteria SelectK knows; the package documentation gives the formulas.
const (
	// CriterionDefault is the criterion chosen by measurement
	// (bench/results/choosek.txt): CriterionStableClusters where some k
	// is stable (resample ARI at least StableARI), else CriterionEigengap.
	CriterionDefault Criterion = iota
	// CriterionStability scores k by how far k-means on random subsamples
	// agrees with itself (mean pairwise ARI).
	CriterionStability
	// CriterionEigengap scores k by the gap after the k-th eigenvalue of
	// the normalised cosine k-nearest-neighbour graph of the sample.
	CriterionEigengap
	// CriterionBIC scores k by the Bayesian information criterion of a
	// mixture of von Mises-Fisher distributions fitted by k-means.
	CriterionBIC
	// CriterionPAC scores k by the proportion of ambiguously clustered
	// pairs of the consensus (co-association) matrix over subsamples.
	CriterionPAC
	// CriterionGap scores k by the gap statistic on cosine distance.
	CriterionGap
	// CriterionSilhouette scores k by the mean cosine silhouette, as ChooseK.
	CriterionSilhouette
	// CriterionStableClusters scores k by the number of clusters that
	// k-means on random subsamples reproduces (Jaccard at least
	// StableJaccard).
	CriterionStableClusters
)

var criterionNames = [...]string{"default", "stability", "eigengap", "bic", "pac", "gap", "silhouette", "clusters"}

// CriterionAuto is what CriterionDefault stands for.
const CriterionAuto = CriterionDefault

// StableARI is the mean resample ARI from which CriterionDefault trusts
// stability: half way between chance (0) and identical partitions (1).
const StableARI = 0.5

// String returns the criterion's name as ParseCriterion accepts it.
func (c Criterion) String() string {
	if c >= 0 && int(c) < len(criterionNames) {
		return criterionNames[c]
	}
	return fmt.Sprintf("Criterion(%d)", int(c))
}

// ParseCriterion returns the criterion named s (as String writes it).
func ParseCriterion(s string) (Criterion, error) {
	for c, n := range criterionNames {
		if strings.EqualFold(s, n) {
			return Criterion(c), nil
		}
	}
	return 0, fmt.Errorf("cluster: unknown criterion %q (want one of %s)", s, strings.Join(criterionNames[:], ", "))
}

// DefaultResamples is the number of subsample clusterings per k that
// SelectK compares when SelectOptions.Resamples is zero.
const DefaultResamples = 10

// Defaults for the zero fields of SelectOptions.
const (
	defaultSelectSample   = 2000
	defaultResamples      = DefaultResamples
	defaultFraction       = 0.8
	defaultGraphNeighbors = 10
	resampleNInit         = 3
	// defaultConsensusWork bounds the rows × restarts of the final
	// consensus runs: small inputs get more restarts (up to
	// maxConsensusRestarts), large ones NInit.
	defaultConsensusWork = 100000
	maxConsensusRestarts = 200
)

// SelectOptions tune SelectK. The zero value is the default.
type SelectOptions struct {
	// Criterion is the rule that picks k; zero means CriterionDefault.
	Criterion Criterion
	// Sample is the most rows the criterion is computed on: a larger
	// input is scored on a uniform sample of this many rows. Zero means
	// 2000.
	Sample int
	// Resamples is B, the k-means runs on random subsamples per k (and as
	// many on the reference data). Zero means 10.
	Resamples int
	// Fraction is the share of the sample each resample keeps. Zero means
	// 0.8.
	Fraction float64
	// Restarts is the number of restarts of the final consensus clustering
	// at the chosen k. Zero means max(NInit, min(200, ⌈100000/n⌉)) for n
	// non-zero rows: more restarts where they are cheap.
	Restarts int
	// Combine is how the final restarts become one clustering; zero means
	// CombineVote.
	Combine Combine
	// Sampled runs the final clustering with SampledKMeans (restarts on a
	// sample, then passes over all rows) when the input has more than
	// DefaultSampledMin rows, and bounds the last Lloyd run from the
	// combined restarts to SampledKMeans' 10 passes; otherwise
	// SphericalKMeans.
	Sampled bool
	// Progress, when set, is called after each k is scored and after each
	// final restart, with the steps done and their total.
	Progress func(done, total int)
}

// KSelScore is the criterion's verdict on one k.
type KSelScore struct {
	K int
	// Score is the criterion's value; SelectK keeps the k of the highest
	// Score, except that CriterionStability and CriterionGap apply their
	// standard-error rules (see the package documentation).
	// Lower-is-better criteria are negated.
	Score float64
	// Stability is the mean pairwise ARI of the resample clusterings
	// on the sample (CriterionDefault, CriterionStability, CriterionBIC,
	// CriterionPAC, CriterionGap and CriterionSilhouette).
	Stability float64
	// Eigengap is λ_k − λ_{k+1} of the neighbour graph (CriterionDefault
	// and CriterionEigengap).
	Eigengap float64
	// StableClusters is the mean number of clusters per resample
	// clustering whose mean best Jaccard with the other resamples'
	// clusters is at least StableJaccard (CriterionDefault and the
	// resampling criteria).
	StableClusters float64
	// SE is the standard error of Stability (of the gap, for
	// CriterionGap), which the selection rule allows for.
	SE float64
}

// Selection is the outcome of SelectK.
type Selection struct {
	K         int         // the chosen number of clusters
	Criterion Criterion   // the criterion that chose it
	Scores    []KSelScore // one per k tried, in increasing k
	Reason    string      // one line: why K won
	// Result is the consensus clustering at K over all rows (see
	// Consensus), with the restarts it combined in Result.Restarts.
	Result *KMeansResult
	// Stability is the mean pairwise ARI, at K, of the clusterings of
	// Resamples random subsamples of the sample (each the best of 3
	// k-means++ restarts, extended to the whole sample by nearest
	// centroid): near 1 when the grouping is reproducible, near 0 for
	// data without structure. MeanPairwiseARI(Result.Restarts) is the
	// agreement of the final restarts, which local optima lower.
	Stability float64
	// Sample is the number of rows the criterion was computed on.
	Sample int
}

// SelectK chooses the number of clusters in [lo, hi] by sel.Criterion
// and clusters all rows of X at that k by Consensus. The range is clamped
// to [max(lo, 2, len(opts.Seeds)), min(hi, m−1)] for m non-zero rows, as
// ChooseK's. opts.K and opts.Progress are ignored; opts.MaxIter, Tol,
// Seeds and Src apply to every k-means run and opts.NInit to the final
// restarts (see SelectOptions.Restarts). sel.Progress reports the k
// scored. Everything random is drawn from opts.Src
// in a fixed order, so the same input and Src give the same Selection
// whatever GOMAXPROCS is. ctx is checked between runs.
//
// An empty range before clamping is an error wrapping ErrInvalidK, after
// clamping one wrapping ErrTooFewRows. It panics if opts.Src is nil or an
// option is negative.
func SelectK(ctx context.Context, X Matrix, lo, hi int, opts KMeansOptions, sel SelectOptions) (*Selection, error) {
	if opts.Src == nil {
		panic("cluster: KMeansOptions.Src is nil")
	}
	if sel.Sample < 0 || sel.Resamples < 0 || sel.Fraction < 0 || sel.Fraction > 1 || sel.Restarts < 0 {
		panic(fmt.Sprintf("cluster: invalid SelectOptions %+v", sel))
	}
	if lo > hi {
		return nil, fmt.Errorf("cluster: empty k range [%d, %d]: %w", lo, hi, ErrInvalidK)
	}
	var rows []int
	for i, v := range kmRowNorms(X) {
		if v > 0 {
			rows = append(rows, i)
		}
	}
	lo = max(lo, 2, len(opts.Seeds))
	hi = min(hi, len(rows)-1)
	if lo > hi {
		return nil, fmt.Errorf("cluster: k from %d needs more than %d non-zero rows: %w", lo, len(rows), ErrTooFewRows)
	}
	sel = sel.withDefaults()
	rng := rand.New(opts.Src)

	// The sample the criterion is computed on: a dense copy when X is
	// Dense, so the k-means runs take the fast path.
	sample := rows
	if len(rows) > sel.Sample {
		sample = sampleSorted(rng, rows, sel.Sample)
	}
	S := subsetRows(X, sample)

	s := &Selection{Criterion: sel.Criterion, Sample: len(sample)}
	total := hi - lo + 1 + 1
	var err error
	switch {
	case lo == hi:
		s.Scores = []KSelScore{{K: lo}}
	case sel.Criterion == CriterionEigengap:
		s.Scores, err = eigengapScores(ctx, S, lo, hi, rng)
	default:
		s.Scores, err = resampleScores(ctx, S, lo, hi, opts, sel, rng)
	}
	if err != nil {
		return nil, err
	}
	if sel.Criterion == CriterionAuto && lo < hi {
		// Stable clusters decide when some k is stable; else the graph does.
		s.Criterion = CriterionStableClusters
		if slices.MaxFunc(s.Scores, func(a, b KSelScore) int { return cmp.Compare(a.Stability, b.Stability) }).Stability < StableARI {
			s.Criterion = CriterionEigengap
			gaps, err := eigengapScores(ctx, S, lo, hi, rng)
			if err != nil {
				return nil, err
			}
			for i := range s.Scores {
				s.Scores[i].Eigengap = gaps[i].Eigengap
			}
		}
		for i := range s.Scores {
			s.Scores[i].Score = netStable(s.Scores[i])
			if s.Criterion == CriterionEigengap {
				s.Scores[i].Score = s.Scores[i].Eigengap
			}
		}
	}
	best := pickK(s.Scores, s.Criterion)
	s.K = s.Scores[best].K
	s.Reason = reason(s.Scores, best, s.Criterion)
	if sel.Criterion == CriterionAuto && s.Criterion == CriterionEigengap {
		s.Reason += fmt.Sprintf("; no k was stable (resample ARI below %.2f), so the neighbour graph decided", StableARI)
	}
	if sel.Progress != nil {
		sel.Progress(hi-lo+1, total)
	}

	o := opts
	o.K = s.K
	o.Progress = nil
	s.Result, err = consensus(ctx, X, o, sel, len(rows))
	if err != nil {
		return nil, err
	}
	s.Stability = s.Scores[best].Stability
	if sel.Criterion == CriterionEigengap || lo == hi {
		// Not measured while scoring: the same resample runs at K.
		runs, err := resampleRuns(ctx, S, s.K, opts, sel, rng)
		if err != nil {
			return nil, err
		}
		s.Stability, s.Scores[best].SE = pairARI(runs, s.K)
		s.Scores[best].Stability = s.Stability
	}
	if sel.Progress != nil {
		sel.Progress(total, total)
	}
	return s, nil
}

func (sel SelectOptions) withDefaults() SelectOptions {
	if sel.Criterion == CriterionDefault {
		sel.Criterion = CriterionAuto
	}
	if sel.Sample == 0 {
		sel.Sample = defaultSelectSample
	}
	if sel.Resamples == 0 {
		sel.Resamples = defaultResamples
	}
	sel.Resamples = max(sel.Resamples, 2)
	if sel.Fraction == 0 {
		sel.Fraction = defaultFraction
	}
	return sel
}

// sampleSorted draws m of the values of rows without replacement (partial
// Fisher–Yates) and returns them in increasing order.
func sampleSorted(rng *rand.Rand, rows []int, m int) []int {
	perm := slices.Clone(rows)
	for t := range m {
		u := t + rng.IntN(len(perm)-t)
		perm[t], perm[u] = perm[u], perm[t]
	}
	out := perm[:m:m]
	slices.Sort(out)
	return out
}

// resampleRuns runs k-means (one k-means++ restart) on B random subsets of
// ⌈f·n⌉ rows of S and returns each run's labels for all rows of S (each
// row assigned to the run's nearest centroid).
func resampleRuns(ctx context.Context, S Matrix, k int, opts KMeansOptions, sel SelectOptions, rng *rand.Rand) ([][]int, error) {
	n := S.Rows()
	all := make([]int, n)
	for i := range all {
		all[i] = i
	}
	m := max(k+1, int(math.Ceil(sel.Fraction*float64(n))))
	m = min(m, n)
	out := make([][]int, sel.Resamples)
	for b := range out {
		if err := ctx.Err(); err != nil {
			return nil, err
		}
		sub := all
		if m < n {
			sub = sampleSorted(rng, all, m)
		}
		o := KMeansOptions{K: k, NInit: resampleNInit, MaxIter: opts.MaxIter, Tol: opts.Tol, Seeds: opts.Seeds, Src: opts.Src}
		res, err := SphericalKMeans(ctx, subsetRows(S, sub), o)
		if err != nil {
			return nil, err
		}
		out[b], _ = Assign(S, res.Centroids)
	}
	return out, nil
}

// referenceData returns S with the values of each column permuted
// independently across the rows, and the rows renormalised: data with the
// same marginal distribution per dimension and no structure across them.
// S must be a Dense matrix or is made one.
func referenceData(S Matrix, rng *rand.Rand) *Dense {
	n, d := S.Rows(), S.Dims()
	m := mat.NewDense(n, d, nil)
	for i := range n {
		S.AddTo(i, 1, m.RawRowView(i))
	}
	perm := make([]int, n)
	col := make([]float64, n)
	for j := range d {
		for i := range perm {
			perm[i] = i
		}
		rng.Shuffle(n, func(a, b int) { perm[a], perm[b] = perm[b], perm[a] })
		for i := range n {
			col[i] = m.At(perm[i], j)
		}
		for i := range n {
			m.Set(i, j, col[i])
		}
	}
	NormalizeRows(m)
	return &Dense{Dense: m}
}

// resampleScores scores each k in [lo, hi] from resampled k-means runs on
// S (and on reference data for the stability and gap criteria).
func resampleScores(ctx context.Context, S Matrix, lo, hi int, opts KMeansOptions, sel SelectOptions, rng *rand.Rand) ([]KSelScore, error) {
	var ref *Dense
	if sel.Criterion == CriterionGap {
		ref = referenceData(S, rng)
	}
	// Each k draws from its own source, seeded from rng in k order, so
	// the k can be scored in parallel with the same results.
	nk := hi - lo + 1
	seeds := make([][2]uint64, nk)
	for i := range seeds {
		seeds[i] = [2]uint64{rng.Uint64(), rng.Uint64()}
	}
	scores := make([]KSelScore, nk)
	errs := make([]error, nk)
	var mu sync.Mutex
	done := 0
	kmRun(kmWorkers(nk), nk, func(_, i int) {
		if ctx.Err() != nil {
			errs[i] = ctx.Err()
			return
		}
		src := rand.NewPCG(seeds[i][0], seeds[i][1])
		o := opts
		o.Src = src
		scores[i], errs[i] = scoreK(ctx, S, ref, lo+i, o, sel, rand.New(src))
		if sel.Progress != nil {
			mu.Lock()
			done++
			sel.Progress(done, nk+1)
			mu.Unlock()
		}
	})
	for _, err := range errs {
		if err != nil {
			return nil, err
		}
	}
	return scores, nil
}

// scoreK scores k from resampled k-means runs on S (and on the reference
// data ref for the gap statistic), drawing from opts.Src through rng.
func scoreK(ctx context.Context, S Matrix, ref *Dense, k int, opts KMeansOptions, sel SelectOptions, rng *rand.Rand) (KSelScore, error) {
	sc := KSelScore{K: k}
	runs, err := resampleRuns(ctx, S, k, opts, sel, rng)
	if err != nil {
		return sc, err
	}
	sc.Stability, sc.SE = pairARI(runs, k)
	sc.StableClusters = stableClusters(runs, k)
	switch sel.Criterion {
	case CriterionStability:
		sc.Score = sc.Stability
	case CriterionStableClusters, CriterionAuto:
		sc.Score = netStable(sc)
	case CriterionPAC:
		sc.Score = -pac(runs, 1000)
	case CriterionBIC:
		var sum float64
		for _, r := range runs {
			sum += vmfBIC(S, r, k)
		}
		sc.Score = -sum / float64(len(runs))
	case CriterionGap:
		refOpts := opts
		refOpts.Seeds = nil
		refRuns, err := resampleRuns(ctx, ref, k, refOpts, sel, rng)
		if err != nil {
			return sc, err
		}
		w, ws := logW(S, runs, k)
		wr, wrs := logW(ref, refRuns, k)
		sc.Score = wr - w
		sc.SE = math.Sqrt(ws*ws + wrs*wrs)
	case CriterionSilhouette:
		sc.Score = Silhouette(S, runs[0])
	}
	return sc, nil
}

// pickK returns the index of the winning score: the highest Score, the
// smallest k on ties; for the gap statistic, the smallest k whose gap is
// at least the next one's minus its standard error (Tibshirani et al. 2001).
func pickK(scores []KSelScore, c Criterion) int {
	if c == CriterionGap {
		for i := 0; i+1 < len(scores); i++ {
			if scores[i].Score >= scores[i+1].Score-scores[i+1].SE {
				return i
			}
		}
		return len(scores) - 1
	}
	best := 0
	for i, s := range scores {
		if s.Score > scores[best].Score {
			best = i
		}
	}
	if c == CriterionStability {
		// One-standard-error rule, towards the finer partition: the
		// largest k whose stability is within one standard error of the
		// best. Merging well separated groups is as stable as keeping
		// them apart, so ties must go to the larger k.
		floor := scores[best].Score - scores[best].SE
		for i := len(scores) - 1; i > best; i-- {
			if scores[i].Score >= floor {
				return i
			}
		}
	}
	return best
}

// reason says in one line why scores[best] won.
func reason(scores []KSelScore, best int, c Criterion) string {
	w := scores[best]
	runner := -1
	for i, s := range scores {
		if i != best && (runner < 0 || s.Score > scores[runner].Score) {
			runner = i
		}
	}
	var b strings.Builder
	switch c {
	case CriterionStability:
		fmt.Fprintf(&b, "k=%d: the largest k whose k-means on resamples agrees with itself within one standard error of the most (mean ARI %.3f ± %.3f)", w.K, w.Stability, w.SE)
	case CriterionStableClusters:
		fmt.Fprintf(&b, "k=%d: most clusters reproduced across resamples, less those not (%.1f of %d with Jaccard ≥ %.2f; mean ARI %.3f)", w.K, w.StableClusters, w.K, StableJaccard, w.Stability)
	case CriterionGap:
		fmt.Fprintf(&b, "k=%d: smallest k whose gap statistic %.3f is within one standard error of the next k's", w.K, w.Score)
	case CriterionEigengap:
		fmt.Fprintf(&b, "k=%d: largest gap after the k-th eigenvalue of the neighbour graph (%.4f)", w.K, w.Score)
	case CriterionBIC:
		fmt.Fprintf(&b, "k=%d: lowest vMF-mixture BIC (%.1f)", w.K, -w.Score)
	case CriterionPAC:
		fmt.Fprintf(&b, "k=%d: fewest ambiguously clustered pairs over resamples (PAC %.3f)", w.K, -w.Score)
	default:
		fmt.Fprintf(&b, "k=%d: highest %s (%.3f)", w.K, c, w.Score)
	}
	if runner >= 0 {
		fmt.Fprintf(&b, "; runner-up k=%d (score %.3g against %.3g)", scores[runner].K, scores[runner].Score, w.Score)
	}
	return b.String()
}

// netStable is the number of stable clusters less the number of unstable
// ones, 2·StableClusters − k: splitting a group that is not there adds an
// unstable cluster and costs one, merging two real groups loses one.
func netStable(s KSelScore) float64 { return 2*s.StableClusters - float64(s.K) }

// StableJaccard is the mean Jaccard similarity from which a cluster counts
// as stable (Hennig 2007: 0.75 and above "valid, stable").
const StableJaccard = 0.75

// stableClusters returns, averaged over the runs (labels in [0, k)), the
// number of the run's clusters whose best Jaccard similarity with the
// clusters of each other run, averaged over the other runs, is at least
// StableJaccard.
func stableClusters(runs [][]int, k int) float64 {
	B := len(runs)
	if B < 2 {
		return 0
	}
	jac := make([][]float64, B) // jac[a][c]: Σ_b best Jaccard of a's cluster c in b
	for a := range jac {
		jac[a] = make([]float64, k)
	}
	count := make([]int, k*k)
	sa, sb := make([]int, k), make([]int, k)
	for a := range runs {
		for b := a + 1; b < B; b++ {
			clear(count)
			clear(sa)
			clear(sb)
			for i, x := range runs[a] {
				y := runs[b][i]
				count[x*k+y]++
				sa[x]++
				sb[y]++
			}
			bestA, bestB := make([]float64, k), make([]float64, k)
			for x := range k {
				for y := range k {
					n := count[x*k+y]
					if n == 0 {
						continue
					}
					j := float64(n) / float64(sa[x]+sb[y]-n)
					bestA[x] = max(bestA[x], j)
					bestB[y] = max(bestB[y], j)
				}
			}
			for c := range k {
				jac[a][c] += bestA[c]
				jac[b][c] += bestB[c]
			}
		}
	}
	total := 0
	for a := range jac {
		for c := range k {
			if jac[a][c]/float64(B-1) >= StableJaccard {
				total++
			}
		}
	}
	return float64(total) / float64(B)
}

// pairARI returns MeanPairwiseARI of runs (labels in [0, k)) and its
// standard error: the standard deviation over runs of each run's mean ARI
// with the others, divided by √runs.
func pairARI(runs [][]int, k int) (mean, se float64) {
	B := len(runs)
	if B < 2 {
		return 0, 0
	}
	per := make([]float64, B)
	var sum float64
	for a := range runs {
		for b := a + 1; b < B; b++ {
			v := fastARI(runs[a], runs[b], k)
			per[a] += v
			per[b] += v
			sum += v
		}
	}
	mean = sum / float64(B*(B-1)/2)
	var ss float64
	for _, p := range per {
		d := p/float64(B-1) - mean
		ss += d * d
	}
	return mean, math.Sqrt(ss/float64(B-1)) / math.Sqrt(float64(B))
}

// fastARI is ARI for two labelings with labels in [0, k).
func fastARI(x, y []int, k int) float64 {
	count := make([]int64, k*k)
	rs := make([]int64, k)
	cs := make([]int64, k)
	for i, a := range x {
		count[a*k+y[i]]++
		rs[a]++
		cs[y[i]]++
	}
	comb := func(v int64) float64 { return float64(v) * float64(v-1) / 2 }
	var sumIJ, sumA, sumB float64
	for _, c := range count {
		sumIJ += comb(c)
	}
	for i := range k {
		sumA += comb(rs[i])
		sumB += comb(cs[i])
	}
	total := comb(int64(len(x)))
	if total == 0 {
		return 1
	}
	expected := sumA * sumB / total
	maxIdx := (sumA + sumB) / 2
	if maxIdx == expected {
		return 1
	}
	return (sumIJ - expected) / (maxIdx - expected)
}

// pac returns the proportion of pairs among the first m rows whose
// co-clustering rate over runs lies in (0.1, 0.9) (Șenbabaoğlu et al. 2014).
func pac(runs [][]int, m int) float64 {
	n := min(m, len(runs[0]))
	B := len(runs)
	amb, pairs := 0, 0
	lo, hi := 0.1*float64(B), 0.9*float64(B)
	for i := range n {
		for j := i + 1; j < n; j++ {
			c := 0
			for _, r := range runs {
				if r[i] == r[j] {
					c++
				}
			}
			if f := float64(c); f > lo && f < hi {
				amb++
			}
			pairs++
		}
	}
	if pairs == 0 {
		return 0
	}
	return float64(amb) / float64(pairs)
}

// logW returns the mean and standard deviation over runs of ln W, W the
// within-cluster cosine dispersion Σ_i (1 − x_i·c_{l(i)}).
func logW(S Matrix, runs [][]int, k int) (mean, sd float64) {
	vals := make([]float64, len(runs))
	for r, lab := range runs {
		cent := MeanDirections(S, lab, k)
		var w float64
		for i, c := range lab {
			w += 1 - S.DotDense(i, cent.RawRowView(c))
		}
		vals[r] = math.Log(max(w, 1e-12))
	}
	for _, v := range vals {
		mean += v
	}
	mean /= float64(len(vals))
	for _, v := range vals {
		sd += (v - mean) * (v - mean)
	}
	sd = math.Sqrt(sd/float64(len(vals))) * math.Sqrt(1+1/float64(len(vals)))
	return mean, sd
}

// vmfBIC returns the BIC of the hard-assignment mixture of von Mises-Fisher
// distributions with labels: per cluster a weight, a mean direction and a
// concentration κ (Banerjee et al. 2005's approximation).
func vmfBIC(S Matrix, labels []int, k int) float64 {
	n, d := S.Rows(), S.Dims()
	sums := mat.NewDense(k, d, nil)
	size := make([]float64, k)
	for i, c := range labels {
		S.AddTo(i, 1, sums.RawRowView(c))
		size[c]++
	}
	var ll float64
	for c := range k {
		if size[c] == 0 {
			continue
		}
		r := mat.Norm(sums.RowView(c), 2)
		rbar := min(r/size[c], 1-1e-9)
		kappa := rbar * (float64(d) - rbar*rbar) / (1 - rbar*rbar)
		ll += size[c]*math.Log(size[c]/float64(n)) + size[c]*logCd(d, kappa) + kappa*r
	}
	params := float64(k*d) + float64(k-1) // mean direction (d−1) and κ per cluster, weights
	return -2*ll + params*math.Log(float64(n))
}

// logCd is the log normaliser of the d-dimensional vMF density,
// ln C_d(κ) = (d/2−1)·ln κ − (d/2)·ln 2π − ln I_{d/2−1}(κ), with the
// Bessel function by its uniform asymptotic expansion.
func logCd(d int, kappa float64) float64 {
	nu := float64(d)/2 - 1
	kappa = max(kappa, 1e-9)
	return nu*math.Log(kappa) - float64(d)/2*math.Log(2*math.Pi) - logBesselI(nu, kappa)
}

// logBesselI returns ln I_ν(x) for ν > 0 by Debye's uniform expansion:
// with z = x/ν and s = √(1+z²), ln I_ν(νz) ≈ ν(s + ln(z/(1+s))) − ½ln(2πν) − ½ln s.
func logBesselI(nu, x float64) float64 {
	if nu <= 0 {
		nu = 1e-9
	}
	z := x / nu
	s := math.Sqrt(1 + z*z)
	return nu*(s+math.Log(z/(1+s))) - 0.5*math.Log(2*math.Pi*nu) - 0.5*math.Log(s)
}
