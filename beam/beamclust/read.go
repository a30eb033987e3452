package beamclust

import (
	"context"
	"errors"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"strings"

	"github.com/apache/beam/sdks/v2/go/pkg/beam/io/filesystem"

	"newsclust/corpus"
	"newsclust/vectorize"
)

// readFn reads one input with corpus.Stream, the reader analyze uses, and
// emits its documents in order. An input on a remote file system (a path
// with a scheme, "gs://…") is copied to a local temporary file first.
type readFn struct {
	Fields          corpus.Fields
	KeepBoilerplate bool
	SkipBad         bool
	MaxDocBytes     int
}

func (f *readFn) ProcessElement(ctx context.Context, in Input, emit func(Doc)) error {
	path := in.Path
	if strings.Contains(path, "://") {
		local, err := fetch(ctx, path)
		if err != nil {
			return err
		}
		defer os.RemoveAll(filepath.Dir(local))
		path = local
	}
	opts := corpus.Options{Fields: f.Fields, KeepBoilerplate: f.KeepBoilerplate, SkipBad: f.SkipBad, MaxDocBytes: f.MaxDocBytes}
	pos := int64(0)
	_, err := corpus.Stream(ctx, []string{path}, opts, func(batch []corpus.Document) error {
		for _, d := range batch {
			emit(Doc{Ord: int64(in.Index)<<32 | pos, ID: d.ID, Title: d.Title, Date: d.Date, Source: d.Source, Label: d.Label, Text: d.TitledText()})
			pos++
		}
		return nil
	})
	if errors.Is(err, corpus.ErrNoDocs) {
		return nil // an input without documents adds none
	}
	return err
}

// fetch copies a remote file to a temporary folder, keeping its name (and
// so the extension corpus reads it by).
func fetch(ctx context.Context, path string) (string, error) {
	fs, err := filesystem.New(ctx, path)
	if err != nil {
		return "", err
	}
	defer fs.Close()
	r, err := fs.OpenRead(ctx, path)
	if err != nil {
		return "", err
	}
	defer r.Close()
	dir, err := os.MkdirTemp("", "newsclust-beam-*")
	if err != nil {
		return "", err
	}
	local := filepath.Join(dir, filepath.Base(path))
	w, err := os.Create(local)
	if err != nil {
		return "", err
	}
	if _, err := io.Copy(w, r); err != nil {
		w.Close()
		return "", fmt.Errorf("copying %s: %w", path, err)
	}
	return local, w.Close()
}

// countFn turns a document into its term counts (vectorize.Analyzer.Counts
// of title and text, as analyze vectorizes an article).
type countFn struct {
	Opts vectorize.Options
	an   *vectorize.Analyzer
}

func (f *countFn) Setup() error {
	var err error
	f.an, err = vectorize.NewAnalyzer(f.Opts)
	return err
}

func (f *countFn) ProcessElement(d Doc, emit func(DocTerms)) {
	tc, _ := f.an.Counts(d.Text)
	dt := DocTerms{Ord: d.Ord, ID: d.ID, Title: d.Title, Date: d.Date, Source: d.Source, Label: d.Label,
		Terms: make([]string, len(tc)), Counts: make([]int64, len(tc))}
	for k, t := range tc {
		dt.Terms[k], dt.Counts[k] = t.Term, t.Count
	}
	emit(dt)
}

func addStats(a, b TermStat) TermStat { return TermStat{DF: a.DF + b.DF, Count: a.Count + b.Count} }

func statLine(term string, st TermStat) Line {
	return Line{Text: fmt.Sprintf("%s\t%d\t%d", term, st.DF, st.Count)}
}

func surfaceLine(key string, n int64) Line {
	term, surface, _ := strings.Cut(key, "\x00")
	return Line{Text: fmt.Sprintf("%s\t%s\t%d", term, surface, n)}
}

func countDocsLine(n int) Line { return Line{Text: fmt.Sprint(n)} }

func idLine(id string) Line { return Line{Text: id} }

// vocabCountFn sums the term statistics (document frequency and
// occurrences) and the surface-word counts of the documents of a bundle
// and emits the sums when the bundle ends (or when a bundle's distinct
// keys pass flushAt): a combine before the shuffle, so that a term is
// shuffled once per bundle rather than once per document.
type vocabCountFn struct {
	Opts  vectorize.Options
	an    *vectorize.Analyzer
	terms map[string]TermStat
	surfs map[string]int64
}

// flushAt bounds the distinct keys a bundle holds before it emits them.
const flushAt = 1 << 20

func (f *vocabCountFn) Setup() error {
	var err error
	f.an, err = vectorize.NewAnalyzer(f.Opts)
	return err
}

func (f *vocabCountFn) StartBundle(_ func(string, TermStat), _ func(string, int64)) {
	f.terms, f.surfs = map[string]TermStat{}, map[string]int64{}
}

func (f *vocabCountFn) ProcessElement(d Doc, term func(string, TermStat), surf func(string, int64)) {
	tc, sc := f.an.Counts(d.Text)
	for _, t := range tc {
		st := f.terms[t.Term]
		f.terms[t.Term] = TermStat{DF: st.DF + t.DF, Count: st.Count + t.Count}
	}
	for _, s := range sc {
		f.surfs[s.Term+"\x00"+s.Surface] += s.Count
	}
	if len(f.terms)+len(f.surfs) > flushAt {
		f.FinishBundle(term, surf)
	}
}

func (f *vocabCountFn) FinishBundle(term func(string, TermStat), surf func(string, int64)) {
	for t, st := range f.terms {
		term(t, st)
	}
	for s, n := range f.surfs {
		surf(s, n)
	}
	clear(f.terms)
	clear(f.surfs)
}
