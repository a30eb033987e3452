package corpus

import (
	"bytes"
	"strings"

	"golang.org/x/net/html"
	"golang.org/x/net/html/atom"
)

// htmlPage is what extractHTML finds in a page.
type htmlPage struct {
	title, date, source, text string
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
// <meta> or the first <time datetime>, the source from og:site_name.
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
		title:  oneLine(e.title),
		date:   oneLine(e.date),
		source: oneLine(e.source),
	}
	h1 := oneLine(e.h1)
	if p.title == "" {
		p.title = h1
	}
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
	source    string
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
			if e.source == "" && key == "og:site_name" {
				e.source = content
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
