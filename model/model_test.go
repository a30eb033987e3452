package model

import (
	"bytes"
	"context"
	"crypto/sha256"
	"encoding/binary"
	"errors"
	"fmt"
	"math"
	"reflect"
	"strings"
	"testing"

	"newsclust/cluster"
	"newsclust/vectorize"
	"newsclust/vectorize/sparse"
)

func testModel(t testing.TB) *Model {
	t.Helper()
	texts := []string{
		"NATO allies agree to raise defence spending to two per cent of GDP.",
		"Russia and Ukraine agree a ceasefire in the Donbas after talks.",
		"The coalition against ISIS trains Iraqi forces near Mosul.",
	}
	vz, X, err := vectorize.Fit(context.Background(), texts, vectorize.Options{})
	if err != nil {
		t.Fatal(err)
	}
	d := len(vz.Terms)
	m := &Model{
		Unit:         "document",
		Vectorizer:   vz,
		Themes:       []vectorize.Theme{{Name: "ISIS", Terms: []string{"isis", "islamic state"}}},
		Clusters:     []Cluster{{ID: 0, Label: "nato · spending", Size: 2}, {ID: 1, Label: "isis", Size: 1}},
		Centroids:    make([]float32, 2*d),
		Articles:     []Article{{ID: "a", Title: "A", Cluster: 0}, {ID: "b", Cluster: 0}, {ID: "c", Date: "2020-02-13", Cluster: 1}},
		Vectors:      X,
		NN:           []float64{0.1, 0.2, 0.2},
		DupThreshold: 0.8,
	}
	m.Centroids[0], m.Centroids[d+1] = 1, 1
	ts := vz.Themes(m.Themes)
	phrases := make([]float32, len(texts))
	for i, text := range texts {
		copy(phrases[i:i+1], ts.Match(text).Weights)
	}
	m.ThemeModel, _, err = cluster.LearnThemes(context.Background(), X, cluster.ThemeSeeds{Words: ts.Words, Phrases: phrases}, cluster.ThemeOptions{})
	if err != nil {
		t.Fatal(err)
	}
	return m
}

func encode(t testing.TB, m *Model) []byte {
	t.Helper()
	var b bytes.Buffer
	if err := Write(&b, m); err != nil {
		t.Fatal(err)
	}
	return b.Bytes()
}

func TestRoundTrip(t *testing.T) {
	t.Parallel()
	m := testModel(t)
	got, err := Read(bytes.NewReader(encode(t, m)))
	if err != nil {
		t.Fatal(err)
	}
	if !reflect.DeepEqual(got.Articles, m.Articles) || !reflect.DeepEqual(got.Vectors, m.Vectors) ||
		!reflect.DeepEqual(got.Centroids, m.Centroids) || !reflect.DeepEqual(got.Vectorizer.IDF, m.Vectorizer.IDF) ||
		!reflect.DeepEqual(got.Themes, m.Themes) || !reflect.DeepEqual(got.NN, m.NN) || !reflect.DeepEqual(got.ThemeModel, m.ThemeModel) {
		t.Error("model changed in a round trip")
	}
	text := "ISIS fighters near Mosul"
	if a, b := got.Vectorizer.Transform(text), m.Vectorizer.Transform(text); !reflect.DeepEqual(a, b) {
		t.Errorf("loaded model transforms %v, fitted %v", a, b)
	}
	// Writing is deterministic.
	if !bytes.Equal(encode(t, m), encode(t, got)) {
		t.Error("re-encoding a loaded model gives other bytes")
	}
}

func TestReadRefuses(t *testing.T) {
	t.Parallel()
	good := encode(t, testModel(t))
	flip := func(i int) []byte {
		b := append([]byte(nil), good...)
		b[i] ^= 0x40
		return b
	}
	tests := []struct {
		name string
		data []byte
		want error
	}{
		{"empty", nil, ErrNotModel},
		{"text", []byte("id,title,text\n1,a,b\n"), ErrNotModel},
		{"version", flip(16), ErrVersion},
		{"payload byte", flip(len(good) / 2), ErrDamaged},
		{"checksum byte", flip(len(good) - 1), ErrDamaged},
		{"length", flip(27), ErrDamaged},
		{"truncated", good[:len(good)-10], ErrDamaged},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			if _, err := Read(bytes.NewReader(tt.data)); !errors.Is(err, tt.want) {
				t.Errorf("got %v, want %v", err, tt.want)
			}
		})
	}
}

// TestReadOldVersions checks that files of format versions 1 (the whole
// Model in gob) and 2 (theme vectors, no theme detector) are refused as
// another version, with the message that says to run analyze again, not
// read as damaged.
func TestReadOldVersions(t *testing.T) {
	t.Parallel()
	for _, v := range []uint32{1, 2} {
		b := encode(t, testModel(t))
		binary.LittleEndian.PutUint32(b[16:20], v)
		_, err := Read(bytes.NewReader(b))
		if !errors.Is(err, ErrVersion) || !strings.Contains(err.Error(), fmt.Sprintf("file has version %d, this newsclust reads version 3; run analyze again", v)) {
			t.Errorf("version %d: got %v, want ErrVersion", v, err)
		}
	}
}

