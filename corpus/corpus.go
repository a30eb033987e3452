package corpus

import (
	"errors"
	"io"
)

// Document is one unit of analysis: a whole article, or one passage of an
// article in paragraph mode.
type Document struct {
	ID      string // unique within a Corpus
	Article string // id of the parent article; equals ID for whole articles
	Title   string
	Text    string // body, boilerplate removed; excludes the title line of plain-text files
	Date    string // ISO 8601 date (2006-01-02) when one was recognised, else as found, else ""
	Source  string // outlet or site; see Options.Source and SourceFromFolder for files that name none
	URL     string // address of the article: HTML canonical link or og:url (absolute http/https only), JSONL/CSV url field
	Label   string
	Origin  string // where it came from: "path" or "path:line"
}

// Skip records an input that was not analysed and why.
type Skip struct {
	Input  string // "path", "path:line" or "id" of the skipped input
	Reason string // one line, e.g. "binary file", "empty document"
}

// Rename records a duplicate id that was made unique.
type Rename struct {
	Input    string
	From, To string
}

// Fields names the JSONL keys and CSV columns to read. A zero field means the
// default name: id, title, text, date, source, label, url.
type Fields struct {
	ID, Title, Text, Date, Source, Label, URL string
}

// Options control reading. The zero value reads with the defaults.
type Options struct {
	Fields Fields
	// SkipBad lists malformed JSONL lines and CSV records in Skipped instead
	// of failing with a "path:line: ..." error.
	SkipBad bool
	// MaxDocBytes bounds one document's text; longer documents are skipped
	// with the reason. Zero means 64 MiB.
	MaxDocBytes int
	// KeepBoilerplate turns off both boilerplate rules.
	KeepBoilerplate bool
	// RepeatMinDocs is the corpus rule: a line (of at most 40 words) found
	// verbatim in at least this many documents, and in at least 1% of them,
	// is removed. Zero means 3. Below 5 documents the rule is off.
	RepeatMinDocs int
	// Source is the source of every document that names none of its own
	// (no source field in JSONL/CSV, no site name in HTML, and always for
	// .txt and .md files), after SourceFromFolder. It is cleaned as a
	// source field is (one line, no control characters). Empty means
	// none.
	Source string
	// SourceFromFolder gives a document that names no source of its own
	// the name of the folder it lies in directly under the input folder
	// that was walked: reading the input "news", "news/bbc/a.txt" and
	// "news/bbc/2015/b.html" get source "bbc"; "news/c.txt" and files
	// given as inputs themselves get Options.Source.
	SourceFromFolder bool
	// Stdin is read for the input "-" as JSONL. Nil means no stdin.
	Stdin io.Reader
	// ExcludeDirs are folders that are not read when met while walking an
	// input folder, such as the command's own output folder: each one met
	// is listed in Skipped as "excluded folder" and its contents are not
	// read. Folders are compared as files (os.SameFile), so any spelling
	// of a path (relative, uncleaned, through a symbolic link) matches;
	// ones that do not exist are ignored. An input folder that is itself
	// one of them is an error wrapping ErrExcludedInput (its articles
	// would be read with the outputs of earlier runs); files in it named
	// as inputs are read.
	ExcludeDirs []string
	// MaxInputBytes bounds the total size of the inputs read: the sizes of
	// the files on disk, the decompressed bytes of .jsonl.gz files and
	// gzip-compressed stdin, and the bytes read from other Stdin. Read
	// stops with an error wrapping ErrTooLarge at the input that goes over,
	// as soon as it goes over: a gzip stream is not read to its end. Files
	// skipped unread (unsupported type, over MaxDocBytes) do not count.
	// Zero means no limit.
	MaxInputBytes int64
	// TempDir is the folder of the spool file Stream (and Read) write
	// between their two passes, about as large as the corpus text. Empty
	// means os.TempDir().
	TempDir string
	// Progress, when set, is called during the first pass with the bytes
	// of input read so far and the total size of the inputs (files as on
	// disk; stdin counts as it is read unless it is a regular file). It is
	// called from the reading goroutine, often: it should be cheap.
	Progress func(done, total int)
	// Counted, when set, is called once between Stream's two passes with
	// the number of documents the second pass reads back; the boilerplate
	// rules may still empty some of them, so fn receives at most that many.
	Counted func(docs int)
}

// Corpus is what Read returns: documents in input order (arguments in the
// order given, directory entries sorted by name, lines in file order),
// everything skipped with its reason, and ids that were renamed.
type Corpus struct {
	Docs    []Document
	Skipped []Skip
	Renamed []Rename
	// Removed counts boilerplate lines dropped, by rule ("furniture", "repeated").
	Removed map[string]int
}

// ReasonExcluded is the Skip reason of a folder in Options.ExcludeDirs.
const ReasonExcluded = "excluded folder"

// ReasonNotArticle is the Skip reason of a file met while walking a folder
// that is not an article: a README (a file whose name starts with
// "readme", any case and extension), or a .txt/.md file laid out as a
// themes file. Files given as inputs themselves are always read.
const ReasonNotArticle = "looks like a README/themes file, not an article"

// ReasonSymlinkDir is the Skip reason of a symbolic link to a folder met
// inside an input folder: it is not followed, so no folder is read twice
// and no link loop is walked.
const ReasonSymlinkDir = "symlinked folder not followed"

// Errors returned by Read, wrapped with the input they concern.
var (
	ErrNoInput       = errors.New("no input")                          // no arguments, or a folder with no readable files
	ErrMalformed     = errors.New("malformed record")                  // JSONL/CSV line that cannot be parsed (without SkipBad)
	ErrNoDocs        = errors.New("no documents with text to analyse") // every input was skipped
	ErrTooLarge      = errors.New("inputs too large")                  // the inputs exceed MaxInputBytes
	ErrNotRegular    = errors.New("not a regular file")                // an input named pipe, device or socket
	ErrExcludedInput = errors.New("input folder is excluded")          // an input folder in ExcludeDirs, such as the output folder
)
