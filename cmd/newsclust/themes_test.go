package main

import (
	"bytes"
	"encoding/json"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"newsclust/analysis"
)

// recipe is an article on none of the bundled themes.
const recipe = "../../testdata/offtopic/barley-soup.txt"

// themeRows reads a themes.csv into article → theme → row.
func themeRows(t *testing.T, path string) map[string]map[string]map[string]string {
	t.Helper()
	out := map[string]map[string]map[string]string{}
	for _, r := range readCSV(t, path) {
		if out[r["document"]] == nil {
			out[r["document"]] = map[string]map[string]string{}
		}
		out[r["document"]][r["theme"]] = r
	}
	return out
}

// TestSeedsParagraphThemes runs analyze passage by passage with the
// bundled themes on the seed articles and an off-topic recipe, and checks
// what an analyst reads off themes.csv and the report.
func TestSeedsParagraphThemes(t *testing.T) {
	t.Parallel()
	out := t.TempDir()
	_, stderr, code := runCmd(t, "analyze", "-quiet", "-unit", "paragraph", "-themes", themesFile, "-out", out, seedDir, recipe)
	if code != 0 {
		t.Fatalf("exit %d: %s", code, stderr)
	}
	rows := themeRows(t, filepath.Join(out, "themes.csv"))
	if len(rows) != 4 {
		t.Fatalf("themes.csv has %d articles, want 4", len(rows))
	}
	for id, themes := range rows {
		if len(themes) != 3 {
			t.Errorf("%s has %d themes, want 3", id, len(themes))
		}
		for th, r := range themes {
			rel := num(t, r["relevance"])
			if rel < 0 || rel > 1 || (r["about"] != "1" && r["about"] != "0") || (r["about"] == "1") != (rel >= 0.2) {
				t.Errorf("%s %s: relevance %q, about %q", id, th, r["relevance"], r["about"])
			}
		}
	}
	about := func(id, theme string) bool { return rows[id][theme]["about"] == "1" }
	// The 2020 CBC article is about NATO taking over the anti-ISIS
	// mission, not about Ukraine.
	if !about(cbc2020, "ISIS") || about(cbc2020, "Ukraine") {
		t.Errorf("2020 article: about ISIS %v, Ukraine %v; want true, false", about(cbc2020, "ISIS"), about(cbc2020, "Ukraine"))
	}
	// The 2015 HuffPost article has passages on all three.
	for _, th := range []string{"ISIS", "Ukraine", "Defence spending"} {
		if !about(huffPost, th) {
			t.Errorf("HuffPost 2015 article not about %s", th)
		}
	}
	// The 2015 Global News article has passages on ISIS and Ukraine, but
	// it never mentions spending: none of the theme's words (spending,
	// budget, GDP, per cent, cash, allies, ...) occurs in it, so it is
	// not about Defence spending, although it reports the same summit.
	if !about(global2015, "ISIS") || !about(global2015, "Ukraine") || about(global2015, "Defence spending") {
		t.Errorf("Global News 2015: about ISIS %v, Ukraine %v, Defence spending %v; want true, true, false",
			about(global2015, "ISIS"), about(global2015, "Ukraine"), about(global2015, "Defence spending"))
	}
	// The recipe is about none.
	for _, th := range []string{"ISIS", "Ukraine", "Defence spending"} {
		if about("barley-soup", th) {
			t.Errorf("barley soup recipe about %s", th)
		}
	}
	// The report says the rule, lists the learned words per theme and
	// draws the relevance and coverage charts.
	md, err := os.ReadFile(filepath.Join(out, "report.md"))
	if err != nil {
		t.Fatal(err)
	}
	for _, want := range []string{"### Words learned per theme", "| ISIS | ", "it is about a theme when one of its passages is",
		"| All articles | 4 | 3 (75%) | 2 (50%) | 1 (25%) |"} {
		if !bytes.Contains(md, []byte(want)) {
			t.Errorf("report.md lacks %q", want)
		}
	}
	for _, chart := range []string{"theme-relevance.png", "theme-coverage.svg"} {
		if _, err := os.Stat(filepath.Join(out, "charts", chart)); err != nil {
			t.Error(err)
		}
	}
	// Theme words the corpus never uses are warned about.
	if !strings.Contains(stderr, "theme words used by no passage") {
		t.Errorf("no warning about unused theme words in %q", stderr)
	}

	// evaluate -themes against labels: three name a theme (one in lower
	// case), the recipe's names none.
	labels := filepath.Join(t.TempDir(), "labels.csv")
	if err := os.WriteFile(labels, []byte("id,label\n"+cbc2020+",isis\n"+huffPost+",Ukraine\n"+global2015+",Ukraine\nbarley-soup,recipes\n"), 0o644); err != nil {
		t.Fatal(err)
	}
	stdout, stderr, code := runCmd(t, "evaluate", "-json", "-themes", filepath.Join(out, "themes.csv"), "-labels", labels)
	if code != 0 {
		t.Fatalf("evaluate exit %d: %s", code, stderr)
	}
	var s analysis.ThemeScores
	if err := json.Unmarshal([]byte(stdout), &s); err != nil {
		t.Fatal(err)
	}
	// Labelled Ukraine: HuffPost and Global News, both about it; the
	// recipe is about none.
	if s.Articles != 4 || s.Themed != 3 || s.Unthemed != 1 || s.AboutNone != 1 || len(s.PerTheme) != 3 ||
		s.PerTheme[1].Theme != "Ukraine" || s.PerTheme[1].Labelled != 2 || s.PerTheme[1].Recall != 1 || s.PerTheme[0].Recall != 1 {
		t.Errorf("evaluate -themes = %+v", s)
	}
	text, stderr, code := runCmd(t, "evaluate", "-themes", filepath.Join(out, "themes.csv"), "-labels", labels)
	if code != 0 || !strings.Contains(text, "most relevant theme: accuracy") || !strings.Contains(text, "macro F1") {
		t.Errorf("evaluate -themes text (exit %d, %s):\n%s", code, stderr, text)
	}
}

