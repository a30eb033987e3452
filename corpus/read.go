package corpus

import (
	"bufio"
	"context"
	"errors"
	"fmt"
	"io"
	"io/fs"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"sync/atomic"
	"unicode/utf8"

	"github.com/klauspost/compress/gzip"
)

// Defaults for the zero values of Options.
const (
	DefaultMaxDocBytes   = 64 << 20
	DefaultRepeatMinDocs = 3
)

// stdinName is the path used in origins and messages for the input "-".
const stdinName = "stdin"

// Read reads every input, removes boilerplate and returns the corpus.
// Inputs are files, directories (recursive; .txt .md .html .htm .jsonl
// .jsonl.gz .csv, other extensions are listed as skipped) or "-" for JSONL
// on opts.Stdin. A missing file is an error naming it. Read checks ctx
// between files.
//
// When every document was skipped, Read returns the Corpus (with its
// Skipped list) together with an error wrapping ErrNoDocs. On any other
// error the Corpus is nil.
func Read(ctx context.Context, inputs []string, opts Options) (*Corpus, error) {
	var docs []Document
	sum, err := Stream(ctx, inputs, opts, func(batch []Document) error {
		docs = append(docs, batch...)
		return nil
	})
	if sum == nil {
		return nil, err
	}
	c := &Corpus{Skipped: sum.Skipped, Removed: sum.Removed}
	c.Docs, c.Renamed = uniqueIDs(docs)
	return c, err
}

// reader holds the state of one Read.
type reader struct {
	ctx     context.Context
	opts    Options
	fields  Fields
	skipped []Skip
	read    int64 // bytes of input counted against MaxInputBytes
	exclude []os.FileInfo
	source  string // Options.Source, cleaned
	// folderSource is the source of the documents of the file being read
	// under SourceFromFolder: its folder directly under the input folder.
	folderSource string

	pend        []Document // read, waiting for the furniture rule (see flush)
	lateSkips   []Skip     // documents emptied by the furniture rule
	furniture   int        // lines removed by the furniture rule
	spool       *spool
	stats       *lineStats
	done, total int64        // bytes of input reported to Options.Progress
	unreported  atomic.Int64 // bytes of input read and not yet reported
}

// excluded reports whether the folder fi is one of Options.ExcludeDirs.
func (r *reader) excluded(fi os.FileInfo) bool {
	for _, x := range r.exclude {
		if os.SameFile(fi, x) {
			return true
		}
	}
	return false
}

// count adds n bytes of input at path to the total read and returns an
// error wrapping ErrTooLarge when the total goes over MaxInputBytes.
func (r *reader) count(path string, n int64) error {
	return r.countAs(path, n, "")
}

// countAs is count with a note on what was counted, for the message.
func (r *reader) countAs(path string, n int64, note string) error {
	r.read += n
	if max := r.opts.MaxInputBytes; max > 0 && r.read > max {
		return fmt.Errorf("%w: %s brings the input to at least %d bytes%s, over the limit of %d bytes (MaxInputBytes)", ErrTooLarge, path, r.read, note, max)
	}
	return nil
}

// countingReader counts the bytes read from src (stdin, or a gzip
// stream's decompressed bytes) against MaxInputBytes and fails once they
// go over, so that reading stops there.
type countingReader struct {
	r    *reader
	path string
	note string // for the message: " (decompressed)" or ""
	src  io.Reader
}

func (c countingReader) Read(p []byte) (int, error) {
	n, err := c.src.Read(p)
	if cerr := c.r.countAs(c.path, int64(n), c.note); cerr != nil {
		return n, cerr
	}
	return n, err
}

