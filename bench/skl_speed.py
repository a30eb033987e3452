#!/usr/bin/python3
"""The scikit-learn pipeline that bench/speed.sh times: read JSONL(.gz),
TfidfVectorizer(stop_words="english", min_df=5, max_df=0.5), then
KMeans(n_clusters=k, n_init=5, max_iter=100). Prints one line:
`docs=N k=K nmi=X vectorize_s=A kmeans_s=B` (k = number of labels)."""
import argparse, gzip, json, time
t_start = time.perf_counter()
from sklearn.feature_extraction.text import TfidfVectorizer
from sklearn.cluster import KMeans
from sklearn.metrics import normalized_mutual_info_score

ap = argparse.ArgumentParser()
ap.add_argument("corpus")
ap.add_argument("--seed", type=int, default=0)
ap.add_argument("-k", type=int, default=0)
a = ap.parse_args()
opener = gzip.open if a.corpus.endswith(".gz") else open
docs, labels = [], []
with opener(a.corpus, "rt", encoding="utf-8") as f:
    for line in f:
        d = json.loads(line)
        if d.get("label") is None:
            continue
        docs.append(d.get("text") or ""); labels.append(d["label"])
k = a.k or len(set(labels))
t0 = time.perf_counter()
X = TfidfVectorizer(stop_words="english", min_df=5, max_df=0.5).fit_transform(docs)
t1 = time.perf_counter()
pred = KMeans(n_clusters=k, n_init=5, max_iter=100, random_state=a.seed).fit(X).labels_
t2 = time.perf_counter()
print(f"docs={len(docs)} k={k} nmi={normalized_mutual_info_score(labels, pred):.4f} "
      f"vectorize_s={t1-t0:.2f} kmeans_s={t2-t1:.2f} total_s={t2-t_start:.2f}")
