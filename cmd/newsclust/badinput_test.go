package main

import (
	"bufio"
	"errors"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"syscall"
	"testing"
)

// Two ordinary articles that any bad-input case can sit beside.
var (
	natoText    = "NATO summit\n\nNATO leaders met in Brussels to discuss defence spending and the alliance budget.\n"
	ukraineText = "Ukraine talks\n\nUkraine and Russia held talks in Minsk about a ceasefire in the Donbas.\n"
)

func writeFiles(t *testing.T, dir string, files map[string]string) {
	t.Helper()
	for name, text := range files {
		p := filepath.Join(dir, name)
		if err := os.MkdirAll(filepath.Dir(p), 0o755); err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(p, []byte(text), 0o644); err != nil {
			t.Fatal(err)
		}
	}
}

// outcome is what a successful run wrote: the ids in assignments.csv and
// the skipped inputs with their reasons.
type outcome struct {
	ids     []string
	skipped map[string]string // input → reason
	dir     string
}

func readOutcome(t *testing.T, out string) outcome {
	t.Helper()
	o := outcome{skipped: map[string]string{}, dir: out}
	for _, r := range readCSV(t, filepath.Join(out, "assignments.csv")) {
		o.ids = append(o.ids, r["id"])
	}
	for _, r := range readCSV(t, filepath.Join(out, "skipped.csv")) {
		o.skipped[r["input"]] = r["reason"]
	}
	return o
}

// wantSkip checks that the input whose name ends in suffix was skipped for
// a reason containing reason.
func (o outcome) wantSkip(t *testing.T, suffix, reason string) {
	t.Helper()
	for in, why := range o.skipped {
		if strings.HasSuffix(in, suffix) {
			if !strings.Contains(why, reason) {
				t.Errorf("%s skipped for %q, want %q", in, why, reason)
			}
			return
		}
	}
	t.Errorf("%s not in skipped.csv %v", suffix, o.skipped)
}

func (o outcome) wantIDs(t *testing.T, ids ...string) {
	t.Helper()
	got := slices.Clone(o.ids)
	slices.Sort(got)
	slices.Sort(ids)
	if !slices.Equal(got, ids) {
		t.Errorf("assignments.csv has ids %v, want %v", got, ids)
	}
}

