package report

import "io"

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
