package cluster

import (
	"math"

	"gonum.org/v1/gonum/floats"
)

// Per-centroid bounds for dense rows (Elkan 2003, kept in angles as
// Schubert, Lang & Feher 2021 do for spherical k-means).
//
// For a Dense X, lloyd keeps for every position p and centroid c a lower
// bound la[p·k+c] on the angle between the row and centroid c, and an upper
// bound ua[p] on the angle to its own centroid. When centroid c turns by
// δ_c, the triangle inequality on the sphere gives la −= δ_c and
// ua += δ_own: no trigonometry per bound. A similarity is computed only for
// a centroid whose bound does not put it behind the own centroid by more
// than the slack of elkanTols, so after the first iteration most rows cost
// one dot product or none instead of k. The similarities that are computed
// are the same floats.Dot values a full computation gives, and a centroid
// is passed over only when its true cosine is below the own one by more
// than twice the rounding of a dot product, so the labels are exactly those
// of the full argmax. Angles of computed cosines come from fastAcos, its
// error added to or taken from the bound.

// elkanMaxBounds caps n·k for per-centroid bounds: lloyd then holds two
// n·k arrays (la and the seeding's cosines, seedSims), 32 MiB each at the
// cap. That covers the sample restarts of SampledKMeans (25,000 rows up to
// k = 167) and full runs on tens of thousands of rows; larger runs keep
// Hamerly's two bounds per row.
const elkanMaxBounds = 1 << 22

// denseData returns the row-major data and stride of X when X is a Dense
// embedding, for direct floats.Dot calls (the same values as DotDense).
func denseData(X Matrix) (data []float64, stride int, ok bool) {
	var d Dense
	switch a := X.(type) {
	case *Dense:
		d = *a
	case Dense:
		d = a
	default:
		return nil, 0, false
	}
	raw := d.RawMatrix()
	return raw.Data, raw.Stride, true
}

// elkanTols returns, for rows of dimension d, the relative error eps allowed
// for in a computed cosine and the angle slack a pruning test demands.
//
// A dot product of length d of a row of norm r with a unit vector is off by
// at most γ·r, γ = d·2⁻⁵³ (to first order); eps = 2γ + 1e-15 also covers the
// division by r, the centroid's norm being 1 only to rounding, and acos.
// Two angles θ_o < θ_c at least δ apart have cosines at least
// 2·sin²(δ/2) ≈ δ²/2 apart, which exceeds the 2γ by which two computed
// cosines can be misordered once δ > 2√γ; the slack is twice that, plus
// 1e-9 for the rounding of the angle updates.
func elkanTols(d int) (eps, slack float64) {
	g := float64(d) * 0x1p-53
	return 2*g + 1e-15, 4*math.Sqrt(g) + 1e-9
}

// angLo returns a lower bound on the angle whose cosine is s·ir, for a
// similarity s of a row of norm 1/ir that may be off by eps/ir.
func (st *lloyd) angLo(s, ir float64) float64 {
	return fastAcos(min(1, s*ir+st.eps)) - fastAcosErr
}

// angHi returns an upper bound on the angle whose cosine is s·ir.
func (st *lloyd) angHi(s, ir float64) float64 {
	return fastAcos(max(-1, s*ir-st.eps)) + fastAcosErr
}

// fastAcosErr bounds |fastAcos(x) − acos(x)| on [−1, 1]: the polynomial's
// 2e-8 plus room for rounding (TestFastAcos checks it).
const fastAcosErr = 3e-8

// fastAcos is acos(x) for x in [−1, 1] to within 2e-8 (Abramowitz & Stegun
// 4.4.46: acos x = √(1−x)·Σ_{j<8} a_j x^j on [0, 1], and acos(−x) =
// π − acos x), a few times cheaper than math.Acos; bounds subtract or add
// fastAcosErr.
func fastAcos(x float64) float64 {
	a := math.Abs(x)
	p := -0.0012624911
	p = p*a + 0.0066700901
	p = p*a - 0.0170881256
	p = p*a + 0.0308918810
	p = p*a - 0.0501743046
	p = p*a + 0.0889789874
	p = p*a - 0.2145988016
	p = p*a + 1.5707963050
	p *= math.Sqrt(1 - a)
	// p for x ≥ 0, π − p for x < 0, without a branch on the sign.
	sg := math.Copysign(1, x)
	return sg*p + (1-sg)*(math.Pi/2)
}

// dot returns the row at position p · centroid c, as X.DotDense would.
func (st *lloyd) dot(p, c int) float64 {
	i := st.rows[p] * st.stride
	return floats.Dot(st.dense[i:i+st.d], st.cs.rows[c*st.d:(c+1)*st.d])
}

