package analysis

import (
	"encoding/csv"
	"errors"
	"fmt"
	"io"
	"strconv"
	"strings"
)

// ThemeScores is how the themes of a themes.csv agree with known labels.
// An article's label names the theme it is about when a theme has that
// name (compared without regard to case and surrounding space); an
// article whose label names no theme should be about none.
type ThemeScores struct {
	Articles   int `json:"articles"`   // articles with a known label, scored
	Unlabelled int `json:"unlabelled"` // articles without one, left out
	// Themed is the number of scored articles whose label names a theme.
	Themed int `json:"themed"`
	// Accuracy is the share of the Themed articles whose most relevant
	// theme (largest relevance, the first in the file on ties; none when
	// every relevance is 0) is the one their label names; Correct is
	// their number.
	Accuracy float64 `json:"accuracy"`
	Correct  int     `json:"correct"`
	// Unthemed is the number of scored articles whose label names no
	// theme, and AboutNone how many of them are about no theme.
	Unthemed  int `json:"unthemed"`
	AboutNone int `json:"about_none"`
	// PerTheme scores each theme's about flags, in the file's order;
	// Overall pools all article-theme pairs (micro average) and MacroF1
	// is the mean of the themes' F1.
	PerTheme []ThemeFit `json:"per_theme"`
	Overall  ThemeFit   `json:"overall"`
	MacroF1  float64    `json:"macro_f1"`
}

// ThemeFit scores the about flags of one theme (or all, pooled): of the
// articles about it, the share whose label names it (precision); of the
// articles whose label names it, the share about it (recall); F1 their
// harmonic mean. A ratio with nothing to count is 0.
type ThemeFit struct {
	Theme     string  `json:"theme"`
	Labelled  int     `json:"labelled"` // articles whose label names the theme
	About     int     `json:"about"`    // articles about the theme
	Both      int     `json:"both"`     // articles about the theme their label names
	Precision float64 `json:"precision"`
	Recall    float64 `json:"recall"`
	F1        float64 `json:"f1"`
}

func (f *ThemeFit) finish() {
	if f.About > 0 {
		f.Precision = float64(f.Both) / float64(f.About)
	}
	if f.Labelled > 0 {
		f.Recall = float64(f.Both) / float64(f.Labelled)
	}
	if f.Precision+f.Recall > 0 {
		f.F1 = 2 * f.Precision * f.Recall / (f.Precision + f.Recall)
	}
}

// themeRows is a themes.csv read back: themes in order, and per article
// (in order) its relevance and about flag for each.
type themeRows struct {
	themes []string
	ids    []string
	rel    [][]float64
	about  [][]bool
}

// readThemesCSV reads a themes.csv written by analyze. A theme an article
// has no row for counts as relevance 0, not about. Errors name the file
// and line.
func readThemesCSV(rd io.Reader, name string) (*themeRows, error) {
	r := csv.NewReader(rd)
	r.ReuseRecord = true
	head, err := r.Read()
	if err != nil {
		return nil, fmt.Errorf("%s: %w", name, err)
	}
	col := map[string]int{}
	for i, h := range head {
		col[h] = i
	}
	for _, need := range []string{"document", "theme", "relevance", "about"} {
		if _, ok := col[need]; !ok {
			return nil, fmt.Errorf("%s:1: no %q column; want a themes.csv written by analyze", name, need)
		}
	}
	tr := &themeRows{}
	themeIdx, artIdx := map[string]int{}, map[string]int{}
	seen := map[[2]int]bool{}
	for line := 2; ; line++ {
		rec, err := r.Read()
		if errors.Is(err, io.EOF) {
			break
		}
		if err != nil {
			return nil, fmt.Errorf("%s:%d: %w", name, line, err)
		}
		id, theme := rec[col["document"]], rec[col["theme"]]
		rel, err := strconv.ParseFloat(rec[col["relevance"]], 64)
		if err != nil || !(rel >= 0 && rel <= 1) {
			return nil, fmt.Errorf("%s:%d: relevance %q is not a number in [0, 1]", name, line, rec[col["relevance"]])
		}
		var about bool
		switch rec[col["about"]] {
		case "1":
			about = true
		case "0":
		default:
			return nil, fmt.Errorf("%s:%d: about %q is not 1 or 0", name, line, rec[col["about"]])
		}
		t, ok := themeIdx[theme]
		if !ok {
			t = len(tr.themes)
			themeIdx[theme] = t
			tr.themes = append(tr.themes, theme)
			for a := range tr.ids {
				tr.rel[a] = append(tr.rel[a], 0)
				tr.about[a] = append(tr.about[a], false)
			}
		}
		a, ok := artIdx[id]
		if !ok {
			a = len(tr.ids)
			artIdx[id] = a
			tr.ids = append(tr.ids, id)
			tr.rel = append(tr.rel, make([]float64, len(tr.themes)))
			tr.about = append(tr.about, make([]bool, len(tr.themes)))
		}
		if seen[[2]int{a, t}] {
			return nil, fmt.Errorf("%s:%d: a second row for article %q and theme %q", name, line, id, theme)
		}
		seen[[2]int{a, t}] = true
		tr.rel[a][t], tr.about[a][t] = rel, about
	}
	if len(tr.ids) == 0 {
		return nil, fmt.Errorf("%s: no rows", name)
	}
	return tr, nil
}

