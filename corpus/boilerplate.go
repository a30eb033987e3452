package corpus

import (
	"bytes"
	"encoding/binary"
	"regexp"
	"slices"
	"strings"
	"unicode"
	"unicode/utf8"
	"unsafe"
)

// Rule names used as keys of Corpus.Removed.
const (
	RuleFurniture = "furniture" // built-in news-site furniture, captions, bylines and author bios
	RuleRepeated  = "repeated"  // the corpus rule: lines repeated across documents
)

// ruleAction is what a furniture rule does to a line it matches.
type ruleAction int

const (
	// dropLine removes the whole line.
	dropLine ruleAction = iota
	// cutGlued removes the matched prefix when nothing follows it or when
	// the next word is glued to it (no space, and the next character is an
	// upper-case letter, a digit or a quote), as scrapers produce when they
	// join a widget to the next headline: "Sponsored contentNATO moves...".
	// A line where the phrase is followed by a space and more words is a
	// sentence that uses the phrase, and is kept.
	cutGlued
	// cutThrough removes the matched prefix whatever follows it.
	cutThrough
)

// furnitureRule is one line pattern of news-site furniture. Lines are
// matched after white space is collapsed to single spaces, case-
// insensitively unless the pattern says otherwise. A line that starts with
// a lower-case letter is never furniture: it is the rest of a sentence
// wrapped across lines ("share.", "by President Reagan.").
type furnitureRule struct {
	name     string
	action   ruleAction
	maxWords int      // the rule applies to lines of at most this many words; 0: any length
	first    []string // lower-case first words a matching line can start with (punctuation after the word ignored)
	needs    []string // else: lower-case substrings one of which the line must contain
	re       *regexp.Regexp
	match    func(line string) bool // for rules that are code rather than one pattern
}

// Name patterns shared by the byline, caption and author rules.
const (
	// reCapWord is a capitalised word (letters, apostrophes, hyphens, dots),
	// reName two to four of them: "Murray Brewster", "DEE DEE MYERS".
	reCapWord = `\p{Lu}[\p{L}'’.-]*`
	reName    = reCapWord + `(?:\s+` + reCapWord + `){1,3}`
	// rePersonWord is a word of a person's name in mixed case ("Brewster",
	// "McDonald", "O'Brien", "Jean-Pierre") or an initial ("J."), and
	// rePerson two or three of them: the photographer or author.
	rePersonWord = `(?:\p{Lu}\p{Ll}+(?:[\p{Lu}'’-]\p{Ll}+)*|\p{Lu}\.)`
	rePerson     = rePersonWord + `(?:\s+` + rePersonWord + `){1,2}`
	// reAgency is one to five capitalised words: "The Canadian Press",
	// "CP", "Getty Images", or a photographer after "AP Photo/".
	reAgency = `(?:The\s+)?\p{Lu}[\p{L}'’.&-]*(?:\s+\p{Lu}[\p{L}'’.&-]*){0,4}`
	// rePhotoTag is a wire service or photo tag standing where a
	// photographer's name would: "(AP Photo/Evan Vucci)".
	rePhotoTag = `(?:AP|CP|AFP|EPA|Reuters|Bloomberg|Getty Images|(?:The )?(?:Canadian|Associated) Press)(?: Photo)?`
	// reSentenceEnd is where a credit may start: the start of the line or
	// after the end of the caption's sentence.
	reSentenceEnd = `(?:^|[.!?)]["”’]?\s+)`
)

// furniture is the built-in list of web boilerplate, documented rule by
// rule. The rules were written against the furniture of Canadian and US
// news sites (CBC, Global News, HuffPost, wire copy) but describe general
// shapes rather than one site's strings.
// cut applies the rule's pattern and action to line: the line left, and
// whether the rule matched.
func (r *furnitureRule) cut(line string) (string, bool) {
	loc := r.re.FindStringIndex(line)
	if loc == nil {
		return line, false
	}
	switch r.action {
	case cutGlued:
		if loc[0] != 0 {
			return line, false
		}
		rest := line[loc[1]:]
		if strings.TrimSpace(rest) == "" {
			return "", true
		}
		if glued(line[:loc[1]], rest) {
			return rest, true
		}
		return line, false
	case cutThrough:
		return strings.TrimSpace(line[loc[1]:]), true
	case dropLine:
	}
	return "", true
}

