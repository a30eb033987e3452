package report

import (
	"bufio"
	"cmp"
	"fmt"
	"io"
	"path"
	"strconv"
	"strings"
)

// mdWriter writes Markdown, keeping the first write error.
type mdWriter struct {
	w   *bufio.Writer
	err error
}

func (m *mdWriter) printf(format string, args ...any) {
	if m.err == nil {
		_, m.err = fmt.Fprintf(m.w, format, args...)
	}
}

// row writes one table row of already-escaped cells.
func (m *mdWriter) row(cells ...string) {
	m.printf("| %s |\n", strings.Join(cells, " | "))
}

// header writes a table header; right-aligned columns are named in right.
func (m *mdWriter) header(cols []string, right ...int) {
	m.row(cols...)
	seps := make([]string, len(cols))
	for i := range seps {
		seps[i] = "---"
	}
	for _, r := range right {
		seps[r] = "--:"
	}
	m.row(seps...)
}

// mdLink returns the link target for chart name in chartDir, wrapped in
// angle brackets when it holds characters a bare link cannot.
func mdLink(chartDir, name string) string {
	p := path.Join(chartDir, name+".png")
	if chartDir == "" {
		p = name + ".png"
	}
	if strings.ContainsAny(p, " ()<>") {
		return "<" + strings.NewReplacer("<", "%3C", ">", "%3E").Replace(p) + ">"
	}
	return p
}

// mdRef is an article shown by title (escaped) with its id in code style.
func mdRef(r articleRef) string {
	return mdTitle(r.ID, r.Title) + " (" + mdText(r.ID) + ")"
}

func mdTitle(id, title string) string {
	if clean(title) != "" {
		return mdText(title)
	}
	return mdText(id)
}

// writeMarkdown writes the Markdown report of a to w, linking charts in
// chartDir; its sections mirror the HTML report's.
func writeMarkdown(w io.Writer, a *Analysis, chartDir string) error {
	r := &mdReport{mdWriter: &mdWriter{w: bufio.NewWriter(w)}, v: buildView(a), chartDir: chartDir}
	r.heading()
	r.overview()
	r.settings()
	r.skipped()
	r.notes()
	r.changed()
	r.clusters()
	r.themes()
	r.similarity()
	r.mapSection()
	r.articles()
	if r.err != nil {
		return r.err
	}
	return r.w.Flush()
}

// mdReport writes the sections of the Markdown report of view v.
type mdReport struct {
	*mdWriter
	v        *view
	chartDir string // where the charts' images are, relative to the report
}

// tree lists how the clusters nest into broader groups, coarsest first.
func (r *mdReport) tree() {
	if len(r.v.Tree) == 0 {
		return
	}
	r.printf("### Broader groups\n\n*How the clusters nest: each line merges the clusters whose centres are closest (average cosine), so the few broad themes show above the many stories.*\n\n")
	for _, l := range r.v.Tree {
		var parts []string
		for _, g := range l.Groups {
			ids := make([]string, len(g.Clusters))
			for i, c := range g.Clusters {
				ids[i] = clusterName(c)
			}
			parts = append(parts, fmt.Sprintf("[%s] %s (%d)", strings.Join(ids, " "), mdText(g.Label), g.Size))
		}
		r.printf("- **%d groups:** %s\n", len(l.Groups), strings.Join(parts, " · "))
	}
	r.printf("\n")
}

// chart shows the chart called name with its caption, if it was drawn.
func (r *mdReport) chart(name, caption string) {
	if r.v.Charts[name] {
		r.printf("![%s](%s)\n\n*%s*\n\n", chartTitles[name], mdLink(r.chartDir, name), caption)
	}
}

