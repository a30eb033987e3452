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
func extractHTML(b []byte) htmlPage {
	doc, err := html.Parse(bytes.NewReader(b))
	if err != nil {
		// html.Parse only fails when reading fails; a bytes.Reader does not.
		return htmlPage{}
	}
	e := extractor{}
	e.meta(doc)
	e.walk(doc, false)
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
		case atom.Meta:
			key := strings.ToLower(attr(c, "property") + attr(c, "name") + attr(c, "itemprop"))
			content := attr(c, "content")
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
			if e.canonical == "" && hasToken(attr(c, "rel"), "canonical") {
				e.canonical = attr(c, "href")
			}
		case atom.Time:
			if e.date == "" {
				if dt := attr(c, "datetime"); dt != "" {
					e.date = normalizeDate(dt)
				}
			}
		}
	}
}

func attr(n *html.Node, key string) string {
	for _, a := range n.Attr {
		if a.Key == key {
			return a.Val
		}
	}
	return ""
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
