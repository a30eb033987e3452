package corpus

import (
	"regexp"
	"strconv"
	"strings"
	"time"
	"unicode/utf8"
)

// Date recognition. One date expression is one of
//
//	MM/DD/YYYY (DD/MM/YYYY when the first number is above 12)
//	YYYY-MM-DD, optionally RFC 3339 ("2015-03-23T02:31:00-04:00")
//	Month D, YYYY  ("March 23, 2015", "Mar. 23 2015")
//	D Month YYYY   ("23 March 2015", "Mon, 23 Mar 2015 ...")
//	D-MON-YYYY     ("26-FEB-1987", as in Reuters-21578)
//
// optionally after a weekday and followed by a time ("02:31", "11:27 AM",
// "15:02:20.00") and a zone ("EDT", "UTC", "Z", "+02:00").
const (
	reMonth   = `(jan(?:uary)?|feb(?:ruary)?|mar(?:ch)?|apr(?:il)?|may|june?|july?|aug(?:ust)?|sep(?:t(?:ember)?)?|oct(?:ober)?|nov(?:ember)?|dec(?:ember)?)\.?`
	reWeekday = `(?:(?:mon|tue|tues|wed|thu|thur|thurs|fri|sat|sun)(?:day|sday|nesday|rsday|urday)?\.?,?\s+)?`
	reDay     = `(\d{1,2})(?:st|nd|rd|th)?`
	// Alternatives; the capture groups are read by position in parseDateMatch.
	reDateCore = `(?:` +
		`(\d{1,2})/(\d{1,2})/(\d{4})` + // 1,2,3: numeric, US order
		`|(\d{4})-(\d{2})-(\d{2})` + // 4,5,6: ISO
		`|` + reMonth + `\s+` + reDay + `,?\s+(\d{4})` + // 7,8,9: Month D, YYYY
		`|` + reDay + `\s+` + reMonth + `,?\s+(\d{4})` + // 10,11,12: D Month YYYY
		`|(\d{1,2})-` + reMonth + `-(\d{4})` + // 13,14,15: D-MON-YYYY
		`)`
	// A time, with an optional zone.
	reTime    = `(?:(?:\s*,\s*|\s+at\s+|\s+|t)\d{1,2}(?::\d{2}){1,2}(?:\.\d+)?(?:\s*[ap]\.?m\.?)?` + reZone + `)?`
	reZone    = `(?:\s*(?:z|[+-]\d{2}:?\d{2}|\(?[a-z]{1,5}\)?))?`
	reDateExp = reWeekday + reDateCore + reTime
	// Words that may introduce a date on a date line.
	reDateWord = `(?:(?:first\s+|last\s+)?(?:posted|published|updated|modified)(?:\s+on)?|date)\s*:?\s*`
)

var (
	// dateFieldRE matches a whole field value that is one date expression.
	dateFieldRE = regexp.MustCompile(`^(?i)\s*` + reDateExp + `\s*$`)
	// dateLineRE matches a whole line made of a date expression, optionally
	// introduced by "Posted", "Published" ... and followed by a second,
	// "Updated ..." date after a separator.
	dateLineRE = regexp.MustCompile(`^(?i)\s*(?:` + reDateWord + `)?` + reDateExp +
		`(?:\s*[|·•,;–—-]?\s*(?:` + reDateWord + `)?` + reWeekday + `(?:` + reDateCore + `)` + reTime + `)?\s*$`)
)

var monthNumber = map[string]time.Month{
	"jan": 1, "feb": 2, "mar": 3, "apr": 4, "may": 5, "jun": 6,
	"jul": 7, "aug": 8, "sep": 9, "oct": 10, "nov": 11, "dec": 12,
}

// parseDateMatch turns the submatches of reDateCore (starting at index 1 of
// m) into 2006-01-02, reporting whether the date is a real calendar day.
func parseDateMatch(m []string) (string, bool) {
	var y, mo, d int
	atoi := func(s string) int { n, _ := strconv.Atoi(s); return n } // digits only: cannot fail
	month := func(s string) int { return int(monthNumber[strings.ToLower(s)[:3]]) }
	switch {
	case m[1] != "":
		a, b := atoi(m[1]), atoi(m[2])
		if a > 12 && b <= 12 {
			a, b = b, a // day first
		}
		mo, d, y = a, b, atoi(m[3])
	case m[4] != "":
		y, mo, d = atoi(m[4]), atoi(m[5]), atoi(m[6])
	case m[7] != "":
		mo, d, y = month(m[7]), atoi(m[8]), atoi(m[9])
	case m[10] != "":
		d, mo, y = atoi(m[10]), month(m[11]), atoi(m[12])
	case m[13] != "":
		d, mo, y = atoi(m[13]), month(m[14]), atoi(m[15])
	default:
		return "", false
	}
	t := time.Date(y, time.Month(mo), d, 0, 0, 0, 0, time.UTC)
	if mo < 1 || mo > 12 || d < 1 || t.Day() != d || y < 1000 {
		return "", false
	}
	return t.Format("2006-01-02"), true
}

// normalizeDate returns a field value as 2006-01-02 when it is one
// recognised date expression, and otherwise the value with surrounding
// space trimmed.
func normalizeDate(s string) string {
	s = strings.TrimSpace(s)
	if s == "" || len(s) > 100 {
		return s
	}
	if m := dateFieldRE.FindStringSubmatch(s); m != nil {
		if iso, ok := parseDateMatch(m); ok {
			return iso
		}
	}
	return s
}

// parseDateLine reports whether line is a date line (such as
// "03/23/2015 02:31 EDT | Updated 05/23/2015 05:59 EDT") and returns its
// first date as 2006-01-02.
func parseDateLine(line string) (string, bool) {
	// Every date expression has a year of four digits (\d is ASCII).
	if len(line) > 160 || !dateStart(line) || !hasDigits4(line) {
		return "", false
	}
	m := dateLineRE.FindStringSubmatch(line)
	if m == nil {
		return "", false
	}
	return parseDateMatch(m)
}

// dateStart reports whether line can start a date line: after white
// space (\s is ASCII), a digit, a non-ASCII character (case folding maps
// ſ to s), or a letter that starts a date word, weekday or month.
func dateStart(line string) bool {
	i := 0
	for i < len(line) && (line[i] == ' ' || line[i] == '\t' || line[i] == '\n' || line[i] == '\f' || line[i] == '\r') {
		i++
	}
	if i == len(line) {
		return false
	}
	c := line[i]
	if c >= utf8.RuneSelf || ('0' <= c && c <= '9') {
		return true
	}
	return strings.IndexByte("adfjlmnopstuwADFJLMNOPSTUW", c) >= 0
}

// digitMask is 0xff for the ASCII digits and 0 for every other byte.
var digitMask = func() (m [256]uint8) {
	for c := '0'; c <= '9'; c++ {
		m[c] = 0xff
	}
	return m
}()

// hasDigits4 reports whether s has four ASCII digits in a row. The run
// of digits is kept without a branch on each byte (digits and letters
// alternate unpredictably in text).
func hasDigits4(s string) bool {
	var run uint8
	for i := 0; i < len(s); i++ {
		run = (run + 1) & digitMask[s[i]]
		if run >= 4 {
			return true
		}
	}
	return false
}
