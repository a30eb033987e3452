package main

import (
	"bufio"
	"compress/gzip"
	"context"
	"encoding/json"
	"errors"
	"flag"
	"fmt"
	"io/fs"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"slices"
	"sort"
	"strconv"
	"strings"
	"testing"
	"time"

	"golang.org/x/net/html"
)

// The browser test opens the reports of three analyses in headless
// Chromium and checks what a reader gets: every section and chart drawn,
// no script error, the article table sorting, filtering and paging, and
// hostile article text shown as text without running. It saves a
// screenshot of each report for a person to look at.

var screenshotDir = flag.String("screenshots", "",
	"folder for the browser test's screenshots (default $NEWSCLUST_SCREENSHOTS, else a temporary folder)")

// browserNG is the 20 Newsgroups corpus; the test uses its four categories
// of scikit-learn's clustering example.
const browserNG = "../../../shared/corpora/20newsgroups.jsonl.gz"

// Payloads that would run script if a report put article text into its
// markup unescaped.
var payloads = []string{
	`<script>alert(1)</script>`,
	`<img src=x onerror=alert(1)>`,
	`"><svg onload=alert(1)>`,
}

// chromium returns the Chromium binary. Without one the test is skipped,
// except in CI (CI=true), where .ci/run installs it and its absence is a
// failure.
func chromium(t *testing.T) string {
	t.Helper()
	for _, name := range []string{"chromium", "chromium-browser"} {
		if p, err := exec.LookPath(name); err == nil {
			return p
		}
	}
	if os.Getenv("CI") == "true" {
		t.Fatal("chromium is not installed but CI=true: .ci/run must install it (apt-get install -y chromium)")
	}
	t.Skip("chromium is not installed (Debian: apt-get install chromium); skipping the browser test")
	return ""
}

func shotDir(t *testing.T) string {
	t.Helper()
	dir := *screenshotDir
	if dir == "" {
		dir = os.Getenv("NEWSCLUST_SCREENSHOTS")
	}
	if dir == "" {
		return t.TempDir()
	}
	if err := os.MkdirAll(dir, 0o755); err != nil {
		t.Fatal(err)
	}
	return dir
}

// browserCase is one analysis whose report is opened in the browser.
type browserCase struct {
	name    string
	args    func(t *testing.T, dir string) []string // analyze arguments but -out
	themes  bool                                    // analysed with themes
	query   string                                  // typed into the article filter
	hostile bool                                    // the corpus holds the payloads
	charts  []string                                // chart titles that must be drawn
}

func TestReportInBrowser(t *testing.T) {
	bin := chromium(t)
	shots := shotDir(t)
	cases := []browserCase{
		{
			name: "seeds",
			args: func(*testing.T, string) []string {
				return []string{"-unit", "paragraph", "-themes", themesFile, seedDir}
			},
			themes: true,
			query:  "e69b1368", // part of one article's id
			charts: []string{"Cluster sizes", "Top terms per cluster", "Relevance of each article to each theme", "Articles about each theme", "Similarity between articles", "Map of articles by cluster"},
		},
		{
			name: "20ng4",
			args: func(t *testing.T, dir string) []string {
				return []string{"-k", "4", newsgroups4(t, dir)}
			},
			query:  "sci.space", // ids and labels of one category
			charts: []string{"Cluster sizes", "Top terms per cluster", "Similarity between articles", "Map of articles by cluster"},
		},
		{
			name: "hostile",
			args: func(t *testing.T, dir string) []string {
				corpus, themes := hostileCorpus(t, dir)
				return []string{"-k", "3", "-themes", themes, corpus}
			},
			themes:  true,
			query:   "alert(1)",
			hostile: true,
			charts:  []string{"Articles about each theme", "Themes over time"},
		},
	}
	for _, bc := range cases {
		t.Run(bc.name, func(t *testing.T) {
			t.Parallel()
			dir := t.TempDir()
			out := filepath.Join(dir, "out")
			args := append([]string{"analyze", "-quiet", "-out", out}, bc.args(t, dir)...)
			if _, stderr, code := runCmd(t, args...); code != 0 {
				t.Fatalf("analyze exit %d: %s", code, stderr)
			}
			page := filepath.Join(out, "report.html")
			probed := filepath.Join(out, "report.probe.html")
			injectProbe(t, page, probed, bc.query)
			dom := runChromium(t, bin, dir, "--virtual-time-budget=5000", "--dump-dom", fileURL(probed))
			checkReport(t, bc, out, dom)
			shot := filepath.Join(shots, bc.name+".png")
			runChromium(t, bin, dir, "--hide-scrollbars", "--window-size=1280,4000", "--screenshot="+shot, fileURL(page))
			if st, err := os.Stat(shot); err != nil || st.Size() == 0 {
				t.Errorf("no screenshot at %s: %v", shot, err)
			} else {
				t.Logf("screenshot: %s", shot)
			}
		})
	}
}

