package analysis

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"math/rand/v2"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"newsclust/model"
)

// topicWords are four made-up themes with no word in common: the first
// three make the model, the fourth appears only in updates. Every article
// also has a third of its words from commonWords, as news articles share
// everyday words.
var topicWords = [][]string{
	{"harbour", "vessel", "cargo", "dock", "crane", "freight", "tanker", "port", "shipping", "container", "anchor", "sailor"},
	{"election", "ballot", "voter", "candidate", "campaign", "poll", "senate", "party", "debate", "turnout", "mayor", "district"},
	{"vaccine", "clinic", "patient", "doctor", "virus", "hospital", "nurse", "dose", "trial", "symptom", "infection", "therapy"},
	{"glacier", "iceberg", "tundra", "permafrost", "avalanche", "snowfield", "crevasse", "icecap", "moraine", "fjord", "blizzard", "frost"},
}

var commonWords = []string{"officials", "reported", "week", "region", "according", "statement", "local", "residents"}

type testDoc struct {
	ID    string `json:"id"`
	Title string `json:"title"`
	Text  string `json:"text"`
	Label string `json:"label"`
	Date  string `json:"date,omitempty"`
}

// topicDoc returns an article of 30 words drawn with rng, 20 of topic t.
func topicDoc(rng *rand.Rand, id string, t int) testDoc {
	words := make([]string, 30)
	for i := range words {
		pool := topicWords[t]
		if i%3 == 2 {
			pool = commonWords
		}
		words[i] = pool[rng.IntN(len(pool))]
	}
	return testDoc{ID: id, Title: strings.Join(words[:3], " "), Text: strings.Join(words[3:], " ") + ".", Label: fmt.Sprint("topic", t)}
}

func writeDocs(t *testing.T, path string, docs []testDoc) {
	t.Helper()
	var b bytes.Buffer
	enc := json.NewEncoder(&b)
	for _, d := range docs {
		if err := enc.Encode(d); err != nil {
			t.Fatal(err)
		}
	}
	if err := os.WriteFile(path, b.Bytes(), 0o644); err != nil {
		t.Fatal(err)
	}
}

// updateFixture fits a model on 12 articles of each of the first three
// topics and writes a batch of 4 more of each of those and 6 of the
// fourth, with one article already in the model (same id) and one with
// the text of a model article, spaced differently.
func updateFixture(t *testing.T) (*model.Model, string) {
	t.Helper()
	dir := t.TempDir()
	rng := rand.New(rand.NewPCG(7, 7))
	var old []testDoc
	for i := range 36 {
		old = append(old, topicDoc(rng, fmt.Sprintf("old%02d", i), i%3))
	}
	writeDocs(t, filepath.Join(dir, "old.jsonl"), old)
	o := DefaultOptions()
	o.K = 3
	res, err := Run(context.Background(), []string{filepath.Join(dir, "old.jsonl")}, o)
	if err != nil {
		t.Fatal(err)
	}
	var batch []testDoc
	for i := range 12 {
		batch = append(batch, topicDoc(rng, fmt.Sprintf("new%02d", i), i%3))
	}
	for i := range 6 {
		batch = append(batch, topicDoc(rng, fmt.Sprintf("ice%02d", i), 3))
	}
	again := old[5]
	again.Text = strings.ReplaceAll(again.Text, " ", "  \n")
	again.ID = "copy-of-old05"
	batch = append(batch, old[0], again)
	writeDocs(t, filepath.Join(dir, "new.jsonl"), batch)
	var b bytes.Buffer
	if err := model.Write(&b, res.Model); err != nil {
		t.Fatal(err)
	}
	m, err := model.Read(&b)
	if err != nil {
		t.Fatal(err)
	}
	return m, filepath.Join(dir, "new.jsonl")
}

