package corpus

import (
	"runtime"
	"sync"
)

// inOrder runs a three-stage pipeline over inFlight reusable batches made
// by newBatch: fill, on one goroutine, fills one batch at a time in input
// order; GOMAXPROCS workers call work on whole batches; the calling
// goroutine calls use on each batch in the order fill produced them, then
// hands the batch back for reuse.
//
// fill resets and fills b and reports whether b holds anything to pass on
// (send), whether more input follows (more), and a read error. An error
// drops b, as a serial reader stopping at that point would, and is
// returned by inOrder once every earlier batch has been used. inOrder
// stops at the first error from fill or use; stop, checked before each
// use, can end it early too (return its error). The batches still in the
// pipeline are then skipped by the workers, and inOrder returns when every
// goroutine has finished: fill's goroutine ends after its current batch.
func inOrder[B any](inFlight int, newBatch func() B, fill func(b B) (send, more bool, err error),
	work func(B), stop func() error, use func(B) error) error {

	type slot struct {
		b    B
		err  error
		done chan struct{}
	}
	free := make(chan *slot, inFlight)
	for range inFlight {
		free <- &slot{b: newBatch()}
	}
	// ordered and todo have room for every batch in flight, so fill's
	// goroutine never waits on them.
	ordered := make(chan *slot, inFlight)
	todo := make(chan *slot, inFlight)
	quit := make(chan struct{})
	var wg sync.WaitGroup
	defer wg.Wait()
	defer close(quit)
	wg.Go(func() {
		defer close(ordered)
		defer close(todo)
		for {
			var s *slot
			select {
			case s = <-free:
			case <-quit:
				return
			}
			s.done = make(chan struct{})
			send, more, err := fill(s.b)
			if err != nil {
				s.err = err
				close(s.done)
				ordered <- s
				return
			}
			if send {
				ordered <- s
				todo <- s
			} else {
				free <- s
			}
			if !more {
				return
			}
		}
	})
	for range runtime.GOMAXPROCS(0) {
		wg.Go(func() {
			for s := range todo {
				select {
				case <-quit:
				default:
					work(s.b)
				}
				close(s.done)
			}
		})
	}
	for s := range ordered {
		if s.err != nil {
			return s.err
		}
		<-s.done
		if err := stop(); err != nil {
			return err
		}
		if err := use(s.b); err != nil {
			return err
		}
		free <- s
	}
	return nil
}