func fileURL(path string) string {
	abs, err := filepath.Abs(path)
	if err != nil {
		panic(err)
	}
	return "file://" + filepath.ToSlash(abs)
}

// runChromium runs headless Chromium with a fresh profile and no network
// services, and returns its standard output.
func runChromium(t *testing.T, bin, dir string, args ...string) string {
	t.Helper()
	profile, err := os.MkdirTemp(dir, "chromium-profile-")
	if err != nil {
		t.Fatal(err)
	}
	ctx, cancel := context.WithTimeout(context.Background(), 90*time.Second)
	defer cancel()
	base := []string{"--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking",
		"--disable-component-update", "--disable-sync", "--no-first-run", "--user-data-dir=" + profile}
	cmd := exec.CommandContext(ctx, bin, append(base, args...)...)
	var stderr strings.Builder
	cmd.Stderr = &stderr
	b, err := cmd.Output()
	if err != nil {
		t.Fatalf("chromium %v: %v\n%s", args, err, stderr.String())
	}
	return string(b)
}

// probeJS is put first in the page: it records script errors (and failed
// loads), console errors and any call of alert, confirm or print, then
// after load uses the article table as a reader would, and writes what it
// saw as JSON into the data-probe attribute of the html element.
const probeJS = `<script>
(function () {
  "use strict";
  var QUERY = %s;
  var log = {errors: [], alerts: [], resources: [], done: false};
  function save() { document.documentElement.setAttribute("data-probe", JSON.stringify(log)); }
  window.addEventListener("error", function (e) {
    if (e.target && e.target !== window && e.target.tagName) {
      log.errors.push("failed to load <" + e.target.tagName.toLowerCase() + ">");
    } else {
      log.errors.push("error: " + e.message + " at line " + e.lineno);
    }
    save();
  }, true);
  window.addEventListener("unhandledrejection", function (e) { log.errors.push("rejection: " + e.reason); save(); });
  console.error = function () { log.errors.push("console.error: " + Array.prototype.join.call(arguments, " ")); save(); };
  ["alert", "confirm", "prompt", "print"].forEach(function (f) {
    window[f] = function (m) { log.alerts.push(f + "(" + m + ")"); save(); };
  });
  function interact() {
    var table = document.getElementById("article-table");
    var heads = table.tHead.rows[0].cells;
    var pager = document.getElementById("article-table-pager");
    function col(name) {
      for (var i = 0; i < heads.length; i++) { if (heads[i].textContent.trim() === name) { return i; } }
      throw new Error("no column " + name);
    }
    function column(i) {
      return Array.prototype.map.call(table.tBodies[0].rows, function (r) { return r.cells[i].textContent; });
    }
    function info() { return pager.hidden ? "" : pager.querySelector(".pageinfo").textContent; }
    var id = col("ID"), score = col("Score");
    log.initial = {ids: column(id), pager: info()};
    if (!pager.hidden) {
      pager.querySelector("[data-step='1']").click();
      log.page2 = {ids: column(id), pager: info()};
      pager.querySelector("[data-step='-1']").click();
    }
    heads[score].click();
    log.scoreAsc = column(score);
    heads[score].click();
    log.scoreDesc = column(score);
    log.scoreSort = heads[score].getAttribute("aria-sort");
    heads[id].click();
    log.idAsc = column(id);
    var tt = document.getElementById("theme-table");
    if (tt) {
      var th = tt.tHead.rows[0].cells[3]; // the first theme
      th.click();
      th.click();
      log.themeDesc = Array.prototype.map.call(tt.tBodies[0].rows, function (r) { return r.cells[3].textContent; });
    }
    var f = document.getElementById("filter");
    f.value = QUERY;
    f.dispatchEvent(new Event("input"));
    log.filter = {ids: column(id), count: document.getElementById("filter-count").textContent, pager: info()};

    // A row opens to the start of its article under it, and closes again
    // on a click anywhere in it; it is left open for the DOM dump.
    var body = table.tBodies[0], first = body.rows[0], before = body.rows.length;
    var button = first.querySelector("button.disclose");
    button.click();
    var d = first.nextElementSibling;
    log.opened = {added: body.rows.length - before, detail: d ? d.className : "", text: d ? d.textContent : "",
      expanded: button.getAttribute("aria-expanded")};
    first.cells[0].click();
    log.opened.closed = body.rows.length - before;
    first.cells[0].click();
    log.links = Array.prototype.map.call(table.querySelectorAll("a"), function (a) {
      return {href: a.getAttribute("href"), rel: a.rel, target: a.target};
    });

    // The shape under the pointer at a map point or heatmap cell carries
    // its title.
    log.hover = {};
    [["map", "Map of articles by cluster", "circle"], ["heatmap", "Similarity between articles", "rect"]].forEach(function (c) {
      var svg = document.querySelector("svg[aria-label='" + c[1] + "']");
      var shapes = svg ? svg.querySelectorAll("g[fill-opacity='0'] " + c[2]) : [];
      if (!shapes.length) { return; }
      var shape = shapes[Math.floor(shapes.length / 2)];
      shape.scrollIntoView({block: "center", inline: "center"});
      var r = shape.getBoundingClientRect();
      var el = document.elementFromPoint(r.left + r.width / 2, r.top + r.height / 2);
      var t = el && (el.querySelector("title") || (el.parentNode && el.parentNode.querySelector("title")));
      log.hover[c[0]] = {shapes: shapes.length, tag: el ? el.tagName : "", title: t ? t.textContent : ""};
    });
    window.scrollTo(0, 0);
  }
  window.addEventListener("load", function () {
    setTimeout(function () {
      try { interact(); } catch (e) { log.errors.push("probe: " + e); }
      log.resources = performance.getEntriesByType("resource").map(function (r) { return r.name; });
      log.done = true;
      save();
    }, 100);
  });
  save();
})();
</script>
`

