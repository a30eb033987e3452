package main

import (
	"bytes"
	"context"
	"io/fs"
	"os"
	"path/filepath"
	"strings"
	"sync"
	"sync/atomic"
	"testing"
)

// tripContext is a context that reports cancellation once a chosen
// progress step has started and a given number of further Err calls have
// passed: a Ctrl-C at a known point of the run, without timing.
type tripContext struct {
	context.Context
	armed atomic.Bool
	left  atomic.Int64
}

func (c *tripContext) Err() error {
	if c.armed.Load() && c.left.Add(-1) < 0 {
		return context.Canceled
	}
	return nil
}

// stepWatcher is the run's stderr: it arms ctx when the progress line of
// step appears.
type stepWatcher struct {
	mu   sync.Mutex
	buf  bytes.Buffer
	step string
	ctx  *tripContext
}

func (w *stepWatcher) Write(p []byte) (int, error) {
	w.mu.Lock()
	defer w.mu.Unlock()
	w.buf.Write(p)
	if strings.Contains(w.buf.String(), "newsclust: "+w.step) {
		w.ctx.armed.Store(true)
	}
	return len(p), nil
}

// snapshot returns every file under dir by its relative path.
func snapshot(t *testing.T, dir string) map[string]string {
	t.Helper()
	files := map[string]string{}
	err := filepath.WalkDir(dir, func(p string, d fs.DirEntry, err error) error {
		if err != nil || d.IsDir() {
			return err
		}
		b, err := os.ReadFile(p)
		rel, _ := filepath.Rel(dir, p)
		files[rel] = string(b)
		return err
	})
	if err != nil {
		t.Fatal(err)
	}
	return files
}

// sameFiles reports the differences between two snapshots.
func sameFiles(t *testing.T, what string, got, want map[string]string) {
	t.Helper()
	for name, b := range want {
		if g, ok := got[name]; !ok {
			t.Errorf("%s: %s is gone", what, name)
		} else if g != b {
			t.Errorf("%s: %s changed", what, name)
		}
	}
	for name := range got {
		if _, ok := want[name]; !ok {
			t.Errorf("%s: %s appeared", what, name)
		}
	}
}

// TestInterruptKeepsOutputs interrupts a second analysis into a folder that
// holds the outputs of a first one, at each step of the run, and checks
// that it exits with status 130 saying so, and leaves the first run's
// outputs exactly as they were, with no temporary file behind.
func TestInterruptKeepsOutputs(t *testing.T) {
	t.Parallel()
	// The second run differs from the first (k, themes, paragraphs), so
	// any file it managed to replace would show.
	first := []string{"analyze", "-quiet", "-k", "2", "-seed", "1"}
	second := []string{"analyze", "-seed", "2", "-unit", "paragraph", "-themes", themesFile}
	tests := []struct {
		step string // progress line at which the interrupt is armed
		left int64  // Err calls that still pass after it
		k    string // -k of the second run
	}{
		{"reading articles", 0, "auto"},
		{"vectorizing", 0, "auto"},
		{"choosing k", 0, "auto"},
		{"clustering", 0, "3"},
		{"labelling clusters", 0, "auto"},
		{"writing outputs", 0, "auto"},
		// Three files staged, the fourth interrupted: the staged ones must
		// not replace the first run's.
		{"writing outputs", 3, "3"},
	}
	for _, tt := range tests {
		t.Run(strings.ReplaceAll(tt.step, " ", "_"), func(t *testing.T) {
			t.Parallel()
			out := t.TempDir()
			if _, stderr, code := runCmd(t, append(first, "-out", out, seedDir)...); code != 0 {
				t.Fatalf("first run: exit %d: %s", code, stderr)
			}
			before := snapshot(t, out)

			ctx := &tripContext{Context: context.Background()}
			ctx.left.Store(tt.left)
			w := &stepWatcher{step: tt.step, ctx: ctx}
			var stdout bytes.Buffer
			err := run(ctx, append(second, "-k", tt.k, "-out", out, seedDir), strings.NewReader(""), &stdout, w)
			code := exitCode(err, w)
			if !ctx.armed.Load() {
				t.Fatalf("step %q never started: %s", tt.step, w.buf.String())
			}
			if code != 130 || !strings.Contains(w.buf.String(), "interrupted") {
				t.Fatalf("exit %d, stderr %q; want 130 and a message saying interrupted", code, w.buf.String())
			}
			sameFiles(t, "after the interrupted run", snapshot(t, out), before)
		})
	}
}

