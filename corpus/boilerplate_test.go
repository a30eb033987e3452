package corpus

import (
	"context"
	"fmt"
	"path/filepath"
	"reflect"
	"strings"
	"testing"
)

func TestFurnitureLines(t *testing.T) {
	t.Parallel()
	tests := []struct {
		line, want string // want "" means the line is removed
	}{
		// Removed: one or more examples per rule, from other sites too.
		{"Story continues below advertisement", ""},
		{"ARTICLE CONTINUES AFTER THIS AD", ""},
		{"Advertisement", ""},
		{"Sponsored content", ""},
		{"Sponsored contentNATO moves to expand", "NATO moves to expand"},
		{"Promoted Stories", ""},
		{"You May Also Like", ""},
		{"READ MORE:  Harper to ask Parliament to extend mission", ""},
		{"Related: Five things to know", ""},
		{"WATCH: Stoltenberg speaks to reporters", ""},
		{"Also on HuffPost", ""},
		{"Related stories", ""},
		{"Photo gallery 10 Faces Of Al Qaeda See Gallery", ""},
		{"Photo gallery 10 Faces Of Al Qaeda See GalleryHarper to talk ISIS", "Harper to talk ISIS"},
		{"Video Gallery Storms across Canada See all", ""},
		{"Photo gallery", ""},
		{"Photo: Chris Young/The Canadian Press", ""},
		{"Sign up now", ""},
		{"Subscribe today!", ""},
		{"A variety of newsletters you'll love, delivered straight to you.", ""},
		{"Get our morning newsletter in your inbox", ""},
		{"Add some “good” to your morning and evening.", ""},
		{"To encourage thoughtful and respectful conversations, first and last names will appear.", ""},
		{"By submitting a comment, you accept that CBC has the right to reproduce it.", ""},
		{"Comments on this story are moderated according to our Submission Guidelines.", ""},
		{"Comments are closed.", ""},
		{"Become a CBC Member", ""},
		{"Become a subscriber", ""},
		{"Join the conversation \u00a0 Create account", ""},
		{"Already have an account?", ""},
		{"Already have an account? Log in", ""},
		{"Sign in | Register", ""},
		{"Share this article", ""},
		{"Facebook Twitter Email", ""},
		{"© 2015 The Canadian Press", ""},
		{"Copyright 2020 CBC/Radio-Canada. All rights reserved.", ""},
		{"By Murray Brewster", ""},
		{"By Jane Doe, CBC News", ""},
		{"BY DEE DEE MYERS", ""},
		{"03/23/2015 02:31 EDT | Updated 05/23/2015 05:59 EDT", ""},
		{"Posted: Feb 12, 2020 11:27 AM ET | Last Updated: February 12, 2020", ""},
		{"A soldier speaks with Peshmerga fighters in northern Iraq. (Ryan Remiorz/The Canadian Press)", ""},
		{"Prime Minister Stephen Harper on Mar. 18, 2015. Chris Young / The Canadian Press", ""},
		{"President Trump speaks in the Rose Garden. (AP Photo/Evan Vucci)", ""},
		{"Fans gather outside the stadium. (Getty Images)", ""},
		{"(Adrian Wyld/CP)", ""},

		// Kept: prose that shares words with furniture.
		{"Sponsored content is a growing share of newsroom revenue.", "Sponsored content is a growing share of newsroom revenue."},
		{"Sponsored content accounts for little", "Sponsored content accounts for little"},
		{"Photo gallery owners say the market is slow.", "Photo gallery owners say the market is slow."},
		{"share.", "share."},
		{"by President Reagan.", "by President Reagan."},
		{"subscribe", "subscribe"},
		{"Read: They need to wait until they see how it comes out.", "Read: They need to wait until they see how it comes out."},
		{"Copyright and legal issues related to publishing", "Copyright and legal issues related to publishing"},
		{"QVTNET (TCP/IP) and NOVELL (IPX/SPX)", "QVTNET (TCP/IP) and NOVELL (IPX/SPX)"},
		{"SWEEPING GENERALIZATION / DICTO SIMPLICITER", "SWEEPING GENERALIZATION / DICTO SIMPLICITER"},
		{`"There's no time to hate" (Jerry Garcia/Robert Hunter)`, `"There's no time to hate" (Jerry Garcia/Robert Hunter)`},
		{"login name qualified by the complete address domain information,", "login name qualified by the complete address domain information,"},
		{"on Dec 9th 1993", "on Dec 9th 1993"},
		{"Stoltenberg met Harper on March 23, 2015 in Ottawa.", "Stoltenberg met Harper on March 23, 2015 in Ottawa."},
		{"Become a better writer in ten days", "Become a better writer in ten days"},
	}
	for _, tc := range tests {
		t.Run(tc.line, func(t *testing.T) {
			t.Parallel()
			got, _ := applyFurniture(normSpace(tc.line))
			if got != tc.want {
				t.Errorf("applyFurniture(%q) = %q, want %q", tc.line, got, tc.want)
			}
		})
	}
}

