package corpus

import "testing"

func TestNormalizeDate(t *testing.T) {
	t.Parallel()
	tests := []struct{ in, want string }{
		{"03/23/2015", "2015-03-23"},
		{"3/5/2015", "2015-03-05"},
		{"23/03/2015", "2015-03-23"}, // first number above 12: day first
		{"2015-03-23", "2015-03-23"},
		{"2015-03-23T02:31:00-04:00", "2015-03-23"},
		{"2015-03-23T02:31:00Z", "2015-03-23"},
		{"2015-03-23 02:31:00", "2015-03-23"},
		{"March 23, 2015", "2015-03-23"},
		{"Mar. 23, 2015", "2015-03-23"},
		{"Sept 3 2015", "2015-09-03"},
		{"23 March 2015", "2015-03-23"},
		{"23rd March 2015", "2015-03-23"},
		{"Monday, March 23, 2015", "2015-03-23"},
		{"Mon, 23 Mar 2015 02:31:00 GMT", "2015-03-23"},
		{"Feb 12, 2020 11:27 AM ET", "2020-02-12"},
		{"26-FEB-1987 15:02:20.00", "1987-02-26"},
		{"  2015-03-23  ", "2015-03-23"},
		// Not recognised: kept as written (trimmed).
		{"2015-02-30", "2015-02-30"},
		{"13/13/2015", "13/13/2015"},
		{"sometime in May", "sometime in May"},
		{"1987", "1987"},
		{"March 23, 2015 and later", "March 23, 2015 and later"},
		{" ", ""},
	}
	for _, tc := range tests {
		t.Run(tc.in, func(t *testing.T) {
			t.Parallel()
			if got := normalizeDate(tc.in); got != tc.want {
				t.Errorf("normalizeDate(%q) = %q, want %q", tc.in, got, tc.want)
			}
		})
	}
}

func TestParseDateLine(t *testing.T) {
	t.Parallel()
	tests := []struct {
		line string
		want string // "" means not a date line
	}{
		{"03/23/2015 02:31 EDT | Updated 05/23/2015 05:59 EDT", "2015-03-23"},
		{"Posted: Feb 12, 2020 11:27 AM ET | Last Updated: February 12, 2020", "2020-02-12"},
		{"Published 23 March 2015", "2015-03-23"},
		{"Updated: 2015-03-23T10:00:00Z", "2015-03-23"},
		{"March 23, 2015", "2015-03-23"},
		{"Date: Sat, 17 Apr 1993 03:17:45 GMT", "1993-04-17"},
		{"Harper to talk ISIS with NATO secretary general in Ottawa", ""},
		{"Prime Minister Stephen Harper on Mar. 18, 2015.", ""},
		{"on Dec 9th 1993", ""},
		{"03/23/2015 was a Monday", ""},
	}
	for _, tc := range tests {
		t.Run(tc.line, func(t *testing.T) {
			t.Parallel()
			got, ok := parseDateLine(tc.line)
			if ok != (tc.want != "") || got != tc.want {
				t.Errorf("parseDateLine(%q) = %q, %v; want %q", tc.line, got, ok, tc.want)
			}
		})
	}
}
