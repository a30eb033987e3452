package corpus

import (
	"bytes"
	"cmp"
	"net/url"
	"strings"
	"unicode"

	"golang.org/x/net/html"
	"golang.org/x/net/html/atom"
)

// htmlPage is what extractHTML finds in a page.
type htmlPage struct {
	title, date, source, url, text string
}

// htmlSkip lists elements whose content is not article text.
var htmlSkip = map[atom.Atom]bool{
	atom.Script: true, atom.Style: true, atom.Noscript: true, atom.Nav: true,
	atom.Footer: true, atom.Aside: true, atom.Form: true, atom.Template: true,
	atom.Iframe: true, atom.Svg: true, atom.Button: true, atom.Select: true,
	atom.Object: true, atom.Embed: true, atom.Canvas: true, atom.Head: true,
}

// htmlPara lists elements that end a paragraph (a blank line).
var htmlPara = map[atom.Atom]bool{
	atom.P: true, atom.H1: true, atom.H2: true, atom.H3: true, atom.H4: true,
	atom.H5: true, atom.H6: true, atom.Blockquote: true, atom.Pre: true,
	atom.Ul: true, atom.Ol: true, atom.Dl: true, atom.Table: true,
	atom.Figure: true, atom.Section: true, atom.Article: true, atom.Main: true,
	atom.Header: true, atom.Hr: true, atom.Address: true, atom.Details: true,
}

// htmlLine lists elements that end a line.
var htmlLine = map[atom.Atom]bool{
	atom.Div: true, atom.Li: true, atom.Tr: true, atom.Br: true, atom.Dt: true,
	atom.Dd: true, atom.Figcaption: true, atom.Caption: true, atom.Summary: true,
	atom.Td: true, atom.Th: true, atom.Option: true, atom.Legend: true,
}

// htmlDateMeta lists <meta> names and properties that carry the
// publication date.
var htmlDateMeta = map[string]bool{
	"article:published_time": true, "og:published_time": true, "date": true,
	"pubdate": true, "publishdate": true, "publish-date": true, "dc.date": true,
	"dc.date.issued": true, "dcterms.date": true, "dcterms.created": true,
	"sailthru.date": true, "parsely-pub-date": true, "datepublished": true,
}

// extractHTML returns the text of an HTML page: <script>, <style>,
// <noscript>, <nav>, <footer>, <aside>, <form> (and other non-text
// elements) are dropped; block elements end lines or paragraphs; white
// space in text is collapsed except inside <pre>. The title is the <title>
// text, else the first <h1>; that <h1> is left out of the text when it is
// the title (or the start of it). The date comes from a publication-date
// <meta> or the first <time datetime>. The URL is the <link
// rel=canonical> href, else og:url, when it is an absolute http or https
// address. The source is the first of og:site_name, application-name, a
// publisher <meta> (publisher, dc.publisher, dcterms.publisher) and the
// URL's host without "www.". A site name that ends the title after " | ",
// " - ", " – ", " — " or " · " ("Allies pledge | Trial Desk"), or starts
// it before one, is removed from it when it is one of those names or the
// host (letters and digits compared, case ignored: "trialdesk.com" is
// "TrialDesk.com", and "Trial Desk" matches the host trialdesk.com).
//
// html.Parse refuses a page nested deeper than 512 elements (its only
// failure on a bytes.Reader); such a page is read by tokens instead (see
// tokens), so its text is kept.
func extractHTML(b []byte) htmlPage {
	e := extractor{}
	if doc, err := html.Parse(bytes.NewReader(b)); err == nil {
		e.meta(doc)
		e.walk(doc, false)
	} else {
		e.tokens(b)
	}
	p := htmlPage{
		title: oneLine(e.title),
		date:  oneLine(e.date),
	}
	p.url = absURL(e.canonical)
	if p.url == "" {
		p.url = absURL(e.ogURL)
	}
	host := urlHost(p.url)
	names := []string{oneLine(e.source), oneLine(e.appName), oneLine(e.publisher)}
	for _, s := range append(names, host) {
		if s != "" {
			p.source = s
			break
		}
	}
	h1 := oneLine(e.h1)
	if p.title == "" {
		p.title = h1
	}
	p.title = stripSiteName(p.title, names, host)
	text := e.sb.String()
	if h1 != "" && strings.HasPrefix(p.title, h1) {
		// Drop the <h1> marker line that walk left for it.
		text = strings.Replace(text, h1Marker, "", 1)
	} else {
		text = strings.Replace(text, h1Marker, h1, 1)
	}
	p.text = cleanText(text)
	return p
}

