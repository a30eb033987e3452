package main

import (
	"bufio"
	"compress/gzip"
	"encoding/json"
	"fmt"
	"math"
	"math/rand/v2"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"

	"newsclust/analysis"
	"newsclust/cluster"
)

// readEvaluation decodes evaluation.json from an analyze output folder.
func readEvaluation(t *testing.T, dir string) analysis.Evaluation {
	t.Helper()
	raw, err := os.ReadFile(filepath.Join(dir, "evaluation.json"))
	if err != nil {
		t.Fatal(err)
	}
	var ev analysis.Evaluation
	if err := json.Unmarshal(raw, &ev); err != nil {
		t.Fatal(err)
	}
	return ev
}

// topicCorpus writes n labelled JSONL articles on three topics, each text
// mostly words of its topic plus a few shared ones, drawn from a fixed PCG
// stream; n of at least 100 turns on the automatic pruning.
func topicCorpus(t *testing.T, n int) string {
	t.Helper()
	topics := [][]string{
		strings.Fields("harvest wheat farmers drought crop grain fields rain tractor yield"),
		strings.Fields("striker goal match league coach season stadium referee penalty fans"),
		strings.Fields("telescope orbit planet astronauts rocket launch galaxy moon probe solar"),
	}
	shared := strings.Fields("week people report local new time years")
	rng := rand.New(rand.NewPCG(21, 22))
	path := filepath.Join(t.TempDir(), "topics.jsonl")
	f, err := os.Create(path)
	if err != nil {
		t.Fatal(err)
	}
	enc := json.NewEncoder(f)
	for i := range n {
		topic := i % len(topics)
		var words []string
		for range 30 + rng.IntN(30) {
			if rng.IntN(4) == 0 {
				words = append(words, shared[rng.IntN(len(shared))])
			} else {
				words = append(words, topics[topic][rng.IntN(len(topics[topic]))])
			}
		}
		if err := enc.Encode(map[string]string{
			"id": fmt.Sprintf("a%03d", i), "text": strings.Join(words, " ") + ".", "label": fmt.Sprintf("topic%d", topic),
		}); err != nil {
			t.Fatal(err)
		}
	}
	if err := f.Close(); err != nil {
		t.Fatal(err)
	}
	return path
}

// TestLSAFlag clusters three separable topics in the default LSA space, in
// a 5-dimensional one, in one larger than the corpus (clamped), and in
// TF-IDF space (-lsa 0): each must recover the topics exactly, and report
// the setting and the stability of its restarts.
func TestLSAFlag(t *testing.T) {
	t.Parallel()
	in := topicCorpus(t, 150)
	for _, tc := range []struct {
		name string
		args []string
		lsa  string
	}{
		{"default", nil, "100"},
		{"lsa=5", []string{"-lsa", "5"}, "5"},
		{"lsa=1000", []string{"-lsa", "1000"}, "1000"},
		{"lsa=0", []string{"-lsa", "0"}, "0"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			t.Parallel()
			out := t.TempDir()
			args := append([]string{"analyze", "-quiet", "-k", "3", "-out", out}, tc.args...)
			if _, stderr, code := runCmd(t, append(args, in)...); code != 0 {
				t.Fatalf("exit %d: %s", code, stderr)
			}
			ev := readEvaluation(t, out)
			if ev.Scores == nil || ev.Scores.NMI != 1 || ev.Scores.ARI != 1 {
				t.Errorf("scores %+v, want the three topics exactly (NMI = ARI = 1)", ev.Scores)
			}
			// At least the default 10 restarts are compared (more on a
			// small input: cluster.Consensus); a restart may end in a
			// local optimum, so agreement is not necessarily 1.
			if ev.StabilityRuns < 10 || !(ev.Stability > 0 && ev.Stability <= 1) {
				t.Errorf("stability %g over %d runs, want in (0, 1] over at least 10", ev.Stability, ev.StabilityRuns)
			}
			md, err := os.ReadFile(filepath.Join(out, "report.md"))
			if err != nil {
				t.Fatal(err)
			}
			if !strings.Contains(string(md), "lsa") || !strings.Contains(string(md), tc.lsa) {
				t.Errorf("report.md does not record lsa %s", tc.lsa)
			}
		})
	}
}