func TestUpdate(t *testing.T) {
	t.Parallel()
	m, batch := updateFixture(t)
	res, err := Update(context.Background(), m, []string{batch}, DefaultOptions(), model.StoryRule{})
	if err != nil {
		t.Fatal(err)
	}
	um := res.Model
	// Old articles keep their cluster ids, first and in order.
	for i, a := range m.Articles {
		b := um.Articles[i]
		if b.ID != a.ID || um.Clusters[b.Cluster].ID != m.Clusters[a.Cluster].ID {
			t.Errorf("old article %s moved from cluster %d to %d", a.ID, m.Clusters[a.Cluster].ID, um.Clusters[b.Cluster].ID)
		}
	}
	// The articles of the three known topics join their topic's cluster;
	// the six of the fourth open one new cluster, numbered after the old.
	topicCluster := map[string]int{}
	for _, a := range m.Articles {
		topicCluster[a.Label] = m.Clusters[a.Cluster].ID
	}
	up := res.Report.Update
	if len(up.New) != 18 || up.Kept != 36 {
		t.Fatalf("%d added, %d kept; want 18 and 36", len(up.New), up.Kept)
	}
	if len(up.NewClusters) != 1 || res.Report.Clusters[up.NewClusters[0]].ID != 3 {
		t.Fatalf("new clusters %v, want one with id 3", up.NewClusters)
	}
	for _, n := range up.New {
		id := res.Report.Clusters[n.Cluster].ID
		ice := strings.HasPrefix(n.Article, "ice")
		switch {
		case ice && (id != 3 || !n.NewCluster || !n.NewTopic):
			t.Errorf("%s: cluster %d, new cluster %v, new topic %v; want the new cluster 3", n.Article, id, n.NewCluster, n.NewTopic)
		case !ice && (n.NewCluster || n.NewTopic):
			t.Errorf("%s: new cluster %v, new topic %v; want an old cluster", n.Article, n.NewCluster, n.NewTopic)
		}
	}
	for i, a := range um.Articles[36:] {
		if !strings.HasPrefix(a.ID, "ice") && um.Clusters[a.Cluster].ID != topicCluster[a.Label] {
			t.Errorf("new article %d %s of %s in cluster %d, want %d", i, a.ID, a.Label, um.Clusters[a.Cluster].ID, topicCluster[a.Label])
		}
		if a.Hash == "" || a.Snippet == "" || a.Label == "" {
			t.Errorf("new article %s lacks its hash, snippet or label in the model", a.ID)
		}
	}
	// The copy by id and the copy by text are listed as skipped.
	var reasons []string
	for _, s := range res.Report.Skipped {
		reasons = append(reasons, s.Reason)
	}
	want := []string{"already in the model (same id)", "already in the model (same text as old05)"}
	if strings.Join(reasons, "|") != strings.Join(want, "|") {
		t.Errorf("skipped %q, want %q", reasons, want)
	}
	// The updated model is complete: it writes, reads back, and a second
	// update with the same batch adds nothing.
	var b bytes.Buffer
	if err := model.Write(&b, um); err != nil {
		t.Fatal(err)
	}
	again, err := model.Read(&b)
	if err != nil {
		t.Fatal(err)
	}
	if _, err := Update(context.Background(), again, []string{batch}, DefaultOptions(), model.StoryRule{}); err == nil || !strings.Contains(err.Error(), "no new article") {
		t.Errorf("second update with the same batch: %v, want no new article", err)
	}
}

func TestUpdateDeterministic(t *testing.T) {
	t.Parallel()
	m, batch := updateFixture(t)
	var out [2][]byte
	for i := range out {
		res, err := Update(context.Background(), m, []string{batch}, DefaultOptions(), model.StoryRule{})
		if err != nil {
			t.Fatal(err)
		}
		var b bytes.Buffer
		if err := model.Write(&b, res.Model); err != nil {
			t.Fatal(err)
		}
		out[i] = b.Bytes()
	}
	if !bytes.Equal(out[0], out[1]) {
		t.Error("two updates of the same model and batch give different models")
	}
}

func TestUpdateRefusesPassages(t *testing.T) {
	t.Parallel()
	m, batch := updateFixture(t)
	m.Unit = "paragraph"
	if _, err := Update(context.Background(), m, []string{batch}, DefaultOptions(), model.StoryRule{}); !errors.Is(err, ErrUnitParagraph) {
		t.Errorf("update of a passage model: %v, want ErrUnitParagraph", err)
	}
}

// TestUpdateNewStory: the rule of model.StoryRule over an update's articles:
// an earlier article of the same story within the window makes an article
// not new; a later one, or one outside the window, does not.
func TestUpdateNewStory(t *testing.T) {
	t.Parallel()
	dir := t.TempDir()
	rng := rand.New(rand.NewPCG(3, 3))
	var old []testDoc
	for i := range 24 {
		d := topicDoc(rng, fmt.Sprintf("old%02d", i), i%3)
		d.Date = "2025-06-01"
		old = append(old, d)
	}
	writeDocs(t, filepath.Join(dir, "old.jsonl"), old)
	o := DefaultOptions()
	o.K = 3
	res, err := Run(context.Background(), []string{filepath.Join(dir, "old.jsonl")}, o)
	if err != nil {
		t.Fatal(err)
	}
	// The same story as old00 (one word added), three days later and two
	// years later; an article of old00's topic half a year later, when
	// nothing else of it appeared.
	near := old[0]
	near.ID, near.Date, near.Text = "near", "2025-06-04", near.Text+" "+topicWords[0][0]
	late := near
	late.ID, late.Date, late.Text = "late", "2027-06-04", near.Text+" "+topicWords[0][1]
	fresh := topicDoc(rng, "fresh", 0)
	fresh.Date = "2025-12-01"
	writeDocs(t, filepath.Join(dir, "new.jsonl"), []testDoc{near, late, fresh})
	up, err := Update(context.Background(), res.Model, []string{filepath.Join(dir, "new.jsonl")}, DefaultOptions(), model.StoryRule{})
	if err != nil {
		t.Fatal(err)
	}
	if len(up.Report.Update.New) != 3 {
		t.Fatalf("%d articles added, want 3", len(up.Report.Update.New))
	}
	got := map[string]bool{}
	for _, n := range up.Report.Update.New {
		got[n.Article] = n.NewStory
	}
	// late is almost the text of near, but two years apart: beyond the
	// 7 days of the rule, so late is a new story.
	want := map[string]bool{"near": false, "late": true, "fresh": true}
	for id, w := range want {
		if got[id] != w {
			t.Errorf("%s: new_story %v, want %v", id, got[id], w)
		}
	}
}
