// Package model saves and loads a fitted newsclust analysis: what compare
// needs to apply exactly the analysis that analyze did.
//
// A model file is
//
//	"newsclust-model\n"   16 bytes, the magic
//	version               uint32, little endian (FormatVersion)
//	length                uint64, little endian, of the payload
//	payload               see below
//	checksum              SHA-256 of the payload, 32 bytes
//
// The payload holds the small, varied parts of a Model in gob and its
// large numeric arrays as plain little-endian numbers, which are written
// and read at memory speed:
//
//	head length           uint64
//	head                  gob encoding of Model without Centroids, Vectors, NN and ThemeModel.Ratio
//	centroids             array of float32
//	vectors present       1 byte, 0 or 1; when 1:
//	  rows, columns       uint64 each
//	  row offsets         array of int64 (Vectors.Indptr)
//	  column indices      array of int32 (Vectors.Ind)
//	  values              array of float32 (Vectors.Val)
//	nn                    array of float64
//	theme ratios          array of float32 (ThemeModel.Ratio; empty without themes)
//
// where an array is its element count (uint64) followed by its elements,
// and nothing follows the last array.
//
// Read refuses a file with another magic (ErrNotModel), another version
// (ErrVersion: version 1 files held the whole Model in gob, version 2
// ones theme vectors instead of a theme detector) or a payload that does
// not match its checksum or this layout (ErrDamaged).
package model

import (
	"bufio"
	"bytes"
	"crypto/sha256"
	"encoding/binary"
	"encoding/gob"
	"encoding/hex"
	"errors"
	"fmt"
	"io"
	"math"
	"os"
	"strings"

	"newsclust/cluster"
	"newsclust/vectorize"
	"newsclust/vectorize/sparse"
)

// FormatVersion is the version written by Write and the only one Read accepts.
const FormatVersion = 3

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
	Unit string // "document" or "paragraph": what was clustered
	// MinWords is how passages were cut in paragraph mode
	// (corpus.Paragraphs): compare cuts a new article the same way.
	MinWords   int
	Vectorizer *vectorize.Model  // tokenizer and stemmer settings, vocabulary, IDF
	Themes     []vectorize.Theme // named themes, may be empty
	// ThemeModel is the theme detector learned on the corpus units, in
	// the vocabulary's columns; with Themes it rebuilds the
	// vectorize.ThemeSet (Vectorizer.Themes(Themes)) that matches phrases.
	// Nil exactly when Themes is empty.
	ThemeModel *cluster.ThemeModel
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

// Cluster is one cluster's label and size, and how close its own
// articles come to it.
type Cluster struct {
	// ID is the cluster's stable number, shown in reports and data files
	// and kept by update and analyze -align-to; the cluster's index in
	// Clusters is only its position. IDs are unique and not negative.
	// A model whose IDs are all 0 (written before IDs were kept) reads
	// with ID = index.
	ID    int
	Label string
	Size  int
	// Floor is the cosine with the cluster's centroid that FloorShare of
	// the units of other clusters stay at or below (on a sample): what an
	// article not about the cluster reaches. An article no nearer to its
	// nearest centroid than that cluster's floor fits no cluster. Zero
	// (models before it was kept, or one cluster) accepts every article.
	Floor float64
}

// FloorShare is the share of other clusters' units at or below a
// cluster's Floor.
const FloorShare = 0.8

// Article is one corpus article.
type Article struct {
	ID, Title, Date string
	Source, URL     string
	Cluster         int // index in Clusters of the article's cluster (majority of its passages in paragraph mode)
	// Snippet is the first words of the article's text, as the report
	// shows them; Label its known label (-label-field), or "". Both let
	// update rebuild the report without the texts.
	Snippet, Label string
	// Hash is TextHash of the article's title and text: update skips a
	// new article with the same text. "" in models written before it was
	// kept.
	Hash string
}

// TextHash returns the hash of an article's text (title and body) that
// update compares: the hex SHA-256 of its words joined by single spaces,
// first 16 bytes, so that changes of spacing or line breaks alone do not
// make a new article.
func TextHash(text string) string {
	h := sha256.New()
	for i, w := range strings.Fields(text) {
		if i > 0 {
			h.Write([]byte{' '})
		}
		h.Write([]byte(w))
	}
	return hex.EncodeToString(h.Sum(nil)[:16])
}

// ClusterIndex returns the index in Clusters of the cluster with the
// given ID, or -1.
func (m *Model) ClusterIndex(id int) int {
	for i, c := range m.Clusters {
		if c.ID == id {
			return i
		}
	}
	return -1
}

// fillClusterIDs gives the clusters of a model written before IDs were
// kept (all 0) their index as ID.
func (m *Model) fillClusterIDs() {
	for _, c := range m.Clusters {
		if c.ID != 0 {
			return
		}
	}
	for i := range m.Clusters {
		m.Clusters[i].ID = i
	}
}