func newReader(ctx context.Context, opts Options) *reader {
	if opts.MaxDocBytes <= 0 {
		opts.MaxDocBytes = DefaultMaxDocBytes
	}
	if opts.RepeatMinDocs <= 0 {
		opts.RepeatMinDocs = DefaultRepeatMinDocs
	}
	f := opts.Fields
	def := func(s *string, d string) {
		if *s == "" {
			*s = d
		}
	}
	def(&f.ID, "id")
	def(&f.Title, "title")
	def(&f.Text, "text")
	def(&f.Date, "date")
	def(&f.Source, "source")
	def(&f.Label, "label")
	def(&f.URL, "url")
	r := &reader{ctx: ctx, opts: opts, fields: f, source: oneLine(opts.Source)}
	for _, dir := range opts.ExcludeDirs {
		if fi, err := os.Stat(dir); err == nil && fi.IsDir() {
			r.exclude = append(r.exclude, fi)
		}
	}
	return r
}

func (r *reader) skip(input, reason string) {
	r.skipped = append(r.skipped, Skip{Input: input, Reason: reason})
}

// inputError reports an input that cannot be read, keeping the underlying
// error (fs.ErrNotExist, fs.ErrPermission ...) for errors.Is.
func inputError(path string, err error) error {
	var pe *fs.PathError
	if errors.As(err, &pe) {
		err = pe.Err
	}
	return fmt.Errorf("input %q: %w", path, err)
}

// input reads one command-line input.
func (r *reader) input(in string) error {
	if in == "-" {
		if r.opts.Stdin == nil {
			return fmt.Errorf("%w: input \"-\" given but there is no standard input", ErrNoInput)
		}
		// gzip-compressed JSONL is recognised by its magic number; then
		// its decompressed bytes count against MaxInputBytes (see
		// openStream), else the bytes read.
		br := bufio.NewReader(progressReader{r, r.opts.Stdin})
		head, _ := br.Peek(2) // a short or failing peek leaves gz false; the read reports the error
		if isGzip(head) {
			return r.readJSONL(stdinName, br, true)
		}
		return r.readJSONL(stdinName, countingReader{r: r, path: stdinName, src: br}, false)
	}
	fi, err := os.Stat(in) // follows symbolic links; opens nothing
	if err != nil {
		return inputError(in, err)
	}
	if !fi.IsDir() {
		if !fi.Mode().IsRegular() {
			// A named pipe would block, a device may never end.
			return fmt.Errorf("input %q: %w (%s); name files, folders or \"-\" for standard input", in, ErrNotRegular, modeName(fi.Mode()))
		}
		return r.file(in, fi, true)
	}
	if r.excluded(fi) {
		// Its files would be read together with the outputs written there.
		return fmt.Errorf("%w: %s is one of the folders not to read (ExcludeDirs), such as the output folder", ErrExcludedInput, in)
	}
	root := walkRoot(in)
	found := false
	err = filepath.WalkDir(root, func(path string, d fs.DirEntry, err error) error {
		if err != nil {
			return inputError(path, err)
		}
		if path == root {
			path = in
		}
		if path != in && strings.HasPrefix(d.Name(), ".") {
			// Hidden files and folders (.git, .DS_Store) are not inputs.
			if d.IsDir() {
				return filepath.SkipDir
			}
			return nil
		}
		if d.IsDir() {
			if path != in && len(r.exclude) > 0 {
				if fi, err := os.Stat(path); err == nil && r.excluded(fi) {
					r.skip(path, ReasonExcluded)
					return filepath.SkipDir
				}
			}
			return nil
		}
		if err := r.ctx.Err(); err != nil {
			return err
		}
		fi, err := os.Stat(path) // follows symbolic links; opens nothing
		if err != nil {
			return inputError(path, err)
		}
		switch {
		case fi.IsDir(): // WalkDir does not follow links
			r.skip(path, ReasonSymlinkDir)
			return nil
		case !fi.Mode().IsRegular():
			r.skip(path, "not a regular file ("+modeName(fi.Mode())+")")
			return nil
		}
		if kind(path) == "" {
			r.skip(path, "unsupported file type "+extOf(path))
			return nil
		}
		found = true
		r.folderSource = ""
		if r.opts.SourceFromFolder {
			r.folderSource = topFolder(in, path)
		}
		err = r.file(path, fi, false)
		r.folderSource = ""
		return err
	})
	if err != nil {
		return err
	}
	if !found {
		return fmt.Errorf("%w: folder %s has no .txt, .md, .html, .jsonl, .jsonl.gz or .csv files", ErrNoInput, in)
	}
	return nil
}