var furniture = []furnitureRule{
	// Advertising slot markers left in the body:
	// "Story continues below advertisement", "Article continues after this ad".
	{name: "ad slot", first: []string{"story", "article", "text", "content"},
		re: regexp.MustCompile(`^(?i)(?:story|article|text|content) continues (?:below|after)(?: (?:this|the))? (?:advertisement|advert|ad)\.?$`)},
	// A bare "Advertisement" label.
	{name: "ad label", first: []string{"advertisement", "advert"},
		re: regexp.MustCompile(`^(?i)(?:advertisement|advert)$`)},
	// Sponsored and recommendation widgets: "Sponsored content",
	// "Promoted stories", "Recommended for you", "You may also like",
	// "More from CBC". Removed as a line, or cut when glued to the next
	// headline (see cutGlued).
	{name: "sponsored widget", action: cutGlued,
		first: []string{"sponsored", "promoted", "paid", "partner", "from", "recommended", "you", "trending", "most", "more"},
		re:    regexp.MustCompile(`^(?i)(?:sponsored(?: (?:content|links?|stories|story|posts?))?|promoted (?:content|stories|links?)|paid (?:content|post)|partner content|from our partners|recommended(?: for you| stories)?|you (?:may|might) also like|trending(?: now)?|most (?:popular|read)|more from \p{L}+(?: News)?)`)},
	// Cross-links to other stories: "READ MORE: Harper to ask Parliament...",
	// "Related: ...", "WATCH: ...", "See also: ...". The whole line goes.
	{name: "cross-link", maxWords: 40,
		first: []string{"read", "see", "watch", "listen", "related", "more", "also", "must", "recommended"},
		re:    regexp.MustCompile(`^(?i)(?:read (?:more|also)|also read|must read|see (?:also|more)|related(?: stories| story| articles?| coverage)?|more|watch|listen|recommended)\s*:`)},
	// Links to the publisher's other sections: "Also on HuffPost".
	{name: "also on", first: []string{"also"},
		re: regexp.MustCompile(`^(?i)also on \S+(?: \S+){0,2}$`)},
	// Headings of link lists: "Related stories", "More on this story".
	{name: "link list heading", first: []string{"related", "more", "top"},
		re: regexp.MustCompile(`^(?i)(?:related|more|top) (?:stories|articles|coverage|links|content|topics|news|videos|on this story)$`)},
	// Photo gallery widgets: "Photo gallery 10 Faces Of Al Qaeda See Gallery",
	// cut through "See Gallery" (the gallery title goes with it), also when
	// the next headline is glued on: "...See GalleryHarper to talk...".
	{name: "gallery widget", action: cutThrough, first: []string{"photo", "photos", "image", "images", "video", "videos", "slideshow", "slide"},
		re: regexp.MustCompile(`^(?i)(?:photos?|images?|videos?|slide ?show) ?gallery\b.{0,300}?\bsee (?:gallery|all|more|slideshow)`)},
	// A gallery heading on its own: "Photo gallery", "Video".
	{name: "gallery heading", first: []string{"photo", "photos", "image", "images", "video", "videos", "slideshow", "slide"},
		re: regexp.MustCompile(`^(?i)(?:photos?|images?|videos?|slide ?show)(?: ?gallery)?$`)},
	// Photo credits on a line of their own: "Photo: Chris Young/The Canadian
	// Press", "Image credit: Getty Images".
	{name: "photo credit", maxWords: 14, first: []string{"photo", "image", "credit", "photograph", "file"},
		re: regexp.MustCompile(`^(?i)(?:photo|image|photograph|file photo)?(?: ?credit)?s?\s*:\s*\S.{0,100}$`)},
	// Newsletter sign-up buttons: "Sign up now", "Subscribe today",
	// "Sign up for our newsletter".
	{name: "sign-up button", maxWords: 12, first: []string{"sign", "subscribe", "register"},
		re: regexp.MustCompile(`^(?i)(?:sign up|subscribe|register)(?: now| today| here| for free| (?:for|to) (?:our|the) .{0,40}newsletters?)?[.!]?$`)},
	// Newsletter pitches: "A variety of newsletters you'll love, delivered
	// straight to you.", "Get our morning newsletter in your inbox".
	{name: "newsletter pitch", maxWords: 25, needs: []string{"newsletter"},
		re: regexp.MustCompile(`(?i)newsletters?\b.{0,80}\b(?:delivered|inbox|straight to you|sign up)|^(?:get|receive|sign up for|subscribe to) (?:our|the|a) .{0,60}newsletter`)},
	// Newsletter taglines: "Add some “good” to your morning and evening."
	{name: "newsletter tagline", maxWords: 15, first: []string{"add", "start", "get"},
		re: regexp.MustCompile(`^(?i)(?:add|start|get) (?:some|a little|your)? ?\W{0,2}good\W{0,2} (?:to your |news )?(?:morning|day|inbox|evening)`)},
	// Comment-policy boilerplate: "To encourage thoughtful and respectful
	// conversations, first and last names will appear...".
	{name: "comment policy", first: []string{"to"},
		re: regexp.MustCompile(`^(?i)to encourage (?:thoughtful|respectful|civil)`)},
	// "By submitting a comment, you accept that CBC has the right...".
	{name: "comment terms", first: []string{"by"},
		re: regexp.MustCompile(`^(?i)by (?:submitting|posting) (?:a|your) comments?\b`)},
	// "Comments on this story are moderated...", "Comments are closed."
	{name: "comment status", first: []string{"comments", "comment"},
		re: regexp.MustCompile(`^(?i)comments? (?:on this (?:story|article|post) )?(?:are|is) (?:now )?(?:moderated|closed|welcome|open|disabled)`)},
	// Membership pitches: "Become a CBC Member", "Become a subscriber".
	{name: "membership pitch", maxWords: 8, first: []string{"become"},
		re: regexp.MustCompile(`^(?i)become an? (?:.{1,30} )?(?:member|subscriber|supporter|patron)[.!]?$`)},
	// "Join the conversation  Create account", "Join the discussion".
	{name: "join the conversation", maxWords: 10, first: []string{"join"},
		re: regexp.MustCompile(`^(?i)join the (?:conversation|discussion|debate)\b`)},
	// Account prompts, alone or in a row: "Already have an account?",
	// "Create account", "Log in to comment", "Sign in | Register".
	{name: "account prompt", maxWords: 12, first: []string{"already", "don't", "don’t", "dont", "create", "log", "login", "sign", "signin"},
		re: regexp.MustCompile(`^(?i)` + reAccount + `(?:[\s?.!|·•,]+(?:or\s+)?` + reAccount + `)*[?.!]?$`)},
	// Rows of sharing buttons: "Share", "Share this article", "Facebook
	// Twitter Email", "Print | Comments". The line starts with a capital
	// (a button label) and has no final period: "share." at the start of a
	// line is the end of a wrapped sentence.
	{name: "share buttons", maxWords: 12, first: []string{"share", "tweet", "email", "e-mail", "print", "comments", "facebook", "twitter", "linkedin", "whatsapp", "reddit", "pinterest", "copy"},
		re: regexp.MustCompile(`^\p{Lu}(?i:[\p{L}-]*)(?:[\s|·•,/]+(?i:share|tweet|email|e-mail|print|comments?|facebook|twitter|linkedin|whatsapp|reddit|pinterest|copy|link|this|story|article|on|x))*$`)},
	// Copyright lines: "© 2015 The Canadian Press", "Copyright 2020 CBC/Radio-
	// Canada", "(c) 1993 ...", "Copyright by ...", and short lines saying
	// "All rights reserved". "Copyright" must be followed by a year, "by" or
	// a copyright sign: lines that merely start with the word are prose.
	{name: "copyright", maxWords: 25, needs: []string{"©", "copyright", "(c)", "all rights reserved"},
		re: regexp.MustCompile(`^(?i)(?:©|(?:copyright\s*)?\(c\)\s*\d{4}|copyright\s*(?:\d{4}|by\b|©|\(c\)))|(?i)all rights reserved`)},
	// Bylines: "By Murray Brewster", "By Jane Doe, CBC News",
	// "BY DEE DEE MYERS". "By" is capitalised: "by Kidder Peabody and Co."
	// at the start of a line is a wrapped sentence.
	{name: "byline", maxWords: 12, first: []string{"by"},
		re: regexp.MustCompile(`^(?:By|BY)\s+` + reName + `(?:\s*(?:,|and|&|\||·|-|–|—)\s*` + reAgency + `)?$`)},
	// Date lines inside the body: "03/23/2015 02:31 EDT | Updated
	// 05/23/2015 05:59 EDT", "Posted: Feb 12, 2020 11:27 AM ET".
	{name: "date line", maxWords: 25, match: func(line string) bool {
		_, ok := parseDateLine(line)
		return ok
	}},
	// Photo captions that end with a credit naming photographer and agency,
	// after the end of the caption's sentence (or alone on the line):
	// "... in northern Iraq. (Ryan Remiorz/The Canadian Press)",
	// "... on Mar. 18, 2015. Chris Young / The Canadian Press",
	// "(AP Photo/Evan Vucci)", "... (Getty Images)". The photographer is a
	// person's name in mixed case or a wire-service tag, so "(TCP/IP)" or
	// "(Nissan/Datsun)" in prose is not a credit. A caption is a line of at
	// most 60 words; a line just before it that the caption starts with (the
	// same caption without its credit, from the image's alt text) goes too.
	{name: "caption", maxWords: 60, match: isCaption},
}

