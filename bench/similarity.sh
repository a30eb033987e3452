#!/usr/bin/env bash
# bench/similarity.sh: does the default article similarity find articles on
# the same subject at least as well as plain TF-IDF cosine?
#
# There is no human-judged similarity set here, so bench/simproxy uses the
# labels of 20 Newsgroups and Reuters R8 as a proxy: precision@1 and @10 of
# same-label nearest neighbours, for plain TF-IDF cosine, for the TF-IDF that
# analyze uses by default (similarity.csv, most similar pairs, compare's
# neighbours) and for cosine in LSA embeddings of it. See
# bench/simproxy/main.go for the exact definitions.
#
# Usage: bench/similarity.sh > bench/results/similarity.txt
# Environment: SHARED (default ../shared). Skips, exiting 0 with a message,
# when SHARED is absent.
set -euo pipefail

cd "$(dirname "$0")/.."
SHARED=${SHARED:-../shared}
if [[ ! -d $SHARED/corpora ]]; then
	echo "bench/similarity.sh: $SHARED/corpora not found; skipping"
	exit 0
fi
echo "# Similarity proxy: same-label nearest neighbours"
echo
echo "$(date -u +%Y-%m-%dT%H:%MZ), $(nproc) CPUs, $(go version | cut -d' ' -f3)"
echo
go run ./bench/simproxy -lsa 100,200 "$SHARED/corpora/reuters-r8.jsonl.gz" "$SHARED/corpora/20newsgroups.jsonl.gz"
