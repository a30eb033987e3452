package main

import (
	"flag"
	"os"
	"path/filepath"
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
