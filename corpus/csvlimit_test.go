package corpus

import (
	"bufio"
	"bytes"
	"context"
	"encoding/csv"
	"errors"
	"io"
	"os"
	"path/filepath"
	"reflect"
	"runtime"
	"slices"
	"strconv"
	"strings"
	"testing"
)

// TestCSVRecordLimit checks that a CSV record longer than a JSONL line may
// be (2×MaxDocBytes+1 MiB) is listed as skipped without being held in
// memory, and that the records after it keep their line numbers: one 1 GB
// quoted cell used to take 5 GB of memory before being skipped (issue 17).
// It measures the bytes allocated while reading, so it does not run in
// parallel with other tests.
func TestCSVRecordLimit(t *testing.T) {
	const maxDoc = 1 << 20 // records up to 3 MiB are read
	// The big cell: 24 MiB in lines of 1 KiB, 8 times the record limit.
	const cellLines = 24 << 10
	path := filepath.Join(t.TempDir(), "big.csv")
	f, err := os.Create(path)
	if err != nil {
		t.Fatal(err)
	}
	w := bufio.NewWriter(f)
	w.WriteString("id,text\n")
	w.WriteString("a,NATO allies met in Brussels.\n")
	w.WriteString(`b,"`)
	line := strings.Repeat("defence ", 127) + "spending\n" // 1 KiB
	for range cellLines {
		w.WriteString(line)
	}
	w.WriteString("\"\n")
	w.WriteString("c,Talks on Ukraine resumed.\n")
	if err := w.Flush(); err != nil {
		t.Fatal(err)
	}
	if err := f.Close(); err != nil {
		t.Fatal(err)
	}

	var before, after runtime.MemStats
	runtime.ReadMemStats(&before)
	c, err := Read(context.Background(), []string{path}, Options{MaxDocBytes: maxDoc})
	runtime.ReadMemStats(&after)
	if err != nil {
		t.Fatal(err)
	}
	if len(c.Docs) != 2 || c.Docs[0].ID != "a" || c.Docs[1].ID != "c" {
		t.Fatalf("docs %+v, want a and c", c.Docs)
	}
	// c is on the line after the cell's closing quote.
	if want := path + ":" + strconv.Itoa(4+cellLines); c.Docs[1].Origin != want {
		t.Errorf("c read from %s, want %s", c.Docs[1].Origin, want)
	}
	size := len(`b,"`) + cellLines*len(line) + len("\"\n")
	want := Skip{path + ":3", "record of " + strconv.Itoa(size) + " bytes exceeds the document size limit of 1048576 bytes"}
	if len(c.Skipped) != 1 || c.Skipped[0] != want {
		t.Errorf("skipped %v, want %v", c.Skipped, want)
	}
	t.Logf("reading allocated %d KiB", (after.TotalAlloc-before.TotalAlloc)>>10)
	// Reading holds at most one record of up to 3 MiB, plus buffers of
	// about 2 MiB (input, spool); holding the cell would take over 48 MiB.
	if got := after.TotalAlloc - before.TotalAlloc; got > 16<<20 {
		t.Errorf("reading allocated %d MiB, want at most 16", got>>20)
	}
}

// TestCSVRecordLimitHeader checks that a header row over the limit is an
// error naming the file, not a reason to read the next row as the header.
func TestCSVRecordLimitHeader(t *testing.T) {
	t.Parallel()
	path := filepath.Join(t.TempDir(), "h.csv")
	// MaxDocBytes 1 allows records of 2 bytes + 1 MiB; write a header past that.
	data := "id,\"" + strings.Repeat("t", 3<<20) + "\"\na,b\n"
	if err := os.WriteFile(path, []byte(data), 0o644); err != nil {
		t.Fatal(err)
	}
	_, err := Read(context.Background(), []string{path}, Options{MaxDocBytes: 1, SkipBad: true})
	if !errors.Is(err, ErrMalformed) || !strings.Contains(err.Error(), path+":1: header row") {
		t.Errorf("got %v, want ErrMalformed naming %s:1 and the header row", err, path)
	}
}

