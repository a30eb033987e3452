#!/usr/bin/python3
"""Writes metrics.json: clustering scores from scikit-learn 1.2 for labelings
that TestMetricsSklearn recomputes with the Go functions in metrics.go.

Run from this directory: /usr/bin/python3 gen_metrics.py > metrics.json
"""
import json

import numpy as np
import sklearn
from sklearn import metrics
from sklearn.metrics.cluster import contingency_matrix

rng = np.random.default_rng(20240611)


def noisy(truth, k, p):
    """truth relabelled into k clusters, each label replaced at random with probability p."""
    pred = np.array([t % k for t in truth])
    flip = rng.random(len(truth)) < p
    pred[flip] = rng.integers(0, k, flip.sum())
    return pred


cases = []


def add(name, truth, pred):
    truth = [int(x) for x in truth]
    pred = [int(x) for x in pred]
    h, c, v = metrics.homogeneity_completeness_v_measure(truth, pred)
    cont = contingency_matrix(truth, pred)
    cases.append({
        "name": name,
        "truth": truth,
        "pred": pred,
        "nmi": metrics.normalized_mutual_info_score(truth, pred),
        "ami": metrics.adjusted_mutual_info_score(truth, pred),
        "ari": metrics.adjusted_rand_score(truth, pred),
        "homogeneity": h,
        "completeness": c,
        "v_measure": v,
        # Purity is not in scikit-learn: sum over clusters of the largest
        # class count, divided by n, from sklearn's own contingency table.
        # (1 for no rows, as metrics.go defines it.)
        "purity": float(cont.max(axis=0).sum() / len(truth)) if truth else 1.0,
        "contingency": cont.tolist(),
    })


add("random n=10 3x2", rng.integers(0, 3, 10), rng.integers(0, 2, 10))
add("random n=50 5x7", rng.integers(0, 5, 50), rng.integers(0, 7, 50))
t = rng.integers(0, 4, 200)
add("noisy n=200 4x4", t, noisy(t, 4, 0.3))
t = rng.integers(0, 20, 500)
add("noisy n=500 20x15", t, noisy(t, 15, 0.5))
add("random n=500 8x12", rng.integers(0, 8, 500), rng.integers(0, 12, 500))
t = rng.integers(0, 3, 30)
add("perfect permuted labels n=30", [[-1, 5, 9][x] for x in t], [[7, 0, 3][x] for x in t])
add("single cluster n=40", rng.integers(0, 4, 40), [0] * 40)
add("both single cluster n=12", [2] * 12, [5] * 12)
add("all singletons n=25", rng.integers(0, 3, 25), list(range(25)))
add("crossed n=4", [0, 0, 1, 1], [0, 1, 0, 1])
add("two singletons", [0, 1], [1, 0])
add("one row", [4], [-2])
add("empty", [], [])

json.dump({"sklearn": sklearn.__version__, "cases": cases}, __import__("sys").stdout, indent=1)
print()
