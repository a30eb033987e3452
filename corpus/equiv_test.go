package corpus

import (
	"compress/gzip"
	"context"
	"encoding/json"
	"io"
	"math/rand/v2"
	"os"
	"slices"
	"strings"
	"testing"
	"unicode"
	"unicode/utf8"
)

// This file checks the hand-written fast paths of the package against the
// straightforward code they replace, kept here as the reference.

// refNormSpace is normSpace written as one loop over the runes of s.
func refNormSpace(s string) string {
	var sb strings.Builder
	space := false
	for _, r := range s {
		if unicode.IsSpace(r) {
			space = sb.Len() > 0
			continue
		}
		if space {
			sb.WriteByte(' ')
			space = false
		}
		sb.WriteRune(r)
	}
	return sb.String()
}

// refWordCount is wordCount written as one loop over the runes of s.
func refWordCount(s string) int {
	n := 0
	in := false
	for _, r := range s {
		if unicode.IsSpace(r) {
			in = false
		} else if !in {
			in = true
			n++
		}
	}
	return n
}

// spaceSeeds are strings that exercise every branch of the white-space
// helpers: runs of ASCII and Unicode spaces (U+0085, U+00A0, U+2003,
// U+3000), bytes that are not UTF-8 and an encoded U+FFFD.
var spaceSeeds = []string{
	"", " ", "a", "a b", " a", "a ", "a  b", "a\tb", "\ta\n", "x\u00a0y", "\u0085",
	"a\u2003\u3000b", "\xff", "a \xff b", "\xe2\x80", "a\ufffdb", "  Hello,   world!  ",
	"é  è", "one\vtwo\fthree\rfour",
}

func checkSpace(t *testing.T, s string) {
	t.Helper()
	want := refNormSpace(s)
	if got := normSpace(s); got != want {
		t.Fatalf("normSpace(%q) = %q, want %q", s, got, want)
	}
	var buf []byte
	h, w := lineKey(s, &buf)
	if h != hashLine(want) || w != normWords(want) {
		t.Fatalf("lineKey(%q) = %x %d, want %x %d", s, h, w, hashLine(want), normWords(want))
	}
	if got, want := wordCount(s), refWordCount(s); got != want {
		t.Fatalf("wordCount(%q) = %d, want %d", s, got, want)
	}
	if got, want := textLines(s, map[uint64]bool{}).total, refWordCount(s); int(got) != want {
		t.Fatalf("textLines(%q).total = %d, want %d words", s, got, want)
	}
}

func TestSpaceHelpersMatchReference(t *testing.T) {
	t.Parallel()
	for _, s := range spaceSeeds {
		checkSpace(t, s)
	}
	// Every pair of seeds, to mix the cases.
	for _, a := range spaceSeeds {
		for _, b := range spaceSeeds {
			checkSpace(t, a+b)
		}
	}
}

func FuzzSpaceHelpers(f *testing.F) {
	for _, s := range spaceSeeds {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		checkSpace(t, s)
	})
}

// jsonSeeds are JSONL lines for the fast JSON path: plain, escaped,
// surrogate pairs and halves, duplicate keys, null, other value types
// and broken syntax (both of which it must leave to encoding/json).
var jsonSeeds = []string{
	`{}`, `{ }`, `{"text":"a"}`, `{"id":"1","title":"T","text":"x\ny","label":"l"}`,
	`{"text":"a","text":"b"}`, `{"text":null}`, `{"text":nul}`, `{"text":"a\"b\\c\/d\b\f\n\r\t"}`,
	`{"text":"\u00e9\u20ac"}`, `{"text":"\ud83d\ude00"}`, `{"text":"\ud83d"}`, `{"text":"\ud83dx"}`,
	`{"text":"\ude00\ud83d\u0041"}`, `{"text":"\ud83d\u0041"}`, `{"text":"\ud83d\uZZZZ"}`, `{"text":"\x"}`,
	`{"text":"a` + "\t" + `"}`, `{"text":1}`, `{"text":-1.5e3}`, `{"text":true}`, `{"text":["a"]}`,
	`{"text":{"a":1}}`, `{"text":"a"} x`, `{"text":"a"}` + " \t\r\n", `{"text":"a",}`, `{"text" : "a" , "id" : "b" }`,
	`{"te\u0078t":"a"}`, `{"":"a","text":""}`, `{"other":[1,2],"text":"a"}`, `{"other":"\u00","text":"a"}`,
	`{"text":"a"`, `{"text"`, `{"text":`, `{"text":"`, `{"a":"b"}{"c":"d"}`, "{\"text\":\"caf\xc3\xa9\"}",
	`{"text":"\\u0041"}`, `{"text":"` + "\u2028" + `"}`, `{"id":null,"text":"a","date":"03/23/2015"}`,
}