// FuzzCSVLimiter checks that csvLimiter ends records where encoding/csv
// does: read through it with a small limit, every record of the input is
// either read as encoding/csv reads it from the input itself (same fields,
// same line, same error) or noted as oversized at its first line.
func FuzzCSVLimiter(f *testing.F) {
	f.Add([]byte("id,text\n1,\"a\nb\"\n2,plain\n"), uint8(4))
	f.Add([]byte("a,\"x\"\"y\",z\r\n\r\n\n\"unterminated\nmore"), uint8(3))
	f.Add([]byte("a\"b,c\nd,\"e\"f\ng,\"h\"\r\ni\r"), uint8(2))
	f.Add([]byte("\"q\"\rx\n\"long quoted\n\nfield\",\"\"\n,\n"), uint8(7))
	f.Add([]byte("\ufeff\"t\"\n\"x\"\r"), uint8(200))
	f.Fuzz(func(t *testing.T, data []byte, limit uint8) {
		type record struct {
			line   int
			fields []string
			err    string
		}
		read := func(src io.Reader) []record {
			var out []record
			cr := csv.NewReader(src)
			cr.FieldsPerRecord = -1
			for {
				fields, err := cr.Read()
				if err == io.EOF {
					return out
				}
				var pe *csv.ParseError
				if errors.As(err, &pe) {
					out = append(out, record{line: pe.StartLine, err: pe.Error()})
					continue
				}
				if err != nil {
					t.Fatal(err)
				}
				line, _ := cr.FieldPos(0)
				out = append(out, record{line: line, fields: slices.Clone(fields)})
			}
		}
		want := read(bytes.NewReader(data))
		// The smallest bufio.Reader (16 bytes) splits lines into chunks.
		lim := &csvLimiter{br: bufio.NewReaderSize(bytes.NewReader(data), 16), max: int(limit) + 1}
		got := read(lim)
		for _, w := range want {
			if len(lim.over) > 0 && lim.over[0].line == w.line {
				lim.over = lim.over[1:]
				continue
			}
			if len(got) == 0 || !reflect.DeepEqual(got[0], w) {
				t.Fatalf("record %+v: read through the limiter as %+v (rest %+v, over %+v)", w, got, got, lim.over)
			}
			got = got[1:]
		}
		if len(got) > 0 || len(lim.over) > 0 {
			t.Fatalf("extra records %+v, oversized %+v", got, lim.over)
		}
	})
}

// TestColumnErrorShort checks that the error for a CSV header without the
// text column stays one short line whatever the header holds: it listed
// every column in full, so a header of megabytes made a message of
// megabytes.
func TestColumnErrorShort(t *testing.T) {
	t.Parallel()
	path := filepath.Join(t.TempDir(), "h.csv")
	cols := []string{"id", strings.Repeat("t", 1<<20), "title\nx"}
	for i := range 100 {
		cols = append(cols, "c"+strconv.Itoa(i))
	}
	var b bytes.Buffer
	w := csv.NewWriter(&b)
	w.Write(cols)
	w.Write(make([]string, len(cols)))
	w.Flush()
	if err := os.WriteFile(path, b.Bytes(), 0o644); err != nil {
		t.Fatal(err)
	}
	_, err := Read(context.Background(), []string{path}, Options{})
	var ce *ColumnError
	if !errors.As(err, &ce) || len(ce.Header) != len(cols) {
		t.Fatalf("got %v, want a ColumnError with the whole header", err)
	}
	msg := err.Error()
	if len(msg) > 1000 || strings.Contains(msg, "\n") || !strings.Contains(msg, path) || !strings.Contains(msg, "and 87 more") {
		t.Errorf("message of %d bytes, want one line under 1000 naming %s and the columns left out: %.300q", len(msg), path, msg)
	}
}