// Centroid returns row c of the centroids.
func (m *Model) Centroid(c int) []float32 {
	d := len(m.Vectorizer.Terms)
	return m.Centroids[c*d : (c+1)*d]
}

// Write writes m to w in the model file format.
func Write(w io.Writer, m *Model) error {
	payload, err := encodePayload(m)
	if err != nil {
		return err
	}
	var head [28]byte
	copy(head[:16], magic[:])
	binary.LittleEndian.PutUint32(head[16:20], FormatVersion)
	binary.LittleEndian.PutUint64(head[20:28], uint64(len(payload)))
	sum := sha256.Sum256(payload)
	for _, b := range [][]byte{head[:], payload, sum[:]} {
		if _, err := w.Write(b); err != nil {
			return err
		}
	}
	return nil
}

// encodePayload returns the payload of m's file (see the package doc).
func encodePayload(m *Model) ([]byte, error) {
	head := *m
	head.Centroids, head.Vectors, head.NN = nil, nil, nil
	var ratio []float32
	if m.ThemeModel != nil {
		tm := *m.ThemeModel
		ratio, tm.Ratio = tm.Ratio, nil
		head.ThemeModel = &tm
	}
	var g bytes.Buffer
	if err := gob.NewEncoder(&g).Encode(&head); err != nil {
		return nil, fmt.Errorf("model: encode: %w", err)
	}
	size := 8 + g.Len() + 8 + 4*len(m.Centroids) + 1 + 8 + 8*len(m.NN) + 8 + 4*len(ratio)
	if v := m.Vectors; v != nil {
		size += 16 + 8 + 8*len(v.Indptr) + 8 + 4*len(v.Ind) + 8 + 4*len(v.Val)
	}
	b := make([]byte, 0, size)
	b = binary.LittleEndian.AppendUint64(b, uint64(g.Len()))
	b = append(b, g.Bytes()...)
	b = appendArray(b, m.Centroids)
	if v := m.Vectors; v == nil {
		b = append(b, 0)
	} else {
		b = append(b, 1)
		b = binary.LittleEndian.AppendUint64(b, uint64(v.NRows))
		b = binary.LittleEndian.AppendUint64(b, uint64(v.NCols))
		b = appendArray(b, v.Indptr)
		b = appendArray(b, v.Ind)
		b = appendArray(b, v.Val)
	}
	b = appendArray(b, m.NN)
	return appendArray(b, ratio), nil
}

// appendArray appends the element count of s and its elements, little
// endian.
func appendArray[T int32 | int64 | float32 | float64](b []byte, s []T) []byte {
	b = binary.LittleEndian.AppendUint64(b, uint64(len(s)))
	b, err := binary.Append(b, binary.LittleEndian, s)
	if err != nil {
		panic("model: " + err.Error()) // cannot happen: s is a slice of fixed-size numbers
	}
	return b
}

// maxPayload bounds the payload length read from a header, so a damaged
// header cannot make Read allocate without limit.
const maxPayload = 1 << 36

// Read reads a model written by Write and checks it: magic, version,
// checksum, nothing after the checksum, and the agreement of its parts
// (at least one cluster and one article, offsets and columns in range,
// finite numbers).
func Read(r io.Reader) (*Model, error) {
	left := bytesLeft(r)
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
	if left >= 0 {
		left -= int64(len(head))
	}
	payload, err := readPayload(br, n, left)
	if err != nil {
		return nil, fmt.Errorf("%w: truncated", ErrDamaged)
	}
	var sum [32]byte
	if _, err := io.ReadFull(br, sum[:]); err != nil {
		return nil, fmt.Errorf("%w: checksum missing", ErrDamaged)
	}
	if sha256.Sum256(payload) != sum {
		return nil, fmt.Errorf("%w: checksum mismatch", ErrDamaged)
	}
	if _, err := br.ReadByte(); err == nil {
		return nil, fmt.Errorf("%w: bytes after the checksum", ErrDamaged)
	}
	m, err := decodePayload(payload)
	if err != nil {
		return nil, fmt.Errorf("%w: %v", ErrDamaged, err)
	}
	m.fillClusterIDs()
	if err := m.check(); err != nil {
		return nil, fmt.Errorf("%w: %v", ErrDamaged, err)
	}
	return m, nil
}

// readPayload reads the n bytes of a payload from r, which has left bytes
// (-1: unknown). It allocates them at once only when r is known to hold
// them, and otherwise grows with the bytes actually read: a header may
// claim a length the file does not have.
func readPayload(r io.Reader, n uint64, left int64) ([]byte, error) {
	if left >= 0 && n <= uint64(left) {
		b := make([]byte, n)
		_, err := io.ReadFull(r, b)
		return b, err
	}
	b := bytes.NewBuffer(make([]byte, 0, min(n, 1<<20)))
	_, err := io.CopyN(b, r, int64(n))
	return b.Bytes(), err
}