// reAccount is one account prompt phrase.
const reAccount = `(?:already have an account|don['’]?t have an account|create (?:an |a free |your )?account|(?:log|sign) ?(?:in|out|up)(?: to (?:comment|continue|your account|join the conversation))?|register)`

var (
	captionParenRE                  = regexp.MustCompile(reSentenceEnd + `\(\s*(?:` + rePerson + `|` + rePhotoTag + `)\s*/\s*` + reAgency + `\s*\)$`)
	captionSlashRE                  = regexp.MustCompile(reSentenceEnd + `(?:` + rePerson + `|` + rePhotoTag + `)\s+/\s+` + reAgency + `$`)
	captionStockRE                  = regexp.MustCompile(`(?i)` + reSentenceEnd + `\((?:[^()]{0,60}\s)?(?:getty images|shutterstock|istock(?:photo)?|file photo)\)$`)
	furnitureFirst, furnitureAlways = indexFurniture()
)

// indexFurniture maps first words to the furniture rules that can match a
// line starting with them, and lists the rules that can match any line.
func indexFurniture() (map[string][]int, []int) {
	byFirst := make(map[string][]int)
	var always []int
	for i, r := range furniture {
		if r.first == nil {
			always = append(always, i)
			continue
		}
		for _, w := range r.first {
			byFirst[w] = append(byFirst[w], i)
		}
	}
	return byFirst, always
}

