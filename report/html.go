package report

import (
	"bufio"
	"encoding/json"
	"fmt"
	"html/template"
	"io"
	"strings"
)

// htmlData is handed to the HTML template: the shared view plus the
// charts as inline SVG.
type htmlData struct {
	*view
	SVG map[string]template.HTML
	// The rows of the article and theme tables as JSON, which the page's
	// script sorts, filters and pages through; the first page is also
	// written as HTML, for readers without scripts.
	ArticleJSON, ThemeJSON template.JS
	ArticleFirst           []articleView
	ThemeFirst             []themeRowView
	PageSize               int
	// The theme section's texts and tables that the template cannot
	// compute: the rule of relevance and about, the coverage of all
	// articles then by source, the period's title and the note on
	// undated articles.
	ThemeRule, ThemePeriodTitle, ThemeUndatedNote string
	ThemeCoverage                                 []coverageView
}

func writeHTML(w io.Writer, a *Analysis) error {
	v := buildView(a)
	d := htmlData{view: v, SVG: map[string]template.HTML{}, PageSize: tablePage,
		ArticleFirst: v.Articles[:min(len(v.Articles), tablePage)],
		ThemeFirst:   v.ThemeRows[:min(len(v.ThemeRows), tablePage)]}
	if len(v.Themes) > 0 {
		d.ThemeRule = themeAboutRule(v)
		d.ThemeCoverage = append([]coverageView{v.ThemeAll}, v.ThemeSources...)
		d.ThemeUndatedNote = undatedNote(v)
	}
	if v.ThemePeriod != "" {
		d.ThemePeriodTitle = strings.ToUpper(v.ThemePeriod[:1]) + v.ThemePeriod[1:]
	}
	var err error
	if d.ArticleJSON, err = articleRowsJSON(v); err != nil {
		return err
	}
	if d.ThemeJSON, err = themeRowsJSON(v); err != nil {
		return err
	}
	for _, name := range charts(a) {
		s, err := inlineSVG(a, name)
		if err != nil {
			return fmt.Errorf("report: chart %s: %w", name, err)
		}
		// Our own drawing, with every piece of text escaped by vgsvg and
		// checked by inlineSVG.
		d.SVG[name] = template.HTML(s)
	}
	bw := bufio.NewWriter(w)
	if err := htmlTemplate.Execute(bw, d); err != nil {
		return fmt.Errorf("report: html: %w", err)
	}
	return bw.Flush()
}

var htmlTemplate = template.Must(template.New("report").Funcs(template.FuncMap{
	"css":    func(s string) template.CSS { return template.CSS(s) }, // only for our #rrggbb colours
	"title":  func(name string) string { return chartTitles[name] },
	"add1":   func(i int) int { return i + 1 },
	"add":    func(a, b int) int { return a + b },
	"plural": count,
	"short":  func(s string) string { return shorten(s, 90) },
	"label": func(id, title string) string {
		if clean(title) != "" {
			return clean(title)
		}
		return id
	},
	"join": strings.Join,
}).Parse(htmlSource))

// The JSON rows of a table: each cell is a string or a number, shown as
// text and sorted as numbers (parseFloat) in columns whose header has
// data-type="num", else as text; or, for the cluster column, {"c":
// cluster index, "t": muted suffix}, drawn with the cluster's swatch and
// name from "clusters" and sorted by the index.
// encoding/json escapes <, > and &, so no text can close the script
// element that holds the JSON.
type tableJSON struct {
	Clusters [][2]string `json:"clusters,omitempty"` // name, #rrggbb
	Rows     [][]any     `json:"rows"`
	// More holds, for each row of the article table, what opening the
	// row shows: the article's address (an articleURL, which the title
	// links to) and the snippets of its first passages.
	More []rowMore `json:"more,omitempty"`
}

type rowMore struct {
	URL  string   `json:"u,omitempty"`
	Text []string `json:"t,omitempty"`
}

type clusterCell struct {
	C int    `json:"c"`
	T string `json:"t,omitempty"`
}

func marshalTable(t tableJSON) (template.JS, error) {
	if t.Rows == nil {
		t.Rows = [][]any{}
	}
	b, err := json.Marshal(t)
	if err != nil {
		return "", fmt.Errorf("report: table rows: %w", err)
	}
	// JSON escaped for HTML, inside a script element of type
	// application/json: data, never run.
	return template.JS(b), nil
}