// heading writes the title, a one-line summary and the contents.
func (r *mdReport) heading() {
	v := r.v
	r.printf("# %s\n\n", mdText(v.Title))
	summary := fmt.Sprintf("%d articles", v.Counts.Articles)
	if v.Paragraph {
		summary += fmt.Sprintf(" · %d passages", v.Counts.Units)
	}
	summary += fmt.Sprintf(" · %d clusters", v.NClusters)
	r.printf("%s\n\n", summary)
	r.printf("Contents: [Overview](#overview) · [Clusters](#clusters) · [Themes](#themes) · [Similarity](#similarity) · [Map](#map) · [Articles](#articles)\n\n")
}

// overview writes the list of what was analysed: counts, dates, sources,
// inputs skipped and stability.
func (r *mdReport) overview() {
	v := r.v
	r.printf("## Overview\n\n")
	r.printf("- Articles analysed: %d\n", v.Counts.Articles)
	if v.Paragraph {
		r.printf("- Passages analysed: %d (each article is split into paragraphs, which are clustered separately)\n", v.Counts.Units)
	}
	r.printf("- Clusters: %d\n", v.NClusters)
	switch {
	case v.DateFrom == "":
		r.printf("- Date range: no dates\n")
	case v.DateFrom == v.DateTo:
		r.printf("- Date range: %s\n", v.DateFrom)
	default:
		r.printf("- Date range: %s to %s\n", v.DateFrom, v.DateTo)
	}
	if len(v.Sources) == 0 {
		r.printf("- Sources: not given\n")
	} else {
		var s []string
		for _, sc := range v.Sources {
			s = append(s, fmt.Sprintf("%s (%d)", mdText(sc.Source), sc.N))
		}
		more := ""
		if v.MoreSrc > 0 {
			more = fmt.Sprintf(" and %d more", v.MoreSrc)
		}
		r.printf("- Sources: %s%s\n", strings.Join(s, ", "), more)
	}
	r.printf("- Inputs skipped: %d\n", v.Counts.Skipped)
	if v.Stability != "" {
		r.printf("- Stability: %s (agreement between repeated clusterings, on subsamples or from other seeds; 1 = the same clusters every time, near 0 = no groups that hold up)\n", v.Stability)
	}
	r.printf("\n")
}

// settings writes the table of the analysis settings, if any.
func (r *mdReport) settings() {
	if len(r.v.Settings) == 0 {
		return
	}
	r.printf("### Settings\n\n")
	r.header([]string{"Setting", "Value"})
	for _, s := range r.v.Settings {
		r.row(mdText(s.Name), mdText(s.Value))
	}
	r.printf("\n")
}

// skipped writes the table of the inputs skipped, and why.
func (r *mdReport) skipped() {
	r.printf("### Skipped inputs\n\n")
	if len(r.v.Skipped) == 0 {
		r.printf("None: every input was analysed.\n\n")
		return
	}
	r.header([]string{"Input", "Reason"})
	for _, s := range r.v.Skipped {
		r.row(mdText(s.Input), mdText(s.Reason))
	}
	r.printf("\n")
}

// notes writes the notes on the analysis, if any.
func (r *mdReport) notes() {
	if len(r.v.Notes) == 0 {
		return
	}
	r.printf("### Notes\n\n")
	for _, n := range r.v.Notes {
		r.printf("- %s\n", mdText(n))
	}
	r.printf("\n")
}

// changed writes the What changed section after an update or an
// aligned analysis: each cluster before and now, and the volume chart.
func (r *mdReport) changed() {
	if r.v.Changed == nil {
		return
	}
	r.printf("## What changed\n\n")
	r.header([]string{"Cluster", "Label", "Change", "Before", "Now", "Difference", "New stories"})
	for _, c := range r.v.Changed {
		r.row(mdText(c.Name), mdText(c.Label), mdText(c.Change), strconv.Itoa(c.Before), strconv.Itoa(c.After), c.Delta, strconv.Itoa(c.NewStories))
	}
	r.printf("\n")
	r.chart(ChartVolume, "Articles of each cluster per period, from their dates.")
}

