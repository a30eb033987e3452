package beamclust

import (
	"bufio"
	"cmp"
	"context"
	"fmt"
	"hash/fnv"
	"io"
	"path"
	"slices"
	"strings"

	"github.com/apache/beam/sdks/v2/go/pkg/beam"
	"github.com/apache/beam/sdks/v2/go/pkg/beam/io/filesystem"

	"newsclust/report"
)

// shardName is the name of shard i of n: "rows-00002-of-00008.jsonl".
func shardName(prefix string, i, n int, ext string) string {
	return fmt.Sprintf("%s-%05d-of-%05d.%s", prefix, i, n, ext)
}

// joinPath joins a folder (local or with a scheme) and a name.
func joinPath(dir, name string) string {
	if strings.Contains(dir, "://") {
		return strings.TrimSuffix(dir, "/") + "/" + name
	}
	return path.Join(dir, name)
}

// shardOf spreads keys evenly over n shards.
func shardOf(key string, n int) int {
	h := fnv.New64a()
	io.WriteString(h, key)
	return int(h.Sum64() % uint64(n))
}

// keyLineFn keys each line by its shard.
type keyLineFn struct{ Shards int }

func (f *keyLineFn) ProcessElement(l Line) (int, Line) {
	return shardOf(fmt.Sprint(l.Ord, "\t", l.Text), f.Shards), l
}

// writeLinesFn writes the lines of one shard, sorted by Ord and text, to
// Dir/Prefix-i-of-n.Ext, or Dir/Name when there is one shard and Name is
// set. Writing a shard again (a retried bundle) writes the same file.
type writeLinesFn struct {
	Dir, Prefix, Ext, Name string
	Shards                 int
}

func (f *writeLinesFn) ProcessElement(ctx context.Context, shard int, lines func(*Line) bool) error {
	var all []Line
	var l Line
	for lines(&l) {
		all = append(all, l)
	}
	slices.SortFunc(all, func(a, b Line) int { return cmp.Or(cmp.Compare(a.Ord, b.Ord), cmp.Compare(a.Text, b.Text)) })
	name := shardName(f.Prefix, shard, f.Shards, f.Ext)
	if f.Shards == 1 && f.Name != "" {
		name = f.Name
	}
	return writeFile(ctx, joinPath(f.Dir, name), func(w *bufio.Writer) error {
		for _, l := range all {
			w.WriteString(l.Text)
			w.WriteByte('\n')
		}
		return nil
	})
}

// writeLines writes col, a PCollection of Line, as shards files in dir.
func writeLines(s beam.Scope, dir, prefix, ext, name string, shards int, col beam.PCollection) {
	s = s.Scope("write " + prefix)
	keyed := beam.ParDo(s, &keyLineFn{Shards: shards}, col)
	beam.ParDo0(s, &writeLinesFn{Dir: dir, Prefix: prefix, Ext: ext, Name: name, Shards: shards}, beam.GroupByKey(s, keyed))
}

// keyPlacedFn keys each placed article by its shard.
type keyPlacedFn struct{ Shards int }

func (f *keyPlacedFn) ProcessElement(p Placed) (int, Placed) {
	return shardOf(fmt.Sprint(p.Ord), f.Shards), p
}

// writeAssignmentsFn writes one shard of assignments.csv with
// report.WriteAssignmentsCSV, the writer analyze uses, its rows in Ord
// order.
type writeAssignmentsFn struct {
	Dir, Name string
	Shards    int
	Labels    []string
}

func (f *writeAssignmentsFn) ProcessElement(ctx context.Context, shard int, placed func(*Placed) bool) error {
	var all []Placed
	var p Placed
	for placed(&p) {
		all = append(all, p)
	}
	slices.SortFunc(all, func(a, b Placed) int { return cmp.Compare(a.Ord, b.Ord) })
	name := shardName("assignments", shard, f.Shards, "csv")
	if f.Shards == 1 {
		name = f.Name
	}
	return writeFile(ctx, joinPath(f.Dir, name), func(w *bufio.Writer) error {
		return report.WriteAssignmentsCSV(w, assignmentsAnalysis(f.Labels, all))
	})
}