// TestInterruptBeforeStart checks a context cancelled before the run:
// analyze and compare stop with status 130 and write nothing.
func TestInterruptBeforeStart(t *testing.T) {
	t.Parallel()
	model := t.TempDir()
	if _, stderr, code := runCmd(t, "analyze", "-quiet", "-out", model, seedDir); code != 0 {
		t.Fatalf("exit %d: %s", code, stderr)
	}
	before := snapshot(t, model)
	ctx, cancel := context.WithCancel(context.Background())
	cancel()
	for _, args := range [][]string{
		{"analyze", "-quiet", "-k", "2", "-out", model, seedDir},
		{"compare", "-model", model, seedDir},
	} {
		var stdout, stderr bytes.Buffer
		code := exitCode(run(ctx, args, strings.NewReader(""), &stdout, &stderr), &stderr)
		if code != 130 || !strings.Contains(stderr.String(), "interrupted") {
			t.Errorf("%s: exit %d, %q; want 130, interrupted", args[0], code, stderr.String())
		}
	}
	sameFiles(t, "after cancelled runs", snapshot(t, model), before)
}

// TestFailedRunKeepsOutputs checks that a run failing after it has read
// its inputs (every article is stop words) leaves earlier outputs alone.
func TestFailedRunKeepsOutputs(t *testing.T) {
	t.Parallel()
	out := t.TempDir()
	if _, stderr, code := runCmd(t, "analyze", "-quiet", "-out", out, seedDir); code != 0 {
		t.Fatalf("exit %d: %s", code, stderr)
	}
	before := snapshot(t, out)
	in := t.TempDir()
	writeFiles(t, in, map[string]string{"a.txt": "It was\n\nand the of it", "b.txt": "the and of"})
	if _, stderr, code := runCmd(t, "analyze", "-quiet", "-out", out, in); code != 1 {
		t.Fatalf("exit %d, want 1: %s", code, stderr)
	}
	sameFiles(t, "after the failed run", snapshot(t, out), before)
}

// TestRerunRemovesStaleOutputs checks that a successful run into a folder
// of an earlier run leaves no output of the earlier run that it did not
// write itself: no themes.csv and no theme chart without -themes.
func TestRerunRemovesStaleOutputs(t *testing.T) {
	t.Parallel()
	out := t.TempDir()
	if _, stderr, code := runCmd(t, "analyze", "-quiet", "-themes", themesFile, "-out", out, seedDir); code != 0 {
		t.Fatalf("exit %d: %s", code, stderr)
	}
	for _, f := range []string{"themes.csv", "charts/theme-relevance.png"} {
		if _, err := os.Stat(filepath.Join(out, f)); err != nil {
			t.Fatalf("first run: %v", err)
		}
	}
	// A file of the user's own in the folder is left alone.
	mine := filepath.Join(out, "notes.txt")
	if err := os.WriteFile(mine, []byte("mine"), 0o644); err != nil {
		t.Fatal(err)
	}
	if _, stderr, code := runCmd(t, "analyze", "-quiet", "-out", out, seedDir); code != 0 {
		t.Fatalf("exit %d: %s", code, stderr)
	}
	fresh := t.TempDir()
	if _, stderr, code := runCmd(t, "analyze", "-quiet", "-out", fresh, seedDir); code != 0 {
		t.Fatalf("exit %d: %s", code, stderr)
	}
	got := snapshot(t, out)
	if got["notes.txt"] != "mine" {
		t.Error("the user's notes.txt was changed")
	}
	delete(got, "notes.txt")
	sameFiles(t, "rerun without themes vs a fresh run", got, snapshot(t, fresh))
}

// TestRerunInInputFolder runs analyze twice on a folder that holds its own
// -out folder (as "newsclust analyze ." does with the default -out): the
// second run must not read the first run's report.md and CSV files as
// articles, and says why it passed over the folder. compare on the same
// folder passes over the model folder likewise.
func TestRerunInInputFolder(t *testing.T) {
	t.Parallel()
	in := t.TempDir()
	writeFiles(t, in, map[string]string{"a.txt": natoText, "b.txt": ukraineText, "c.txt": "ISIS in Iraq\n\nThe coalition against ISIS trained Iraqi forces near Mosul.\n"})
	out := filepath.Join(in, "newsclust-out")
	for run := 1; run <= 2; run++ {
		_, stderr, code := runCmd(t, "analyze", "-quiet", "-out", out, in)
		if code != 0 {
			t.Fatalf("run %d: exit %d: %s", run, code, stderr)
		}
	}
	o := readOutcome(t, out)
	o.wantIDs(t, "a", "b", "c")
	o.wantSkip(t, "newsclust-out", "the -out folder")
	_, stderr, code := runCmd(t, "compare", "-model", out, in)
	if code != 0 || !strings.Contains(stderr, "the -model folder") {
		t.Errorf("compare: exit %d, %q; want 0 and the model folder passed over", code, stderr)
	}
}
