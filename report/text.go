package report

import (
	"math"
	"sort"
	"strconv"
	"strings"
	"unicode"
	"unicode/utf8"
)

// clean turns s into one line of text: control characters and runs of
// white space become a single space, and the ends are trimmed.
func clean(s string) string { return cleanPrefix(s, -1) }

// cleanPrefix is the first max runes of clean(s) (all of it when max < 0),
// looking no further into s than it needs.
func cleanPrefix(s string, max int) string {
	var b strings.Builder
	if max < 0 {
		b.Grow(len(s))
	}
	space := false
	n := 0
	for _, r := range s {
		if n == max {
			break
		}
		if r == utf8.RuneError || unicode.IsControl(r) || unicode.IsSpace(r) {
			space = b.Len() > 0
			continue
		}
		if space {
			b.WriteByte(' ')
			space = false
			if n++; n == max {
				break
			}
		}
		b.WriteRune(r)
		n++
	}
	return b.String()
}

// shorten cleans s and cuts it to at most n runes, ending in "…" when cut.
// It prefers to cut at a word boundary when one lies in the second half.
// It reads no more of s than it needs, so a long text costs no more than
// a short one.
func shorten(s string, n int) string {
	if n < 2 {
		return clean(s)
	}
	s = cleanPrefix(s, n+1) // n+1 runes: more than n means s is cut
	if utf8.RuneCountInString(s) <= n {
		return s
	}
	runes := []rune(s)[:n-1]
	cut := len(runes)
	for i := len(runes) - 1; i >= len(runes)/2; i-- {
		if runes[i] == ' ' {
			cut = i
			break
		}
	}
	return strings.TrimRight(string(runes[:cut]), " ,;:.-·") + "…"
}

// csvText neutralises a text cell for spreadsheets: a cell beginning with
// =, +, -, @, tab or carriage return is prefixed with a single quote so that
// it is not read as a formula.
func csvText(s string) string {
	if s == "" {
		return s
	}
	switch s[0] {
	case '=', '+', '-', '@', '\t', '\r':
		return "'" + s
	}
	return s
}

// mdText escapes s for Markdown text and table cells: it is cleaned to one
// line and every character Markdown gives meaning to is backslash-escaped.
func mdText(s string) string { return mdEscape(clean(s)) }

// mdEscape backslash-escapes the characters Markdown gives meaning to in
// s, which must be one line already.
func mdEscape(s string) string {
	var b strings.Builder
	b.Grow(len(s) + 8)
	for _, r := range s {
		switch r {
		case '\\', '`', '*', '_', '[', ']', '<', '>', '|', '#', '~', '&', '!', '(', ')', '{', '}':
			b.WriteByte('\\')
		}
		b.WriteRune(r)
	}
	return b.String()
}

// fixed formats x with prec decimals; it is the only float format used in
// outputs, so they are byte-identical across runs.
func fixed(x float64, prec int) string {
	return strconv.FormatFloat(unsigned0(x, prec), 'f', prec, 64)
}

// appendFixed appends fixed(x, prec) to b.
func appendFixed(b []byte, x float64, prec int) []byte {
	return strconv.AppendFloat(b, unsigned0(x, prec), 'f', prec, 64)
}

// unsigned0 returns x, or +0 when x rounds to zero at prec decimals: no
// "-0.0000".
func unsigned0(x float64, prec int) float64 {
	if x == 0 || math.Abs(x) < 0.5*math.Pow10(-prec) {
		return 0
	}
	return x
}

// percent formats a share in [0,1] as a whole-number percentage.
func percent(x float64) string {
	return fixed(100*x, 0) + "%"
}

// finite reports whether x is neither NaN nor infinite.
func finite(x float64) bool { return !math.IsNaN(x) && !math.IsInf(x, 0) }

// clamp01 limits x to [0,1]; NaN becomes 0.
func clamp01(x float64) float64 {
	switch {
	case !(x > 0):
		return 0
	case x > 1:
		return 1
	}
	return x
}

// evenSample returns k indices spread evenly over [0,n), increasing; all of
// them when k >= n. Index j is floor((2j+1)·n / 2k), the middle of the jth
// of k equal strides, so the choice depends only on n and k.
func evenSample(n, k int) []int {
	if k >= n {
		k = n
	}
	idx := make([]int, k)
	for j := range idx {
		idx[j] = int((int64(2*j+1) * int64(n)) / int64(2*k))
	}
	return idx
}

// articleInfo is what the report knows about one article, gathered from
// its units.
type articleInfo struct {
	ID, Title, Date, Source, Label string
	Units                          []int // indices into Analysis.Docs
}

