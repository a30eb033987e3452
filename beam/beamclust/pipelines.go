package beamclust

import (
	"github.com/apache/beam/sdks/v2/go/pkg/beam"
	"github.com/apache/beam/sdks/v2/go/pkg/beam/io/textio"
	"github.com/apache/beam/sdks/v2/go/pkg/beam/transforms/stats"
)

// readDocs reads the inputs, each on one worker. With spread, the
// documents are then reshuffled over the workers, so that what follows
// runs in parallel even on one large input; without, it runs in the
// bundle that read them.
func (r *run) readDocs(s beam.Scope, spread bool) beam.PCollection {
	in := beam.CreateList(s, r.inputs)
	o := r.o
	docs := beam.ParDo(s, &readFn{Fields: o.Fields, KeepBoilerplate: o.KeepBoilerplate, SkipBad: o.SkipBad, MaxDocBytes: o.MaxDocBytes}, in)
	if !spread {
		return docs
	}
	return beam.Reshuffle(s, docs)
}

// vocabularyPipeline counts documents, document frequencies and surface
// words: work/docs.txt, work/terms-*.tsv, work/surfaces-*.tsv.
func (r *run) vocabularyPipeline() *beam.Pipeline {
	p, s := beam.NewPipelineWithRoot()
	// Counted where they are read: vocabCountFn's sums per bundle are
	// then sums per input, and only they are shuffled. Inputs (shards)
	// are the unit of parallelism.
	docs := r.readDocs(s, false)
	terms, surfaces := beam.ParDo2(s, &vocabCountFn{Opts: r.o.Vectorize}, docs)
	df := beam.CombinePerKey(s, addStats, terms)
	writeLines(s, r.work, "terms", "tsv", "", r.o.WorkShards, beam.ParDo(s, statLine, df))
	writeLines(s, r.work, "surfaces", "tsv", "", r.o.WorkShards, beam.ParDo(s, surfaceLine, stats.SumPerKey(s, surfaces)))
	writeLines(s, r.work, "docs", "txt", "docs.txt", 1, beam.ParDo(s, countDocsLine, stats.CountElms(s, docs)))
	return p
}

// rowsPipeline writes the TF-IDF rows (work/rows-*.jsonl), the seeding
// sample (work/sample.jsonl) and the ids of articles left without a term
// (work/empty.txt).
func (r *run) rowsPipeline(sampleP float64) *beam.Pipeline {
	p, s := beam.NewPipelineWithRoot()
	docs := r.readDocs(s, true)
	terms := beam.ParDo(s, &countFn{Opts: r.o.Vectorize}, docs)
	rows, sample, empty := beam.ParDo3(s, &rowFn{VocabPath: r.vocabPath(), SampleP: sampleP, Seed: r.o.Seed}, terms)
	writeLines(s, r.work, "rows", "jsonl", "", r.o.WorkShards, rows)
	writeLines(s, r.work, "sample", "jsonl", "sample.jsonl", 1, sample)
	writeLines(s, r.work, "empty", "txt", "empty.txt", 1, beam.ParDo(s, idLine, empty))
	return p
}

// roundPipeline assigns every row to its nearest centroid (the side input
// read from centPath) and sums each cluster's rows: work/sums-RRR.jsonl.
func (r *run) roundPipeline(round int, centPath string, d int) *beam.Pipeline {
	p, s := beam.NewPipelineWithRoot()
	cent := beam.ParDo(s, readCentroidsFn, beam.Create(s, centPath))
	rows := textio.Read(s, r.rowsGlob())
	keyed := beam.ParDo(s, &assignFn{}, rows, beam.SideInput{Input: cent})
	sums := beam.CombinePerKey(s, &sumFn{D: d}, keyed)
	name := roundName(round)
	writeLines(s, r.work, name, "jsonl", name+".jsonl", 1, beam.ParDo(s, sumLine, sums))
	return p
}

// finalPipeline places every row in its final cluster and writes
// assignments.csv (or its shards) to the output folder, and the counts per
// cluster, source and month to work/counts.txt.
func (r *run) finalPipeline(prevPath, finalPath string, perm []int, labels []string) *beam.Pipeline {
	p, s := beam.NewPipelineWithRoot()
	prev := beam.ParDo(s, readCentroidsFn, beam.Create(s, prevPath))
	final := beam.ParDo(s, readCentroidsFn, beam.Create(s, finalPath))
	rows := textio.Read(s, r.rowsGlob())
	placed := beam.ParDo(s, &placeFn{Perm: perm}, rows, beam.SideInput{Input: prev}, beam.SideInput{Input: final})
	keyed := beam.ParDo(s, &keyPlacedFn{Shards: r.o.Shards}, placed)
	beam.ParDo0(s, &writeAssignmentsFn{Dir: r.out, Name: "assignments.csv", Shards: r.o.Shards, Labels: labels}, beam.GroupByKey(s, keyed))
	counts := stats.SumPerKey(s, beam.ParDo(s, countKey, placed))
	writeLines(s, r.work, "counts", "txt", "counts.txt", 1, beam.ParDo(s, countLine, counts))
	return p
}