// bytesLeft returns how many bytes r has left to read when it is a file or
// an in-memory reader, and -1 otherwise.
func bytesLeft(r io.Reader) int64 {
	switch r := r.(type) {
	case interface{ Len() int }: // bytes.Reader, bytes.Buffer, strings.Reader
		return int64(r.Len())
	case *os.File:
		fi, err := r.Stat()
		if err != nil || !fi.Mode().IsRegular() {
			return -1
		}
		off, err := r.Seek(0, io.SeekCurrent)
		if err != nil {
			return -1
		}
		return fi.Size() - off
	}
	return -1
}

// payloadReader takes the parts of a payload from its front.
type payloadReader struct {
	b   []byte
	err error
}

func (r *payloadReader) bytes(n uint64) []byte {
	if r.err != nil {
		return nil
	}
	if n > uint64(len(r.b)) {
		r.err = errors.New("payload ends early")
		return nil
	}
	out := r.b[:n]
	r.b = r.b[n:]
	return out
}

func (r *payloadReader) uint64() uint64 {
	if b := r.bytes(8); b != nil {
		return binary.LittleEndian.Uint64(b)
	}
	return 0
}

// size reads a row or column count and checks that it fits an int.
func (r *payloadReader) size() int {
	n := r.uint64()
	if n > math.MaxInt32 {
		r.fail("impossible size %d", n)
		return 0
	}
	return int(n)
}

func (r *payloadReader) fail(format string, args ...any) {
	if r.err == nil {
		r.err = fmt.Errorf(format, args...)
	}
}

// readArray reads an array written by appendArray. Its length is checked
// against the bytes left before anything is allocated.
func readArray[T int32 | int64 | float32 | float64](r *payloadReader) []T {
	n := r.uint64()
	var zero T
	width := uint64(binary.Size(zero))
	if r.err != nil || n > uint64(len(r.b))/width {
		r.fail("array of %d elements does not fit the payload", n)
		return nil
	}
	if n == 0 {
		return nil
	}
	s := make([]T, n)
	if _, err := binary.Decode(r.bytes(n*width), binary.LittleEndian, s); err != nil {
		r.fail("%v", err)
		return nil
	}
	return s
}

// decodePayload parses a payload written by encodePayload.
func decodePayload(b []byte) (*Model, error) {
	r := &payloadReader{b: b}
	head := r.bytes(r.uint64())
	if r.err != nil {
		return nil, r.err
	}
	var m Model
	if err := gob.NewDecoder(bytes.NewReader(head)).Decode(&m); err != nil {
		return nil, err
	}
	m.Centroids = readArray[float32](r)
	switch present := r.bytes(1); {
	case present == nil:
	case present[0] == 1:
		v := &sparse.CSR{NRows: r.size(), NCols: r.size()}
		v.Indptr = readArray[int64](r)
		v.Ind = readArray[int32](r)
		v.Val = readArray[float32](r)
		m.Vectors = v
	case present[0] != 0:
		r.fail("bad vectors flag %d", present[0])
	}
	m.NN = readArray[float64](r)
	ratio := readArray[float32](r)
	if m.ThemeModel != nil {
		m.ThemeModel.Ratio = ratio
	} else if len(ratio) > 0 {
		r.fail("theme ratios without a theme model")
	}
	if r.err == nil && len(r.b) > 0 {
		r.fail("%d bytes after the last array", len(r.b))
	}
	if r.err != nil {
		return nil, r.err
	}
	return &m, nil
}

