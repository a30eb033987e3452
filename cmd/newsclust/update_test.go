package main

import (
	"bytes"
	"encoding/binary"
	"encoding/json"
	"fmt"
	"math/rand/v2"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"newsclust/model"
)

// updateTopics are made-up themes with no word in common; every article
// also draws a third of its words from updateCommon. The model is fitted
// on the first three; the fourth comes only in updates.
var (
	updateTopics = [][]string{
		{"harbour", "vessel", "cargo", "dock", "crane", "freight", "tanker", "port", "shipping", "container", "anchor", "sailor"},
		{"election", "ballot", "voter", "candidate", "campaign", "poll", "senate", "party", "debate", "turnout", "mayor", "district"},
		{"vaccine", "clinic", "patient", "doctor", "virus", "hospital", "nurse", "dose", "trial", "symptom", "infection", "therapy"},
		{"glacier", "iceberg", "tundra", "permafrost", "avalanche", "snowfield", "crevasse", "icecap", "moraine", "fjord", "blizzard", "frost"},
	}
	updateCommon = []string{"officials", "reported", "week", "region", "according", "statement", "local", "residents"}
)

// topicArticles writes n articles of each listed topic, ids prefix-T-I,
// to a JSONL file and returns its path.
func topicArticles(t *testing.T, seed uint64, prefix string, n int, topics ...int) string {
	t.Helper()
	rng := rand.New(rand.NewPCG(seed, seed))
	var docs []map[string]string
	for i := range n {
		for _, tp := range topics {
			words := make([]string, 30)
			for w := range words {
				pool := updateTopics[tp]
				if w%3 == 2 {
					pool = updateCommon
				}
				words[w] = pool[rng.IntN(len(pool))]
			}
			docs = append(docs, map[string]string{
				"id": fmt.Sprintf("%s-%d-%02d", prefix, tp, i), "title": strings.Join(words[:3], " "),
				"text": strings.Join(words[3:], " ") + ".", "label": fmt.Sprint("topic", tp), "date": "2026-03-01",
			})
		}
	}
	return writeJSONL(t, docs...)
}

// clusterIDs returns each article's cluster id from an assignments.csv.
func clusterIDs(t *testing.T, dir string) map[string]string {
	t.Helper()
	out := map[string]string{}
	for _, r := range readCSV(t, filepath.Join(dir, "assignments.csv")) {
		out[r["id"]] = r["cluster"]
	}
	return out
}