// TestBadInput is the bad-input suite: each case runs analyze on inputs
// written into a fresh folder and states the documented outcome, which the
// README's table repeats. A run that succeeds must account for every input
// in assignments.csv or skipped.csv.
func TestBadInput(t *testing.T) {
	t.Parallel()
	type bcase struct {
		name  string
		files map[string]string
		// args are the analyze flags and inputs; "IN" is the input folder
		// and "OUT" the output folder.
		args   []string
		code   int
		stderr []string                      // substrings of stderr
		check  func(t *testing.T, o outcome) // for code 0
	}
	good := map[string]string{"a.txt": natoText, "b.txt": ukraineText}
	with := func(extra map[string]string) map[string]string {
		m := map[string]string{}
		for k, v := range good {
			m[k] = v
		}
		for k, v := range extra {
			m[k] = v
		}
		return m
	}
	jsonl := func(lines ...string) string { return strings.Join(lines, "\n") + "\n" }
	const (
		natoJSON    = `{"id":"n","title":"NATO summit","text":"NATO leaders met in Brussels to discuss defence spending."}`
		ukraineJSON = `{"id":"u","title":"Ukraine talks","text":"Ukraine and Russia held talks about a ceasefire in the Donbas."}`
		isisJSON    = `{"id":"i","title":"ISIS in Iraq","text":"The coalition against ISIS trained Iraqi forces near Mosul."}`
	)
	same := `{"id":"s%d","title":"NATO summit","text":"NATO leaders met in Brussels to discuss defence spending."}`
	tests := []bcase{
		{name: "no input", args: []string{}, code: 2, stderr: []string{"no INPUT"}},
		{name: "empty folder", files: map[string]string{}, args: []string{"IN"}, code: 1, stderr: []string{"has no .txt"}},
		{name: "only an empty file", files: map[string]string{"e.txt": ""}, args: []string{"IN/e.txt"}, code: 1,
			stderr: []string{"no documents with text", "e.txt: empty document"}},
		{name: "empty JSONL file", files: map[string]string{"e.jsonl": ""}, args: []string{"IN/e.jsonl"}, code: 1,
			stderr: []string{"e.jsonl: no records"}},
		{name: "blank and white-space documents", args: []string{"IN"},
			files: with(map[string]string{"empty.txt": "", "blank.txt": " \n\t\n\u00a0\u200b\n", "crlf.md": "\r\n\r\n"}),
			check: func(t *testing.T, o outcome) {
				o.wantIDs(t, "a", "b")
				o.wantSkip(t, "empty.txt", "empty document")
				o.wantSkip(t, "blank.txt", "empty document")
				o.wantSkip(t, "crlf.md", "empty document")
			}},
		{name: "binary files", args: []string{"IN"},
			files: with(map[string]string{"nul.txt": "PK\x03\x04\x00\x00binary", "ctl.html": strings.Repeat("\x01\x02\x03 ab", 200), "pic.png": "\x89PNG"}),
			check: func(t *testing.T, o outcome) {
				o.wantIDs(t, "a", "b")
				o.wantSkip(t, "nul.txt", "binary file")
				o.wantSkip(t, "ctl.html", "binary file")
				o.wantSkip(t, "pic.png", "unsupported file type .png")
			}},
		{name: "invalid UTF-8 is decoded, not dropped", args: []string{"IN"},
			files: with(map[string]string{"latin.txt": "Caf\xe9 cr\xe8me in Montr\xe9al\n\nThe caf\xe9 served cr\xe8me br\xfbl\xe9e \x93hot\x94 to NATO delegates.\n"}),
			check: func(t *testing.T, o outcome) {
				o.wantIDs(t, "a", "b", "latin")
				for _, r := range readCSV(t, filepath.Join(o.dir, "assignments.csv")) {
					if r["id"] == "latin" && r["title"] != "Café crème in Montréal" {
						t.Errorf("Latin-1 title read as %q", r["title"])
					}
				}
			}},
		{name: "malformed JSONL line stops the run", files: map[string]string{"in.jsonl": jsonl(natoJSON, `{"id":"x", "text": oops}`, ukraineJSON)},
			args: []string{"IN/in.jsonl"}, code: 1, stderr: []string{"in.jsonl:2: malformed JSON"}},
		{name: "malformed JSONL line with -skip-bad", files: map[string]string{"in.jsonl": jsonl(natoJSON, `{"id":"x", "text": oops}`, `["an","array"]`, ukraineJSON)},
			args: []string{"-skip-bad", "IN/in.jsonl"},
			check: func(t *testing.T, o outcome) {
				o.wantIDs(t, "n", "u")
				o.wantSkip(t, "in.jsonl:2", "malformed JSON")
				o.wantSkip(t, "in.jsonl:3", "not a JSON object")
			}},
		{name: "JSONL record without text", files: map[string]string{"in.jsonl": jsonl(natoJSON, `{"id":"t","title":"Only a title"}`, ukraineJSON)},
			args: []string{"IN/in.jsonl"},
			check: func(t *testing.T, o outcome) {
				o.wantIDs(t, "n", "u")
				o.wantSkip(t, "in.jsonl:2", `no "text" field`)
			}},
		{name: "CSV without a text column", files: map[string]string{"in.csv": "id,title,body\n1,NATO,NATO allies met\n"},
			args: []string{"IN/in.csv"}, code: 1, stderr: []string{"in.csv", `no "text" column`}},
		{name: "CSV record with missing columns", files: map[string]string{"in.csv": "id,title,text\n1,Short\n2,NATO,NATO allies met in Brussels\n3,Ukraine,Ukraine ceasefire talks\n"},
			args: []string{"IN/in.csv"}, code: 1, stderr: []string{"in.csv:2: malformed CSV: record has 2 fields, the header has 3"}},
		{name: "CSV record with missing columns and -skip-bad", files: map[string]string{"in.csv": "id,title,text\n1,Short\n2,NATO,NATO allies met in Brussels\n3,Ukraine,Ukraine ceasefire talks\n"},
			args: []string{"-skip-bad", "IN/in.csv"},
			check: func(t *testing.T, o outcome) {
				o.wantIDs(t, "2", "3")
				o.wantSkip(t, "in.csv:2", "record has 2 fields")
			}},
		{name: "corrupt gzip", files: map[string]string{"in.jsonl.gz": "\x1f\x8bnot really gzip"},
			args: []string{"IN/in.jsonl.gz"}, code: 1, stderr: []string{"in.jsonl.gz", "gzip"}},
		{name: "duplicate ids are made unique and reported", files: map[string]string{"in.jsonl": jsonl(natoJSON, ukraineJSON, strings.Replace(isisJSON, `"i"`, `"n"`, 1))},
			args: []string{"IN/in.jsonl"}, stderr: []string{"warning: 1 duplicate id made unique"},
			check: func(t *testing.T, o outcome) {
				o.wantIDs(t, "n", "u", "n~2")
				// The note names the rename and the record renamed (Markdown
				// escapes the ~).
				for f, want := range map[string]string{"report.md": `n → n\~2`, "report.html": "n → n~2"} {
					b, err := os.ReadFile(filepath.Join(o.dir, f))
					if err != nil {
						t.Fatal(err)
					}
					if !strings.Contains(string(b), want) || !strings.Contains(string(b), "in.jsonl:3") {
						t.Errorf("%s does not report the rename %s of in.jsonl:3", f, want)
					}
				}
			}},
		{name: "-k above the article count", files: good, args: []string{"-k", "3", "IN"}, code: 2, stderr: []string{"-k 3 is more than the 2 documents"}},
		// Flag extremes: refused as usage errors naming the value given,
		// before any work (a probe found them accepted or quoting an
		// automatic value the user never gave).
		{name: "-n-init huge", files: good, args: []string{"-n-init", "100000000", "IN"}, code: 2, stderr: []string{"-n-init must be between 1 and 1000, not 100000000"}},
		{name: "-lsa huge", files: good, args: []string{"-lsa", "100000", "IN"}, code: 2, stderr: []string{"-lsa must be between 0 and 1000, not 100000"}},
		{name: "-min-df NaN", files: good, args: []string{"-min-df", "NaN", "IN"}, code: 2, stderr: []string{"-min-df must be a finite number and not negative, not NaN"}},
		{name: "-max-df Inf", files: good, args: []string{"-max-df", "Inf", "IN"}, code: 2, stderr: []string{"-max-df must be a finite number and not negative, not +Inf"}},
		{name: "-dup-threshold NaN", files: good, args: []string{"-dup-threshold", "NaN", "IN"}, code: 2, stderr: []string{"-dup-threshold must be in (0, 1], not NaN"}},
		{name: "-min-df and -max-df that keep nothing", files: good, args: []string{"-min-df", "2", "-max-df", "0.4", "IN"}, code: 2,
			stderr: []string{"-max-df 0.4 keeps terms in at most 0.8 of the 2 units, fewer than the minimum document frequency 2 asks for"}},
		{name: "-k equal to the article count gives singletons", files: good, args: []string{"-k", "2", "IN"},
			check: func(t *testing.T, o outcome) {
				rows := readCSV(t, filepath.Join(o.dir, "assignments.csv"))
				if rows[0]["cluster"] == rows[1]["cluster"] {
					t.Errorf("two articles in one cluster with -k 2")
				}
			}},
		{name: "every article identical", files: map[string]string{"in.jsonl": jsonl(fmt.Sprintf(same, 1), fmt.Sprintf(same, 2), fmt.Sprintf(same, 3), fmt.Sprintf(same, 4), fmt.Sprintf(same, 5))},
			args: []string{"IN/in.jsonl"},
			check: func(t *testing.T, o outcome) {
				o.wantIDs(t, "s1", "s2", "s3", "s4", "s5")
				for _, r := range readCSV(t, filepath.Join(o.dir, "assignments.csv")) {
					if r["cluster"] != "0" {
						t.Errorf("identical article %s in cluster %s, want all in one cluster 0", r["id"], r["cluster"])
					}
				}
				if g := readCSV(t, filepath.Join(o.dir, "duplicates.csv")); len(g) != 5 {
					t.Errorf("duplicates.csv has %d rows, want the 5 articles in one group", len(g))
				}
			}},
		{name: "every article identical with -k 3", files: map[string]string{"in.jsonl": jsonl(fmt.Sprintf(same, 1), fmt.Sprintf(same, 2), fmt.Sprintf(same, 3), fmt.Sprintf(same, 4))},
			args:  []string{"-k", "3", "IN/in.jsonl"},
			check: func(t *testing.T, o outcome) { o.wantIDs(t, "s1", "s2", "s3", "s4") }},
		{name: "some articles of stop words only", files: with(map[string]string{"stops.txt": "It was\n\nand the of it is was to be that this"}),
			args: []string{"IN"},
			check: func(t *testing.T, o outcome) {
				o.wantIDs(t, "a", "b")
				o.wantSkip(t, "(stops)", "no usable words after stop words and pruning")
			}},
		{name: "all articles of stop words only", files: map[string]string{"s1.txt": "the and of", "s2.txt": "It is\n\nwas were been being"},
			args: []string{"IN"}, code: 1, stderr: []string{"no document has usable words after stop words"}},
		{name: "-out is a file", files: with(map[string]string{"file": "x"}), args: []string{"-out", "IN/file", "IN"}, code: 2,
			stderr: []string{"-out", "is a file, not a folder"}},
		{name: "-out under a file", files: with(map[string]string{"file": "x"}), args: []string{"-out", "IN/file/sub", "IN"}, code: 2,
			stderr: []string{"-out", "file is a file, not a folder"}},
		{name: "inputs over -max-input-bytes", files: good, args: []string{"-max-input-bytes", "100", "IN"}, code: 1,
			stderr: []string{"b.txt", "over the limit of 100 bytes", "-max-input-bytes"}},
		{name: "document over -max-doc-bytes", files: with(map[string]string{"long.txt": "Long\n\n" + strings.Repeat("defence spending ", 100)}),
			args: []string{"-max-doc-bytes", "1000", "IN"},
			check: func(t *testing.T, o outcome) {
				o.wantIDs(t, "a", "b")
				o.wantSkip(t, "long.txt", "exceeds the document size limit of 1000 bytes")
			}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			in, out := t.TempDir(), filepath.Join(t.TempDir(), "out")
			writeFiles(t, in, tt.files)
			args := []string{"analyze", "-quiet", "-out", out}
			for _, a := range tt.args {
				args = append(args, strings.ReplaceAll(a, "IN", in))
			}
			_, stderr, code := runCmd(t, args...)
			if code != tt.code {
				t.Fatalf("exit %d, want %d; stderr: %s", code, tt.code, stderr)
			}
			for _, want := range tt.stderr {
				if !strings.Contains(stderr, want) {
					t.Errorf("stderr %q lacks %q", stderr, want)
				}
			}
			if code != 0 {
				if n := strings.Count(strings.TrimSpace(stderr), "\n"); code == 1 && n > 0 {
					t.Errorf("error message is %d lines, want one: %q", n+1, stderr)
				}
				if _, err := os.Stat(out); !errors.Is(err, fs.ErrNotExist) {
					t.Errorf("a failed run created %s", out)
				}
				return
			}
			o := readOutcome(t, out)
			// The report states the accounting: articles analysed and
			// inputs skipped, as many as the CSV files list.
			md, err := os.ReadFile(filepath.Join(out, "report.md"))
			if err != nil {
				t.Fatal(err)
			}
			counts := []string{fmt.Sprintf("- Articles analysed: %d\n", len(o.ids))}
			if len(o.skipped) > 0 {
				counts = append(counts, fmt.Sprintf("- Inputs skipped: %d\n", len(o.skipped)))
			}
			for _, c := range counts {
				if !strings.Contains(string(md), c) {
					t.Errorf("report.md lacks %q", strings.TrimSpace(c))
				}
			}
			if tt.check != nil {
				tt.check(t, o)
			}
		})
	}
}

