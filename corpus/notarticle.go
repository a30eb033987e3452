package corpus

import (
	"path/filepath"
	"strings"
)

// isReadme reports whether path names a README: a base name starting with
// "readme" in any case, followed by nothing, an extension or a separator
// ("README", "readme.md", "README-fr.txt", "ReadMe_first.txt").
func isReadme(path string) bool {
	name := strings.ToLower(filepath.Base(path))
	rest, ok := strings.CutPrefix(name, "readme")
	return ok && (rest == "" || strings.ContainsRune(".-_ ", rune(rest[0])))
}

// looksLikeThemes reports whether text is laid out as a newsclust themes
// file: every line that is not blank or a '#' comment is a theme line
// (see themeLine), and there are at least two theme lines, or one and a
// comment. A headline alone ("Breaking: allies meet") or an interview
// transcript ("SMITH: We agreed.") does not qualify.
func looksLikeThemes(text string) bool {
	themes, comments := 0, 0
	for line := range strings.Lines(text) {
		line = strings.TrimSpace(line)
		switch {
		case line == "":
		case line[0] == '#':
			comments++
		case themeLine(line):
			themes++
		default:
			return false
		}
	}
	return themes >= 2 || (themes == 1 && comments > 0)
}

// themeLine reports whether line reads as `Name: term term "a phrase"`:
// a name of one to five words without sentence punctuation, a colon, then
// at least one term, and no sentence end (. ! ?) after the last term once
// a trailing '#' comment is removed.
func themeLine(line string) bool {
	name, terms, ok := strings.Cut(line, ":")
	if !ok {
		return false
	}
	if n := len(strings.Fields(name)); n == 0 || n > 5 || strings.ContainsAny(name, ".!?\"“”") {
		return false
	}
	if i := commentStart(terms); i >= 0 {
		terms = terms[:i]
	}
	terms = strings.TrimSpace(terms)
	return terms != "" && !strings.ContainsAny(terms[len(terms)-1:], ".!?") && !strings.HasSuffix(terms, "…")
}

// commentStart returns the index of the first '#' outside double quotes in
// s, or -1.
func commentStart(s string) int {
	quoted := false
	for i, r := range s {
		switch r {
		case '"', '“', '”':
			quoted = !quoted
		case '#':
			if !quoted {
				return i
			}
		}
	}
	return -1
}