// ScoreThemes scores a themes.csv (read from rd, named name in errors)
// against known[article], the articles' labels: the accuracy of the most
// relevant theme, and the precision, recall and F1 of the about flags per
// theme and overall (see ThemeScores). Articles without a label are left
// out and counted. Errors name the file and line.
func ScoreThemes(rd io.Reader, name string, known map[string]string) (*ThemeScores, error) {
	tr, err := readThemesCSV(rd, name)
	if err != nil {
		return nil, err
	}
	byName := map[string]int{}
	for t, th := range tr.themes {
		byName[strings.ToLower(strings.TrimSpace(th))] = t
	}
	s := &ThemeScores{PerTheme: make([]ThemeFit, len(tr.themes))}
	for t, th := range tr.themes {
		s.PerTheme[t].Theme = th
	}
	for a, id := range tr.ids {
		label := strings.TrimSpace(known[id])
		if label == "" {
			s.Unlabelled++
			continue
		}
		s.Articles++
		want, themed := byName[strings.ToLower(label)]
		if !themed {
			want = -1
		}
		best, none := -1, true
		for t, r := range tr.rel[a] {
			if r > 0 && (best < 0 || r > tr.rel[a][best]) {
				best = t
			}
			none = none && !tr.about[a][t]
		}
		if themed {
			s.Themed++
			if best == want {
				s.Correct++
			}
		} else {
			s.Unthemed++
			if none {
				s.AboutNone++
			}
		}
		for t := range tr.themes {
			f := &s.PerTheme[t]
			if t == want {
				f.Labelled++
			}
			if tr.about[a][t] {
				f.About++
				if t == want {
					f.Both++
				}
			}
		}
	}
	if s.Articles == 0 {
		return nil, fmt.Errorf("%s: no article has a known label", name)
	}
	if s.Themed > 0 {
		s.Accuracy = float64(s.Correct) / float64(s.Themed)
	}
	s.Overall.Theme = "overall"
	for t := range s.PerTheme {
		f := &s.PerTheme[t]
		f.finish()
		s.Overall.Labelled += f.Labelled
		s.Overall.About += f.About
		s.Overall.Both += f.Both
		s.MacroF1 += f.F1 / float64(len(s.PerTheme))
	}
	s.Overall.finish()
	return s, nil
}

// AssignmentLabels reads the label of each article from an
// assignments.csv (its article and label columns; in paragraph mode the
// first passage's label that is not empty). Errors name the file and
// line.
func AssignmentLabels(rd io.Reader, name string) (map[string]string, error) {
	r := csv.NewReader(rd)
	head, err := r.Read()
	if err != nil {
		return nil, fmt.Errorf("%s: %w", name, err)
	}
	col := map[string]int{}
	for i, h := range head {
		col[h] = i
	}
	for _, need := range []string{"article", "label"} {
		if _, ok := col[need]; !ok {
			return nil, fmt.Errorf("%s:1: no %q column; give the labels with -labels", name, need)
		}
	}
	out := map[string]string{}
	for line := 2; ; line++ {
		rec, err := r.Read()
		if errors.Is(err, io.EOF) {
			return out, nil
		}
		if err != nil {
			return nil, fmt.Errorf("%s:%d: %w", name, line, err)
		}
		if a, l := rec[col["article"]], rec[col["label"]]; out[a] == "" {
			out[a] = l
		}
	}
}