// TestUnreadableInput checks that an input that cannot be read stops the
// run with an error naming it. A file with mode 000 cannot be read except
// by root; a symbolic link that loops cannot be read by anyone.
func TestUnreadableInput(t *testing.T) {
	t.Parallel()
	t.Run("mode 000", func(t *testing.T) {
		t.Parallel()
		in := t.TempDir()
		writeFiles(t, in, map[string]string{"a.txt": natoText, "b.txt": ukraineText, "locked.txt": natoText})
		locked := filepath.Join(in, "locked.txt")
		if err := os.Chmod(locked, 0); err != nil {
			t.Fatal(err)
		}
		if _, err := os.ReadFile(locked); err == nil {
			t.Skip("this user reads files with mode 000 (root): permissions cannot make an input unreadable here; the symbolic-link case covers the error")
		}
		_, stderr, code := runCmd(t, "analyze", "-quiet", "-out", t.TempDir(), in)
		if code != 1 || !strings.Contains(stderr, "locked.txt") || !strings.Contains(stderr, "permission denied") {
			t.Errorf("exit %d, %q; want exit 1 naming locked.txt and permission denied", code, stderr)
		}
	})
	t.Run("symbolic link loop", func(t *testing.T) {
		t.Parallel()
		in := t.TempDir()
		writeFiles(t, in, map[string]string{"a.txt": natoText, "b.txt": ukraineText})
		if err := os.Symlink("loop.txt", filepath.Join(in, "loop.txt")); err != nil {
			t.Skipf("cannot make a symbolic link here: %v", err)
		}
		_, stderr, code := runCmd(t, "analyze", "-quiet", "-out", t.TempDir(), in)
		if code != 1 || !strings.Contains(stderr, "loop.txt") {
			t.Errorf("exit %d, %q; want exit 1 naming loop.txt", code, stderr)
		}
	})
}

