package vectorize

import (
	"unicode"
	"unicode/utf8"

	"golang.org/x/text/unicode/norm"
)

// tokKind says what a token is made of. The bytes of a token determine its
// kind: only abbreviations join letters with dots, and only numbers are
// free of letters.
type tokKind uint8

const (
	kindWord   tokKind = iota // has a letter or a mark: "defence", "g7", "don't"
	kindNumber                // digits, with ',' or '.' between digits: "2015", "30,000"
	kindAbbrev                // single letters joined by dots: "u.s"
)

// Rune classes of the tokenizer.
const (
	clsOther  = iota // separator
	clsLetter        // unicode.IsLetter
	clsDigit         // unicode.IsDigit
	clsMark          // unicode.IsMark: continues a token, never starts one
)

// asciiClass is the class of each ASCII byte: 1 for A-Z and a-z, 2 for
// 0-9, 0 for the rest (TestASCIIClass checks it against unicode).
const asciiClass = "" +
	"\x00\x00\x00\x00\x00\x00\x00\x00\x00\x00\x00\x00\x00\x00\x00\x00" +
	"\x00\x00\x00\x00\x00\x00\x00\x00\x00\x00\x00\x00\x00\x00\x00\x00" +
	"\x00\x00\x00\x00\x00\x00\x00\x00\x00\x00\x00\x00\x00\x00\x00\x00" +
	"\x02\x02\x02\x02\x02\x02\x02\x02\x02\x02\x00\x00\x00\x00\x00\x00" +
	"\x00\x01\x01\x01\x01\x01\x01\x01\x01\x01\x01\x01\x01\x01\x01\x01" +
	"\x01\x01\x01\x01\x01\x01\x01\x01\x01\x01\x01\x00\x00\x00\x00\x00" +
	"\x00\x01\x01\x01\x01\x01\x01\x01\x01\x01\x01\x01\x01\x01\x01\x01" +
	"\x01\x01\x01\x01\x01\x01\x01\x01\x01\x01\x01\x00\x00\x00\x00\x00"

func class(r rune) uint8 {
	if uint32(r) < utf8.RuneSelf {
		return asciiClass[r]
	}
	if r < 0 {
		return clsOther
	}
	switch {
	case unicode.IsLetter(r):
		return clsLetter
	case unicode.IsDigit(r):
		return clsDigit
	case unicode.IsMark(r):
		return clsMark
	}
	return clsOther
}

// normalize returns text in Unicode NFKC. Plain ASCII is already NFKC and
// is returned as it is.
func normalize(text string) string {
	for i := 0; i < len(text); i++ {
		if text[i] >= utf8.RuneSelf {
			return norm.NFKC.String(text)
		}
	}
	return text
}

// runeAt decodes the rune of s at byte i, mapping the apostrophe look-alikes
// (U+2019, U+2018, U+201B, U+02BC) to U+0027. It returns -1, 0 at the end.
func runeAt(s string, i int) (rune, int) {
	if i >= len(s) {
		return -1, 0
	}
	if b := s[i]; b < utf8.RuneSelf {
		return rune(b), 1
	}
	r, n := utf8.DecodeRuneInString(s[i:])
	switch r {
	case '\u2019', '\u2018', '\u201B', '\u02BC':
		r = '\''
	}
	return r, n
}

// appendLower appends the lower case of r in UTF-8.
func appendLower(b []byte, r rune) []byte {
	if r < utf8.RuneSelf {
		if 'A' <= r && r <= 'Z' {
			r += 'a' - 'A'
		}
		return append(b, byte(r))
	}
	return utf8.AppendRune(b, unicode.ToLower(r))
}

// tokenizer yields the tokens of one normalised text. The token returned by
// next aliases an internal buffer that the following call overwrites.
type tokenizer struct {
	s   string
	pos int
	buf []byte
}

func (t *tokenizer) reset(text string) {
	t.s = normalize(text)
	t.pos = 0
}