func TestRemoveFurnitureAltText(t *testing.T) {
	t.Parallel()
	in := "Body one.\n\nHarper in Ottawa on Monday.\nHarper in Ottawa on Monday. Chris Young / The Canadian Press\n\nBody two."
	got, n := removeFurniture(in)
	if want := "Body one.\n\nBody two."; got != want || n != 2 {
		t.Errorf("got %q (%d removed), want %q (2)", got, n, want)
	}
	// A line before the caption that is not its alt text stays.
	in = "Body one.\nHarper in Ottawa on Monday. Chris Young / The Canadian Press"
	if got, n := removeFurniture(in); got != "Body one." || n != 1 {
		t.Errorf("got %q (%d)", got, n)
	}
}

func TestRemoveAuthorBlock(t *testing.T) {
	t.Parallel()
	body := "The first paragraph of the story.\n\nThe second paragraph of the story."
	tests := []struct {
		name, tail string
		removed    int // lines removed; 0: the tail stays
	}{
		{"name role bio", "\n\nMurray Brewster\n\nSenior reporter, defence and security\n\nMurray Brewster is senior defence writer for CBC News, based in Ottawa.", 3},
		{"name and bio", "\n\nJane Doe\n\nDoe covers city hall for the Gazette.", 2},
		{"name and role", "\n\nJohn Smith\nParliamentary bureau chief", 2},
		{"bio alone", "\n\nJane Doe is a reporter for The Globe, covering energy.", 1},
		{"name, role without role word", "\n\nJohn Smith\nOttawa, Canada", 0},
		{"subheading then prose", "\n\nScaling Up\n\nThe mission will grow next year.", 0},
		{"name and unrelated prose", "\n\nJane Doe\n\nThe minister said nothing.", 0},
		{"company name and sentence", "\nElsinore Finance Corp.\n    Elsinore has guaranteed the bonds.", 0},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			t.Parallel()
			in := cleanText(body + tc.tail)
			got, n := removeAuthorBlock(in)
			want := in
			if tc.removed > 0 {
				want = body
			}
			if got != want || n != tc.removed {
				t.Errorf("got %q (%d removed), want %q (%d)", got, n, want, tc.removed)
			}
		})
	}
}

func TestRepeatedRule(t *testing.T) {
	t.Parallel()
	// Ten documents, so the 1% floor is 1 document and RepeatMinDocs (3)
	// decides. "Footer of the site" is in 4 documents, "Shared twice" in
	// 2, "only four" documents are all-furniture except doc 9.
	var files = map[string]string{}
	for i := range 10 {
		text := fmt.Sprintf("Title %d\n\nUnique body line number %d.", i, i)
		if i < 4 {
			text += "\n\nFooter of the site"
		}
		if i < 2 {
			text += "\n\nShared twice"
		}
		files[fmt.Sprintf("d%d.txt", i)] = text
	}
	files["d9.txt"] = "Title 9\n\nFooter   of the site" // only a repeated line (spaces differ)
	dir := writeFiles(t, files)

	c, err := Read(context.Background(), []string{dir}, Options{})
	if err != nil {
		t.Fatal(err)
	}
	for _, d := range c.Docs {
		if strings.Contains(d.Text, "Footer") {
			t.Errorf("%s keeps the repeated line", d.ID)
		}
	}
	if !strings.Contains(c.Docs[0].Text, "Shared twice") {
		t.Error("a line in 2 documents was removed")
	}
	// d9 had only the repeated line: it keeps its headline as its text.
	if len(c.Skipped) != 0 || c.Removed["repeated"] != 5 {
		t.Errorf("skipped %v removed %v; want none and 5 repeated", c.Skipped, c.Removed)
	}
	if d9 := c.Docs[len(c.Docs)-1]; d9.ID != "d9" || d9.Text != "Title 9" {
		t.Errorf("last document %q has text %q, want d9 with its title as text", d9.ID, d9.Text)
	}

	// RepeatMinDocs 6 keeps a line found in 5 documents.
	c, err = Read(context.Background(), []string{dir}, Options{RepeatMinDocs: 6})
	if err != nil {
		t.Fatal(err)
	}
	if c.Removed["repeated"] != 0 {
		t.Errorf("RepeatMinDocs 6: removed %v", c.Removed)
	}
}

func TestRepeatedLinesThresholds(t *testing.T) {
	t.Parallel()
	docs := func(n, with int, line string) []string {
		out := make([]string, n)
		for i := range out {
			out[i] = fmt.Sprintf("body %d", i)
			if i < with {
				out[i] += "\n" + line
			}
		}
		return out
	}
	long := strings.TrimSpace(strings.Repeat("word ", 41))
	tests := []struct {
		name    string
		texts   []string
		minDocs int
		want    bool
	}{
		{"4 docs: rule off", docs(4, 4, "x"), 3, false},
		{"5 docs, 3 with", docs(5, 3, "x"), 3, true},
		{"5 docs, 2 with", docs(5, 2, "x"), 3, false},
		// 1% of 1000 is 10: 9 documents are not enough, 10 are.
		{"1000 docs, 9 with", docs(1000, 9, "x"), 3, false},
		{"1000 docs, 10 with", docs(1000, 10, "x"), 3, true},
		{"41 words", docs(10, 10, long), 3, false},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			t.Parallel()
			rep := repeatedLines(tc.texts, tc.minDocs)
			if got := len(rep) > 0; got != tc.want {
				t.Errorf("repeated %v, want %v", rep, tc.want)
			}
		})
	}
}