// TestThemesLeaveClustersAlone: -themes without -theme-seeds detects
// themes but clusters exactly as a run without themes, byte for byte;
// with -theme-seeds the themes seed the clustering, and every k tried
// starts from all three.
func TestThemesLeaveClustersAlone(t *testing.T) {
	t.Parallel()
	for _, unit := range []string{"document", "paragraph"} {
		plain, themed := t.TempDir(), t.TempDir()
		for _, run := range [][]string{
			{"analyze", "-quiet", "-unit", unit, "-out", plain, seedDir, recipe},
			{"analyze", "-quiet", "-unit", unit, "-themes", themesFile, "-out", themed, seedDir, recipe},
		} {
			if _, stderr, code := runCmd(t, run...); code != 0 {
				t.Fatalf("%v: exit %d: %s", run, code, stderr)
			}
		}
		a, err := os.ReadFile(filepath.Join(plain, "assignments.csv"))
		if err != nil {
			t.Fatal(err)
		}
		b, err := os.ReadFile(filepath.Join(themed, "assignments.csv"))
		if err != nil {
			t.Fatal(err)
		}
		if !bytes.Equal(a, b) {
			t.Errorf("%s: assignments.csv with -themes differs from without", unit)
		}
	}
	seeded := t.TempDir()
	if _, stderr, code := runCmd(t, "analyze", "-quiet", "-unit", "paragraph", "-themes", themesFile, "-theme-seeds", "-out", seeded, seedDir); code != 0 {
		t.Fatalf("exit %d: %s", code, stderr)
	}
	md, err := os.ReadFile(filepath.Join(seeded, "report.md"))
	if err != nil {
		t.Fatal(err)
	}
	if !bytes.Contains(md, []byte("auto, tried 3:12")) {
		t.Errorf("with -theme-seeds, report.md settings do not give the range tried as 3:12")
	}
	if _, stderr, code := runCmd(t, "analyze", "-quiet", "-theme-seeds", "-out", t.TempDir(), seedDir); code != 2 || !strings.Contains(stderr, "-theme-seeds needs -themes") {
		t.Errorf("-theme-seeds without -themes: exit %d, %q", code, stderr)
	}
}
