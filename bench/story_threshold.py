#!/usr/bin/python3
"""Measure the same-story cosine threshold of model.StoryRule on 20 Newsgroups.

Usage: story_threshold.py NEWSCLUST CORPUS [--workdir DIR]

Reads the test split of four groups (rec.sport.hockey, sci.space,
talk.politics.mideast, comp.graphics), analyses them with -k 4, and reads
every pair of messages of one group from similarity.csv. Two messages of one
thread (the same subject once "Re:" and "Fwd:" are removed) stand for two
reports of one story. For each threshold it prints the precision, recall
and F1 of "cosine >= threshold" as "same thread".
"""
import argparse, csv, gzip, json, os, re, subprocess, tempfile

ap = argparse.ArgumentParser()
ap.add_argument("newsclust")
ap.add_argument("corpus")
ap.add_argument("--workdir", default=None)
a = ap.parse_args()
groups = {"rec.sport.hockey", "sci.space", "talk.politics.mideast", "comp.graphics"}
work = a.workdir or tempfile.mkdtemp(prefix="story-threshold-")
docs = {}
with gzip.open(a.corpus, "rt", encoding="utf-8") as f, open(f"{work}/t.jsonl", "w") as out:
    for line in f:
        d = json.loads(line)
        if d.get("split") == "test" and d["label"] in groups:
            docs[d["id"]] = d
            out.write(json.dumps({"id": d["id"], "title": d["title"], "text": d["text"], "label": d["label"]}) + "\n")
subprocess.run([a.newsclust, "analyze", "-quiet", "-k", "4", "-out", f"{work}/o", f"{work}/t.jsonl"], check=True, stdout=subprocess.DEVNULL)

def subject(t):
    t = t.strip().lower()
    while True:
        u = re.sub(r"^(re|fwd?)\s*:\s*", "", t)
        if u == t:
            return t.strip()
        t = u

pairs = []
for r in csv.DictReader(open(f"{work}/o/similarity.csv")):
    x, y = docs[r["a"]], docs[r["b"]]
    if x["label"] == y["label"]:
        pairs.append((float(r["cosine"]), subject(x["title"]) != "" and subject(x["title"]) == subject(y["title"])))
P = sum(s for _, s in pairs)
print(f"{len(docs)} messages, {len(pairs)} pairs within a group, {P} of one thread")
for t in [0.2, 0.25, 0.3, 0.35, 0.4, 0.5, 0.6, 0.8]:
    tp = sum(1 for c, s in pairs if s and c >= t)
    fp = sum(1 for c, s in pairs if not s and c >= t)
    p, r = tp / max(1, tp + fp), tp / P
    print(f"  threshold {t:.2f}  precision {p:.3f}  recall {r:.3f}  F1 {2 * p * r / max(1e-9, p + r):.3f}")