// next returns the next token of at least two runes.
func (t *tokenizer) next() ([]byte, tokKind, bool) {
	s := t.s
	for t.pos < len(s) {
		// ASCII bytes are classified by table, without decoding.
		c, n := asciiClass[s[t.pos]&0x7f], 1
		if s[t.pos] >= utf8.RuneSelf {
			var r rune
			r, n = runeAt(s, t.pos)
			c = class(r)
		}
		if c != clsLetter && c != clsDigit {
			t.pos += n
			continue
		}
		if c == clsLetter && t.abbrev(n) {
			return t.buf, kindAbbrev, true
		}
		if kind, runes := t.word(); runes >= 2 {
			return t.buf, kind, true
		}
	}
	return nil, 0, false
}

// single reports whether the rune at byte i ends a one-letter word: it is
// not followed by a letter, digit or mark.
func (t *tokenizer) single(i int) bool {
	r, _ := runeAt(t.s, i)
	return class(r) == clsOther
}

// abbrev reads an abbreviation at t.pos, where a letter of n bytes starts,
// into t.buf: single letters joined by dots, as "U.S." or "e.g". The final
// dot is left out. It reports false, reading nothing, when there is none.
func (t *tokenizer) abbrev(n int) bool {
	s := t.s
	i := t.pos + n
	if i >= len(s) || s[i] != '.' {
		return false
	}
	r, _ := runeAt(s, t.pos)
	t.buf = appendLower(t.buf[:0], r)
	letters := 1
	for i < len(s) && s[i] == '.' {
		r, n := runeAt(s, i+1)
		if class(r) != clsLetter || !t.single(i+1+n) {
			break
		}
		t.buf = appendLower(append(t.buf, '.'), r)
		letters++
		i += 1 + n
	}
	if letters < 2 {
		return false
	}
	t.pos = i
	return true
}

// word reads a word or number at t.pos into t.buf and returns its kind and
// length in runes. Letters, digits and marks make up a word; an apostrophe
// between a letter and a letter joins ("don't"), and so do ',' and '.'
// between digits ("30,000", "3.5"). A final "'s" is dropped ("canada's").
func (t *tokenizer) word() (tokKind, int) {
	s := t.s
	buf := t.buf[:0]
	kind := kindNumber
	runes := 0
	prev := uint8(clsOther)
	i := t.pos
	for i < len(s) {
		// ASCII bytes, most of news text, take the table and the bytes
		// themselves; other runes are decoded and classified.
		b := s[i]
		r, n, c := rune(b), 1, asciiClass[b&0x7f]
		if b >= utf8.RuneSelf {
			r, n = runeAt(s, i)
			c = class(r)
		}
		if c == clsOther {
			nc := uint8(clsOther)
			if j := i + n; j < len(s) {
				if nb := s[j]; nb < utf8.RuneSelf {
					nc = asciiClass[nb]
				} else {
					next, _ := runeAt(s, j)
					nc = class(next)
				}
			}
			switch {
			case r == '\'' && prev == clsLetter && nc == clsLetter:
				kind = kindWord
			case (r == ',' || r == '.') && prev == clsDigit && nc == clsDigit:
			default:
				t.pos = i
				t.buf = buf
				return t.finish(kind, runes)
			}
			buf = append(buf, byte(r))
		} else {
			if c != clsDigit {
				kind = kindWord
			}
			switch {
			case b < utf8.RuneSelf:
				if 'A' <= b && b <= 'Z' {
					b += 'a' - 'A'
				}
				buf = append(buf, b)
			default:
				buf = utf8.AppendRune(buf, unicode.ToLower(r))
			}
		}
		prev = c
		runes++
		i += n
	}
	t.pos = i
	t.buf = buf
	return t.finish(kind, runes)
}

func (t *tokenizer) finish(kind tokKind, runes int) (tokKind, int) {
	if n := len(t.buf); n >= 2 && t.buf[n-2] == '\'' && t.buf[n-1] == 's' {
		t.buf = t.buf[:n-2]
		runes -= 2
	}
	return kind, runes
}
