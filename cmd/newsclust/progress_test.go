package main

import (
	"bytes"
	"strings"
	"testing"
	"time"
)

// TestProgressForward checks that the bar never shows less done than it
// has shown in the same step, and starts again at a new step.
func TestProgressForward(t *testing.T) {
	var buf bytes.Buffer
	p := &progress{w: &buf, tty: true}
	p.Step("choosing k")
	p.Update(8, 10)
	p.lastLine = time.Time{} // past the redraw interval
	p.Update(7, 10)
	if strings.Contains(buf.String(), "7/10") {
		t.Errorf("the bar went back from 8/10 to 7/10: %q", buf.String())
	}
	p.Step("labelling")
	p.lastLine = time.Time{}
	p.Update(1, 10)
	if !strings.Contains(buf.String(), "1/10") {
		t.Errorf("a new step does not start its bar again: %q", buf.String())
	}
}
