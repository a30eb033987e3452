package report

import (
	"context"
	"errors"
	"io"
	"os"
	"path/filepath"
	"testing"
)

// TestWriteFilesAllOrNone checks that WriteFiles renames every file into
// place when all are written, and leaves the earlier files and no
// temporary behind when one fill fails or the context is cancelled.
func TestWriteFilesAllOrNone(t *testing.T) {
	t.Parallel()
	dir := t.TempDir()
	a, b := filepath.Join(dir, "a.txt"), filepath.Join(dir, "b.txt")
	text := func(s string) func(io.Writer) error {
		return func(w io.Writer) error { _, err := io.WriteString(w, s); return err }
	}
	if err := WriteFiles(context.Background(), []File{{a, text("one")}, {b, text("two")}}); err != nil {
		t.Fatal(err)
	}
	boom := errors.New("boom")
	failing := []File{{a, text("new")}, {b, func(io.Writer) error { return boom }}}
	if err := WriteFiles(context.Background(), failing); !errors.Is(err, boom) {
		t.Errorf("failing fill: %v, want boom", err)
	}
	ctx, cancel := context.WithCancel(context.Background())
	cancel()
	if err := WriteFiles(ctx, []File{{a, text("new")}}); !errors.Is(err, context.Canceled) {
		t.Errorf("cancelled: %v", err)
	}
	got, _ := os.ReadFile(a)
	if string(got) != "one" {
		t.Errorf("a.txt holds %q after the failed runs, want the first run's %q", got, "one")
	}
	if ents, _ := os.ReadDir(dir); len(ents) != 2 {
		t.Errorf("%d entries in the folder, want a.txt and b.txt only", len(ents))
	}
}
