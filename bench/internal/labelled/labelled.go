// Package labelled reads and writes the labelled JSONL corpora the bench
// programs use (../shared/corpora: one article per line, gzipped when the
// name ends in .gz).
package labelled

import (
	"bufio"
	"compress/gzip"
	"encoding/json"
	"io"
	"os"
	"strings"
)

// Doc is one labelled article.
type Doc struct {
	ID    string `json:"id"`
	Label string `json:"label"`
	Title string `json:"title"`
	Text  string `json:"text"`
	Date  string `json:"date,omitempty"`
}

// Read returns the articles of path that have a label and some text, in
// file order.
func Read(path string) ([]Doc, error) {
	f, err := os.Open(path)
	if err != nil {
		return nil, err
	}
	defer f.Close()
	var r io.Reader = f
	if strings.HasSuffix(path, ".gz") {
		gz, err := gzip.NewReader(f)
		if err != nil {
			return nil, err
		}
		r = gz
	}
	var docs []Doc
	sc := bufio.NewScanner(r)
	sc.Buffer(make([]byte, 1<<20), 64<<20)
	for sc.Scan() {
		var d Doc
		if err := json.Unmarshal(sc.Bytes(), &d); err != nil {
			return nil, err
		}
		if d.Label != "" && strings.TrimSpace(d.Text) != "" {
			docs = append(docs, d)
		}
	}
	return docs, sc.Err()
}

// Write writes docs to path as JSONL.
func Write(path string, docs []Doc) error {
	f, err := os.Create(path)
	if err != nil {
		return err
	}
	w := bufio.NewWriter(f)
	enc := json.NewEncoder(w)
	for _, d := range docs {
		if err := enc.Encode(d); err != nil {
			f.Close()
			return err
		}
	}
	if err := w.Flush(); err != nil {
		f.Close()
		return err
	}
	return f.Close()
}
