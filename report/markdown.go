package report

import (
	"bufio"
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

func writeMarkdown(w io.Writer, a *Analysis, chartDir string) error {
	v := buildView(a)
	m := &mdWriter{w: bufio.NewWriter(w)}
	chart := func(name, caption string) {
		if v.Charts[name] {
			m.printf("![%s](%s)\n\n*%s*\n\n", chartTitles[name], mdLink(chartDir, name), caption)
		}
	}

	m.printf("# %s\n\n", mdText(v.Title))
	summary := fmt.Sprintf("%d articles", v.Counts.Articles)
	if v.Paragraph {
		summary += fmt.Sprintf(" · %d passages", v.Counts.Units)
	}
	summary += fmt.Sprintf(" · %d clusters", v.NClusters)
	m.printf("%s\n\n", summary)
	m.printf("Contents: [Overview](#overview) · [Clusters](#clusters) · [Themes](#themes) · [Similarity](#similarity) · [Map](#map) · [Articles](#articles)\n\n")

	// Overview.
	m.printf("## Overview\n\n")
	m.printf("- Articles analysed: %d\n", v.Counts.Articles)
	if v.Paragraph {
		m.printf("- Passages analysed: %d (each article is split into paragraphs, which are clustered separately)\n", v.Counts.Units)
	}
	m.printf("- Clusters: %d\n", v.NClusters)
	switch {
	case v.DateFrom == "":
		m.printf("- Date range: no dates\n")
	case v.DateFrom == v.DateTo:
		m.printf("- Date range: %s\n", v.DateFrom)
	default:
		m.printf("- Date range: %s to %s\n", v.DateFrom, v.DateTo)
	}
	if len(v.Sources) == 0 {
		m.printf("- Sources: not given\n")
	} else {
		var s []string
		for _, sc := range v.Sources {
			s = append(s, fmt.Sprintf("%s (%d)", mdText(sc.Source), sc.N))
		}
		more := ""
		if v.MoreSrc > 0 {
			more = fmt.Sprintf(" and %d more", v.MoreSrc)
		}
		m.printf("- Sources: %s%s\n", strings.Join(s, ", "), more)
	}
	m.printf("- Inputs skipped: %d\n", v.Counts.Skipped)
	if v.Stability != "" {
		m.printf("- Stability: %s (agreement between runs with different seeds; 1 = identical clusters)\n", v.Stability)
	}
	m.printf("\n")
	if len(v.Settings) > 0 {
		m.printf("### Settings\n\n")
		m.header([]string{"Setting", "Value"})
		for _, s := range v.Settings {
			m.row(mdText(s.Name), mdText(s.Value))
		}
		m.printf("\n")
	}
	m.printf("### Skipped inputs\n\n")
	if len(v.Skipped) == 0 {
		m.printf("None: every input was analysed.\n\n")
	} else {
		m.header([]string{"Input", "Reason"})
		for _, s := range v.Skipped {
			m.row(mdText(s.Input), mdText(s.Reason))
		}
		m.printf("\n")
	}
	if len(v.Notes) > 0 {
		m.printf("### Notes\n\n")
		for _, n := range v.Notes {
			m.printf("- %s\n", mdText(n))
		}
		m.printf("\n")
	}

	// Clusters.
	m.printf("## Clusters\n\n")
	if len(v.Clusters) == 0 {
		m.printf("No clusters.\n\n")
	}
	chart(ChartSizes, "Number of "+v.UnitWord+" in each cluster.")
	for _, c := range v.Clusters {
		m.printf("### %s · %s\n\n", c.Name, mdText(c.Label))
		size := c.SizeText
		if c.Share != "" {
			size += " (" + c.Share + ")"
		}
		if v.Paragraph {
			size += " from " + c.ArtText
		}
		m.printf("%s · colour %s, %s on the map\n\n", size, c.Color, c.Shape)
		if len(c.Terms) > 0 {
			var t []string
			for _, tv := range c.Terms {
				t = append(t, mdText(tv.Word)+" ("+tv.Weight+")")
			}
			m.printf("Top terms: %s", strings.Join(t, ", "))
			if c.MoreTerm > 0 {
				m.printf(", and %d more in clusters.json", c.MoreTerm)
			}
			m.printf("\n\n")
		}
		if len(c.Reps) > 0 {
			m.printf("Most representative:\n\n")
			for i, r := range c.Reps {
				line := fmt.Sprintf("%d. **%s** (%s", i+1, mdTitle(r.Article, r.Title), mdText(r.ID))
				if r.Score != "" {
					line += " · " + r.Score
				}
				line += ")"
				if r.Snippet != "" {
					line += " — " + mdText(shorten(r.Snippet, 90))
				}
				m.printf("%s\n", line)
			}
			m.printf("\n")
		}
		if len(c.Contexts) > 0 {
			m.printf("In context:\n\n")
			for _, k := range c.Contexts {
				var line strings.Builder
				for _, seg := range k {
					if seg.Hit {
						line.WriteString("**" + mdEscape(seg.Text) + "**")
					} else {
						line.WriteString(mdEscape(seg.Text))
					}
				}
				m.printf("- %s\n", line.String())
			}
			m.printf("\n")
		}
	}
	chart(ChartTerms, "The words that most set each cluster apart, with their weights.")
	chart(ChartKScores, "How well separated the clusters are for each number of clusters tried; the ringed point is the one used.")

	// Themes.
	m.printf("## Themes\n\n")
	if len(v.Themes) == 0 {
		m.printf("No themes were given for this analysis.\n\n")
	} else {
		chart(ChartThemes, "Each bar is one article, split by how much of its theme vocabulary belongs to each theme; the number at its right is its theme weight, the share of its whole TF-IDF weight on theme words.")
		cols := []string{"Article", "Title", "Theme weight"}
		right := []int{2}
		for _, t := range v.Themes {
			right = append(right, len(cols))
			cols = append(cols, mdText(t))
		}
		m.printf("### Theme shares per article\n\n")
		m.header(cols, right...)
		for _, r := range v.ThemeRows[:min(len(v.ThemeRows), maxMarkdownRows)] {
			cells := []string{mdText(r.Article), mdText(r.Title), r.Weight}
			cells = append(cells, r.Shares...)
			m.row(cells...)
		}
		m.printf("\n")
		if len(v.ThemeRows) > maxMarkdownRows {
			m.printf("The first %d of %d articles; themes.csv lists them all.\n\n", maxMarkdownRows, len(v.ThemeRows))
		}
		groupTable := func(first string, rows []themeGroupView) {
			cols := []string{first, "Articles", "With theme words", "Theme weight"}
			right := []int{1, 2, 3}
			for _, t := range v.Themes {
				right = append(right, len(cols))
				cols = append(cols, mdText(t))
			}
			m.header(cols, right...)
			for _, r := range rows {
				cells := []string{mdText(r.Name), strconv.Itoa(r.Total), strconv.Itoa(r.N), r.Weight}
				m.row(append(cells, r.Shares...)...)
			}
			m.printf("\n")
		}
		if len(v.ThemeSources) > 0 {
			m.printf("### Themes by source\n\n")
			chart(ChartThemeSources, "Mean theme shares of each source's articles that use theme words; the number of articles in brackets, the mean theme weight of all of them at the right.")
			groupTable("Source", v.ThemeSources)
		}
		if len(v.ThemeTime) > 0 {
			m.printf("### Themes over time\n\n")
			chart(ChartThemeTime, "Mean theme shares of the articles of each "+v.ThemePeriod+" that use theme words.")
			first := "Day"
			if v.ThemePeriod == "month" {
				first = "Month"
			}
			groupTable(first, v.ThemeTime)
		}
	}

	// Similarity.
	m.printf("## Similarity\n\n")
	chart(ChartHeatmap, "Cosine similarity between articles: 0 means no shared weighted words, 1 the same wording.")
	if len(v.Pairs) == 0 {
		m.printf("No article pairs to compare.\n\n")
	} else {
		m.printf("### Most similar pairs\n\n")
		m.header([]string{"#", "Article", "Similar article", "Cosine"}, 0, 3)
		for i, p := range v.Pairs {
			m.row(strconv.Itoa(i+1), mdRef(p.A), mdRef(p.B), p.Cosine)
		}
		m.printf("\n")
		if v.MorePairs > 0 {
			m.printf("%d more pairs are listed in similarity.csv.\n\n", v.MorePairs)
		}
	}
	if len(v.Groups) > 0 {
		m.printf("### Same-story groups\n\n")
		m.printf("%s of articles that tell the same story in (almost) the same words, %d articles in all.", count(len(v.Groups)+v.MoreGroups, "group"), v.GroupArts)
		if v.MoreGroups > 0 {
			m.printf(" The first %d are listed; duplicates.csv has them all.", len(v.Groups))
		}
		m.printf("\n\n")
		for _, g := range v.Groups {
			var refs []string
			for _, r := range g {
				refs = append(refs, mdRef(r))
			}
			m.printf("- %s\n", strings.Join(refs, "; "))
		}
		m.printf("\n")
	}

	// Map.
	m.printf("## Map\n\n")
	if v.Charts[ChartMap] {
		chart(ChartMap, "Every "+strings.TrimSuffix(v.UnitWord, "s")+" placed so that similar wording lies close together, coloured by cluster.")
	} else {
		m.printf("No map positions.\n\n")
	}

	// Articles.
	m.printf("## Articles\n\n")
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
	m.header(cols, right...)
	for _, av := range v.Articles[:min(len(v.Articles), maxMarkdownRows)] {
		cl := ""
		if av.ClusterName != "" {
			cl = av.ClusterName + " · " + mdText(av.ClusterLabel)
			if v.Paragraph {
				cl += fmt.Sprintf(" (%d/%d)", av.ClusterUnits, av.Units)
			}
		}
		cells := []string{mdText(av.ID), mdText(av.Title)}
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
		m.row(cells...)
	}
	if len(v.Articles) > maxMarkdownRows {
		m.printf("\nThe first %d of %d articles; assignments.csv lists them all.\n", maxMarkdownRows, len(v.Articles))
	}
	m.printf("\nCluster names C1, C2, … count from 1; the data files (clusters.json, assignments.csv) number clusters from 0.\n")
	if m.err != nil {
		return m.err
	}
	return m.w.Flush()
}