func articleRowsJSON(v *view) (template.JS, error) {
	var t tableJSON
	for _, c := range v.Clusters {
		t.Clusters = append(t.Clusters, [2]string{c.Name + " · " + c.Label, c.Color})
	}
	for _, a := range v.Articles {
		var cl any = ""
		if a.ClusterName != "" {
			cc := clusterCell{C: a.Cluster}
			if v.Paragraph {
				cc.T = fmt.Sprintf("(%d/%d)", a.ClusterUnits, a.Units)
			}
			cl = cc
		}
		row := []any{a.ID, a.Title}
		if v.HasDate {
			row = append(row, a.Date)
		}
		if v.HasSource {
			row = append(row, a.Source)
		}
		if v.HasLabel {
			row = append(row, a.Label)
		}
		row = append(row, cl, a.Score)
		if v.Paragraph {
			row = append(row, a.Units)
		}
		t.Rows = append(t.Rows, row)
		t.More = append(t.More, rowMore{URL: a.URL, Text: a.Text})
	}
	return marshalTable(t)
}

func themeRowsJSON(v *view) (template.JS, error) {
	var t tableJSON
	for _, r := range v.ThemeRows {
		row := []any{r.Article, r.Title, r.About}
		for _, s := range r.Relevance {
			row = append(row, s) // "0.26": a number column sorts by parseFloat
		}
		t.Rows = append(t.Rows, row)
	}
	return marshalTable(t)
}