// probe is what probeJS records.
type probe struct {
	Errors    []string
	Alerts    []string
	Resources []string
	Done      bool
	Initial   pageState
	Page2     *pageState
	ScoreAsc  []string
	ScoreDesc []string
	ScoreSort string
	IDAsc     []string `json:"idAsc"`
	ThemeDesc []string // the first theme's relevances after sorting descending
	Filter    pageState
	Opened    struct {
		Added, Closed int
		Detail, Text  string
		Expanded      string
	}
	Links []struct{ Href, Rel, Target string }
	Hover map[string]struct {
		Shapes     int
		Tag, Title string
	}
}

type pageState struct {
	IDs   []string
	Pager string
	Count string
}

// injectProbe writes a copy of page with probeJS as the first script.
func injectProbe(t *testing.T, page, out, query string) {
	t.Helper()
	b, err := os.ReadFile(page)
	if err != nil {
		t.Fatal(err)
	}
	s := string(b)
	i := strings.Index(s, "<head>")
	if i < 0 {
		t.Fatal("report.html has no <head>")
	}
	q, _ := json.Marshal(query) // a string always marshals
	s = s[:i+len("<head>")] + "\n" + fmt.Sprintf(probeJS, q) + s[i+len("<head>"):]
	if err := os.WriteFile(out, []byte(s), 0o644); err != nil {
		t.Fatal(err)
	}
}

// article is one row of the report's article table, from assignments.csv.
type article struct{ id, title, date, source, label string }