// TestUnwritableOutput checks that an output folder that cannot be written
// gives an error naming -out. Mode 555 stops writes except by root; /sys
// refuses new folders even to root.
func TestUnwritableOutput(t *testing.T) {
	t.Parallel()
	ro := t.TempDir()
	if err := os.Chmod(ro, 0o555); err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { os.Chmod(ro, 0o755) })
	out := filepath.Join(ro, "out")
	if err := os.Mkdir(filepath.Join(ro, "probe"), 0o755); err == nil {
		// Root ignores the mode; try a folder the kernel refuses.
		out = "/sys/newsclust-test-out"
		if err := os.Mkdir(out, 0o755); err == nil {
			os.Remove(out)
			t.Skip("no unwritable folder available: this user may write everywhere")
		}
	}
	_, stderr, code := runCmd(t, "analyze", "-quiet", "-out", out, seedDir)
	if code != 1 || !strings.Contains(stderr, "-out") || !strings.Contains(stderr, out) {
		t.Errorf("exit %d, %q; want exit 1 naming -out and %s", code, stderr, out)
	}
}

// writeWords writes a text of about size bytes made of news words in a
// fixed order, in sentences of 20 words ending with end.
func writeWords(w *bufio.Writer, size int, end string) {
	words := strings.Fields("nato ukraine russia defence spending ceasefire budget allies troops summit talks minister election vote market trade oil bank")
	for i, n := 0, 0; n < size; i++ {
		// A step prime to len(words) walks every word in a varying order.
		wd := words[(i*7)%len(words)]
		w.WriteString(wd)
		w.WriteByte(' ')
		if i%20 == 19 {
			w.WriteString(end)
			n += len(end)
		}
		n += len(wd) + 1
	}
}