// isCaption reports whether line ends with a photo credit (see the
// "caption" rule).
func isCaption(line string) bool {
	if strings.HasSuffix(line, ")") {
		// The credit of captionParenRE has a slash; that of
		// captionStockRE names a stock source (checked here for ASCII
		// lines, where case folding is plain).
		if strings.IndexByte(line, '/') >= 0 && captionParenRE.MatchString(line) {
			return true
		}
		if isASCII(line) && !containsLower(line, "getty images") && !containsLower(line, "shutterstock") &&
			!containsLower(line, "istock") && !containsLower(line, "file photo") {
			return false
		}
		return captionStockRE.MatchString(line)
	}
	return strings.Contains(line, " / ") && captionSlashRE.MatchString(line)
}

// isASCII reports whether s is all ASCII.
func isASCII(s string) bool {
	for i := 0; i < len(s); i++ {
		if s[i] >= utf8.RuneSelf {
			return false
		}
	}
	return true
}

// containsLower reports whether strings.ToLower(s) contains needle, for
// an ASCII s and a lower-case ASCII needle.
func containsLower(s, needle string) bool {
	n := len(needle)
	for i := 0; i+n <= len(s); i++ {
		j := 0
		for j < n && lowerASCII(s[i+j]) == needle[j] {
			j++
		}
		if j == n {
			return true
		}
	}
	return false
}

func lowerASCII(c byte) byte {
	if 'A' <= c && c <= 'Z' {
		return c + 'a' - 'A'
	}
	return c
}

// furnitureCands returns the rules indexed under the first word of a
// normalised line: furnitureFirst[firstWord(line)], without allocating
// for ASCII words.
func furnitureCands(line string) []int {
	w := line
	if i := strings.IndexByte(w, ' '); i >= 0 {
		w = w[:i]
	}
	w = strings.TrimRight(w, ":;,.!?")
	var buf [16]byte
	if len(w) > len(buf) || !isASCII(w) {
		return furnitureFirst[strings.ToLower(w)]
	}
	for i := 0; i < len(w); i++ {
		buf[i] = lowerASCII(w[i])
	}
	return furnitureFirst[string(buf[:len(w)])]
}

// applyFurniture runs the furniture rules over one line (already
// normalised with normSpace). It returns the line to keep ("" to drop it),
// and whether a rule fired.
func applyFurniture(line string) (string, bool) {
	fired := false
	for range 4 { // a cut may uncover more furniture; a few rounds suffice
		if line == "" {
			return "", fired
		}
		out, hit := furnitureOnce(line)
		if !hit {
			return line, fired
		}
		fired = true
		line = out
	}
	return line, fired
}