func articlesOf(t *testing.T, out string) []article {
	t.Helper()
	var arts []article
	seen := map[string]bool{}
	for _, r := range readCSV(t, filepath.Join(out, "assignments.csv")) {
		if seen[r["article"]] {
			continue
		}
		seen[r["article"]] = true
		arts = append(arts, article{r["article"], r["title"], r["date"], r["source"], r["label"]})
	}
	return arts
}

func checkReport(t *testing.T, bc browserCase, out, dom string) {
	doc, err := html.Parse(strings.NewReader(dom))
	if err != nil {
		t.Fatalf("dumped DOM does not parse: %v", err)
	}
	root := find(doc, func(n *html.Node) bool { return n.Data == "html" })
	var p probe
	if root == nil || attr(root, "data-probe") == "" {
		t.Fatalf("the probe recorded nothing; DOM starts %.300q", dom)
	}
	if err := json.Unmarshal([]byte(attr(root, "data-probe")), &p); err != nil {
		t.Fatalf("probe: %v", err)
	}
	if !p.Done {
		t.Error("the probe did not finish: the page did not load within the time budget")
	}
	if len(p.Errors) > 0 {
		t.Errorf("script errors: %q", p.Errors)
	}
	if len(p.Alerts) > 0 {
		t.Errorf("alert or the like called: %q", p.Alerts)
	}
	if len(p.Resources) > 0 {
		t.Errorf("the page fetched %q; it must be self-contained", p.Resources)
	}

	// Sections and charts.
	for _, id := range []string{"overview", "clusters", "themes", "similarity", "map", "articles"} {
		if find(doc, func(n *html.Node) bool { return n.Data == "section" && attr(n, "id") == id }) == nil {
			t.Errorf("section %q missing", id)
		}
	}
	var drawn []string
	for _, svg := range findAll(doc, func(n *html.Node) bool { return n.Data == "svg" }) {
		if svg.Parent == nil || svg.Parent.Data != "figure" {
			t.Errorf("svg outside a chart figure: %s", render(svg, 200))
			continue
		}
		if len(findAll(svg, func(n *html.Node) bool { return n.Data == "path" || n.Data == "text" })) < 5 {
			t.Errorf("chart %q is (nearly) empty", attr(svg, "aria-label"))
		}
		drawn = append(drawn, attr(svg, "aria-label"))
	}
	svgs, _ := filepath.Glob(filepath.Join(out, "charts", "*.svg"))
	pngs, _ := filepath.Glob(filepath.Join(out, "charts", "*.png"))
	if len(drawn) != len(svgs) || len(pngs) != len(svgs) {
		t.Errorf("%d charts in the page (%q), %d SVG and %d PNG files", len(drawn), drawn, len(svgs), len(pngs))
	}
	for _, c := range bc.charts {
		if !slices.Contains(drawn, c) {
			t.Errorf("chart %q not drawn; drawn: %q", c, drawn)
		}
	}

	// One card per cluster, and keyword-in-context lines with the term marked.
	var clusters []struct{ Contexts []string }
	b, err := os.ReadFile(filepath.Join(out, "clusters.json"))
	if err != nil {
		t.Fatal(err)
	}
	if err := json.Unmarshal(b, &clusters); err != nil {
		t.Fatal(err)
	}
	cards := findAll(doc, func(n *html.Node) bool { return n.Data == "article" && attr(n, "class") == "card" })
	if len(cards) != len(clusters) {
		t.Errorf("%d cluster cards, want %d", len(cards), len(clusters))
	}
	marks := findAll(doc, func(n *html.Node) bool { return n.Data == "mark" })
	if len(marks) == 0 {
		t.Error("no keyword-in-context line with a marked term")
	}

	// The article table: paging, sorting and filtering over all articles.
	arts := articlesOf(t, out)
	page := min(len(arts), 100) // rows per page, as the report pages
	if len(p.Initial.IDs) != page {
		t.Errorf("%d rows on the first page, want %d", len(p.Initial.IDs), page)
	}
	for i, id := range p.Initial.IDs {
		if id != arts[i].id {
			t.Errorf("row %d is %q, want %q (input order)", i, id, arts[i].id)
			break
		}
	}
	if len(arts) > 100 {
		want := fmt.Sprintf("Rows 1–100 of %d", len(arts))
		if p.Initial.Pager != want {
			t.Errorf("pager says %q, want %q", p.Initial.Pager, want)
		}
		if p.Page2 == nil || p.Page2.Pager != fmt.Sprintf("Rows 101–%d of %d", min(200, len(arts)), len(arts)) ||
			len(p.Page2.IDs) == 0 || p.Page2.IDs[0] != arts[100].id {
			t.Errorf("next page: %+v, want it to start at %q", p.Page2, arts[100].id)
		}
	} else if p.Initial.Pager != "" {
		t.Errorf("pager shown for %d articles: %q", len(arts), p.Initial.Pager)
	}
	checkScores(t, p.ScoreAsc, len(arts), false)
	checkScores(t, p.ScoreDesc, len(arts), true)
	if p.ScoreSort != "descending" {
		t.Errorf("score header aria-sort %q after two clicks, want descending", p.ScoreSort)
	}
	if !bc.hostile {
		// Plain ids sort the same way under ICU collation and byte order.
		ids := make([]string, len(arts))
		for i, a := range arts {
			ids[i] = strings.ToLower(a.id)
		}
		sort.Strings(ids)
		got := make([]string, len(p.IDAsc))
		for i, id := range p.IDAsc {
			got[i] = strings.ToLower(id)
		}
		if !slices.Equal(got, ids[:page]) {
			t.Errorf("ids sorted ascending: %q…, want %q…", got[:min(5, len(got))], ids[:min(5, page)])
		}
	}
	if bc.themes {
		// Relevances with two decimals: "0.26".
		checkScores(t, p.ThemeDesc, len(arts), true)
	} else if p.ThemeDesc != nil {
		t.Errorf("a theme table without themes: %q", p.ThemeDesc)
	}

	q := strings.ToLower(bc.query)
	var match []string
	for _, a := range arts {
		if strings.Contains(strings.ToLower(strings.Join([]string{a.id, a.title, a.date, a.source, a.label}, " ")), q) {
			match = append(match, a.id)
		}
	}
	if len(match) == 0 {
		t.Fatalf("filter %q matches no article; the test needs one", bc.query)
	}
	if want := fmt.Sprintf("%d of %d articles", len(match), len(arts)); p.Filter.Count != want {
		t.Errorf("filter %q: count %q, want %q", bc.query, p.Filter.Count, want)
	}
	if len(p.Filter.IDs) != min(len(match), 100) {
		t.Errorf("filter %q: %d rows shown, want %d", bc.query, len(p.Filter.IDs), min(len(match), 100))
	}
	for _, id := range p.Filter.IDs {
		if !slices.Contains(match, id) {
			t.Errorf("filter %q shows %q, which does not match", bc.query, id)
		}
	}

	checkOpenAndHover(t, bc, p, out)
	if bc.hostile {
		checkInert(t, doc)
	}
}

