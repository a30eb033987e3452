package vectorize

import (
	"bytes"
	"errors"
	"strconv"
	"strings"
	"sync"
	"testing"
	"unicode"
	"unicode/utf8"
)

// fuzzAnalyzers holds one analyzer per language and n-gram setting, shared
// by all fuzz inputs so that the decision cache carries over between them:
// a token whose cached decision differs from a fresh one would show that
// the cache key (the token's bytes) does not determine the decision.
var fuzzAnalyzers = sync.OnceValue(func() []*Analyzer {
	var out []*Analyzer
	for _, lang := range Languages() {
		for _, ng := range []int{1, 2} {
			a, err := NewAnalyzer(Options{Language: lang, NGrams: ng})
			if err != nil {
				panic(err)
			}
			out = append(out, a)
		}
	}
	return out
})

// tokenRune reports whether r may appear in a token: letters, digits and
// marks, and the joiners ' , . that the tokenizer keeps between them.
func tokenRune(r rune) bool {
	return unicode.IsLetter(r) || unicode.IsDigit(r) || unicode.IsMark(r) || r == '\'' || r == ',' || r == '.'
}

func FuzzTokens(f *testing.F) {
	// Seeds: news text, the apostrophe and abbreviation rules, numbers,
	// non-Latin scripts, compatibility forms that NFKC rewrites, and bytes
	// that are not UTF-8. The byte picks the analyzer: 2·i + NGrams − 1
	// for Languages()[i], so english 4 and 5, french 8, german 10,
	// hungarian 12 and 13, italian 15, romanian 20, russian 23, swedish 27,
	// turkish 29.
	f.Add("NATO's Secretary-General met U.S. officials on 03/23/2015; 30,000 troops, 3.5% of GDP.", uint8(4))
	f.Add("Don’t stop: canada's ‘allies’ ʼsaidʼ it's a's's x.y.z. e.g. i.e", uint8(5))
	f.Add("L'OTAN a décidé qu'aujourd'hui l’armée française… ÉTATS-UNIS", uint8(8))
	f.Add("Москва и Киев договорились о прекращении огня. Ёлка", uint8(23))
	f.Add("ﬁnance ＮＡＴＯ ①② Ⅻ ㍿ ǅungla İstanbul ΣΊΣΥΦΟΣ straße", uint8(12))
	f.Add("caf\xe9 \xff\xfe na\xc3ve \xed\xa0\x80 a\u0301b\u0301 \u0301x", uint8(13))
	f.Add("1,2.3,4 ,5. .6 a.b.c.d 'quoted' ''' ..", uint8(27))
	f.Add("Die Bundesregierung erhöht die Verteidigungsausgaben; daß/dass, Straße", uint8(10))
	f.Add("L'esercito dell'Italia e un'altra missione: perché è così", uint8(15))
	f.Add("Guvernul și președintele; şi preşedintele", uint8(20))
	f.Add("NATO'nun Ankara'da İstanbul'daki toplantısı; IŞIK ışık", uint8(29))
	f.Fuzz(func(t *testing.T, text string, which uint8) {
		ans := fuzzAnalyzers()
		a := ans[int(which)%len(ans)]
		toks := a.Tokens(text)
		for _, tok := range toks {
			if utf8.RuneCountInString(tok) < 2 {
				t.Fatalf("token %q shorter than two runes", tok)
			}
			if !utf8.ValidString(tok) {
				t.Fatalf("token %q is not valid UTF-8", tok)
			}
			for _, r := range tok {
				if !tokenRune(r) {
					t.Fatalf("token %q holds %q", tok, r)
				}
				if unicode.ToLower(r) != r {
					t.Fatalf("token %q is not lower case at %q", tok, r)
				}
			}
		}

		// Terms are the decisions on the tokens, in order: a kept token
		// gives one term, a dropped one none; bigrams join neighbours.
		var tz tokenizer
		tz.reset(text)
		var want []string
		i := 0
		for {
			tok, kind, ok := tz.next()
			if !ok {
				break
			}
			if i >= len(toks) || string(tok) != toks[i] {
				t.Fatalf("tokenizer and Tokens disagree at token %d", i)
			}
			i++
			if kind != kindOf(tok) {
				t.Fatalf("token %q has kind %d, its bytes say %d", tok, kind, kindOf(tok))
			}
			if d := a.compute(string(tok), kind); d.keep {
				if d.term == "" || !utf8.ValidString(d.term) || strings.ContainsAny(d.term, " \t\n") {
					t.Fatalf("token %q gives term %q", tok, d.term)
				}
				want = append(want, d.term)
			}
		}
		if i != len(toks) {
			t.Fatalf("Tokens gave %d tokens, the tokenizer %d", len(toks), i)
		}
		if a.ngrams == 2 {
			n := len(want)
			for j := 1; j < n; j++ {
				want = append(want, want[j-1]+" "+want[j])
			}
		}
		got := a.Terms(text)
		if len(got) != len(want) {
			t.Fatalf("Terms gave %d terms, want %d: %q vs %q", len(got), len(want), got, want)
		}
		for j := range got {
			if got[j] != want[j] {
				t.Fatalf("term %d is %q, want %q", j, got[j], want[j])
			}
		}
	})
}