func furnitureOnce(line string) (string, bool) {
	if r, _ := utf8.DecodeRuneInString(line); unicode.IsLower(r) {
		return line, false // prose wrapped across lines, never furniture
	}
	words := normWords(line)
	ascii := isASCII(line)
	lower := ""
	var lowBuf [512]byte
	var low []byte // line lower-cased in lowBuf
	try := func(i int) (string, bool) {
		r := &furniture[i]
		if r.maxWords > 0 && words > r.maxWords {
			return line, false
		}
		if r.needs != nil {
			found := false
			if ascii && len(line) <= len(lowBuf) {
				// strings.ToLower of an ASCII line folds A-Z only.
				if low == nil {
					low = lowBuf[:len(line)]
					for i := 0; i < len(line); i++ {
						low[i] = lowerASCII(line[i])
					}
				}
				for _, s := range r.needs {
					if bytes.Contains(low, []byte(s)) {
						found = true
						break
					}
				}
			} else {
				if lower == "" {
					lower = strings.ToLower(line)
				}
				for _, s := range r.needs {
					if strings.Contains(lower, s) {
						found = true
						break
					}
				}
			}
			if !found {
				return line, false
			}
		}
		if r.match != nil {
			if r.match(line) {
				return "", true
			}
			return line, false
		}
		return r.cut(line)
	}
	cands := furnitureCands(line)
	// Merge the two index lists so rules run in table order.
	i, j := 0, 0
	for i < len(cands) || j < len(furnitureAlways) {
		var k int
		if j >= len(furnitureAlways) || (i < len(cands) && cands[i] < furnitureAlways[j]) {
			k = cands[i]
			i++
		} else {
			k = furnitureAlways[j]
			j++
		}
		if out, hit := try(k); hit {
			return out, true
		}
	}
	return line, false
}

// glued reports whether rest starts right after prefix with no space and
// with an upper-case letter, a digit or a quote.
func glued(prefix, rest string) bool {
	last, _ := utf8.DecodeLastRuneInString(prefix)
	first, _ := utf8.DecodeRuneInString(rest)
	if unicode.IsSpace(last) || unicode.IsSpace(first) {
		return false
	}
	return unicode.IsUpper(first) || unicode.IsDigit(first) || strings.ContainsRune(`"'“‘«`, first)
}

// removeFurniture applies the furniture rules to every line of a cleaned
// text, then the author-block rule, and returns the text and the number of
// lines removed or cut.
func removeFurniture(text string) (string, int) {
	return removeFurnitureEach(text, nil)
}

// furnitureLines is removeFurniture also returning the lineSet of the text
// it returns (textLines; seen is scratch space). When no rule fires, the
// lineSet comes from the normalised lines the rules were tried on, without
// a second pass over the text.
func furnitureLines(text string, seen map[uint64]bool) (string, int, lineSet) {
	clear(seen)
	var ls lineSet
	total := 0
	out, removed := removeFurnitureEach(text, func(line string) {
		w := normWords(line)
		total += w
		if w == 0 || w > 40 {
			return
		}
		h := hashLine(line)
		if seen[h] {
			return
		}
		seen[h] = true
		ls.hashes = append(ls.hashes, h)
		ls.words = append(ls.words, uint8(w))
	})
	if removed > 0 {
		return out, removed, textLines(out, seen)
	}
	ls.total = int32(total)
	return out, 0, ls
}

// removeFurnitureEach is removeFurniture calling kept, when not nil, with
// the normalised form of every non-empty line no rule fired on, in order.
func removeFurnitureEach(text string, kept func(line string)) (string, int) {
	lines := strings.Split(text, "\n")
	removed := 0
	prevKept := -1 // index of the last non-empty line kept
	for i, raw := range lines {
		if raw == "" {
			continue
		}
		line := normSpace(raw)
		out, hit := applyFurniture(line)
		if !hit {
			if kept != nil {
				kept(line)
			}
			prevKept = i
			continue
		}
		removed++
		if out == "" && isCaption(line) && prevKept >= 0 {
			// Alt text before a caption: the same words without the credit.
			prev := normSpace(lines[prevKept])
			if len(prev) >= 10 && strings.HasPrefix(line, prev) {
				lines[prevKept] = ""
				removed++
			}
		}
		if out == "" {
			lines[i] = ""
			continue
		}
		lines[i] = out
		prevKept = i
	}
	if removed == 0 {
		return text, 0
	}
	return cleanText(strings.Join(lines, "\n")), removed
}

// Author blocks. A byline block at the end of an article is a name line
// (a paragraph of two or three words of a person's name and nothing else)
// followed by a role line
// ("Senior reporter, defence and security") and/or a biography that starts
// with the name, or its first or last word, and a verb ("Murray Brewster is
// senior defence writer for CBC News..."), with at most three further
// lines of biography, and nothing after. A last paragraph that is such a
// biography without a name line ("Jane Doe is a reporter for ...") also
// goes.
var (
	nameLineRE = regexp.MustCompile(`^` + rePerson + `$`)
	roleWordRE = regexp.MustCompile(`(?i)\b(?:reporter|writer|correspondent|journalist|editor|columnist|producer|contributor|host|anchor|analyst|bureau|photographer|videographer|author|staff|freelance|critic|chief)\b`)
	bioRE      = regexp.MustCompile(`^` + rePerson + ` (?:is|was) (?:a |an |the )?[^.]{0,100}\b(?:reporter|writer|correspondent|journalist|editor|columnist|producer|contributor|host|anchor|analyst|photographer|author|critic)\b`)
	bioVerbs   = []string{" is ", " was ", " has been ", " covers ", " writes ", " reports ", " joined "}
)

