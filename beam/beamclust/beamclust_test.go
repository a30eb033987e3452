package beamclust

import (
	"bufio"
	"bytes"
	"compress/gzip"
	"context"
	"encoding/csv"
	"flag"
	"fmt"
	"math"
	"math/rand/v2"
	"net"
	"os"
	"path/filepath"
	"reflect"
	"strconv"
	"testing"

	"github.com/apache/beam/sdks/v2/go/pkg/beam"
	_ "github.com/apache/beam/sdks/v2/go/pkg/beam/io/filesystem/local"
	"github.com/apache/beam/sdks/v2/go/pkg/beam/options/jobopts"
	"github.com/apache/beam/sdks/v2/go/pkg/beam/runners/prism"
	_ "github.com/apache/beam/sdks/v2/go/pkg/beam/runners/universal"
	"gonum.org/v1/gonum/floats"
	"gonum.org/v1/gonum/mat"

	"newsclust/analysis"
	"newsclust/cluster"
	"newsclust/corpus"
	"newsclust/model"
	"newsclust/report"
	"newsclust/vectorize"
)

// The tests run pipelines on Prism in this process (and, in
// TestJobServer, on a Prism job server it starts), so Beam is initialised
// once for the test binary. They run one after another: Beam's job
// options are process-wide.
func TestMain(m *testing.M) {
	flag.Parse()
	beam.Init()
	os.Exit(m.Run())
}

// seeds is the project's three bundled articles.
var seeds = filepath.Join("..", "..", "testdata", "seeds")

// newsgroups is the 20 Newsgroups corpus in shared/ beside the repository,
// when this machine has it.
const newsgroups = "../../../shared/corpora/20newsgroups.jsonl.gz"

// newsgroupsSample writes 2,000 articles of 20 Newsgroups, every ninth
// line (the file is sorted by group, so that every group is in), to a
// JSONL file, or skips the test when the corpus is absent.
func newsgroupsSample(t *testing.T) string {
	t.Helper()
	f, err := os.Open(newsgroups)
	if os.IsNotExist(err) {
		t.Skipf("%s is absent", newsgroups)
	}
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	zr, err := gzip.NewReader(f)
	if err != nil {
		t.Fatal(err)
	}
	path := filepath.Join(t.TempDir(), "20ng-2000.jsonl")
	out, err := os.Create(path)
	if err != nil {
		t.Fatal(err)
	}
	sc := bufio.NewScanner(zr)
	sc.Buffer(make([]byte, 1<<20), 64<<20)
	for i, n := 0, 0; n < 2000 && sc.Scan(); i++ {
		if i%9 == 0 {
			fmt.Fprintln(out, sc.Text())
			n++
		}
	}
	if err := firstErr(sc.Err(), out.Close()); err != nil {
		t.Fatal(err)
	}
	return path
}

func firstErr(errs ...error) error {
	for _, err := range errs {
		if err != nil {
			return err
		}
	}
	return nil
}

// analyze runs analysis.Run as "newsclust analyze -k K -lsa 0 -minibatch
// off" with nInit restarts and returns the result and its
// assignments.csv.
func analyze(t *testing.T, input string, k, nInit int) (*analysis.Result, []byte) {
	t.Helper()
	o := analysis.DefaultOptions()
	o.K, o.LSA, o.Minibatch, o.NInit = k, 0, "off", nInit
	res, err := analysis.Run(context.Background(), []string{input}, o)
	if err != nil {
		t.Fatal(err)
	}
	var b bytes.Buffer
	if err := report.WriteAssignmentsCSV(&b, res.Report); err != nil {
		t.Fatal(err)
	}
	return res, b.Bytes()
}

// runBeam runs Run with o (K and NInit set) into a temporary folder and
// returns the result and the folder.
func runBeam(t *testing.T, input string, o Options) (*Result, string) {
	t.Helper()
	out := t.TempDir()
	res, err := Run(context.Background(), []string{input}, out, o)
	if err != nil {
		t.Fatal(err)
	}
	return res, out
}

// sameVectorizer fails unless the two vectorizers have the same options,
// vocabulary, surface forms, DF, IDF (bit for bit) and document count.
func sameVectorizer(t *testing.T, got, want *vectorize.Model) {
	t.Helper()
	if !reflect.DeepEqual(got.Options, want.Options) || got.NDocs != want.NDocs {
		t.Fatalf("options %+v over %d documents, want %+v over %d", got.Options, got.NDocs, want.Options, want.NDocs)
	}
	if !reflect.DeepEqual(got.Terms, want.Terms) || !reflect.DeepEqual(got.Surface, want.Surface) || !reflect.DeepEqual(got.DF, want.DF) {
		t.Fatalf("vocabulary of %d terms differs from the %d wanted", len(got.Terms), len(want.Terms))
	}
	for j := range got.IDF {
		if math.Float64bits(got.IDF[j]) != math.Float64bits(want.IDF[j]) {
			t.Fatalf("IDF of %q is %v, want %v", got.Terms[j], got.IDF[j], want.IDF[j])
		}
	}
}

