"""Writes silhouette.json: small matrices, labels and their mean cosine
silhouette from scikit-learn, the reference for TestSilhouetteFixture.

Run from the cluster directory with scikit-learn 1.2:
    /usr/bin/python3 testdata/gen_silhouette.py
"""
import json
import os

import numpy as np
import sklearn
from sklearn.metrics import silhouette_score

rng = np.random.default_rng(20240601)


def unit_rows(x):
    n = np.linalg.norm(x, axis=1, keepdims=True)
    n[n == 0] = 1
    return x / n


cases = []


def add(name, x, labels):
    x = np.asarray(x, dtype=np.float64)
    labels = np.asarray(labels)
    cases.append({
        "name": name,
        "rows": x.tolist(),
        "labels": labels.tolist(),
        "silhouette": float(silhouette_score(x, labels, metric="cosine")),
    })


# Three loose groups on overlapping directions, unit rows.
centres = rng.normal(size=(3, 6))
x = np.vstack([centres[c] + 0.6 * rng.normal(size=(5, 6)) for c in range(3)])
add("three_groups", unit_rows(x), np.repeat([0, 1, 2], 5))

# The same rows with random labels: a poor clustering, a score near 0.
add("random_labels", unit_rows(x), rng.integers(0, 3, size=15))

# A singleton cluster, which scores 0, and non-contiguous label values.
y = unit_rows(rng.normal(size=(9, 4)))
add("singleton", y, [7, 7, 7, 7, 2, 2, 2, 2, 40])

# Non-negative sparse-ish rows like TF-IDF, one of them zero (cosine
# distance 1 to everything but itself), rows not normalised.
z = rng.random(size=(12, 8)) * (rng.random(size=(12, 8)) < 0.4)
z[5] = 0
z[0, 0] = 1.0
add("tfidf_like_with_zero_row", z, [0, 0, 0, 1, 1, 1, 1, 2, 2, 2, 3, 3])

out = {"sklearn": sklearn.__version__, "cases": cases}
path = os.path.join(os.path.dirname(os.path.abspath(__file__)), "silhouette.json")
with open(path, "w") as f:
    json.dump(out, f, indent=1)
    f.write("\n")