// h1Marker stands for the first <h1> in the extracted text until the title
// is known. It is a private-use character that decode never produces from
// markup alone; were it present in a page it would be replaced once.
const h1Marker = "\uE000h1\uE000"

type extractor struct {
	sb        strings.Builder
	brk       int // pending break: 0 none, 1 line, 2 paragraph
	space     bool
	title, h1 string
	sawH1     bool
	date      string
	source    string // og:site_name
	appName   string // <meta name=application-name>
	publisher string // <meta name=publisher> and the like
	canonical string // <link rel=canonical href>
	ogURL     string // og:url
}

// meta reads <title>, <meta> and <time> anywhere in the tree.
func (e *extractor) meta(n *html.Node) {
	for c := range n.Descendants() {
		if c.Type != html.ElementNode {
			continue
		}
		switch c.DataAtom {
		case atom.Title:
			if e.title == "" {
				e.title = textOf(c)
			}
		case atom.Meta, atom.Time, atom.Link:
			attrs := make(map[string]string, len(c.Attr))
			for _, a := range c.Attr {
				if _, dup := attrs[a.Key]; !dup {
					attrs[a.Key] = a.Val
				}
			}
			e.metaTag(c.DataAtom, attrs)
		}
	}
}

// textOf is the text content of n, white space collapsed.
func textOf(n *html.Node) string {
	var sb strings.Builder
	for c := range n.Descendants() {
		if c.Type == html.TextNode {
			sb.WriteString(c.Data)
			sb.WriteByte(' ')
		}
	}
	return normSpace(sb.String())
}

func (e *extractor) breakAt(level int) {
	e.brk = max(e.brk, level)
}

func (e *extractor) write(s string, pre bool) {
	if e.brk > 0 && (pre || strings.TrimSpace(s) != "") {
		if e.sb.Len() > 0 {
			e.sb.WriteString("\n\n"[:e.brk])
		}
		e.brk = 0
		e.space = false
	}
	if pre {
		e.sb.WriteString(s)
		e.space = false
		return
	}
	fields := strings.Fields(s)
	if len(fields) == 0 {
		e.space = e.space || s != ""
		return
	}
	e.space = e.space || isSpaceByte(s[0])
	for _, f := range fields {
		if e.space && !e.atLineStart() {
			e.sb.WriteByte(' ')
		}
		e.sb.WriteString(f)
		e.space = true
	}
	e.space = isSpaceByte(s[len(s)-1])
}

func isSpaceByte(c byte) bool {
	return c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == '\f'
}

func (e *extractor) atLineStart() bool {
	s := e.sb.String()
	return s == "" || s[len(s)-1] == '\n'
}

// walk appends the text of n to e.sb.
func (e *extractor) walk(n *html.Node, pre bool) {
	switch n.Type {
	case html.TextNode:
		e.write(n.Data, pre)
		return
	case html.ElementNode:
		if htmlSkip[n.DataAtom] {
			return
		}
		if n.DataAtom == atom.H1 && !e.sawH1 {
			e.sawH1 = true
			e.h1 = textOf(n)
			e.breakAt(2)
			e.write(h1Marker, true)
			e.breakAt(2)
			return
		}
		if n.DataAtom == atom.Pre {
			pre = true
		}
		if htmlPara[n.DataAtom] {
			e.breakAt(2)
		} else if htmlLine[n.DataAtom] {
			e.breakAt(1)
		}
	case html.CommentNode, html.DoctypeNode, html.RawNode:
		return
	}
	for c := n.FirstChild; c != nil; c = c.NextSibling {
		e.walk(c, pre)
	}
	if n.Type == html.ElementNode {
		if htmlPara[n.DataAtom] {
			e.breakAt(2)
		} else if htmlLine[n.DataAtom] {
			e.breakAt(1)
		}
	}
}

