package corpus

import (
	"bufio"
	"bytes"
)

// csvLimiter is the reader encoding/csv reads a CSV file through, so that
// no record longer than max bytes is ever held: encoding/csv keeps a whole
// record in memory, and one 1 GB cell took 5 GB.
//
// It finds where each record ends as encoding/csv does: a quoted field
// runs over line breaks to its closing quote, and a quoting error (a quote
// inside an unquoted field, or a character other than a quote, comma or
// line break after a closing quote) ends the record at the end of its
// line. It gathers a record of up to max bytes and then hands it on. A
// longer record is consumed without being kept and handed on as its line
// breaks alone: blank lines, which encoding/csv passes over, so the line
// numbers it reports stay those of the file. Each such record is noted in
// over, for the caller to list as skipped.
type csvLimiter struct {
	br   *bufio.Reader
	max  int
	rec  []byte // the record being gathered, or a blank line
	out  []byte // the part of rec not handed on yet
	nl   int    // line breaks of an oversized record still to hand on
	err  error  // the read error (io.EOF at the end), after out and nl
	line int    // lines read so far

	seen bool      // a record (not a blank line) was read
	over []csvOver // oversized records not yet taken by the caller
}

// csvOver is a record longer than csvLimiter.max: its first line and size.
type csvOver struct {
	line, size int
	first      bool // the first record of the file: the header row
}

func (c *csvLimiter) Read(p []byte) (int, error) {
	for len(c.out) == 0 && c.nl == 0 {
		if c.err != nil {
			return 0, c.err
		}
		c.err = c.next()
	}
	if len(c.out) > 0 {
		n := copy(p, c.out)
		c.out = c.out[n:]
		return n, nil
	}
	n := min(len(p), c.nl)
	for i := range n {
		p[i] = '\n'
	}
	c.nl -= n
	return n, nil
}

// States of csvScan, within a record.
const (
	csvField    = iota // at the start of a field
	csvUnquoted        // in an unquoted field
	csvQuoted          // in a quoted field
	csvQuote           // just after a quote in a quoted field
	csvQuoteCR         // after a quote and "\r" in a quoted field
	csvBad             // after a quoting error, up to the end of the line
	csvEnd             // the record ended with the last byte scanned
)

// next reads one record, or one blank line, into out (or nl), and
// returns the read error: io.EOF at the end of the input.
func (c *csvLimiter) next() error {
	c.rec = c.rec[:0]
	start, size, lines := c.line+1, 0, 0
	over := false
	st := csvField
	for {
		chunk, err := c.br.ReadSlice('\n')
		if size == 0 && isBlankLine(chunk, err) {
			// encoding/csv passes over blank lines between records.
			c.rec = append(c.rec, chunk...)
			c.out = c.rec
			if len(chunk) > 0 && chunk[len(chunk)-1] == '\n' {
				c.line++
			}
			return err
		}
		size += len(chunk)
		if len(chunk) > 0 && chunk[len(chunk)-1] == '\n' {
			c.line++
			lines++
		}
		if !over && len(c.rec)+len(chunk) > c.max {
			over = true
			c.rec = c.rec[:0]
		}
		if !over {
			c.grow(len(chunk))
			c.rec = append(c.rec, chunk...)
		}
		st = csvScan(st, chunk)
		if err == bufio.ErrBufferFull {
			continue
		}
		if err != nil || st == csvEnd {
			if size > 0 {
				if over {
					c.over = append(c.over, csvOver{line: start, size: size, first: !c.seen})
					c.nl = lines
				} else {
					c.out = c.rec
				}
				c.seen = true
			}
			return err
		}
	}
}

// grow makes room for n more bytes in rec, doubling its capacity up to
// max (append grows large slices by a quarter, which would allocate about
// five times max on the way there).
func (c *csvLimiter) grow(n int) {
	need := len(c.rec) + n
	if need <= cap(c.rec) {
		return
	}
	b := make([]byte, len(c.rec), min(max(need, 2*cap(c.rec), 4096), c.max))
	copy(b, c.rec)
	c.rec = b
}

// isBlankLine reports whether chunk, read by ReadSlice('\n') with err, is
// a whole line that encoding/csv skips as blank: "\n", "\r\n", or "\r" or
// nothing at the end of the input.
func isBlankLine(chunk []byte, err error) bool {
	switch string(chunk) {
	case "\n", "\r\n":
		return true
	case "", "\r":
		return err != nil && err != bufio.ErrBufferFull
	}
	return false
}

// csvScan runs the record state machine from st over b, a part of a line
// (a line break can only be its last byte), and returns the new state:
// csvEnd when b ends the record.
func csvScan(st int, b []byte) int {
	for i := 0; i < len(b); i++ {
		ch := b[i]
		switch st {
		case csvField:
			switch ch {
			case '"':
				st = csvQuoted
			case ',':
			case '\n':
				return csvEnd
			default:
				st = csvUnquoted
			}
		case csvUnquoted:
			j := bytes.IndexAny(b[i:], ",\"\n")
			if j < 0 {
				return st
			}
			i += j
			switch b[i] {
			case ',':
				st = csvField
			case '"': // a bare quote: malformed to the end of the line
				st = csvBad
			case '\n':
				return csvEnd
			}
		case csvQuoted:
			j := bytes.IndexByte(b[i:], '"')
			if j < 0 {
				return st
			}
			i += j
			st = csvQuote
		case csvQuote:
			switch ch {
			case '"': // an escaped quote
				st = csvQuoted
			case ',':
				st = csvField
			case '\n':
				return csvEnd
			case '\r':
				st = csvQuoteCR
			default:
				st = csvBad
			}
		case csvQuoteCR:
			if ch == '\n' {
				return csvEnd
			}
			st = csvBad
		case csvBad:
			if bytes.IndexByte(b[i:], '\n') < 0 {
				return st
			}
			return csvEnd
		}
	}
	return st
}
