package corpus

import (
	"strconv"
	"strings"
)

// Paragraphs splits each document into passages at blank lines (or single
// line breaks where the text has no blank lines). Passages shorter than
// minWords words are merged into the following passage of the same article.
// A passage has ID "ARTICLE#pN" (N from 1), Article = the parent id, and the
// parent's title, date, source and label.
//
// Merged passages are joined with the separator they were split at. Short
// passages at the end of an article, with no passage after them, are merged
// into the passage before; an article shorter than minWords in all becomes
// one passage. Words are runs of non-space characters. minWords <= 1 merges
// nothing. A document without text gives no passage. The prefix of a
// passage id is the document's ID; Article is the document's Article when
// set, else its ID. Origin is copied.
func Paragraphs(docs []Document, minWords int) []Document {
	var out []Document
	for _, d := range docs {
		parent := d.Article
		if parent == "" {
			parent = d.ID
		}
		for i, text := range passages(d.Text, minWords) {
			p := d
			p.ID = PassageID(d.ID, i+1)
			p.Article = parent
			p.Text = text
			out = append(out, p)
		}
	}
	return out
}

// PassageID returns the id of an article's n-th passage (n from 1):
// "ARTICLE#pN".
func PassageID(article string, n int) string {
	return article + "#p" + strconv.Itoa(n)
}

// TitledText returns the text an article is vectorized by: its title and
// body, the title first unless the body already starts with it.
func (d Document) TitledText() string {
	if d.Title == "" || strings.HasPrefix(d.Text, d.Title) {
		return d.Text
	}
	return d.Title + "\n\n" + d.Text
}

// passages splits text as Paragraphs describes.
func passages(text string, minWords int) []string {
	lines := strings.Split(text, "\n")
	blank := false
	for _, l := range lines {
		if strings.TrimSpace(l) == "" {
			blank = true
			break
		}
	}
	var parts []string
	sep := "\n"
	if blank {
		sep = "\n\n"
		var cur []string
		for _, l := range lines {
			if strings.TrimSpace(l) == "" {
				if len(cur) > 0 {
					parts = append(parts, strings.Join(cur, "\n"))
					cur = cur[:0]
				}
				continue
			}
			cur = append(cur, l)
		}
		if len(cur) > 0 {
			parts = append(parts, strings.Join(cur, "\n"))
		}
	} else {
		for _, l := range lines {
			if l != "" {
				parts = append(parts, l)
			}
		}
	}
	var out, pend []string
	words := 0
	for _, p := range parts {
		pend = append(pend, p)
		words += wordCount(p)
		if words >= minWords {
			out = append(out, strings.Join(pend, sep))
			pend, words = pend[:0], 0
		}
	}
	if len(pend) > 0 {
		tail := strings.Join(pend, sep)
		if len(out) > 0 {
			out[len(out)-1] += sep + tail
		} else {
			out = append(out, tail)
		}
	}
	return out
}
