#!/bin/sh
# Quality of sampled k-means (-minibatch on: restarts on a sample, then a few
# passes over all units) against full k-means (-minibatch off) on the shared
# corpora, 3 seeds each. Writes a table of NMI to stdout.
#
# Usage: bench/minibatch.sh [BINARY] > bench/results/minibatch.txt
# Corpora: /tmp/corp/{20ng,r8,20ng4}.jsonl (the shared corpora, unzipped).
set -eu
bin=${1:-/tmp/newsclust}
out=$(mktemp -d)
trap 'rm -rf "$out"' EXIT
printf '%-6s %-4s %-4s %-8s %-8s %-8s\n' corpus k seed nmi_off nmi_on diff
for spec in 20ng:20 r8:8 20ng4:4; do
	c=${spec%%:*}
	k=${spec#*:}
	for seed in 1 2 3; do
		for mode in off on; do
			"$bin" analyze -quiet -k "$k" -seed "$seed" -minibatch "$mode" -out "$out/$mode" "/tmp/corp/$c.jsonl" >"$out/$mode.txt"
		done
		off=$(sed -n 's/.*: NMI \([0-9.]*\),.*/\1/p' "$out/off.txt")
		on=$(sed -n 's/.*: NMI \([0-9.]*\),.*/\1/p' "$out/on.txt")
		printf '%-6s %-4s %-4s %-8s %-8s %+.3f\n' "$c" "$k" "$seed" "$off" "$on" "$(echo "$on - $off" | bc -l)"
	done
done
