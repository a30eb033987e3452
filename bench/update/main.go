// Command update measures newsclust update (analysis.Update) on labelled
// corpora: a model is fitted on the training side of some labels, then a
// batch of held-out articles of those labels and of one label the model
// never saw is folded in.
//
//	go run ./bench/update [-corpus FILE] [-old L,L,...] [-new L] [-batch N] [-k N] [-seed N]
//
// The split is the one of bench/compare_eval.py: an article whose crc32(id)
// is divisible by 5 is held out. The batch is every held-out article of
// the new label (at most a quarter of -batch) and an even spread of the
// held-out articles of the old labels. It prints
//
//   - kept: the share of old articles whose cluster id is unchanged;
//   - new-topic F1: articles of the new label against articles placed in
//     clusters the update opened;
//   - own-topic: the share of the other new articles placed in a cluster
//     whose old articles are mostly of their label;
//   - new_topic F1: the new label against the new_topic flag;
//   - the time of the update (reading the batch to the finished result).
package main

import (
	"bytes"
	"context"
	"flag"
	"fmt"
	"hash/crc32"
	"io"
	"newsclust/bench/internal/labelled"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"syscall"
	"time"

	"newsclust/analysis"
	"newsclust/model"
)

type doc = labelled.Doc

func main() {
	if err := run(os.Args[1:], os.Stdout); err != nil {
		fmt.Fprintln(os.Stderr, "update:", err)
		os.Exit(1)
	}
}

// run parses the flags in args, fits and updates a model as the command
// doc says and prints the measures to out.
func run(args []string, out io.Writer) error {
	fs := flag.NewFlagSet("update", flag.ContinueOnError)
	path := fs.String("corpus", "../shared/corpora/20newsgroups.jsonl.gz", "labelled JSONL corpus")
	oldLabels := fs.String("old", "alt.atheism,comp.graphics,sci.space,talk.religion.misc", "labels of the model, comma-separated")
	newLabel := fs.String("new", "rec.sport.hockey", "label held out of the model")
	batch := fs.Int("batch", 450, "articles in the update")
	k := fs.Int("k", 0, "clusters of the model (0: one per old label)")
	seed := fs.Uint64("seed", 1, "seed of analyze and update")
	if err := fs.Parse(args); err != nil {
		return err
	}
	olds := strings.Split(*oldLabels, ",")
	docs, err := labelled.Read(*path)
	if err != nil {
		return err
	}
	train, upd, heldNew := splitCorpus(docs, olds, *newLabel, *batch)
	o := analysis.DefaultOptions()
	o.Seed = *seed
	o.K = *k
	if o.K == 0 {
		o.K = len(olds)
	}
	m, up, t, err := fitAndUpdate(train, upd, o)
	if err != nil {
		return err
	}
	s := score(docs, m, up, *newLabel)
	f1 := func(tp, fp, fn int) float64 { return 2 * float64(tp) / float64(max(1, 2*tp+fp+fn)) }
	fmt.Fprintf(out, "corpus=%s old=%s new=%s seed=%d\n", filepath.Base(*path), *oldLabels, *newLabel, *seed)
	fmt.Fprintf(out, "  model %d articles, %d clusters; update %d articles (%d of the new label), %d skipped\n",
		len(m.Articles), len(m.Clusters), len(up.Report.Update.New), len(heldNew), len(upd)-len(up.Report.Update.New))
	fmt.Fprintf(out, "  old articles in a cluster of their label's majority %.4f (the best own-topic can be with these clusters)\n", float64(s.oldOwn)/float64(len(m.Articles)))
	fmt.Fprintf(out, "  kept %.4f  new-topic F1 %.4f (tp %d fp %d fn %d, %d new clusters)  own-topic %.4f  new_topic flag F1 %.4f  time %.2f s (CPU %.2f s)\n",
		float64(s.kept)/float64(len(m.Articles)), f1(s.tp, s.fp, s.fn), s.tp, s.fp, s.fn, len(up.Report.Update.NewClusters),
		float64(s.own)/float64(max(1, s.others)), f1(s.ftp, s.ffp, s.ffn), t.elapsed.Seconds(), t.cpu.Seconds())
	return nil
}

// splitCorpus returns the training articles (of the old labels, not held
// out) and the update batch (see the command doc), in feed order, and the
// held-out articles of the new label in the batch.
func splitCorpus(docs []doc, olds []string, newLabel string, batch int) (train, upd, heldNew []doc) {
	var heldOld []doc
	for _, d := range docs {
		held := crc32.ChecksumIEEE([]byte(d.ID))%5 == 0
		switch {
		case d.Label == newLabel && held:
			heldNew = append(heldNew, d)
		case slices.Contains(olds, d.Label) && held:
			heldOld = append(heldOld, d)
		case slices.Contains(olds, d.Label):
			train = append(train, d)
		}
	}
	heldNew = heldNew[:min(len(heldNew), batch/4)]
	nOld := min(len(heldOld), batch-len(heldNew))
	for j := range nOld { // an even spread, in corpus order
		upd = append(upd, heldOld[j*len(heldOld)/nOld])
	}
	upd = append(upd, heldNew...)
	// Interleave old-label and new-label articles as a day's feed would.
	slices.SortStableFunc(upd, func(a, b doc) int {
		return int(crc32.ChecksumIEEE([]byte(a.ID))>>8) - int(crc32.ChecksumIEEE([]byte(b.ID))>>8)
	})
	return train, upd, heldNew
}

