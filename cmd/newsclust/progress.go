package main

import (
	"fmt"
	"io"
	"os"
	"strings"
	"sync"
	"time"
)

// progress reports long work on stderr: a redrawn bar with the estimated
// time left on a terminal; when piped, a line when a step starts, at most
// one line every few seconds within it (done/total and the time left), and
// a line with its time when it ends. A quiet progress prints nothing.
type progress struct {
	mu       sync.Mutex
	w        io.Writer
	tty      bool
	quiet    bool
	step     string
	start    time.Time
	lastLine time.Time
	frac     float64 // the furthest fraction of the step shown
}

func newProgress(w io.Writer, quiet bool) *progress {
	p := &progress{w: w, quiet: quiet}
	if f, ok := w.(*os.File); ok {
		if st, err := f.Stat(); err == nil && st.Mode()&os.ModeCharDevice != 0 {
			p.tty = true
		}
	}
	return p
}

// Step starts a named step, ending the previous one.
func (p *progress) Step(name string) {
	if p == nil || p.quiet {
		return
	}
	p.mu.Lock()
	defer p.mu.Unlock()
	p.endLocked()
	p.step, p.start, p.frac = name, time.Now(), 0
	if p.tty {
		fmt.Fprintf(p.w, "\r\033[K%s …", name)
	} else {
		fmt.Fprintf(p.w, "newsclust: %s\n", name)
		p.lastLine = p.start
	}
}

// Update reports done of total within the current step. It is safe for
// concurrent use and cheap to call often.
func (p *progress) Update(done, total int) {
	if p == nil || p.quiet || total <= 0 {
		return
	}
	p.mu.Lock()
	defer p.mu.Unlock()
	// A bar only moves forward: a report behind the furthest one seen in
	// this step (work finishing out of order) is not shown.
	frac := float64(done) / float64(total)
	if frac < p.frac {
		return
	}
	p.frac = frac
	now := time.Now()
	eta := ""
	if el := now.Sub(p.start); frac > 0.02 && done < total {
		eta = " ETA " + (time.Duration(float64(el)/frac) - el).Round(time.Second).String()
	}
	if p.tty {
		if now.Sub(p.lastLine) < 100*time.Millisecond && done < total {
			return
		}
		const width = 30
		n := int(frac * width)
		fmt.Fprintf(p.w, "\r\033[K%s [%s%s] %d/%d%s", p.step, strings.Repeat("=", n), strings.Repeat(" ", width-n), done, total, eta)
		p.lastLine = now
		return
	}
	if now.Sub(p.lastLine) >= 5*time.Second {
		fmt.Fprintf(p.w, "newsclust: %s %d/%d%s\n", p.step, done, total, eta)
		p.lastLine = now
	}
}

// Done ends the current step.
func (p *progress) Done() {
	if p == nil || p.quiet {
		return
	}
	p.mu.Lock()
	defer p.mu.Unlock()
	p.endLocked()
	p.step = ""
}

func (p *progress) endLocked() {
	if p.step == "" {
		return
	}
	took := time.Since(p.start).Round(time.Millisecond)
	if p.tty {
		fmt.Fprintf(p.w, "\r\033[K%s done in %s\n", p.step, took)
		return
	}
	fmt.Fprintf(p.w, "newsclust: %s done in %s\n", p.step, took)
}
