package corpus

import (
	"context"
	"encoding/csv"
	"errors"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"strconv"
	"strings"
)

// ReadLabels returns the label of each id in path, with the id and label
// fields named by fields. A .csv file is read as
// a table that needs only the id and label columns (an articles CSV with a
// text column is such a table too); anything else is read as analyze reads
// articles, and the ids are the ones analyze gives them.
func ReadLabels(ctx context.Context, path string, fields Fields) (map[string]string, error) {
	idField, labelField := fields.ID, fields.Label
	known := map[string]string{}
	if fi, err := os.Stat(path); err == nil && fi.Mode().IsRegular() && strings.EqualFold(filepath.Ext(path), ".csv") {
		f, err := os.Open(path)
		if err != nil {
			return nil, err
		}
		defer f.Close()
		r := csv.NewReader(f)
		r.FieldsPerRecord = -1
		head, err := r.Read()
		if err != nil {
			return nil, fmt.Errorf("%s: %w", path, err)
		}
		iID, iLabel := -1, -1
		for i, h := range head {
			switch strings.ToLower(strings.TrimSpace(strings.TrimPrefix(h, "\ufeff"))) {
			case strings.ToLower(idField):
				iID = i
			case strings.ToLower(labelField):
				iLabel = i
			}
		}
		if iLabel < 0 {
			return nil, fmt.Errorf("%s:1: the header row has no %q column (columns: %s); name it with -label-field",
				path, labelField, strings.Join(head, ", "))
		}
		base := filepath.Base(path)
		for {
			rec, err := r.Read()
			if errors.Is(err, io.EOF) {
				return known, nil
			}
			if err != nil {
				return nil, fmt.Errorf("%s: %w", path, err) // a csv.ParseError names the line
			}
			line, _ := r.FieldPos(0)
			if iID >= len(rec) || iLabel >= len(rec) {
				return nil, fmt.Errorf("%s:%d: %d fields, want at least %d", path, line, len(rec), max(iID, iLabel)+1)
			}
			id := base + ":" + strconv.Itoa(line) // as analyze names a row without an id
			if iID >= 0 && rec[iID] != "" {
				id = rec[iID]
			}
			known[id] = rec[iLabel]
		}
	}
	c, err := Read(ctx, []string{path}, Options{Fields: Fields{ID: idField, Label: labelField}, KeepBoilerplate: true})
	if err != nil {
		return nil, err
	}
	for _, d := range c.Docs {
		known[d.ID] = d.Label
	}
	return known, nil
}
