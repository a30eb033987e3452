// Command themes measures theme detection (vectorize.Model.Themes and
// cluster.LearnThemes) on labelled corpora: each label of a subset becomes a
// theme of three seed words (seeds-<corpus>.txt, fixed before any result
// was seen), and the detection is scored against the labels.
//
//	go run ./bench/themes [-corpora DIR] [-subsets FILE] [-seeds DIR]
//
// For every subset of subsets.txt it prints the accuracy of the most
// relevant theme (beside the accuracy of the largest share of the
// ThemeShares method it replaced, kept here as oldThemeShares), the
// precision, recall and
// F1 of the about decision per theme and overall (micro over all
// row-theme pairs, and the macro mean over themes), and the same about
// scores with each label in turn given no theme, whose rows must then be
// about none. Corpora that are absent are skipped with a note.
package main

import (
	"bufio"
	"context"
	"errors"
	"flag"
	"fmt"
	"io"
	"math"
	"os"
	"os/signal"
	"path/filepath"
	"runtime"
	"slices"
	"strings"
	"time"

	"newsclust/cluster"
	"newsclust/corpus"
	"newsclust/vectorize"
	"newsclust/vectorize/sparse"
)

func main() {
	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt)
	defer stop()
	if err := run(ctx, os.Args[1:], os.Stdout); err != nil {
		fmt.Fprintln(os.Stderr, "themes:", err)
		os.Exit(1)
	}
}

// themeOpts are the detection options every run uses.
var themeOpts cluster.ThemeOptions

type subset struct {
	corpus string
	labels []string
}

func run(ctx context.Context, args []string, out io.Writer) error {
	fs := flag.NewFlagSet("themes", flag.ContinueOnError)
	dir := fs.String("corpora", "../shared/corpora", "folder of the labelled corpora")
	subsets := fs.String("subsets", "bench/themes/subsets.txt", "label subsets, one a line: corpus: labels")
	seedDir := fs.String("seeds", "bench/themes", "folder of seeds-<corpus>.txt")
	fs.IntVar(&themeOpts.Rounds, "rounds", 0, "EM rounds (ThemeOptions.Rounds; 0: the default)")
	fs.Float64Var(&themeOpts.Threshold, "threshold", 0, "about threshold (ThemeOptions.Threshold; 0: the default)")
	speed := fs.Bool("speed", false, "time vectorizing and theme detection on all of 20 Newsgroups instead")
	if err := fs.Parse(args); err != nil {
		return err
	}
	if *speed {
		return speedRun(ctx, out, filepath.Join(*dir, "20newsgroups.jsonl.gz"), filepath.Join(*seedDir, "seeds-20newsgroups.txt"))
	}
	subs, err := readSubsets(*subsets)
	if err != nil {
		return err
	}
	fmt.Fprintf(out, "GOMAXPROCS %d, %s\n", runtime.GOMAXPROCS(0), time.Now().UTC().Format("2006-01-02 15:04 UTC"))
	docsOf := map[string][]corpus.Document{}
	for _, s := range subs {
		docs, ok := docsOf[s.corpus]
		if !ok {
			path := filepath.Join(*dir, s.corpus+".jsonl.gz")
			if _, err := os.Stat(path); err != nil {
				fmt.Fprintf(out, "\n%s: skipped (%v)\n", s.corpus, err)
				docsOf[s.corpus] = nil
				continue
			}
			c, err := corpus.Read(ctx, []string{path}, corpus.Options{})
			if err != nil {
				return err
			}
			docs = c.Docs
			docsOf[s.corpus] = docs
		}
		if docs == nil {
			continue
		}
		seeds, err := readSeeds(filepath.Join(*seedDir, "seeds-"+s.corpus+".txt"))
		if err != nil {
			return err
		}
		if err := evalSubset(ctx, out, s, docs, seeds); err != nil {
			return err
		}
	}
	return nil
}

func readSubsets(path string) ([]subset, error) {
	f, err := os.Open(path)
	if err != nil {
		return nil, err
	}
	defer f.Close()
	var subs []subset
	sc := bufio.NewScanner(f)
	ln := 0
	for sc.Scan() {
		ln++
		line, _, _ := strings.Cut(sc.Text(), "#")
		if strings.TrimSpace(line) == "" {
			continue
		}
		name, labels, ok := strings.Cut(line, ":")
		if !ok {
			return nil, fmt.Errorf("%s:%d: no ':'", path, ln)
		}
		subs = append(subs, subset{strings.TrimSpace(name), strings.Fields(labels)})
	}
	return subs, sc.Err()
}

