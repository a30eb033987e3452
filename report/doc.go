// Package report turns the results of an analysis into files people read:
// an HTML report, a Markdown report, charts as PNG and SVG, and data files
// in JSON and CSV. It renders an Analysis and knows nothing of how the
// numbers in it were computed.
//
// # Outputs
//
//   - WriteHTML: one self-contained file, with no external scripts, fonts,
//     styles or images; the charts are inline SVG. Sections: overview
//     (articles, passages, clusters, date range, sources, stability, the
//     settings table, skipped inputs with reasons), clusters (size chart,
//     one card per cluster with its top terms and weights, representative
//     units with snippets, a unit that repeats an earlier one's article and
//     snippet left out, and keyword-in-context lines with the keyword
//     marked, top-terms chart, silhouette chart), themes (the rule of
//     relevance and about, the words learned per theme, a chart and table
//     of each article's relevance and the themes it is about, a chart and
//     table of the articles about each theme of all articles and of each
//     source's, and, when the dates fall in two or more periods, a chart
//     and table per period), similarity (heatmap, most similar pairs, same-story groups),
//     the 2-D map, and a table of all articles. A small inline script
//     sorts a table when a header is clicked and filters the article
//     table as one types. The article and theme-relevance tables hold their
//     rows as JSON (in script elements of type application/json, which
//     never run) and show them 100 at a time with Previous/Next buttons,
//     sorting and filtering over all rows; the first 100 are also written
//     as HTML, with a note naming the CSV file that lists them all, for
//     readers without scripts. The article table leaves out the Date,
//     Source and Label columns when no article has one. A click on an
//     article's row (or its ▸ button) opens a row under it with the
//     snippets of its first three passages (each once); an article whose
//     Doc.URL is an absolute http or https address with a host (quotes and
//     angle brackets percent-encoded; anything else, javascript: URLs
//     above all, is never linked) has its title linked to it, opening in a
//     new tab with rel="noopener noreferrer". In the inline charts, each
//     map point and heatmap cell has a title the browser shows on hover:
//     the point's article title (or id) and passage, cluster, date and
//     source; "A ~ B: cosine 0.42" for a cell. These are transparent
//     shapes added over the chart; the chart files have none.
//   - WriteMarkdown: the same sections, with charts linked as
//     chartDir/NAME.png; the article and theme-relevance tables stop after
//     500 rows with the same note. Article titles with an address (as in
//     the HTML report) are links.
//   - WriteClustersJSON: clusters.json, an array of
//     {"id", "label", "size", "terms": [{"word", "weight"}],
//     "representatives": [...], "contexts": [...]}, indented by two
//     spaces; "contexts" is left out when empty, the other lists are [] when
//     empty.
//   - WriteAssignmentsCSV: assignments.csv, one row per unit:
//     id,article,cluster,cluster_label,score,title,date,source,label.
//   - WriteThemesCSV: themes.csv, one row per article and theme:
//     document,theme,relevance,about (relevance with four decimals, about
//     1 or 0).
//   - WriteSimilarityCSV: similarity.csv, a,b,cosine.
//   - WriteSkippedCSV: skipped.csv, input,reason; only the header when
//     nothing was skipped.
//
// Clusters are shown by their ID (Cluster.ID: 0 … k−1 after a fresh
// analysis, kept across updates), as a number in the data files and as
// C0, C1, … in the reports and charts; Doc.Cluster and Update's indexes
// point into Analysis.Clusters, whatever the IDs.
//
// Floats are written with fixed decimals (strconv 'f'; four for scores,
// shares, cosines and weights in the data files, three in the reports) and
// every list is written in the order given, so the outputs of a run are
// byte-identical to those of any other run on the same Analysis. Charts
// are deterministic too: sampling below depends only on the input.
//
// # Charts
//
// Charts(a) lists the charts a has data for, in report order; WriteChart
// draws one with gonum.org/v1/plot as PNG (vg/vgimg, 110 dpi; written as
// 8-bit RGB, filter None, zlib at best speed) or SVG
// (vg/vgsvg), in Liberation Sans (gonum/plot's built-in font; SVG text
// falls back to the metric-compatible Arial).
//
//   - cluster-sizes: a horizontal bar per cluster, labelled "C1 label"
//     (shortened to 48 characters) with the count and share at its end.
//   - top-terms: small multiples, one panel per cluster with its first 8
//     terms as horizontal bars and their weights.
//   - choice-of-k: the criterion's score (KScores) against k, subtitled by
//     KCriterion, the chosen k (the number of clusters) ringed; only when
//     KScores is set. Analysis.Tree, when set, is listed under it as
//     "Broader groups", one line per number of groups.
//   - theme-relevance: per article a group of horizontal bars, one per
//     theme (coloured as the themes), of its relevance in [0, 1]; a dashed
//     line at ThemeThreshold, and the number of themes it is about right of
//     the group ("none" for none); legend beside the plot.
//   - theme-coverage: the same grouped bars for the share of the articles
//     about each theme: of all articles ("All articles (n)"), then of each
//     source (at most 20, those with most articles), "source (n)".
//   - themes-over-time: one line per theme of the number of articles about
//     it per period, every period from the first to the last listed (an
//     empty one at 0); the x labels thinned to every k-th period, k the
//     smallest that leaves each label its measured width and a gap, so
//     that none overlaps; legend beside the plot.
//   - similarity-heatmap: article × article cosine, rows and columns
//     labelled with short titles, the diagonal grey, a colour scale from 0
//     (or the lowest cosine when negative) to the 98th percentile of the
//     off-diagonal cosines (the one of rank floor(0.98·(m−1)) among m in
//     increasing order) rounded up to 0.1, in 32 steps of ColorBrewer's
//     YlGnBu; higher cosines take the darkest colour and the scale's top
//     label then reads "≥ x". When
//     Heatmap.Articles names the articles, rows and columns are ordered by
//     the cluster of most of each article's units (stable, unclustered
//     last) and a strip in the cluster's colour marks each; a corpus's
//     clusters then show as blocks along the diagonal.
//   - article-map: units at their 2-D positions, coloured by cluster, the
//     legend beside the plot. With at most 30 points each is labelled with
//     a short title (and ¶n, its passage number, when articles have
//     several); labels are placed around their point so that none overlaps
//     another label or a marker, shortened when that helps, and left out
//     (the subtitle says how many) when there is no room. So that a far
//     outlier does not squeeze the rest into a corner, each axis spans
//     the points within Tukey's far-out fences, [Q1 − 3·IQR, Q3 + 3·IQR]
//     (unless that range is at least 3/4 of the whole range, or there are
//     fewer than four points); points beyond are drawn hollow at the
//     frame's edge and the subtitle says how many.
//
// Coverage counts articles, never averages relevances: for a group g (all
// articles, a source, a period) and theme t, about(g, t) is the number of
// g's articles about t and share(g, t) = about(g, t) / |g| (0 for an empty
// period). The period follows the span of the dated articles, last − first:
// a day up to 62 days, an ISO week (Monday to Sunday, named 2015-W13) up to
// 366 days, a month (2015-03) up to 5 years, a quarter (2015-Q1) up to 15
// years, else a year (the last 400 at most). An article's date is the
// first ten characters of its date when they are a real YYYY-MM-DD day;
// articles without one are left out of the periods, counted, and a note
// says how many.
//
// A keyword-in-context line marks its keyword: every whole-word,
// case-insensitive occurrence of the first of the cluster's terms that
// occurs in the line (<mark> in HTML, **bold** in Markdown).
//
// Cluster colours come from a twenty-colour palette (ClusterColor):
// Tableau's ten, then navy, dark yellow, maroon, teal, lime, magenta, dark
// olive, peach, light blue and light pink, so that up to twenty clusters
// each have a colour of their own; on the map, clusters with IDs 20–39
// reuse the colours with squares, 40–59 with triangles, and so on.
//
// # Sampling
//
// So that each chart file stays at a few hundred KB at most whatever the
// corpus size, charts sample their data deterministically:
//
//   - heatmap: at most 60 articles; with n > 60 the shown articles are
//     indices floor((2j+1)·n / 120), j = 0…59, the middles of 60 equal
//     strides over Heatmap's order;
//   - theme-relevance: at most 40 articles, chosen the same way over
//     Articles; with many themes fewer, so that the groups of bars take at
//     most about 1600 pt (6 pt a bar, at least 8 articles: 12 with 20
//     themes);
//   - article-map: at most 2000 points, stratified by cluster: cluster c
//     gets floor(2000·size_c / n) points, the remainder going to the
//     largest fractional parts, every cluster at least one, and its points
//     are chosen by the same even spread over its units in Docs order.
//
// Chart subtitles say when a chart shows a sample ("60 of 300 articles").
// The reports list everything in their tables, except: the pairs table
// shows the first 100 pairs (similarity.csv has them all), the same-story
// list the first 50 groups (duplicates.csv), and the Markdown article and
// theme-relevance tables the first 500 articles (assignments.csv, themes.csv).
//
// # Escaping
//
// Article text (titles, snippets, ids, sources, labels, terms, cluster
// labels, theme names, skip reasons, settings) is never trusted:
//
//   - HTML: html/template escapes every value in its context. The tables'
//     JSON rows are made by encoding/json, which writes <, > and & as
//     \u003c, \u003e and \u0026, so no text can end their script element;
//     the page's script puts cells into the page as text (textContent),
//     never as markup. Charts are
//     inlined as SVG made by vgsvg, which escapes all text it draws; the
//     XML prolog and namespace declarations are dropped, and the SVG is
//     refused if it holds a script, foreignObject or iframe element, a
//     javascript: URL or an on… attribute.
//   - Markdown: text is put on one line and \ ` * _ [ ] ( ) { } < > | # ~ & !
//     are backslash-escaped, so tables keep their columns and nothing
//     becomes a link, image or HTML tag.
//   - CSV (quoted exactly as encoding/csv quotes): a text cell beginning with =, +, -, @, tab or
//     carriage return gets a leading single quote so spreadsheets do not
//     run it as a formula; numeric columns are plain numbers.
//   - JSON: encoding/json, which also escapes <, > and &.
//
// # Errors
//
// Writers return the first write error. WriteChart returns errors wrapping
// ErrUnknownChart, ErrUnknownFormat or ErrNoData. A nil Analysis, a
// heatmap that is not square over its labels, or theme relevances or about
// flags whose length differs from Themes are programmer errors and panic with a
// "report: " prefix.
package report
