package vectorize

import (
	"bufio"
	"fmt"
	"io"
	"strings"
	"unicode"
)

// ParseThemes reads a themes file: one theme per line, `Name: term term
// "multi word phrase"`, blank lines and `#` comments ignored. Errors name
// name:line.
//
// The name is everything before the first ':' with surrounding space
// removed. Terms are separated by white space; a phrase is enclosed in
// straight ("...") or curly (“...”) double quotes and its inner white
// space is collapsed to single spaces. A '#' outside quotes starts a
// comment that runs to the end of the line. Syntax errors wrap
// ErrThemeSyntax: a line without ':', an empty name, no terms, an
// unterminated quote or an empty phrase, and a name used before (compared
// without regard to case). Read errors are returned wrapped with name.
func ParseThemes(r io.Reader, name string) ([]Theme, error) {
	sc := bufio.NewScanner(r)
	sc.Buffer(make([]byte, 64*1024), 16*1024*1024)
	var themes []Theme
	seen := make(map[string]int) // lower-case name → line
	ln := 0
	for sc.Scan() {
		ln++
		fail := func(format string, args ...any) error {
			return fmt.Errorf("%s:%d: %w: %s", name, ln, ErrThemeSyntax, fmt.Sprintf(format, args...))
		}
		line := stripComment(sc.Text())
		if strings.TrimSpace(line) == "" {
			continue
		}
		colon := strings.IndexByte(line, ':')
		if colon < 0 {
			return nil, fail("no ':' after the theme name")
		}
		t := Theme{Name: strings.TrimSpace(line[:colon])}
		if t.Name == "" {
			return nil, fail("empty theme name")
		}
		terms, msg := splitTerms(line[colon+1:])
		if msg != "" {
			return nil, fail("theme %q: %s", t.Name, msg)
		}
		if len(terms) == 0 {
			return nil, fail("theme %q has no terms", t.Name)
		}
		t.Terms = terms
		key := strings.ToLower(t.Name)
		if first, ok := seen[key]; ok {
			return nil, fail("duplicate theme %q (first on line %d)", t.Name, first)
		}
		seen[key] = ln
		themes = append(themes, t)
	}
	if err := sc.Err(); err != nil {
		return nil, fmt.Errorf("%s: %w", name, err)
	}
	return themes, nil
}

func isOpenQuote(r rune) bool  { return r == '"' || r == '“' }
func isCloseQuote(r rune) bool { return r == '"' || r == '”' }

// stripComment cuts line at the first '#' outside quotes.
func stripComment(line string) string {
	inQuote := false
	for i, r := range line {
		switch {
		case inQuote && isCloseQuote(r):
			inQuote = false
		case !inQuote && isOpenQuote(r):
			inQuote = true
		case !inQuote && r == '#':
			return line[:i]
		}
	}
	return line
}

// splitTerms splits the terms part of a theme line. It returns a message
// for an unterminated quote or an empty phrase.
func splitTerms(s string) ([]string, string) {
	var terms []string
	word := -1 // start of the current unquoted term
	for i := 0; i < len(s); {
		r, n := runeAt(s, i)
		switch {
		case isOpenQuote(r):
			if word >= 0 {
				terms = append(terms, s[word:i])
				word = -1
			}
			end := strings.IndexFunc(s[i+n:], isCloseQuote)
			if end < 0 {
				return nil, "unterminated quote"
			}
			phrase := strings.Join(strings.Fields(s[i+n:i+n+end]), " ")
			if phrase == "" {
				return nil, "empty phrase"
			}
			terms = append(terms, phrase)
			_, cn := runeAt(s, i+n+end)
			i += n + end + cn
			continue
		case unicode.IsSpace(r):
			if word >= 0 {
				terms = append(terms, s[word:i])
				word = -1
			}
		default:
			if word < 0 {
				word = i
			}
		}
		i += n
	}
	if word >= 0 {
		terms = append(terms, s[word:])
	}
	return terms, ""
}
