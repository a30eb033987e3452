package cluster

import (
	"encoding/json"
	"fmt"
	"math"
	"os"
	"reflect"
	"testing"
)

// metricsCase is one labeling pair of testdata/metrics.json, written by
// testdata/gen_metrics.py with scikit-learn 1.2.
type metricsCase struct {
	Name         string
	Truth, Pred  []int
	NMI, AMI     float64
	ARI          float64
	Homogeneity  float64
	Completeness float64
	VMeasure     float64 `json:"v_measure"`
	Purity       float64
	Contingency  [][]int
}

func loadMetricsCases(t *testing.T) []metricsCase {
	t.Helper()
	raw, err := os.ReadFile("testdata/metrics.json")
	if err != nil {
		t.Fatal(err)
	}
	var fx struct{ Cases []metricsCase }
	if err := json.Unmarshal(raw, &fx); err != nil {
		t.Fatal(err)
	}
	if len(fx.Cases) == 0 {
		t.Fatal("no cases in testdata/metrics.json")
	}
	return fx.Cases
}

func TestMetricsSklearn(t *testing.T) {
	t.Parallel()
	for _, tc := range loadMetricsCases(t) {
		t.Run(tc.Name, func(t *testing.T) {
			t.Parallel()
			for _, m := range []struct {
				name      string
				f         func(truth, pred []int) float64
				sklearn   float64
				symmetric bool
			}{
				{"NMI", NMI, tc.NMI, true},
				{"AMI", AMI, tc.AMI, true},
				{"ARI", ARI, tc.ARI, true},
				{"Homogeneity", Homogeneity, tc.Homogeneity, false},
				{"Completeness", Completeness, tc.Completeness, false},
				{"VMeasure", VMeasure, tc.VMeasure, true},
				{"Purity", Purity, tc.Purity, false},
			} {
				// 1e-9: the brief's tolerance; the formulas are the same,
				// so only summation order and lgamma rounding differ.
				got := m.f(tc.Truth, tc.Pred)
				if math.Abs(got-m.sklearn) > 1e-9 {
					t.Errorf("%s = %.15g, scikit-learn %.15g", m.name, got, m.sklearn)
				}
				if m.symmetric {
					if swapped := m.f(tc.Pred, tc.Truth); math.Abs(swapped-got) > 1e-12 {
						t.Errorf("%s not symmetric: %.15g vs %.15g", m.name, got, swapped)
					}
				}
			}
			table, _, _ := Contingency(tc.Truth, tc.Pred)
			if !reflect.DeepEqual(table, tc.Contingency) {
				t.Errorf("Contingency = %v, scikit-learn %v", table, tc.Contingency)
			}
		})
	}
}

// TestMetricsRelationships checks identities that hold whatever the
// implementation: homogeneity and completeness swap with the arguments, and
// the V-measure with β = 1 is the arithmetic NMI.
func TestMetricsRelationships(t *testing.T) {
	t.Parallel()
	for _, tc := range loadMetricsCases(t) {
		h, c := Homogeneity(tc.Truth, tc.Pred), Completeness(tc.Truth, tc.Pred)
		if h2 := Completeness(tc.Pred, tc.Truth); math.Abs(h-h2) > 1e-12 {
			t.Errorf("%s: homogeneity %g, swapped completeness %g", tc.Name, h, h2)
		}
		if c2 := Homogeneity(tc.Pred, tc.Truth); math.Abs(c-c2) > 1e-12 {
			t.Errorf("%s: completeness %g, swapped homogeneity %g", tc.Name, c, c2)
		}
		if v, n := VMeasure(tc.Truth, tc.Pred), NMI(tc.Truth, tc.Pred); math.Abs(v-n) > 1e-12 {
			t.Errorf("%s: V-measure %g, NMI %g", tc.Name, v, n)
		}
	}
}

func TestMetricsLengthMismatchPanics(t *testing.T) {
	t.Parallel()
	for name, f := range map[string]func(a, b []int) float64{
		"NMI": NMI, "AMI": AMI, "ARI": ARI, "Homogeneity": Homogeneity,
		"Completeness": Completeness, "VMeasure": VMeasure, "Purity": Purity,
	} {
		t.Run(name, func(t *testing.T) {
			t.Parallel()
			defer func() {
				if recover() == nil {
					t.Fatal("no panic")
				}
			}()
			f([]int{0, 1}, []int{0})
		})
	}
}

func ExampleContingency() {
	truth := []int{0, 0, 0, 1, 1, 2}
	pred := []int{5, 5, 7, 7, 7, 7}
	table, classes, clusters := Contingency(truth, pred)
	fmt.Println(classes, clusters)
	fmt.Println(table)
	// Output:
	// [0 1 2] [5 7]
	// [[2 1] [0 2] [0 1]]
}

// The numbers agree with scikit-learn 1.2 on the same labels.
func ExampleNMI() {
	truth := []int{0, 0, 0, 1, 1, 1}
	pred := []int{1, 1, 0, 0, 0, 0}
	fmt.Printf("NMI %.4f  AMI %.4f  ARI %.4f\n", NMI(truth, pred), AMI(truth, pred), ARI(truth, pred))
	fmt.Printf("homogeneity %.4f  completeness %.4f  V %.4f  purity %.4f\n",
		Homogeneity(truth, pred), Completeness(truth, pred), VMeasure(truth, pred), Purity(truth, pred))
	// Output:
	// NMI 0.4787  AMI 0.3552  ARI 0.3243
	// homogeneity 0.4591  completeness 0.5000  V 0.4787  purity 0.8333
}