// removeAuthorBlock drops a trailing author block (see above) from a
// cleaned text and returns the text and the number of lines removed.
//
// Only the last lines can hold an author block, so the lines are split
// from the tail of text that holds the last eight non-empty lines and the
// blank line before the last paragraph (the whole text when shorter).
func removeAuthorBlock(text string) (string, int) {
	cut := authorTail(text)
	lines := strings.Split(text[cut:], "\n")
	x, n := authorBlock(lines)
	if n == 0 {
		return text, 0
	}
	// text[:end] is lines[:x] joined: the text before line x's "\n".
	end := cut - 1
	for _, l := range lines[:x] {
		end += len(l) + 1
	}
	return cleanText(text[:end]), n
}

// authorTail returns the start of the tail of text that removeAuthorBlock
// examines: the start of a line such that the lines from it hold at least
// eight non-empty lines and an empty line before the last one, or 0.
func authorTail(text string) int {
	nonEmpty, blank := 0, false
	end := len(text) // the end of the line looked at
	for last := true; ; last = false {
		start := strings.LastIndexByte(text[:end], '\n') + 1
		if start < end {
			nonEmpty++
		} else if !last {
			blank = true
		}
		if nonEmpty >= 8 && blank {
			return start
		}
		if start == 0 {
			return 0
		}
		end = start - 1 // the "\n" before the line
	}
}

// authorBlock finds a trailing author block in lines (see
// removeAuthorBlock) and returns the index of its first line and the
// number of non-empty lines it holds, or n 0.
func authorBlock(lines []string) (x, n int) {
	var idx []int // non-empty lines
	for i, l := range lines {
		if l != "" {
			idx = append(idx, i)
		}
	}
	if len(idx) < 2 {
		return 0, 0
	}
	// A name line among the last six lines, never the first line, that
	// starts a paragraph.
	for k := max(1, len(idx)-6); k < len(idx)-1; k++ {
		name := normSpace(lines[idx[k]])
		if lines[idx[k]-1] != "" || len(name) > 40 || !nameLineRE.MatchString(name) {
			continue
		}
		rest := idx[k+1:]
		r, role, bio := 0, false, false
		if isRoleLine(lines[rest[0]]) && !isBio(lines[rest[0]], name) {
			role = true
			r++
		}
		if r < len(rest) && isBio(lines[rest[r]], name) {
			bio = true
			r++
			r += min(3, len(rest)-r) // continuation of the biography
		}
		if r != len(rest) || !(bio || role && roleWordRE.MatchString(lines[rest[0]])) {
			continue
		}
		return idx[k], len(idx) - k
	}
	// A last paragraph that is a biography on its own.
	start := len(lines) - 1
	for start > 0 && lines[start-1] != "" {
		start--
	}
	if start > 0 && bioRE.MatchString(normSpace(lines[start])) {
		n := 0
		for _, l := range lines[start:] {
			if l != "" {
				n++
			}
		}
		return start, n
	}
	return 0, 0
}

// isRoleLine reports whether a line looks like a job title: short, and not
// a sentence.
func isRoleLine(line string) bool {
	line = strings.TrimSpace(line)
	if line == "" || wordCount(line) > 12 {
		return false
	}
	return !strings.ContainsAny(line[len(line)-1:], ".!?:")
}

// isBio reports whether line starts a biography of the person named.
func isBio(line, name string) bool {
	line = normSpace(line)
	words := strings.Fields(name)
	for _, p := range []string{name, words[0], words[len(words)-1]} {
		if rest, ok := strings.CutPrefix(line, p); ok {
			for _, v := range bioVerbs {
				if strings.HasPrefix(rest, v) {
					return true
				}
			}
		}
	}
	return false
}

// The corpus rule: a normalised line of at most 40 words that occurs in
// at least minDocs of the texts and in at least 1% of them is removed; the
// rule is off below 5 texts.
//
// Copies of one story (wire copies, reposts) repeat every line, and their
// sentences are news, not furniture. So a text with two or more repeated
// lines holding more than copyShare of its words counts as a copy (a text
// that is one repeated line, such as a placeholder body, does not), and a
// line is furniture only when it repeats in enough texts that are not
// copies: a site's footer recurs beside different articles, a story's
// sentences recur beside the rest of the same story.
//
// Lines are counted by a 64-bit hash of their normalised form, so
// the texts need not be kept while counting: a lineSet per text is all the
// rule needs. Two different lines with the same hash would be counted as
// one; among the few million distinct lines of a large corpus the chance
// of that is about one in a million million.