func readSeeds(path string) (map[string]vectorize.Theme, error) {
	f, err := os.Open(path)
	if err != nil {
		return nil, err
	}
	defer f.Close()
	themes, err := vectorize.ParseThemes(f, path)
	if err != nil {
		return nil, err
	}
	m := map[string]vectorize.Theme{}
	for _, t := range themes {
		m[t.Name] = t
	}
	return m, nil
}

// prf holds counts for precision, recall and F1.
type prf struct{ tp, fp, fn int }

func (c prf) scores() (p, r, f float64) {
	if c.tp+c.fp > 0 {
		p = float64(c.tp) / float64(c.tp+c.fp)
	}
	if c.tp+c.fn > 0 {
		r = float64(c.tp) / float64(c.tp+c.fn)
	}
	if p+r > 0 {
		f = 2 * p * r / (p + r)
	}
	return p, r, f
}

func evalSubset(ctx context.Context, out io.Writer, s subset, all []corpus.Document, seeds map[string]vectorize.Theme) error {
	var texts, labels []string
	for _, d := range all {
		if slices.Contains(s.labels, d.Label) {
			texts = append(texts, d.Title+"\n\n"+d.Text)
			labels = append(labels, d.Label)
		}
	}
	fmt.Fprintf(out, "\n== %s: %s (%d docs)\n", s.corpus, strings.Join(s.labels, " "), len(texts))
	if len(texts) == 0 {
		return errors.New("no documents with these labels")
	}
	// analyze's defaults: sublinear tf, min-df 2 and max-df 0.5 from 100 units.
	opts := vectorize.Options{Sublinear: true, MinDF: 2, MaxDF: 0.5}
	t0 := time.Now()
	vm, X, err := vectorize.Fit(ctx, texts, opts)
	if err != nil {
		return err
	}
	tFit := time.Since(t0)
	for _, l := range s.labels {
		fmt.Fprintf(out, "seeds %s: %s\n", l, strings.Join(seeds[l].Terms, " "))
	}

	// All labels as themes.
	res, err := detect(ctx, out, vm, X, texts, labels, s.labels, seeds, tFit, true)
	if err != nil {
		return err
	}
	fmt.Fprintf(out, "all labels themed: accuracy %.4f (ThemeShares %.4f); about micro P %.4f R %.4f F1 %.4f, macro F1 %.4f\n",
		res.acc, res.oldAcc, res.micro[0], res.micro[1], res.micro[2], res.macro)
	fmt.Fprintf(out, "  about micro F1 at threshold 0.1 / 0.2 / 0.3: %.4f / %.4f / %.4f\n", res.thrF1[0], res.thrF1[1], res.thrF1[2])
	for k, l := range s.labels {
		fmt.Fprintf(out, "  %-24s P %.4f R %.4f F1 %.4f\n", l, res.per[k][0], res.per[k][1], res.per[k][2])
	}
	// Each label in turn left without a theme.
	var sumF, sumMacro, sumNone float64
	var sumThr [3]float64
	for k, left := range s.labels {
		themed := slices.Delete(slices.Clone(s.labels), k, k+1)
		r, err := detect(ctx, out, vm, X, texts, labels, themed, seeds, tFit, false)
		if err != nil {
			return err
		}
		fmt.Fprintf(out, "  left out %-24s about micro P %.4f R %.4f F1 %.4f, macro F1 %.4f; its rows about none %.4f\n",
			left, r.micro[0], r.micro[1], r.micro[2], r.macro, r.noneLeft)
		sumF += r.micro[2]
		sumMacro += r.macro
		sumNone += r.noneLeft
		for k := range sumThr {
			sumThr[k] += r.thrF1[k]
		}
	}
	nl := float64(len(s.labels))
	fmt.Fprintf(out, "one label left out (mean of %d): about micro F1 %.4f, macro F1 %.4f, left-out rows about none %.4f\n",
		len(s.labels), sumF/nl, sumMacro/nl, sumNone/nl)
	fmt.Fprintf(out, "  left out, about micro F1 at threshold 0.1 / 0.2 / 0.3: %.4f / %.4f / %.4f\n", sumThr[0]/nl, sumThr[1]/nl, sumThr[2]/nl)
	return nil
}

type scores struct {
	acc, oldAcc float64
	micro       [3]float64
	macro       float64
	per         [][3]float64
	noneLeft    float64    // share of the rows of unthemed labels about no theme
	thrF1       [3]float64 // micro F1 of about at thresholds 0.1, 0.2, 0.3
}

