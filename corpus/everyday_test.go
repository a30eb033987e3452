package corpus

import (
	"context"
	"os"
	"path/filepath"
	"reflect"
	"slices"
	"testing"
)

func TestHTMLSiteMetadata(t *testing.T) {
	t.Parallel()
	const body = `<body><p>Allies met in Brussels.</p></body>`
	tests := []struct {
		name, head         string
		title, source, url string
	}{
		{
			name:   "og:site_name suffix",
			head:   `<title>NATO allies pledge more | Trial Desk</title><meta property="og:site_name" content="Trial Desk">`,
			title:  "NATO allies pledge more",
			source: "Trial Desk",
		},
		{
			name:   "application-name, em dash",
			head:   `<title>NATO allies pledge more — The Daily Post</title><meta name="application-name" content="The Daily Post">`,
			title:  "NATO allies pledge more",
			source: "The Daily Post",
		},
		{
			name:   "publisher meta, middle dot, case and spacing ignored",
			head:   `<title>NATO allies pledge more · TRIAL-DESK</title><meta name="publisher" content="Trial Desk">`,
			title:  "NATO allies pledge more",
			source: "Trial Desk",
		},
		{
			name:   "canonical host as source and as the suffix",
			head:   `<title>NATO allies pledge more - TrialDesk.com</title><link rel="canonical" href="https://www.trialdesk.com/2015/nato-pledge"><meta property="og:url" content="https://m.trialdesk.com/x">`,
			title:  "NATO allies pledge more",
			source: "trialdesk.com",
			url:    "https://www.trialdesk.com/2015/nato-pledge",
		},
		{
			name:   "suffix matching the host's first label",
			head:   `<title>NATO allies pledge more | Trialdesk</title><meta property="og:url" content="http://trialdesk.com/a?b=1">`,
			title:  "NATO allies pledge more",
			source: "trialdesk.com",
			url:    "http://trialdesk.com/a?b=1",
		},
		{
			name:   "site name first",
			head:   `<title>Trial Desk | NATO allies pledge more</title><meta property="og:site_name" content="Trial Desk">`,
			title:  "NATO allies pledge more",
			source: "Trial Desk",
		},
		{
			name:   "og:site_name before application-name before publisher",
			head:   `<title>Pledge | Desk</title><meta name="publisher" content="Desk Media Group"><meta name="application-name" content="Desk"><meta property="og:site_name" content="Trial Desk">`,
			title:  "Pledge",
			source: "Trial Desk",
		},
		{
			name:   "a suffix that is not the site stays",
			head:   `<title>Ukraine talks | Analysis</title><meta property="og:site_name" content="Trial Desk">`,
			title:  "Ukraine talks | Analysis",
			source: "Trial Desk",
		},
		{
			name:   "only the last suffix goes",
			head:   `<title>Ukraine talks | World | Trial Desk</title><meta property="og:site_name" content="Trial Desk">`,
			title:  "Ukraine talks | World",
			source: "Trial Desk",
		},
		{
			name:   "a title that is the site name stays",
			head:   `<title>Trial Desk</title><meta property="og:site_name" content="Trial Desk">`,
			title:  "Trial Desk",
			source: "Trial Desk",
		},
		{
			name:  "no site known: the title stays",
			head:  `<title>NATO allies pledge more | Trial Desk</title>`,
			title: "NATO allies pledge more | Trial Desk",
		},
		{
			name:  "relative canonical and javascript: og:url are not URLs",
			head:  `<title>Pledge</title><link rel="canonical" href="/2015/pledge"><meta property="og:url" content="javascript:alert(1)">`,
			title: "Pledge",
		},
		{
			name:   "rel list, og:url used when canonical is relative",
			head:   `<title>Pledge</title><link rel="Canonical alternate" href="/x"><meta property="og:url" content=" https://news.example.org/p ">`,
			title:  "Pledge",
			source: "news.example.org",
			url:    "https://news.example.org/p",
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			p := extractHTML([]byte("<html><head>" + tt.head + "</head>" + body + "</html>"))
			if p.title != tt.title || p.source != tt.source || p.url != tt.url {
				t.Errorf("title %q, source %q, url %q; want %q, %q, %q", p.title, p.source, p.url, tt.title, tt.source, tt.url)
			}
			if p.text != "Allies met in Brussels." {
				t.Errorf("text %q", p.text)
			}
		})
	}
}

