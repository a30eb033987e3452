#!/usr/bin/python3
"""Writes svd.json: a small random sparse matrix and the singular values that
scikit-learn 1.2's TruncatedSVD (randomized) finds for it, for TestSVDSklearn.

The range finder keeps n_components + n_oversamples = 20 = n_features
directions, so its basis spans the whole row space and the randomized result
is exact up to rounding; numpy's dense SVD is stored beside it as a check.

Run from this directory: /usr/bin/python3 gen_svd.py > svd.json
"""
import json
import sys

import numpy as np
import scipy.sparse as sp
import sklearn
from sklearn.decomposition import TruncatedSVD

rng = np.random.default_rng(7)
n, d, r = 30, 20, 5
X = sp.random(n, d, density=0.3, format="csr", random_state=rng, dtype=np.float64)
X.data = X.data.astype(np.float32).astype(np.float64)  # values exact in float32
X.sort_indices()

svd = TruncatedSVD(n_components=r, algorithm="randomized", n_iter=10,
                   n_oversamples=d - r, random_state=0).fit(X)
exact = np.linalg.svd(X.toarray(), compute_uv=False)[:r]

json.dump({
    "sklearn": sklearn.__version__,
    "rows": n, "cols": d, "r": r,
    "indptr": X.indptr.tolist(),
    "indices": X.indices.tolist(),
    "data": X.data.tolist(),
    "singular_values": svd.singular_values_.tolist(),
    "numpy_singular_values": exact.tolist(),
}, sys.stdout, indent=1)
print()