// clusters writes the Clusters section: the sizes chart, one card per
// cluster, and the terms and k-scores charts.
func (r *mdReport) clusters() {
	v := r.v
	r.printf("## Clusters\n\n")
	if len(v.Clusters) == 0 {
		r.printf("No clusters.\n\n")
	}
	r.chart(ChartSizes, "Number of "+v.UnitWord+" in each cluster.")
	for _, c := range v.Clusters {
		r.clusterCard(c)
	}
	r.chart(ChartTerms, "The words that most set each cluster apart, with their weights.")
	caption := "How each number of clusters tried scored; the ringed point is the one used."
	if r.v.KCriterion != "" {
		caption = "How each number of clusters tried scored: " + mdText(r.v.KCriterion) + "; the ringed point is the one used."
	}
	r.chart(ChartKScores, caption)
	r.tree()
}

// clusterCard writes one cluster: its heading, size, colour and marker,
// top terms, representatives and keyword-in-context lines.
func (r *mdReport) clusterCard(c clusterView) {
	r.printf("### %s · %s\n\n", c.Name, mdText(c.Label))
	size := c.SizeText
	if c.Share != "" {
		size += " (" + c.Share + ")"
	}
	if r.v.Paragraph {
		size += " from " + c.ArtText
	}
	r.printf("%s · colour %s, %s on the map\n\n", size, c.Color, c.Shape)
	if len(c.Terms) > 0 {
		var t []string
		for _, tv := range c.Terms {
			t = append(t, mdText(tv.Word)+" ("+tv.Weight+")")
		}
		r.printf("Top terms: %s", strings.Join(t, ", "))
		if c.MoreTerm > 0 {
			r.printf(", and %d more in clusters.json", c.MoreTerm)
		}
		r.printf("\n\n")
	}
	r.representatives(c.Reps)
	r.contexts(c.Contexts)
}

// representatives writes a cluster's most representative units as a
// numbered list, if any.
func (r *mdReport) representatives(reps []repView) {
	if len(reps) == 0 {
		return
	}
	r.printf("Most representative:\n\n")
	for i, rv := range reps {
		line := fmt.Sprintf("%d. **%s** (%s", i+1, mdTitle(rv.Article, rv.Title), mdText(rv.ID))
		if rv.Score != "" {
			line += " · " + rv.Score
		}
		line += ")"
		if rv.Snippet != "" {
			line += " — " + mdText(shorten(rv.Snippet, 90))
		}
		r.printf("%s\n", line)
	}
	r.printf("\n")
}

// contexts writes a cluster's keyword-in-context lines, its term words in
// bold, if any.
func (r *mdReport) contexts(ctxs []contextView) {
	if len(ctxs) == 0 {
		return
	}
	r.printf("In context:\n\n")
	for _, k := range ctxs {
		var line strings.Builder
		for _, seg := range k {
			if seg.Hit {
				line.WriteString("**" + mdEscape(seg.Text) + "**")
			} else {
				line.WriteString(mdEscape(seg.Text))
			}
		}
		r.printf("- %s\n", line.String())
	}
	r.printf("\n")
}

// themeAboutRule explains relevance and about to readers of both reports.
func themeAboutRule(v *view) string {
	rule := "Relevance is the share of an article's weight that the theme explains, from 0 to 1; an article can be about several themes or none"
	if v.ThemeThreshold != "" {
		rule += ", and is about a theme from relevance " + v.ThemeThreshold + " on"
	}
	if v.Paragraph {
		rule += ". Passage by passage: an article's relevance is the largest of its passages', and it is about a theme when one of its passages is"
	}
	return rule + "."
}