// timing is how long the update took, by the wall clock and in CPU.
type timing struct{ elapsed, cpu time.Duration }

// fitAndUpdate analyzes train with o, round-trips the model through its
// saved form and folds upd into it with o.K = 0, timing the update alone.
// It returns the model before the update and the update's result.
func fitAndUpdate(train, upd []doc, o analysis.Options) (*model.Model, *analysis.Result, timing, error) {
	work, err := os.MkdirTemp("", "bench-update-")
	if err != nil {
		return nil, nil, timing{}, err
	}
	defer os.RemoveAll(work)
	trainPath, updPath := filepath.Join(work, "train.jsonl"), filepath.Join(work, "update.jsonl")
	if err := labelled.Write(trainPath, train); err != nil {
		return nil, nil, timing{}, err
	}
	if err := labelled.Write(updPath, upd); err != nil {
		return nil, nil, timing{}, err
	}
	ctx := context.Background()
	res, err := analysis.Run(ctx, []string{trainPath}, o)
	if err != nil {
		return nil, nil, timing{}, err
	}
	var buf bytes.Buffer
	if err := model.Write(&buf, res.Model); err != nil {
		return nil, nil, timing{}, err
	}
	m, err := model.Read(&buf)
	if err != nil {
		return nil, nil, timing{}, err
	}
	o.K = 0
	start, cpu0 := time.Now(), cpuTime()
	up, err := analysis.Update(ctx, m, []string{updPath}, o, model.StoryRule{})
	if err != nil {
		return nil, nil, timing{}, err
	}
	return m, up, timing{time.Since(start), cpuTime() - cpu0}, nil
}

// scores are the counts the measures are made of: old articles kept in
// their cluster id and in a cluster of their label's majority; new
// clusters against the new label (tp, fp, fn); the new_topic flag against
// it (ftp, ffp, ffn); the other new articles (others) and those of them
// placed in a cluster of their label's majority (own).
type scores struct {
	kept, oldOwn  int
	tp, fp, fn    int
	ftp, ffp, ffn int
	own, others   int
}

// score counts the scores of the update up of model m, the labels from docs.
func score(docs []doc, m *model.Model, up *analysis.Result, newLabel string) scores {
	label := map[string]string{}
	for _, d := range docs {
		label[d.ID] = d.Label
	}
	// Old articles: the same cluster id before and after.
	before := map[string]int{}
	for _, a := range m.Articles {
		before[a.ID] = m.Clusters[a.Cluster].ID
	}
	var s scores
	for _, a := range up.Model.Articles {
		if id, ok := before[a.ID]; ok && up.Model.Clusters[a.Cluster].ID == id {
			s.kept++
		}
	}
	major := majorityLabels(up.Model, before, label)
	for _, a := range up.Model.Articles {
		if _, ok := before[a.ID]; ok && major[a.Cluster] == label[a.ID] {
			s.oldOwn++
		}
	}
	for _, n := range up.Report.Update.New {
		isNew := label[n.Article] == newLabel
		switch {
		case isNew && n.NewCluster:
			s.tp++
		case n.NewCluster:
			s.fp++
		case isNew:
			s.fn++
		}
		switch {
		case isNew && n.NewTopic:
			s.ftp++
		case n.NewTopic:
			s.ffp++
		case isNew:
			s.ffn++
		}
		if !isNew {
			s.others++
			if major[n.Cluster] == label[n.Article] {
				s.own++
			}
		}
	}
	return s
}

// majorityLabels returns each cluster's majority label among the old
// articles (those in before) of the updated model um, the lower label on
// ties.
func majorityLabels(um *model.Model, before map[string]int, label map[string]string) map[int]string {
	count := map[int]map[string]int{}
	for _, a := range um.Articles {
		if _, ok := before[a.ID]; ok {
			if count[a.Cluster] == nil {
				count[a.Cluster] = map[string]int{}
			}
			count[a.Cluster][label[a.ID]]++
		}
	}
	major := map[int]string{}
	for c, m := range count {
		best := ""
		for l, n := range m {
			if best == "" || n > m[best] || (n == m[best] && l < best) {
				best = l
			}
		}
		major[c] = best
	}
	return major
}

// cpuTime is the CPU time the process has used, user and system: on a
// shared machine a steadier measure than the wall clock.
func cpuTime() time.Duration {
	var ru syscall.Rusage
	if err := syscall.Getrusage(syscall.RUSAGE_SELF, &ru); err != nil {
		return 0
	}
	return time.Duration(ru.Utime.Nano() + ru.Stime.Nano())
}
