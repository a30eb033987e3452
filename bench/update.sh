#!/bin/sh
# Measures newsclust update (bench/update) on 20 Newsgroups and Reuters R8:
# a model of four labels, then a batch of about 450 held-out articles of
# those labels and of a fifth. Results go to bench/results/update.txt.
set -e
cd "$(dirname "$0")/.."
C=${CORPORA:-../shared/corpora}
go build -o /tmp/bench-update ./bench/update
{
	echo "# go run ./bench/update (bench/update.sh), $(go version | cut -d' ' -f3), $(nproc) cores"
	for seed in 1 2; do
		/tmp/bench-update -corpus "$C/20newsgroups.jsonl.gz" -seed $seed
		/tmp/bench-update -corpus "$C/20newsgroups.jsonl.gz" -seed $seed -new talk.politics.mideast
		/tmp/bench-update -corpus "$C/20newsgroups.jsonl.gz" -seed $seed -old comp.graphics,rec.autos,sci.med,talk.politics.guns -new rec.sport.hockey
		/tmp/bench-update -corpus "$C/20newsgroups.jsonl.gz" -seed $seed -old comp.graphics,rec.autos,sci.med,talk.politics.guns -new sci.space
		/tmp/bench-update -corpus "$C/reuters-r8.jsonl.gz" -seed $seed -old earn,acq,trade,money-fx -new crude
		/tmp/bench-update -corpus "$C/reuters-r8.jsonl.gz" -seed $seed -old earn,acq,crude,money-fx -new trade
	done
} | tee bench/results/update.txt
