// Package analysis runs the whole newsclust job as a library: read
// articles (corpus), turn them into TF-IDF rows (vectorize), cluster them
// (cluster) and gather what the report shows and what compare applies
// later (report.Analysis, model.Model).
//
//	res, err := analysis.Run(ctx, []string{"articles/"}, analysis.DefaultOptions())
//
// Run takes the same options the command's flags set, with the same
// measured defaults (DefaultOptions), so a program calling it gets the
// command's results byte for byte. Progress and cancellation come in
// through Options.Progress and the context; nothing is global.
//
// The steps, in order:
//
//  1. Read and vectorize in one streaming pass: corpus.Stream hands
//     batches of articles (or, with Unit "paragraph", their passages from
//     corpus.Paragraphs) to a vectorize.Fitter; only metadata and a
//     40-word snippet per unit stay in memory, the texts go to a temporary
//     file for the keyword-in-context lines. Ids are made unique once all
//     are read. A zero MinDF or MaxDF is filled by AutoPrune: from 100
//     units up min-df 2 and max-df 0.5, below that nothing is pruned.
//     Units left without a usable word are listed as skipped.
//  2. Themes (with Options.Themes): vectorize.Model.Themes places them in
//     the vocabulary; when a theme has a phrase, each unit's text is read
//     back and matched (ThemeSet.Match, in parallel: the phrase weights
//     are on the scale of the final TF-IDF row, so they wait for the
//     vocabulary); cluster.LearnThemes learns from the TF-IDF rows which
//     units are about which theme, giving each unit a relevance in [0, 1]
//     per theme and about = relevance >= 0.2. An article's relevance is
//     the largest of its units' (passages' in paragraph mode) and it is
//     about a theme when one of its units is. Seed words the vocabulary
//     lacks and phrases no unit uses are returned in Result.Warnings and
//     noted in the report. The fitted cluster.ThemeModel goes into the
//     model, so compare detects themes in a new article exactly so.
//  3. Embed: with LSA > 0, the rank-LSA truncated SVD of the TF-IDF matrix
//     (cluster.LSAWith), rows normalised.
//  4. Cluster with spherical k-means (NInit restarts, the best objective
//     wins); with K 0, k is chosen in [KMin, KMax] by cosine silhouette
//     (cluster.ChooseK). Only with ThemeSeeds do the themes seed the
//     first centroids (each theme's relevance-weighted mean direction);
//     otherwise the clusters are those of a run without themes.
//  5. Label: each cluster's term-space centroid c (the normalised mean of
//     its units' TF-IDF rows) gives its most distinctive terms
//     (cluster.Distinctive); the label is the first three. Each unit's
//     score is its cosine with c, the centroid compare scores against.
//  6. Articles: in paragraph mode an article's vector is the normalised
//     sum of its passages. Every pair of articles is compared up to
//     AllPairsMax articles, else each article's NeighborsK nearest;
//     articles joined by a cosine >= DupThreshold form same-story groups.
//  7. Evaluation: scores against known labels, cosine silhouette on up to
//     cluster.SilhouetteSample units, and stability (mean adjusted Rand
//     index between the restarts).
//
// ScoreThemes scores a themes.csv against known labels, as ScoreAssignments
// scores an assignments.csv.
//
// Update folds new articles into a saved model.Model instead: old
// articles keep their clusters and cluster ids (model.Cluster.ID), old
// vectors and IDF are kept, words the new articles share join the
// vocabulary, new articles join the cluster they fit, and coherent,
// distinct groups of those that fit none open clusters with new ids
// (see Update for the rules). Options.AlignTo makes a fresh Run number its
// clusters after an earlier model's (AlignThreshold) and list the changes.
package analysis
