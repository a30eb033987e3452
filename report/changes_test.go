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