func TestParallelFurnitureMatchesSerial(t *testing.T) {
	t.Parallel()
	// 300 documents: enough for several workers (one per 16 documents).
	var docs, serial []Document
	for i := range 300 {
		text := fmt.Sprintf("Body %d.\n\nStory continues below advertisement\n\nMore %d.", i, i)
		if i%3 == 0 {
			text += "\n\nSign up now"
		}
		docs = append(docs, Document{Text: text})
		serial = append(serial, Document{Text: text})
	}
	total := 0
	for i := range serial {
		t, n := removeFurniture(serial[i].Text)
		serial[i].Text = t
		total += n
	}
	// 300 ad slots and 100 sign-up buttons.
	counts := make([]int, len(docs))
	parallelFor(len(docs), func(_, i int) { docs[i].Text, counts[i] = removeFurniture(docs[i].Text) })
	got := 0
	for _, n := range counts {
		got += n
	}
	if got != total || total != 400 || !reflect.DeepEqual(docs, serial) {
		t.Errorf("parallelFor removed %d, serial %d (want 400), same texts: %v", got, total, reflect.DeepEqual(docs, serial))
	}
}

// TestHeadlineOnly checks that a brief with a headline but no body is kept
// with its headline as text, while a record with neither is skipped.
func TestHeadlineOnly(t *testing.T) {
	t.Parallel()
	dir := writeFiles(t, map[string]string{"in.jsonl": `{"id":"brief","title":"OPEC agrees output cut","text":"Story continues below advertisement"}
{"id":"none","title":"","text":"Story continues below advertisement"}
`})
	c, err := Read(context.Background(), []string{dir}, Options{})
	if err != nil {
		t.Fatal(err)
	}
	if len(c.Docs) != 1 || c.Docs[0].ID != "brief" || c.Docs[0].Text != "OPEC agrees output cut" {
		t.Errorf("docs %+v; want the brief with its headline as text", c.Docs)
	}
	want := []Skip{{filepath.Join(dir, "in.jsonl") + ":2", "empty after boilerplate removal"}}
	if !reflect.DeepEqual(c.Skipped, want) {
		t.Errorf("skipped %v, want %v", c.Skipped, want)
	}
}

// TestRepeatedRuleKeepsCopies checks that the corpus rule removes a footer
// repeated beside different stories but keeps the sentences of a story that
// several outlets carry word for word.
func TestRepeatedRuleKeepsCopies(t *testing.T) {
	t.Parallel()
	story := "Defence ministers agreed to expand the training mission in Iraq on Wednesday.\n\n" +
		"The alliance will take over some activities of the coalition against Islamic State.\n\n" +
		"Details still need the approval of the government in Baghdad, officials said."
	footer := "Get the morning briefing in your inbox every day"
	files := map[string]string{}
	for i := range 4 {
		files[fmt.Sprintf("copy%d.txt", i)] = fmt.Sprintf("Wire copy %d\n\n%s\n\n%s", i, story, footer)
	}
	for i := range 8 {
		files[fmt.Sprintf("other%d.txt", i)] = fmt.Sprintf("Other story %d\n\nA distinct report number %d about local elections and the weather in the region today.\n\n%s", i, i, footer)
	}
	c, err := Read(context.Background(), []string{writeFiles(t, files)}, Options{})
	if err != nil {
		t.Fatal(err)
	}
	for _, d := range c.Docs {
		if strings.Contains(d.Text, "morning briefing") {
			t.Errorf("%s keeps the footer", d.ID)
		}
		if strings.HasPrefix(d.ID, "copy") && !strings.Contains(d.Text, "training mission in Iraq") {
			t.Errorf("%s lost the story it carries: %q", d.ID, d.Text)
		}
	}
}

// TestRepeatedPlaceholder checks that a placeholder body repeated across
// many briefs ("Blah blah blah." in Reuters-21578) is still removed: a text
// that is a single repeated line is not a copy of a story.
func TestRepeatedPlaceholder(t *testing.T) {
	t.Parallel()
	files := map[string]string{}
	for i := range 6 {
		files[fmt.Sprintf("brief%d.txt", i)] = fmt.Sprintf("Brief headline %d\n\nBlah blah blah.", i)
	}
	for i := range 4 {
		files[fmt.Sprintf("story%d.txt", i)] = fmt.Sprintf("Story %d\n\nA full report number %d on grain exports.", i, i)
	}
	c, err := Read(context.Background(), []string{writeFiles(t, files)}, Options{})
	if err != nil {
		t.Fatal(err)
	}
	for _, d := range c.Docs {
		if strings.Contains(d.Text, "Blah") {
			t.Errorf("%s keeps the placeholder: %q", d.ID, d.Text)
		}
	}
}
