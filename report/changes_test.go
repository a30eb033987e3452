package report

import (
	"bytes"
	"encoding/json"
	"strconv"
	"strings"
	"testing"
)

// TestClusterIDsShown: when cluster IDs are not the indexes (after an
// update), assignments.csv, clusters.json, new.csv and the Markdown
// report show the IDs, while Doc.Cluster stays an index.
func TestClusterIDsShown(t *testing.T) {
	t.Parallel()
	a := newsAnalysis()
	for i := range a.Clusters {
		a.Clusters[i].ID = 10 + i
	}
	a.Update = &Update{Kept: 1, New: []NewArticle{{Article: a.Docs[0].Article, Cluster: a.Docs[0].Cluster, NewTopic: true, NewStory: true}}}
	var b bytes.Buffer
	if err := WriteAssignmentsCSV(&b, a); err != nil {
		t.Fatal(err)
	}
	rows := strings.Split(strings.TrimSpace(b.String()), "\n")
	want := a.Clusters[a.Docs[0].Cluster].ID
	if f := strings.Split(rows[1], ","); f[2] != strconv.Itoa(want) {
		t.Errorf("assignments.csv first row %q: cluster %s, want the id %d", rows[1], f[2], want)
	}
	b.Reset()
	if err := WriteClustersJSON(&b, a); err != nil {
		t.Fatal(err)
	}
	var cs []struct{ ID int }
	if err := json.Unmarshal(b.Bytes(), &cs); err != nil || cs[0].ID != 10 {
		t.Errorf("clusters.json ids %v (%v), want from 10", cs, err)
	}
	b.Reset()
	if err := WriteNewCSV(&b, a); err != nil {
		t.Fatal(err)
	}
	rows = strings.Split(strings.TrimSpace(b.String()), "\n")
	if len(rows) != 2 || !strings.HasPrefix(rows[1], csvText(a.Docs[0].Article)+","+strconv.Itoa(want)+",") || !strings.HasSuffix(rows[1], ",true,true,false") {
		t.Errorf("new.csv:\n%s", b.String())
	}
	b.Reset()
	if err := WriteMarkdown(&b, a, "charts"); err != nil {
		t.Fatal(err)
	}
	if !strings.Contains(b.String(), "C10") || strings.Contains(b.String(), "C0 ") {
		t.Error("report.md does not name clusters by their ids (C10 …)")
	}
}

// TestWhatChanged: after an update the report has a What changed section
// with each cluster before and now, and the volume chart counts the
// articles of each cluster per month.
func TestWhatChanged(t *testing.T) {
	t.Parallel()
	a := newsAnalysis()
	if rows := changeRows(a); rows != nil || hasChart(a, ChartVolume) {
		t.Fatalf("a plain analysis has a what-changed table %v or volume chart", rows)
	}
	dates := []string{"2015-03-01", "2015-04-02"}
	for i := range a.Docs {
		a.Docs[i].Date = dates[i%2]
	}
	last := a.Docs[len(a.Docs)-1]
	a.Update = &Update{Kept: len(a.Docs) - 1, New: []NewArticle{{Article: last.Article, Cluster: last.Cluster, NewStory: true}}}
	rows := changeRows(a)
	if len(rows) != len(a.Clusters) || rows[0].Delta != "+1" || rows[0].After-rows[0].Before != 1 || rows[0].NewStories != 1 || rows[0].Change != "grew" {
		t.Errorf("what-changed rows %+v", rows)
	}
	period, names, counts := volumePeriods(a)
	total := 0
	for _, row := range counts {
		for _, n := range row {
			total += n
		}
	}
	articles := map[string]bool{}
	for _, d := range a.Docs {
		articles[d.Article] = true
	}
	// The dates span 2015-03-01 to 2015-04-02, 33 days: counted by day
	// (periodUnit), every day listed, the empty ones at 0.
	if period != "day" || len(names) != 33 || names[0] != "2015-03-01" || names[32] != "2015-04-02" || total != len(articles) {
		t.Errorf("volume: %s %v, %d articles counted of %d", period, names, total, len(articles))
	}
	var b bytes.Buffer
	if err := WriteMarkdown(&b, a, "charts"); err != nil {
		t.Fatal(err)
	}
	if !strings.Contains(b.String(), "## What changed") || !strings.Contains(b.String(), "charts/cluster-volume.png") {
		t.Error("report.md has no What changed section with the volume chart")
	}
	for _, format := range []string{"png", "svg"} {
		b.Reset()
		if err := WriteChart(&b, a, ChartVolume, format); err != nil || b.Len() == 0 {
			t.Errorf("volume chart %s: %v", format, err)
		}
	}
}