// TestLSADeterministic runs the default analysis (LSA, k-means restarts,
// map from the embedding) twice with one seed: every output that depends on
// the computation must be byte-identical.
func TestLSADeterministic(t *testing.T) {
	t.Parallel()
	in := topicCorpus(t, 120)
	var outs [2]string
	for r := range outs {
		outs[r] = t.TempDir()
		if _, stderr, code := runCmd(t, "analyze", "-quiet", "-k", "4", "-seed", "7", "-out", outs[r], in); code != 0 {
			t.Fatalf("exit %d: %s", code, stderr)
		}
	}
	for _, name := range []string{"assignments.csv", "evaluation.json", "clusters.json", "similarity.csv"} {
		a, err := os.ReadFile(filepath.Join(outs[0], name))
		if err != nil {
			t.Fatal(err)
		}
		b, err := os.ReadFile(filepath.Join(outs[1], name))
		if err != nil {
			t.Fatal(err)
		}
		if string(a) != string(b) {
			t.Errorf("%s differs between two runs with -seed 7", name)
		}
	}
}

// TestSmallInputsGetRestarts: -n-init is a floor; a small input gets as
// many restarts as 100,000 unit-restarts allow, up to 200 (cluster.Consensus),
// and evaluation.json compares them all.
func TestSmallInputsGetRestarts(t *testing.T) {
	t.Parallel()
	out := t.TempDir()
	if _, stderr, code := runCmd(t, "analyze", "-quiet", "-k", "3", "-n-init", "1", "-out", out, topicCorpus(t, 30)); code != 0 {
		t.Fatalf("exit %d: %s", code, stderr)
	}
	ev := readEvaluation(t, out)
	if ev.StabilityRuns != 200 || ev.StabilityOf != "restarts" || !(ev.Stability > 0 && ev.Stability <= 1) {
		t.Errorf("stability %g over %d %s, want in (0, 1] over 200 restarts", ev.Stability, ev.StabilityRuns, ev.StabilityOf)
	}
}

func TestLSAFlagInvalid(t *testing.T) {
	t.Parallel()
	_, stderr, code := runCmd(t, "analyze", "-quiet", "-lsa", "-1", "-out", t.TempDir(), seedDir)
	if code != 2 || !strings.Contains(stderr, "-lsa") {
		t.Errorf("exit %d, stderr %q; want 2 naming -lsa", code, stderr)
	}
}

// TestEvaluateCommand scores the assignments.csv that analyze wrote with
// the evaluate command, from its label column and from the corpus named by
// -labels: both must reproduce evaluation.json.
func TestEvaluateCommand(t *testing.T) {
	t.Parallel()
	in := topicCorpus(t, 60)
	out := t.TempDir()
	// k = 4 for three topics, so that the scores are not all 1.
	if _, stderr, code := runCmd(t, "analyze", "-quiet", "-k", "4", "-out", out, in); code != 0 {
		t.Fatalf("analyze exit %d: %s", code, stderr)
	}
	want := readEvaluation(t, out).Scores
	if want == nil {
		t.Fatal("evaluation.json has no scores")
	}
	assignments := filepath.Join(out, "assignments.csv")
	for _, args := range [][]string{
		{"evaluate", "-json", assignments},
		{"evaluate", "-json", "-labels", in, assignments},
	} {
		stdout, stderr, code := runCmd(t, args...)
		if code != 0 {
			t.Fatalf("%v: exit %d: %s", args, code, stderr)
		}
		var got cluster.Scores
		if err := json.Unmarshal([]byte(stdout), &got); err != nil {
			t.Fatalf("%v: %v in %q", args, err, stdout)
		}
		if got != *want {
			t.Errorf("%v: %+v, evaluation.json %+v", args, got, *want)
		}
	}
	stdout, stderr, code := runCmd(t, "evaluate", assignments)
	if code != 0 {
		t.Fatalf("text: exit %d: %s", code, stderr)
	}
	if line := fmt.Sprintf("NMI           %.4f", want.NMI); !strings.Contains(stdout, line) {
		t.Errorf("text output lacks %q:\n%s", line, stdout)
	}
}