// checkOpenAndHover checks that the first article row opened to its text
// and closed again, that titles link only to http(s) addresses, and that
// map points and heatmap cells under the pointer carry their titles.
func checkOpenAndHover(t *testing.T, bc browserCase, p probe, out string) {
	t.Helper()
	o := p.Opened
	if o.Added != 1 || o.Detail != "more" || strings.TrimSpace(o.Text) == "" || o.Expanded != "true" || o.Closed != 0 {
		t.Errorf("opening the first row: %+v; want one detail row with text, aria-expanded true, gone again on a second click", o)
	}
	urls := 0
	for _, r := range readCSV(t, filepath.Join(out, "assignments.csv")) {
		if strings.HasPrefix(r["url"], "https://") {
			urls++
		}
	}
	for _, l := range p.Links {
		if !strings.HasPrefix(l.Href, "https://") && !strings.HasPrefix(l.Href, "http://") || l.Rel != "noopener noreferrer" || l.Target != "_blank" {
			t.Errorf("article link %+v; want an http(s) address opened in a new tab without referrer", l)
		}
	}
	if urls > 0 && len(p.Links) == 0 {
		t.Errorf("%d articles have addresses but no title is linked", urls)
	}
	for name, re := range map[string]*regexp.Regexp{
		// Title, then the cluster on the next line.
		"map": regexp.MustCompile(`\S.*\nC\d+ `),
		// "A ~ B: cosine 0.42", or a diagonal cell.
		"heatmap": regexp.MustCompile(`( ~ .*: cosine -?\d\.\d\d| \(the article itself\))$`),
	} {
		h, ok := p.Hover[name]
		if !ok {
			t.Errorf("no %s hover shapes", name)
			continue
		}
		want := map[string]string{"map": "circle", "heatmap": "rect"}[name]
		if h.Tag != want || !re.MatchString(h.Title) {
			t.Errorf("%s: under the pointer <%s> titled %q (of %d shapes); want a <%s> whose title matches %s", name, h.Tag, h.Title, h.Shapes, want, re)
		}
	}
}