func TestReadHTMLURL(t *testing.T) {
	t.Parallel()
	dir := writeFiles(t, map[string]string{"p.html": `<html><head><title>Pledge | Trial Desk</title>
<link rel="canonical" href="https://trialdesk.com/pledge"></head><body><h1>Pledge</h1><p>Allies met.</p></body></html>`})
	c, err := Read(context.Background(), []string{dir}, Options{})
	if err != nil {
		t.Fatal(err)
	}
	d := c.Docs[0]
	if d.Title != "Pledge" || d.Source != "trialdesk.com" || d.URL != "https://trialdesk.com/pledge" || d.Text != "Allies met." {
		t.Errorf("got %+v", d)
	}
}

func TestReadURLField(t *testing.T) {
	t.Parallel()
	dir := writeFiles(t, map[string]string{
		// Line 2 has a number, which takes encoding/json's path rather
		// than the fast parser: both read url.
		"a.jsonl": `{"id": "j1", "text": "One.", "url": "https://a.example/1"}` + "\n" +
			`{"id": "j2", "text": "Two.", "url": "https://a.example/2", "n": 3}` + "\n" +
			`{"id": "j3", "text": "Three.", "link": "https://a.example/3"}` + "\n",
		"b.csv": "id,text,URL\nc1,Four.,https://b.example/4\n",
	})
	inputs := []string{filepath.Join(dir, "a.jsonl"), filepath.Join(dir, "b.csv")}
	urls := func(opts Options) []string {
		c, err := Read(context.Background(), inputs, opts)
		if err != nil {
			t.Fatal(err)
		}
		var out []string
		for _, d := range c.Docs {
			out = append(out, d.ID+"="+d.URL)
		}
		return out
	}
	want := []string{"j1=https://a.example/1", "j2=https://a.example/2", "j3=", "c1=https://b.example/4"}
	if got := urls(Options{}); !slices.Equal(got, want) {
		t.Errorf("url field: got %q, want %q", got, want)
	}
	want = []string{"j1=", "j2=", "j3=https://a.example/3", "c1="}
	if got := urls(Options{Fields: Fields{URL: "link"}}); !slices.Equal(got, want) {
		t.Errorf("Fields.URL link: got %q, want %q", got, want)
	}
}

func TestDefaultSource(t *testing.T) {
	t.Parallel()
	dir := writeFiles(t, map[string]string{
		"top.txt":               "Top\n\nbody top",
		"bbc/a.txt":             "A\n\nbody a",
		"bbc/2015/b.md":         "B\n\nbody b",
		"cbc/c.html":            `<html><head><title>C</title><meta property="og:site_name" content="CBC News"></head><body><p>body c</p></body></html>`,
		"cbc/d.html":            `<html><head><title>D</title></head><body><p>body d</p></body></html>`,
		"feeds/e.jsonl":         `{"id": "e1", "text": "body e1", "source": "Reuters"}` + "\n" + `{"id": "e2", "text": "body e2"}` + "\n",
		"feeds/f.csv":           "id,text\nf1,body f1\n",
		"reuters\x1b[31m/g.txt": "G\n\nbody g",
	})
	sources := func(inputs []string, opts Options) map[string]string {
		opts.KeepBoilerplate = true
		c, err := Read(context.Background(), inputs, opts)
		if err != nil {
			t.Fatal(err)
		}
		out := map[string]string{}
		for _, d := range c.Docs {
			out[d.ID] = d.Source
		}
		return out
	}
	tests := []struct {
		name   string
		inputs []string
		opts   Options
		want   map[string]string
	}{
		{"none", []string{dir}, Options{}, map[string]string{
			"top": "", "a": "", "b": "", "c": "CBC News", "d": "", "e1": "Reuters", "e2": "", "f1": "", "g": ""}},
		{"Source", []string{dir}, Options{Source: " Wire\tdesk "}, map[string]string{
			"top": "Wire desk", "a": "Wire desk", "b": "Wire desk", "c": "CBC News", "d": "Wire desk", "e1": "Reuters", "e2": "Wire desk", "f1": "Wire desk", "g": "Wire desk"}},
		{"SourceFromFolder", []string{dir}, Options{SourceFromFolder: true, Source: "Wire"}, map[string]string{
			"top": "Wire", "a": "bbc", "b": "bbc", "c": "CBC News", "d": "cbc", "e1": "Reuters", "e2": "feeds", "f1": "feeds", "g": "reuters[31m"}},
		{"SourceFromFolder, a sub-folder as input", []string{filepath.Join(dir, "bbc")}, Options{SourceFromFolder: true}, map[string]string{
			"a": "", "b": "2015"}},
		{"SourceFromFolder, a file as input", []string{filepath.Join(dir, "bbc", "a.txt")}, Options{SourceFromFolder: true, Source: "Wire"}, map[string]string{
			"a": "Wire"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			if got := sources(tt.inputs, tt.opts); !reflect.DeepEqual(got, tt.want) {
				t.Errorf("got %q\nwant %q", got, tt.want)
			}
		})
	}
}

