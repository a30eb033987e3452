package report

import (
	"flag"
	"os"
	"path/filepath"
	"testing"
)

// lookDir, when set, makes TestWriteLook write every output for the sample
// analyses there, for a person to look at (go test ./report -run Look
// -look=/tmp/report-look). It is a tool, not a check.
var lookDir = flag.String("look", "", "write sample reports and charts to this directory")

func TestWriteLook(t *testing.T) {
	if *lookDir == "" {
		t.Skip("a tool for looking at the report by eye: give -look DIR to write it")
	}
	samples := map[string]*Analysis{
		"news":    newsAnalysis(),
		"big":     syntheticAnalysis(2000, 20, 80),
		"small":   syntheticAnalysis(25, 3, 25),
		"hostile": smallAnalysis(),
	}
	for name, a := range samples {
		dir := filepath.Join(*lookDir, name)
		if err := os.MkdirAll(filepath.Join(dir, "charts"), 0o755); err != nil {
			t.Fatal(err)
		}
		write := func(file string, fill func(f *os.File) error) {
			f, err := os.Create(filepath.Join(dir, file))
			if err != nil {
				t.Fatal(err)
			}
			if err := fill(f); err != nil {
				t.Fatalf("%s/%s: %v", name, file, err)
			}
			if err := f.Close(); err != nil {
				t.Fatal(err)
			}
		}
		for _, c := range Charts(a) {
			for _, format := range []string{"png", "svg"} {
				write(filepath.Join("charts", c+"."+format), func(f *os.File) error { return WriteChart(f, a, c, format) })
			}
		}
		write("report.html", func(f *os.File) error { return WriteHTML(f, a) })
		write("report.md", func(f *os.File) error { return WriteMarkdown(f, a, "charts") })
	}
}