// TestReadBadLayout gives Read payloads with a valid checksum that break
// the payload layout: each must be refused as damaged.
func TestReadBadLayout(t *testing.T) {
	t.Parallel()
	good, err := encodePayload(testModel(t))
	if err != nil {
		t.Fatal(err)
	}
	headLen := 8 + int(binary.LittleEndian.Uint64(good))
	// The centroids' count is the 8 bytes after the gob head.
	hugeCount := append([]byte(nil), good...)
	binary.LittleEndian.PutUint64(hugeCount[headLen:], 1<<40)
	flag := append([]byte(nil), good...)
	flag[headLen+8+4*int(binary.LittleEndian.Uint64(good[headLen:]))] = 7
	tests := map[string][]byte{
		"empty":           {},
		"head too long":   binary.LittleEndian.AppendUint64(nil, 1<<20),
		"trailing byte":   append(append([]byte(nil), good...), 0),
		"cut in an array": good[:len(good)-3],
		"huge count":      hugeCount,
		"vectors flag":    flag,
	}
	for name, payload := range tests {
		t.Run(name, func(t *testing.T) {
			t.Parallel()
			sum := sha256.Sum256(payload)
			file := append([]byte("newsclust-model\n"), 0, 0, 0, 0)
			binary.LittleEndian.PutUint32(file[16:], FormatVersion)
			file = binary.LittleEndian.AppendUint64(file, uint64(len(payload)))
			file = append(append(file, payload...), sum[:]...)
			if _, err := Read(bytes.NewReader(file)); !errors.Is(err, ErrDamaged) {
				t.Errorf("got %v, want ErrDamaged", err)
			}
		})
	}
}

// TestReadInconsistent checks that a well-formed file whose parts disagree
// is refused rather than crashing later.
func TestReadInconsistent(t *testing.T) {
	t.Parallel()
	tests := map[string]func(m *Model){
		"centroids":      func(m *Model) { m.Centroids = m.Centroids[1:] },
		"cluster index":  func(m *Model) { m.Articles[0].Cluster = 7 },
		"vector columns": func(m *Model) { m.Vectors.Ind[0] = int32(len(m.Vectorizer.Terms)) },
		"rows":           func(m *Model) { m.Articles = m.Articles[:2] },
		"unit":           func(m *Model) { m.Unit = "sentence" },
		"no vectors":     func(m *Model) { m.Vectors = nil },
		// Found by a probe of the released binary: these passed the
		// checksum and made compare panic or fail later.
		"no clusters": func(m *Model) {
			m.Clusters, m.Centroids = nil, nil
			for i := range m.Articles {
				m.Articles[i].Cluster = 0
			}
		},
		"no articles": func(m *Model) {
			m.Articles, m.NN = nil, nil
			m.Vectors = &sparse.CSR{NCols: m.Vectors.NCols, Indptr: []int64{0}}
		},
		"offsets overshoot": func(m *Model) {
			m.Vectors.Indptr[1] = int64(len(m.Vectors.Ind)) + 1000
		},
		"NaN centroid":            func(m *Model) { m.Centroids[0] = float32(math.NaN()) },
		"Inf vector value":        func(m *Model) { m.Vectors.Val[0] = float32(math.Inf(1)) },
		"NaN IDF":                 func(m *Model) { m.Vectorizer.IDF[0] = math.NaN() },
		"NaN calibration":         func(m *Model) { m.NN[1] = math.NaN() },
		"NaN same-story level":    func(m *Model) { m.DupThreshold = math.NaN() },
		"themes without detector": func(m *Model) { m.ThemeModel = nil },
		"detector without themes": func(m *Model) { m.Themes = nil },
		"theme model columns":     func(m *Model) { m.ThemeModel.Dims++ },
		"theme ratios cut":        func(m *Model) { m.ThemeModel.Ratio = m.ThemeModel.Ratio[1:] },
		"NaN theme ratio":         func(m *Model) { m.ThemeModel.Ratio[0] = float32(math.NaN()) },
		"Inf theme prior":         func(m *Model) { m.ThemeModel.Prior[1] = float32(math.Inf(1)) },
		"zero prior of none":      func(m *Model) { m.ThemeModel.Prior[0] = 0 },
		"theme threshold":         func(m *Model) { m.ThemeModel.Threshold = 2 },
		"theme fold-in":           func(m *Model) { m.ThemeModel.Iter = -1 },
		"theme term column": func(m *Model) {
			m.ThemeModel.Terms[0] = append(m.ThemeModel.Terms[0], int32(len(m.Vectorizer.Terms)))
		},
		"negative passage length": func(m *Model) { m.MinWords = -1 },
	}
	for name, spoil := range tests {
		t.Run(name, func(t *testing.T) {
			t.Parallel()
			m := testModel(t)
			spoil(m)
			if _, err := Read(bytes.NewReader(encode(t, m))); !errors.Is(err, ErrDamaged) {
				t.Errorf("got %v, want ErrDamaged", err)
			}
		})
	}
}

// TestReadTrailingBytes checks that bytes appended after the checksum are
// refused: the file is not what Write wrote.
func TestReadTrailingBytes(t *testing.T) {
	t.Parallel()
	b := append(encode(t, testModel(t)), 'x')
	if _, err := Read(bytes.NewReader(b)); !errors.Is(err, ErrDamaged) {
		t.Errorf("got %v, want ErrDamaged", err)
	}
}

// FuzzRead feeds arbitrary bytes to Read: it must return a model or an
// error, never panic.
func FuzzRead(f *testing.F) {
	good := encode(f, testModel(f))
	f.Add(good)
	f.Add(good[:40])
	f.Add([]byte("newsclust-model\n"))
	f.Fuzz(func(t *testing.T, data []byte) {
		m, err := Read(bytes.NewReader(data))
		if err == nil && m == nil {
			t.Fatal("nil model without error")
		}
	})
}
