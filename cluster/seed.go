package cluster

import (
	"context"
	"math"

	"gonum.org/v1/gonum/floats"
	"gonum.org/v1/gonum/stat/sampleuv"
)

// seeding is the scratch state of k-means++, kept across restarts.
type seeding struct {
	dist   []float64   // per position: 1 − cosine to the nearest chosen centre
	sims   [][]float64 // per candidate, per position: cosine to the candidate
	pot    []float64   // per candidate: the potential if it were chosen
	chosen []bool      // per position: already a centre
	cand   *centerSet  // dense candidate vectors, for the kernel path

	// For a CSR, the non-zero rows by column, so that a candidate row's
	// cosines with all rows cost Σ df over its terms instead of a pass
	// over X: column j holds positions cscPos[cscPtr[j]:cscPtr[j+1]]
	// (ascending) with values cscVal.
	cscPtr []int64
	cscPos []int32
	cscVal []float32
}

func (st *lloyd) newSeeding(slots int) *seeding {
	n := len(st.rows)
	sd := &seeding{
		dist:   make([]float64, n),
		sims:   make([][]float64, slots),
		pot:    make([]float64, slots),
		chosen: make([]bool, n),
		cand:   newCenterSet(st.X, slots),
	}
	for l := range sd.sims {
		sd.sims[l] = make([]float64, n)
	}
	if a := st.cs.csr; a != nil {
		sd.cscPtr = make([]int64, a.NCols+1)
		for _, p := range st.rows {
			for _, j := range a.Ind[a.Indptr[p]:a.Indptr[p+1]] {
				sd.cscPtr[j+1]++
			}
		}
		for j := range a.NCols {
			sd.cscPtr[j+1] += sd.cscPtr[j]
		}
		fill := make([]int64, a.NCols)
		copy(fill, sd.cscPtr)
		nnz := sd.cscPtr[a.NCols]
		sd.cscPos = make([]int32, nnz)
		sd.cscVal = make([]float32, nnz)
		for pos, i := range st.rows {
			lo := a.Indptr[i]
			for q, j := range a.Ind[lo:a.Indptr[i+1]] {
				sd.cscPos[fill[j]] = int32(pos)
				sd.cscVal[fill[j]] = a.Val[lo+int64(q)]
				fill[j]++
			}
		}
	}
	return sd
}

// seed fills init (k×d) with the configured seeds followed by greedy
// k-means++ picks among the non-zero rows, drawing from cfg.src.
func (st *lloyd) seed(ctx context.Context, cfg *kmConfig, init []float64) error {
	d, k := st.d, st.k
	trials := 2 + int(math.Log(float64(k))) // scikit-learn's n_local_trials
	if st.sd == nil {
		st.sd = st.newSeeding(max(trials, cfg.nSeeds, 1))
	}
	sd := st.sd
	clear(sd.chosen)
	for p := range sd.dist {
		sd.dist[p] = 1
	}
	// The first pick, when there are no seeds, is uniform over the rows.
	w := sampleuv.NewWeighted(sd.dist, cfg.src)

	have := cfg.nSeeds
	copy(init, cfg.seeds)
	if have == 0 {
		p, _ := w.Take() // there are at least k ≥ 1 rows
		st.rowSims([]int{p})
		st.keepSeedSims(0, sd.sims[0])
		sd.chosen[p] = true
		st.setRow(init[:d], p)
		have = 1
	} else {
		copy(sd.cand.rows, cfg.seeds)
		sd.cand.m = have
		sd.cand.sync()
		st.kernelSims()
		for l := range have {
			st.keepSeedSims(l, sd.sims[l])
		}
	}
	for p := range sd.dist {
		sd.dist[p] = math.Inf(1)
		for l := range max(cfg.nSeeds, 1) {
			sd.dist[p] = min(sd.dist[p], max(0, 1-sd.sims[l][p]))
		}
	}

	cands := make([]int, 0, trials)
	for ; have < k; have++ {
		if err := ctx.Err(); err != nil {
			return err
		}
		for p, c := range sd.chosen {
			if c {
				sd.dist[p] = 0
			}
		}
		w.ReweightAll(sd.dist)
		cands = cands[:0]
		for range trials {
			p, ok := w.Take()
			if !ok {
				break
			}
			cands = append(cands, p)
		}
		if len(cands) == 0 {
			// Every row coincides with a chosen centre: take the first
			// row not yet chosen, so that the centres stay distinct rows.
			for p, c := range sd.chosen {
				if !c {
					cands = append(cands, p)
					break
				}
			}
		}
		st.rowSims(cands)
		// Each candidate's potential is summed in position order by one
		// goroutine.
		kmRun(kmWorkers(len(cands)), len(cands), func(_, l int) {
			var pot float64
			for p, s := range sd.sims[l] {
				pot += min(sd.dist[p], max(0, 1-s))
			}
			sd.pot[l] = pot
		})
		b := 0
		for l := 1; l < len(cands); l++ {
			if sd.pot[l] < sd.pot[b] {
				b = l
			}
		}
		for p, s := range sd.sims[b] {
			sd.dist[p] = min(sd.dist[p], max(0, 1-s))
		}
		sd.chosen[cands[b]] = true
		st.setRow(init[have*d:(have+1)*d], cands[b])
		st.keepSeedSims(have, sd.sims[b])
	}
	st.seeded = st.elkan
	return nil
}