// TestEvaluateKnownScores scores hand-written assignments whose scores are
// known exactly: a perfect clustering, and one crossing the classes, whose
// ARI is −0.5 (scikit-learn's adjusted_rand_score([a,a,b,b],[0,1,0,1])).
func TestEvaluateKnownScores(t *testing.T) {
	t.Parallel()
	dir := t.TempDir()
	write := func(name, body string) string {
		p := filepath.Join(dir, name)
		if err := os.WriteFile(p, []byte(body), 0o644); err != nil {
			t.Fatal(err)
		}
		return p
	}
	perfect := write("perfect.csv", "id,article,cluster,label\n1,1,0,a\n2,2,0,a\n3,3,1,b\n4,4,1,b\n5,5,1,\n")
	crossed := write("crossed.csv", "id,article,cluster,label\n1,1,0,a\n2,2,1,a\n3,3,0,b\n4,4,1,b\n")
	for _, tc := range []struct {
		path                string
		nmi, ari, purity    float64
		units, missing, cls int
	}{
		{perfect, 1, 1, 1, 4, 1, 2},
		{crossed, 0, -0.5, 0.5, 4, 0, 2},
	} {
		stdout, stderr, code := runCmd(t, "evaluate", tc.path)
		if code != 0 {
			t.Fatalf("%s: exit %d: %s", tc.path, code, stderr)
		}
		for _, want := range []string{
			fmt.Sprintf("units %d (without label: %d), classes %d", tc.units, tc.missing, tc.cls),
			fmt.Sprintf("NMI           %.4f", tc.nmi),
			fmt.Sprintf("ARI           %.4f", tc.ari),
			fmt.Sprintf("purity        %.4f", tc.purity),
		} {
			if !strings.Contains(stdout, want) {
				t.Errorf("%s: output lacks %q:\n%s", filepath.Base(tc.path), want, stdout)
			}
		}
	}

	// -labels as a table of ids and labels, with no text column; rows
	// without an id are named as analyze names them (file:line).
	unlabelled := write("unlabelled.csv", "id,article,cluster\n1,1,0\n2,2,1\n3,3,0\n4,4,1\nt.csv:6,t.csv:6,1\n")
	table := write("t.csv", "id,label\n1,a\n2,a\n3,b\n4,b\n,b\n")
	stdout, stderr, code := runCmd(t, "evaluate", "-labels", table, unlabelled)
	if code != 0 {
		t.Fatalf("-labels table: exit %d: %s", code, stderr)
	}
	// ARI: scikit-learn's adjusted_rand_score(list("aabbb"), [0,1,0,1,1]).
	for _, want := range []string{"units 5 (without label: 0), classes 2", "ARI           -0.2500"} {
		if !strings.Contains(stdout, want) {
			t.Errorf("-labels table: output lacks %q:\n%s", want, stdout)
		}
	}
	noLabelCol := write("nolabelcol.csv", "id,topic\n1,a\n")
	shortRow := write("short.csv", "id,label\n1,a\n2\n")

	noCluster := write("bad.csv", "id,article,label\n1,1,a\n")
	noLabels := write("nolabels.csv", "id,article,cluster,label\n1,1,0,\n")
	for _, tc := range []struct {
		args []string
		code int
		msg  string
	}{
		{[]string{"evaluate"}, 2, "want one ASSIGNMENTS.csv"},
		{[]string{"evaluate", noCluster}, 1, `no "cluster" column`},
		{[]string{"evaluate", noLabels}, 1, "no row has a known label"},
		{[]string{"evaluate", "-labels", shortRow, unlabelled}, 1, "short.csv:3: 1 fields, want at least 2"},
		{[]string{"evaluate", "-labels", noLabelCol, unlabelled}, 1, `nolabelcol.csv:1: the header row has no "label" column (columns: id, topic); name it with -label-field`},
		{[]string{"evaluate", filepath.Join(dir, "missing.csv")}, 1, "missing.csv"},
	} {
		_, stderr, code := runCmd(t, tc.args...)
		if code != tc.code || !strings.Contains(stderr, tc.msg) {
			t.Errorf("%v: exit %d, stderr %q; want %d with %q", tc.args, code, stderr, tc.code, tc.msg)
		}
	}
}