// checkScores checks a page of a numeric column (scores, shares): a full
// page of numbers, in order.
func checkScores(t *testing.T, col []string, n int, desc bool) {
	t.Helper()
	if len(col) != min(n, 100) {
		t.Errorf("%d rows after sorting, want %d", len(col), min(n, 100))
	}
	prev := 0.0
	for i, s := range col {
		v, err := strconv.ParseFloat(s, 64)
		if err != nil {
			t.Errorf("score %q is not a number", s)
			return
		}
		if i > 0 && ((desc && v > prev) || (!desc && v < prev)) {
			t.Errorf("scores out of order (descending %v): %q", desc, col)
			return
		}
		prev = v
	}
}

// checkInert checks that the payloads are shown as text and made no
// element: the only scripts are the page's own, no element has an event
// attribute, no image was made, and every payload is visible as text.
func checkInert(t *testing.T, doc *html.Node) {
	scripts := findAll(doc, func(n *html.Node) bool { return n.Data == "script" })
	var kinds []string
	for _, s := range scripts {
		kinds = append(kinds, attr(s, "type")+"#"+attr(s, "id"))
	}
	// The probe, the two tables' JSON rows and the page's script.
	want := []string{"#", "application/json#theme-rows", "application/json#article-rows", "#"}
	if !slices.Equal(kinds, want) {
		t.Errorf("script elements %q, want %q", kinds, want)
	}
	if imgs := findAll(doc, func(n *html.Node) bool { return n.Data == "img" }); len(imgs) > 0 {
		t.Errorf("an img element was made: %s", render(imgs[0], 200))
	}
	for _, n := range findAll(doc, func(n *html.Node) bool { return n.Type == html.ElementNode }) {
		for _, a := range n.Attr {
			if strings.HasPrefix(strings.ToLower(a.Key), "on") {
				t.Errorf("element <%s> has event attribute %s=%q", n.Data, a.Key, a.Val)
			}
		}
	}
	// Visible text: text nodes outside script and style elements.
	var text strings.Builder
	var walk func(*html.Node)
	walk = func(n *html.Node) {
		if n.Type == html.ElementNode && (n.Data == "script" || n.Data == "style") {
			return
		}
		if n.Type == html.TextNode {
			text.WriteString(n.Data)
			text.WriteByte('\n')
		}
		for c := n.FirstChild; c != nil; c = c.NextSibling {
			walk(c)
		}
	}
	walk(doc)
	for _, p := range payloads {
		if n := strings.Count(text.String(), p); n < 2 {
			t.Errorf("payload %q shown as text %d times, want it in titles and the article table", p, n)
		}
	}
}

func find(n *html.Node, ok func(*html.Node) bool) *html.Node {
	all := findAll(n, ok)
	if len(all) == 0 {
		return nil
	}
	return all[0]
}

func findAll(n *html.Node, ok func(*html.Node) bool) []*html.Node {
	var out []*html.Node
	var walk func(*html.Node)
	walk = func(n *html.Node) {
		if n.Type == html.ElementNode && ok(n) {
			out = append(out, n)
		}
		for c := n.FirstChild; c != nil; c = c.NextSibling {
			walk(c)
		}
	}
	walk(n)
	return out
}

func attr(n *html.Node, key string) string {
	for _, a := range n.Attr {
		if a.Key == key {
			return a.Val
		}
	}
	return ""
}

