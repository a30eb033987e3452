package main

import (
	"bufio"
	"encoding/json"
	"newsclust/model"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"sync"
	"testing"
)

var (
	seedModelOnce sync.Once
	seedModelDir  string
	seedModelErr  string
)

// seedModel analyses the seed articles once (document level, with themes)
// and returns the output folder holding the model.
func seedModel(t *testing.T) string {
	t.Helper()
	seedModelOnce.Do(func() {
		dir, err := os.MkdirTemp("", "newsclust-model")
		if err != nil {
			seedModelErr = err.Error()
			return
		}
		_, stderr, code := runCmd(t, "analyze", "-quiet", "-themes", themesFile, "-out", dir, seedDir)
		if code != 0 {
			seedModelErr = stderr
		}
		seedModelDir = dir
	})
	if seedModelErr != "" {
		t.Fatal(seedModelErr)
	}
	return seedModelDir
}

func writeJSONL(t *testing.T, docs ...map[string]string) string {
	t.Helper()
	path := filepath.Join(t.TempDir(), "new.jsonl")
	f, err := os.Create(path)
	if err != nil {
		t.Fatal(err)
	}
	enc := json.NewEncoder(f)
	for _, d := range docs {
		if err := enc.Encode(d); err != nil {
			t.Fatal(err)
		}
	}
	if err := f.Close(); err != nil {
		t.Fatal(err)
	}
	return path
}

func compareJSON(t *testing.T, args ...string) []model.Comparison {
	t.Helper()
	stdout, stderr, code := runCmd(t, append([]string{"compare", "-json"}, args...)...)
	if code != 0 {
		t.Fatalf("exit %d: %s", code, stderr)
	}
	var out []model.Comparison
	sc := bufio.NewScanner(strings.NewReader(stdout))
	sc.Buffer(nil, 1<<24)
	for sc.Scan() {
		var c model.Comparison
		if err := json.Unmarshal(sc.Bytes(), &c); err != nil {
			t.Fatalf("bad JSON line %q: %v", sc.Text(), err)
		}
		out = append(out, c)
	}
	return out
}

func TestCompareSameStory(t *testing.T) {
	t.Parallel()
	dir := seedModel(t)
	// A corpus article compared with its own corpus is the same story.
	res := compareJSON(t, "-model", dir, "-top", "3", filepath.Join(seedDir, global2015+".txt"))
	if len(res) != 1 {
		t.Fatalf("%d results, want 1", len(res))
	}
	r := res[0]
	if len(r.Neighbors) != 3 || r.Neighbors[0].ID != global2015 || r.Neighbors[0].Score < 0.999 || !r.Neighbors[0].SameStory {
		t.Fatalf("neighbours %+v: want itself first with score 1, same story", r.Neighbors)
	}
	if r.NewStory || r.Novelty > 0.1 {
		t.Errorf("novelty %.3f, new story %v for an article of the corpus", r.Novelty, r.NewStory)
	}
	// Its closest other article is the other report of the same meeting.
	if r.Neighbors[1].ID != huffPost {
		t.Errorf("second neighbour %s, want %s", r.Neighbors[1].ID, huffPost)
	}
	if len(r.Neighbors[1].Terms) == 0 {
		t.Error("no terms behind the score")
	}
	if r.ClusterLabel == "" || r.Cluster < 0 {
		t.Errorf("cluster %d %q", r.Cluster, r.ClusterLabel)
	}
	if len(r.Themes) != 3 {
		t.Errorf("themes %v, want 3", r.Themes)
	}
}

// compareEqualsAnalyze checks that compare of each corpus article gives
// the relevance and about flags themes.csv gave it in the analysis.
func compareEqualsAnalyze(t *testing.T, dir string, ids ...string) {
	t.Helper()
	want := map[string]map[string][2]string{} // article → theme → relevance, about
	for _, row := range readCSV(t, filepath.Join(dir, "themes.csv")) {
		if want[row["document"]] == nil {
			want[row["document"]] = map[string][2]string{}
		}
		want[row["document"]][row["theme"]] = [2]string{row["relevance"], row["about"]}
	}
	var inputs []string
	for _, id := range ids {
		inputs = append(inputs, filepath.Join(seedDir, id+".txt"))
	}
	res := compareJSON(t, append([]string{"-model", dir}, inputs...)...)
	if len(res) != len(ids) {
		t.Fatalf("%d results, want %d", len(res), len(ids))
	}
	for _, r := range res {
		w := want[r.ID]
		if len(r.Themes) != len(w) || len(w) != 3 {
			t.Errorf("%s: compare gives %d themes, themes.csv %d", r.ID, len(r.Themes), len(w))
			continue
		}
		for _, th := range r.Themes {
			about := "0"
			if th.About {
				about = "1"
			}
			got := [2]string{strconv.FormatFloat(th.Relevance, 'f', 4, 64), about}
			if got != w[th.Theme] {
				t.Errorf("%s %s: compare gives relevance, about %v; analyze %v", r.ID, th.Theme, got, w[th.Theme])
			}
		}
	}
}