// topFolder returns the name of the folder directly under root that holds
// path (root/a/b/c.txt gives "a"), or "" for a file directly in root.
func topFolder(root, path string) string {
	rel, err := filepath.Rel(root, path)
	if err != nil {
		return ""
	}
	dir, _, ok := strings.Cut(filepath.ToSlash(rel), "/")
	if !ok {
		return ""
	}
	return oneLine(dir)
}

// defaultSource is the source of a document that names none: its folder
// under SourceFromFolder, else Options.Source.
func (r *reader) defaultSource() string {
	if r.folderSource != "" {
		return r.folderSource
	}
	return r.source
}

// walkRoot is the root to walk for the input folder in: a symbolic link
// to a folder, named as an input, is walked as the folder (WalkDir follows
// a root that ends in a separator). Links met inside are not followed.
func walkRoot(in string) string {
	if fi, err := os.Lstat(in); err == nil && fi.Mode()&fs.ModeSymlink != 0 {
		return in + string(filepath.Separator)
	}
	return in
}

// modeName names the type of a file that is not regular, for messages.
func modeName(m fs.FileMode) string {
	switch {
	case m&fs.ModeNamedPipe != 0:
		return "named pipe"
	case m&fs.ModeSocket != 0:
		return "socket"
	case m&fs.ModeCharDevice != 0:
		return "character device"
	case m&fs.ModeDevice != 0:
		return "device"
	}
	return "irregular file"
}

// isGzip reports whether b starts with the gzip magic number.
func isGzip(b []byte) bool {
	return len(b) >= 2 && b[0] == 0x1f && b[1] == 0x8b
}

// kind is the format of a file by its name: "txt", "md", "html", "jsonl",
// "jsonl.gz", "csv", or "" when unsupported.
func kind(path string) string {
	name := strings.ToLower(filepath.Base(path))
	switch {
	case strings.HasSuffix(name, ".jsonl.gz"):
		return "jsonl.gz"
	case strings.HasSuffix(name, ".jsonl"):
		return "jsonl"
	case strings.HasSuffix(name, ".csv"):
		return "csv"
	case strings.HasSuffix(name, ".html"), strings.HasSuffix(name, ".htm"):
		return "html"
	case strings.HasSuffix(name, ".md"):
		return "md"
	case strings.HasSuffix(name, ".txt"):
		return "txt"
	}
	return ""
}

// extOf names the extension of an unsupported file for its skip reason.
func extOf(path string) string {
	if e := filepath.Ext(path); e != "" {
		return e
	}
	return "(no extension)"
}