// kindOf is the kind a token's bytes imply (see tokKind): a number has no
// letter or mark, an abbreviation is single letters joined by dots.
func kindOf(tok []byte) tokKind {
	s := string(tok)
	letters, hasDot := 0, false
	for _, r := range s {
		switch {
		case r == '.':
			hasDot = true
		case unicode.IsLetter(r) || unicode.IsMark(r):
			letters++
		}
	}
	if letters == 0 {
		return kindNumber
	}
	if hasDot {
		// Letters and dots alternate: "u.s".
		ok := true
		for _, part := range strings.Split(s, ".") {
			r, n := utf8.DecodeRuneInString(part)
			if n != len(part) || !unicode.IsLetter(r) {
				ok = false
			}
		}
		if ok {
			return kindAbbrev
		}
	}
	return kindWord
}

func FuzzParseThemes(f *testing.F) {
	f.Add([]byte("# themes\nDefence spending: spending budget \"two per cent\" GDP\nUkraine: ukraine crimea “Donbas region”  # east\n\n"))
	f.Add([]byte("ISIS: isis \"islamic state\"\nisis: daesh\n"))
	f.Add([]byte("no colon here\n"))
	f.Add([]byte(": term\n"))
	f.Add([]byte("Empty:\nQuote: \"open\n"))
	f.Add([]byte("P: \"\" x\r\nQ: a#b \"c # d\" e\n"))
	f.Add([]byte("Caf\xe9: caf\xe9 \xff\nN\u00a0: x\u2003y\n"))
	f.Fuzz(func(t *testing.T, data []byte) {
		const name = "themes.txt"
		themes, err := ParseThemes(bytes.NewReader(data), name)
		lines := strings.Split(string(data), "\n")
		// nonBlank reports whether line n (from 1) holds more than white
		// space and a comment.
		nonBlank := func(n int) bool {
			return n >= 1 && n <= len(lines) && strings.TrimSpace(stripComment(strings.TrimSuffix(lines[n-1], "\r"))) != ""
		}
		if err != nil {
			if themes != nil {
				t.Fatalf("themes %v with error %v", themes, err)
			}
			if !errors.Is(err, ErrThemeSyntax) {
				t.Fatalf("error %v does not wrap ErrThemeSyntax", err)
			}
			msg := err.Error()
			rest, ok := strings.CutPrefix(msg, name+":")
			num, _, ok2 := strings.Cut(rest, ":")
			n, err2 := strconv.Atoi(num)
			if !ok || !ok2 || err2 != nil {
				t.Fatalf("error %q does not start with %s:LINE:", msg, name)
			}
			if !nonBlank(n) {
				t.Fatalf("error %q names line %d, which is blank or a comment", msg, n)
			}
			return
		}
		want := 0
		for n := 1; n <= len(lines); n++ {
			if nonBlank(n) {
				want++
			}
		}
		if len(themes) != want {
			t.Fatalf("%d themes from %d theme lines", len(themes), want)
		}
		seen := map[string]bool{}
		for _, th := range themes {
			if th.Name == "" || th.Name != strings.TrimSpace(th.Name) || strings.ContainsAny(th.Name, ":\n") {
				t.Fatalf("theme name %q", th.Name)
			}
			if key := strings.ToLower(th.Name); seen[key] {
				t.Fatalf("duplicate theme %q accepted", th.Name)
			} else {
				seen[key] = true
			}
			if len(th.Terms) == 0 {
				t.Fatalf("theme %q has no terms", th.Name)
			}
			// A term is a word without white space or a phrase with its
			// white space collapsed: either way, one space between fields.
			for _, term := range th.Terms {
				if term == "" || term != strings.Join(strings.Fields(term), " ") {
					t.Fatalf("theme %q: term %q", th.Name, term)
				}
			}
		}
	})
}