// TestLargeInputs covers the sizes the README promises: a 50 MB document is
// analysed under the default -max-doc-bytes of 64 MiB and skipped with its
// reason under a lower limit, and a JSONL line of 10 MB is read. It needs a
// few hundred MB of memory and a few seconds, so -short leaves it out.
func TestLargeInputs(t *testing.T) {
	if testing.Short() {
		t.Skip("writes and analyses a 50 MB document; run without -short")
	}
	in := t.TempDir()
	writeFiles(t, in, map[string]string{"a.txt": natoText, "b.txt": ukraineText})
	f, err := os.Create(filepath.Join(in, "big.txt"))
	if err != nil {
		t.Fatal(err)
	}
	w := bufio.NewWriter(f)
	w.WriteString("A very long article\n\n")
	writeWords(w, 50<<20, ".\n")
	if err := w.Flush(); err != nil {
		t.Fatal(err)
	}
	f.Close()

	out := t.TempDir()
	_, stderr, code := runCmd(t, "analyze", "-quiet", "-out", out, in)
	if code != 0 {
		t.Fatalf("exit %d: %s", code, stderr)
	}
	readOutcome(t, out).wantIDs(t, "a", "b", "big")

	out = t.TempDir()
	_, stderr, code = runCmd(t, "analyze", "-quiet", "-max-doc-bytes", "10000000", "-out", out, in)
	if code != 0 {
		t.Fatalf("exit %d: %s", code, stderr)
	}
	o := readOutcome(t, out)
	o.wantIDs(t, "a", "b")
	o.wantSkip(t, "big.txt", "exceeds the document size limit of 10000000 bytes")

	// A JSONL line of 10 MB between two short ones.
	jf, err := os.Create(filepath.Join(t.TempDir(), "long.jsonl"))
	if err != nil {
		t.Fatal(err)
	}
	w = bufio.NewWriter(jf)
	w.WriteString(`{"id":"n","title":"NATO","text":"NATO allies met in Brussels."}` + "\n")
	w.WriteString(`{"id":"long","title":"Long line","text":"`)
	writeWords(w, 10<<20, ". ")
	w.WriteString("\"}\n")
	w.WriteString(`{"id":"u","title":"Ukraine","text":"Ukraine ceasefire talks in Minsk."}` + "\n")
	if err := w.Flush(); err != nil {
		t.Fatal(err)
	}
	jf.Close()
	out = t.TempDir()
	_, stderr, code = runCmd(t, "analyze", "-quiet", "-out", out, jf.Name())
	if code != 0 {
		t.Fatalf("exit %d: %s", code, stderr)
	}
	readOutcome(t, out).wantIDs(t, "n", "long", "u")
}