// assignmentsAnalysis is the part of a report.Analysis that
// WriteAssignmentsCSV reads.
func assignmentsAnalysis(labels []string, placed []Placed) *report.Analysis {
	a := &report.Analysis{Unit: "document"}
	for c, l := range labels {
		a.Clusters = append(a.Clusters, report.Cluster{ID: c, Label: l})
	}
	for _, p := range placed {
		a.Docs = append(a.Docs, report.Doc{ID: p.ID, Article: p.ID, Title: p.Title, Date: p.Date, Source: p.Source, Label: p.Label, Cluster: p.Cluster, Score: p.Score})
	}
	return a
}

// writeFile writes a file through the Beam file system of its path, via a
// temporary name and a rename where the file system can rename, so that a
// failed write leaves no half file under the final name.
func writeFile(ctx context.Context, name string, write func(w *bufio.Writer) error) error {
	fs, err := filesystem.New(ctx, name)
	if err != nil {
		return err
	}
	defer fs.Close()
	rn, canRename := fs.(filesystem.Renamer)
	tmp := name
	if canRename {
		tmp = name + ".tmp"
	}
	wc, err := fs.OpenWrite(ctx, tmp)
	if err != nil {
		return err
	}
	w := bufio.NewWriterSize(wc, 1<<16)
	err = write(w)
	if ferr := w.Flush(); err == nil {
		err = ferr
	}
	if cerr := wc.Close(); err == nil {
		err = cerr
	}
	if err != nil {
		return fmt.Errorf("writing %s: %w", name, err)
	}
	if canRename {
		return rn.Rename(ctx, tmp, name)
	}
	return nil
}

// readLines calls fn with every line of the files matching glob, the files
// in name order.
func readLines(ctx context.Context, glob string, fn func(line string) error) error {
	fs, err := filesystem.New(ctx, glob)
	if err != nil {
		return err
	}
	defer fs.Close()
	names, err := fs.List(ctx, glob)
	if err != nil {
		return err
	}
	slices.Sort(names)
	for _, name := range names {
		r, err := fs.OpenRead(ctx, name)
		if err != nil {
			return err
		}
		sc := bufio.NewReader(r)
		for {
			line, err := sc.ReadString('\n')
			if line = strings.TrimRight(line, "\n"); line != "" {
				if ferr := fn(line); ferr != nil {
					r.Close()
					return fmt.Errorf("%s: %w", name, ferr)
				}
			}
			if err == io.EOF {
				break
			}
			if err != nil {
				r.Close()
				return fmt.Errorf("%s: %w", name, err)
			}
		}
		r.Close()
	}
	return nil
}

// removeMatching removes the files matching each glob in dir, so that
// shards of an earlier run (some shards may be empty now, and not
// written) are not read as this run's.
func removeMatching(ctx context.Context, dir string, globs ...string) error {
	fs, err := filesystem.New(ctx, dir)
	if err != nil {
		return err
	}
	defer fs.Close()
	rm, ok := fs.(filesystem.Remover)
	if !ok {
		return nil
	}
	for _, g := range globs {
		names, err := fs.List(ctx, joinPath(dir, g))
		if err != nil {
			return err
		}
		for _, name := range names {
			if err := rm.Remove(ctx, name); err != nil {
				return err
			}
		}
	}
	return nil
}

// expand returns the files matching a glob on a Beam file system, sorted.
func expand(ctx context.Context, glob string) ([]string, error) {
	fs, err := filesystem.New(ctx, glob)
	if err != nil {
		return nil, err
	}
	defer fs.Close()
	names, err := fs.List(ctx, glob)
	if err != nil {
		return nil, err
	}
	if len(names) == 0 {
		return nil, fmt.Errorf("%s: no file matches", glob)
	}
	slices.Sort(names)
	return names, nil
}
