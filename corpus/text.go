package corpus

import (
	"strings"
	"unicode"
	"unicode/utf8"
	"unsafe"
)

// binaryProbe is how many leading bytes looksBinary inspects.
const binaryProbe = 8 << 10

// looksBinary reports whether b (the start of a file) holds a NUL byte or
// more than 30% control bytes (C0 controls other than tab, newline, vertical
// tab, form feed and carriage return, and DEL).
func looksBinary(b []byte) bool {
	if len(b) > binaryProbe {
		b = b[:binaryProbe]
	}
	ctrl := 0
	for _, c := range b {
		switch {
		case c == 0:
			return true
		case c == '\t' || c == '\n' || c == '\v' || c == '\f' || c == '\r':
		case c < 0x20 || c == 0x7f:
			ctrl++
		}
	}
	return ctrl*10 > len(b)*3
}

// decode turns raw bytes into a string: UTF-8 when the bytes are valid
// UTF-8 (a leading byte order mark is dropped), otherwise every byte is
// read as one Latin-1 character (see latin1).
func decode(b []byte) string {
	if utf8.Valid(b) {
		s := string(b)
		return strings.TrimPrefix(s, "\ufeff")
	}
	return latin1(b)
}

// latin1 decodes b as ISO 8859-1, byte n being code point U+00nn, except
// that bytes 0x80-0x9F, control codes in ISO 8859-1 that no text uses, are
// read as Windows-1252 punctuation (curly quotes, dashes, euro sign), as
// web browsers do for pages labelled ISO 8859-1.
func latin1(b []byte) string {
	var sb strings.Builder
	sb.Grow(len(b) + len(b)/4)
	for _, c := range b {
		r := rune(c)
		if c >= 0x80 && c <= 0x9f {
			r = cp1252[c-0x80]
		}
		sb.WriteRune(r)
	}
	return sb.String()
}

// cp1252 maps bytes 0x80-0x9F to their Windows-1252 characters; the five
// bytes Windows-1252 leaves undefined stay C1 controls (and are dropped by
// cleanText).
var cp1252 = [32]rune{
	'€', 0x81, '‚', 'ƒ', '„', '…', '†', '‡', 'ˆ', '‰', 'Š', '‹', 'Œ', 0x8d, 'Ž', 0x8f,
	0x90, '‘', '’', '“', '”', '•', '–', '—', '˜', '™', 'š', '›', 'œ', 0x9d, 'ž', 'Ÿ',
}

// cleanText normalises a document body: line breaks become "\n"; no-break
// and other Unicode spaces become " "; zero-width characters and control
// characters other than tab are dropped; trailing space is trimmed from
// every line; leading and trailing blank lines are dropped and runs of
// blank lines shrink to one.
func cleanText(s string) string {
	if isClean(s) {
		return s
	}
	var sb strings.Builder
	sb.Grow(len(s))
	blank := 0       // blank lines pending
	started := false // a non-blank line has been written
	for line := range strings.Lines(s) {
		line = strings.TrimSuffix(strings.TrimSuffix(line, "\n"), "\r")
		// A "\r" that is not part of "\r\n" is a line break too.
		for part := range strings.SplitSeq(line, "\r") {
			part = cleanLine(part)
			if part == "" {
				blank++
				continue
			}
			if started {
				sb.WriteByte('\n')
				if blank > 0 {
					sb.WriteByte('\n')
				}
			}
			sb.WriteString(part)
			started = true
			blank = 0
		}
	}
	return sb.String()
}

// isClean reports whether cleanText would return s unchanged, to spare the
// copy for the common case.
func isClean(s string) bool {
	if s == "" {
		return true
	}
	if s[0] == '\n' || s[len(s)-1] == '\n' || strings.Contains(s, "\n\n\n") {
		return false
	}
	prev := rune('\n')
	for _, r := range s {
		switch {
		case r == '\n':
			if prev == ' ' || prev == '\t' {
				return false
			}
		case r == '\t' || r == ' ':
		case r < 0x20 || r == 0x7f || r == utf8.RuneError:
			return false
		case r >= 0x80 && (unicode.IsSpace(r) || r <= 0x9f || isZeroWidth(r)):
			return false
		}
		prev = r
	}
	if prev == ' ' || prev == '\t' {
		return false
	}
	// A whitespace-only line between two newlines is a blank line that
	// must be emptied.
	for line := range strings.SplitSeq(s, "\n") {
		if line != "" && strings.TrimSpace(line) == "" {
			return false
		}
	}
	return true
}

func isZeroWidth(r rune) bool {
	return r == '\u200b' || r == '\u200c' || r == '\u200d' || r == '\u2060' || r == '\ufeff' || r == '\u00ad'
}

// cleanLine applies the per-line part of cleanText.
func cleanLine(line string) string {
	ascii := true
	for i := 0; i < len(line); i++ {
		if c := line[i]; (c < 0x20 && c != '\t') || c >= 0x7f {
			ascii = false
			break
		}
	}
	if ascii {
		return strings.TrimRight(line, " \t")
	}
	var sb strings.Builder
	sb.Grow(len(line))
	for _, r := range line {
		switch {
		case r == '\t':
			sb.WriteRune(r)
		case r == utf8.RuneError:
			sb.WriteRune(r) // only reachable from valid "\uFFFD" input; keep it
		case r < 0x20 || r == 0x7f || (r >= 0x80 && r <= 0x9f) || isZeroWidth(r):
			// control or invisible: drop
		case unicode.IsSpace(r):
			sb.WriteByte(' ')
		default:
			sb.WriteRune(r)
		}
	}
	return strings.TrimRight(sb.String(), " \t")
}