// TestCompareThemesEqualAnalyze: a corpus article compared with its own
// model is detected exactly as analyze detected it, in document and in
// paragraph mode (where its passages are cut and folded in one by one).
func TestCompareThemesEqualAnalyze(t *testing.T) {
	t.Parallel()
	compareEqualsAnalyze(t, seedModel(t), huffPost, global2015, cbc2020)
	out := t.TempDir()
	_, stderr, code := runCmd(t, "analyze", "-quiet", "-unit", "paragraph", "-themes", themesFile, "-out", out, seedDir)
	if code != 0 {
		t.Fatalf("exit %d: %s", code, stderr)
	}
	compareEqualsAnalyze(t, out, huffPost, global2015, cbc2020)
}

func TestCompareNovelty(t *testing.T) {
	t.Parallel()
	dir := seedModel(t)
	in := writeJSONL(t,
		map[string]string{"id": "nato", "title": "NATO expands Iraq training mission",
			"text": "NATO defence ministers agreed to expand the training mission in Iraq and take over activities of the anti-ISIS coalition, Stoltenberg said in Brussels."},
		map[string]string{"id": "recipe", "title": "Bake a lemon cake",
			"text": "Whisk butter and sugar, fold in flour and lemon zest, then bake the cake for forty minutes until golden."},
		map[string]string{"id": "unknown", "title": "", "text": "Xylophones zigzag quixotically."},
	)
	res := compareJSON(t, "-model", dir, in)
	if len(res) != 3 {
		t.Fatalf("%d results, want 3", len(res))
	}
	byID := map[string]model.Comparison{}
	for _, r := range res {
		byID[r.ID] = r
	}
	if n, c := byID["nato"].Novelty, byID["recipe"].Novelty; n >= c {
		t.Errorf("novelty of a NATO article %.3f not below a cake recipe's %.3f", n, c)
	}
	if !byID["recipe"].NewStory || byID["nato"].NewStory {
		t.Errorf("new_story: recipe %v, nato %v; want true, false", byID["recipe"].NewStory, byID["nato"].NewStory)
	}
	u := byID["unknown"]
	if u.Novelty != 1 || !u.NewStory || u.Note == "" || u.KnownTerms != 0 || u.Cluster != -1 {
		t.Errorf("article with no known words: %+v", u)
	}
}

func TestCompareText(t *testing.T) {
	t.Parallel()
	dir := seedModel(t)
	stdout, stderr, code := runCmd(t, "compare", "-model", dir, filepath.Join(seedDir, cbc2020+".txt"))
	if code != 0 {
		t.Fatalf("exit %d: %s", code, stderr)
	}
	for _, want := range []string{cbc2020, "cluster", "novelty", "about: ", "(relevance: ISIS ", "because of:", "SAME STORY"} {
		if !strings.Contains(stdout, want) {
			t.Errorf("output lacks %q:\n%s", want, stdout)
		}
	}
}

func TestCompareBadModel(t *testing.T) {
	t.Parallel()
	dir := seedModel(t)
	good, err := os.ReadFile(filepath.Join(dir, "model"))
	if err != nil {
		t.Fatal(err)
	}
	damaged := append([]byte(nil), good...)
	damaged[len(damaged)/2] ^= 0xff
	version := append([]byte(nil), good...)
	version[16] = 99 // the version field follows the 16-byte magic
	tmp := t.TempDir()
	write := func(name string, b []byte) string {
		p := filepath.Join(tmp, name)
		if err := os.WriteFile(p, b, 0o644); err != nil {
			t.Fatal(err)
		}
		return p
	}
	article := filepath.Join(seedDir, cbc2020+".txt")
	tests := []struct {
		name, model, want string
		code              int
	}{
		{"missing", filepath.Join(tmp, "nowhere"), "nowhere", 1},
		{"damaged", write("damaged", damaged), "damaged", 1},
		{"other version", write("version", version), "version 99", 1},
		{"not a model", write("text", []byte("hello, world\n")), "not a newsclust model", 1},
		{"truncated", write("short", good[:len(good)/3]), "damaged", 1},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			_, stderr, code := runCmd(t, "compare", "-model", tt.model, article)
			if code != tt.code || !strings.Contains(stderr, tt.want) {
				t.Errorf("exit %d, %q; want exit %d mentioning %q", code, stderr, tt.code, tt.want)
			}
		})
	}
	_, stderr, code := runCmd(t, "compare", article)
	if code != 2 || !strings.Contains(stderr, "-model") {
		t.Errorf("without -model: exit %d, %q", code, stderr)
	}
	// An empty article is listed as skipped; nothing else to compare is an error.
	empty := writeJSONL(t, map[string]string{"id": "e", "text": "  "})
	_, stderr, code = runCmd(t, "compare", "-model", dir, empty)
	if code != 1 || !strings.Contains(stderr, "empty") {
		t.Errorf("empty article: exit %d, %q", code, stderr)
	}
}

