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
