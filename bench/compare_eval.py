#!/usr/bin/python3
"""Evaluate `newsclust compare` against scikit-learn TF-IDF cosine on one split.

Usage: compare_eval.py NEWSCLUST CORPUS.jsonl[.gz] [--workdir DIR] [--leave-out G ...]

The corpus is split 80/20 by a hash of the id (crc32(id) % 5 == 0 goes to the
test side), so the split is the same for every tool and every run.

* Top-1 accuracy: for each test article, does its most similar training
  article carry the same label?
* Novelty AUC: for each left-out group G, the model is fitted on the training
  articles minus G; the test articles of G should score as more novel than
  the other test articles. AUC of novelty (newsclust) or 1 - best cosine
  (scikit-learn) separating G from the rest.

scikit-learn is TfidfVectorizer(stop_words="english") with and without the
reference pruning (min_df=5, max_df=0.5), cosine by sparse dot products.
"""
import argparse, gzip, json, os, subprocess, sys, tempfile, time, zlib

import numpy as np
from sklearn.feature_extraction.text import TfidfVectorizer
from sklearn.metrics import roc_auc_score

ap = argparse.ArgumentParser()
ap.add_argument("newsclust")
ap.add_argument("corpus")
ap.add_argument("--workdir", default=None)
ap.add_argument("--leave-out", nargs="*", default=["sci.space", "rec.sport.hockey", "talk.politics.mideast", "comp.graphics"])
a = ap.parse_args()

opener = gzip.open if a.corpus.endswith(".gz") else open
docs = []
with opener(a.corpus, "rt", encoding="utf-8") as f:
    for line in f:
        d = json.loads(line)
        if d.get("label") is None or not (d.get("text") or "").strip():
            continue
        docs.append(d)
test_side = lambda d: zlib.crc32(d["id"].encode()) % 5 == 0
train = [d for d in docs if not test_side(d)]
test = [d for d in docs if test_side(d)]
k = len({d["label"] for d in train})
label = {d["id"]: d["label"] for d in docs}
work = a.workdir or tempfile.mkdtemp(prefix="compare-eval-")
os.makedirs(work, exist_ok=True)

def dump(path, rows):
    with open(path, "w", encoding="utf-8") as f:
        for d in rows:
            f.write(json.dumps({"id": d["id"], "title": d.get("title", ""), "text": d["text"], "label": d["label"]}) + "\n")

def text(d):
    t = d.get("title") or ""
    return t + "\n\n" + d["text"] if t else d["text"]

def newsclust(train_rows, kk, tag):
    tr, te, out = f"{work}/{tag}-train.jsonl", f"{work}/test.jsonl", f"{work}/{tag}-model"
    dump(tr, train_rows)
    t0 = time.perf_counter()
    subprocess.run([a.newsclust, "analyze", "-quiet", "-k", str(kk), "-out", out, tr], check=True, stdout=subprocess.DEVNULL)
    t1 = time.perf_counter()
    res = subprocess.run([a.newsclust, "compare", "-json", "-top", "1", "-model", out, te], check=True, capture_output=True, text=True)
    t2 = time.perf_counter()
    return {r["id"]: r for r in map(json.loads, res.stdout.splitlines())}, t1 - t0, t2 - t1

def sklearn(train_rows, **kw):
    vec = TfidfVectorizer(stop_words="english", **kw)
    Xtr = vec.fit_transform([text(d) for d in train_rows])
    Xte = vec.transform([text(d) for d in test])
    S = (Xte @ Xtr.T).tocsr()
    best = np.zeros(len(test)); arg = np.full(len(test), -1)
    for i in range(len(test)):
        row = S.getrow(i)
        if row.nnz:
            j = row.indices[row.data.argmax()]
            best[i], arg[i] = row.data.max(), j
    return best, arg

dump(f"{work}/test.jsonl", test)
print(f"corpus={a.corpus} train={len(train)} test={len(test)} k={k}")

# Top-1 neighbour label accuracy.
nc, fit_s, cmp_s = newsclust(train, k, "full")
ids = [d["id"] for d in test if d["id"] in nc]
acc_nc = np.mean([bool(nc[i]["neighbors"]) and label[nc[i]["neighbors"][0]["id"]] == label[i] for i in ids])
print(f"newsclust: analyze {fit_s:.1f} s, compare {len(nc)} articles {cmp_s:.2f} s ({1000*cmp_s/len(nc):.2f} ms/article incl. model load)")
rows = [("newsclust (defaults)", acc_nc)]
pos = {d["id"]: n for n, d in enumerate(test)}
for name, kw in [("sklearn TF-IDF cosine", {}), ("sklearn TF-IDF cosine min_df=5 max_df=0.5", {"min_df": 5, "max_df": 0.5})]:
    _, arg = sklearn(train, **kw)
    acc = np.mean([arg[pos[i]] >= 0 and train[arg[pos[i]]]["label"] == label[i] for i in ids])
    rows.append((name, acc))
print(f"\nTop-1 neighbour label accuracy on {len(ids)} test articles")
for name, acc in rows:
    print(f"  {name:44s} {acc:.4f}")

# Novelty AUC with one group left out of the model.
print("\nNovelty AUC (left-out group's test articles vs the rest)")
print(f"  {'group':24s} {'newsclust':>10s} {'sklearn':>10s} {'sklearn pruned':>15s}")
aucs = []
for g in a.leave_out:
    rest = [d for d in train if d["label"] != g]
    nc, _, _ = newsclust(rest, k - 1, "lo-" + g)
    ids_g = [d["id"] for d in test if d["id"] in nc]
    y = [label[i] == g for i in ids_g]
    auc_nc = roc_auc_score(y, [nc[i]["novelty"] for i in ids_g])
    out = [auc_nc]
    for kw in [{}, {"min_df": 5, "max_df": 0.5}]:
        best, _ = sklearn(rest, **kw)
        out.append(roc_auc_score(y, [1 - best[pos[i]] for i in ids_g]))
    aucs.append(out)
    print(f"  {g:24s} {out[0]:10.4f} {out[1]:10.4f} {out[2]:15.4f}")
m = np.mean(aucs, axis=0)
print(f"  {'mean':24s} {m[0]:10.4f} {m[1]:10.4f} {m[2]:15.4f}")