// hasToken reports whether the space-separated list s holds tok, case
// ignored, as in rel="canonical" or rel="Canonical alternate".
func hasToken(s, tok string) bool {
	for _, f := range strings.Fields(s) {
		if strings.EqualFold(f, tok) {
			return true
		}
	}
	return false
}

// absURL returns raw, trimmed and cleaned as a one-line field, when it is an
// absolute http or https URL with a host; else "".
func absURL(raw string) string {
	raw = oneLine(raw)
	u, err := url.Parse(raw)
	if err != nil || u.Host == "" || (!strings.EqualFold(u.Scheme, "http") && !strings.EqualFold(u.Scheme, "https")) {
		return ""
	}
	return raw
}

// urlHost returns the lower-case host of an absURL without port and
// leading "www.", or "".
func urlHost(raw string) string {
	u, err := url.Parse(raw)
	if err != nil {
		return ""
	}
	return strings.TrimPrefix(strings.ToLower(u.Hostname()), "www.")
}

// titleSeps separate a title from the site name a page adds to it.
var titleSeps = []string{" | ", " - ", " – ", " — ", " · "}

// stripSiteName removes from title a site name that follows its last
// separator or precedes its first, when the name matches one of names or
// host (see siteKey); a title that would be left empty is kept whole.
func stripSiteName(title string, names []string, host string) string {
	last, lastSep := -1, ""
	first, firstSep := -1, ""
	for _, sep := range titleSeps {
		if i := strings.LastIndex(title, sep); i > last {
			last, lastSep = i, sep
		}
		if i := strings.Index(title, sep); i >= 0 && (first < 0 || i < first) {
			first, firstSep = i, sep
		}
	}
	if last < 0 {
		return title
	}
	if rest := strings.TrimSpace(title[:last]); rest != "" && isSiteName(title[last+len(lastSep):], names, host) {
		return rest
	}
	if rest := strings.TrimSpace(title[first+len(firstSep):]); rest != "" && isSiteName(title[:first], names, host) {
		return rest
	}
	return title
}

// isSiteName reports whether part of a title names the site: its siteKey
// equals that of one of names, of host, or of host's first label
// ("trialdesk" of trialdesk.com).
func isSiteName(part string, names []string, host string) bool {
	k := siteKey(part)
	if k == "" {
		return false
	}
	for _, n := range names {
		if n != "" && siteKey(n) == k {
			return true
		}
	}
	if host == "" {
		return false
	}
	label, _, _ := strings.Cut(host, ".")
	return siteKey(host) == k || siteKey(label) == k
}

// siteKey is s lower-cased with everything but letters and digits removed.
func siteKey(s string) string {
	return strings.Map(func(r rune) rune {
		if unicode.IsLetter(r) || unicode.IsDigit(r) {
			return unicode.ToLower(r)
		}
		return -1
	}, s)
}

