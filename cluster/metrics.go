package cluster

import (
	"math"
	"slices"
)

// External clustering metrics: a clustering pred compared with known
// classes truth, both one int label per row (any int values; callers map
// string labels to ints). The numbers follow scikit-learn 1.2's
// sklearn.metrics, special cases included, and use natural logarithms.
//
// With N rows, n_ij the number of rows of class i in cluster j, a_i = Σ_j n_ij
// and b_j = Σ_i n_ij:
//
//	H(C)   = −Σ_i (a_i/N)·ln(a_i/N)                  class entropy
//	H(K)   = −Σ_j (b_j/N)·ln(b_j/N)                  cluster entropy
//	MI     = Σ_ij (n_ij/N)·ln(N·n_ij/(a_i·b_j))      mutual information
//	NMI    = MI / ((H(C) + H(K))/2)                  arithmetic normalisation
//	AMI    = (MI − E[MI]) / ((H(C) + H(K))/2 − E[MI])
//	h      = MI / H(C)       (1 when H(C) = 0)        homogeneity
//	c      = MI / H(K)       (1 when H(K) = 0)        completeness
//	V      = 2·h·c / (h + c) (0 when h + c = 0)       V-measure, β = 1
//	purity = (1/N)·Σ_j max_i n_ij
//
// E[MI] is the expected mutual information of two random labelings with the
// same class and cluster sizes (hypergeometric model, Vinh, Epps & Bailey
// 2010):
//
//	E[MI] = Σ_i Σ_j Σ_{n=max(1, a_i+b_j−N)}^{min(a_i, b_j)} (n/N)·ln(N·n/(a_i·b_j))
//	        · a_i!·b_j!·(N−a_i)!·(N−b_j)! / (N!·n!·(a_i−n)!·(b_j−n)!·(N−a_i−b_j+n)!)
//
// with the factorials in log space (math.Lgamma). The adjusted Rand index
// counts pairs of rows: tp pairs together in both labelings, fp together in
// pred only, fn together in truth only, tn apart in both, and
//
//	ARI = 2·(tp·tn − fn·fp) / ((tp + fn)·(fn + tn) + (tp + fp)·(fp + tn)),
//
// 1 when fn = fp = 0.
//
// Special cases as scikit-learn: when both labelings have a single label (or
// no rows) NMI and AMI are 1; NMI is 0 when MI is 0; each MI term smaller
// than machine epsilon in magnitude counts as 0 and MI is clipped at 0; the
// AMI denominator is kept at least machine epsilon away from 0 with its sign.
// Every metric of two empty labelings is 1. All functions panic if truth and
// pred differ in length.

// eps64 is float64 machine epsilon, numpy's np.finfo(np.float64).eps.
const eps64 = 0x1p-52

// contTable is a contingency table with its margins.
type contTable struct {
	n              int
	count          [][]int // [class][cluster]
	rowSum, colSum []int   // a_i, b_j
}

// Contingency returns the contingency table of two labelings:
// table[i][j] is the number of rows whose truth is classes[i] and whose pred
// is clusters[j], with classes and clusters the distinct labels in
// increasing order (as scikit-learn's contingency_matrix). It panics if
// truth and pred differ in length.
func Contingency(truth, pred []int) (table [][]int, classes, clusters []int) {
	t, classes, clusters := contingency(truth, pred)
	return t.count, classes, clusters
}

func contingency(truth, pred []int) (t *contTable, classes, clusters []int) {
	if len(truth) != len(pred) {
		panic("cluster: truth and pred labels differ in length")
	}
	classes, ci := distinct(truth)
	clusters, kj := distinct(pred)
	t = &contTable{
		n:      len(truth),
		count:  make([][]int, len(classes)),
		rowSum: make([]int, len(classes)),
		colSum: make([]int, len(clusters)),
	}
	for i := range t.count {
		t.count[i] = make([]int, len(clusters))
	}
	for r := range truth {
		i, j := ci[truth[r]], kj[pred[r]]
		t.count[i][j]++
		t.rowSum[i]++
		t.colSum[j]++
	}
	return t, classes, clusters
}