// TestSeedsMatchAnalyze clusters the bundled articles, read as a folder
// through corpus as analyze reads them, and checks that the vocabulary,
// IDF and assignments.csv are analyze's (-lsa 0) byte for byte, that the
// saved model loads, and that counts.csv counts every article.
func TestSeedsMatchAnalyze(t *testing.T) {
	want, wantCSV := analyze(t, seeds, 2, 10)
	o := DefaultOptions()
	o.K = 2
	res, out := runBeam(t, seeds, o)
	sameVectorizer(t, res.Vectorizer, want.Model.Vectorizer)
	got, err := os.ReadFile(filepath.Join(out, "assignments.csv"))
	if err != nil {
		t.Fatal(err)
	}
	if !bytes.Equal(got, wantCSV) {
		t.Errorf("assignments.csv:\n%s\nwant (analyze -lsa 0):\n%s", got, wantCSV)
	}
	m, err := model.Load(filepath.Join(out, model.FileName))
	if err != nil {
		t.Fatal(err)
	}
	if len(m.Articles) != 3 || len(m.Clusters) != 2 || m.Clusters[0].Label != want.Report.Clusters[0].Label {
		t.Errorf("model: %d articles, clusters %+v", len(m.Articles), m.Clusters)
	}
	total := 0
	for _, rec := range readCSV(t, filepath.Join(out, "counts.csv"))[1:] {
		n, err := strconv.Atoi(rec[4])
		if err != nil {
			t.Fatal(err)
		}
		total += n
	}
	if total != 3 {
		t.Errorf("counts.csv counts %d articles, want 3", total)
	}
}

func readCSV(t *testing.T, path string) [][]string {
	t.Helper()
	f, err := os.Open(path)
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	recs, err := csv.NewReader(f).ReadAll()
	if err != nil {
		t.Fatal(err)
	}
	return recs
}

// TestNewsgroupsMatchAnalyze runs 2,000 articles of 20 Newsgroups with k
// 20. With the sample (at least 5,000 rows by default) holding every row,
// the restarts are analyze's own, so the assignments must be analyze's
// (-lsa 0 -minibatch off): ids, clusters and labels equal, scores equal to
// the 4 decimals printed, but for the last digit where the fixed-point
// sums round across a boundary.
func TestNewsgroupsMatchAnalyze(t *testing.T) {
	input := newsgroupsSample(t)
	const k, nInit = 20, 3 // 3 restarts keep the test short
	want, wantCSV := analyze(t, input, k, nInit)
	o := DefaultOptions()
	o.K, o.NInit = k, nInit
	res, out := runBeam(t, input, o)
	sameVectorizer(t, res.Vectorizer, want.Model.Vectorizer)
	if res.SampleRows != res.Rows || res.Rows != len(want.Report.Docs) {
		t.Fatalf("%d rows, %d in the sample; analyze clustered %d", res.Rows, res.SampleRows, len(want.Report.Docs))
	}
	got := readCSV(t, filepath.Join(out, "assignments.csv"))
	wantRecs, err := csv.NewReader(bytes.NewReader(wantCSV)).ReadAll()
	if err != nil {
		t.Fatal(err)
	}
	if len(got) != len(wantRecs) {
		t.Fatalf("%d lines, want %d", len(got), len(wantRecs))
	}
	for i := range got {
		g, w := got[i], wantRecs[i]
		gs, w4 := g[4], w[4]
		g[4], w[4] = "", ""
		if !reflect.DeepEqual(g, w) {
			t.Fatalf("line %d: %q, want %q", i+1, g, w)
		}
		if i > 0 {
			x, err1 := strconv.ParseFloat(gs, 64)
			y, err2 := strconv.ParseFloat(w4, 64)
			if err := firstErr(err1, err2); err != nil || math.Abs(x-y) > 1.5e-4 {
				t.Fatalf("line %d: score %s, want %s (%v)", i+1, gs, w4, err)
			}
		}
	}
}