// file reads one file. A file named on the command line with an
// unsupported extension is read as plain text. A README or a themes file
// met in a folder is skipped (see ReasonNotArticle).
func (r *reader) file(path string, fi fs.FileInfo, explicit bool) error {
	k := kind(path)
	if k == "" && explicit {
		k = "txt"
	}
	if !explicit && isReadme(path) {
		r.skip(path, ReasonNotArticle)
		return nil
	}
	switch k {
	case "jsonl", "jsonl.gz", "csv":
		// A gzip stream counts its decompressed bytes as they are read
		// (see openStream).
		if k != "jsonl.gz" {
			if err := r.count(path, fi.Size()); err != nil {
				return err
			}
		}
		f, err := openRegular(path)
		if err != nil {
			return err
		}
		defer f.Close()
		var src io.Reader = f
		if r.opts.Progress != nil {
			src = progressReader{r, f}
		}
		if k == "csv" {
			return r.readCSV(path, src)
		}
		return r.readJSONL(path, src, k == "jsonl.gz")
	}
	// Plain text, Markdown and HTML: one document per file.
	if fi.Size() > int64(r.opts.MaxDocBytes) {
		r.skip(path, tooBig(fi.Size(), r.opts.MaxDocBytes))
		return nil
	}
	if err := r.count(path, fi.Size()); err != nil {
		return err
	}
	f, err := openRegular(path)
	if err != nil {
		return err
	}
	// Read no more than can be kept, should the file grow since Stat.
	b, err := io.ReadAll(io.LimitReader(f, int64(r.opts.MaxDocBytes)+1))
	f.Close()
	if err != nil {
		return inputError(path, err)
	}
	r.progress(int64(len(b)))
	r.report()
	if len(b) > r.opts.MaxDocBytes { // grew since Stat
		r.skip(path, fmt.Sprintf("document of over %d bytes exceeds the document size limit of %d bytes", r.opts.MaxDocBytes, r.opts.MaxDocBytes))
		return nil
	}
	if looksBinary(b) {
		r.skip(path, "binary file")
		return nil
	}
	s := decode(b)
	if !explicit && (k == "txt" || k == "md") && looksLikeThemes(s) {
		r.skip(path, ReasonNotArticle)
		return nil
	}
	id := oneLine(strings.TrimSuffix(filepath.Base(path), filepath.Ext(path)))
	if id == "" {
		id = oneLine(filepath.Base(path))
	}
	d := Document{ID: id, Origin: path}
	if k == "html" {
		p := extractHTML([]byte(s))
		d.Title, d.Date, d.Source, d.URL, d.Text = p.title, p.date, p.source, p.url, p.text
		if d.Date == "" {
			// A date line at the top of the text, as in plain text.
			lines := strings.SplitN(d.Text, "\n", 2)
			if date, ok := parseDateLine(lines[0]); ok && len(lines) == 2 {
				d.Date, d.Text = date, cleanText(lines[1])
			}
		}
	} else {
		p := parsePlain(cleanText(s), k == "md")
		d.Title, d.Date, d.Text = p.title, p.date, p.body
	}
	if d.Source == "" {
		d.Source = r.defaultSource()
	}
	return r.add(d)
}

// openRegular opens the file at path, checking that what was opened is a
// regular file: Stat checked it before, but the entry may have been
// replaced since.
func openRegular(path string) (*os.File, error) {
	f, err := os.Open(path)
	if err != nil {
		return nil, inputError(path, err)
	}
	fi, err := f.Stat()
	if err != nil {
		f.Close()
		return nil, inputError(path, err)
	}
	if !fi.Mode().IsRegular() {
		f.Close()
		return nil, fmt.Errorf("input %q: %w (%s)", path, ErrNotRegular, modeName(fi.Mode()))
	}
	return f, nil
}

// oneLine cleans a one-line field (id, date, source, label): bytes that
// are not UTF-8 are read as Latin-1 (file names), control and zero-width
// characters are removed, so no field can move a terminal's cursor, and
// white space is collapsed and trimmed.
func oneLine(s string) string {
	if !utf8.ValidString(s) {
		s = latin1([]byte(s))
	}
	return normSpace(cleanLine(s))
}

func tooBig(size int64, limit int) string {
	return fmt.Sprintf("document of %d bytes exceeds the document size limit of %d bytes", size, limit)
}

// progressReader reports the bytes read from an input file.
type progressReader struct {
	r   *reader
	src io.Reader
}

func (p progressReader) Read(b []byte) (int, error) {
	n, err := p.src.Read(b)
	p.r.progress(int64(n))
	return n, err
}

// add queues a document for the furniture rule, or skips it when it has no
// text. A headline without a body (a news brief) keeps its title as its
// text.
func (r *reader) add(d Document) error {
	r.report()
	d.Article = ""
	if !headlineAsText(&d) {
		r.skip(d.Origin, "empty document")
		return nil
	}
	r.pend = append(r.pend, d)
	if len(r.pend) >= streamFlush {
		return r.flush()
	}
	return nil
}

// record is one JSONL line or CSV row before it becomes a Document.
type record struct {
	origin                string // path:line
	id, title, text, date string
	source, label, url    string
	hasText               bool
	defaultID             string // basename:line
}

// addRecord turns a record into a Document (see recordDoc) and adds it.
func (r *reader) addRecord(rec record) error {
	d, reason := r.recordDoc(rec)
	if reason != "" {
		r.skip(rec.origin, reason)
		return nil
	}
	return r.add(d)
}

