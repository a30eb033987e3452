package cluster

import (
	"context"
	"testing"
)

// TestChooseKProgressForward checks that ChooseK reports one bar over the
// whole range of k: the fraction done never goes back, and it ends at 1.
// (Each k used to report its own restarts, so a bar at 8/10 fell to 1/10.)
func TestChooseKProgressForward(t *testing.T) {
	t.Parallel()
	a, _ := kmGroupedCSR([]int{10, 9, 8}, 20, 10, 24)
	var fracs []float64
	opts := KMeansOptions{Src: kmSrc(25), NInit: 3, Progress: func(done, total int) {
		fracs = append(fracs, float64(done)/float64(total))
	}}
	if _, _, _, err := ChooseK(context.Background(), a, 2, 5, opts); err != nil {
		t.Fatal(err)
	}
	if len(fracs) != 4*3 {
		t.Fatalf("%d reports, want one per restart of each of 4 k (12)", len(fracs))
	}
	for i := 1; i < len(fracs); i++ {
		if fracs[i] < fracs[i-1] {
			t.Fatalf("progress went back from %.3f to %.3f: %v", fracs[i-1], fracs[i], fracs)
		}
	}
	if fracs[len(fracs)-1] != 1 {
		t.Errorf("progress ends at %.3f, want 1", fracs[len(fracs)-1])
	}
}
