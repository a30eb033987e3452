package vectorize

import (
	"strings"
	"unicode"
	"unicode/utf8"
)

// KWIC returns keyword-in-context lines: each place in text where one of
// surfaces occurs as whole words, with up to width runes of text on each
// side, in text order, at most max lines (max <= 0: no limit).
//
// Text and surfaces are split into words the way the tokenizer splits
// them, but without stemming or dropping anything: a word is a run of
// letters, digits and combining marks, and everything else (spaces,
// punctuation, apostrophes, hyphens) separates words. A surface matches
// where its words occur one after the other in text, compared with
// strings.EqualFold (so case-insensitively), each two separated by one
// to three spaces or tabs or by a single other rune that is not a line
// break. So "NATO" matches "Nato's" and "anti-NATO" but not "NATOs";
// "U.S." matches "U.S." and "u.s"; "defence spending" matches "defence
// spending" but not "defence. Spending". Where several surfaces match at
// the same word, the one with more words wins. Surfaces with no word are
// ignored.
//
// A line is the match as written in text with its context: up to width
// runes on each side, less a word cut in two and, on the left, the
// punctuation before the first whole word; runs of white space become one
// space, and "… " or " …" marks a side that stops short of the text's
// start or end. A match that starts inside the previous line's context is
// skipped, so lines do not repeat one another. Text is read as it is, not
// NFKC-normalised: a fullwidth "ＮＡＴＯ" does not match "NATO".
func KWIC(text string, surfaces []string, width, max int) []string {
	if width < 0 {
		width = 0
	}
	var keys [][]string
	for _, s := range surfaces {
		var words []string
		for _, w := range kwicWords(s) {
			words = append(words, s[w[0]:w[1]])
		}
		if len(words) > 0 {
			keys = append(keys, words)
		}
	}
	if len(keys) == 0 || text == "" {
		return nil
	}
	words := kwicWords(text)
	var out []string
	done := 0 // byte offset where the previous line ended
	for i := 0; i < len(words); i++ {
		if words[i][0] < done {
			continue
		}
		best := 0
		for _, k := range keys {
			if len(k) > best && kwicMatch(text, words, i, k) {
				best = len(k)
			}
		}
		if best == 0 {
			continue
		}
		start, end := words[i][0], words[i+best-1][1]
		line, stop := kwicLine(text, start, end, width)
		out = append(out, line)
		done = stop
		if max > 0 && len(out) == max {
			break
		}
	}
	return out
}

// joins reports whether gap, the text between two words, keeps them in one
// phrase: one to three spaces or tabs, or a single other rune ("U.S",
// "don't", "anti-war").
func joins(gap string) bool {
	if utf8.RuneCountInString(gap) == 1 {
		return gap != "\n" && gap != "\r"
	}
	return len(gap) <= 3 && strings.Trim(gap, " \t") == ""
}

// kwicWords returns the byte spans [start, end) of the words of s: runs of
// letters, digits and marks.
func kwicWords(s string) [][2]int {
	var out [][2]int
	start := -1
	for i, r := range s {
		word := unicode.IsLetter(r) || unicode.IsDigit(r) || (start >= 0 && unicode.IsMark(r))
		switch {
		case word && start < 0:
			start = i
		case !word && start >= 0:
			out = append(out, [2]int{start, i})
			start = -1
		}
	}
	if start >= 0 {
		out = append(out, [2]int{start, len(s)})
	}
	return out
}

// kwicMatch reports whether key's words occur in text from word i on, one
// after the other.
func kwicMatch(text string, words [][2]int, i int, key []string) bool {
	if i+len(key) > len(words) {
		return false
	}
	for j, k := range key {
		w := words[i+j]
		if !strings.EqualFold(text[w[0]:w[1]], k) {
			return false
		}
		if j > 0 && !joins(text[words[i+j-1][1]:w[0]]) {
			return false
		}
	}
	return true
}

// kwicLine returns the line for the match text[start:end] and the byte
// offset where its right context ends.
func kwicLine(text string, start, end, width int) (string, int) {
	// Left context: back width runes; a word cut in two is left out, and
	// so is the punctuation before the first whole word.
	lo := start
	for n := 0; n < width && lo > 0; n++ {
		_, size := utf8.DecodeLastRuneInString(text[:lo])
		lo -= size
	}
	cutLeft := lo > 0
	if cutLeft {
		prev, _ := utf8.DecodeLastRuneInString(text[:lo])
		inWord := isWordRune(prev)
		for lo < start {
			r, size := utf8.DecodeRuneInString(text[lo:])
			if isWordRune(r) && !inWord {
				break
			}
			inWord = inWord && isWordRune(r)
			lo += size
		}
	}
	// Right context: forward width runes; a word cut in two is left out.
	hi := end
	for n := 0; n < width && hi < len(text); n++ {
		_, size := utf8.DecodeRuneInString(text[hi:])
		hi += size
	}
	cutRight := hi < len(text)
	if next, _ := utf8.DecodeRuneInString(text[hi:]); cutRight && isWordRune(next) {
		for hi > end {
			r, size := utf8.DecodeLastRuneInString(text[:hi])
			if !isWordRune(r) {
				break
			}
			hi -= size
		}
	}
	line := strings.Join(strings.Fields(text[lo:hi]), " ")
	if cutLeft {
		line = "… " + line
	}
	if cutRight {
		line += " …"
	}
	return line, hi
}

// isWordRune reports whether r belongs to a word: a letter, digit or mark.
func isWordRune(r rune) bool {
	return unicode.IsLetter(r) || unicode.IsDigit(r) || unicode.IsMark(r)
}