// check verifies that the parts of m agree and hold finite numbers, so
// that later indexing cannot panic and no NaN reaches an answer.
func (m *Model) check() error {
	if m.Vectorizer == nil || m.Vectors == nil {
		return errors.New("missing vocabulary or vectors")
	}
	if err := m.Vectorizer.Prepare(); err != nil {
		return err
	}
	d, k := len(m.Vectorizer.Terms), len(m.Clusters)
	switch {
	case k == 0:
		return errors.New("no clusters")
	case len(m.Articles) == 0:
		return errors.New("no articles")
	case len(m.Centroids) != d*k:
		return fmt.Errorf("%d centroid values for %d clusters × %d terms", len(m.Centroids), k, d)
	case m.Unit != "document" && m.Unit != "paragraph":
		return fmt.Errorf("unknown unit %q", m.Unit)
	case !finite(m.DupThreshold) || m.DupThreshold <= 0 || m.DupThreshold > 1:
		return fmt.Errorf("same-story threshold %v out of (0, 1]", m.DupThreshold)
	}
	if err := checkVectors(m.Vectors, d, len(m.Articles)); err != nil {
		return err
	}
	for _, x := range m.Vectorizer.IDF {
		if !finite(x) {
			return errors.New("IDF not finite")
		}
	}
	for _, x := range m.Centroids {
		if !finite(float64(x)) {
			return errors.New("centroid value not finite")
		}
	}
	for i, x := range m.NN {
		if !finite(x) || (i > 0 && x < m.NN[i-1]) {
			return errors.New("novelty calibration not finite or not ascending")
		}
	}
	ids := make(map[int]bool, k)
	for _, c := range m.Clusters {
		if !finite(c.Floor) || c.Floor < -1 || c.Floor > 1 {
			return fmt.Errorf("cluster floor %v out of [-1, 1]", c.Floor)
		}
		if c.ID < 0 || ids[c.ID] {
			return fmt.Errorf("cluster id %d negative or repeated", c.ID)
		}
		ids[c.ID] = true
	}
	for _, a := range m.Articles {
		if a.Cluster < 0 || a.Cluster >= k {
			return fmt.Errorf("article %q in cluster %d of %d", a.ID, a.Cluster, k)
		}
	}
	if m.MinWords < 0 {
		return fmt.Errorf("passage length %d negative", m.MinWords)
	}
	return checkThemeModel(m.ThemeModel, len(m.Themes), d)
}

// maxFoldIter bounds the fold-in iterations a model may ask for per
// article (LearnThemes uses 10).
const maxFoldIter = 1000

// checkThemeModel verifies that tm fits T themes over d columns: present
// exactly when there are themes, dimensions that agree, finite
// non-negative ratios and priors, a threshold in (0, 1], learned columns
// in range.
func checkThemeModel(tm *cluster.ThemeModel, T, d int) error {
	switch {
	case tm == nil && T == 0:
		return nil
	case tm == nil:
		return fmt.Errorf("%d themes without a theme model", T)
	case T == 0:
		return errors.New("a theme model without themes")
	case tm.Themes != T || tm.Dims != d:
		return fmt.Errorf("theme model for %d themes × %d columns, model has %d × %d", tm.Themes, tm.Dims, T, d)
	case len(tm.Ratio) != (d+T)*T || len(tm.Prior) != T+1 || len(tm.Terms) != T:
		return errors.New("theme model arrays do not match its dimensions")
	case tm.Iter < 0 || tm.Iter > maxFoldIter:
		return fmt.Errorf("theme fold-in iterations %d out of [0, %d]", tm.Iter, maxFoldIter)
	case !finite(float64(tm.Threshold)) || tm.Threshold <= 0 || tm.Threshold > 1:
		return fmt.Errorf("theme threshold %v out of (0, 1]", tm.Threshold)
	}
	for _, x := range tm.Ratio {
		if !finite(float64(x)) || x < 0 {
			return errors.New("theme ratio not finite or negative")
		}
	}
	for _, x := range tm.Prior {
		if !finite(float64(x)) || x < 0 {
			return errors.New("theme prior not finite or negative")
		}
	}
	if !(tm.Prior[0] > 0) { // keeps every fold-in denominator positive
		return errors.New("theme prior of none not positive")
	}
	for _, cols := range tm.Terms {
		for _, j := range cols {
			if j < 0 || int(j) >= d {
				return errors.New("theme term column out of range")
			}
		}
	}
	return nil
}

// checkVectors verifies that v is a well-formed n × d CSR matrix with
// finite values: row offsets that start at 0, never decrease and stay
// within the entries, and columns increasing within each row.
func checkVectors(v *sparse.CSR, d, n int) error {
	if v.NCols != d || v.NRows != n || len(v.Indptr) != v.NRows+1 || len(v.Ind) != len(v.Val) {
		return errors.New("article vectors do not match the vocabulary or the articles")
	}
	if v.Indptr[0] != 0 || v.Indptr[v.NRows] != int64(len(v.Ind)) {
		return errors.New("article vector offsets out of range")
	}
	for i := 0; i < v.NRows; i++ {
		if v.Indptr[i] > v.Indptr[i+1] || v.Indptr[i+1] > int64(len(v.Ind)) {
			return errors.New("article vector offsets decrease or overshoot the entries")
		}
	}
	for i := 0; i < v.NRows; i++ {
		lo, hi := v.Indptr[i], v.Indptr[i+1]
		for p := lo; p < hi; p++ {
			if j := v.Ind[p]; j < 0 || int(j) >= d || (p > lo && v.Ind[p-1] >= j) {
				return errors.New("article vector column out of order or range")
			}
			if !finite(float64(v.Val[p])) {
				return errors.New("article vector value not finite")
			}
		}
	}
	return nil
}

func finite(x float64) bool { return !math.IsNaN(x) && !math.IsInf(x, 0) }

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
