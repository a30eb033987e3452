package corpus

import (
	"bufio"
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"path/filepath"
	"strconv"
	"strings"
	"unicode/utf8"
)

// lineReader reads lines of any length from a bufio.Reader, like
// bufio.Scanner without its token limit. Lines longer than max bytes are
// consumed but not kept.
type lineReader struct {
	br   *bufio.Reader
	max  int
	buf  []byte
	line int
}

// next returns the next line without its "\n" (or "\r\n"), its number from
// 1, its full length in bytes, and whether it was longer than max (then
// line is nil). The line is valid until the next call. At the end next
// returns io.EOF.
func (lr *lineReader) next() (line []byte, n, size int, tooLong bool, err error) {
	lr.buf = lr.buf[:0]
	over := false
	for {
		chunk, err := lr.br.ReadSlice('\n')
		size += len(chunk)
		if !over {
			if len(lr.buf)+len(chunk) > lr.max+2 { // +2: the "\r\n" is not content
				over = true
				lr.buf = lr.buf[:0]
			} else {
				lr.buf = append(lr.buf, chunk...)
			}
		}
		if err == bufio.ErrBufferFull {
			continue
		}
		if err == io.EOF && size == 0 {
			return nil, 0, 0, false, io.EOF
		}
		if err != nil && err != io.EOF {
			return nil, 0, 0, false, err
		}
		break
	}
	lr.line++
	if over {
		return nil, lr.line, size, true, nil
	}
	line = bytes.TrimSuffix(lr.buf, []byte("\n"))
	line = bytes.TrimSuffix(line, []byte("\r"))
	return line, lr.line, size, false, nil
}

// openRecords opens a JSONL or CSV stream. It returns a nil reader with
// the error when the file cannot be read, and a nil reader and nil error
// when it looks binary (listed as skipped).
func (r *reader) openRecords(path string, src io.Reader, gz bool) (*bufio.Reader, func() error, error) {
	br, closeFn, binary, err := openStream(path, src, gz)
	if err != nil {
		return nil, nil, err
	}
	if binary {
		closeFn()
		r.skip(path, "binary file")
		return nil, nil, nil
	}
	return br, closeFn, nil
}

// readJSONL reads one JSON object per line. Blank lines are ignored.
func (r *reader) readJSONL(path string, src io.Reader, gz bool) error {
	br, closeFn, err := r.openRecords(path, src, gz)
	if br == nil {
		return err
	}
	defer closeFn()
	base := filepath.Base(path)
	// A line holds the text JSON-escaped plus the other fields; allow for
	// escaping and leave the exact check to the decoded text.
	lr := &lineReader{br: br, max: 2*r.opts.MaxDocBytes + 1<<20}
	records := 0
	var pend []jsonLine
	pendBytes := 0
	for {
		line, n, size, tooLong, err := lr.next()
		if err == io.EOF {
			break
		}
		if err != nil {
			return fmt.Errorf("%s:%d: %w", path, lr.line+1, err)
		}
		if !tooLong && len(bytes.TrimSpace(line)) == 0 {
			continue
		}
		records++
		pend = append(pend, jsonLine{line: bytes.Clone(line), n: n, size: size, tooLong: tooLong})
		pendBytes += len(line)
		if len(pend) >= jsonBatch || pendBytes >= jsonBatchBytes {
			if err := r.jsonLines(path, base, pend); err != nil {
				return err
			}
			pend, pendBytes = pend[:0], 0
		}
	}
	if err := r.jsonLines(path, base, pend); err != nil {
		return err
	}
	if records == 0 {
		r.skip(path, "no records")
	}
	return nil
}

// JSONL lines are decoded in parallel in batches of at most jsonBatch
// lines or jsonBatchBytes bytes, and handled in order.
const (
	jsonBatch      = 256
	jsonBatchBytes = 16 << 20
)

// jsonLine is one non-blank JSONL line waiting to be decoded.
type jsonLine struct {
	line    []byte
	n, size int
	tooLong bool
	// set by jsonLines
	doc    Document
	reason string // the record is skipped for this reason
	bad    string // the line is malformed
}