// TestOutIsInput checks that an -out folder that is also an input folder
// is refused before anything is read or written.
func TestOutIsInput(t *testing.T) {
	t.Parallel()
	dir := t.TempDir()
	if err := os.WriteFile(filepath.Join(dir, "a.txt"), []byte("NATO allies agree to raise defence spending."), 0o644); err != nil {
		t.Fatal(err)
	}
	_, stderr, code := runCmd(t, "analyze", "-quiet", "-out", dir+"/.", dir)
	if code != 2 || !strings.Contains(stderr, "is also the input folder") {
		t.Errorf("exit %d, stderr %q; want a usage error", code, stderr)
	}
	if entries, _ := os.ReadDir(dir); len(entries) != 1 {
		t.Errorf("the folder holds %d entries after the refused run, want the 1 article", len(entries))
	}
}

// TestNonRegularFlags checks that -themes, -model and evaluate's file are
// refused when they are named pipes, without opening them (an open would
// block for ever).
func TestNonRegularFlags(t *testing.T) {
	t.Parallel()
	dir := t.TempDir()
	fifo := filepath.Join(dir, "fifo")
	if err := syscall.Mkfifo(fifo, 0o644); err != nil {
		t.Skipf("no named pipes here: %v", err)
	}
	in := filepath.Join(dir, "a.txt")
	if err := os.WriteFile(in, []byte("NATO allies agree to raise defence spending."), 0o644); err != nil {
		t.Fatal(err)
	}
	for _, args := range [][]string{
		{"analyze", "-quiet", "-themes", fifo, "-out", filepath.Join(dir, "out"), in},
		{"compare", "-model", fifo, in},
		{"evaluate", fifo},
	} {
		_, stderr, code := runCmd(t, args...)
		if code == 0 || !strings.Contains(stderr, "not a regular file") {
			t.Errorf("%v: exit %d, stderr %q; want a refusal naming the pipe", args, code, stderr)
		}
	}
}