func TestMain(m *testing.M) {
	code := m.Run()
	if seedModelDir != "" {
		os.RemoveAll(seedModelDir)
	}
	os.Exit(code)
}

// TestCompareEscapesTerminal checks that ids, titles, labels, terms and
// theme names from the articles and the model reach the terminal with
// their control and bidi characters written out (compare's table and
// analyze's summary), never raw.
func TestCompareEscapesTerminal(t *testing.T) {
	t.Parallel()
	dir := t.TempDir()
	in := filepath.Join(dir, "in.jsonl")
	themes := filepath.Join(dir, "themes.txt")
	docs := "{\"id\":\"a\\u001b[31m\",\"title\":\"NATO \\u202e spending\",\"text\":\"NATO allies agree to raise defence spending again.\"}\n" +
		"{\"id\":\"b\",\"title\":\"Ceasefire \\u001b]0;owned\\u0007\",\"text\":\"Russia and Ukraine agree a ceasefire in Donbas.\"}\n" +
		"{\"id\":\"c\",\"title\":\"Budget\",\"text\":\"Defence spending by NATO allies rises again.\"}\n"
	if err := os.WriteFile(in, []byte(docs), 0o644); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(themes, []byte("Spend\x1b[2Jing: spending budget\n"), 0o644); err != nil {
		t.Fatal(err)
	}
	out := filepath.Join(dir, "out")
	stdout, stderr, code := runCmd(t, "analyze", "-quiet", "-k", "2", "-themes", themes, "-out", out, in)
	if code != 0 {
		t.Fatalf("analyze: exit %d: %s", code, stderr)
	}
	cmp, stderr2, code := runCmd(t, "compare", "-model", out, in)
	if code != 0 {
		t.Fatalf("compare: exit %d: %s", code, stderr2)
	}
	for name, text := range map[string]string{"analyze": stdout + stderr, "compare": cmp + stderr2} {
		if strings.ContainsAny(text, "\x1b\x07\u202e") {
			t.Errorf("%s printed a raw control or bidi character: %q", name, text)
		}
	}
	// The reader drops C0 controls from ids and titles; the bidi mark and
	// the theme name (held in the model) reach compare as they are.
	if !strings.Contains(cmp, `\u202e`) || !strings.Contains(cmp, `Spend\x1b[2Jing`) {
		t.Errorf("compare does not show the escapes written out:\n%s", cmp)
	}
}

// TestCompareNewStoryDated: new_story is first-story detection with dates.
// A report of the 2015 Harper–Stoltenberg meeting is the same story within
// a week of the seed article (dated 2015-03-23) and without a date; the
// same words ten years later are a new story.
func TestCompareNewStoryDated(t *testing.T) {
	t.Parallel()
	dir := seedModel(t)
	text := "Prime Minister Stephen Harper and NATO secretary general Jens Stoltenberg met behind closed doors in Ottawa to discuss the war in Iraq and the crisis in Ukraine."
	doc := func(id, date string) map[string]string {
		return map[string]string{"id": id, "title": "Harper and NATO chief meet on Iraq and Ukraine", "text": text, "date": date}
	}
	res := compareJSON(t, "-model", dir, writeJSONL(t, doc("days-later", "2015-03-25"), doc("undated", ""), doc("decade-later", "2025-03-24")))
	want := map[string]bool{"days-later": false, "undated": false, "decade-later": true}
	for _, r := range res {
		if r.NewStory != want[r.ID] {
			t.Errorf("%s: new_story %v, want %v", r.ID, r.NewStory, want[r.ID])
		}
	}
	// A window of 4000 days reaches back to 2015.
	for _, r := range compareJSON(t, "-model", dir, "-story-window", "4000", writeJSONL(t, doc("decade-later", "2025-03-24"))) {
		if r.NewStory {
			t.Errorf("with -story-window 4000: %s is a new story", r.ID)
		}
	}
}