func detect(ctx context.Context, out io.Writer, vm *vectorize.Model, X *sparse.CSR, texts, labels, themed []string, seeds map[string]vectorize.Theme, tFit time.Duration, verbose bool) (scores, error) {
	var themes []vectorize.Theme
	for _, l := range themed {
		th, ok := seeds[l]
		if !ok {
			return scores{}, fmt.Errorf("no seeds for label %q", l)
		}
		themes = append(themes, th)
	}
	T, n := len(themes), X.Rows()
	t0 := time.Now()
	ts := vm.Themes(themes)
	var phrases []float32
	if ts.HasPhrases() {
		phrases = make([]float32, n*T)
		for i, text := range texts {
			copy(phrases[i*T:], ts.Match(text).Weights)
		}
	}
	words := ts.Words
	tMatch := time.Since(t0)
	t1 := time.Now()
	model, res, err := cluster.LearnThemes(ctx, X, cluster.ThemeSeeds{Words: words, Phrases: phrases}, themeOpts)
	if err != nil {
		return scores{}, err
	}
	tLearn := time.Since(t1)
	if verbose {
		fmt.Fprintf(out, "time: vectorize %.2fs, themes+phrases %.3fs, learn %.3fs (%.1f%% of vectorize)\n",
			tFit.Seconds(), tMatch.Seconds(), tLearn.Seconds(), 100*(tMatch+tLearn).Seconds()/tFit.Seconds())
		for t, th := range themes {
			var w []string
			for _, j := range model.Terms[t][:min(10, len(model.Terms[t]))] {
				w = append(w, vm.Surface[j])
			}
			fmt.Fprintf(out, "learned %s (%d seeded, missing %q): %s\n", th.Name, res.Seeded[t], ts.Missing[t], strings.Join(w, ", "))
		}
	}
	var sc scores
	// Old method: the largest ThemeShares share (a row with none is wrong).
	var vecs []sparse.Vector
	for _, th := range themes {
		vecs = append(vecs, oldThemeVector(vm, th))
	}
	shares := oldThemeShares(X, vecs)
	counts := make([]prf, T)
	var right, oldRight, inThemed, left, leftNone int
	for i, row := range res.Rows {
		truth := slices.Index(themed, labels[i])
		if truth >= 0 {
			inThemed++
			if row.Best == truth {
				right++
			}
			if b := argmax(shares[i]); b == truth && shares[i][b] > 0 {
				oldRight++
			}
		} else {
			left++
			if !slices.Contains(row.About, true) {
				leftNone++
			}
		}
		for t := range T {
			switch {
			case row.About[t] && t == truth:
				counts[t].tp++
			case row.About[t]:
				counts[t].fp++
			case t == truth:
				counts[t].fn++
			}
		}
	}
	sc.acc = float64(right) / float64(inThemed)
	sc.oldAcc = float64(oldRight) / float64(inThemed)
	if left > 0 {
		sc.noneLeft = float64(leftNone) / float64(left)
	}
	var tot prf
	for _, c := range counts {
		tot.tp += c.tp
		tot.fp += c.fp
		tot.fn += c.fn
		p, r, f := c.scores()
		sc.per = append(sc.per, [3]float64{p, r, f})
		sc.macro += f / float64(T)
	}
	sc.micro[0], sc.micro[1], sc.micro[2] = tot.scores()
	// The micro F1 had the about threshold been 0.1, 0.2 or 0.3.
	for k, thr := range []float64{0.1, 0.2, 0.3} {
		var c prf
		for i, row := range res.Rows {
			truth := slices.Index(themed, labels[i])
			for t, rel := range row.Relevance {
				a := rel >= thr
				switch {
				case a && t == truth:
					c.tp++
				case a:
					c.fp++
				case t == truth:
					c.fn++
				}
			}
		}
		_, _, sc.thrF1[k] = c.scores()
	}
	return sc, nil
}

func argmax(x []float64) int {
	b := 0
	for i, v := range x {
		if v > x[b] {
			b = i
		}
	}
	return b
}

