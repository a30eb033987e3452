package corpus

import (
	"strings"
	"unicode/utf16"
	"unicode/utf8"
)

// fastRecord decodes the common JSONL line, a flat object whose values
// are strings or null, without encoding/json. It reports false for
// anything else (numbers, booleans, arrays, objects, escaped keys, bad
// syntax), which parseJSONLine then hands to encoding/json; what it
// accepts it decodes exactly as encoding/json and fieldValue would: the
// last of duplicate keys wins, null is "", escapes are decoded, and a
// \u escape that is half a surrogate pair is U+FFFD. line is valid
// UTF-8 and starts with '{'.
func (r *reader) fastRecord(line []byte) (record, bool) {
	f := &r.fields
	keys := [7]string{f.ID, f.Title, f.Text, f.Date, f.Source, f.Label, f.URL}
	var vals [7]string
	var set [7]bool
	i := skipWS(line, 1)
	if i < len(line) && line[i] == '}' {
		i++
	} else {
		for {
			if i >= len(line) || line[i] != '"' {
				return record{}, false
			}
			// A key without escapes.
			j := i + 1
			for j < len(line) && line[j] != '"' && line[j] != '\\' && line[j] >= 0x20 {
				j++
			}
			if j >= len(line) || line[j] != '"' {
				return record{}, false
			}
			key := line[i+1 : j]
			i = skipWS(line, j+1)
			if i >= len(line) || line[i] != ':' {
				return record{}, false
			}
			i = skipWS(line, i+1)
			if i >= len(line) {
				return record{}, false
			}
			want := false
			for k := range keys {
				if string(key) == keys[k] {
					want = true
				}
			}
			var v string
			switch line[i] {
			case '"':
				var ok bool
				v, i, ok = fastString(line, i, want)
				if !ok {
					return record{}, false
				}
			case 'n':
				if len(line)-i < 4 || string(line[i:i+4]) != "null" {
					return record{}, false
				}
				i += 4
			default:
				return record{}, false
			}
			if want {
				for k := range keys {
					if string(key) == keys[k] {
						vals[k], set[k] = v, true
					}
				}
			}
			i = skipWS(line, i)
			if i >= len(line) {
				return record{}, false
			}
			if line[i] == '}' {
				i++
				break
			}
			if line[i] != ',' {
				return record{}, false
			}
			i = skipWS(line, i+1)
		}
	}
	if skipWS(line, i) != len(line) {
		return record{}, false
	}
	rec := record{id: vals[0], title: vals[1], text: vals[2], date: vals[3], source: vals[4], label: vals[5], url: vals[6], hasText: set[2]}
	return rec, true
}

// skipWS returns the index of the first byte of b at or after i that is
// not JSON white space.
func skipWS(b []byte, i int) int {
	for i < len(b) && (b[i] == ' ' || b[i] == '\t' || b[i] == '\n' || b[i] == '\r') {
		i++
	}
	return i
}

// fastString reads the JSON string starting at b[i] == '"' and returns
// its value (when decode is set), the index after it, and false when it is
// not a valid JSON string.
func fastString(b []byte, i int, decode bool) (string, int, bool) {
	i++
	start := i
	for i < len(b) && b[i] != '"' && b[i] != '\\' && b[i] >= 0x20 {
		i++
	}
	if i >= len(b) || b[i] < 0x20 {
		return "", 0, false
	}
	if b[i] == '"' {
		if !decode {
			return "", i + 1, true
		}
		return string(b[start:i]), i + 1, true
	}
	// Escapes: decode from here on, into at most the bytes of the quoted
	// text (an escape is never shorter than what it stands for).
	var out strings.Builder
	if decode {
		end := i
		for end < len(b) && b[end] != '"' {
			if b[end] == '\\' {
				end++
			}
			end++
		}
		out.Grow(end - start)
		out.Write(b[start:i])
	}
	for {
		if i >= len(b) {
			return "", 0, false
		}
		c := b[i]
		switch {
		case c == '"':
			return out.String(), i + 1, true
		case c < 0x20:
			return "", 0, false
		case c != '\\':
			j := i + 1
			for j < len(b) && b[j] != '"' && b[j] != '\\' && b[j] >= 0x20 {
				j++
			}
			if decode {
				out.Write(b[i:j])
			}
			i = j
			continue
		}
		if i+1 >= len(b) {
			return "", 0, false
		}
		var e byte
		switch b[i+1] {
		case '"', '\\', '/':
			e = b[i+1]
		case 'b':
			e = '\b'
		case 'f':
			e = '\f'
		case 'n':
			e = '\n'
		case 'r':
			e = '\r'
		case 't':
			e = '\t'
		case 'u':
			r := hex4(b, i+2)
			if r < 0 {
				return "", 0, false
			}
			i += 6
			if utf16.IsSurrogate(r) {
				// A following \u escape completing the pair is taken with
				// it; else the half pair is U+FFFD, as encoding/json does.
				r2 := rune(-1)
				if i+1 < len(b) && b[i] == '\\' && b[i+1] == 'u' {
					r2 = hex4(b, i+2)
				}
				if dec := utf16.DecodeRune(r, r2); dec != utf8.RuneError {
					r = dec
					i += 6
				} else {
					r = utf8.RuneError
				}
			}
			if decode {
				out.WriteRune(r)
			}
			continue
		default:
			return "", 0, false
		}
		if decode {
			out.WriteByte(e)
		}
		i += 2
	}
}

// hex4 is the value of the four hex digits at b[i:], or -1.
func hex4(b []byte, i int) rune {
	if len(b)-i < 4 {
		return -1
	}
	var r rune
	for _, c := range b[i : i+4] {
		switch {
		case '0' <= c && c <= '9':
			c -= '0'
		case 'a' <= c && c <= 'f':
			c = c - 'a' + 10
		case 'A' <= c && c <= 'F':
			c = c - 'A' + 10
		default:
			return -1
		}
		r = r*16 + rune(c)
	}
	return r
}
