package main

import (
	"bufio"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"syscall"
	"testing"
)

// TestSignalsCleanUp sends SIGTERM, SIGHUP and SIGINT (what timeout,
// systemd, a closed terminal and Ctrl-C send) to a running analyze of the
// real binary, once it is vectorizing, and checks that each stops with
// status 130, removes its temporary files from $TMPDIR and leaves no
// staged file in -out.
func TestSignalsCleanUp(t *testing.T) {
	if testing.Short() {
		t.Skip("-short: builds the binary and analyses 40,000 articles")
	}
	dir := t.TempDir()
	bin := filepath.Join(dir, "newsclust")
	if out, err := exec.Command("go", "build", "-o", bin, ".").CombinedOutput(); err != nil {
		t.Fatalf("go build: %v\n%s", err, out)
	}
	// Enough articles that the run is still vectorizing when the signal
	// arrives: the signal is sent as soon as that step's line appears.
	in := filepath.Join(dir, "in.jsonl")
	f, err := os.Create(in)
	if err != nil {
		t.Fatal(err)
	}
	w := bufio.NewWriter(f)
	words := strings.Fields("nato alliance defence spending ukraine russia ceasefire isis iraq coalition budget summit minister troops talks")
	for i := range 40000 {
		var b strings.Builder
		for j := range 120 {
			b.WriteString(words[(i*7+j*j)%len(words)])
			fmt.Fprintf(&b, "%d ", (i+j)%97)
		}
		fmt.Fprintf(w, "{\"id\":\"a%d\",\"text\":%q}\n", i, b.String())
	}
	if err := w.Flush(); err != nil {
		t.Fatal(err)
	}
	f.Close()

	for _, sig := range []syscall.Signal{syscall.SIGTERM, syscall.SIGHUP, syscall.SIGINT} {
		t.Run(sig.String(), func(t *testing.T) {
			tmp, out := t.TempDir(), t.TempDir()
			cmd := exec.Command(bin, "analyze", "-k", "5", "-out", out, in)
			cmd.Env = append(os.Environ(), "TMPDIR="+tmp)
			stderr, err := cmd.StderrPipe()
			if err != nil {
				t.Fatal(err)
			}
			if err := cmd.Start(); err != nil {
				t.Fatal(err)
			}
			sc := bufio.NewScanner(stderr)
			var seen []string
			for sc.Scan() {
				seen = append(seen, sc.Text())
				if strings.Contains(sc.Text(), "vectorizing") {
					cmd.Process.Signal(sig)
					break
				}
			}
			for sc.Scan() {
				seen = append(seen, sc.Text())
			}
			err = cmd.Wait()
			if code := cmd.ProcessState.ExitCode(); code != 130 {
				t.Fatalf("exit %d (%v), want 130; stderr:\n%s", code, err, strings.Join(seen, "\n"))
			}
			for _, d := range []string{tmp, out} {
				left, err := os.ReadDir(d)
				if err != nil {
					t.Fatal(err)
				}
				for _, e := range left {
					t.Errorf("%s left behind in %s", e.Name(), d)
				}
			}
		})
	}
}
