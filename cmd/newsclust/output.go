package main

import (
	"errors"
	"os"
	"path/filepath"
	"regexp"
)

// chartFile matches the names analyze gives chart files.
var chartFile = regexp.MustCompile(`^[a-z0-9-]+\.(png|svg)$`)

// removeStale deletes outputs of an earlier run that this run did not
// write: a chart the new analysis has no data for, or themes.csv after a
// run without -themes. Only names analyze itself writes are touched.
func removeStale(dir string, written map[string]bool) error {
	var errs []error
	candidates := []string{filepath.Join(dir, "themes.csv"), filepath.Join(dir, "new.csv"), filepath.Join(dir, "changes.csv")}
	if ents, err := os.ReadDir(filepath.Join(dir, "charts")); err == nil {
		for _, e := range ents {
			if e.Type().IsRegular() && chartFile.MatchString(e.Name()) {
				candidates = append(candidates, filepath.Join(dir, "charts", e.Name()))
			}
		}
	}
	for _, p := range candidates {
		if written[p] {
			continue
		}
		if err := os.Remove(p); err != nil && !errors.Is(err, os.ErrNotExist) {
			errs = append(errs, err)
		}
	}
	return errors.Join(errs...)
}