// speedRun times, on all of 20 Newsgroups, vectorizing with analyze's
// defaults beside theme detection (phrase matching and LearnThemes) with
// the three themes of testdata/themes.txt and with the twelve seeded
// groups, each the median of 5 runs.
func speedRun(ctx context.Context, out io.Writer, path, seedsPath string) error {
	if _, err := os.Stat(path); err != nil {
		fmt.Fprintf(out, "speed: skipped (%v)\n", err)
		return nil
	}
	c, err := corpus.Read(ctx, []string{path}, corpus.Options{})
	if err != nil {
		return err
	}
	texts := make([]string, len(c.Docs))
	for i, d := range c.Docs {
		texts[i] = d.Title + "\n\n" + d.Text
	}
	median := func(f func() error) (time.Duration, error) {
		var ds []time.Duration
		for range 5 {
			t0 := time.Now()
			if err := f(); err != nil {
				return 0, err
			}
			ds = append(ds, time.Since(t0))
		}
		slices.Sort(ds)
		return ds[2], nil
	}
	var vm *vectorize.Model
	var X *sparse.CSR
	tFit, err := median(func() error {
		var err error
		vm, X, err = vectorize.Fit(ctx, texts, vectorize.Options{Sublinear: true, MinDF: 2, MaxDF: 0.5})
		return err
	})
	if err != nil {
		return err
	}
	fmt.Fprintf(out, "20 Newsgroups, %d docs, %d terms, %d stored entries: vectorize.Fit %.3fs (median of 5)\n", X.Rows(), X.Dims(), X.NNZ(), tFit.Seconds())
	f, err := os.Open("testdata/themes.txt")
	if err != nil {
		return err
	}
	defer f.Close()
	news, err := vectorize.ParseThemes(f, "testdata/themes.txt")
	if err != nil {
		return err
	}
	seeds, err := readSeeds(seedsPath)
	if err != nil {
		return err
	}
	var groups []vectorize.Theme
	for _, t := range seeds {
		groups = append(groups, t)
	}
	slices.SortFunc(groups, func(a, b vectorize.Theme) int { return strings.Compare(a.Name, b.Name) })
	for _, set := range []struct {
		name   string
		themes []vectorize.Theme
	}{{"testdata/themes.txt (3 themes, 9 phrases)", news}, {"12 seeded groups", groups}} {
		ts := vm.Themes(set.themes)
		T := len(set.themes)
		var phrases []float32
		tMatch, err := median(func() error {
			if !ts.HasPhrases() {
				return nil
			}
			phrases = make([]float32, len(texts)*T)
			// Fixed chunks on GOMAXPROCS goroutines, as analyze would run it.
			const chunk = 256
			nch := (len(texts) + chunk - 1) / chunk
			next := make(chan int)
			done := make(chan struct{})
			for range runtime.GOMAXPROCS(0) {
				go func() {
					for ch := range next {
						for i := ch * chunk; i < min(len(texts), (ch+1)*chunk); i++ {
							copy(phrases[i*T:], ts.Match(texts[i]).Weights)
						}
					}
					done <- struct{}{}
				}()
			}
			for ch := range nch {
				next <- ch
			}
			close(next)
			for range runtime.GOMAXPROCS(0) {
				<-done
			}
			return nil
		})
		if err != nil {
			return err
		}
		tLearn, err := median(func() error {
			_, _, err := cluster.LearnThemes(ctx, X, cluster.ThemeSeeds{Words: ts.Words, Phrases: phrases}, cluster.ThemeOptions{})
			return err
		})
		if err != nil {
			return err
		}
		fmt.Fprintf(out, "%s: phrase matching %.3fs, LearnThemes %.3fs; together %.1f%% of vectorize.Fit, %.1f%% of a 4.5 s analyze\n",
			set.name, tMatch.Seconds(), tLearn.Seconds(), 100*(tMatch+tLearn).Seconds()/tFit.Seconds(), 100*(tMatch+tLearn).Seconds()/4.5)
	}
	return nil
}

// oldThemeVector is the theme vector of the method LearnThemes replaced
// (once vectorize.Model.ThemeVector): every distinct analysed term of the
// theme's terms that has a column, weighted by IDF, the vector of unit
// length.
func oldThemeVector(m *vectorize.Model, th vectorize.Theme) sparse.Vector {
	var cols []int32
	for _, w := range th.Terms {
		for _, term := range m.Analyzer().Terms(w) {
			if c, ok := m.Column(term); ok {
				cols = append(cols, int32(c))
			}
		}
	}
	slices.Sort(cols)
	cols = slices.Compact(cols)
	v := sparse.Vector{Ind: cols, Val: make([]float32, len(cols))}
	var ss float64
	for _, c := range cols {
		ss += m.IDF[c] * m.IDF[c]
	}
	for k, c := range cols {
		v.Val[k] = float32(m.IDF[c] / math.Sqrt(ss))
	}
	return v
}

// oldThemeShares is the shares of the replaced method (once
// cluster.ThemeShares): each row's cosines with the theme vectors,
// negative ones as 0, divided by their sum (all 0 when the row shares no
// term with any theme).
func oldThemeShares(X *sparse.CSR, themes []sparse.Vector) [][]float64 {
	shares := make([][]float64, X.Rows())
	for i := range shares {
		s := make([]float64, len(themes))
		var sum float64
		for t, v := range themes {
			s[t] = math.Max(0, sparse.Dot(X.Row(i), v))
			sum += s[t]
		}
		if sum > 0 {
			for t := range s {
				s[t] /= sum
			}
		}
		shares[i] = s
	}
	return shares
}
