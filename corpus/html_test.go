package corpus

import (
	"strings"
	"testing"
)

// TestHTMLDeepNesting checks that a page nested deeper than the HTML
// parser accepts (512 open elements) keeps its text, title and date
// rather than being skipped as an empty document (issue 17), and that the
// fallback drops what the parser-based extraction drops.
func TestHTMLDeepNesting(t *testing.T) {
	t.Parallel()
	deep := func(depth int, inner string) string {
		return strings.Repeat("<div><span>", depth) + inner + strings.Repeat("</span></div>", depth)
	}
	page := `<!doctype html><html><head><title>NATO &amp; allies</title>
<meta property="article:published_time" content="2015-03-23T10:00:00Z">
<meta property="og:site_name" content="Example News">
<style>body { color: red }</style></head><body>
<nav>Home | World</nav><h1>NATO &amp; allies</h1>
<p>Allies met in Brussels.</p>` +
		deep(600, `<p>Defence spending rose <b>sharply</b>.</p><script>var tracker = 1;</script><pre>a  b</pre>`) +
		`<footer>Copyright</footer><p>Talks resume next week.</p></body></html>`
	p := extractHTML([]byte(page))
	if p.title != "NATO & allies" || p.date != "2015-03-23" || p.source != "Example News" {
		t.Errorf("title %q, date %q, source %q", p.title, p.date, p.source)
	}
	for _, want := range []string{"Allies met in Brussels.", "Defence spending rose sharply.", "a  b", "Talks resume next week."} {
		if !strings.Contains(p.text, want) {
			t.Errorf("text lacks %q:\n%s", want, p.text)
		}
	}
	for _, bad := range []string{"tracker", "Home", "Copyright", "color", "NATO"} {
		if strings.Contains(p.text, bad) {
			t.Errorf("text has %q:\n%s", bad, p.text)
		}
	}
	if !strings.HasPrefix(p.text, "Allies met in Brussels.\n\n") {
		t.Errorf("paragraphs not kept apart:\n%s", p.text)
	}
}
