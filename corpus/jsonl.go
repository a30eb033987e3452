package corpus

import (
	"bufio"
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"path/filepath"
	"runtime"
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
	br, closeFn, binary, err := r.openStream(path, src, gz)
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
//
// It runs as a pipeline: one goroutine reads (and gunzips) the lines and
// gathers them in batches of at most jsonBatch lines or jsonBatchBytes
// bytes; workers decode each batch, apply the furniture rule and encode
// the spool records (see jsonBatchWork); the calling goroutine takes the
// batches in order and adds their documents, skips and malformed records
// as a serial reader would.
func (r *reader) readJSONL(path string, src io.Reader, gz bool) error {
	// Documents of earlier text files go to the spool first.
	if err := r.flush(); err != nil {
		return err
	}
	br, closeFn, err := r.openRecords(path, src, gz)
	if br == nil {
		return err
	}
	defer closeFn()
	base := filepath.Base(path)
	// A line holds the text JSON-escaped plus the other fields; allow for
	// escaping and leave the exact check to the decoded text.
	lr := &lineReader{br: br, max: 2*r.opts.MaxDocBytes + 1<<20}

	// The batches in flight, reused: being filled, queued, decoded, merged.
	inFlight := runtime.GOMAXPROCS(0) + 3
	fill := func(b *jsonBatchWork) (send, more bool, err error) {
		b.reset()
		for {
			line, n, size, tooLong, err := lr.next()
			if err == io.EOF {
				return len(b.lines) > 0, false, nil
			}
			if err != nil {
				// The lines gathered since the last batch are dropped,
				// as a serial reader stopping here would.
				if errors.Is(err, ErrTooLarge) {
					return false, false, err // names the input already
				}
				return false, false, fmt.Errorf("%s:%d: %w", path, lr.line+1, err)
			}
			if !tooLong && len(bytes.TrimSpace(line)) == 0 {
				continue
			}
			start := len(b.buf)
			b.buf = append(b.buf, line...)
			b.lines = append(b.lines, jsonLine{start: start, end: len(b.buf), n: n, size: size, tooLong: tooLong})
			if len(b.lines) >= jsonBatch || len(b.buf) >= jsonBatchBytes {
				return true, true, nil
			}
		}
	}
	work := func(b *jsonBatchWork) {
		if !r.opts.KeepBoilerplate && b.seen == nil {
			b.seen = make(map[uint64]bool)
		}
		r.decodeBatch(path, base, b, b.seen)
	}
	records := 0
	err = inOrder(inFlight, func() *jsonBatchWork { return &jsonBatchWork{} }, fill, work, r.ctx.Err,
		func(b *jsonBatchWork) error {
			records += len(b.lines)
			if err := r.mergeBatch(path, b); err != nil {
				return err
			}
			r.report()
			return nil
		})
	if err != nil {
		return err
	}
	r.report()
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

// jsonBatchWork is a batch of JSONL lines on its way through readJSONL's
// pipeline (inOrder). The reading goroutine fills buf and lines, a worker
// fills the rest.
type jsonBatchWork struct {
	buf   []byte // the lines, one after the other
	lines []jsonLine

	// set by decodeBatch
	spool  []byte   // spool records of the documents kept, in order
	hashes []uint64 // lineSets of the documents kept, one after the other
	words  []uint8
	seen   map[uint64]bool // scratch for textLines, kept with the batch
}

// reset empties b for reuse, keeping its memory.
func (b *jsonBatchWork) reset() {
	clear(b.lines) // drop the strings
	*b = jsonBatchWork{buf: b.buf[:0], lines: b.lines[:0], spool: b.spool[:0],
		hashes: b.hashes[:0], words: b.words[:0], seen: b.seen}
}

// jsonLine is one non-blank JSONL line, buf[start:end] of its batch.
type jsonLine struct {
	start, end int
	n, size    int
	tooLong    bool
	// set by decodeBatch
	reason  string // the record is skipped for this reason
	bad     string // the line is malformed
	empty   bool   // the document has no text ("empty document")
	removed int    // lines removed by the furniture rule
	late    bool   // the furniture rule emptied the document
	kept    bool   // the document goes to the spool
	id      string // the document's Origin, when it is not kept
	nhash   int    // number of its hashes in the batch's lineSets
	total   int32  // its number of words
}

// decodeBatch decodes the lines of b and does to each document what add
// and flush would: the furniture rule, its lineSet and its spool record.
// seen is the batch's scratch space for textLines. It is safe for
// concurrent use on distinct batches.
func (r *reader) decodeBatch(path, base string, b *jsonBatchWork, seen map[uint64]bool) {
	keep := !r.opts.KeepBoilerplate
	for i := range b.lines {
		l := &b.lines[i]
		if l.tooLong {
			continue
		}
		rec, msg := r.parseJSONLine(b.buf[l.start:l.end])
		if msg != "" {
			l.bad = msg
			continue
		}
		rec.origin = path + ":" + strconv.Itoa(l.n)
		rec.defaultID = base + ":" + strconv.Itoa(l.n)
		d, reason := r.recordDoc(rec)
		if reason != "" {
			l.reason = reason
			continue
		}
		// As add: a document without text is skipped.
		d.Article = ""
		if !headlineAsText(&d) {
			l.empty, l.id = true, d.Origin
			continue
		}
		// As flush: the furniture rule and the lineSet.
		if keep {
			var ls lineSet
			d.Text, l.removed, ls = furnitureLines(d.Text, seen)
			text := d.Text
			if !headlineAsText(&d) {
				l.late, l.id = true, d.Origin
				continue
			}
			if d.Text != text { // the headline stands in for the text
				ls = textLines(d.Text, seen)
			}
			b.hashes = append(b.hashes, ls.hashes...)
			b.words = append(b.words, ls.words...)
			l.nhash, l.total = len(ls.hashes), ls.total
		}
		l.kept = true
		b.spool = appendSpool(b.spool, &d)
	}
}

// mergeBatch adds the outcome of a decoded batch in line order: skips,
// malformed records, counts, lineSets and spool records.
func (r *reader) mergeBatch(path string, b *jsonBatchWork) error {
	keep := !r.opts.KeepBoilerplate
	h := 0
	docs := 0
	for i := range b.lines {
		l := &b.lines[i]
		origin := path + ":" + strconv.Itoa(l.n)
		switch {
		case l.tooLong:
			r.skip(origin, fmt.Sprintf("line of %d bytes exceeds the document size limit of %d bytes", l.size, r.opts.MaxDocBytes))
		case l.bad != "":
			msg := l.bad
			if path == stdinName && msg == notObject {
				msg += stdinHint
			}
			if err := r.badRecord(origin, msg); err != nil {
				return err
			}
		case l.reason != "":
			r.skip(origin, l.reason)
		case l.empty:
			r.skip(l.id, "empty document")
		default:
			r.furniture += l.removed
			if l.late {
				r.lateSkips = append(r.lateSkips, Skip{Input: l.id, Reason: "empty after boilerplate removal"})
				continue
			}
			if keep {
				r.stats.addParts(b.hashes[h:h+l.nhash], b.words[h:h+l.nhash], l.total)
				h += l.nhash
			}
			docs++
		}
	}
	return r.spool.writeRecords(b.spool, docs)
}

// notObject is why a JSONL line that does not start with '{' is malformed.
const notObject = "malformed JSON: line is not a JSON object"

// stdinHint follows notObject for standard input, where plain text is the
// likely mistake.
const stdinHint = ` (standard input is read as JSONL: one object per line, such as {"title": "...", "text": "..."}; save plain text as a .txt file)`

// parseJSONLine decodes one JSONL line, or returns why it is malformed.
func (r *reader) parseJSONLine(line []byte) (record, string) {
	if !utf8.Valid(line) {
		line = []byte(latin1(line))
	}
	trimmed := bytes.TrimSpace(line)
	if len(trimmed) == 0 || trimmed[0] != '{' {
		return record{}, notObject
	}
	if rec, ok := r.fastRecord(trimmed); ok {
		return rec, ""
	}
	return r.jsonRecord(trimmed)
}

// jsonRecord decodes a JSONL line that starts with '{' with encoding/json.
func (r *reader) jsonRecord(trimmed []byte) (record, string) {
	var obj map[string]json.RawMessage
	if err := json.Unmarshal(trimmed, &obj); err != nil {
		return record{}, "malformed JSON: " + jsonMessage(err)
	}
	var rec record
	f := r.fields
	for _, fd := range []struct {
		key string
		dst *string
	}{{f.ID, &rec.id}, {f.Title, &rec.title}, {f.Text, &rec.text}, {f.Date, &rec.date}, {f.Source, &rec.source}, {f.Label, &rec.label}, {f.URL, &rec.url}} {
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