// distinct returns the sorted distinct labels and each label's index.
func distinct(labels []int) ([]int, map[int]int) {
	u := slices.Clone(labels)
	slices.Sort(u)
	u = slices.Compact(u)
	idx := make(map[int]int, len(u))
	for i, l := range u {
		idx[l] = i
	}
	return u, idx
}

// entropy returns −Σ (c/N)·(ln c − ln N) over the counts, as scikit-learn's
// entropy: 1 for no rows, 0 for a single label.
func entropy(counts []int, n int) float64 {
	if n == 0 {
		return 1
	}
	if len(counts) == 1 {
		return 0
	}
	logN := math.Log(float64(n))
	var h float64
	for _, c := range counts {
		if c > 0 {
			p := float64(c) / float64(n)
			h -= p * (math.Log(float64(c)) - logN)
		}
	}
	return h
}

// mutualInfo returns MI as scikit-learn's mutual_info_score.
func (t *contTable) mutualInfo() float64 {
	if len(t.rowSum) == 1 || len(t.colSum) == 1 {
		return 0
	}
	N := float64(t.n)
	logN := math.Log(N)
	var mi float64
	for i, row := range t.count {
		for j, c := range row {
			if c == 0 {
				continue
			}
			p := float64(c) / N
			outer := float64(t.rowSum[i]) * float64(t.colSum[j])
			term := p*(math.Log(float64(c))-logN) + p*(-math.Log(outer)+logN+logN)
			if math.Abs(term) >= eps64 {
				mi += term
			}
		}
	}
	return max(mi, 0)
}

// expectedMutualInfo returns E[MI] (formula above), as scikit-learn's
// expected_mutual_information.
func (t *contTable) expectedMutualInfo() float64 {
	if len(t.rowSum) == 1 || len(t.colSum) == 1 {
		return 0
	}
	N := float64(t.n)
	lg := func(x float64) float64 { v, _ := math.Lgamma(x); return v }
	lgN := lg(N + 1)
	logN := math.Log(N)
	var emi float64
	for _, ai := range t.rowSum {
		a := float64(ai)
		la, lga, lgNa := math.Log(a), lg(a+1), lg(N-a+1)
		for _, bj := range t.colSum {
			b := float64(bj)
			lb, lgb, lgNb := math.Log(b), lg(b+1), lg(N-b+1)
			for nij := max(1, ai+bj-t.n); nij <= min(ai, bj); nij++ {
				v := float64(nij)
				term2 := logN + math.Log(v) - la - lb
				gln := lga + lgb + lgNa + lgNb - lgN - lg(v+1) - lg(a-v+1) - lg(b-v+1) - lg(N-a-b+v+1)
				emi += v / N * term2 * math.Exp(gln)
			}
		}
	}
	return emi
}

// trivialPair reports scikit-learn's "no split" case for NMI and AMI: both
// labelings have one label, or there are no rows.
func trivialPair(t *contTable) bool {
	return len(t.rowSum) == len(t.colSum) && len(t.rowSum) <= 1
}

// NMI returns the normalized mutual information of two labelings with
// arithmetic normalisation, MI / ((H(C) + H(K))/2), as scikit-learn's
// normalized_mutual_info_score default.
func NMI(truth, pred []int) float64 {
	t, _, _ := contingency(truth, pred)
	if trivialPair(t) {
		return 1
	}
	mi := t.mutualInfo()
	if mi == 0 {
		return 0
	}
	return mi / ((entropy(t.rowSum, t.n) + entropy(t.colSum, t.n)) / 2)
}

