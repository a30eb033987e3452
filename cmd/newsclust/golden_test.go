package main

import (
	"encoding/json"
	"flag"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"
)

var update = flag.Bool("update", false, "rewrite the golden files in testdata/golden")

// golden compares got with testdata/golden/name, or rewrites the file
// with -update.
func golden(t *testing.T, name, got string) {
	t.Helper()
	path := filepath.Join("testdata", "golden", name)
	if *update {
		if err := os.WriteFile(path, []byte(got), 0o644); err != nil {
			t.Fatal(err)
		}
		return
	}
	want, err := os.ReadFile(path)
	if err != nil {
		t.Fatalf("%v (run go test -run %s -update to create it)", err, t.Name())
	}
	if got != string(want) {
		t.Errorf("%s differs from %s (go test -run %s -update rewrites it after checking the change):\n--- got\n%s\n--- want\n%s", name, path, t.Name(), got, want)
	}
}

// TestGoldenHelp checks the help texts as a user sees them.
func TestGoldenHelp(t *testing.T) {
	for _, tt := range []struct {
		name string
		args []string
	}{
		{"help.txt", []string{"help"}},
		{"analyze-help.txt", []string{"analyze", "-h"}},
		{"compare-help.txt", []string{"compare", "-h"}},
		{"evaluate-help.txt", []string{"evaluate", "-h"}},
	} {
		t.Run(tt.name, func(t *testing.T) {
			stdout, stderr, code := runCmd(t, tt.args...)
			if code != 0 {
				t.Fatalf("exit %d: %s", code, stderr)
			}
			golden(t, tt.name, stdout)
		})
	}
}

// TestGoldenSeeds checks analyze's summary, and compare's table and JSON,
// on the seed articles as the README's first command runs them.
func TestGoldenSeeds(t *testing.T) {
	dir := t.TempDir()
	out := filepath.Join(dir, "out")
	stdout, stderr, code := runCmd(t, "analyze", "-quiet", "-unit", "paragraph", "-themes", "../../testdata/themes.txt", "-out", out, "../../testdata/seeds")
	if code != 0 {
		t.Fatalf("analyze: exit %d: %s", code, stderr)
	}
	golden(t, "analyze-seeds.txt", strings.ReplaceAll(stdout, out, "OUT"))
	golden(t, "analyze-seeds.stderr", stderr)

	stdout, stderr, code = runCmd(t, "compare", "-model", out, "../../testdata/seeds")
	if code != 0 {
		t.Fatalf("compare: exit %d: %s", code, stderr)
	}
	golden(t, "compare-seeds.txt", stdout)
	stdout, stderr, code = runCmd(t, "compare", "-json", "-model", out, "../../testdata/seeds")
	if code != 0 {
		t.Fatalf("compare -json: exit %d: %s", code, stderr)
	}
	golden(t, "compare-seeds.json", stdout)
}

// TestAnalyzeJSON checks analyze -json: one JSON object on stdout with the
// counts, k, clusters, skips and output files, and nothing else there.
func TestAnalyzeJSON(t *testing.T) {
	t.Parallel()
	out := filepath.Join(t.TempDir(), "out")
	stdout, stderr, code := runCmd(t, "analyze", "-quiet", "-json", "-k", "2", "-out", out, "../../testdata/seeds")
	if code != 0 {
		t.Fatalf("exit %d: %s", code, stderr)
	}
	var s runSummary
	dec := json.NewDecoder(strings.NewReader(stdout))
	if err := dec.Decode(&s); err != nil {
		t.Fatalf("stdout is not a JSON object: %v\n%s", err, stdout)
	}
	if dec.More() {
		t.Errorf("more than one JSON value on stdout:\n%s", stdout)
	}
	if s.Articles != 3 || s.K != 2 || len(s.Clusters) != 2 || s.KChosen || s.Out != out {
		t.Errorf("summary %+v", s)
	}
	sizes := 0
	for _, c := range s.Clusters {
		sizes += c.Size
	}
	if sizes != 3 {
		t.Errorf("cluster sizes add up to %d, want 3", sizes)
	}
	for _, name := range s.Outputs {
		if _, err := os.Stat(filepath.Join(out, name)); err != nil {
			t.Errorf("listed output %s: %v", name, err)
		}
	}
	if !slices.Contains(s.Outputs, "assignments.csv") || !slices.Contains(s.Outputs, "report.html") {
		t.Errorf("outputs %v lack the main files", s.Outputs)
	}
}

// TestVersion checks that version and -version print one line naming the
// program and the revision.
func TestVersion(t *testing.T) {
	t.Parallel()
	for _, args := range [][]string{{"version"}, {"-version"}} {
		stdout, stderr, code := runCmd(t, args...)
		if code != 0 || !strings.HasPrefix(stdout, "newsclust ") || !strings.Contains(stdout, "revision") || strings.Count(stdout, "\n") != 1 {
			t.Errorf("%v: exit %d, stdout %q, stderr %q", args, code, stdout, stderr)
		}
	}
	if _, _, code := runCmd(t, "version", "extra"); code != 2 {
		t.Errorf("version with an argument: exit %d, want 2", code)
	}
}