// lineSet is what the corpus rule keeps of one text: the hash and word
// count of each distinct normalised line of at most 40 words, and the
// text's number of words.
type lineSet struct {
	hashes []uint64
	words  []uint8
	total  int32
}

// hashLine is a 64-bit hash of s, taking eight bytes at a time (each
// word multiplied in and folded, then murmur3's finaliser).
func hashLine(s string) uint64 {
	const m = 0x9e3779b97f4a7c15
	h := uint64(len(s)) * 0xc2b2ae3d27d4eb4f
	for len(s) >= 8 {
		h = (h ^ binary.LittleEndian.Uint64(unsafe.Slice(unsafe.StringData(s), 8))) * m
		h ^= h >> 32
		s = s[8:]
	}
	if len(s) > 0 {
		var w [8]byte
		copy(w[:], s)
		h = (h ^ binary.LittleEndian.Uint64(w[:])) * m
		h ^= h >> 32
	}
	h ^= h >> 33
	h *= 0xff51afd7ed558ccd
	h ^= h >> 33
	h *= 0xc4ceb9fe1a85ec53
	h ^= h >> 33
	return h
}

// textLines returns the lineSet of t; seen is scratch space.
func textLines(t string, seen map[uint64]bool) lineSet {
	clear(seen)
	var ls lineSet
	var buf []byte
	total := 0 // words never span lines: the text's words are its lines'
	for line := range strings.SplitSeq(t, "\n") {
		if line == "" {
			continue
		}
		h, w := lineKey(line, &buf) // hashLine(normSpace(line)), normWords(normSpace(line))
		total += w
		if w == 0 || w > 40 {
			continue
		}
		if seen[h] {
			continue
		}
		seen[h] = true
		ls.hashes = append(ls.hashes, h)
		ls.words = append(ls.words, uint8(w))
	}
	ls.total = int32(total)
	return ls
}

// lineStats gathers the lineSets of a corpus in compact arrays.
type lineStats struct {
	hashes []uint64
	words  []uint8
	off    []int64 // text i has hashes[off[i]:off[i+1]]
	total  []int32
}

func (st *lineStats) add(ls lineSet) {
	st.addParts(ls.hashes, ls.words, ls.total)
}

// addParts adds the lineSet {hashes, words, total}.
func (st *lineStats) addParts(hashes []uint64, words []uint8, total int32) {
	if st.off == nil {
		st.off = []int64{0}
	}
	st.hashes = append(st.hashes, hashes...)
	st.words = append(st.words, words...)
	st.off = append(st.off, int64(len(st.hashes)))
	st.total = append(st.total, total)
}

// repeated applies the corpus rule to the texts added and returns the
// hashes of the lines to remove, or nil when none (or fewer than 5 texts).
func (st *lineStats) repeated(minDocs int) map[uint64]bool {
	n := len(st.total)
	if n < 5 {
		return nil
	}
	threshold := max(minDocs, (n+99)/100)
	// Count the texts of every line by sorting a copy of the hashes: each
	// text lists a line once, so the length of a run is its count.
	sorted := radixSort(slices.Clone(st.hashes))
	var cands []uint64
	for i := 0; i < len(sorted); {
		j := i + 1
		for j < len(sorted) && sorted[j] == sorted[i] {
			j++
		}
		if j-i >= threshold {
			cands = append(cands, sorted[i])
		}
		i = j
	}
	sorted = nil
	if len(cands) == 0 {
		return nil
	}
	// Count each candidate again over the texts that are not copies.
	candidate := newHashSet(cands)
	count := make([]int, len(cands))
	for t := range n {
		lo, hi := st.off[t], st.off[t+1]
		repeated, nrep := 0, 0
		for k := lo; k < hi; k++ {
			if candidate.index(st.hashes[k]) >= 0 {
				repeated += int(st.words[k])
				nrep++
			}
		}
		if repeated == 0 || (nrep >= 2 && float64(repeated) > copyShare*float64(st.total[t])) {
			continue
		}
		for k := lo; k < hi; k++ {
			if c := candidate.index(st.hashes[k]); c >= 0 {
				count[c]++
			}
		}
	}
	var rep map[uint64]bool
	for c, h := range cands {
		if count[c] >= threshold {
			if rep == nil {
				rep = make(map[uint64]bool)
			}
			rep[h] = true
		}
	}
	return rep
}