// checkJSON compares the fast path with encoding/json on one line.
func checkJSON(t *testing.T, r *reader, line string) {
	t.Helper()
	b := []byte(line)
	if !utf8.Valid(b) || len(b) == 0 || b[0] != '{' {
		return // parseJSONLine never hands such lines to fastRecord
	}
	got, ok := r.fastRecord(b)
	if !ok {
		return // left to encoding/json
	}
	want, msg := r.jsonRecord(b)
	if msg != "" {
		t.Fatalf("fastRecord accepted %q, encoding/json: %s", line, msg)
	}
	if got != want {
		t.Fatalf("fastRecord(%q) = %+v, encoding/json %+v", line, got, want)
	}
}

// jsonReaders are readers with the default keys and with two fields on
// one key.
func jsonReaders() []*reader {
	return []*reader{
		newReader(context.Background(), Options{}),
		newReader(context.Background(), Options{Fields: Fields{Title: "text", Label: "x", Source: ""}}),
	}
}

func TestFastJSONMatchesEncodingJSON(t *testing.T) {
	t.Parallel()
	accepted := 0
	for _, r := range jsonReaders() {
		for _, s := range jsonSeeds {
			checkJSON(t, r, s)
			if _, ok := r.fastRecord([]byte(s)); ok {
				accepted++
			}
		}
	}
	// The fast path must actually take the plain lines: of the seeds,
	// those of strings and nulls only, with valid syntax.
	if accepted < 30 {
		t.Errorf("fast path took %d seed lines", accepted)
	}
	// Every line of the 20 Newsgroups corpus, when present.
	if testing.Short() {
		return
	}
	lines := corpusLines(t)
	fast := 0
	for _, l := range lines {
		checkJSON(t, jsonReaders()[0], l)
		if _, ok := jsonReaders()[0].fastRecord([]byte(l)); ok {
			fast++
		}
	}
	if len(lines) > 0 && fast < len(lines)*99/100 {
		t.Errorf("fast path took %d of %d corpus lines", fast, len(lines))
	}
}

// corpusLines returns the lines of the 20 Newsgroups corpus, or none when
// it is absent.
func corpusLines(t *testing.T) []string {
	f, err := os.Open(corpusPath)
	if err != nil {
		return nil
	}
	defer f.Close()
	zr, err := gzip.NewReader(f)
	if err != nil {
		t.Fatal(err)
	}
	b, err := io.ReadAll(zr)
	if err != nil {
		t.Fatal(err)
	}
	return strings.Split(strings.TrimSuffix(string(b), "\n"), "\n")
}

func FuzzFastJSON(f *testing.F) {
	for _, s := range jsonSeeds {
		f.Add(s)
	}
	rs := jsonReaders()
	f.Fuzz(func(t *testing.T, s string) {
		for _, r := range rs {
			checkJSON(t, r, s)
		}
	})
}

// refFirstWord is the lower-cased first word of a normalised line with
// trailing punctuation removed.
func refFirstWord(s string) string {
	if i := strings.IndexByte(s, ' '); i >= 0 {
		s = s[:i]
	}
	s = strings.TrimRight(s, ":;,.!?")
	return strings.ToLower(s)
}

