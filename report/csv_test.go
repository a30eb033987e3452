package report

import (
	"bytes"
	"encoding/csv"
	"errors"
	"math"
	"strings"
	"testing"
)

// TestCSVWriterMatchesEncodingCSV checks that csvWriter writes the bytes
// encoding/csv writes, for fields that need quotes and fields that do not.
func TestCSVWriterMatchesEncodingCSV(t *testing.T) {
	t.Parallel()
	fields := []string{"", "plain", "a,b", `say "hi"`, "two\nlines", "cr\rhere", "crlf\r\n", ` lead`, "\tlead",
		"\u00a0nbsp", "\u2003em", `\.`, `\`, ".", "=SUM(A1)", "+1", "-1", "@x", "'", "trail ", "ünï,cødé", "\xff"}
	var want bytes.Buffer
	cw := csv.NewWriter(&want)
	var got bytes.Buffer
	c := newCSVWriter(&got)
	for _, f := range fields {
		for _, g := range fields {
			if err := cw.Write([]string{f, csvText(g), fixed(-0.00004, 4), "7"}); err != nil {
				t.Fatal(err)
			}
			c.field(f)
			c.text(g)
			c.fixed(-0.00004, 4)
			c.int(7)
			if err := c.endRow(); err != nil {
				t.Fatal(err)
			}
		}
	}
	cw.Flush()
	if err := c.flush(); err != nil {
		t.Fatal(err)
	}
	if got.String() != want.String() {
		g, w := strings.Split(got.String(), "\n"), strings.Split(want.String(), "\n")
		for i := range min(len(g), len(w)) {
			if g[i] != w[i] {
				t.Fatalf("line %d: got %q, want %q", i+1, g[i], w[i])
			}
		}
		t.Fatalf("got %d lines, want %d", len(g), len(w))
	}
}

// TestFixed checks fixed's rounding and its unsigned zero, and that
// appendFixed agrees with it.
func TestFixed(t *testing.T) {
	t.Parallel()
	tests := []struct {
		x    float64
		prec int
		want string
	}{
		{0.12345, 4, "0.1235"}, // 0.12345 is stored just above, so it rounds up
		{-0.00004, 4, "0.0000"},
		{-0.00005, 4, "-0.0001"},
		{math.Copysign(0, -1), 3, "0.000"},
		{2.5, 0, "2"}, // round half to even
		{math.NaN(), 4, "NaN"},
	}
	for _, tt := range tests {
		if got := fixed(tt.x, tt.prec); got != tt.want {
			t.Errorf("fixed(%v, %d) = %q, want %q", tt.x, tt.prec, got, tt.want)
		}
		if got := string(appendFixed([]byte("x"), tt.x, tt.prec)); got != "x"+tt.want {
			t.Errorf("appendFixed(%v, %d) = %q", tt.x, tt.prec, got)
		}
	}
}

// TestCSVWriterError checks that a write error stops the rows and is
// returned.
func TestCSVWriterError(t *testing.T) {
	t.Parallel()
	boom := errors.New("disk full")
	a := newsgroupsAnalysis()
	if err := WriteAssignmentsCSV(failWriter{boom}, a); !errors.Is(err, boom) {
		t.Errorf("got %v, want %v", err, boom)
	}
}

type failWriter struct{ err error }

func (w failWriter) Write([]byte) (int, error) { return 0, w.err }
