package main

import (
	"errors"
	"fmt"
	"os"
	"path/filepath"

	"newsclust/corpus"
)

// inputHint adds to an error from reading the inputs the flag that
// resolves it: -max-input-bytes for an input over the limit, -text-field
// for a CSV without the text column.
func inputHint(err error) error {
	var ce *corpus.ColumnError
	switch {
	case errors.Is(err, corpus.ErrTooLarge):
		return fmt.Errorf("%w; raise -max-input-bytes to read more", err)
	case errors.As(err, &ce):
		return fmt.Errorf("%w; name the text column with -text-field", err)
	case errors.Is(err, corpus.ErrExcludedInput):
		return fmt.Errorf("%w; choose an output folder that is not an input folder", err)
	}
	return err
}

// checkOutDir refuses an -out that cannot be a folder, before any work is
// done: an existing file, or a path through one. A missing folder is
// created later, when the outputs are written.
func checkOutDir(out string) error {
	for p := filepath.Clean(out); ; p = filepath.Dir(p) {
		st, err := os.Stat(p)
		switch {
		case err == nil && st.IsDir():
			return nil
		case err == nil:
			if p == filepath.Clean(out) {
				return usagef("-out %s is a file, not a folder", out)
			}
			return usagef("-out %s: %s is a file, not a folder", out, p)
		}
		// Missing, or not reachable (a path through a file): look at the
		// parent. Other failures surface when the folder is created.
		if parent := filepath.Dir(p); parent == p {
			return nil
		}
	}
}

// plural is n and word, with an "s" unless n is 1: "1 cluster", "2 clusters".
func plural(n int, word string) string {
	if n == 1 {
		return "1 " + word
	}
	return fmt.Sprintf("%d %ss", n, word)
}

// regularFile returns an error naming flag when path is not a regular file
// (a named pipe would block the open, a device would be read without end).
func regularFile(flag, path string) error {
	st, err := os.Stat(path)
	if err != nil {
		return fmt.Errorf("%s: %w", flag, err)
	}
	if !st.Mode().IsRegular() {
		return fmt.Errorf("%s: %s is not a regular file", flag, path)
	}
	return nil
}

// sameFolder returns the input that is the folder dir itself, or "".
func sameFolder(dir string, inputs []string) string {
	d, err := os.Stat(dir)
	if err != nil {
		return ""
	}
	for _, in := range inputs {
		if st, err := os.Stat(in); err == nil && os.SameFile(d, st) {
			return in
		}
	}
	return ""
}
