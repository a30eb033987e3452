package corpus

import (
	"encoding/csv"
	"errors"
	"fmt"
	"io"
	"math"
	"path/filepath"
	"strconv"
	"strings"
	"unicode/utf8"
)

// readCSV reads a CSV file whose first row names the columns.
func (r *reader) readCSV(path string, src io.Reader) error {
	br, closeFn, err := r.openRecords(path, src, false)
	if br == nil {
		return err
	}
	defer closeFn()
	// Records are bounded as JSONL lines are (see readJSONL).
	lim := &csvLimiter{br: br, max: 2*r.opts.MaxDocBytes + 1<<20}
	cr := csv.NewReader(lim)
	cr.FieldsPerRecord = -1 // checked here, to name the line
	header, err := cr.Read()
	if len(lim.over) > 0 && lim.over[0].first {
		o := lim.over[0]
		return fmt.Errorf("%s:%d: header row of %d bytes exceeds the record size limit of %d bytes: %w", path, o.line, o.size, lim.max, ErrMalformed)
	}
	if err == io.EOF {
		r.skip(path, "no records")
		return nil
	}
	if err != nil {
		return fmt.Errorf("%s: header row: %v: %w", path, csvMessage(err), ErrMalformed)
	}
	header = decodeFields(header)
	col := make(map[string]int, len(header))
	for i, h := range header {
		h = strings.ToLower(strings.TrimSpace(strings.TrimPrefix(h, "\ufeff")))
		if _, dup := col[h]; !dup {
			col[h] = i
		}
	}
	f := r.fields
	index := func(name string) int {
		if i, ok := col[strings.ToLower(name)]; ok {
			return i
		}
		return -1
	}
	iID, iTitle, iText := index(f.ID), index(f.Title), index(f.Text)
	iDate, iSource, iLabel, iURL := index(f.Date), index(f.Source), index(f.Label), index(f.URL)
	if iText < 0 {
		return &ColumnError{Path: path, Column: f.Text, Header: header}
	}
	base := filepath.Base(path)
	records := 0
	// skipOver lists the records too long to read that come before line.
	skipOver := func(line int) {
		for len(lim.over) > 0 && lim.over[0].line < line {
			o := lim.over[0]
			lim.over = lim.over[1:]
			records++
			r.skip(path+":"+strconv.Itoa(o.line), fmt.Sprintf("record of %d bytes exceeds the document size limit of %d bytes", o.size, r.opts.MaxDocBytes))
		}
	}
	for {
		rec, err := cr.Read()
		if err == io.EOF {
			skipOver(math.MaxInt)
			break
		}
		records++
		if records%1024 == 0 {
			if err := r.ctx.Err(); err != nil {
				return err
			}
		}
		if err != nil {
			var pe *csv.ParseError
			if !errors.As(err, &pe) {
				return readError(path, err)
			}
			skipOver(pe.StartLine)
			origin := path + ":" + strconv.Itoa(pe.StartLine)
			if err := r.badRecord(origin, "malformed CSV: "+csvMessage(err)); err != nil {
				return err
			}
			continue
		}
		line, _ := cr.FieldPos(0)
		skipOver(line)
		origin := path + ":" + strconv.Itoa(line)
		if len(rec) != len(header) {
			msg := fmt.Sprintf("malformed CSV: record has %d fields, the header has %d", len(rec), len(header))
			if err := r.badRecord(origin, msg); err != nil {
				return err
			}
			continue
		}
		rec = decodeFields(rec)
		get := func(i int) string {
			if i < 0 {
				return ""
			}
			return rec[i]
		}
		if err := r.addRecord(record{
			origin: origin, defaultID: base + ":" + strconv.Itoa(line),
			id: get(iID), title: get(iTitle), text: get(iText), hasText: true,
			date: get(iDate), source: get(iSource), label: get(iLabel), url: get(iURL),
		}); err != nil {
			return err
		}
	}
	if records == 0 {
		r.skip(path, "no records")
	}
	return nil
}

// decodeFields applies the Latin-1 rule to one CSV record: if any field is
// not valid UTF-8, every field is decoded as Latin-1.
func decodeFields(rec []string) []string {
	for _, s := range rec {
		if !utf8.ValidString(s) {
			out := make([]string, len(rec))
			for i, t := range rec {
				out[i] = latin1([]byte(t))
			}
			return out
		}
	}
	return rec
}

// csvMessage is a csv.ParseError's message without the position, which
// the caller reports as path:line.
func csvMessage(err error) string {
	var pe *csv.ParseError
	if errors.As(err, &pe) {
		return pe.Err.Error()
	}
	return err.Error()
}

// ColumnError is a CSV file whose header row lacks the text column. It
// wraps ErrMalformed.
type ColumnError struct {
	Path   string
	Column string   // the text column looked for
	Header []string // the columns the file has
}

// Error names the file and up to 16 of its columns, each on one line and
// cut to 40 characters, so the message stays one short line whatever the
// header holds.
func (e *ColumnError) Error() string {
	const maxCols, maxRunes = 16, 40
	var cols []string
	for _, h := range e.Header[:min(len(e.Header), maxCols)] {
		h = oneLine(h)
		if r := []rune(h); len(r) > maxRunes {
			h = string(r[:maxRunes-1]) + "…"
		}
		cols = append(cols, h)
	}
	list := strings.Join(cols, ", ")
	if n := len(e.Header) - maxCols; n > 0 {
		list += fmt.Sprintf(", … and %d more", n)
	}
	return fmt.Sprintf("%s: the header row has no %q column (columns: %s): %v",
		e.Path, e.Column, list, ErrMalformed)
}

func (e *ColumnError) Unwrap() error { return ErrMalformed }