// assignElkan is assign with per-centroid bounds; it returns whether the
// label of a position in [lo, hi) changed. It first widens the bounds of
// the positions by the last update's turns when st.loose says that is due.
func (st *lloyd) assignElkan(lo, hi int) bool {
	k := st.k
	mv := st.moved[:k]
	changed := false
	for p := lo; p < hi; p++ {
		la := st.la[p*k : (p+1)*k]
		ir := 1 / st.rnorm[p]
		own := st.labels[p]
		if own < 0 {
			best, bs := 0, math.Inf(-1)
			for c := range la {
				var s float64
				if st.seeded {
					s = st.seedSims[p*k+c]
				} else {
					s = st.dot(p, c)
				}
				la[c] = st.angLo(s, ir)
				if s > bs {
					best, bs = c, s
				}
			}
			st.labels[p], st.sims[p], st.ua[p] = best, bs, st.angHi(bs, ir)
			changed = true
			continue
		}
		// m is the least bound on the angle to another centroid.
		u := st.ua[p]
		if st.loose {
			u += mv[own]
			st.ua[p] = u
			floats.Sub(la, mv)
		}
		if !elkanOpen(la, own, u+st.slack) {
			continue
		}
		so := st.dot(p, own)
		u = st.angHi(so, ir)
		st.ua[p], st.sims[p] = u, so
		if !elkanOpen(la, own, u+st.slack) {
			continue
		}
		best, bs := own, so
		for c, l := range la {
			if c == own || l-u > st.slack {
				continue
			}
			s := st.dot(p, c)
			la[c] = st.angLo(s, ir)
			if s > bs || (s == bs && c < best) {
				best, bs = c, s
			}
		}
		if best != own {
			la[own] = st.angLo(so, ir)
			st.labels[p], st.sims[p], st.ua[p] = best, bs, st.angHi(bs, ir)
			changed = true
		}
	}
	return changed
}

// elkanOpen reports whether a bound in la other than own's is at most t.
func elkanOpen(la []float64, own int, t float64) bool {
	for c, l := range la {
		if l <= t && c != own {
			return true
		}
	}
	return false
}

// settle brings the bounds up to date after a run: it applies any pending
// widening and tightens ua with the exact own similarities that the run's
// final pass left in sims.
func (st *lloyd) settle() {
	if !st.elkan {
		return
	}
	k, n := st.k, len(st.rows)
	kmRun(st.workers, len(st.changed), func(_, t int) {
		lo, hi := kmChunkRange(t, n)
		for p := lo; p < hi; p++ {
			own := st.labels[p]
			if st.loose {
				floats.Sub(st.la[p*k:(p+1)*k], st.moved)
				st.ua[p] += st.moved[own]
			}
			st.ua[p] = min(st.ua[p], st.angHi(st.sims[p], 1/st.rnorm[p]))
		}
	})
	st.loose = false
}

// assignTo returns for every position the index of the row of cent (k ×
// Dims, unit rows) most similar to the row, the lowest on ties: the labels
// Assign gives, computed with the same dot products. The bounds of a
// settled run against its centroids F carry over to cent through the
// angles between the two sets: for any a,
//
//	∠(x, cent_c) ≥ ∠(x, F_a) − ∠(F_a, cent_c)   and   ≥ ∠(F_a, cent_c) − ∠(x, F_a),
//
// so when cent is close to F (another restart finding the same clusters)
// most rows need one dot product or none. It reports false, having done
// nothing, when the state keeps no per-centroid bounds or a row of F or
// cent is zero.
func (st *lloyd) assignTo(cent []float64) (labels []int, ok bool) {
	k, d := st.k, st.d
	if !st.elkan || st.loose || len(cent) != k*d {
		return nil, false
	}
	for c := range 2 * k {
		v := st.cs.rows
		if c >= k {
			v = cent
		}
		if floats.Norm(v[(c%k)*d:(c%k+1)*d], 2) == 0 {
			return nil, false
		}
	}
	// far[a·k+c] ≥ ∠(F_a, cent_c) ≥ near[a·k+c]; match[a] is the row of
	// cent closest to F_a and from[c] the F closest to cent_c.
	far, near := make([]float64, k*k), make([]float64, k*k)
	for a := range k {
		for c := range k {
			s := floats.Dot(st.cs.row(a), cent[c*d:(c+1)*d])
			far[a*k+c], near[a*k+c] = st.angHi(s, 1), st.angLo(s, 1)
		}
	}
	match, from := make([]int, k), make([]int, k)
	for a := range k {
		for c := range k {
			if far[a*k+c] < far[a*k+match[a]] {
				match[a] = c
			}
			if far[a*k+c] < far[from[c]*k+c] {
				from[c] = a
			}
		}
	}
	n := len(st.rows)
	labels = make([]int, n)
	kmRun(st.workers, len(st.changed), func(w, t int) {
		lb := st.scratch[w][:k] // lower bounds on ∠(x, cent_c)
		lo, hi := kmChunkRange(t, n)
		for p := lo; p < hi; p++ {
			la, a := st.la[p*k:(p+1)*k], st.labels[p]
			for c := range lb {
				lb[c] = max(la[from[c]]-far[from[c]*k+c], near[a*k+c]-st.ua[p])
			}
			g := match[a]
			u := st.ua[p] + far[a*k+g]
			if !elkanOpen(lb, g, u+st.slack) {
				labels[p] = g
				continue
			}
			i := st.rows[p] * st.stride
			x := st.dense[i : i+d]
			sg := floats.Dot(x, cent[g*d:(g+1)*d])
			u = st.angHi(sg, 1/st.rnorm[p])
			best, bs := g, sg
			for c, l := range lb {
				if c == g || l-u > st.slack {
					continue
				}
				if s := floats.Dot(x, cent[c*d:(c+1)*d]); s > bs || (s == bs && c < best) {
					best, bs = c, s
				}
			}
			labels[p] = best
		}
	})
	return labels, true
}
