// Package beamclust runs newsclust's heavy steps as Apache Beam pipelines,
// with the project's own packages doing the work inside them: corpus reads
// the inputs, vectorize analyses the texts, fits the vocabulary and weighs
// the rows, cluster does the k-means arithmetic, report writes
// assignments.csv and model writes the saved model.
//
// A run is a driver (Run) and a sequence of pipeline runs, each reading
// what the one before wrote to the work folder:
//
//  1. vocabulary: every input is read by corpus.Stream on a worker and its
//     documents reshuffled over the workers; each document's terms are
//     counted by vectorize.Analyzer.Counts (title and text as
//     corpus.Document.TitledText); document frequencies and occurrences
//     are summed per term (CombinePerKey), surface words per term and
//     surface, and the documents counted. The driver then fits the
//     vectorizer with vectorize.NewModel after analysis.AutoPrune: the
//     vocabulary, surface forms, DF and IDF = ln((1+n)/(1+df)) + 1 that
//     vectorize.Fit gives on the same texts, byte for byte.
//  2. rows: the documents are read and counted again and weighed with the
//     vectorizer (Model.TransformCounts, the rows Fit gives); rows without
//     a term are dropped and counted, as analyze skips them. A hash of the
//     seed and each row's position puts it in the seeding sample with
//     probability S/n.
//  3. seeding, in the driver: the best of cluster.Consensus' restarts
//     (k-means++ seeded; at least NInit, more on a small sample, as
//     analyze runs) on the sample, as cluster.SampledKMeans starts.
//  4. rounds: one pipeline per Lloyd pass over all rows. The centroids are
//     a side input (read from a file the driver wrote, so that the job
//     graph stays small); each row is placed by cluster.Assigner and
//     each cluster's rows summed by a combiner in fixed point (round(v·2³²)
//     in int64), so that the sums are exact and the same however a runner
//     splits, retries and merges the work. The driver normalises the sums
//     and stops as cluster.SphericalKMeans does: when no row changed
//     cluster (the sums did not change), when the objective Σ_k ‖s_k‖
//     gained less than Tol·n, or after Rounds passes.
//  5. assignments: every row is labelled with the centroids of the last
//     assignment and scored against the final ones, clusters numbered by
//     decreasing size (ties by first row), and assignments.csv written by
//     report.WriteAssignmentsCSV, with analyze's columns, one file or
//     shards; articles are counted per cluster, source and month.
//     The driver labels the clusters as analyze does (cluster.Distinctive,
//     the first three surface forms) and saves the model with model.Write.
//
// The passes are separate pipeline runs driven by a loop rather than one
// pipeline with the rounds unrolled: the loop can stop when the clusters
// stop changing, as SphericalKMeans does, and each job's graph stays the
// same size whatever the number of passes. The price is a job submission
// per pass, a fraction of a second on Prism and Flink, a minute or more of
// worker start on Dataflow (see README.md).
//
// Differences from analyze: clustering is on the TF-IDF rows (analyze's
// -lsa 0), not in an LSA space; analyze's own default clusters in 100 LSA
// dimensions. Ids are not made unique across inputs. The corpus rule that
// removes lines repeated across documents (corpus.Options.RepeatMinDocs)
// sees one input at a time, so sharded inputs should be split by source.
// An empty cluster keeps its centroid rather than taking the row farthest
// from its own. The saved model has no novelty calibration (compare then
// scores novelty as 1 − the best cosine) and, past ModelMax articles,
// holds the sample rather than every article.
package beamclust
