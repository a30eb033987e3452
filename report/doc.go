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
//     units with snippets and keyword-in-context lines, top-terms chart,
//     silhouette chart), themes (chart and a table of shares per article),
//     similarity (heatmap, most similar pairs, near-duplicate groups), the
//     2-D map, and a table of all articles that sorts when a header is
//     clicked and filters as one types, by a small inline script.
//   - WriteMarkdown: the same sections, with charts linked as
//     chartDir/NAME.png.
//   - WriteClustersJSON: clusters.json, an array of
//     {"id", "label", "size", "terms": [{"word", "weight"}],
//     "representatives": [...], "contexts": [...]}, indented by two
//     spaces; "contexts" is left out when empty, the other lists are [] when
//     empty.
//   - WriteAssignmentsCSV: assignments.csv, one row per unit:
//     id,article,cluster,cluster_label,score,title,date,source,label.
//   - WriteThemesCSV: themes.csv, one row per article and theme:
//     document,theme,share.
//   - WriteSimilarityCSV: similarity.csv, a,b,cosine.
//   - WriteSkippedCSV: skipped.csv, input,reason; only the header when
//     nothing was skipped.
//
// Clusters are numbered from 0 in the data files (cluster i has ID i) and
// named C1, C2, … for readers in the reports and charts.
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
// draws one with gonum.org/v1/plot as PNG (vg/vgimg, 110 dpi) or SVG
// (vg/vgsvg), in Liberation Sans (gonum/plot's built-in font; SVG text
// falls back to the metric-compatible Arial).
//
//   - cluster-sizes: a horizontal bar per cluster, labelled "C1 label"
//     (shortened to 48 characters) with the count and share at its end.
//   - top-terms: small multiples, one panel per cluster with its first 8
//     terms as horizontal bars and their weights.
//   - silhouette: mean silhouette against k, the chosen k (the number of
//     clusters) ringed; only when KScores is set.
//   - theme-shares: a stacked horizontal bar per article, one segment per
//     theme, legend beside the plot.
//   - similarity-heatmap: article × article cosine, rows and columns
//     labelled with short titles, the diagonal grey, a colour scale from 0
//     (or the lowest cosine when negative) to the highest off-diagonal
//     cosine rounded up to 0.1, in 32 steps of ColorBrewer's YlGnBu.
//   - article-map: units at their 2-D positions, coloured by cluster, the
//     legend beside the plot. With at most 30 points each is labelled with
//     a short title (and ¶n, its passage number, when articles have
//     several); labels are placed around their point so that none overlaps
//     another label or a marker, shortened when that helps, and left out
//     (the subtitle says how many) when there is no room.
//
// Cluster colours come from a twelve-colour palette (ClusterColor); on the
// map, clusters 13–24 reuse the colours with squares, 25–36 with
// triangles, and so on.
//
// # Sampling
//
// So that each chart file stays at a few hundred KB at most whatever the
// corpus size, charts sample their data deterministically:
//
//   - heatmap: at most 60 articles; with n > 60 the shown articles are
//     indices floor((2j+1)·n / 120), j = 0…59, the middles of 60 equal
//     strides over Heatmap's order;
//   - theme-shares: at most 40 articles, chosen the same way over Articles;
//   - article-map: at most 2000 points, stratified by cluster: cluster c
//     gets floor(2000·size_c / n) points, the remainder going to the
//     largest fractional parts, every cluster at least one, and its points
//     are chosen by the same even spread over its units in Docs order.
//
// Chart subtitles say when a chart shows a sample ("60 of 300 articles").
// The reports list everything in their tables, except the pairs table,
// which shows the first 100 pairs (similarity.csv has them all).
//
// # Escaping
//
// Article text (titles, snippets, ids, sources, labels, terms, cluster
// labels, theme names, skip reasons, settings) is never trusted:
//
//   - HTML: html/template escapes every value in its context. Charts are
//     inlined as SVG made by vgsvg, which escapes all text it draws; the
//     XML prolog and namespace declarations are dropped, and the SVG is
//     refused if it holds a script, foreignObject or iframe element, a
//     javascript: URL or an on… attribute.
//   - Markdown: text is put on one line and \ ` * _ [ ] ( ) { } < > | # ~ & !
//     are backslash-escaped, so tables keep their columns and nothing
//     becomes a link, image or HTML tag.
//   - CSV (encoding/csv): a text cell beginning with =, +, -, @, tab or
//     carriage return gets a leading single quote so spreadsheets do not
//     run it as a formula; numeric columns are plain numbers.
//   - JSON: encoding/json, which also escapes <, > and &.
//
// # Errors
//
// Writers return the first write error. WriteChart returns errors wrapping
// ErrUnknownChart, ErrUnknownFormat or ErrNoData. A nil Analysis, a
// heatmap that is not square over its labels, or theme shares whose
// length differs from Themes are programmer errors and panic with a
// "report: " prefix.
package report