// keepSeedSims records, when assignElkan can use them, the cosines of
// every position with centre c of the seeding: the values the first
// assignment would compute again.
func (st *lloyd) keepSeedSims(c int, sims []float64) {
	if !st.elkan {
		return
	}
	k := st.k
	for p, s := range sims[:len(st.rows)] {
		st.seedSims[p*k+c] = s
	}
}

// setRow copies the row at position p into the dense vector dst.
func (st *lloyd) setRow(dst []float64, p int) {
	clear(dst)
	st.X.AddTo(st.rows[p], 1, dst)
}

// rowSims sets sd.sims[l][p] to the cosine between the rows at positions
// cands[l] and p. For a CSR it scatters each candidate's entries down the
// columns (one goroutine per candidate, so the order of every sum is
// fixed); otherwise it densifies the candidates and uses the kernel.
func (st *lloyd) rowSims(cands []int) {
	sd := st.sd
	if a := st.cs.csr; a != nil {
		kmRun(kmWorkers(len(cands)), len(cands), func(_, l int) {
			acc := sd.sims[l]
			clear(acc)
			i := st.rows[cands[l]]
			lo := a.Indptr[i]
			for q, j := range a.Ind[lo:a.Indptr[i+1]] {
				v := float64(a.Val[lo+int64(q)])
				c0, c1 := sd.cscPtr[j], sd.cscPtr[j+1]
				val := sd.cscVal[c0:c1]
				for r, p := range sd.cscPos[c0:c1] {
					acc[p] += v * float64(val[r])
				}
			}
		})
		return
	}
	sd.cand.m = len(cands)
	for l, p := range cands {
		st.setRow(sd.cand.row(l), p)
	}
	sd.cand.sync()
	st.kernelSims()
}

// kernelSims sets sd.sims[l][p] to the cosine between the row at position
// p and the dense vector sd.cand.row(l), for l < sd.cand.m.
func (st *lloyd) kernelSims() {
	sd, n, m := st.sd, len(st.rows), st.sd.cand.m
	if st.dense != nil {
		// The values of DotDense, without the interface call.
		kmRun(st.workers, len(st.changed), func(_, t int) {
			lo, hi := kmChunkRange(t, n)
			for p := lo; p < hi; p++ {
				i := st.rows[p] * st.stride
				x := st.dense[i : i+st.d]
				for l := range m {
					sd.sims[l][p] = floats.Dot(x, sd.cand.row(l))
				}
			}
		})
		return
	}
	out := make([][]float64, st.workers)
	for w := range out {
		out[w] = make([]float64, m)
	}
	kmRun(st.workers, len(st.changed), func(w, t int) {
		lo, hi := kmChunkRange(t, n)
		for p := lo; p < hi; p++ {
			sd.cand.sims(st.rows[p], out[w])
			for l, s := range out[w][:m] {
				sd.sims[l][p] = s
			}
		}
	})
}