// normSpace collapses every run of white space in s to one space and trims
// both ends: the form in which boilerplate lines are compared.
func normSpace(s string) string {
	if isNormSpace(s) {
		return s
	}
	return string(appendNormSpace(make([]byte, 0, len(s)), s))
}

// isNormSpace reports whether normSpace(s) is s because s is ASCII with
// single spaces between words and none at either end. The bytes are
// classed through normClass and the verdict accumulated without a branch
// per byte.
func isNormSpace(s string) bool {
	var bad uint8
	prev := uint8(1) // as if after a space: a leading space is bad
	for i := 0; i < len(s); i++ {
		x := normClass[s[i]]
		bad |= x&2 | (x&prev)<<1 // not ASCII, other white space, or a second space
		prev = x & 1
	}
	return bad == 0 && prev == 0 // prev: a trailing space, or s == ""
}

// normClass is 1 for ' ', 2 for the bytes isNormSpace rejects (ASCII white
// space other than ' ', and every byte from 0x80) and 0 for the others.
var normClass = func() (t [256]uint8) {
	for _, c := range "\t\n\v\f\r" {
		t[c] = 2
	}
	for c := utf8.RuneSelf; c < 256; c++ {
		t[c] = 2
	}
	t[' '] = 1
	return t
}()

// asciiSpace marks the ASCII bytes that unicode.IsSpace reports as space.
var asciiSpace = [utf8.RuneSelf]bool{'\t': true, '\n': true, '\v': true, '\f': true, '\r': true, ' ': true}

// appendNormSpace appends normSpace(s) to dst. As a loop writing every rune
// of s would, it writes a byte that is not UTF-8 as U+FFFD.
func appendNormSpace(dst []byte, s string) []byte {
	start := len(dst)
	space := false
	for i := 0; i < len(s); {
		c := s[i]
		if c < utf8.RuneSelf {
			i++
			if asciiSpace[c] {
				space = len(dst) > start
				continue
			}
			if space {
				dst = append(dst, ' ')
				space = false
			}
			dst = append(dst, c)
			continue
		}
		r, n := utf8.DecodeRuneInString(s[i:])
		if unicode.IsSpace(r) {
			space = len(dst) > start
			i += n
			continue
		}
		if space {
			dst = append(dst, ' ')
			space = false
		}
		if r == utf8.RuneError && n == 1 {
			dst = utf8.AppendRune(dst, r)
		} else {
			dst = append(dst, s[i:i+n]...)
		}
		i += n
	}
	return dst
}

// lineKey returns hashLine(normSpace(s)) and normWords(normSpace(s)),
// building the normalised form in *buf only when s is not already in it.
func lineKey(s string, buf *[]byte) (h uint64, words int) {
	key := s
	if !isNormSpace(s) {
		*buf = appendNormSpace((*buf)[:0], s)
		key = unsafe.String(unsafe.SliceData(*buf), len(*buf))
	}
	return hashLine(key), normWords(key)
}

// normWords is the number of words in a string returned by normSpace.
func normWords(s string) int {
	if s == "" {
		return 0
	}
	return strings.Count(s, " ") + 1
}

// wordCount is the number of white-space separated words in s.
func wordCount(s string) int {
	n := 0
	in := false
	for i := 0; i < len(s); {
		c := s[i]
		var space bool
		if c < utf8.RuneSelf {
			space = asciiSpace[c]
			i++
		} else {
			r, size := utf8.DecodeRuneInString(s[i:])
			space = unicode.IsSpace(r)
			i += size
		}
		if space {
			in = false
		} else if !in {
			in = true
			n++
		}
	}
	return n
}

// plainText is a plain-text or Markdown file split into its parts.
type plainText struct {
	title, date, body string
}

// parsePlain finds the title and date line of a cleaned plain-text file:
// a first non-empty line that is a date line gives the date and is
// removed; the next non-empty line is the title (for Markdown, without its
// leading "#"s) and is removed from the body; if no date was found, a date
// line right after the title is taken and removed too. A file of a single
// line keeps it as both title and body.
func parsePlain(text string, markdown bool) plainText {
	var p plainText
	lines := strings.Split(text, "\n")
	i := nextNonEmpty(lines, 0)
	if i < len(lines) {
		if d, ok := parseDateLine(lines[i]); ok {
			p.date = d
			lines[i] = ""
			i = nextNonEmpty(lines, i+1)
		}
	}
	if i >= len(lines) {
		p.body = cleanText(strings.Join(lines, "\n"))
		return p
	}
	titleLine := lines[i]
	p.title = strings.TrimSpace(titleLine)
	if markdown {
		p.title = strings.TrimSpace(strings.TrimRight(strings.TrimLeft(p.title, "#"), "#"))
	}
	p.title = normSpace(p.title)
	lines[i] = ""
	if p.date == "" {
		if j := nextNonEmpty(lines, i+1); j < len(lines) {
			if d, ok := parseDateLine(lines[j]); ok {
				p.date = d
				lines[j] = ""
			}
		}
	}
	p.body = cleanText(strings.Join(lines, "\n"))
	if p.body == "" {
		p.body = cleanText(titleLine)
	}
	return p
}

func nextNonEmpty(lines []string, i int) int {
	for i < len(lines) && strings.TrimSpace(lines[i]) == "" {
		i++
	}
	return i
}
