#!/usr/bin/env bash
# bench/autok.sh: how well -k auto (the k of highest cosine silhouette)
# recovers the true number of classes of labelled corpora.
#
# For 20NG-4 (true k 4), Reuters R8 (8) and 20 Newsgroups (20), seeds
# 1..SEEDS, it runs newsclust analyze -k auto with the default -k-range 2:12
# and with -k-range 2:30 (which contains 20), and prints the k chosen and the
# NMI of that clustering against the labels.
#
# Usage: bench/autok.sh > bench/results/autok.txt
# Environment: SEEDS (default 3), PYTHON (default python3), SHARED (default
# ../shared). Skips, exiting 0 with a message, when SHARED is absent.
set -euo pipefail

cd "$(dirname "$0")/.."
SHARED=${SHARED:-../shared}
SEEDS=${SEEDS:-3}
PYTHON=${PYTHON:-python3}
if [[ ! -d $SHARED/corpora ]]; then
	echo "bench/autok.sh: $SHARED/corpora not found; skipping"
	exit 0
fi
SHARED=$(cd "$SHARED" && pwd)
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
go build -o "$tmp/newsclust" ./cmd/newsclust
"$PYTHON" bench/quality_table.py subset "$SHARED/corpora/20newsgroups.jsonl.gz" "$tmp/20NG-4.jsonl" \
	alt.atheism comp.graphics sci.space talk.religion.misc

echo "# -k auto: chosen k against the true number of classes"
echo
echo "$(date -u +%Y-%m-%dT%H:%MZ), $(nproc) CPUs, $(go version | cut -d' ' -f3), $SEEDS seeds, other settings default"
echo
echo "| corpus | true k | -k-range | k chosen per seed | NMI per seed | wall s/run |"
echo "|---|---|---|---|---|---|"
for spec in 20NG-4:4:$tmp/20NG-4.jsonl R8:8:$SHARED/corpora/reuters-r8.jsonl.gz 20NG:20:$SHARED/corpora/20newsgroups.jsonl.gz; do
	IFS=: read -r corpus truek input <<<"$spec"
	for range in 2:12 2:30; do
		ks=() nmis=() total=0
		for seed in $(seq 1 "$SEEDS"); do
			start=$(date +%s.%N)
			"$tmp/newsclust" analyze -quiet -k auto -k-range "$range" -seed "$seed" -out "$tmp/out" "$input" >/dev/null
			end=$(date +%s.%N)
			total=$(awk "BEGIN { print $total + $end - $start }")
			read -r k nmi < <("$PYTHON" -c 'import json, sys; s = json.load(open(sys.argv[1]))["scores"]; print(s["clusters"], "%.3f" % s["nmi"])' "$tmp/out/evaluation.json")
			ks+=("$k") nmis+=("$nmi")
		done
		echo "| $corpus | $truek | $range | ${ks[*]} | ${nmis[*]} | $(awk "BEGIN { printf \"%.1f\", $total / $SEEDS }") |"
	done
done
