package report

import (
	"encoding/json"
	"fmt"
	"io"
)

// weight is a float written to JSON with four decimals (null when not
// finite), so that clusters.json is byte-identical across runs.
type weight float64

func (w weight) MarshalJSON() ([]byte, error) {
	if !finite(float64(w)) {
		return []byte("null"), nil
	}
	return []byte(fixed(float64(w), 4)), nil
}

type jsonTerm struct {
	Word   string `json:"word"`
	Weight weight `json:"weight"`
}

type jsonCluster struct {
	ID              int        `json:"id"`
	Label           string     `json:"label"`
	Size            int        `json:"size"`
	Terms           []jsonTerm `json:"terms"`
	Representatives []string   `json:"representatives"`
	Contexts        []string   `json:"contexts,omitempty"`
}

func writeClustersJSON(w io.Writer, a *Analysis) error {
	mustAnalysis(a)
	out := make([]jsonCluster, len(a.Clusters))
	for i, c := range a.Clusters {
		jc := jsonCluster{
			ID: c.ID, Label: c.Label, Size: c.Size,
			Terms:           make([]jsonTerm, len(c.Terms)),
			Representatives: append([]string{}, c.Reps...),
			Contexts:        c.Contexts,
		}
		for j, t := range c.Terms {
			jc.Terms[j] = jsonTerm{Word: t.Word, Weight: weight(t.Weight)}
		}
		out[i] = jc
	}
	b, err := json.MarshalIndent(out, "", "  ")
	if err != nil {
		return fmt.Errorf("report: clusters.json: %w", err)
	}
	b = append(b, '\n')
	_, err = w.Write(b)
	return err
}

// writeCSV writes header and the rows that rows emits, each cell quoted as
// encoding/csv would quote it.
func writeCSV(w io.Writer, header []string, rows func(c *csvWriter) error) error {
	c := newCSVWriter(w)
	for _, h := range header {
		c.field(h)
	}
	if err := c.endRow(); err != nil {
		return err
	}
	if err := rows(c); err != nil {
		return err
	}
	return c.flush()
}

func writeAssignmentsCSV(w io.Writer, a *Analysis) error {
	mustAnalysis(a)
	header := []string{"id", "article", "cluster", "cluster_label", "score", "title", "date", "source", "label", "url"}
	return writeCSV(w, header, func(c *csvWriter) error {
		for _, d := range a.Docs {
			label, id := "", d.Cluster
			if cl := clusterOf(a, d.Cluster); cl != nil {
				label, id = cl.Label, cl.ID
			}
			c.text(d.ID)
			c.text(d.Article)
			c.int(id)
			c.text(label)
			c.fixed(d.Score, 4)
			c.text(d.Title)
			c.text(d.Date)
			c.text(d.Source)
			c.text(d.Label)
			c.text(d.URL)
			if err := c.endRow(); err != nil {
				return err
			}
		}
		return nil
	})
}

func writeThemesCSV(w io.Writer, a *Analysis) error {
	mustAnalysis(a)
	checkThemes(a)
	return writeCSV(w, []string{"document", "theme", "relevance", "about"}, func(c *csvWriter) error {
		for _, at := range a.Articles {
			for j, t := range a.Themes {
				c.text(at.Article)
				c.text(t)
				c.fixed(at.Relevance[j], 4)
				about := 0
				if at.About[j] {
					about = 1
				}
				c.int(about)
				if err := c.endRow(); err != nil {
					return err
				}
			}
		}
		return nil
	})
}

func writeSimilarityCSV(w io.Writer, pairs []Pair) error {
	return writeSimilarityRows(w, len(pairs), func(i int) Pair { return pairs[i] })
}

func writeSimilarityRows(w io.Writer, n int, pair func(i int) Pair) error {
	return writeCSV(w, []string{"a", "b", "cosine"}, func(c *csvWriter) error {
		for i := 0; i < n; i++ {
			p := pair(i)
			c.text(p.A)
			c.text(p.B)
			c.fixed(p.Cosine, 4)
			if err := c.endRow(); err != nil {
				return err
			}
		}
		return nil
	})
}

func writeSkippedCSV(w io.Writer, skipped []Skip) error {
	return writeCSV(w, []string{"input", "reason"}, func(c *csvWriter) error {
		for _, s := range skipped {
			c.text(s.Input)
			c.text(s.Reason)
			if err := c.endRow(); err != nil {
				return err
			}
		}
		return nil
	})
}

func writeGroupsCSV(w io.Writer, a *Analysis) error {
	mustAnalysis(a)
	titles := map[string]string{}
	for _, d := range a.Docs {
		if _, ok := titles[d.Article]; !ok {
			titles[d.Article] = d.Title
		}
	}
	return writeCSV(w, []string{"group", "article", "title"}, func(c *csvWriter) error {
		for g, ids := range a.Groups {
			for _, id := range ids {
				c.int(g + 1)
				c.text(id)
				c.text(titles[id])
				if err := c.endRow(); err != nil {
					return err
				}
			}
		}
		return nil
	})
}
