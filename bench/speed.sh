#!/usr/bin/env bash
# Times newsclust analyze and the scikit-learn pipeline (TfidfVectorizer +
# KMeans n_init=5, bench/skl_speed.py) on the same corpus in the same run,
# alternating, and prints wall time, peak memory and NMI of each round and
# the ratio of median wall times.
#
# usage: bench/speed.sh [CORPUS] [ROUNDS] [K]
#   CORPUS defaults to ../shared/corpora/20newsgroups.jsonl.gz, ROUNDS to 3,
#   K to 20. Needs /usr/bin/time and python3-sklearn (apt-get install -y
#   time python3-sklearn); skips with a message when either is missing.
set -euo pipefail
cd "$(dirname "$0")/.."
corpus=${1:-../shared/corpora/20newsgroups.jsonl.gz}
rounds=${2:-3}
k=${3:-20}
[ -f "$corpus" ] || { echo "speed.sh: $corpus not found; skipping"; exit 0; }
[ -x /usr/bin/time ] || { echo "speed.sh: /usr/bin/time missing (apt-get install -y time); skipping"; exit 0; }
/usr/bin/python3 -c 'import sklearn' 2>/dev/null || { echo "speed.sh: python3-sklearn missing; skipping"; exit 0; }
bin=$(mktemp -d)/newsclust
go build -o "$bin" ./cmd/newsclust
out=$(mktemp -d)
trap 'rm -rf "$out" "$(dirname "$bin")"' EXIT
echo "corpus=$corpus k=$k rounds=$rounds cores=$(nproc)"
printf '%-6s %-10s %8s %9s %7s\n' round tool wall_s peak_MB nmi
nc_times=(); sk_times=()
for r in $(seq 1 "$rounds"); do
  /usr/bin/time -f '%e %M' -o "$out/t" "$bin" analyze -quiet -k "$k" -seed "$r" -out "$out/nc" "$corpus" > /dev/null
  read -r wall kb < "$out/t"
  nmi=$(python3 -c 'import json,sys; print("%.4f" % json.load(open(sys.argv[1]))["scores"]["nmi"])' "$out/nc/evaluation.json")
  printf '%-6s %-10s %8.2f %9d %7s\n' "$r" newsclust "$wall" $((kb/1024)) "$nmi"
  nc_times+=("$wall")
  /usr/bin/time -f '%e %M' -o "$out/t" /usr/bin/python3 bench/skl_speed.py "$corpus" -k "$k" --seed "$r" > "$out/sk"
  read -r wall kb < "$out/t"
  nmi=$(sed -n 's/.*nmi=\([0-9.]*\).*/\1/p' "$out/sk")
  printf '%-6s %-10s %8.2f %9d %7s\n' "$r" sklearn "$wall" $((kb/1024)) "$nmi"
  sk_times+=("$wall")
done
python3 - "${nc_times[*]}" "${sk_times[*]}" <<'PY'
import statistics, sys
nc = [float(x) for x in sys.argv[1].split()]; sk = [float(x) for x in sys.argv[2].split()]
print(f"median wall: newsclust {statistics.median(nc):.2f} s, scikit-learn {statistics.median(sk):.2f} s, "
      f"ratio newsclust/scikit-learn {statistics.median(nc)/statistics.median(sk):.3f}")
PY