// tokens is walk and meta for a page the parser refused: the same rules
// applied to the stream of tags and text, without a tree. Without the
// tree no end tag is implied, so an element whose content is dropped
// (htmlSkip, but not <head>, whose end tag pages often leave out) drops
// the text up to its own end tag, and the first <h1> ends at </h1> or at
// the next element that ends a paragraph.
func (e *extractor) tokens(b []byte) {
	z := html.NewTokenizer(bytes.NewReader(b))
	skip, pre := 0, 0 // open elements that drop their content; open <pre>
	inTitle, inH1 := false, false
	var title, h1 strings.Builder
	endH1 := func() {
		if inH1 {
			inH1 = false
			e.h1 = normSpace(h1.String())
		}
	}
	for {
		tt := z.Next()
		switch tt {
		case html.ErrorToken:
			// The end of the page: a bytes.Reader fails no other way.
			endH1()
			if e.title == "" {
				e.title = normSpace(title.String())
			}
			return
		case html.TextToken:
			text := string(z.Text())
			switch {
			case inTitle:
				title.WriteString(text)
				title.WriteByte(' ')
			case skip > 0:
			case inH1:
				h1.WriteString(text)
				h1.WriteByte(' ')
			default:
				e.write(text, pre > 0)
			}
		case html.StartTagToken, html.SelfClosingTagToken:
			name, hasAttr := z.TagName()
			a := atom.Lookup(name)
			var attrs map[string]string
			for hasAttr {
				var k, v []byte
				k, v, hasAttr = z.TagAttr()
				if attrs == nil {
					attrs = make(map[string]string)
				}
				if _, dup := attrs[string(k)]; !dup {
					attrs[string(k)] = string(v)
				}
			}
			e.metaTag(a, attrs)
			if a == atom.Title && tt == html.StartTagToken && e.title == "" {
				inTitle = true
				continue
			}
			if htmlSkip[a] && a != atom.Head {
				if tt == html.StartTagToken && a != atom.Embed { // <embed> has no end tag
					skip++
				}
				continue
			}
			if skip > 0 || a == atom.Head {
				continue
			}
			if htmlPara[a] {
				endH1()
			}
			if a == atom.H1 && !e.sawH1 && tt == html.StartTagToken {
				e.sawH1, inH1 = true, true
				e.breakAt(2)
				e.write(h1Marker, true)
				e.breakAt(2)
				continue
			}
			if a == atom.Pre && tt == html.StartTagToken {
				pre++
			}
			e.blockBreak(a)
		case html.EndTagToken:
			name, _ := z.TagName()
			a := atom.Lookup(name)
			switch {
			case a == atom.Title && inTitle:
				inTitle = false
				e.title = normSpace(title.String())
			case htmlSkip[a] && a != atom.Head:
				skip = max(0, skip-1)
			case skip > 0:
			case a == atom.H1 && inH1:
				endH1()
				e.breakAt(2)
			default:
				if a == atom.Pre {
					pre = max(0, pre-1)
				}
				e.blockBreak(a)
			}
		}
	}
}

// blockBreak notes the break that element a ends or starts with.
func (e *extractor) blockBreak(a atom.Atom) {
	if htmlPara[a] {
		e.breakAt(2)
	} else if htmlLine[a] {
		e.breakAt(1)
	}
}

// metaTag reads the date, source names and URL of a <meta>, <link> or
// <time> element with attrs.
func (e *extractor) metaTag(a atom.Atom, attrs map[string]string) {
	switch a {
	case atom.Meta:
		key := strings.ToLower(attrs["property"] + attrs["name"] + attrs["itemprop"])
		content := attrs["content"]
		if e.date == "" && htmlDateMeta[key] && content != "" {
			e.date = normalizeDate(content)
		}
		switch key {
		case "og:site_name":
			e.source = cmp.Or(e.source, content)
		case "application-name":
			e.appName = cmp.Or(e.appName, content)
		case "publisher", "dc.publisher", "dcterms.publisher":
			e.publisher = cmp.Or(e.publisher, content)
		case "og:url":
			e.ogURL = cmp.Or(e.ogURL, content)
		}
	case atom.Link:
		if e.canonical == "" && hasToken(attrs["rel"], "canonical") {
			e.canonical = attrs["href"]
		}
	case atom.Time:
		if dt := attrs["datetime"]; e.date == "" && dt != "" {
			e.date = normalizeDate(dt)
		}
	}
}
