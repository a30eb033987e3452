#!/usr/bin/python3
"""Write tfidf.json: scikit-learn TfidfVectorizer results on pre-tokenized
documents, the reference for vectorize's TestFitTermsMatchesSklearn.

Run from this folder with /usr/bin/python3 (scikit-learn 1.2):

    /usr/bin/python3 gen_tfidf.py

Documents are space-separated terms, analysed with str.split so that the
fixture tests weighting and pruning only, not tokenizing. Document 11 is
empty, to check that an empty row stays empty.

scikit-learn picks max_features terms with numpy's argsort of the negated
corpus counts over the sorted vocabulary. That sort is not stable beyond 16
entries, so the order of tied counts at the cut is not specified there; the
DOCS configurations keep a clean cut (five terms counted 4, the rest at most
3), and TIE_DOCS, with fewer than 16 terms where numpy's insertion sort is
stable, checks that ties go to the smaller term.
"""
import json

import numpy as np
import sklearn
from sklearn.feature_extraction.text import TfidfVectorizer

DOCS = [
    "nato defenc spend nato alli budget",
    "ukrain russia putin crimea ukrain sanction",
    "isi iraq coalit airstrik isi isi",
    "defenc budget gdp per cent spend spend",
    "russia ukrain kyiv separatist nato ukrain",
    "iraq syria isi jihadist coalit",
    "budget cash contribut alli nato defenc",
    "putin russia sanction europ energi russia",
    "coalit train mission iraq canada",
    "canada nato alli mission spend",
    "zulu zulu zulu yankee",
    "",
]

# A small vocabulary (5 terms) whose counts tie at the max_features cut:
# a, b, c, d occur twice and e once.
TIE_DOCS = ["b a c", "c a d", "d e b"]

# Each configuration: the name used by the Go test, and the keyword
# arguments of TfidfVectorizer. Integers are counts, floats proportions,
# as in scikit-learn.
CONFIGS = [
    ("default", {}),
    ("ties:max_features=2", {"max_features": 2}),
    ("ties:max_features=3", {"max_features": 3}),
    ("sublinear", {"sublinear_tf": True}),
    ("min_df=2", {"min_df": 2}),
    ("max_df=0.5", {"max_df": 0.5}),
    ("max_df=0.3", {"max_df": 0.3}),
    ("max_df=3", {"max_df": 3}),
    ("max_features=5", {"max_features": 5}),
    ("min_df=0.2", {"min_df": 0.2}),
    ("min_df=2,max_df=0.9,max_features=4,sublinear",
     {"min_df": 2, "max_df": 0.9, "max_features": 4, "sublinear_tf": True}),
]


def stable_top(docs):
    """The max_features rule written out: most frequent by corpus count,
    ties by term. Checked against scikit-learn's choice below so that the
    fixture only holds cases where the two agree."""
    counts = {}
    for d in docs:
        for t in d.split():
            counts[t] = counts.get(t, 0) + 1
    return sorted(counts, key=lambda t: (-counts[t], t))


def main():
    out = {"sklearn": sklearn.__version__, "configs": []}
    for name, kw in CONFIGS:
        docs = TIE_DOCS if name.startswith("ties:") else DOCS
        v = TfidfVectorizer(analyzer=str.split, lowercase=False, norm="l2",
                            use_idf=True, smooth_idf=True, **kw)
        x = v.fit_transform(docs)
        vocab = list(v.get_feature_names_out())
        if "max_features" in kw and "min_df" not in kw:
            want = sorted(stable_top(docs)[:kw["max_features"]])
            assert vocab == want, (name, vocab, want)
        out["configs"].append({
            "name": name,
            "params": kw,
            "docs": docs,
            "vocabulary": vocab,
            "idf": [float(f) for f in v.idf_],
            "rows": np.asarray(x.todense()).tolist(),
        })
    with open("tfidf.json", "w") as f:
        json.dump(out, f, indent=1, sort_keys=True)
        f.write("\n")


if __name__ == "__main__":
    main()