// themes writes the Themes section: the words learned per theme, each
// article's relevance and the themes it is about, and the articles about
// each theme overall, by source and over time.
func (r *mdReport) themes() {
	v := r.v
	r.printf("## Themes\n\n")
	if len(v.Themes) == 0 {
		r.printf("No themes were given for this analysis.\n\n")
		return
	}
	r.printf("%s\n\n", themeAboutRule(v))
	r.themeTerms()
	r.chart(ChartThemes, "Each group of bars is one article, a bar per theme; the dashed line is where an article becomes about a theme, and the number at the right counts the themes it is about.")
	r.themeRelevance()
	r.printf("### Articles about each theme\n\n")
	r.chart(ChartThemeCoverage, "The share of the articles about each theme, of all articles and of each source's.")
	r.coverageTable("Group", append([]coverageView{v.ThemeAll}, v.ThemeSources...))
	if len(v.ThemeTime) > 0 {
		r.printf("### Themes over time\n\n")
		r.chart(ChartThemeTime, "The number of articles about each theme per "+v.ThemePeriod+"; a "+v.ThemePeriod+" without articles counts 0.")
		r.coverageTable(strings.ToUpper(v.ThemePeriod[:1])+v.ThemePeriod[1:], v.ThemeTime)
	}
	if note := undatedNote(v); note != "" {
		r.printf("%s\n\n", mdText(note))
	}
}

// undatedNote says how many articles the coverage over time leaves out
// for want of a date, or is "".
func undatedNote(v *view) string {
	if v.ThemeUndated == 0 {
		return ""
	}
	verb := "are"
	if v.ThemeUndated == 1 {
		verb = "is"
	}
	return fmt.Sprintf("%s without a date of the form YYYY-MM-DD %s not counted over time.", count(v.ThemeUndated, "article"), verb)
}

// themeTerms writes the words learned for each theme.
func (r *mdReport) themeTerms() {
	r.printf("### Words learned per theme\n\n")
	r.printf("Each theme is learned from its words in the themes file: these are the words that most set its articles apart. Check them, and refine the themes file: add the right ones, remove a seed word that pulls in the wrong articles.\n\n")
	r.header([]string{"Theme", "Learned words"})
	for _, t := range r.v.ThemeTerms {
		words := mdText(t.Words)
		if words == "" {
			words = "(none: no article uses its words)"
		}
		r.row(mdText(t.Name), words)
	}
	r.printf("\n")
}

// themeRelevance writes the table of each article's relevances and the
// themes it is about (relevance in bold), its first maxMarkdownRows rows.
func (r *mdReport) themeRelevance() {
	v := r.v
	cols := []string{"Article", "Title", "About"}
	var right []int
	for _, t := range v.Themes {
		right = append(right, len(cols))
		cols = append(cols, mdText(t))
	}
	r.printf("### Relevance per article\n\n")
	r.header(cols, right...)
	for _, row := range v.ThemeRows[:min(len(v.ThemeRows), maxMarkdownRows)] {
		cells := []string{mdText(row.Article), mdText(row.Title), mdText(row.About)}
		for t, rel := range row.Relevance {
			if row.IsAbout[t] {
				rel = "**" + rel + "**"
			}
			cells = append(cells, rel)
		}
		r.row(cells...)
	}
	r.printf("\n")
	if len(v.ThemeRows) > maxMarkdownRows {
		r.printf("The first %d of %d articles; themes.csv lists them all.\n\n", maxMarkdownRows, len(v.ThemeRows))
	}
}

// coverageTable writes the table of the articles about each theme in
// rows (groups: all, sources or periods), named in the column headed
// first.
func (r *mdReport) coverageTable(first string, rows []coverageView) {
	cols := []string{first, "Articles"}
	right := []int{1}
	for _, t := range r.v.Themes {
		right = append(right, len(cols))
		cols = append(cols, mdText(t))
	}
	r.header(cols, right...)
	for _, g := range rows {
		cells := []string{mdText(g.Name), strconv.Itoa(g.Total)}
		r.row(append(cells, g.Cells...)...)
	}
	r.printf("\n")
}

// similarity writes the Similarity section: the heatmap, the most similar
// pairs and the same-story groups.
func (r *mdReport) similarity() {
	v := r.v
	r.printf("## Similarity\n\n")
	r.chart(ChartHeatmap, "Cosine similarity between articles: 0 means no shared weighted words, 1 the same wording.")
	if len(v.Pairs) == 0 {
		r.printf("No article pairs to compare.\n\n")
	} else {
		r.printf("### Most similar pairs\n\n")
		r.header([]string{"#", "Article", "Similar article", "Cosine"}, 0, 3)
		for i, p := range v.Pairs {
			r.row(strconv.Itoa(i+1), mdRef(p.A), mdRef(p.B), p.Cosine)
		}
		r.printf("\n")
		if v.MorePairs > 0 {
			r.printf("%d more pairs are listed in similarity.csv.\n\n", v.MorePairs)
		}
	}
	r.storyGroups()
}

