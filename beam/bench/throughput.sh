#!/usr/bin/env bash
# Throughput of newsclust-beam on Prism in process, per worker and as the
# input grows: 2,000, 5,000 and all 18,846 articles of 20 Newsgroups
# (every n-th line, so that every group is in), k 20, with the restarts on
# a sample of 5,000 rows so that the larger inputs take passes (10 at most).
#
#   beam/bench/throughput.sh [CORPUS.jsonl.gz] [PROCS...]
#
# PROCS are the GOMAXPROCS values tried (default "1": one worker; "1 2"
# shows how one machine's second core helps). Prints one line per run:
# the seconds of each step, articles per second through vocabulary+rows
# (the read, analyse and count passes), row-passes per second of the
# k-means passes, and the peak resident memory. Results go to stdout as a
# Markdown table; the runs' folders are left in $TMPDIR/newsclust-beam-bench.
set -euo pipefail
cd "$(dirname "$0")/.."
corpus=${1:-/work/shared/corpora/20newsgroups.jsonl.gz}
shift || true
procs=${*:-1}
work=${TMPDIR:-/tmp}/newsclust-beam-bench
mkdir -p "$work"
go build -o "$work/newsclust-beam" ./cmd/newsclust-beam
total=$(zcat "$corpus" | wc -l)
echo "| articles | MB | GOMAXPROCS | vocabulary s | rows s | seed s | passes | s/pass | assignments+model s | total s | articles/s (vocab+rows) | rows·passes/s | peak RSS MB |"
echo "|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|"
for n in 2000 5000 "$total"; do
    in="$work/in-$n.jsonl"
    if [ ! -s "$in" ]; then
        step=$(( total / n ))
        zcat "$corpus" | awk -v s="$step" -v n="$n" '(NR - 1) % s == 0 && c < n { print; c++ }' > "$in"
    fi
    mb=$(du -m "$in" | cut -f1)
    for p in $procs; do
        out="$work/out-$n-$p"
        log="$work/log-$n-$p"
        GOMAXPROCS=$p /usr/bin/time -f "rss %M" "$work/newsclust-beam" -k 20 -seed 1 -rounds 10 -sample 5000 -out "$out" "$in" > "$log.out" 2> "$log"
        awk -v n="$n" -v mb="$mb" -v p="$p" '
            /^vocabulary / { v = $2 + 0 }
            /^fit / { f = $2 + 0 }
            /^rows / { r = $2 + 0 }
            /^seed / { s = $2 + 0 }
            /^round [0-9]+ / { rs += $3 + 0; np++ }
            /^assignments / { a = $2 + 0 }
            /^model / { m = $2 + 0 }
            /^rss / { rss = $2 / 1024 }
            END {
                tot = v + f + r + s + rs + a + m
                printf "| %d | %d | %d | %.1f | %.1f | %.1f | %d | %.2f | %.1f | %.1f | %.0f | %.0f | %.0f |\n",
                    n, mb, p, v, r, s, np, rs / np, a + m, tot, 2 * n / (v + r), n * np / rs, rss
            }' "$log"
    done
done