func TestUpdateCommand(t *testing.T) {
	t.Parallel()
	tmp := t.TempDir()
	day1, day2, day3 := filepath.Join(tmp, "day1"), filepath.Join(tmp, "day2"), filepath.Join(tmp, "day3")
	if _, stderr, code := runCmd(t, "analyze", "-quiet", "-k", "3", "-out", day1, topicArticles(t, 1, "a", 12, 0, 1, 2)); code != 0 {
		t.Fatal(stderr)
	}
	modelBefore, err := os.ReadFile(filepath.Join(day1, model.FileName))
	if err != nil {
		t.Fatal(err)
	}
	// Day 2: more of the three topics, six of a fourth, and day 1's file again.
	stdout, stderr, code := runCmd(t, "update", "-quiet", "-model", day1, "-out", day2,
		topicArticles(t, 2, "b", 4, 0, 1, 2), topicArticles(t, 3, "ice", 6, 3), topicArticles(t, 1, "a", 12, 0, 1, 2))
	if code != 0 {
		t.Fatalf("update: exit %d: %s", code, stderr)
	}
	if !strings.Contains(stdout, "new clusters C3 (6)") {
		t.Errorf("summary does not name the new cluster C3 of 6 articles:\n%s", stdout)
	}
	// The model folder is never rewritten.
	if after, _ := os.ReadFile(filepath.Join(day1, model.FileName)); !bytes.Equal(after, modelBefore) {
		t.Error("update rewrote the -model folder's model")
	}
	// The same outputs as analyze, and new.csv.
	for _, f := range []string{"report.html", "report.md", "clusters.json", "assignments.csv", "similarity.csv", "duplicates.csv", "skipped.csv", "evaluation.json", "model", "new.csv", "charts/cluster-sizes.svg"} {
		if _, err := os.Stat(filepath.Join(day2, f)); err != nil {
			t.Errorf("update wrote no %s: %v", f, err)
		}
	}
	ids1, ids2 := clusterIDs(t, day1), clusterIDs(t, day2)
	for id, c := range ids1 {
		if ids2[id] != c {
			t.Errorf("old article %s: cluster %s after update, %s before", id, ids2[id], c)
		}
	}
	topicCluster := map[string]string{}
	for id, c := range ids1 {
		topicCluster[id[:3]] = c // "a-0" … "a-2"
	}
	for _, r := range readCSV(t, filepath.Join(day2, "new.csv")) {
		id := r["article"]
		if strings.HasPrefix(id, "ice") {
			if r["cluster"] != "3" || r["new_cluster"] != "true" || r["new_topic"] != "true" {
				t.Errorf("new.csv %v: want the new cluster 3, new topic", r)
			}
			continue
		}
		if want := topicCluster["a-"+id[2:3]]; r["cluster"] != want || r["new_topic"] != "false" {
			t.Errorf("new.csv %v: want cluster %s, not a new topic", r, want)
		}
	}
	skipped := readCSV(t, filepath.Join(day2, "skipped.csv"))
	if len(skipped) != 36 || skipped[0]["reason"] != "already in the model (same id)" {
		t.Errorf("skipped.csv has %d rows (first %v), want day 1's 36 articles as already in the model", len(skipped), skipped[0])
	}
	var clusters []struct{ ID int }
	b, _ := os.ReadFile(filepath.Join(day2, "clusters.json"))
	if err := json.Unmarshal(b, &clusters); err != nil || len(clusters) != 4 || clusters[3].ID != 3 {
		t.Errorf("clusters.json ids %v (%v), want 0 1 2 3", clusters, err)
	}
	// Updates chain: day 3 from day 2 keeps every id, the new cluster's too.
	if _, stderr, code := runCmd(t, "update", "-quiet", "-model", day2, "-out", day3, topicArticles(t, 4, "c", 2, 0, 3)); code != 0 {
		t.Fatalf("second update: %s", stderr)
	}
	ids3 := clusterIDs(t, day3)
	for id, c := range ids2 {
		if ids3[id] != c {
			t.Errorf("day 3: article %s in cluster %s, %s on day 2", id, ids3[id], c)
		}
	}
	for _, r := range readCSV(t, filepath.Join(day3, "new.csv")) {
		if strings.HasPrefix(r["article"], "c-3") && (r["cluster"] != "3" || r["new_topic"] != "false") {
			t.Errorf("day 3 %v: want the cluster 3 opened on day 2, now a known topic", r)
		}
	}
}

