package cluster

// Scores are the external measures of a clustering against known classes,
// each as defined by scikit-learn (see the functions of the same names).
type Scores struct {
	N            int     `json:"n"`
	Classes      int     `json:"classes"`
	Clusters     int     `json:"clusters"`
	NMI          float64 `json:"nmi"`
	AMI          float64 `json:"ami"`
	ARI          float64 `json:"ari"`
	VMeasure     float64 `json:"v_measure"`
	Homogeneity  float64 `json:"homogeneity"`
	Completeness float64 `json:"completeness"`
	Purity       float64 `json:"purity"`
}

// Evaluate scores pred against truth. It panics if the lengths differ.
func Evaluate(truth, pred []int) Scores {
	_, classes, clusters := Contingency(truth, pred)
	return Scores{
		N:            len(truth),
		Classes:      len(classes),
		Clusters:     len(clusters),
		NMI:          NMI(truth, pred),
		AMI:          AMI(truth, pred),
		ARI:          ARI(truth, pred),
		VMeasure:     VMeasure(truth, pred),
		Homogeneity:  Homogeneity(truth, pred),
		Completeness: Completeness(truth, pred),
		Purity:       Purity(truth, pred),
	}
}
