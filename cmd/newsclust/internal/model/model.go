// Package model saves and loads a fitted newsclust analysis: what compare
// needs to apply exactly the analysis that analyze did.
//
// A model file is
//
//	"newsclust-model\n"   16 bytes, the magic
//	version               uint32, little endian (FormatVersion)
//	length                uint64, little endian, of the payload
//	payload               gob encoding of Model
//	checksum              SHA-256 of the payload, 32 bytes
//
// Read refuses a file with another magic (ErrNotModel), another version
// (ErrVersion) or a payload that does not match its checksum (ErrDamaged).
package model

import (
	"bufio"
	"bytes"
	"crypto/sha256"
	"encoding/binary"
	"encoding/gob"
	"errors"
	"fmt"
	"io"
	"os"

	"newsclust/vectorize"
	"newsclust/vectorize/sparse"
)

// FormatVersion is the version written by Write and the only one Read accepts.
const FormatVersion = 1

// FileName is the model's name inside an analyze output folder.
const FileName = "model"

var magic = [16]byte([]byte("newsclust-model\n"))

// Errors returned by Read.
var (
	ErrNotModel = errors.New("not a newsclust model file")
	ErrVersion  = errors.New("model format version not supported")
	ErrDamaged  = errors.New("model file is damaged")
)

// Model is a fitted analysis.
type Model struct {
	Unit       string            // "document" or "paragraph": what was clustered
	Vectorizer *vectorize.Model  // tokenizer and stemmer settings, vocabulary, IDF
	Themes     []vectorize.Theme // named themes, may be empty
	Clusters   []Cluster
	// Centroids holds the term-space centroid of each cluster, row-major,
	// len(Clusters) × len(Vectorizer.Terms), unit rows.
	Centroids []float32
	Articles  []Article   // corpus articles, in the order of Vectors' rows
	Vectors   *sparse.CSR // unit TF-IDF vector of each article
	// NN is each corpus article's cosine to its nearest other article,
	// ascending: the calibration of novelty.
	NN []float64
	// DupThreshold is the cosine at and above which two articles were
	// treated as the same story.
	DupThreshold float64
}

// Cluster is one cluster's label and size.
type Cluster struct {
	Label string
	Size  int
}

// Article is one corpus article.
type Article struct {
	ID, Title, Date string
	Cluster         int // cluster of the article (majority of its passages in paragraph mode)
}

// Centroid returns row c of the centroids.
func (m *Model) Centroid(c int) []float32 {
	d := len(m.Vectorizer.Terms)
	return m.Centroids[c*d : (c+1)*d]
}

// Write writes m to w in the model file format.
func Write(w io.Writer, m *Model) error {
	var payload bytes.Buffer
	if err := gob.NewEncoder(&payload).Encode(m); err != nil {
		return fmt.Errorf("model: encode: %w", err)
	}
	var head [28]byte
	copy(head[:16], magic[:])
	binary.LittleEndian.PutUint32(head[16:20], FormatVersion)
	binary.LittleEndian.PutUint64(head[20:28], uint64(payload.Len()))
	sum := sha256.Sum256(payload.Bytes())
	for _, b := range [][]byte{head[:], payload.Bytes(), sum[:]} {
		if _, err := w.Write(b); err != nil {
			return err
		}
	}
	return nil
}

// maxPayload bounds the payload length read from a header, so a damaged
// header cannot make Read allocate without limit.
const maxPayload = 1 << 36

// Read reads a model written by Write and checks it: magic, version,
// checksum, and the agreement of its parts.
func Read(r io.Reader) (*Model, error) {
	br := bufio.NewReaderSize(r, 1<<20)
	var head [28]byte
	if _, err := io.ReadFull(br, head[:]); err != nil {
		return nil, fmt.Errorf("%w (too short)", ErrNotModel)
	}
	if !bytes.Equal(head[:16], magic[:]) {
		return nil, ErrNotModel
	}
	if v := binary.LittleEndian.Uint32(head[16:20]); v != FormatVersion {
		return nil, fmt.Errorf("%w: file has version %d, this newsclust reads version %d; run analyze again", ErrVersion, v, FormatVersion)
	}
	n := binary.LittleEndian.Uint64(head[20:28])
	if n > maxPayload {
		return nil, fmt.Errorf("%w: impossible payload length %d", ErrDamaged, n)
	}
	// Grow with the bytes actually read: a header may claim a length the
	// file does not have.
	payload := bytes.NewBuffer(make([]byte, 0, min(n, 1<<20)))
	if _, err := io.CopyN(payload, br, int64(n)); err != nil {
		return nil, fmt.Errorf("%w: truncated", ErrDamaged)
	}
	var sum [32]byte
	if _, err := io.ReadFull(br, sum[:]); err != nil {
		return nil, fmt.Errorf("%w: checksum missing", ErrDamaged)
	}
	if sha256.Sum256(payload.Bytes()) != sum {
		return nil, fmt.Errorf("%w: checksum mismatch", ErrDamaged)
	}
	var m Model
	if err := gob.NewDecoder(payload).Decode(&m); err != nil {
		return nil, fmt.Errorf("%w: %v", ErrDamaged, err)
	}
	if err := m.check(); err != nil {
		return nil, fmt.Errorf("%w: %v", ErrDamaged, err)
	}
	return &m, nil
}

// check verifies that the parts of m agree, so later indexing cannot panic.
func (m *Model) check() error {
	if m.Vectorizer == nil || m.Vectors == nil {
		return errors.New("missing vocabulary or vectors")
	}
	if err := m.Vectorizer.Prepare(); err != nil {
		return err
	}
	d, k := len(m.Vectorizer.Terms), len(m.Clusters)
	if len(m.Centroids) != d*k {
		return fmt.Errorf("%d centroid values for %d clusters × %d terms", len(m.Centroids), k, d)
	}
	v := m.Vectors
	if v.NCols != d || v.NRows != len(m.Articles) || len(v.Indptr) != v.NRows+1 || len(v.Ind) != len(v.Val) {
		return errors.New("article vectors do not match the vocabulary or the articles")
	}
	if v.Indptr[0] != 0 || v.Indptr[v.NRows] != int64(len(v.Ind)) {
		return errors.New("article vector offsets out of range")
	}
	for i := 0; i < v.NRows; i++ {
		lo, hi := v.Indptr[i], v.Indptr[i+1]
		if lo > hi {
			return errors.New("article vector offsets decrease")
		}
		for p := lo; p < hi; p++ {
			if j := v.Ind[p]; j < 0 || int(j) >= d || (p > lo && v.Ind[p-1] >= j) {
				return errors.New("article vector column out of order or range")
			}
		}
	}
	for _, a := range m.Articles {
		if a.Cluster < 0 || a.Cluster >= k {
			return fmt.Errorf("article %q in cluster %d of %d", a.ID, a.Cluster, k)
		}
	}
	if m.Unit != "document" && m.Unit != "paragraph" {
		return fmt.Errorf("unknown unit %q", m.Unit)
	}
	return nil
}

// Load reads the model at path.
func Load(path string) (*Model, error) {
	f, err := os.Open(path)
	if err != nil {
		return nil, err
	}
	defer f.Close()
	m, err := Read(f)
	if err != nil {
		return nil, fmt.Errorf("%s: %w", path, err)
	}
	return m, nil
}