// recordDoc turns a record into a Document: missing id becomes
// "basename:line", the date is normalised, the text cleaned. It returns
// the reason when the record is skipped. It is safe for concurrent use.
func (r *reader) recordDoc(rec record) (Document, string) {
	if !rec.hasText {
		return Document{}, fmt.Sprintf("no %q field", r.fields.Text)
	}
	if len(rec.text) > r.opts.MaxDocBytes {
		return Document{}, tooBig(int64(len(rec.text)), r.opts.MaxDocBytes)
	}
	id := oneLine(rec.id)
	if id == "" {
		id = rec.defaultID
	}
	source := oneLine(rec.source)
	if source == "" {
		source = r.defaultSource()
	}
	return Document{
		ID:     id,
		Title:  normSpace(cleanLine(rec.title)),
		Text:   cleanText(rec.text),
		Date:   oneLine(normalizeDate(rec.date)),
		Source: source,
		URL:    oneLine(rec.url),
		Label:  oneLine(rec.label),
		Origin: rec.origin,
	}, ""
}

// badRecord reports a malformed JSONL line or CSV record: an error wrapping
// ErrMalformed, or with SkipBad a Skip and nil.
func (r *reader) badRecord(input, msg string) error {
	if r.opts.SkipBad {
		r.skip(input, msg)
		return nil
	}
	return &recordError{input: input, msg: msg}
}

// recordError is a malformed record; it wraps ErrMalformed.
type recordError struct {
	input, msg string
}

func (e *recordError) Error() string { return e.input + ": " + e.msg }
func (e *recordError) Unwrap() error { return ErrMalformed }

// openStream wraps an input in a buffered reader, gunzipping it if asked,
// and reports whether it looks binary. The decompressed bytes of a gzip
// stream count against MaxInputBytes as they are read.
func (r *reader) openStream(path string, src io.Reader, gz bool) (*bufio.Reader, func() error, bool, error) {
	br := bufio.NewReaderSize(src, 256<<10)
	closeFn := func() error { return nil }
	if gz {
		zr, err := gzip.NewReader(br)
		if err != nil {
			return nil, nil, false, fmt.Errorf("%s: not a valid gzip file: %w", path, err)
		}
		br = bufio.NewReaderSize(countingReader{r: r, path: path, note: " (decompressed)", src: zr}, 256<<10)
		closeFn = zr.Close
	}
	head, err := br.Peek(binaryProbe)
	if err != nil && err != io.EOF && err != bufio.ErrBufferFull {
		return nil, nil, false, readError(path, err)
	}
	return br, closeFn, looksBinary(head), nil
}

// readError names the input of a read error, unless it is the
// MaxInputBytes error, which names it already.
func readError(path string, err error) error {
	if errors.Is(err, ErrTooLarge) {
		return err
	}
	return fmt.Errorf("%s: %w", path, err)
}

// uniqueIDs sets Article and makes ids unique: the first "x" keeps its
// id, later ones become "x~2", "x~3", ... (skipping any id already taken),
// in input order.
func uniqueIDs(docs []Document) ([]Document, []Rename) {
	taken := make(map[string]bool, len(docs))
	for _, d := range docs {
		taken[d.ID] = true
	}
	used := make(map[string]bool, len(docs))
	next := make(map[string]int)
	var renamed []Rename
	for i := range docs {
		id := docs[i].ID
		if used[id] {
			k := max(next[id], 2)
			for taken[id+"~"+strconv.Itoa(k)] {
				k++
			}
			next[id] = k + 1
			to := id + "~" + strconv.Itoa(k)
			taken[to] = true
			renamed = append(renamed, Rename{Input: docs[i].Origin, From: id, To: to})
			docs[i].ID = to
		}
		used[docs[i].ID] = true
		docs[i].Article = docs[i].ID
	}
	return docs, renamed
}

// headlineAsText reports whether d has text to analyse, giving a document
// with a title but no body its title as text.
func headlineAsText(d *Document) bool {
	if strings.TrimSpace(d.Text) != "" {
		return true
	}
	if strings.TrimSpace(d.Title) != "" {
		d.Text = d.Title
		return true
	}
	return false
}
