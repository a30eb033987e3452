package analysis

import (
	"context"
	"sync"

	"newsclust/cluster"
	"newsclust/vectorize/sparse"
)

// Article neighbours do not depend on the clustering, so in document mode
// analyze starts the search as soon as the matrix is built and lets it run
// beside LSA and k-means, filling the moments those steps leave a core
// idle. The result is the same as searching later: NearestNeighbors is
// deterministic.
//
// aheadMaxArticles bounds the corpora searched early: beside LSA the
// search's index and lists would add to the peak memory, which matters
// only for large corpora, and there the search is long enough that the
// overlap gains little.
const aheadMaxArticles = 250_000

// neighborsAhead is a neighbour search running in the background.
type neighborsAhead struct {
	cancel context.CancelFunc
	done   chan struct{}
	nb     [][]cluster.Neighbor
	err    error

	mu          sync.Mutex
	show        func(done, total int) // set once the report step shows progress
	done0, tot0 int                   // the last progress seen before that
}

// startNeighbors starts the search for each row's k nearest rows of A.
func startNeighbors(ctx context.Context, A *sparse.CSR, k int) *neighborsAhead {
	ctx, cancel := context.WithCancel(ctx)
	a := &neighborsAhead{cancel: cancel, done: make(chan struct{})}
	go func() {
		defer close(a.done)
		a.nb, a.err = cluster.NearestNeighbors(ctx, A, k, cluster.NeighborOptions{Progress: a.progress})
	}()
	return a
}

func (a *neighborsAhead) progress(done, total int) {
	a.mu.Lock()
	defer a.mu.Unlock()
	if a.show != nil {
		a.show(done, total)
		return
	}
	a.done0, a.tot0 = max(a.done0, done), total
}

// wait shows the search's progress through show from now on and returns
// its result once it is finished.
func (a *neighborsAhead) wait(show func(done, total int)) ([][]cluster.Neighbor, error) {
	a.mu.Lock()
	a.show = show
	if a.tot0 > 0 {
		show(a.done0, a.tot0)
	}
	a.mu.Unlock()
	<-a.done
	return a.nb, a.err
}

// stop cancels the search if it is still running and waits for it.
func (a *neighborsAhead) stop() {
	if a == nil {
		return
	}
	a.cancel()
	<-a.done
}