// refParseDateLine is parseDateLine with the regular expression alone.
func refParseDateLine(line string) (string, bool) {
	if len(line) > 160 || !strings.ContainsAny(line, "0123456789") {
		return "", false
	}
	m := dateLineRE.FindStringSubmatch(line)
	if m == nil {
		return "", false
	}
	return parseDateMatch(m)
}

// refIsCaption is isCaption with the regular expressions alone.
func refIsCaption(line string) bool {
	if strings.HasSuffix(line, ")") {
		return captionParenRE.MatchString(line) || captionStockRE.MatchString(line)
	}
	return strings.Contains(line, " / ") && captionSlashRE.MatchString(line)
}

// refFurnitureOnce is furnitureOnce lower-casing the line with
// strings.ToLower and matching the rules by their regular expressions.
func refFurnitureOnce(line string) (string, bool) {
	if r, _ := utf8.DecodeRuneInString(line); unicode.IsLower(r) {
		return line, false
	}
	words := normWords(line)
	lower := strings.ToLower(line)
	try := func(i int) (string, bool) {
		r := &furniture[i]
		if r.maxWords > 0 && words > r.maxWords {
			return line, false
		}
		if r.needs != nil && !slices.ContainsFunc(r.needs, func(s string) bool { return strings.Contains(lower, s) }) {
			return line, false
		}
		switch r.name {
		case "date line":
			_, ok := refParseDateLine(line)
			return "", ok
		case "caption":
			if refIsCaption(line) {
				return "", true
			}
			return line, false
		}
		return r.cut(line)
	}
	cands := furnitureFirst[refFirstWord(line)]
	for k := range furniture {
		if furniture[k].first != nil && !slices.Contains(cands, k) {
			continue
		}
		if out, hit := try(k); hit {
			return out, true
		}
	}
	return line, false
}

// furnitureSeeds are lines for the furniture rules: the examples of
// TestFurnitureLines and lines built to pass or fail each fast check.
var furnitureSeeds = []string{
	"Story continues below advertisement", "Sponsored contentNATO moves to expand", "READ MORE:  Harper",
	"Photo gallery 10 Faces Of Al Qaeda See GalleryHarper to talk ISIS", "Photo: Chris Young/The Canadian Press",
	"Get our morning newsletter in your inbox", "A variety of NEWSLETTERS you'll love, delivered straight to you.",
	"© 2015 The Canadian Press", "COPYRIGHT 2020 CBC/Radio-Canada. All Rights Reserved.", "(C) 1993 Foo", "Copyright by me",
	"03/23/2015 02:31 EDT | Updated 05/23/2015 05:59 EDT", "Posted: Feb 12, 2020 11:27 AM ET | Last Updated: February 12, 2020",
	"Mon, 23 Mar 2015", "26-FEB-1987", "1993-04-05T12:00:00Z", "Call 555-1234 now", "In 1993 we met", "March 1993",
	"A soldier in Iraq. (Ryan Remiorz/The Canadian Press)", "Harper on Mar. 18, 2015. Chris Young / The Canadian Press",
	"(AP Photo/Evan Vucci)", "A man walks. (Getty Images)", "A man walks. (GETTY IMAGES)", "A dog. (File Photo)",
	"A dog. (iStockphoto)", "A dog (Shutterstock)", "Words (TCP/IP)", "A dog. (ſhutterstock)", "A dog. (Getty Imageſ)",
	"By Murray Brewster", "BY DEE DEE MYERS", "Share", "Facebook Twitter Email", "Related stories", "Also on HuffPost",
	"Ｃopyright 2020 x", "copyright 2020 x", "Newsletter: sign up", "Ａll rights reserved", "All rights reserved",
	"Photographs: x", "Sign up for our weekly newsletter", "Comments are closed.", "Become a CBC Member",
	"Already have an account? Log in", "Advertisement", "ADVERTISEMENT:", "Kelvin \u212a 2015-01-01",
	"\u212aomments are closed", "Ad\u212a", "Wed. March 4th, 1998 at 10:15 p.m. (EST)", "3/4/1998",
}

