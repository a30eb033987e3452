// Package cluster groups the rows of a documents × terms matrix by theme and
// measures the result. It knows numbers only: rows come in through the
// Matrix interface (a *sparse.CSR of TF-IDF weights or a Dense LSA
// embedding), each of unit Euclidean length or zero, so that the cosine of
// two rows is their dot product.
//
// # Spherical k-means
//
// SphericalKMeans partitions the n rows x_i into K clusters with unit
// centroids c_k, maximising the objective
//
//	J = Σ_i x_i · c_{l(i)}
//
// the sum of each row's cosine with its own centroid (Dhillon & Modha 2001).
// One iteration is
//
//	l(i) = argmax_k x_i · c_k               (ties: the lowest k)
//	c_k  = s_k / ‖s_k‖,  s_k = Σ_{l(i)=k} x_i
//
// after which J = Σ_k ‖s_k‖, so neither step lowers J. Iteration stops when
// no label changes, when J gains less than Tol·n, or after MaxIter
// iterations. The result's Centroids are those of the last update, Labels
// the last assignment and Sims_i = x_i · c_{l(i)}; Objective = Σ_i Sims_i.
//
// The assignment skips rows that provably keep their label (Hamerly's
// bounds in angles, after Schubert, Lang & Feher 2021): each row keeps a
// lower bound on its similarity to its own centroid and an upper bound on
// its similarity to any other; when a centroid turns by the angle δ, a
// similarity r·cos θ can only move within [r·cos(θ+δ), r·cos(θ−δ)]. A row is
// skipped only when its own centroid leads by more than 1e-9, so the labels
// are exactly those of the full argmax. On a CSR the similarities to all K
// centroids are one pass over the row's entries against the centroids
// stored column-major (Dims × K), K contiguous floats per entry.
//
// On a Dense matrix (up to 2²² row-centroid pairs) the bounds are Elkan's
// (2003), again in angles: each row keeps a lower bound on its angle to
// every centroid and an upper bound on the angle to its own; a centroid
// that turns by δ lowers its bounds by δ and raises its members' by δ. Only
// centroids whose bound does not put them behind the own one by more than
// 4·√(Dims·2⁻⁵³) + 1e-9 radians are scored; a gap that wide in angle is
// wider in cosine than twice the rounding of a dot product, so the labels
// are again exactly those of the full argmax. The first assignment of a
// restart reuses the cosines that seeding computed, and a cluster whose
// members did not change keeps its centroid without summing them again.
//
// Zero rows have cosine 0 with everything. They take no part in seeding,
// assignment or centroid sums, do not count towards the K rows that K
// clusters need (ErrTooFewRows), and are finally put in cluster 0 with
// Sim 0: where Assign, which breaks the all-zero tie by the lowest index,
// would put them.
//
// Seeding is greedy k-means++ as in scikit-learn, with the cosine distance
// D_i = 1 − max_c x_i · c over the centres chosen so far (clamped at 0).
// For unit vectors ‖x − c‖² = 2(1 − x·c), so weighting rows by D_i is
// exactly k-means++'s D² weighting. The first centre is a uniformly chosen
// non-zero row; each further centre is the best of 2 + ⌊ln K⌋ candidate
// rows drawn without replacement with probability ∝ D_i (gonum's
// stat/sampleuv.Weighted), the one leaving the smallest potential Σ_i D_i.
// A candidate's cosines with all rows come from a column index of X, at a
// cost of Σ df(j) over its terms j rather than a pass over X.
// KMeansOptions.Seeds, normalised, take the first len(Seeds) centre slots
// in every restart and k-means++ fills the rest; with K seeds there is
// nothing random and a single run is made.
//
// NInit restarts run one after another, each seeded from the next draws of
// Src; the one with the highest Objective wins (the earliest on ties). With
// KeepRestarts every restart's final labels are kept, numbered as the
// result's are; MeanPairwiseARI of them is the mean adjusted Rand index
// between runs from different seedings, a stability figure that costs no
// extra run.
//
// An empty cluster after an assignment is refilled before the update:
// empty clusters in increasing order each take the row least similar to
// its own centroid (the lowest row on ties) among rows whose cluster has
// more than one member. Moving a row x from cluster a to an empty one
// cannot lower J, since ‖s_a‖ − ‖s_a − x‖ ≤ ‖x‖ = 1.
//
// Clusters are finally numbered by decreasing size, ties by the lowest
// first member row, and Centroids' rows permuted to match.
//
// # Determinism
//
// Results depend only on X, the options and the state of Src. Assignment
// runs in parallel over chunks of 256 rows, a size that does not depend on
// the number of workers; every centroid sum is taken by one goroutine over
// its members in row order; seeding potentials are summed per chunk and the
// chunk sums added in chunk order. So the same Src gives bit-identical
// labels, centroids and sims whatever GOMAXPROCS is.
//
// # Silhouette
//
// Silhouette is scikit-learn's silhouette_score(X, labels, metric="cosine").
// With the distance d(i, j) = 1 − x̂_i · x̂_j, where x̂ = x/‖x‖ and a zero
// row has x̂ = 0 (distance 1 to every other row), and d(i, i) = 0,
//
//	a_i = Σ_{j∈C(i)} d(i, j) / (|C(i)| − 1)
//	b_i = min_{C ≠ C(i)} Σ_{j∈C} d(i, j) / |C|
//	s_i = (b_i − a_i) / max(a_i, b_i)    (0 if |C(i)| = 1 or a_i = b_i = 0)
//
// and the result is the mean of s_i over all rows. The sums are not taken
// pair by pair: Σ_{j∈C} d(i, j) = |C| − x̂_i · S_C with S_C = Σ_{j∈C} x̂_j,
// so the cost is O(nnz · k) rather than O(n² · d). (scikit-learn's own
// value for a zero row depends on its chunking of the distance matrix;
// the convention here is the one it follows on inputs of up to a few
// thousand rows.) Silhouette returns 0 when there are fewer than 2 or as
// many labels as rows, where scikit-learn raises an error.
//
// ChooseK runs SphericalKMeans for each k and keeps the k of highest
// Silhouette (it tends to the top of the range on text; SelectK is the
// measured replacement); above 3000 rows the silhouette is computed on a fixed sample
// of 3000 rows drawn without replacement from Src before the first run.
//
// # Themes
//
// LearnThemes finds which rows are about which of T analyst-named themes,
// given only a few seed columns per theme (and optional phrase weights,
// vectorize.PhraseMatch), by learning from the corpus itself. A row is
// x̃_i = (x_i, p_i), its TF-IDF weights followed by its T phrase weights
// (columns D..D+T−1), D' = D + T, α = 0.01. Class 0 is "none of these",
// the corpus background θ_0j = (G_j + α)/(g + α·D') with G_j = Σ_i x̃_ij
// and g = Σ_j G_j; class t+1 is theme t.
//
//  1. Seed round. s_it = Σ_{j ∈ S_t} x_ij + p_it over theme t's seed
//     columns S_t. Row i gives each theme u with s_iu > 0 and s_iu ≥
//     ½·max_v s_iv the share r_iu = s_iu / Σ of those s; other rows give
//     none. (ThemeResult.Seeded counts the rows per theme.)
//  2. M step (naive Bayes over TF-IDF mass, each theme against the
//     background):
//     A_tj = Σ_i r_it·x̃_ij + β_t·[j ∈ P_t],
//     θ_tj = (A_tj + α) / (Σ_j A_tj + α·D'),  w_tj = ln(θ_tj / θ_0j),
//     b_t = ln((Σ_i r_it + 1) / (Σ_i (1 − Σ_u r_iu) + 1)),
//     where the seed prior spreads one mean row of mass, β_t·|P_t| = g/n,
//     over P_t, the seed columns and (when phrases occur) column D+t: it
//     keeps the seeds in the theme when the corpus is too small to learn.
//     A theme seeded by no row gets b_t = −30. w_tj is rounded to float32.
//  3. E step: z_it = Σ_j x̃_ij·w_tj and r_it = e^{z_it+b_t} / (1 + Σ_u
//     e^{z_iu+b_u}), the posterior of theme t among the themes and none.
//     Rows are shared out between themes, so two themes cannot learn the
//     same rows. Steps 2 and 3 run 5 times (ThemeOptions.Rounds).
//  4. Relevance by fold-in. With ρ_0j = 1 and ρ_tj = e^{w_tj} = θ_tj/θ_0j
//     (ThemeModel.Ratio) and φ starting at the priors (1, e^{b_1}, …,
//     e^{b_T}) / (1 + Σ_t e^{b_t}), ThemeModel.Iter = 10 times
//     φ_c ← Σ_j x̃_ij·φ_c·ρ_cj / Σ_e φ_e·ρ_ej / Σ_j x̃_ij,
//     the EM of the mixture Σ_c φ_c θ_cj for the row's weights with the
//     θ fixed (as PLSA folds in a new document): φ_{t+1} is the share of
//     the row's weight that theme t explains, in [0, 1], the shares of the
//     themes and none summing to 1. Relevance[t] = φ_{t+1}; About[t] =
//     φ_{t+1} ≥ Threshold (0.2: a fifth of the row); Best = argmax_t.
//     A row can be about several themes or none; an article that moves
//     between themes is best read passage by passage (analyze -unit
//     paragraph), an article being about a theme when a passage is.
//
// ThemeModel.Terms[t] are the columns with w_tj > 0 of largest θ_tj·w_tj,
// the theme's learned vocabulary. ThemeModel holds only slices of numbers:
// stored with the vocabulary, Apply gives a new row (its TF-IDF vector and
// phrase weights) exactly the relevances LearnThemes gave the same row in
// the corpus, since both fold in with the same float32 Ratio and Prior.
//
// Cost: each round two passes over the stored entries, T products each
// (the M step one theme per goroutine, rows in order; the E step over
// chunks of 256 rows), and the fold-in 10·(T+1) products per entry; all
// sums are taken in a fixed order, so the result does not depend on
// GOMAXPROCS.
//
// # Choosing k
//
// SelectK scores every k in [lo, hi] on a uniform sample of at most
// SelectOptions.Sample rows (2000; drawn from Src before anything else),
// picks k by the criterion, then clusters all rows at that k with
// Consensus. All criteria work on the rows as given (the LSA embedding in
// newsclust), never on all pairs of rows. The criteria, for a sample of m
// rows:
//
//   - Stability (Ben-Hur, Elisseeff & Guyon 2002; Lange et al. 2004): B
//     (Resamples, 10) subsets of ⌈f·m⌉ rows (Fraction f, 0.8) are each
//     clustered at k (best objective of 3 k-means++ restarts) and every
//     row of the sample is assigned to the nearest of each run's
//     centroids. Stability(k) is the mean ARI over the B·(B−1)/2 pairs of
//     those labelings (ARI is already corrected for chance) and SE(k) the
//     standard deviation over runs of each run's mean ARI with the others,
//     over √B. The rule is one standard error towards the finer
//     partition: the largest k with Stability(k) ≥ Stability(k*) − SE(k*),
//     k* the most stable k. Merging well separated groups is as stable as
//     keeping them apart, so a rule without this would pick too small k.
//   - Eigengap (von Luxburg 2007): W links each row to its 10 most
//     cosine-similar rows (ties: the lower row), symmetrised by union,
//     weighted by max(cos, 0); A = D^−½·W·D^−½ with D the degrees. With
//     λ_1 ≥ λ_2 ≥ … the eigenvalues of A (λ_1 = 1), the score of k is
//     λ_k − λ_{k+1} and the largest gap wins. The top hi+1 eigenvalues
//     come from subspace iteration on (A + I)/2 with a block of hi+9
//     random vectors (from Src), orthonormalised by CholeskyQR2 every 10
//     products with a Rayleigh–Ritz step, until the wanted Ritz values
//     move less than 1e-7 (at most 1000 products): O(m·10·hi) per product
//     rather than a dense O(m³) decomposition.
//   - Stable clusters (after Hennig 2007's cluster-wise Jaccard): from the
//     same B labelings, a cluster c of run a scores the mean over the
//     other runs b of max_{c'} |c ∩ c'| / |c ∪ c'| (c' a cluster of b);
//     it is stable when that is at least StableJaccard (0.75, Hennig's
//     "valid, stable"). StableClusters(k) is the mean over runs of their
//     stable clusters, and the score is the net count
//     2·StableClusters(k) − k, stable clusters less unstable ones: cutting
//     a real group in two adds an unstable cluster, merging two real
//     groups loses a stable one, and merging well separated groups, which
//     ARI stability cannot tell from keeping them apart, loses one too.
//     The highest score wins, the smaller k on ties.
//   - CriterionDefault: Stable clusters when some k reaches a resample
//     Stability of StableARI (0.5, half way between chance and identical
//     partitions), else Eigengap: on data where k-means finds nothing
//     reproducible (a few dozen short passages) the neighbour graph still
//     shows coarse structure. Selection.Criterion says which decided.
//   - BIC: a hard-assignment mixture of von Mises–Fisher distributions in
//     d dimensions, per cluster c of n_c rows with resultant length
//     R_c = ‖Σ x_i‖: r̄ = R_c/n_c, κ_c = r̄(d − r̄²)/(1 − r̄²) (Banerjee et
//     al. 2005), log-likelihood Σ_c n_c·ln(n_c/n) + n_c·ln C_d(κ_c) + κ_c·R_c
//     with ln C_d(κ) = (d/2−1)·ln κ − (d/2)·ln 2π − ln I_{d/2−1}(κ) (Bessel
//     function by Debye's uniform expansion), BIC = −2·LL + (k·d + k − 1)·ln m,
//     averaged over the B resample labelings; the lowest wins.
//   - PAC (Șenbabaoğlu et al. 2014): over the first 1000 sample rows, the
//     share of pairs whose co-clustering rate over the B labelings lies
//     in (0.1, 0.9); the lowest wins.
//   - Gap (Tibshirani, Walther & Hastie 2001) on cosine: W_k = Σ_i (1 −
//     x_i·c_{l(i)}), gap(k) = mean ln W_k on reference data − mean ln W_k,
//     the reference being the sample with each column permuted
//     independently and rows renormalised; the smallest k with
//     gap(k) ≥ gap(k+1) − s_{k+1}.
//   - Silhouette: the cosine silhouette of the first resample labeling.
//
// Every KSelScore carries Score (the criterion's value, higher better),
// and the Stability, SE and Eigengap that were measured; Selection.Reason
// says in one line why K won. Selection.Stability is the resample
// Stability at K: near 1 for reproducible structure, near 0 for noise.
// With lo = hi nothing is scored.
//
// # Consensus
//
// Consensus runs R restarts at k (R = SelectOptions.Restarts, else
// max(NInit, min(200, ⌈100000/n⌉)): more where they are cheap; with
// Sampled above DefaultSampledMin rows through SampledKMeans) and keeps
// every restart's labels. The medoid restart is argmax_r Σ_{s≠r} ARI(r, s)
// (the earliest on ties). CombineVote (the default) aligns every restart
// to the medoid (clusters matched greedily by decreasing overlap) and
// gives each row the cluster most restarts give it (the medoid's on
// ties); CombineMedoid takes the medoid's labels as they are; either way
// a single Lloyd run from the mean directions of those labels gives the
// result. CombineBest is SphericalKMeans' highest objective. The vote is
// the grouping the restarts agree on, which settles as restarts are
// added, so different seeds land on nearly the same grouping where the
// best objective jumps between near-equal optima.
//
// # Hierarchy
//
// Hierarchy merges the K clusters by average linkage on the cosine of
// their unit centroids: sim(G, H) = Σ_{a∈G, b∈H} c_a·c_b / (|G|·|H|), the
// highest pair merged first (ties: the lowest group numbers), the new
// group numbered K + step as in SciPy's linkage. CutTree applies the first
// K − m merges and numbers the m groups by their lowest cluster.
//
// # Errors
//
// Data problems are returned as errors wrapping ErrTooFewRows,
// ErrInvalidK, ErrZeroSeed or ErrNoThemes, or the context's error when ctx is done
// (checked before every iteration and every seeding step). Programmer
// errors panic with a "cluster: " prefix: a nil Src, negative NInit or
// MaxIter, seeds or centroids whose length is not Dims, or a labels slice
// whose length is not the number of rows.
package cluster