// holding reports for each text added whether one of its lines is in rep.
func (st *lineStats) holding(rep map[uint64]bool) []bool {
	keys := make([]uint64, 0, len(rep))
	for h := range rep {
		keys = append(keys, h)
	}
	set := newHashSet(keys)
	has := make([]bool, len(st.total))
	for t := range has {
		for _, h := range st.hashes[st.off[t]:st.off[t+1]] {
			if set.index(h) >= 0 {
				has[t] = true
				break
			}
		}
	}
	return has
}

// radixSort sorts a in increasing order (least significant digit first,
// eight passes of one byte) and returns the sorted slice, a or a scratch
// slice of its length: on hundreds of thousands of line hashes it is
// several times faster than a comparison sort.
func radixSort(a []uint64) []uint64 {
	if len(a) < 256 {
		slices.Sort(a)
		return a
	}
	b := make([]uint64, len(a))
	var count [256]int
	for shift := uint(0); shift < 64; shift += 8 {
		clear(count[:])
		for _, x := range a {
			count[byte(x>>shift)]++
		}
		if count[byte(a[0]>>shift)] == len(a) {
			continue // every key has this digit: the pass would not move any
		}
		sum := 0
		for d, c := range count {
			count[d] = sum
			sum += c
		}
		for _, x := range a {
			d := byte(x >> shift)
			b[count[d]] = x
			count[d]++
		}
		a, b = b, a
	}
	return a
}

// hashSet is a set of distinct 64-bit hashes, each numbered by its position
// in the slice it was made from, in an open-addressing table with linear
// probing at most half full: the few lines that may repeat are looked up
// once per line of the corpus, faster than in a map.
type hashSet struct {
	slot []int32 // 1 + position of the key, or 0 for an empty slot
	keys []uint64
	mask uint64
}

func newHashSet(keys []uint64) *hashSet {
	size := 16
	for size < 2*len(keys) {
		size *= 2
	}
	s := &hashSet{slot: make([]int32, size), keys: keys, mask: uint64(size - 1)}
	for i, h := range keys {
		p := s.home(h)
		for s.slot[p] != 0 {
			p = (p + 1) & s.mask
		}
		s.slot[p] = int32(i + 1)
	}
	return s
}

// home is the first slot probed for h: hashLine's values are well mixed
// (it ends with murmur3's finaliser), so some of its bits serve as they are.
func (s *hashSet) home(h uint64) uint64 { return (h >> 32) & s.mask }

// index returns the position of h among the keys, or -1.
func (s *hashSet) index(h uint64) int {
	for p := s.home(h); ; p = (p + 1) & s.mask {
		i := s.slot[p]
		if i == 0 {
			return -1
		}
		if s.keys[i-1] == h {
			return int(i - 1)
		}
	}
}

// repeatedLines returns the lines of texts that the corpus rule removes.
func repeatedLines(texts []string, minDocs int) map[string]bool {
	var st lineStats
	seen := make(map[uint64]bool)
	for _, t := range texts {
		st.add(textLines(t, seen))
	}
	rep := st.repeated(minDocs)
	if rep == nil {
		return nil
	}
	out := make(map[string]bool)
	for _, t := range texts {
		for line := range strings.SplitSeq(t, "\n") {
			if key := normSpace(line); key != "" && rep[hashLine(key)] {
				out[key] = true
			}
		}
	}
	return out
}

// copyShare is the share of a text's words in repeated lines above which
// the text counts as a copy of another for the corpus rule.
const copyShare = 0.6

// removeLines drops the lines of text whose normalised hash is in rep and
// returns the text and the number of lines dropped.
func removeLines(text string, rep map[uint64]bool) (string, int) {
	if len(rep) == 0 {
		return text, 0
	}
	var b []byte // the text so far, without the dropped lines
	var key []byte
	copied := 0 // text[:copied] is accounted for in b
	removed := 0
	for i := 0; i <= len(text); {
		end := strings.IndexByte(text[i:], '\n')
		if end < 0 {
			end = len(text)
		} else {
			end += i
		}
		if l := text[i:end]; l != "" {
			if h, _ := lineKey(l, &key); rep[h] {
				if b == nil {
					b = make([]byte, 0, len(text))
				}
				// The line becomes empty; its "\n" stays.
				b = append(b, text[copied:i]...)
				copied = end
				removed++
			}
		}
		i = end + 1
	}
	if removed == 0 {
		return text, 0
	}
	b = append(b, text[copied:]...)
	return cleanText(string(b)), removed
}
