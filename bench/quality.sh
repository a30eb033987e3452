#!/usr/bin/env bash
# bench/quality.sh: clustering quality of newsclust's defaults next to the
# scikit-learn reference pipeline, on the same corpora and seeds.
#
# Corpora (from ../shared/corpora, as seen from a clone at /work/main):
#   20NG-4  the 4 categories of scikit-learn's document-clustering example
#           (alt.atheism, comp.graphics, sci.space, talk.religion.misc), k=4
#   20NG    all of 20 Newsgroups, k=20
#   R8      Reuters-21578 R8, k=8
# For each, newsclust analyze runs with only -k and -seed (seeds 1..SEEDS),
# on title and text (its default) and on the text alone; and
# ../shared/reference/skl_ref.py runs every scikit-learn configuration over
# the same number of seeds, on the text alone (its default, as in
# ../shared/reference/README.md) and with the title prepended (--title).
#
# Output: one Markdown table per corpus, NMI / ARI / V-measure as mean ±
# standard deviation over seeds, and wall seconds per run: for newsclust the
# whole analyze command (reading, vectorizing, clustering, every report and
# chart); for scikit-learn vectorizing + LSA (where used) + fitting, without
# reading the file or starting Python.
#
# Usage: bench/quality.sh > bench/results/quality.txt
# Environment: SEEDS (default 5), PYTHON (default: python3, else
# /usr/bin/python3, whichever imports sklearn), SHARED (default ../shared).
# Skips, exiting 0 with a message, when SHARED or scikit-learn is absent.
set -euo pipefail

cd "$(dirname "$0")/.."
SHARED=${SHARED:-../shared}
SEEDS=${SEEDS:-5}
if [[ -z ${PYTHON:-} ]]; then
	# The first Python that has scikit-learn: Debian's python3-sklearn is
	# only in the system Python, which a pyenv shim may hide.
	PYTHON=python3
	for py in python3 /usr/bin/python3; do
		if "$py" -c 'import sklearn' 2>/dev/null; then
			PYTHON=$py
			break
		fi
	done
fi

if [[ ! -d $SHARED/corpora || ! -f $SHARED/reference/skl_ref.py ]]; then
	echo "bench/quality.sh: $SHARED/corpora or $SHARED/reference/skl_ref.py not found; skipping"
	exit 0
fi
if ! "$PYTHON" -c 'import sklearn' 2>/dev/null; then
	echo "bench/quality.sh: $PYTHON cannot import sklearn (apt-get install python3-sklearn); skipping"
	exit 0
fi

SHARED=$(cd "$SHARED" && pwd)
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
go build -o "$tmp/newsclust" ./cmd/newsclust

"$PYTHON" bench/quality_table.py subset "$SHARED/corpora/20newsgroups.jsonl.gz" "$tmp/20NG-4.jsonl" \
	alt.atheism comp.graphics sci.space talk.religion.misc
gzip -dc "$SHARED/corpora/20newsgroups.jsonl.gz" >"$tmp/20NG.jsonl"
gzip -dc "$SHARED/corpora/reuters-r8.jsonl.gz" >"$tmp/R8.jsonl"

echo "# newsclust vs scikit-learn: clustering quality against the labels"
echo
echo "$(date -u +%Y-%m-%dT%H:%MZ), $(nproc) CPUs, $(go version | cut -d' ' -f3), scikit-learn $("$PYTHON" -c 'import sklearn; print(sklearn.__version__)'), $SEEDS seeds"
echo

runs=$tmp/runs.tsv
: >"$runs"
for spec in 20NG-4:4 20NG:20 R8:8; do
	corpus=${spec%%:*} k=${spec##*:}
	for variant in "defaults (title+text)" "defaults, text only"; do
		extra=()
		[[ $variant == *"text only"* ]] && extra=(-title-field none)
		for seed in $(seq 1 "$SEEDS"); do
			start=$(date +%s.%N)
			"$tmp/newsclust" analyze -quiet -k "$k" -seed "$seed" ${extra[@]+"${extra[@]}"} -out "$tmp/out" "$tmp/$corpus.jsonl" >/dev/null
			end=$(date +%s.%N)
			"$PYTHON" bench/quality_table.py record "$runs" "$corpus" "$variant" "$seed" \
				"$(awk "BEGIN { print $end - $start }")" "$tmp/out/evaluation.json"
		done
	done
	(cd "$tmp" && "$PYTHON" "$SHARED/reference/skl_ref.py" "$corpus.jsonl" --seeds "$SEEDS" >"$corpus.text.txt")
	(cd "$tmp" && "$PYTHON" "$SHARED/reference/skl_ref.py" "$corpus.jsonl" --seeds "$SEEDS" --title >"$corpus.title+text.txt")
done

"$PYTHON" bench/quality_table.py table "$runs" "$tmp"/*.text.txt "$tmp"/*.title+text.txt
