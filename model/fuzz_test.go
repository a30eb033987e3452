package model_test

import (
	"bytes"
	"crypto/sha256"
	"encoding/binary"
	"encoding/json"
	"errors"
	"math"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"newsclust/analysis"
	"newsclust/corpus"
	"newsclust/model"
	"newsclust/vectorize"
)

// modelHeader is the 28-byte header of a model file with a payload of n
// bytes (see the model package doc).
func modelHeader(n int) []byte {
	h := append([]byte(nil), "newsclust-model\n"...)
	h = binary.LittleEndian.AppendUint32(h, model.FormatVersion)
	return binary.LittleEndian.AppendUint64(h, uint64(n))
}

// tinyModelPayload analyses a four-article corpus with two themes and
// returns the payload of its model file (gob header, then raw arrays).
func tinyModelPayload(tb testing.TB) []byte {
	tb.Helper()
	dir := tb.TempDir()
	in := filepath.Join(dir, "in.jsonl")
	themes := filepath.Join(dir, "themes.txt")
	docs := strings.Join([]string{
		`{"id":"a","title":"NATO spending","text":"NATO allies agree to raise defence spending."}`,
		`{"id":"b","title":"NATO budget","text":"Defence spending by NATO allies rises again."}`,
		`{"id":"c","title":"Ceasefire","text":"Russia and Ukraine agree a ceasefire in Donbas."}`,
		`{"id":"d","title":"Donbas talks","text":"Ukraine ceasefire talks on Donbas continue."}`,
	}, "\n")
	if err := os.WriteFile(in, []byte(docs), 0o644); err != nil {
		tb.Fatal(err)
	}
	if err := os.WriteFile(themes, []byte("Spending: spending budget\nUkraine: ukraine \"donbas region\"\n"), 0o644); err != nil {
		tb.Fatal(err)
	}
	f, err := os.Open(themes)
	if err != nil {
		tb.Fatal(err)
	}
	defer f.Close()
	opts := analysis.DefaultOptions()
	opts.K = 2
	if opts.Themes, err = vectorize.ParseThemes(f, themes); err != nil {
		tb.Fatal(err)
	}
	res, err := analysis.Run(tb.Context(), []string{in}, opts)
	if err != nil {
		tb.Fatal(err)
	}
	var b bytes.Buffer
	if err := model.Write(&b, res.Model); err != nil {
		tb.Fatal(err)
	}
	return b.Bytes()[28 : b.Len()-32]
}

// FuzzModelPayload gives Read payloads with a correct header and checksum,
// so that the fuzzer reaches the decoder and the consistency checks rather
// than stopping at the checksum. A model that Read accepts must be usable
// by compare: no panic, and an answer that encodes as JSON.
func FuzzModelPayload(f *testing.F) {
	f.Add(tinyModelPayload(f))
	texts := []string{
		"NATO defence spending rises",
		"Ukraine and Russia talk about a ceasefire in the Donbas region",
		"nothing known here",
		"",
	}
	f.Fuzz(func(t *testing.T, payload []byte) {
		sum := sha256.Sum256(payload)
		file := append(append(modelHeader(len(payload)), payload...), sum[:]...)
		m, err := model.Read(bytes.NewReader(file))
		if err != nil {
			if !errors.Is(err, model.ErrDamaged) {
				t.Fatalf("error %v does not wrap ErrDamaged", err)
			}
			return
		}
		cmp := m.NewComparer(model.CompareOptions{Top: 3, Terms: 3})
		for _, text := range texts {
			r := cmp.Compare(corpus.Document{ID: "x", Text: text})
			if r.Cluster < -1 || r.Cluster >= len(m.Clusters) {
				t.Fatalf("cluster %d of %d", r.Cluster, len(m.Clusters))
			}
			if len(r.Neighbors) > 3 {
				t.Fatalf("%d neighbours, asked for 3", len(r.Neighbors))
			}
			if math.IsNaN(r.Novelty) || r.Novelty < 0 || r.Novelty > 1 {
				t.Fatalf("novelty %v", r.Novelty)
			}
			if _, err := json.Marshal(r); err != nil {
				t.Fatalf("compare -json would fail: %v", err)
			}
		}
	})
}
