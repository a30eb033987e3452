package report

import (
	"io"
	"strconv"
	"strings"
)

// Update is what an update (newsclust update) added to an earlier
// analysis: Analysis.Update, nil after a fresh analysis.
type Update struct {
	Kept int          // earlier articles, kept with their clusters
	New  []NewArticle // the articles added, in input order
	// NewClusters are the indexes into Analysis.Clusters of the clusters
	// the update opened.
	NewClusters []int
}

// NewArticle is one article added by an update.
type NewArticle struct {
	Article string
	Cluster int // index into Analysis.Clusters
	// NewTopic: the article fitted none of the earlier clusters (far
	// from every one). NewStory: no earlier article tells the same story
	// (see model.StoryRule). NewCluster: its cluster was opened by the
	// update.
	NewTopic, NewStory, NewCluster bool
}

// WriteNewCSV writes new.csv: article,cluster,cluster_label,new_topic,
// new_story,new_cluster, one row per article an update added (cluster by
// its ID).
func WriteNewCSV(w io.Writer, a *Analysis) error {
	mustAnalysis(a)
	header := []string{"article", "cluster", "cluster_label", "new_topic", "new_story", "new_cluster"}
	return writeCSV(w, header, func(c *csvWriter) error {
		if a.Update == nil {
			return nil
		}
		for _, n := range a.Update.New {
			id, label := n.Cluster, ""
			if cl := clusterOf(a, n.Cluster); cl != nil {
				id, label = cl.ID, cl.Label
			}
			c.text(n.Article)
			c.int(id)
			c.text(label)
			for _, b := range []bool{n.NewTopic, n.NewStory, n.NewCluster} {
				c.field(boolText(b))
			}
			if err := c.endRow(); err != nil {
				return err
			}
		}
		return nil
	})
}

func boolText(b bool) string {
	if b {
		return "true"
	}
	return "false"
}

// ClusterChange is how one cluster relates to an earlier analysis
// (analyze -align-to): Analysis.Changes.
type ClusterChange struct {
	ID      int // the cluster's id (the earlier id for a faded one)
	Cluster int // index into Analysis.Clusters; -1 for a faded cluster
	// Change is "continued" (matches one earlier cluster, which no other
	// cluster matches), "split" (one of several that match one earlier
	// cluster), "merged" (matches several earlier clusters), "appeared"
	// (matches none) or "faded" (an earlier cluster no cluster matches).
	Change        string
	From          []int   // ids of the earlier clusters it matches
	Size, OldSize int     // articles now and in the earlier cluster of the same id (0: none)
	Cosine        float64 // best centroid cosine with an earlier cluster
	Label         string  // a faded cluster's label
}

// WriteChangesCSV writes changes.csv: cluster,label,change,from,size,
// old_size,cosine, one row per cluster and per faded earlier cluster.
func WriteChangesCSV(w io.Writer, a *Analysis) error {
	mustAnalysis(a)
	return writeCSV(w, []string{"cluster", "label", "change", "from", "size", "old_size", "cosine"}, func(c *csvWriter) error {
		for _, ch := range a.Changes {
			label := ch.Label
			if cl := clusterOf(a, ch.Cluster); cl != nil {
				label = cl.Label
			}
			from := make([]string, len(ch.From))
			for i, id := range ch.From {
				from[i] = strconv.Itoa(id)
			}
			c.int(ch.ID)
			c.text(label)
			c.field(ch.Change)
			c.field(strings.Join(from, " "))
			c.int(ch.Size)
			c.int(ch.OldSize)
			c.fixed(ch.Cosine, 4)
			if err := c.endRow(); err != nil {
				return err
			}
		}
		return nil
	})
}