// sklearn4 are the four 20 Newsgroups categories of scikit-learn's
// document-clustering example.
var sklearn4 = []string{"alt.atheism", "comp.graphics", "sci.space", "talk.religion.misc"}

// TestQuality20NG4 clusters the 4-category 20 Newsgroups subset (3,387
// articles) with the default settings and three seeds.
//
// The floor: the best scikit-learn configuration measured on this corpus
// (KMeans on TF-IDF, n_init=5; /work/shared/reference/README.md and
// bench/results/quality.txt) scores NMI 0.575 ± 0.069 over 5 seeds; the
// issue asks for at least 0.02 more, so every seed must reach 0.595, and
// for a spread across seeds of at most 0.02.
func TestQuality20NG4(t *testing.T) {
	if testing.Short() {
		t.Skip("-short: skipping the 20 Newsgroups run")
	}
	src := "../../../shared/corpora/20newsgroups.jsonl.gz"
	in, err := os.Open(src)
	if os.IsNotExist(err) {
		t.Skipf("%s not present", src)
	}
	if err != nil {
		t.Fatal(err)
	}
	defer in.Close()
	zr, err := gzip.NewReader(in)
	if err != nil {
		t.Fatal(err)
	}
	corpusPath := filepath.Join(t.TempDir(), "20ng4.jsonl")
	outf, err := os.Create(corpusPath)
	if err != nil {
		t.Fatal(err)
	}
	sc := bufio.NewScanner(zr)
	sc.Buffer(make([]byte, 1<<20), 16<<20)
	docs := 0
	for sc.Scan() {
		var rec struct{ Label string }
		if err := json.Unmarshal(sc.Bytes(), &rec); err != nil {
			t.Fatal(err)
		}
		if slices.Contains(sklearn4, rec.Label) {
			outf.Write(sc.Bytes())
			outf.Write([]byte{'\n'})
			docs++
		}
	}
	if err := sc.Err(); err != nil {
		t.Fatal(err)
	}
	if err := outf.Close(); err != nil {
		t.Fatal(err)
	}
	if docs != 3387 {
		t.Fatalf("subset has %d articles, want 3387", docs)
	}

	seeds := []int{1, 2, 3}
	nmi := make([]float64, len(seeds))
	t.Run("seeds", func(t *testing.T) {
		for i, seed := range seeds {
			t.Run(fmt.Sprint("seed=", seed), func(t *testing.T) {
				t.Parallel()
				out := t.TempDir()
				if _, stderr, code := runCmd(t, "analyze", "-quiet", "-k", "4", "-seed", fmt.Sprint(seed), "-out", out, corpusPath); code != 0 {
					t.Fatalf("exit %d: %s", code, stderr)
				}
				ev := readEvaluation(t, out)
				if ev.Scores == nil || ev.Scores.N != 3387 {
					t.Fatalf("scores %+v, want 3387 labelled articles", ev.Scores)
				}
				nmi[i] = ev.Scores.NMI
				if nmi[i] < 0.595 {
					t.Errorf("NMI %.3f, want at least 0.595", nmi[i])
				}
				if !(ev.StabilityRuns >= 10 && ev.Stability > 0 && ev.Stability <= 1) {
					t.Errorf("stability %g over %d runs, want in (0, 1] over at least 10", ev.Stability, ev.StabilityRuns)
				}
			})
		}
	})
	var mean, ss float64
	for _, v := range nmi {
		mean += v / float64(len(nmi))
	}
	for _, v := range nmi {
		ss += (v - mean) * (v - mean)
	}
	if sd := math.Sqrt(ss / float64(len(nmi))); sd > 0.02 {
		t.Errorf("NMI %.3f across seeds: spread %.3f, want at most 0.02", nmi, sd)
	}
}
