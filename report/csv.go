package report

import (
	"io"
	"strconv"
	"strings"
	"unicode"
	"unicode/utf8"
)

// csvWriter writes CSV exactly as encoding/csv's Writer with its defaults
// (comma, "\n" line ends, quotes only where needed) would, but appends
// fields to its own buffer, so that a row costs no allocation.
type csvWriter struct {
	w     io.Writer
	buf   []byte
	first bool // the next field starts a row
	err   error
}

const csvFlushAt = 1 << 16 // buffered bytes that trigger a write

func newCSVWriter(w io.Writer) *csvWriter {
	return &csvWriter{w: w, buf: make([]byte, 0, csvFlushAt+4096), first: true}
}

func (c *csvWriter) sep() {
	if !c.first {
		c.buf = append(c.buf, ',')
	}
	c.first = false
}

// field writes s as one field, quoted as encoding/csv quotes it.
func (c *csvWriter) field(s string) {
	c.sep()
	c.quoted("", s)
}

// text writes s as a spreadsheet-safe text field: csvText(s), without
// building that string.
func (c *csvWriter) text(s string) {
	c.sep()
	if s != "" && strings.IndexByte("=+-@\t\r", s[0]) >= 0 {
		c.quoted("'", s)
		return
	}
	c.quoted("", s)
}

// quoted writes the field prefix+s.
func (c *csvWriter) quoted(prefix, s string) {
	if !csvNeedsQuotes(prefix, s) {
		c.buf = append(append(c.buf, prefix...), s...)
		return
	}
	c.buf = append(append(c.buf, '"'), prefix...)
	for {
		i := strings.IndexByte(s, '"')
		if i < 0 {
			break
		}
		c.buf = append(c.buf, s[:i+1]...)
		c.buf = append(c.buf, '"')
		s = s[i+1:]
	}
	c.buf = append(append(c.buf, s...), '"')
}

// csvNeedsQuotes reports whether encoding/csv quotes the field prefix+s:
// when it holds a comma, quote or line break, starts with a space, or is
// `\.`. prefix is empty or begins with a whole UTF-8 character.
func csvNeedsQuotes(prefix, s string) bool {
	switch {
	case prefix == "" && s == "":
		return false
	case prefix == "" && s == `\.`, prefix == `\` && s == ".":
		return true
	case hasCSVSpecial(prefix) || hasCSVSpecial(s):
		return true
	}
	first := prefix
	if first == "" {
		first = s
	}
	if first[0] < utf8.RuneSelf {
		return asciiSpace[first[0]]
	}
	r, _ := utf8.DecodeRuneInString(first)
	return unicode.IsSpace(r)
}

// csvSpecial marks the bytes that make encoding/csv quote a field;
// asciiSpace the ASCII bytes unicode.IsSpace accepts.
var csvSpecial, asciiSpace = func() (sp, ws [256]bool) {
	for _, c := range ",\"\r\n" {
		sp[c] = true
	}
	for c := range utf8.RuneSelf {
		ws[c] = unicode.IsSpace(rune(c))
	}
	return sp, ws
}()

func hasCSVSpecial(s string) bool {
	for i := 0; i < len(s); i++ {
		if csvSpecial[s[i]] {
			return true
		}
	}
	return false
}

// fixed writes x like fixed(x, prec).
func (c *csvWriter) fixed(x float64, prec int) {
	c.sep()
	c.buf = appendFixed(c.buf, x, prec)
}

func (c *csvWriter) int(n int) {
	c.sep()
	c.buf = strconv.AppendInt(c.buf, int64(n), 10)
}

// endRow ends the row and writes the buffer out when it is full.
func (c *csvWriter) endRow() error {
	c.buf = append(c.buf, '\n')
	c.first = true
	if len(c.buf) >= csvFlushAt {
		return c.flush()
	}
	return c.err
}

// flush writes out what is buffered; it returns the first write error.
func (c *csvWriter) flush() error {
	if c.err == nil && len(c.buf) > 0 {
		_, c.err = c.w.Write(c.buf)
	}
	c.buf = c.buf[:0]
	return c.err
}
