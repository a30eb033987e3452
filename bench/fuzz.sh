#!/bin/sh
# Runs every fuzz target of the module for a short time each, so the
# fuzzers actually execute (plain `go test` only replays their seed
# corpora). Targets are found with `go test -list`, so new ones are picked
# up. A failing input is saved under the package's testdata/fuzz/TARGET/
# (commit it as a regression seed once fixed) and makes the script exit 1
# after the other targets have run.
#
# Go 1.26's fuzz coordinator can end a duration-bounded run with a bare
# "context deadline exceeded" and no failing input (go.dev/issue/75804,
# fixed in Go 1.27); such a run is reported as a flake, not a failure.
#
# Usage: bench/fuzz.sh [FUZZTIME] [MINIMIZETIME] [PACKAGE...]
#   FUZZTIME      per target, default 5s
#   MINIMIZETIME  -fuzzminimizetime, default 1s: without a bound, minimizing
#                 an interesting input can take far longer than FUZZTIME
#   PACKAGE       default ./...
# Run from the module root. With the defaults the 14 targets of December
# 2026 took 3 minutes on 2 shared cores with a warm build cache (about
# 5 minutes cold): 5 s of fuzzing plus about 8 s of building and baseline
# coverage per target.
set -eu
fuzztime=${1:-5s}
mintime=${2:-1s}
[ $# -gt 0 ] && shift
[ $# -gt 0 ] && shift
[ $# -eq 0 ] && set -- ./...
log=$(mktemp)
trap 'rm -f "$log"' EXIT
start=$(date +%s)
n=0 failed=0 flaked=0
for pkg in $(go list "$@"); do
	dir=$(go list -f '{{.Dir}}' "$pkg")
	for t in $(go test -list '^Fuzz' "$pkg" | grep '^Fuzz' || true); do
		echo "== $pkg $t"
		seeds="$dir/testdata/fuzz/$t"
		before=$(ls "$seeds" 2>/dev/null | wc -l)
		n=$((n + 1))
		if go test -run '^$' -fuzz "^$t\$" -fuzztime "$fuzztime" -fuzzminimizetime "$mintime" "$pkg" >"$log" 2>&1; then
			tail -n 1 "$log"
			continue
		fi
		cat "$log"
		after=$(ls "$seeds" 2>/dev/null | wc -l)
		if [ "$after" -eq "$before" ] && grep -q '^    context deadline exceeded$' "$log"; then
			echo "-- flake: no failing input written (go.dev/issue/75804)"
			flaked=$((flaked + 1))
		else
			echo "-- FAILED: see $seeds"
			failed=$((failed + 1))
		fi
	done
done
echo "fuzzed $n targets for $fuzztime each in $(($(date +%s) - start)) s: $failed failed, $flaked flaked"
[ "$failed" -eq 0 ]