// storyGroups writes the same-story groups, one line each, if any.
func (r *mdReport) storyGroups() {
	v := r.v
	if len(v.Groups) == 0 {
		return
	}
	r.printf("### Same-story groups\n\n")
	r.printf("%s of articles that tell the same story in (almost) the same words, %d articles in all.", count(len(v.Groups)+v.MoreGroups, "group"), v.GroupArts)
	if v.MoreGroups > 0 {
		r.printf(" The first %d are listed; duplicates.csv has them all.", len(v.Groups))
	}
	r.printf("\n\n")
	for _, g := range v.Groups {
		var refs []string
		for _, ref := range g {
			refs = append(refs, mdRef(ref))
		}
		r.printf("- %s\n", strings.Join(refs, "; "))
	}
	r.printf("\n")
}

// mapSection writes the Map section: the map chart, if drawn.
func (r *mdReport) mapSection() {
	r.printf("## Map\n\n")
	if r.v.Charts[ChartMap] {
		r.chart(ChartMap, "Every "+strings.TrimSuffix(r.v.UnitWord, "s")+" placed so that similar wording lies close together, coloured by cluster.")
	} else {
		r.printf("No map positions.\n\n")
	}
}

// articles writes the Articles section: a table of the first
// maxMarkdownRows articles with the optional columns that some article
// fills, and a note on the numbering of clusters.
func (r *mdReport) articles() {
	v := r.v
	r.printf("## Articles\n\n")
	cols := []string{"ID", "Title"}
	for _, c := range []struct {
		has  bool
		name string
	}{{v.HasDate, "Date"}, {v.HasSource, "Source"}, {v.HasLabel, "Label"}} {
		if c.has {
			cols = append(cols, c.name)
		}
	}
	cols = append(cols, "Cluster", "Score")
	right := []int{len(cols) - 1}
	if v.Paragraph {
		cols = append(cols, "Passages")
		right = append(right, len(cols)-1)
	}
	r.header(cols, right...)
	for _, av := range v.Articles[:min(len(v.Articles), maxMarkdownRows)] {
		r.row(r.articleCells(av)...)
	}
	if len(v.Articles) > maxMarkdownRows {
		r.printf("\nThe first %d of %d articles; assignments.csv lists them all.\n", maxMarkdownRows, len(v.Articles))
	}
	r.printf("\nCluster names C1, C2, … count from 1; the data files (clusters.json, assignments.csv) number clusters from 0.\n")
}

// articleCells returns the cells of article av's row in the Articles
// table.
func (r *mdReport) articleCells(av articleView) []string {
	v := r.v
	cl := ""
	if av.ClusterName != "" {
		cl = av.ClusterName + " · " + mdText(av.ClusterLabel)
		if v.Paragraph {
			cl += fmt.Sprintf(" (%d/%d)", av.ClusterUnits, av.Units)
		}
	}
	title := mdText(av.Title)
	if av.URL != "" {
		// A title that is only white space still gets link text.
		title = "[" + cmp.Or(title, mdText(av.ID)) + "](" + mdURL(av.URL) + ")"
	}
	cells := []string{mdText(av.ID), title}
	if v.HasDate {
		cells = append(cells, mdText(av.Date))
	}
	if v.HasSource {
		cells = append(cells, mdText(av.Source))
	}
	if v.HasLabel {
		cells = append(cells, mdText(av.Label))
	}
	cells = append(cells, cl, av.Score)
	if v.Paragraph {
		cells = append(cells, strconv.Itoa(av.Units))
	}
	return cells
}