func TestNotArticleSkipped(t *testing.T) {
	t.Parallel()
	themes, err := os.ReadFile("../testdata/themes.txt")
	if err != nil {
		t.Fatal(err)
	}
	dir := writeFiles(t, map[string]string{
		"README.md":         "# Corpus\n\nArticles from 2015.",
		"sub/readme.txt":    "Notes on the corpus.",
		"sub/ReadMe-de.txt": "Hinweise.",
		"themes.txt":        string(themes),
		"my-themes.md":      "ISIS: isis jihadist\nUkraine: ukraine \"minsk agreement\" # talks\n",
		"article.txt":       "NATO meets\n\nAllies pledged more money.",
		"headline.txt":      "Breaking: allies meet in Brussels",
		"transcript.txt":    "SMITH: We agreed on the budget.\nJONES: Not all of it!",
		"readmeplease.txt":  "Readme please\n\nAn article whose name starts with readme but is another word.",
	})
	c, err := Read(context.Background(), []string{dir}, Options{KeepBoilerplate: true})
	if err != nil {
		t.Fatal(err)
	}
	var ids []string
	for _, d := range c.Docs {
		ids = append(ids, d.ID)
	}
	if want := []string{"article", "headline", "readmeplease", "transcript"}; !slices.Equal(ids, want) {
		t.Errorf("read %q, want %q", ids, want)
	}
	var skipped []string
	for _, s := range c.Skipped {
		if s.Reason != ReasonNotArticle {
			t.Errorf("skip %s: %q", s.Input, s.Reason)
		}
		rel, _ := filepath.Rel(dir, s.Input)
		skipped = append(skipped, filepath.ToSlash(rel))
	}
	if want := []string{"README.md", "my-themes.md", "sub/ReadMe-de.txt", "sub/readme.txt", "themes.txt"}; !slices.Equal(skipped, want) {
		t.Errorf("skipped %q, want %q", skipped, want)
	}
	// Named as inputs themselves, they are read.
	c, err = Read(context.Background(), []string{filepath.Join(dir, "README.md"), filepath.Join(dir, "themes.txt")}, Options{KeepBoilerplate: true})
	if err != nil {
		t.Fatal(err)
	}
	if len(c.Docs) != 2 || len(c.Skipped) != 0 {
		t.Errorf("explicit inputs: %d docs, skipped %v", len(c.Docs), c.Skipped)
	}
}

func TestLooksLikeThemes(t *testing.T) {
	t.Parallel()
	tests := []struct {
		text string
		want bool
	}{
		{"ISIS: isis\nUkraine: ukraine kyiv", true},
		{"# my themes\nDefence spending: \"two per cent\" budget", true},
		{"Defence spending: \"two per cent\" budget", false}, // one line, no comment: a headline?
		{"Q: Did they agree\nA: Yes", true},                  // reads as themes; such a file is rare as an article
		{"Breaking: allies meet\n\nThe allies met on Monday.", false},
		{"SMITH: We agreed.\nJONES: Fine.", false},
		{"The long name of a speaker here: hello\nX: y", false},
		{"A: b\nno colon here", false},
		{"", false},
	}
	for _, tt := range tests {
		if got := looksLikeThemes(tt.text); got != tt.want {
			t.Errorf("looksLikeThemes(%q) = %v, want %v", tt.text, got, tt.want)
		}
	}
}