const htmlSource = `<!DOCTYPE html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>{{.Title}}</title>
<style>
:root { --ink: #1f2328; --muted: #59636e; --line: #d8dee4; --bg: #f6f8fa; --accent: #0b5cad; }
* { box-sizing: border-box; }
body { margin: 0; color: var(--ink); background: #fff;
  font: 15px/1.5 system-ui, -apple-system, "Segoe UI", Roboto, "Helvetica Neue", Arial, sans-serif; }
header.top { background: var(--bg); border-bottom: 1px solid var(--line); }
header.top > div, main { max-width: 1180px; margin: 0 auto; padding: 0 24px; }
header.top h1 { margin: 0; padding: 20px 0 4px; font-size: 1.7rem; }
header.top p { margin: 0 0 10px; color: var(--muted); }
nav { display: flex; flex-wrap: wrap; gap: 4px 18px; padding-bottom: 12px; }
nav a { color: var(--accent); text-decoration: none; font-weight: 600; }
nav a:hover { text-decoration: underline; }
section { padding: 8px 0 24px; border-bottom: 1px solid var(--line); }
h2 { font-size: 1.35rem; margin: 24px 0 12px; }
h3 { font-size: 1.05rem; margin: 20px 0 8px; }
.muted, .note { color: var(--muted); }
.note { font-size: .9rem; }
dl.facts { display: grid; grid-template-columns: max-content 1fr; gap: 4px 16px; margin: 0; }
dl.facts dt { color: var(--muted); }
dl.facts dd { margin: 0; }
table { border-collapse: collapse; width: 100%; font-size: .9rem; margin: 8px 0; }
th, td { text-align: left; padding: 5px 8px; border-bottom: 1px solid var(--line); vertical-align: top; }
th { background: var(--bg); font-weight: 600; white-space: nowrap; }
td.nowrap { white-space: nowrap; }
th.wrap { white-space: normal; min-width: 5em; }
td.num, th.num { text-align: right; font-variant-numeric: tabular-nums; white-space: nowrap; }
table.compact { width: auto; min-width: 40%; }
.scroll { overflow-x: auto; max-height: 640px; overflow-y: auto; border: 1px solid var(--line); border-radius: 6px; }
.scroll table { margin: 0; }
.scroll th { position: sticky; top: 0; z-index: 1; }
table.sortable th { cursor: pointer; user-select: none; }
table.sortable th::after { content: " \2195"; color: #aab; font-weight: normal; }
table.sortable th[aria-sort=ascending]::after { content: " \25B2"; color: var(--ink); }
table.sortable th[aria-sort=descending]::after { content: " \25BC"; color: var(--ink); }
figure { margin: 16px 0; }
figure svg { display: block; max-width: 100%; height: auto; }
figcaption { color: var(--muted); font-size: .85rem; margin-top: 4px; }
.cards { display: grid; grid-template-columns: repeat(auto-fill, minmax(340px, 1fr)); gap: 16px; }
.card { min-width: 0; overflow-wrap: anywhere; border: 1px solid var(--line); border-top: 5px solid var(--c, #888); border-radius: 8px; padding: 12px 16px; background: #fff; }
.card h3 { margin: 0 0 2px; }
.card .size { color: var(--muted); font-size: .9rem; margin: 0 0 8px; }
.swatch { display: inline-block; width: .8em; height: .8em; border-radius: 2px; background: var(--c, #888); vertical-align: baseline; margin-right: 4px; }
ul.terms { list-style: none; padding: 0; margin: 0 0 8px; }
ul.terms li { display: grid; grid-template-columns: 9.5em 1fr 3.5em; align-items: center; gap: 8px; font-size: .9rem; }
ul.terms .w { text-align: right; color: var(--muted); font-variant-numeric: tabular-nums; }
.bar { height: .55em; background: var(--c, #888); border-radius: 2px; opacity: .8; }
ul.terms .word { overflow: hidden; text-overflow: ellipsis; white-space: nowrap; }
ol.reps { padding-left: 1.2em; margin: 0; font-size: .9rem; }
ol.reps li { margin-bottom: 6px; }
ol.reps .snip { color: var(--muted); display: block; }
ul.kwic { font-size: .85rem; color: var(--muted); padding-left: 1.2em; margin: 0; }
ul.kwic li { margin-bottom: 4px; }
mark { background: none; color: var(--ink); font-weight: 600; }
.pager { display: flex; gap: 12px; align-items: center; margin: 8px 0; }
.pager button { font: inherit; padding: 4px 12px; border: 1px solid var(--line); border-radius: 6px; background: var(--bg); cursor: pointer; }
.pager button:disabled { cursor: default; opacity: .45; }
.pager[hidden] { display: none; }
input[type=search] { font: inherit; padding: 6px 10px; width: min(420px, 100%); border: 1px solid var(--line); border-radius: 6px; }
.filterbar { display: flex; gap: 12px; align-items: center; flex-wrap: wrap; margin: 8px 0; }
#article-table tbody tr:not(.more) { cursor: pointer; }
#article-table tbody tr.open > td { border-bottom-color: transparent; }
button.disclose { font: inherit; border: 0; background: none; padding: 0 .35em 0 0; color: var(--muted); cursor: pointer; }
tr.more td { background: var(--bg); padding: 6px 12px 10px 2.2em; }
tr.more p { margin: 4px 0; max-width: 60em; }
a.ext { color: var(--accent); }
footer { max-width: 1180px; margin: 0 auto; padding: 16px 24px 40px; color: var(--muted); font-size: .85rem; }
@media print { .scroll { max-height: none; overflow: visible; } nav, .filterbar { display: none; } }
</style>
</head>
<body>
<header class="top"><div>
<h1>{{.Title}}</h1>
<p>{{.Counts.Articles}} articles{{if .Paragraph}} · {{.Counts.Units}} passages{{end}} · {{.NClusters}} clusters{{if .DateFrom}} · {{.DateFrom}}{{if ne .DateFrom .DateTo}} to {{.DateTo}}{{end}}{{end}}{{if .Counts.Skipped}} · {{.Counts.Skipped}} skipped{{end}}</p>
<nav aria-label="Sections"><a href="#overview">Overview</a><a href="#clusters">Clusters</a><a href="#themes">Themes</a><a href="#similarity">Similarity</a><a href="#map">Map</a><a href="#articles">Articles</a></nav>
</div></header>
<main>

<section id="overview">
<h2>Overview</h2>
<dl class="facts">
<dt>Articles analysed</dt><dd>{{.Counts.Articles}}</dd>
{{if .Paragraph}}<dt>Passages analysed</dt><dd>{{.Counts.Units}} (each article is split into paragraphs, which are clustered separately)</dd>
{{end}}<dt>Clusters</dt><dd>{{.NClusters}}</dd>
<dt>Date range</dt><dd>{{if .DateFrom}}{{.DateFrom}}{{if ne .DateFrom .DateTo}} to {{.DateTo}}{{end}}{{else}}<span class="muted">no dates</span>{{end}}</dd>
<dt>Sources</dt><dd>{{range $i, $s := .Sources}}{{if $i}}, {{end}}{{$s.Source}} ({{$s.N}}){{else}}<span class="muted">not given</span>{{end}}{{if .MoreSrc}} and {{.MoreSrc}} more{{end}}</dd>
<dt>Inputs skipped</dt><dd>{{.Counts.Skipped}}</dd>
{{if .Stability}}<dt>Stability</dt><dd>{{.Stability}} <span class="muted">(agreement between repeated clusterings, on subsamples or from other seeds; 1 = the same clusters every time, near 0 = no groups that hold up)</span></dd>
{{end}}</dl>
{{with .Settings}}
<h3>Settings</h3>
<table class="compact"><thead><tr><th>Setting</th><th>Value</th></tr></thead><tbody>
{{range .}}<tr><td>{{.Name}}</td><td>{{.Value}}</td></tr>
{{end}}</tbody></table>
{{end}}
<h3>Skipped inputs</h3>
{{if .Skipped}}<div class="scroll"><table><thead><tr><th>Input</th><th>Reason</th></tr></thead><tbody>
{{range .Skipped}}<tr><td>{{.Input}}</td><td>{{.Reason}}</td></tr>
{{end}}</tbody></table></div>
{{else}}<p class="muted">None: every input was analysed.</p>
{{end}}
{{with .Notes}}<h3>Notes</h3><ul>{{range .}}<li>{{.}}</li>{{end}}</ul>{{end}}
</section>

{{with .Changed}}<section id="changed">
<h2>What changed</h2>
<div class="scroll"><table class="sortable" id="changed-table"><thead><tr><th>Cluster</th><th>Label</th><th>Change</th><th class="num" data-type="num">Before</th><th class="num" data-type="num">Now</th><th class="num" data-type="num">Difference</th><th class="num" data-type="num">New stories</th></tr></thead><tbody>
{{range .}}<tr><td>{{.Name}}</td><td>{{.Label}}</td><td>{{.Change}}</td><td class="num">{{.Before}}</td><td class="num">{{.After}}</td><td class="num">{{.Delta}}</td><td class="num">{{.NewStories}}</td></tr>
{{end}}</tbody></table></div>
{{if index $.Charts "cluster-volume"}}<figure>{{index $.SVG "cluster-volume"}}<figcaption>Articles of each cluster per period, from their dates.</figcaption></figure>{{end}}
</section>
{{end}}<section id="clusters">
<h2>Clusters</h2>
{{if .Clusters}}
{{if index .Charts "cluster-sizes"}}<figure>{{index .SVG "cluster-sizes"}}<figcaption>Number of {{.UnitWord}} in each cluster.</figcaption></figure>{{end}}
<div class="cards">
{{range .Clusters}}<article class="card" id="cluster-{{.ID}}" style="--c: {{css .Color}}">
<h3><span class="swatch" title="{{.Shape}} on the map"></span>{{.Name}} · {{.Label}}</h3>
<p class="size">{{.SizeText}}{{if .Share}} ({{.Share}}){{end}}{{if $.Paragraph}} from {{.ArtText}}{{end}}</p>
{{if .Terms}}<ul class="terms" aria-label="Top terms">
{{range .Terms}}<li><span class="word">{{.Word}}</span><span class="bar" style="width: {{.Pct}}%"></span><span class="w">{{.Weight}}</span></li>
{{end}}</ul>{{if .MoreTerm}}<p class="note">and {{.MoreTerm}} more terms in clusters.json</p>{{end}}{{end}}
{{if .Reps}}<h4 class="muted">Most representative</h4>
<ol class="reps">
{{range .Reps}}{{if $.Paragraph}}<li>{{if .Snippet}}“{{short .Snippet}}”{{else}}{{.ID}}{{end}}<span class="snip">{{label .Article .Title}} · {{.ID}}{{if .Score}} · score {{.Score}}{{end}}</span></li>
{{else}}<li><strong>{{label .Article .Title}}</strong> <span class="muted">{{.ID}}{{if .Score}} · score {{.Score}}{{end}}</span>{{if .Snippet}}<span class="snip">{{short .Snippet}}</span>{{end}}</li>{{end}}
{{end}}</ol>{{end}}
{{with .Contexts}}<h4 class="muted">In context</h4><ul class="kwic">{{range .}}<li>{{range .}}{{if .Hit}}<mark>{{.Text}}</mark>{{else}}{{.Text}}{{end}}{{end}}</li>{{end}}</ul>{{end}}
</article>
{{end}}</div>
{{if index .Charts "top-terms"}}<figure>{{index .SVG "top-terms"}}<figcaption>The words that most set each cluster apart, with their weights.</figcaption></figure>{{end}}
{{if index .Charts "choice-of-k"}}<figure>{{index .SVG "choice-of-k"}}<figcaption>How each number of clusters tried scored{{if .KCriterion}}: {{.KCriterion}}{{end}}; the ringed point is the one used.</figcaption></figure>{{end}}
{{if .Tree}}<h3>Broader groups</h3><p class="muted">How the clusters nest: each line merges clusters whose centres are closest (average cosine), so the few broad themes show above the many stories.</p>
{{range .Tree}}<p><strong>{{len .Groups}} groups:</strong> {{range $i, $g := .Groups}}{{if $i}} · {{end}}<span class="nowrap">[{{range $j, $c := $g.Clusters}}{{if $j}} {{end}}C{{$c}}{{end}}] {{$g.Label}} ({{$g.Size}})</span>{{end}}</p>
{{end}}{{end}}
{{else}}<p class="muted">No clusters.</p>{{end}}
</section>

<section id="themes">
<h2>Themes</h2>
{{if .Themes}}
<p>{{.ThemeRule}}</p>
<h3>Words learned per theme</h3>
<p class="note">Each theme is learned from its words in the themes file: these are the words that most set its articles apart. Check them, and refine the themes file: add the right ones, remove a seed word that pulls in the wrong articles.</p>
<div class="scroll"><table id="theme-terms-table"><thead><tr><th>Theme</th><th>Learned words</th></tr></thead><tbody>
{{range .ThemeTerms}}<tr><td class="nowrap">{{.Name}}</td><td>{{if .Words}}{{.Words}}{{else}}<span class="muted">(none: no article uses its words)</span>{{end}}</td></tr>
{{end}}</tbody></table></div>
{{if index .Charts "theme-relevance"}}<figure>{{index .SVG "theme-relevance"}}<figcaption>Each group of bars is one article, a bar per theme; the dashed line is where an article becomes about a theme, and the number at the right counts the themes it is about.</figcaption></figure>{{end}}
<h3>Relevance per article</h3>
<div class="scroll"><table class="sortable" id="theme-table" data-rows="theme-rows"><thead><tr><th>Article</th><th>Title</th><th>About</th>{{range .Themes}}<th class="num wrap" data-type="num" title="Relevance: the share of the article's weight this theme explains">{{.}}</th>{{end}}</tr></thead><tbody>
{{range $row := .ThemeFirst}}<tr><td>{{$row.Article}}</td><td>{{$row.Title}}</td><td>{{$row.About}}</td>{{range $i, $s := $row.Relevance}}<td class="num">{{if index $row.IsAbout $i}}<strong>{{$s}}</strong>{{else}}{{$s}}{{end}}</td>{{end}}</tr>
{{end}}</tbody></table></div>
<div class="pager" id="theme-table-pager" hidden><button type="button" data-step="-1">‹ Previous</button><span class="note pageinfo"></span><button type="button" data-step="1">Next ›</button></div>
{{if gt (len .ThemeRows) .PageSize}}<p class="note nojs">The first {{.PageSize}} of {{len .ThemeRows}} articles; themes.csv lists them all.</p>{{end}}
<script type="application/json" id="theme-rows">{{.ThemeJSON}}</script>
<h3>Articles about each theme</h3>
{{if index .Charts "theme-coverage"}}<figure>{{index .SVG "theme-coverage"}}<figcaption>The share of the articles about each theme, of all articles and of each source's.</figcaption></figure>{{end}}
<div class="scroll"><table class="sortable" id="theme-coverage-table"><thead><tr><th>Group</th><th class="num" data-type="num">Articles</th>{{range $.Themes}}<th class="num wrap" data-type="num">{{.}}</th>{{end}}</tr></thead><tbody>
{{range $row := .ThemeCoverage}}<tr><td>{{$row.Name}}</td><td class="num">{{$row.Total}}</td>{{range $i, $s := $row.Cells}}<td class="num" data-v="{{index $row.Values $i}}">{{$s}}</td>{{end}}</tr>
{{end}}</tbody></table></div>
{{with .ThemeTime}}<h3>Themes over time</h3>
{{if index $.Charts "themes-over-time"}}<figure>{{index $.SVG "themes-over-time"}}<figcaption>The number of articles about each theme per {{$.ThemePeriod}}; a {{$.ThemePeriod}} without articles counts 0.</figcaption></figure>{{end}}
<div class="scroll"><table class="sortable" id="theme-time-table"><thead><tr><th>{{$.ThemePeriodTitle}}</th><th class="num" data-type="num">Articles</th>{{range $.Themes}}<th class="num wrap" data-type="num">{{.}}</th>{{end}}</tr></thead><tbody>
{{range $row := .}}<tr><td class="nowrap">{{$row.Name}}</td><td class="num">{{$row.Total}}</td>{{range $i, $s := $row.Cells}}<td class="num" data-v="{{index $row.Values $i}}">{{$s}}</td>{{end}}</tr>
{{end}}</tbody></table></div>
{{end}}
{{with .ThemeUndatedNote}}<p class="note">{{.}}</p>{{end}}
{{else}}<p class="muted">No themes were given for this analysis.</p>{{end}}
</section>

<section id="similarity">
<h2>Similarity</h2>
{{if index .Charts "similarity-heatmap"}}<figure>{{index .SVG "similarity-heatmap"}}<figcaption>Cosine similarity between articles: 0 means no shared weighted words, 1 the same wording.</figcaption></figure>{{end}}
{{if .Pairs}}<h3>Most similar pairs</h3>
<div class="scroll"><table class="sortable"><thead><tr><th class="num" data-type="num">#</th><th>Article</th><th>Similar article</th><th class="num" data-type="num">Cosine</th></tr></thead><tbody>
{{range $i, $p := .Pairs}}<tr><td class="num">{{add1 $i}}</td><td>{{label $p.A.ID $p.A.Title}} <span class="muted">{{$p.A.ID}}</span></td><td>{{label $p.B.ID $p.B.Title}} <span class="muted">{{$p.B.ID}}</span></td><td class="num">{{$p.Cosine}}</td></tr>
{{end}}</tbody></table></div>
{{if .MorePairs}}<p class="note">{{.MorePairs}} more pairs are listed in similarity.csv.</p>{{end}}
{{else}}<p class="muted">No article pairs to compare.</p>{{end}}
{{with .Groups}}<h3 id="same-story">Same-story groups</h3>
<p class="note">{{plural (len $.Groups | add $.MoreGroups) "group"}} of articles that tell the same story in (almost) the same words, {{$.GroupArts}} articles in all.{{if $.MoreGroups}} The first {{len $.Groups}} are listed; duplicates.csv has them all.{{end}}</p>
<div class="scroll"><table id="group-table"><thead><tr><th class="num">#</th><th>Articles</th></tr></thead><tbody>
{{range $g, $refs := .}}<tr><td class="num">{{add1 $g}}</td><td>{{range $i, $r := $refs}}{{if $i}}<br>{{end}}{{label $r.ID $r.Title}} <span class="muted">{{$r.ID}}</span>{{end}}</td></tr>
{{end}}</tbody></table></div>{{end}}
</section>

<section id="map">
<h2>Map</h2>
{{if index .Charts "article-map"}}<figure>{{index .SVG "article-map"}}<figcaption>Every {{if .Paragraph}}passage{{else}}article{{end}} placed so that similar wording lies close together, coloured by cluster.</figcaption></figure>
{{else}}<p class="muted">No map positions.</p>{{end}}
</section>

<section id="articles">
<h2>Articles</h2>
<div class="filterbar"><input type="search" id="filter" placeholder="Filter articles…" aria-label="Filter articles" aria-controls="article-table"><span class="note" id="filter-count">{{len .Articles}} articles</span></div>
<p class="note">Click a column header to sort; type to filter by any column; click a row (or its ▸) to read the start of the article{{if .HasURL}} and follow its title to the original{{end}}. Score is the cosine similarity between an article{{if .Paragraph}}'s passages (averaged){{end}} and its cluster's centre: the higher, the more typical of the cluster.</p>
<div class="scroll"><table class="sortable" id="article-table" data-rows="article-rows"><thead><tr><th>ID</th><th>Title</th>{{if .HasDate}}<th class="nowrap">Date</th>{{end}}{{if .HasSource}}<th>Source</th>{{end}}{{if .HasLabel}}<th>Label</th>{{end}}<th class="nowrap">Cluster</th><th class="num" data-type="num">Score</th>{{if .Paragraph}}<th class="num" data-type="num">Passages</th>{{end}}</tr></thead><tbody>
{{range .ArticleFirst}}<tr><td>{{.ID}}</td><td>{{if .URL}}<a href="{{.URL}}" target="_blank" rel="noopener noreferrer">{{.Title}}</a>{{else}}{{.Title}}{{end}}</td>{{if $.HasDate}}<td class="nowrap">{{.Date}}</td>{{end}}{{if $.HasSource}}<td>{{.Source}}</td>{{end}}{{if $.HasLabel}}<td>{{.Label}}</td>{{end}}<td class="nowrap">{{if .ClusterName}}<span class="swatch" style="--c: {{css .Color}}"></span>{{.ClusterName}} · {{.ClusterLabel}}{{if $.Paragraph}} <span class="muted">({{.ClusterUnits}}/{{.Units}})</span>{{end}}{{end}}</td><td class="num">{{.Score}}</td>{{if $.Paragraph}}<td class="num">{{.Units}}</td>{{end}}</tr>
{{end}}</tbody></table></div>
<div class="pager" id="article-table-pager" hidden><button type="button" data-step="-1">‹ Previous</button><span class="note pageinfo"></span><button type="button" data-step="1">Next ›</button></div>
{{if gt (len .Articles) .PageSize}}<p class="note nojs">The first {{.PageSize}} of {{len .Articles}} articles; assignments.csv lists them all.</p>{{end}}
<script type="application/json" id="article-rows">{{.ArticleJSON}}</script>
</section>
</main>
<footer>Generated by newsclust. Cluster names C0, C1, … carry the cluster ids of the data files (clusters.json, assignments.csv).</footer>
<script>
(function () {
  "use strict";
  var collator = new Intl.Collator(undefined, {numeric: true, sensitivity: "base"});
  function numeric(x) {
    var v = typeof x === "number" ? x : parseFloat(x);
    return isNaN(v) ? -Infinity : v;
  }
  function compare(x, y, num) { return num ? numeric(x) - numeric(y) : collator.compare(String(x), String(y)); }
  // Clicking a header (or Enter/Space on it) sorts; a second click reverses.
  function sortable(table, sortBy) {
    var heads = table.tHead.rows[0].cells;
    for (var c = 0; c < heads.length; c++) {
      (function (th, col) {
        th.tabIndex = 0;
        th.setAttribute("aria-sort", "none");
        function go() {
          var asc = th.getAttribute("aria-sort") !== "ascending";
          for (var h = 0; h < heads.length; h++) { heads[h].setAttribute("aria-sort", "none"); }
          th.setAttribute("aria-sort", asc ? "ascending" : "descending");
          sortBy(col, th.getAttribute("data-type") === "num", asc);
        }
        th.addEventListener("click", go);
        th.addEventListener("keydown", function (e) {
          if (e.key === "Enter" || e.key === " ") { e.preventDefault(); go(); }
        });
      })(heads[c], c);
    }
  }
  // Small tables: their rows are in the page and are sorted in place.
  function domTable(table) {
    sortable(table, function (col, num, asc) {
      var body = table.tBodies[0];
      var rows = Array.prototype.slice.call(body.rows);
      function key(row) {
        var cell = row.cells[col];
        return cell.hasAttribute("data-v") ? cell.getAttribute("data-v") : cell.textContent.trim();
      }
      rows.sort(function (a, b) { var r = compare(key(a), key(b), num); return asc ? r : -r; });
      for (var i = 0; i < rows.length; i++) { body.appendChild(rows[i]); }
    });
  }
  // Large tables: rows come from JSON and are drawn a page at a time, so
  // that sorting and filtering work over all of them however many.
  function dataTable(table, data) {
    var PAGE = 100;
    var rows = data.rows, clusters = data.clusters || [];
    // The article table's rows open to show the start of the article and
    // a link to it: more[i] is {u: address, t: [snippets]}.
    var more = data.more || null, opened = {};
    var heads = table.tHead.rows[0].cells;
    var pager = document.getElementById(table.id + "-pager");
    var filter = table.id === "article-table" ? document.getElementById("filter") : null;
    var count = document.getElementById("filter-count");
    var order = rows.map(function (_, i) { return i; }), shown = order, page = 0, haystack = null;
    function key(cell) { return cell !== null && typeof cell === "object" ? cell.c : cell; }
    function text(cell) {
      if (cell !== null && typeof cell === "object") {
        var cl = clusters[cell.c];
        return (cl ? cl[0] : "") + (cell.t ? " " + cell.t : "");
      }
      return String(cell);
    }
    function td(cell, col) {
      var el = document.createElement("td");
      if (heads[col].className) { el.className = heads[col].className; }
      if (cell !== null && typeof cell === "object") {
        var cl = clusters[cell.c] || ["", "#888"];
        var sw = document.createElement("span");
        sw.className = "swatch";
        sw.style.setProperty("--c", cl[1]);
        el.appendChild(sw);
        el.appendChild(document.createTextNode(cl[0]));
        if (cell.t) {
          var m = document.createElement("span");
          m.className = "muted";
          m.textContent = cell.t;
          el.appendChild(document.createTextNode(" "));
          el.appendChild(m);
        }
      } else {
        el.textContent = text(cell);
      }
      return el;
    }
    // safe is the address to link to: http or https only (the report
    // checked it already; this is belt and braces).
    function safe(u) { return typeof u === "string" && /^https?:\/\//i.test(u) ? u : ""; }
    function link(u, label) {
      var a = document.createElement("a");
      a.href = u;
      a.target = "_blank";
      a.rel = "noopener noreferrer";
      a.className = "ext";
      a.textContent = label;
      return a;
    }
    // The title cell of row i: a disclosure button, then the title,
    // linked to the article when it has an address.
    function titleCell(el, i) {
      var b = document.createElement("button");
      b.type = "button";
      b.className = "disclose";
      b.setAttribute("aria-expanded", opened[i] ? "true" : "false");
      b.setAttribute("aria-label", "Show the start of the article");
      b.textContent = opened[i] ? "\u25BE" : "\u25B8";
      var t = el.textContent, u = safe(more[i] && more[i].u);
      el.textContent = "";
      el.appendChild(b);
      el.appendChild(u ? link(u, t) : document.createTextNode(t));
    }
    // detail is the row shown under row i when it is open.
    function detail(i) {
      var tr = document.createElement("tr"), td = document.createElement("td");
      tr.className = "more";
      td.colSpan = heads.length;
      var m = more[i] || {}, text = m.t || [], u = safe(m.u);
      for (var k = 0; k < text.length; k++) {
        var p = document.createElement("p");
        p.textContent = text[k];
        td.appendChild(p);
      }
      if (!text.length) {
        var none = document.createElement("p");
        none.className = "muted";
        none.textContent = "No text was kept for this article.";
        td.appendChild(none);
      }
      if (u) {
        var p2 = document.createElement("p");
        p2.appendChild(link(u, "Read the article \u2197"));
        var host = document.createElement("span");
        host.className = "muted";
        host.textContent = " " + u.replace(/^https?:\/\/([^\/?#]*).*$/i, "$1");
        p2.appendChild(host);
        td.appendChild(p2);
      }
      tr.appendChild(td);
      return tr;
    }
    function toggle(tr) {
      var i = parseInt(tr.getAttribute("data-i"), 10), b = tr.querySelector("button.disclose");
      var next = tr.nextElementSibling;
      if (opened[i]) {
        delete opened[i];
        if (next && next.className === "more") { next.parentNode.removeChild(next); }
      } else {
        opened[i] = true;
        tr.parentNode.insertBefore(detail(i), next);
      }
      tr.classList.toggle("open", !!opened[i]);
      if (b) {
        b.setAttribute("aria-expanded", opened[i] ? "true" : "false");
        b.textContent = opened[i] ? "\u25BE" : "\u25B8";
      }
    }
    if (more) {
      table.addEventListener("click", function (e) {
        var tr = e.target.closest("tr");
        if (!tr || tr.parentNode !== table.tBodies[0] || !tr.hasAttribute("data-i")) { return; }
        if (e.target.closest("a")) { return; } // the link opens the article
        // Selecting text in a row does not open it.
        if (!e.target.closest("button") && String(window.getSelection()) !== "") { return; }
        toggle(tr);
      });
    }
    function draw() {
      var pages = Math.max(1, Math.ceil(shown.length / PAGE));
      page = Math.min(Math.max(page, 0), pages - 1);
      var body = document.createElement("tbody");
      var end = Math.min(shown.length, (page + 1) * PAGE);
      for (var i = page * PAGE; i < end; i++) {
        var tr = document.createElement("tr"), row = rows[shown[i]];
        for (var c = 0; c < row.length; c++) { tr.appendChild(td(row[c], c)); }
        body.appendChild(tr);
        if (more) {
          tr.setAttribute("data-i", shown[i]);
          titleCell(tr.cells[1], shown[i]);
          if (opened[shown[i]]) {
            tr.classList.add("open");
            body.appendChild(detail(shown[i]));
          }
        }
      }
      table.replaceChild(body, table.tBodies[0]);
      if (pager) {
        pager.hidden = shown.length <= PAGE;
        pager.querySelector(".pageinfo").textContent = shown.length ?
          "Rows " + (page * PAGE + 1) + "–" + end + " of " + shown.length : "";
        pager.querySelector("[data-step='-1']").disabled = page === 0;
        pager.querySelector("[data-step='1']").disabled = page >= pages - 1;
      }
      if (filter && count) {
        count.textContent = filter.value.trim() ? shown.length + " of " + rows.length + " articles" : rows.length + " articles";
      }
    }
    function refilter() {
      var q = filter ? filter.value.trim().toLowerCase() : "";
      if (!q) { shown = order; return; }
      if (!haystack) { haystack = rows.map(function (r) { return r.map(text).join(" ").toLowerCase(); }); }
      shown = order.filter(function (i) { return haystack[i].indexOf(q) >= 0; });
    }
    sortable(table, function (col, num, asc) {
      order = order.slice().sort(function (a, b) {
        var r = compare(key(rows[a][col]), key(rows[b][col]), num);
        return (asc ? r : -r) || a - b;
      });
      refilter();
      page = 0;
      draw();
    });
    if (filter) {
      filter.addEventListener("input", function () { refilter(); page = 0; draw(); });
    }
    if (pager) {
      var buttons = pager.querySelectorAll("button");
      for (var b = 0; b < buttons.length; b++) {
        buttons[b].addEventListener("click", function (e) {
          page += parseInt(e.currentTarget.getAttribute("data-step"), 10);
          draw();
        });
      }
    }
    var note = table.parentNode.parentNode.querySelectorAll(".nojs");
    for (var n = 0; n < note.length; n++) { note[n].hidden = true; }
    refilter();
    draw();
  }
  var tables = document.querySelectorAll("table.sortable");
  for (var t = 0; t < tables.length; t++) {
    var src = tables[t].getAttribute("data-rows");
    var el = src && document.getElementById(src);
    if (el) { dataTable(tables[t], JSON.parse(el.textContent)); } else { domTable(tables[t]); }
  }
})();
</script>
</body>
</html>
`