// TestSameCentroidsSameAssignments starts the passes from given centroids
// and checks the labels against cluster.SphericalKMeans started from the
// same centroids (Seeds) for the same number of passes, on the matrix
// vectorize.Fit makes of the same texts: the vocabulary and IDF must be
// Fit's too.
func TestSameCentroidsSameAssignments(t *testing.T) {
	input := newsgroupsSample(t)
	ctx := context.Background()
	c, err := corpus.Read(ctx, []string{input}, corpus.Options{})
	if err != nil {
		t.Fatal(err)
	}
	texts := make([]string, len(c.Docs))
	for i, d := range c.Docs {
		texts[i] = d.TitledText()
	}
	vo := DefaultOptions().Vectorize
	analysis.AutoPrune(&vo, len(texts))
	vz, X, err := vectorize.Fit(ctx, texts, vo)
	if err != nil {
		t.Fatal(err)
	}
	// The rows with a term, as analyze keeps them.
	var ids []string
	var keep []int
	for i := range X.Rows() {
		if X.Indptr[i+1] > X.Indptr[i] {
			keep = append(keep, i)
			ids = append(ids, c.Docs[i].ID)
		}
	}
	Xk := X.SelectRows(keep)
	// 12 starting centroids: rows 0, 150, 300, … (rows of different
	// groups, since the sample follows the sorted file), and 3 passes,
	// fewer than convergence needs, so that the stopping rule and the
	// last assignment are tested too.
	const k, passes = 12, 3
	init := make([][]float64, k)
	for c := range init {
		init[c] = make([]float64, Xk.Dims())
		Xk.AddTo(c*150, 1, init[c])
		floats.Scale(1/floats.Norm(init[c], 2), init[c])
	}
	want, err := cluster.SphericalKMeans(ctx, Xk, cluster.KMeansOptions{K: k, MaxIter: passes, Seeds: init, Src: rand.NewPCG(1, 1)})
	if err != nil {
		t.Fatal(err)
	}

	o := DefaultOptions()
	o.K, o.Rounds, o.Init = k, passes, init
	res, out := runBeam(t, input, o)
	sameVectorizer(t, res.Vectorizer, vz)
	if res.Rounds != want.Iter || !reflect.DeepEqual(res.Sizes, want.Sizes) {
		t.Fatalf("%d passes, sizes %v; SphericalKMeans: %d iterations, sizes %v", res.Rounds, res.Sizes, want.Iter, want.Sizes)
	}
	got := readCSV(t, filepath.Join(out, "assignments.csv"))[1:]
	if len(got) != len(ids) {
		t.Fatalf("%d assignments, want %d", len(got), len(ids))
	}
	for i, rec := range got {
		if rec[0] != ids[i] || rec[2] != strconv.Itoa(want.Labels[i]) {
			t.Fatalf("row %d: %s in cluster %s, want %s in %d", i, rec[0], rec[2], ids[i], want.Labels[i])
		}
	}
	// The final centroids agree to the fixed point's rounding.
	m, err := model.Load(filepath.Join(out, model.FileName))
	if err != nil {
		t.Fatal(err)
	}
	gotC := mat.NewDense(k, Xk.Dims(), nil)
	for c := range k {
		for j, v := range m.Centroid(c) {
			gotC.Set(c, j, float64(v))
		}
	}
	if !mat.EqualApprox(gotC, want.Centroids, 1e-6) {
		t.Error("final centroids differ from SphericalKMeans'")
	}
}

// TestJobServer starts Prism as a standalone job server, submits the run
// to its endpoint with the universal runner (as a Flink or Spark job
// server is used) and checks that the outputs are the in-process run's.
func TestJobServer(t *testing.T) {
	o := DefaultOptions()
	o.K = 2
	_, inProcess := runBeam(t, seeds, o)

	l, err := net.Listen("tcp", "localhost:0")
	if err != nil {
		t.Fatal(err)
	}
	port := l.Addr().(*net.TCPAddr).Port
	l.Close()
	ctx, cancel := context.WithCancel(context.Background())
	defer cancel()
	if _, err := prism.CreateJobServer(ctx, prism.Options{Port: port}); err != nil {
		t.Fatal(err)
	}
	endpoint, env := *jobopts.Endpoint, *jobopts.EnvironmentType
	defer func() { *jobopts.Endpoint, *jobopts.EnvironmentType = endpoint, env }()
	o.Runner, o.Endpoint, o.Environment = "universal", fmt.Sprintf("localhost:%d", port), "LOOPBACK"
	_, served := runBeam(t, seeds, o)
	for _, name := range []string{"assignments.csv", "counts.csv", model.FileName} {
		a, err1 := os.ReadFile(filepath.Join(inProcess, name))
		b, err2 := os.ReadFile(filepath.Join(served, name))
		if err := firstErr(err1, err2); err != nil {
			t.Fatal(err)
		}
		if !bytes.Equal(a, b) {
			t.Errorf("%s differs between the in-process run and the job server's", name)
		}
	}
}
