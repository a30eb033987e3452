#!/usr/bin/env bash
# Times newsclust analyze and the scikit-learn pipeline (TfidfVectorizer +
# KMeans n_init=5, bench/skl_speed.py) on the same corpus in the same run,
# alternating, and prints wall time, CPU time (user + system), peak memory
# and NMI of each round, each round's wall-time ratio, and the ratio of
# median wall times beside the median of the rounds' ratios. On a shared
# machine whose speed drifts during a run, the rounds' ratios (the two
# tools run back to back) are steadier than the medians of each.
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
printf '%-6s %-10s %8s %7s %9s %7s\n' round tool wall_s cpu_s peak_MB nmi
nc_times=(); sk_times=(); nc_cpu=(); sk_cpu=()
for r in $(seq 1 "$rounds"); do
  /usr/bin/time -f '%e %M %U %S' -o "$out/t" "$bin" analyze -quiet -k "$k" -seed "$r" -out "$out/nc" "$corpus" > /dev/null
  read -r wall kb us ss < "$out/t"
  cpu=$(python3 -c "print(f'{$us+$ss:.2f}')")
  nmi=$(python3 -c 'import json,sys; print("%.4f" % json.load(open(sys.argv[1]))["scores"]["nmi"])' "$out/nc/evaluation.json")
  printf '%-6s %-10s %8.2f %7s %9d %7s\n' "$r" newsclust "$wall" "$cpu" $((kb/1024)) "$nmi"
  nc_times+=("$wall"); nc_cpu+=("$cpu")
  /usr/bin/time -f '%e %M %U %S' -o "$out/t" /usr/bin/python3 bench/skl_speed.py "$corpus" -k "$k" --seed "$r" > "$out/sk"
  read -r wall kb us ss < "$out/t"
  cpu=$(python3 -c "print(f'{$us+$ss:.2f}')")
  nmi=$(sed -n 's/.*nmi=\([0-9.]*\).*/\1/p' "$out/sk")
  printf '%-6s %-10s %8.2f %7s %9d %7s\n' "$r" sklearn "$wall" "$cpu" $((kb/1024)) "$nmi"
  printf '%-6s ratio %.3f\n' "$r" "$(python3 -c "print(${nc_times[-1]}/$wall)")"
  sk_times+=("$wall"); sk_cpu+=("$cpu")
done
python3 - "${nc_times[*]}" "${sk_times[*]}" "${nc_cpu[*]}" "${sk_cpu[*]}" <<'PY'
import statistics, sys
nc, sk, ncc, skc = ([float(x) for x in a.split()] for a in sys.argv[1:5])
med = statistics.median
print(f"median wall: newsclust {med(nc):.2f} s, scikit-learn {med(sk):.2f} s, "
      f"ratio newsclust/scikit-learn {med(nc)/med(sk):.3f}")
print(f"median of the rounds' wall ratios: {med([a/b for a, b in zip(nc, sk)]):.3f}")
print(f"median CPU: newsclust {med(ncc):.2f} s, scikit-learn {med(skc):.2f} s, ratio {med(ncc)/med(skc):.3f}")
PY
