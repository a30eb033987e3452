#!/usr/bin/env python3
"""Helper for bench/quality.sh (standard library only).

  quality_table.py subset SRC.jsonl.gz DST.jsonl LABEL...
      write the records of SRC whose "label" is one of LABEL to DST.
  quality_table.py record RUNS.tsv CORPUS VARIANT SEED WALL_S EVALUATION.json
      append one newsclust run's NMI, ARI and V-measure to RUNS.tsv.
  quality_table.py table RUNS.tsv SKL_OUTPUT...
      print one Markdown table per corpus: newsclust variants from RUNS.tsv
      and scikit-learn configurations from skl_ref.py outputs named
      CORPUS.VARIANT.txt, mean ± standard deviation over seeds.

The standard deviation is the population one (numpy's default std), as
skl_ref.py reports it. scikit-learn's NMI (average_method="arithmetic") is
the V-measure, so its NMI spread is the V spread skl_ref.py prints.
"""
import gzip
import json
import math
import os
import re
import sys


def subset(src, dst, labels):
    keep = set(labels)
    n = 0
    with gzip.open(src, "rt", encoding="utf-8") as f, open(dst, "w", encoding="utf-8") as out:
        for line in f:
            if json.loads(line).get("label") in keep:
                out.write(line)
                n += 1
    print(f"{dst}: {n} articles", file=sys.stderr)


def record(runs, corpus, variant, seed, wall, evaluation):
    with open(evaluation, encoding="utf-8") as f:
        s = json.load(f)["scores"]
    with open(runs, "a", encoding="utf-8") as out:
        out.write(f"{corpus}\t{variant}\t{seed}\t{s['nmi']}\t{s['ari']}\t{s['v_measure']}\t{wall}\n")


def mean_sd(xs):
    m = sum(xs) / len(xs)
    return m, math.sqrt(sum((x - m) ** 2 for x in xs) / len(xs))


def pm(xs):
    m, sd = mean_sd(xs)
    return f"{m:.3f} ± {sd:.3f}"


LINE = re.compile(r"^(?P<name>.+?)\s+V=(?P<v>[\d.]+)±(?P<vsd>[\d.]+) NMI=(?P<nmi>[\d.]+) "
                  r"ARI=(?P<ari>-?[\d.]+)±(?P<arisd>[\d.]+) .* fit_s=(?P<fit>[\d.]+)$")


def parse_skl(path):
    """Returns header facts and [(config, V, Vsd, ARI, ARIsd, wall_s)]."""
    head, rows, vec_s, lsa_s = {}, [], 0.0, 0.0
    for line in open(path, encoding="utf-8"):
        line = line.strip()
        if line.startswith("corpus="):
            head = dict(kv.split("=", 1) for kv in line.split())
            vec_s = float(head["vectorize_s"])
        elif line.startswith("lsa_s="):
            lsa_s = float(line.split("=", 1)[1])
        else:
            m = LINE.match(line)
            if m:
                wall = vec_s + float(m["fit"]) + (lsa_s if "lsa" in m["name"] or "minibatch" in m["name"] else 0)
                rows.append((m["name"].strip(), float(m["v"]), float(m["vsd"]), float(m["ari"]), float(m["arisd"]), wall))
    return head, rows


def table(runs, skl_files):
    by = {}
    order = []
    for line in open(runs, encoding="utf-8"):
        corpus, variant, seed, nmi, ari, v, wall = line.rstrip("\n").split("\t")
        if corpus not in by:
            by[corpus] = {}
            order.append(corpus)
        by[corpus].setdefault(variant, []).append((float(nmi), float(ari), float(v), float(wall)))
    skl = {}
    for p in skl_files:
        corpus, variant = os.path.basename(p)[:-len(".txt")].split(".", 1)
        skl.setdefault(corpus, []).append((variant, parse_skl(p)))
    for corpus in order:
        variants = by[corpus]
        seeds = len(next(iter(variants.values())))
        head = skl.get(corpus, [(None, ({}, []))])[0][1][0]
        facts = f"{head['docs']} docs, k={head['k']}, " if head else ""
        print(f"### {corpus} ({facts}{seeds} seeds)\n")
        print("| method | NMI | ARI | V-measure | wall s/run |")
        print("|---|---|---|---|---|")
        best_nc = None
        for variant, rs in variants.items():
            nmi, ari, v, wall = (list(c) for c in zip(*rs))
            print(f"| newsclust {variant} | {pm(nmi)} | {pm(ari)} | {pm(v)} | {sum(wall) / len(wall):.2f} |")
            if best_nc is None:
                best_nc = (variant, mean_sd(nmi))
        best_skl = None
        for variant, (_, rows) in skl.get(corpus, []):
            for name, v, vsd, ari, arisd, wall in rows:
                print(f"| scikit-learn {name} ({variant}) | {v:.3f} ± {vsd:.3f} | {ari:.3f} ± {arisd:.3f} | "
                      f"{v:.3f} ± {vsd:.3f} | {wall:.2f} |")
                if best_skl is None or v > best_skl[1]:
                    best_skl = (f"{name} ({variant})", v, vsd)
        if best_nc and best_skl:
            (variant, (m, sd)) = best_nc
            print(f"\nnewsclust {variant}: NMI {m:.3f} ± {sd:.3f}; best scikit-learn, {best_skl[0]}: "
                  f"{best_skl[1]:.3f} ± {best_skl[2]:.3f}; difference {m - best_skl[1]:+.3f}.")
        print()


def main(argv):
    if len(argv) >= 4 and argv[1] == "subset":
        subset(argv[2], argv[3], argv[4:])
    elif len(argv) == 8 and argv[1] == "record":
        record(*argv[2:])
    elif len(argv) >= 3 and argv[1] == "table":
        table(argv[2], argv[3:])
    else:
        sys.exit(__doc__)


if __name__ == "__main__":
    main(sys.argv)