// jsonLines decodes a batch of lines in parallel, then adds the documents,
// skips and malformed records in line order, as a serial reader would.
func (r *reader) jsonLines(path, base string, lines []jsonLine) error {
	if len(lines) == 0 {
		return nil
	}
	if err := r.ctx.Err(); err != nil {
		return err
	}
	parallelFor(len(lines), func(_, i int) {
		l := &lines[i]
		if l.tooLong {
			return
		}
		rec, msg := r.parseJSONLine(l.line)
		if msg != "" {
			l.bad = msg
			return
		}
		rec.origin = path + ":" + strconv.Itoa(l.n)
		rec.defaultID = base + ":" + strconv.Itoa(l.n)
		l.doc, l.reason = r.recordDoc(rec)
	})
	for i := range lines {
		l := &lines[i]
		origin := path + ":" + strconv.Itoa(l.n)
		switch {
		case l.tooLong:
			r.skip(origin, fmt.Sprintf("line of %d bytes exceeds the document size limit of %d bytes", l.size, r.opts.MaxDocBytes))
		case l.bad != "":
			if err := r.badRecord(origin, l.bad); err != nil {
				return err
			}
		case l.reason != "":
			r.skip(origin, l.reason)
		default:
			if err := r.add(l.doc); err != nil {
				return err
			}
		}
		*l = jsonLine{}
	}
	return nil
}

// parseJSONLine decodes one JSONL line, or returns why it is malformed.
func (r *reader) parseJSONLine(line []byte) (record, string) {
	if !utf8.Valid(line) {
		line = []byte(latin1(line))
	}
	trimmed := bytes.TrimSpace(line)
	if len(trimmed) == 0 || trimmed[0] != '{' {
		return record{}, "malformed JSON: line is not a JSON object"
	}
	var obj map[string]json.RawMessage
	if err := json.Unmarshal(trimmed, &obj); err != nil {
		return record{}, "malformed JSON: " + jsonMessage(err)
	}
	var rec record
	f := r.fields
	for _, fd := range []struct {
		key string
		dst *string
	}{{f.ID, &rec.id}, {f.Title, &rec.title}, {f.Text, &rec.text}, {f.Date, &rec.date}, {f.Source, &rec.source}, {f.Label, &rec.label}} {
		raw, ok := obj[fd.key]
		if !ok {
			continue
		}
		if fd.key == f.Text {
			rec.hasText = true
		}
		v, err := fieldValue(raw)
		if err != nil {
			return record{}, fmt.Sprintf("field %q: %v", fd.key, err)
		}
		*fd.dst = v
	}
	return rec, ""
}

// jsonMessage is err's text without the "json: " prefix.
func jsonMessage(err error) string {
	var se *json.SyntaxError
	if errors.As(err, &se) {
		return fmt.Sprintf("%s (at byte %d)", se.Error(), se.Offset)
	}
	return strings.TrimPrefix(err.Error(), "json: ")
}

// fieldValue is the text of a JSON value: a string as is, a number as its
// decimal text (1e3 is "1000"), true/false as written, null as "". Arrays
// and objects are errors.
func fieldValue(raw json.RawMessage) (string, error) {
	raw = bytes.TrimSpace(raw)
	if len(raw) == 0 {
		return "", nil
	}
	switch c := raw[0]; {
	case c == '"':
		var s string
		if err := json.Unmarshal(raw, &s); err != nil {
			return "", err
		}
		return s, nil
	case c == 'n':
		return "", nil
	case c == 't' || c == 'f':
		return string(raw), nil
	case c == '-' || (c >= '0' && c <= '9'):
		s := string(raw)
		if _, err := strconv.ParseInt(s, 10, 64); err == nil {
			return s, nil
		}
		fv, err := strconv.ParseFloat(s, 64)
		if err != nil {
			return s, nil // valid JSON number beyond float64: keep as written
		}
		return strconv.FormatFloat(fv, 'f', -1, 64), nil
	case c == '[':
		return "", errors.New("is an array, want a string, number or null")
	default:
		return "", errors.New("is an object, want a string, number or null")
	}
}
