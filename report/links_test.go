package report

import (
	"bytes"
	"encoding/json"
	"regexp"
	"slices"
	"strings"
	"testing"
)

// Article rows that open to their text and link to their address (issue
// 19): only http(s) addresses are linked, and no text becomes markup.

func TestArticleURL(t *testing.T) {
	t.Parallel()
	tests := []struct{ in, want string }{
		{"https://example.org/a?b=1&c=2#d", "https://example.org/a?b=1&c=2#d"},
		{`https://example.org/q?a="x"&b=<i>&c='y'`, "https://example.org/q?a=%22x%22&b=%3Ci%3E&c=%27y%27"},
		{" HTTP://example.org/x ", "http://example.org/x"},
		{"javascript:alert(1)", ""},
		{"JaVaScRiPt:alert(1)", ""},
		{"java\tscript:alert(1)", ""},
		{"data:text/html,<script>alert(1)</script>", ""},
		{"vbscript:msgbox(1)", ""},
		{"//evil.example/x", ""},
		{"https:///no-host", ""},
		{"ftp://example.org/f", ""},
		{"https://example.org/a b", ""},
		{"", ""},
		{"https://example.org/" + strings.Repeat("x", maxURLLen), ""},
		{`https://example.org/"><img src=x onerror=alert(1)>`, ""}, // spaces
		{`https://example.org/d"><script>alert(1)</script>`, "https://example.org/d%22%3E%3Cscript%3Ealert%281%29%3C/script%3E"},
	}
	for _, tt := range tests {
		if got := articleURL(tt.in); got != tt.want {
			t.Errorf("articleURL(%q) = %q, want %q", tt.in, got, tt.want)
		}
	}
}

// linkedAnalysis is smallAnalysis with addresses: a good one, a
// javascript: URL and one that tries to end its attribute.
func linkedAnalysis() *Analysis {
	a := smallAnalysis()
	a.Docs[0].URL = "https://example.org/nato?x=1&y=2"
	a.Docs[1].URL = "javascript:alert(1)"
	a.Docs[2].URL = `https://example.org/d"><script>alert(1)</script>`
	return a
}

func TestArticleRowsOpenAndLink(t *testing.T) {
	t.Parallel()
	s := htmlOf(t, linkedAnalysis())
	if strings.Contains(strings.ToLower(s), "javascript:") {
		i := strings.Index(strings.ToLower(s), "javascript:")
		t.Errorf("javascript: in the HTML near %q", s[max(0, i-80):min(len(s), i+80)])
	}
	for _, bad := range []string{"<img", `d"><`, "<script>alert"} {
		if strings.Contains(s, bad) {
			t.Errorf("raw %q in the HTML", bad)
		}
	}
	// The first page, for readers without scripts, links the titles.
	for _, want := range []string{
		`<a href="https://example.org/nato?x=1&amp;y=2" target="_blank" rel="noopener noreferrer">NATO summit in Vilnius</a>`,
		`<td>&lt;script&gt;alert(1)&lt;/script&gt;</td>`, // a2: not linked
		`<a href="https://example.org/d%22%3E%3Cscript%3Ealert%281%29%3C/script%3E" target="_blank" rel="noopener noreferrer">`,
		"click a row (or its ▸) to read the start of the article and follow its title to the original",
	} {
		if !strings.Contains(s, want) {
			t.Errorf("HTML lacks %q", want)
		}
	}
	// The script's rows: an address and the text for each.
	m := regexp.MustCompile(`<script type="application/json" id="article-rows">([^<]*)</script>`).FindStringSubmatch(s)
	if m == nil {
		t.Fatal("no article rows")
	}
	var data struct {
		Rows [][]any
		More []struct {
			U string
			T []string
		}
	}
	if err := json.Unmarshal([]byte(m[1]), &data); err != nil {
		t.Fatal(err)
	}
	if len(data.More) != len(data.Rows) {
		t.Fatalf("%d rows and %d openings", len(data.Rows), len(data.More))
	}
	if got := data.More[0]; got.U != "https://example.org/nato?x=1&y=2" || !slices.Equal(got.T, []string{"Leaders met in Vilnius *today* | under_scores"}) {
		t.Errorf("first row opens to %+v", got)
	}
	if got := data.More[1]; got.U != "" || !slices.Equal(got.T, []string{xssImg}) {
		t.Errorf("second row (javascript: URL) opens to %+v", got)
	}
	// The script puts the text and addresses in as text and properties,
	// never as markup, and links only http(s).
	for _, want := range []string{`a.href = u;`, `a.rel = "noopener noreferrer";`, `p.textContent = text[k];`, `/^https?:\/\//i.test(u)`} {
		if !strings.Contains(s, want) {
			t.Errorf("script lacks %q", want)
		}
	}
	if strings.Contains(s, "innerHTML") {
		t.Error("the script uses innerHTML")
	}

	// Markdown links titles with good addresses only.
	var b bytes.Buffer
	if err := WriteMarkdown(&b, linkedAnalysis(), "charts"); err != nil {
		t.Fatal(err)
	}
	md := b.String()
	for _, want := range []string{
		"| a1 | [NATO summit in Vilnius](https://example.org/nato?x=1&y=2) |",
		`| a2 | \<script\>alert\(1\)\</script\> |`,
		`| -a3 | [Defence \[spending\] ` + "\\`rises\\`" + `](https://example.org/d%22%3E%3Cscript%3Ealert%281%29%3C/script%3E) |`,
	} {
		if !strings.Contains(md, want) {
			t.Errorf("Markdown lacks %q", want)
		}
	}
	if strings.Contains(strings.ToLower(md), "javascript:") {
		t.Error("javascript: in the Markdown")
	}
}

// An opened row shows the first three distinct passages of its article.
func TestArticleTextDistinctPassages(t *testing.T) {
	t.Parallel()
	a := newsAnalysis()
	// The NATO article's passages 1 and 3 say the same.
	a.Docs[2].Snippet = a.Docs[0].Snippet
	v := buildView(a)
	want := []string{a.Docs[0].Snippet, a.Docs[1].Snippet, a.Docs[3].Snippet}
	if got := v.Articles[0].Text; !slices.Equal(got, want) {
		t.Errorf("opened text %q, want %q", got, want)
	}
}