// articles groups a.Docs by article, in order of first appearance.
func articles(a *Analysis) []articleInfo {
	var out []articleInfo
	index := make(map[string]int, len(a.Docs))
	of := make([]int, len(a.Docs)) // article of each doc
	var n []int                    // units of each article
	for i, d := range a.Docs {
		j, ok := index[d.Article]
		if !ok {
			j = len(out)
			index[d.Article] = j
			out = append(out, articleInfo{ID: d.Article, Title: d.Title, Date: d.Date, Source: d.Source, Label: d.Label})
			n = append(n, 0)
		}
		of[i] = j
		n[j]++
	}
	// Every article's Units is a part of one shared slice.
	units, off := make([]int, len(a.Docs)), 0
	for j := range out {
		out[j].Units = units[off : off : off+n[j]]
		off += n[j]
	}
	for i, d := range a.Docs {
		ai := &out[of[i]]
		ai.Units = append(ai.Units, i)
		if ai.Title == "" {
			ai.Title = d.Title
		}
		if ai.Date == "" {
			ai.Date = d.Date
		}
		if ai.Source == "" {
			ai.Source = d.Source
		}
		if ai.Label == "" {
			ai.Label = d.Label
		}
	}
	return out
}

// titleIndex maps article ids to titles, from the docs and the theme rows.
func titleIndex(a *Analysis) map[string]string {
	m := make(map[string]string)
	for _, d := range a.Docs {
		if m[d.Article] == "" && d.Title != "" {
			m[d.Article] = d.Title
		}
	}
	for _, t := range a.Articles {
		if m[t.Article] == "" && t.Title != "" {
			m[t.Article] = t.Title
		}
	}
	return m
}

// dateRange returns the earliest and latest dates among the docs that
// start with an ISO date (YYYY-MM-DD); both are "" when none does.
func dateRange(a *Analysis) (from, to string) {
	for _, d := range a.Docs {
		s := strings.TrimSpace(d.Date)
		if !isISODate(s) {
			continue
		}
		s = s[:10]
		if from == "" || s < from {
			from = s
		}
		if to == "" || s > to {
			to = s
		}
	}
	return from, to
}

func isISODate(s string) bool {
	if len(s) < 10 {
		return false
	}
	for i := 0; i < 10; i++ {
		c := s[i]
		if i == 4 || i == 7 {
			if c != '-' {
				return false
			}
		} else if c < '0' || c > '9' {
			return false
		}
	}
	return true
}

// sourceCount is one source and how many articles it gave.
type sourceCount struct {
	Source string
	N      int
}

// sources counts articles per source, most first, then by name.
func sources(arts []articleInfo) []sourceCount {
	n := map[string]int{}
	for _, a := range arts {
		if s := clean(a.Source); s != "" {
			n[s]++
		}
	}
	out := make([]sourceCount, 0, len(n))
	for s, c := range n {
		out = append(out, sourceCount{s, c})
	}
	sort.Slice(out, func(i, j int) bool {
		if out[i].N != out[j].N {
			return out[i].N > out[j].N
		}
		return out[i].Source < out[j].Source
	})
	return out
}

// clusterName is the short name used in charts and tables for the
// cluster with the given id (Cluster.ID): "C3".
func clusterName(id int) string { return "C" + strconv.Itoa(id) }

// clusterOf returns cluster i of a, or nil when i is out of range.
func clusterOf(a *Analysis, i int) *Cluster {
	if i < 0 || i >= len(a.Clusters) {
		return nil
	}
	return &a.Clusters[i]
}

// clusterLabel is "C3 nato · iraq" for cluster index i (named by its ID),
// or "" when out of range.
func clusterLabel(a *Analysis, i int) string {
	c := clusterOf(a, i)
	if c == nil {
		return ""
	}
	if l := clean(c.Label); l != "" {
		return clusterName(c.ID) + " " + l
	}
	return clusterName(c.ID)
}

// count is "1 article" or "3 articles".
func count(n int, singular string) string {
	if n == 1 {
		return "1 " + singular
	}
	return strconv.Itoa(n) + " " + singular + "s"
}

// highlight cuts line into segments, marking the keyword: every
// occurrence, as whole words ignoring case, of the first of terms that
// occurs in line. A term of several words matches those words one after
// the other, whatever separates them.
func highlight(line string, terms []string) contextView {
	// The words of line, as byte spans.
	var words [][2]int
	start := -1
	for i, r := range line {
		switch w := !notWordRune(r); {
		case w && start < 0:
			start = i
		case !w && start >= 0:
			words = append(words, [2]int{start, i})
			start = -1
		}
	}
	if start >= 0 {
		words = append(words, [2]int{start, len(line)})
	}
	var hits [][2]int // byte spans to mark
	for _, t := range terms {
		tw := strings.FieldsFunc(t, notWordRune)
		if len(tw) == 0 {
			continue
		}
		for i := 0; i+len(tw) <= len(words); i++ {
			match := true
			for j, w := range tw {
				span := words[i+j]
				if !strings.EqualFold(line[span[0]:span[1]], w) {
					match = false
					break
				}
			}
			if match {
				hits = append(hits, [2]int{words[i][0], words[i+len(tw)-1][1]})
				i += len(tw) - 1
			}
		}
		if len(hits) > 0 {
			break
		}
	}
	var out contextView
	at := 0
	for _, h := range hits {
		if h[0] > at {
			out = append(out, segment{Text: line[at:h[0]]})
		}
		out = append(out, segment{Text: line[h[0]:h[1]], Hit: true})
		at = h[1]
	}
	if at < len(line) || len(out) == 0 {
		out = append(out, segment{Text: line[at:]})
	}
	return out
}

func notWordRune(r rune) bool {
	return !unicode.IsLetter(r) && !unicode.IsDigit(r) && !unicode.IsMark(r)
}