func render(n *html.Node, max int) string {
	var b strings.Builder
	if err := html.Render(&b, n); err != nil {
		return err.Error()
	}
	s := b.String()
	return s[:min(len(s), max)]
}

// newsgroups4 writes the four categories of scikit-learn's clustering
// example (3,387 articles) from the 20 Newsgroups corpus to dir as JSONL,
// skipping the test when the corpus is absent.
func newsgroups4(t *testing.T, dir string) string {
	t.Helper()
	f, err := os.Open(browserNG)
	if errors.Is(err, fs.ErrNotExist) {
		t.Skipf("%s is absent; skipping the 20 Newsgroups report", browserNG)
	}
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	zr, err := gzip.NewReader(f)
	if err != nil {
		t.Fatal(err)
	}
	keep := map[string]bool{"alt.atheism": true, "talk.religion.misc": true, "comp.graphics": true, "sci.space": true}
	path := filepath.Join(dir, "20ng4.jsonl")
	w, err := os.Create(path)
	if err != nil {
		t.Fatal(err)
	}
	defer w.Close()
	sc := bufio.NewScanner(zr)
	sc.Buffer(make([]byte, 1<<20), 64<<20)
	n := 0
	for sc.Scan() {
		var rec struct{ Label string }
		if err := json.Unmarshal(sc.Bytes(), &rec); err != nil {
			t.Fatal(err)
		}
		if keep[rec.Label] {
			w.Write(sc.Bytes())
			w.Write([]byte("\n"))
			n++
		}
	}
	if err := sc.Err(); err != nil {
		t.Fatal(err)
	}
	// The subset's size, as the corpora README gives it.
	if n != 3387 {
		t.Fatalf("%d articles in the four categories, want 3387", n)
	}
	if err := w.Close(); err != nil {
		t.Fatal(err)
	}
	return path
}

// hostileCorpus writes articles on three stories whose titles, text, ids,
// sources, labels and dates carry the payloads, across three months and
// two sources, and a themes file with hostile names.
func hostileCorpus(t *testing.T, dir string) (corpus, themes string) {
	t.Helper()
	stories := []string{
		"NATO allies argue over defence spending and the two per cent target for military budgets",
		"Coalition trainers help Iraqi forces fight ISIS militants near Mosul and Baghdad",
		"Ukraine and Russia talk about a ceasefire while shelling continues near Donetsk",
	}
	var lines []string
	for i := range 12 {
		p := payloads[i%len(payloads)]
		rec := map[string]string{
			"id":    fmt.Sprintf("h%02d-%s", i, p),
			"title": p + " " + strings.Join(strings.Fields(stories[i%3])[:4], " "),
			// Every sentence differs from article to article: sentences
			// repeated across a source are boilerplate to the reader.
			"text": fmt.Sprintf("On day %d %s. Witness %d wrote %s in a note. Officials in town %d said the talks go on.",
				i+1, stories[i%3], i+1, p, i+1),
			"date":   fmt.Sprintf("2024-%02d-%02d", 1+i/4, 1+i),
			"source": []string{payloads[1], "Reuters"}[i%2],
			"url":    []string{"javascript:alert(1)", fmt.Sprintf("https://news.example/%d?q=\"><b>", i), p}[i%3],
			"label":  payloads[2],
		}
		b, err := json.Marshal(rec)
		if err != nil {
			t.Fatal(err)
		}
		lines = append(lines, string(b))
	}
	// An empty article, listed among the skipped inputs.
	lines = append(lines, `{"id":"empty","title":"","text":""}`)
	corpus = filepath.Join(dir, "hostile.jsonl")
	if err := os.WriteFile(corpus, []byte(strings.Join(lines, "\n")+"\n"), 0o644); err != nil {
		t.Fatal(err)
	}
	themes = filepath.Join(dir, "themes.txt")
	spec := "<img src=x onerror=alert(1)> defence: defence spending budget\n" +
		"<script>alert(1)</script> Iraq: isis iraq militants\n" +
		"\"><svg onload=alert(1)> war: ukraine russia ceasefire\n"
	if err := os.WriteFile(themes, []byte(spec), 0o644); err != nil {
		t.Fatal(err)
	}
	return corpus, themes
}
