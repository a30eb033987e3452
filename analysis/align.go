package analysis

import (
	"cmp"
	"fmt"
	"math"
	"slices"
	"strings"

	"newsclust/model"
	"newsclust/report"
)

// AlignThreshold is the least cosine between a new cluster's centroid and
// an earlier one (over the words both vocabularies have) for the new
// cluster to continue the earlier one; it must also pass the cosine of
// the two nearest earlier centroids by alignMargin. On 20 Newsgroups
// (comp.graphics and sci.space, then those with rec.sport.hockey added)
// clusters of one group fitted on different articles matched at 0.88 to
// 0.995, while the two earlier centroids had a cosine above 0.5: centroids
// share common words.
const AlignThreshold = 0.5

// alignMargin is how far above the cosine of the two nearest earlier
// centroids a match must be.
const alignMargin = 0.05

// alignIDs numbers the clusters of r after those of the earlier model m:
// pairs of clusters are matched greedily, best cosine first, each at most
// once, while the cosine reaches AlignThreshold; a matched cluster takes
// the earlier cluster's id, the others fresh ids above every earlier id
// in the order of their index. It returns the changes between the two
// clusterings: continued, split, merged, appeared and faded clusters.
func (r *runner) alignIDs(m *model.Model) []report.ClusterChange {
	sim := r.centroidSims(m)
	thr := alignThreshold(m)
	r.ids = matchIDs(m, sim, thr)
	return clusterChanges(m, sim, thr, r.ids, r.res.Sizes)
}

// centroidSims returns sim[new][old], the cosine of each centroid of r
// with each centroid of the earlier model m, the two vocabularies meeting
// by word.
func (r *runner) centroidSims(m *model.Model) [][]float64 {
	k, ko := len(r.res.Sizes), len(m.Clusters)
	oldCol := make(map[string]int, len(m.Vectorizer.Terms))
	for j, t := range m.Vectorizer.Terms {
		oldCol[t] = j
	}
	sim := make([][]float64, k)
	for c := range k {
		sim[c] = make([]float64, ko)
		row := r.centroids.RawRowView(c)
		for j, x := range row {
			if x == 0 {
				continue
			}
			if oj, ok := oldCol[r.ing.vz.Terms[j]]; ok {
				for o := range ko {
					sim[c][o] += x * float64(m.Centroid(o)[oj])
				}
			}
		}
	}
	return sim
}

// alignThreshold returns the cosine a match must reach. Centroids share
// common words, so clusters of different themes can pass AlignThreshold:
// a match must also beat the cosine between the two nearest earlier
// centroids by alignMargin.
func alignThreshold(m *model.Model) float64 {
	ko := len(m.Clusters)
	thr := AlignThreshold
	for a := range ko {
		for b := a + 1; b < ko; b++ {
			d := 0.0
			ca, cb := m.Centroid(a), m.Centroid(b)
			for j := range ca {
				d += float64(ca[j]) * float64(cb[j])
			}
			thr = max(thr, d+alignMargin)
		}
	}
	return thr
}

// matchIDs returns the id of each new cluster: the pairs of sim at or
// above thr are matched greedily, best cosine first (ties in index
// order), each cluster at most once; a matched new cluster takes its old
// cluster's id, the others fresh ids above every id of m in index order.
func matchIDs(m *model.Model, sim [][]float64, thr float64) []int {
	k, ko := len(sim), len(m.Clusters)
	type pair struct {
		n, o int
		cos  float64
	}
	var pairs []pair
	for c := range k {
		for o := range ko {
			if sim[c][o] >= thr {
				pairs = append(pairs, pair{c, o, sim[c][o]})
			}
		}
	}
	slices.SortStableFunc(pairs, func(a, b pair) int { return cmp.Compare(b.cos, a.cos) })
	ids := make([]int, k)
	taken := make([]bool, ko)
	matched := make([]bool, k)
	for _, p := range pairs {
		if matched[p.n] || taken[p.o] {
			continue
		}
		matched[p.n], taken[p.o] = true, true
		ids[p.n] = m.Clusters[p.o].ID
	}
	next := 0
	for _, c := range m.Clusters {
		next = max(next, c.ID+1)
	}
	for c := range k {
		if !matched[c] {
			ids[c] = next
			next++
		}
	}
	return ids
}

// clusterChanges returns the changes from the clusters of m to the new
// ones (with their ids and sizes): each new cluster against the old ones
// it reaches (sim at or above thr), then the old ones no new cluster
// reaches, as faded.
func clusterChanges(m *model.Model, sim [][]float64, thr float64, ids, sizes []int) []report.ClusterChange {
	k, ko := len(sim), len(m.Clusters)
	newOf := make([][]int, ko) // old → new clusters reaching it
	for c := range k {
		for o := range ko {
			if sim[c][o] >= thr {
				newOf[o] = append(newOf[o], c)
			}
		}
	}
	var ch []report.ClusterChange
	for c := range k {
		var olds []int
		best := 0.0
		for o := range ko {
			if sim[c][o] >= thr {
				olds = append(olds, m.Clusters[o].ID)
				best = max(best, sim[c][o])
			}
		}
		cc := report.ClusterChange{ID: ids[c], Cluster: c, Size: sizes[c], Cosine: best}
		for o := range ko {
			if m.Clusters[o].ID == ids[c] {
				cc.OldSize = m.Clusters[o].Size
			}
		}
		switch {
		case len(olds) == 0:
			cc.Change = "appeared"
		case len(olds) > 1:
			cc.Change = "merged"
		case len(newOf[slices.IndexFunc(m.Clusters, func(x model.Cluster) bool { return x.ID == olds[0] })]) > 1:
			cc.Change = "split"
		default:
			cc.Change = "continued"
		}
		cc.From = olds
		ch = append(ch, cc)
	}
	for o := range ko {
		if len(newOf[o]) == 0 {
			ch = append(ch, report.ClusterChange{ID: m.Clusters[o].ID, Cluster: -1, OldSize: m.Clusters[o].Size, Change: "faded", From: []int{m.Clusters[o].ID}, Label: m.Clusters[o].Label})
		}
	}
	for i := range ch {
		if math.IsNaN(ch[i].Cosine) {
			ch[i].Cosine = 0
		}
	}
	return ch
}

// changesNote summarises the changes for the report's notes.
func changesNote(ch []report.ClusterChange) string {
	count := map[string]int{}
	for _, c := range ch {
		count[c.Change]++
	}
	var parts []string
	for _, k := range []string{"continued", "split", "merged", "appeared", "faded"} {
		if count[k] > 0 {
			parts = append(parts, fmt.Sprintf("%d %s", count[k], k))
		}
	}
	return "Aligned with the earlier analysis (cluster ids follow it; changes.csv lists each cluster): " + strings.Join(parts, ", ") + "."
}