func TestUpdateRefuses(t *testing.T) {
	t.Parallel()
	tmp := t.TempDir()
	day1 := filepath.Join(tmp, "day1")
	batch := topicArticles(t, 1, "a", 6, 0, 1)
	if _, stderr, code := runCmd(t, "analyze", "-quiet", "-k", "2", "-out", day1, batch); code != 0 {
		t.Fatal(stderr)
	}
	good, err := os.ReadFile(filepath.Join(day1, model.FileName))
	if err != nil {
		t.Fatal(err)
	}
	damaged := filepath.Join(tmp, "damaged")
	bad := append([]byte(nil), good...)
	bad[len(bad)/2] ^= 0x40
	if err := os.WriteFile(damaged, bad, 0o644); err != nil {
		t.Fatal(err)
	}
	version := filepath.Join(tmp, "version")
	old := append([]byte(nil), good...)
	binary.LittleEndian.PutUint32(old[16:20], model.FormatVersion-1)
	if err := os.WriteFile(version, old, 0o644); err != nil {
		t.Fatal(err)
	}
	out := filepath.Join(tmp, "out")
	more := topicArticles(t, 9, "b", 2, 0, 1)
	for _, tc := range []struct {
		name string
		args []string
		code int
		msg  string
	}{
		{"no -model", []string{"-out", out, more}, 2, "-model is required"},
		{"no -out", []string{"-model", day1, more}, 2, "-out is required"},
		{"-out is -model", []string{"-model", day1, "-out", day1, more}, 2, "is the -model folder"},
		{"-out is -model, spelled otherwise", []string{"-model", day1, "-out", day1 + "/.", more}, 2, "is the -model folder"},
		{"no input", []string{"-model", day1, "-out", out}, 2, "no INPUT"},
		{"damaged model", []string{"-model", damaged, "-out", out, more}, 1, "damaged"},
		{"other version", []string{"-model", version, "-out", out, more}, 1, "version"},
		{"nothing new", []string{"-model", day1, "-out", out, batch}, 1, "no new article"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			_, stderr, code := runCmd(t, append([]string{"update", "-quiet"}, tc.args...)...)
			if code != tc.code || !strings.Contains(stderr, tc.msg) {
				t.Errorf("exit %d, stderr %q; want %d and %q", code, stderr, tc.code, tc.msg)
			}
		})
	}
	// All or nothing: the refused runs wrote nothing.
	if ents, err := os.ReadDir(out); err == nil && len(ents) > 0 {
		t.Errorf("a refused update left %d entries in -out", len(ents))
	}
	if after, _ := os.ReadFile(filepath.Join(day1, model.FileName)); !bytes.Equal(after, good) {
		t.Error("a refused update changed the model")
	}
}

// TestAnalyzeAlignTo: a fresh analysis of topics 1, 2 and 3 aligned to
// one of topics 0, 1 and 2 keeps the ids of topics 1 and 2, numbers topic
// 3 after the earlier ids, and changes.csv says topic 0 faded.
func TestAnalyzeAlignTo(t *testing.T) {
	t.Parallel()
	tmp := t.TempDir()
	day1, day2 := filepath.Join(tmp, "day1"), filepath.Join(tmp, "day2")
	if _, stderr, code := runCmd(t, "analyze", "-quiet", "-k", "3", "-out", day1, topicArticles(t, 1, "a", 12, 0, 1, 2)); code != 0 {
		t.Fatal(stderr)
	}
	if _, stderr, code := runCmd(t, "analyze", "-quiet", "-k", "3", "-out", day2, "-align-to", day1, topicArticles(t, 2, "b", 12, 1, 2, 3)); code != 0 {
		t.Fatal(stderr)
	}
	ids1, ids2 := clusterIDs(t, day1), clusterIDs(t, day2)
	topic1 := map[string]string{}
	for id, c := range ids1 {
		topic1[id[2:3]] = c
	}
	for id, c := range ids2 {
		tp := id[2:3]
		want := topic1[tp]
		if tp == "3" {
			want = "3"
		}
		if c != want {
			t.Errorf("%s of topic %s: cluster %s, want %s", id, tp, c, want)
		}
	}
	changes := map[string]string{}
	for _, r := range readCSV(t, filepath.Join(day2, "changes.csv")) {
		changes[r["cluster"]] = r["change"]
	}
	want := map[string]string{topic1["0"]: "faded", topic1["1"]: "continued", topic1["2"]: "continued", "3": "appeared"}
	for id, w := range want {
		if changes[id] != w {
			t.Errorf("changes.csv: cluster %s %q, want %q (all: %v)", id, changes[id], w, changes)
		}
	}
	// A damaged earlier model is refused as compare refuses it.
	bad := filepath.Join(tmp, "bad")
	if err := os.WriteFile(bad, []byte("newsclust-model\nnot really"), 0o644); err != nil {
		t.Fatal(err)
	}
	if _, stderr, code := runCmd(t, "analyze", "-quiet", "-out", filepath.Join(tmp, "x"), "-align-to", bad, topicArticles(t, 2, "b", 4, 1, 2)); code != 1 || !strings.Contains(stderr, "-align-to") {
		t.Errorf("damaged -align-to model: exit %d, %q", code, stderr)
	}
}
