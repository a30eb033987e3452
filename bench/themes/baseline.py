#!/usr/bin/python3
"""A scikit-learn baseline for bench/themes: the same seeds, subsets and measures.

Usage: /usr/bin/python3 bench/themes/baseline.py [--corpora DIR]   (needs python3-sklearn)

Per subset: TfidfVectorizer(stop_words="english", sublinear_tf=True, min_df=2,
max_df=0.5) on title + blank line + text; a row is labelled with the theme
whose seed words (lower-case tokens) it contains most often, rows with none
stay unlabelled; MultinomialNB(alpha=0.01) is fitted on the labelled rows and
predicts every row. accuracy: argmax of predict_proba. about: the argmax
theme when its probability is at least 0.5, so at most one theme a row. With
one label left out, its rows must be about none.
"""
import argparse, gzip, json, os, re

import numpy as np
from sklearn.feature_extraction.text import TfidfVectorizer
from sklearn.naive_bayes import MultinomialNB

ap = argparse.ArgumentParser()
ap.add_argument("--corpora", default="../shared/corpora")
ap.add_argument("--dir", default="bench/themes")
a = ap.parse_args()


def read_seeds(path):
    seeds = {}
    for line in open(path):
        line = line.split("#", 1)[0].strip()
        if line:
            name, terms = line.split(":", 1)
            seeds[name.strip()] = terms.split()
    return seeds


def scores(pred_best, about, labels, themed):
    acc_n = acc_r = 0
    tp = fp = fn = 0
    for best, ab, lab in zip(pred_best, about, labels):
        truth = themed.index(lab) if lab in themed else -1
        if truth >= 0:
            acc_n += 1
            acc_r += best == truth
        for t in range(len(themed)):
            if ab == t and t == truth:
                tp += 1
            elif ab == t:
                fp += 1
            elif t == truth:
                fn += 1
    p = tp / (tp + fp) if tp + fp else 0
    r = tp / (tp + fn) if tp + fn else 0
    f = 2 * p * r / (p + r) if p + r else 0
    return acc_r / acc_n, p, r, f


def detect(X, counts, themed):
    lab = np.full(X.shape[0], -1)
    c = counts[:, themed]
    has = c.max(axis=1) > 0
    lab[has] = c[has].argmax(axis=1)
    nb = MultinomialNB(alpha=0.01).fit(X[lab >= 0], lab[lab >= 0])
    proba = np.zeros((X.shape[0], len(themed)))
    proba[:, nb.classes_] = nb.predict_proba(X)
    best = proba.argmax(axis=1)
    about = np.where(proba.max(axis=1) >= 0.5, best, -1)
    return best, about


docs = {}
for line in open(os.path.join(a.dir, "subsets.txt")):
    line = line.split("#", 1)[0].strip()
    if not line:
        continue
    name, labels = line.split(":", 1)
    name, labels = name.strip(), labels.split()
    path = os.path.join(a.corpora, name + ".jsonl.gz")
    if not os.path.exists(path):
        print(f"{name}: skipped (no {path})")
        continue
    if name not in docs:
        docs[name] = [json.loads(l) for l in gzip.open(path, "rt")]
    rows = [d for d in docs[name] if d["label"] in labels]
    texts = [(d.get("title") or "") + "\n\n" + d["text"] for d in rows]
    y = [d["label"] for d in rows]
    seeds = read_seeds(os.path.join(a.dir, f"seeds-{name}.txt"))
    X = TfidfVectorizer(stop_words="english", sublinear_tf=True, min_df=2, max_df=0.5).fit_transform(texts)
    tok = re.compile(r"(?u)\b\w\w+\b")
    counts = np.zeros((len(texts), len(labels)))
    for i, t in enumerate(texts):
        words = tok.findall(t.lower())
        for k, l in enumerate(labels):
            s = set(seeds[l])
            counts[i, k] = sum(w in s for w in words)
    print(f"== {name}: {' '.join(labels)} ({len(texts)} docs)")
    best, about = detect(X, counts, list(range(len(labels))))
    acc, p, r, f = scores(best, about, y, labels)
    print(f"all labels themed: accuracy {acc:.4f}; about micro P {p:.4f} R {r:.4f} F1 {f:.4f}")
    fs = []
    for k, left in enumerate(labels):
        themed = [i for i in range(len(labels)) if i != k]
        best, about = detect(X, counts, themed)
        _, p, r, f = scores(best, about, y, [labels[i] for i in themed])
        fs.append(f)
        print(f"  left out {left:24s} about micro P {p:.4f} R {r:.4f} F1 {f:.4f}")
    print(f"one label left out (mean of {len(labels)}): about micro F1 {np.mean(fs):.4f}")