// AMI returns the adjusted mutual information with arithmetic
// normalisation, (MI − E[MI]) / ((H(C) + H(K))/2 − E[MI]), as
// scikit-learn's adjusted_mutual_info_score default. It is about 0 for
// independent labelings and can be negative. E[MI] costs O(R·C·N) for R
// classes and C clusters.
func AMI(truth, pred []int) float64 {
	t, _, _ := contingency(truth, pred)
	if trivialPair(t) {
		return 1
	}
	mi := t.mutualInfo()
	emi := t.expectedMutualInfo()
	den := (entropy(t.rowSum, t.n)+entropy(t.colSum, t.n))/2 - emi
	if den < 0 {
		den = min(den, -eps64)
	} else {
		den = max(den, eps64)
	}
	return (mi - emi) / den
}

// ARI returns the adjusted Rand index of two labelings (formula above), as
// scikit-learn's adjusted_rand_score: 1 for identical partitions, about 0
// for independent ones, possibly negative.
func ARI(truth, pred []int) float64 {
	t, _, _ := contingency(truth, pred)
	// Pair counts, as scikit-learn's pair_confusion_matrix (ordered pairs).
	var sumSq, byCol, byRow int64
	for i, row := range t.count {
		for j, c := range row {
			c64 := int64(c)
			sumSq += c64 * c64
			byCol += c64 * int64(t.colSum[j])
			byRow += c64 * int64(t.rowSum[i])
		}
	}
	n := int64(t.n)
	tp := sumSq - n
	fp := byCol - sumSq
	fn := byRow - sumSq
	tn := n*n - fp - fn - sumSq
	if fn == 0 && fp == 0 {
		return 1
	}
	// Products of pair counts reach N⁴ and would overflow int64 beyond
	// N ≈ 55000, so they are taken in float64 (relative error ~1e-16).
	TP, FP, FN, TN := float64(tp), float64(fp), float64(fn), float64(tn)
	return 2 * (TP*TN - FN*FP) / ((TP+FN)*(FN+TN) + (TP+FP)*(FP+TN))
}

// hcv returns homogeneity, completeness and V-measure (β = 1) as
// scikit-learn's homogeneity_completeness_v_measure.
func hcv(truth, pred []int) (h, c, v float64) {
	t, _, _ := contingency(truth, pred)
	if t.n == 0 {
		return 1, 1, 1
	}
	hC, hK := entropy(t.rowSum, t.n), entropy(t.colSum, t.n)
	mi := t.mutualInfo()
	h, c = 1, 1
	if hC != 0 {
		h = mi / hC
	}
	if hK != 0 {
		c = mi / hK
	}
	if h+c == 0 {
		return h, c, 0
	}
	return h, c, 2 * h * c / (h + c)
}

// Homogeneity returns MI / H(C) (1 when H(C) = 0): 1 when every cluster
// holds rows of a single class.
func Homogeneity(truth, pred []int) float64 { h, _, _ := hcv(truth, pred); return h }

// Completeness returns MI / H(K) (1 when H(K) = 0): 1 when every class lies
// in a single cluster.
func Completeness(truth, pred []int) float64 { _, c, _ := hcv(truth, pred); return c }

// VMeasure returns the harmonic mean of homogeneity and completeness,
// 2·h·c / (h + c) (0 when both are 0), scikit-learn's v_measure_score with
// beta = 1.
func VMeasure(truth, pred []int) float64 { _, _, v := hcv(truth, pred); return v }

// Purity returns (1/N)·Σ_j max_i n_ij: the share of rows that belong to
// their cluster's most common class (1 for no rows).
func Purity(truth, pred []int) float64 {
	t, _, _ := contingency(truth, pred)
	if t.n == 0 {
		return 1
	}
	best := make([]int, len(t.colSum))
	for _, row := range t.count {
		for j, c := range row {
			best[j] = max(best[j], c)
		}
	}
	var s int
	for _, b := range best {
		s += b
	}
	return float64(s) / float64(t.n)
}
