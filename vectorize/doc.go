// Package vectorize turns texts into TF-IDF vectors: it normalises and
// tokenizes text, drops stop words, stems with snowball, learns a
// vocabulary with document-frequency pruning, and weights documents exactly
// as scikit-learn's TfidfVectorizer(norm="l2", use_idf=True,
// smooth_idf=True), returning a sparse.CSR of float32 weights. It also
// keeps a readable surface form for every term, for labels, and turns
// analyst-written themes into vectors in the same space.
//
// # Pipeline
//
// Analyzer.Terms, and Fit for each text, apply in order:
//
//  1. Normalise: Unicode NFKC (golang.org/x/text/unicode/norm), so "ﬁ" is
//     "fi", fullwidth "ＮＡＴＯ" is "NATO", a decomposed "é" is composed.
//     Then lower-case rune by rune with unicode.ToLower, the mapping of
//     strings.ToLower; this is not full case folding, so "ß" stays "ß".
//     The apostrophes ’ ‘ ‛ ʼ become '; quotes and all dashes (‐ – — −)
//     are separators like any other punctuation.
//  2. Tokenize: a token is a run of letters, digits and combining marks
//     (unicode.IsLetter, IsDigit, IsMark), starting with a letter or digit.
//     Within a run, an apostrophe between two letters is kept ("don't",
//     "o'brien") and a ',' or '.' between two digits is kept ("30,000",
//     "3.5"). A hyphen splits: "anti-ISIS" is "anti", "isis". A final
//     "'s" is dropped ("Canada's" is "canada"), and an apostrophe after
//     the word is not part of it ("Iraqis'" is "iraqis"). Single letters
//     joined by dots make one abbreviation token, dots kept between
//     letters and the final dot dropped: "U.S.", "U.S" and "U.S.-led"
//     give "u.s", distinct from the pronoun "us". Tokens of one rune are
//     dropped. Scripts without spaces between words (Chinese, Japanese)
//     are not segmented. Analyzer.Tokens stops here.
//  3. Drop numbers: tokens made only of digits (with their ',' and '.')
//     such as "2015" or "30,000" are kept by Tokens but not by Terms.
//  4. For French and Italian, drop an elided article, preposition or
//     pronoun: "l'armée" is "armée", "dell'esercito" is "esercito". For
//     Turkish, drop an apostrophe and the case ending after it:
//     "Ankara'da" is "ankara".
//  5. Drop stop words (unless Options.KeepStop). English, French,
//     Hungarian, Norwegian, Russian, Spanish and Swedish use the stop list
//     and stemmer of github.com/kljensen/snowball (<lang>.IsStopWord,
//     <lang>.Stem); Danish, Dutch, Finnish, German, Italian, Portuguese,
//     Romanian and Turkish use the stemmer of
//     github.com/blevesearch/snowballstem (<lang>.Stem) and a stop list
//     embedded from stopwords/<lang>.txt: the Snowball project's, and
//     Lucene's for Turkish (Snowball has none). Languages lists them all.
//     Romanian words are looked up and stemmed with ș and ț written as
//     ş and ţ, the letters that stemmer knows, so both spellings of a
//     word give one term. Lower-casing is the same in every language, so
//     Turkish "I" becomes "i", not "ı".
//     Both modules are generated from, or follow, the Snowball algorithms
//     of snowballstem.org. The German list adds "dass" and the full forms
//     of "unser" to Snowball's. For English a token is also a stop word
//     when it is in this package's own list of about 400 words: function
//     words, auxiliaries, their contractions ("don't", "we're"), and the
//     filler of news copy ("said", "also", "would", "could", "mr", "mrs").
//     Number words and "per" are not stop words, so "two per cent" keeps
//     its meaning.
//  6. Stem (unless Options.NoStem) with the language's Snowball stemmer
//     (kljensen's <lang>.Stem(word, false)): "defence" is "defenc",
//     "Verteidigungen" is "verteid". Abbreviations are not stemmed. Each
//     distinct token is analysed once per Analyzer; the decision is cached
//     in a map sharded by hash and guarded by read-write locks. A Fitter
//     keeps its own table of the tokens met in earlier Adds, read without
//     locks by its workers; a token new in an Add is analysed by each
//     worker that meets it, and joins the table once the Add has merged.
//  7. With NGrams 2, append the bigram "stem1 stem2" of every two tokens
//     that are neighbours once stop words and numbers are gone.
//
// # Vocabulary
//
// Fit counts, over n texts, each term's document frequency df (texts that
// contain it) and corpus count (occurrences). As scikit-learn does, it
// keeps the terms with lo <= df <= hi, where lo is MinDF when MinDF >= 1
// and MinDF·n when 0 < MinDF < 1 (default 1), and hi is MaxDF when MaxDF >
// 1 and MaxDF·n when 0 < MaxDF <= 1 (default n). Note that MinDF 1 and
// MaxDF 1 are scikit-learn's min_df=1 (a count) and max_df=1.0 (a
// proportion). Then, if MaxFeatures > 0 and more terms remain, it keeps the
// MaxFeatures terms with the largest corpus count, ties going to the
// smaller term; scikit-learn picks with numpy's argsort, which does the
// same on up to 16 terms and leaves ties unordered beyond. Columns are the
// kept terms in increasing byte order. If none is kept, Fit returns
// ErrNoTerms.
//
// # Weights
//
// For document d and term t with count c = count(t, d):
//
//	idf(t)  = ln((1 + n) / (1 + df(t))) + 1      (smooth_idf)
//	tf(t,d) = c, or 1 + ln(c) with Sublinear     (sublinear_tf)
//	w(t,d)  = tf(t,d)·idf(t) / sqrt(Σ_u (tf(u,d)·idf(u))²)
//
// computed in float64 and stored as float32. A document without a kept
// term has an empty row. Model.Transform applies the same to a new text,
// ignoring terms outside the vocabulary, so a training text transforms to
// its row of the fitted matrix.
//
// # Surface forms
//
// Model.Surface[j] is what a person should read for column j: for a stem,
// the most frequent token (after step 4, before stemming) that gave it in
// the corpus, ties going to the smaller string, so "defenc" shows as
// "defence"; for an abbreviation, its letters in upper case with the dots,
// "U.S."; for a bigram, the surface forms of its two stems joined by a
// space.
//
// # Concurrency
//
// Fitter is Fit a batch at a time (NewFitter, Add, SetDF, Finish): each
// Add tokenizes its texts into compact per-document (term id, count) pairs
// and merges the batch vocabulary into the corpus vocabulary in order, so
// the texts themselves need not be kept; Finish prunes and builds the
// matrix. Global term ids follow first occurrence, columns are then sorted
// by term, so the result is byte-identical to Fit whatever the batches.
//
// Fit analyses texts in batches fixed by the texts alone (about 128
// documents of about equal bytes) on GOMAXPROCS goroutines,
// stores each batch's counts by batch index and merges them in order, so
// the model and matrix are byte for byte the same whatever GOMAXPROCS.
// It checks ctx between batches. No documents × terms dense matrix is
// ever built.
//
// # Themes
//
// ParseThemes reads analyst-written themes (see its doc for the format).
// Model.Themes places them in the model's vocabulary as a ThemeSet, the
// word side of theme detection (cluster.LearnThemes is the number side):
// every term of a theme is analysed as a text (unigrams only); a term that
// gives one stem with a column is a seed word (ThemeSet.Words, columns); a
// term that gives two or more stems is a phrase (ThemeSet.Phrases); a
// term that gives nothing (stop words, numbers) or a stem without a column
// is listed in ThemeSet.Missing for the caller to warn about.
//
// A phrase matches only as a phrase: ThemeSet.Match finds it where its
// stems follow each other in the text's analysed terms (stop words and
// numbers already dropped), so "islamic state" matches "Islamic State",
// "anti-Islamic State" and "Islamic States" but not "state-controlled" or
// "Islamic" alone, and the same with NGrams 1 or 2: it works on the term
// sequence, not on bigram columns. For phrase k of theme t with c_k > 0
// occurrences in a text, the theme's phrase weight is
//
//	p_t = Σ_k tf(c_k)·idf_k / N
//
// with tf as for terms (1 + ln c with Sublinear, else c), idf_k the
// largest IDF of the phrase's stems that have a column (ln(1+n) + 1, the
// IDF of an unseen term, when none has), and N the L2 norm of the text's
// TF-IDF row before normalisation (Model.TransformNorm), so that p_t is on
// the scale of the row's own weights. ThemeSet.Unmatched lists the
// phrases no text of the corpus used (PhraseMatch.AddDF counts them).
// Matching costs one more analysis of each text; ThemeSet.HasPhrases says
// when it can be skipped.
package vectorize