// checkFurniture compares the fast furniture checks with the reference
// on one line.
func checkFurniture(t *testing.T, line string) {
	t.Helper()
	line = normSpace(line)
	if line == "" {
		return
	}
	gotOut, gotHit := furnitureOnce(line)
	wantOut, wantHit := refFurnitureOnce(line)
	if gotOut != wantOut || gotHit != wantHit {
		t.Fatalf("furnitureOnce(%q) = %q %v, reference %q %v", line, gotOut, gotHit, wantOut, wantHit)
	}
	gd, gok := parseDateLine(line)
	wd, wok := refParseDateLine(line)
	if gd != wd || gok != wok {
		t.Fatalf("parseDateLine(%q) = %q %v, reference %q %v", line, gd, gok, wd, wok)
	}
	if got, want := isCaption(line), refIsCaption(line); got != want {
		t.Fatalf("isCaption(%q) = %v, reference %v", line, got, want)
	}
	if got, want := furnitureCands(line), furnitureFirst[refFirstWord(line)]; !slices.Equal(got, want) {
		t.Fatalf("furnitureCands(%q) = %v, reference %v", line, got, want)
	}
}

// TestFurnitureLinesMatchesTextLines checks that the lineSet furnitureLines
// builds while the rules run equals textLines of the text it returns, on
// texts made of furniture lines, prose, repeated and blank lines and lines
// with irregular white space, with and without a rule firing.
func TestFurnitureLinesMatchesTextLines(t *testing.T) {
	t.Parallel()
	pieces := append(slices.Clone(furnitureSeeds), "", "", "the minister said   the budget would grow.",
		"  Prices rose\tagain in March.  ", "Prices rose again in March.", "one two three four five six seven eight nine ten "+
			"eleven twelve thirteen fourteen fifteen sixteen seventeen eighteen nineteen twenty twenty-one twenty-two "+
			"twenty-three twenty-four twenty-five twenty-six twenty-seven twenty-eight twenty-nine thirty thirty-one "+
			"thirty-two thirty-three thirty-four thirty-five thirty-six thirty-seven thirty-eight thirty-nine forty forty-one",
		"é  è\u00a0ü", "\u2003")
	rng := rand.New(rand.NewPCG(3, 4))
	seen := map[uint64]bool{}
	fired := 0
	for range 5000 {
		var b strings.Builder
		for j := range rng.IntN(12) {
			if j > 0 {
				b.WriteByte('\n')
			}
			b.WriteString(pieces[rng.IntN(len(pieces))])
		}
		text := b.String()
		wantText, wantRemoved := removeFurniture(text)
		want := textLines(wantText, map[uint64]bool{})
		gotText, gotRemoved, got := furnitureLines(text, seen)
		if gotText != wantText || gotRemoved != wantRemoved {
			t.Fatalf("furnitureLines(%q) = %q, %d; removeFurniture: %q, %d", text, gotText, gotRemoved, wantText, wantRemoved)
		}
		if !slices.Equal(got.hashes, want.hashes) || !slices.Equal(got.words, want.words) || got.total != want.total {
			t.Fatalf("furnitureLines(%q) lineSet %+v, textLines of its text %+v", text, got, want)
		}
		if gotRemoved > 0 {
			fired++
		}
	}
	if fired == 0 || fired == 5000 {
		t.Fatalf("rules fired on %d of 5000 texts: both cases must be tested", fired)
	}
}

func TestFurnitureMatchesReference(t *testing.T) {
	t.Parallel()
	for _, s := range furnitureSeeds {
		checkFurniture(t, s)
	}
	if testing.Short() {
		return
	}
	// Every line of the 20 Newsgroups corpus, when present.
	for _, l := range corpusLines(t) {
		var rec struct{ Text string }
		if err := json.Unmarshal([]byte(l), &rec); err != nil {
			t.Fatal(err)
		}
		for line := range strings.SplitSeq(rec.Text, "\n") {
			checkFurniture(t, line)
		}
	}
}

func FuzzFurniture(f *testing.F) {
	for _, s := range furnitureSeeds {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		if !utf8.ValidString(s) {
			return // texts are UTF-8 by the time the rules see them
		}
		checkFurniture(t, s)
	})
}
