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
//  2. Embed: with LSA > 0, the rank-LSA truncated SVD of the TF-IDF matrix
//     (cluster.LSAWith), rows normalised.
//  3. Cluster with spherical k-means (NInit restarts, the best objective
//     wins); with K 0, k is chosen in [KMin, KMax] by cosine silhouette
//     (cluster.ChooseK). Named themes seed the first centroids.
//  4. Label: each cluster's term-space centroid c (the normalised mean of
//     its units' TF-IDF rows) gives its most distinctive terms
//     (cluster.Distinctive); the label is the first three. Each unit's
//     score is its cosine with c, the centroid compare scores against.
//  5. Articles: in paragraph mode an article's vector is the normalised
//     sum of its passages. Every pair of articles is compared up to
//     AllPairsMax articles, else each article's NeighborsK nearest;
//     articles joined by a cosine >= DupThreshold form same-story groups.
//  6. Themes: theme vectors in term space and each article's shares.
//  7. Evaluation: scores against known labels, cosine silhouette on up to
//     cluster.SilhouetteSample units, and stability (mean adjusted Rand
//     index between the restarts).
//
// Theme words missing from the vocabulary are returned in
// Result.Warnings and noted in the report.
//
// Update folds new articles into a saved model.Model instead: old
// articles keep their clusters and cluster ids (model.Cluster.ID), old
// vectors and IDF are kept, words the new articles share join the
// vocabulary, new articles join the cluster they fit, and coherent,
// distinct groups of those that fit none open clusters with new ids
// (see Update for the rules). Options.AlignTo makes a fresh Run number its
// clusters after an earlier model's (AlignThreshold) and list the changes.
package analysis
