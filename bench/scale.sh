#!/usr/bin/env bash
# Times newsclust analyze -k 28 on synthetic corpora of growing size and
# writes bench/results/scale.txt: articles, wall seconds, peak memory, and
# the time of each step (from the progress lines on stderr).
#
# usage: bench/scale.sh [SIZES...]
#   SIZES default to 10000 100000 1000000. The corpora are made by
#   bench/synth (-words 150 -seed 1) from ../shared/corpora, deterministic,
#   in a temporary folder outside the repository; skips with a message when
#   ../shared/corpora or /usr/bin/time (apt-get install -y time) is missing.
#   Then draw the chart: go run ./bench/scalechart
set -euo pipefail
cd "$(dirname "$0")/.."
src=(../shared/corpora/20newsgroups.jsonl.gz ../shared/corpora/reuters-r8.jsonl.gz)
for f in "${src[@]}"; do
  [ -f "$f" ] || { echo "scale.sh: $f not found; skipping"; exit 0; }
done
[ -x /usr/bin/time ] || { echo "scale.sh: /usr/bin/time missing (apt-get install -y time); skipping"; exit 0; }
sizes=("$@")
[ ${#sizes[@]} -gt 0 ] || sizes=(10000 100000 1000000)
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
go build -o "$tmp/newsclust" ./cmd/newsclust
go build -o "$tmp/synth" ./bench/synth
res=bench/results/scale.txt
{
  echo "# newsclust analyze -k 28 on bench/synth corpora (-words 150 -seed 1); $(nproc) cores, $(go env GOVERSION)"
  echo "# steps: read = reading articles, vec = vectorizing, lsa = LSA, km = k-means, rep = labels and similarity, out = writing outputs (seconds)"
  printf '%-8s %8s %8s %7s %7s %7s %7s %7s %7s\n' n wall_s peak_MB read vec lsa km rep out
} > "$res.tmp"
for n in "${sizes[@]}"; do
  "$tmp/synth" -n "$n" -words 150 -seed 1 "${src[@]}" > "$tmp/c.jsonl"
  /usr/bin/time -f '%e %M' -o "$tmp/t" "$tmp/newsclust" analyze -k 28 -out "$tmp/out" "$tmp/c.jsonl" > /dev/null 2> "$tmp/err" || { echo "scale.sh: n=$n failed:"; tail -5 "$tmp/err"; exit 1; }
  read -r wall kb < "$tmp/t"
  step() { # seconds of the step whose progress line starts with $1
    sed -n "s/^newsclust: $1.* done in \(.*\)$/\1/p" "$tmp/err" | head -1 | awk '
      /ms$/ { sub(/ms$/, ""); printf "%.2f", $0/1000; next }
      /m/   { split($0, a, "m"); sub(/s$/, "", a[2]); printf "%.2f", a[1]*60 + a[2]; next }
      /s$/  { sub(/s$/, ""); printf "%.2f", $0; next }
      { printf "-" }'
  }
  printf '%-8s %8.1f %8d %7s %7s %7s %7s %7s %7s\n' "$n" "$wall" $((kb/1024)) \
    "$(step reading)" "$(step vectorizing)" "$(step reducing)" "$(step clustering)" "$(step labelling)" "$(step writing)" | tee -a "$res.tmp"
  rm -rf "$tmp/out" "$tmp/c.jsonl"
done
mv "$res.tmp" "$res"
echo "wrote $res"
