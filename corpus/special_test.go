//go:build unix

package corpus

import (
	"context"
	"errors"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"syscall"
	"testing"
)

// TestNonRegularInFolder checks that a folder's named pipes, devices and
// symbolic links to folders are listed as skipped, with the reason, and
// never opened, while symbolic links to regular files are read (issue 17).
func TestNonRegularInFolder(t *testing.T) {
	t.Parallel()
	dir := t.TempDir()
	in := filepath.Join(dir, "in")
	other := filepath.Join(dir, "other")
	for _, d := range []string{in, other} {
		if err := os.Mkdir(d, 0o755); err != nil {
			t.Fatal(err)
		}
	}
	write := func(path, text string) {
		t.Helper()
		if err := os.WriteFile(path, []byte(text), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	write(filepath.Join(in, "a.txt"), "NATO summit\n\nAllies met in Brussels.")
	write(filepath.Join(other, "b.txt"), "Budget\n\nDefence spending rose.")
	write(filepath.Join(other, "c.txt"), "Ukraine\n\nTalks resumed.")
	if err := syscall.Mkfifo(filepath.Join(in, "pipe.txt"), 0o644); err != nil {
		t.Skipf("no named pipes here: %v", err)
	}
	for link, target := range map[string]string{
		"c.txt":    filepath.Join(other, "c.txt"), // a link to a regular file is read
		"dev.txt":  os.DevNull,                    // a character device
		"folder":   other,                         // not followed: b.txt is not read
		"pipe2.md": filepath.Join(in, "pipe.txt"), // a link to a named pipe
	} {
		if err := os.Symlink(target, filepath.Join(in, link)); err != nil {
			t.Fatal(err)
		}
	}
	c, err := Read(context.Background(), []string{in}, Options{})
	if err != nil {
		t.Fatal(err)
	}
	var ids []string
	for _, d := range c.Docs {
		ids = append(ids, d.ID)
	}
	if want := []string{"a", "c"}; !slices.Equal(ids, want) {
		t.Errorf("documents %v, want %v", ids, want)
	}
	want := []Skip{
		{filepath.Join(in, "dev.txt"), "not a regular file (character device)"},
		{filepath.Join(in, "folder"), ReasonSymlinkDir},
		{filepath.Join(in, "pipe.txt"), "not a regular file (named pipe)"},
		{filepath.Join(in, "pipe2.md"), "not a regular file (named pipe)"},
	}
	if !slices.Equal(c.Skipped, want) {
		t.Errorf("skipped\n%v\nwant\n%v", c.Skipped, want)
	}
}

// TestNonRegularArgument checks that a named pipe or a device given as an
// input is refused with an error naming it, before it is opened (a pipe
// would block and /dev/urandom never ends), and that a symbolic link to a
// folder given as an input is read like the folder.
func TestNonRegularArgument(t *testing.T) {
	t.Parallel()
	dir := t.TempDir()
	pipe := filepath.Join(dir, "news.jsonl")
	if err := syscall.Mkfifo(pipe, 0o644); err != nil {
		t.Skipf("no named pipes here: %v", err)
	}
	random := filepath.Join(dir, "random.txt")
	if err := os.Symlink("/dev/urandom", random); err != nil {
		t.Fatal(err)
	}
	for _, tt := range []struct{ input, kind string }{
		{pipe, "named pipe"},
		{random, "character device"},
	} {
		_, err := Read(context.Background(), []string{tt.input}, Options{})
		if !errors.Is(err, ErrNotRegular) || !strings.Contains(err.Error(), tt.input) || !strings.Contains(err.Error(), tt.kind) {
			t.Errorf("%s: got %v, want ErrNotRegular naming it as a %s", tt.input, err, tt.kind)
		}
	}

	folder := filepath.Join(dir, "articles")
	if err := os.Mkdir(folder, 0o755); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(filepath.Join(folder, "a.txt"), []byte("NATO\n\nAllies met."), 0o644); err != nil {
		t.Fatal(err)
	}
	link := filepath.Join(dir, "link")
	if err := os.Symlink(folder, link); err != nil {
		t.Fatal(err)
	}
	c, err := Read(context.Background(), []string{link}, Options{})
	if err != nil {
		t.Fatal(err)
	}
	if len(c.Docs) != 1 || c.Docs[0].Origin != filepath.Join(link, "a.txt") {
		t.Errorf("docs %+v, want a.txt read through %s", c.Docs, link)
	}
}
