package vectorize

import (
	"fmt"
	"reflect"
	"strings"
	"testing"
	"unicode/utf8"
)

func TestKWIC(t *testing.T) {
	t.Parallel()
	const news = "NATO allies met in Vilnius. The alliance's chief said Nato's members would spend more; anti-NATO protests followed."
	tests := []struct {
		name     string
		text     string
		surfaces []string
		width    int
		max      int
		want     []string
	}{
		{
			name: "case-insensitive, apostrophe and hyphen split words", text: news,
			surfaces: []string{"nato"}, width: 12,
			want: []string{"NATO allies met …", "… chief said Nato's members …", "… more; anti-NATO protests …"},
		},
		{
			name: "whole words only", text: "The NATOs and natopolis are not NATO.",
			surfaces: []string{"nato"}, width: 8,
			want: []string{"… are not NATO."},
		},
		{
			name: "max limits the lines", text: news,
			surfaces: []string{"NATO"}, width: 12, max: 1,
			want: []string{"NATO allies met …"},
		},
		{
			// "Defence. Spending" is two sentences, not the phrase.
			name: "two-word surface across spaces", text: "Defence  spending rose. Defence. Spending fell.",
			surfaces: []string{"defence spending"}, width: 5,
			want: []string{"Defence spending rose …"},
		},
		{
			// A line break or a long gap is not "in a row".
			name: "no match across a line break", text: "defence\nspending and defence --- spending",
			surfaces: []string{"defence spending"}, width: 5,
			want: nil,
		},
		{
			name: "abbreviation with dots", text: "The U.S.-led coalition and the u.s envoy.",
			surfaces: []string{"U.S."}, width: 5,
			want: []string{"The U.S.-led …", "… the u.s …"},
		},
		{
			name: "longer surface wins at the same word", text: "Defence spending and defence cuts.",
			surfaces: []string{"defence", "defence spending"}, width: 0,
			want: []string{"Defence spending …", "… defence …"},
		},
		{
			// "allies" lies in the first line's context, so it gives no line
			// of its own.
			name: "overlapping matches are not repeated", text: news,
			surfaces: []string{"nato", "allies"}, width: 12,
			want: []string{"NATO allies met …", "… chief said Nato's members …", "… more; anti-NATO protests …"},
		},
		{
			name: "non-ASCII letters and case", text: "Le communiqué de l'ÉTÉ. Communiqué final.",
			surfaces: []string{"été", "COMMUNIQUÉ"}, width: 3,
			want: []string{"Le communiqué de …", "… l'ÉTÉ. …", "… Communiqué …"},
		},
		{
			name: "white space collapsed", text: "one\n\n  two\tNATO\r\nthree   four",
			surfaces: []string{"nato"}, width: 100,
			want: []string{"one two NATO three four"},
		},
		{name: "no surfaces", text: news, surfaces: nil, width: 10, want: nil},
		{name: "surface without words", text: news, surfaces: []string{"--", ""}, width: 10, want: nil},
		{name: "empty text", text: "", surfaces: []string{"nato"}, width: 10, want: nil},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			got := KWIC(tt.text, tt.surfaces, tt.width, tt.max)
			if !reflect.DeepEqual(got, tt.want) {
				t.Errorf("KWIC(%q, %q, %d, %d)\n got %q\nwant %q", tt.text, tt.surfaces, tt.width, tt.max, got, tt.want)
			}
		})
	}
}

// Every line holds its match and at most width runes of context on each
// side (plus the markers), whatever the text.
func TestKWICWidth(t *testing.T) {
	t.Parallel()
	text := strings.Repeat("Lorem ipsum dolor sit amet, consectetur adipiscing elit, sed do eiusmod NATO tempor. ", 40)
	for _, width := range []int{0, 1, 7, 30, 80} {
		lines := KWIC(text, []string{"nato"}, width, 0)
		// One match per sentence of 86 bytes; wide contexts swallow the
		// next match, so there are fewer lines as width grows.
		if len(lines) == 0 || len(lines) > 40 {
			t.Fatalf("width %d: %d lines", width, len(lines))
		}
		for _, l := range lines {
			if !strings.Contains(l, "NATO") {
				t.Errorf("width %d: line %q lacks the match", width, l)
			}
			// 4 runes of "NATO", width on each side, "… " and " …".
			if n := utf8.RuneCountInString(l); n > 4+2*width+4 {
				t.Errorf("width %d: line %q has %d runes", width, l, n)
			}
		}
	}
}

func ExampleKWIC() {
	text := "Canada will send trainers to Iraq. NATO's secretary general said the alliance backs the mission in Iraq."
	for _, line := range KWIC(text, []string{"iraq", "nato"}, 20, 0) {
		fmt.Println(line)
	}
	// Output:
	// … send trainers to Iraq. NATO's secretary …
	// … the mission in Iraq.
}

func BenchmarkKWIC(b *testing.B) {
	text := strings.Repeat("Stoltenberg said the NATO training mission in Iraq would continue despite the killing. ", 50)
	b.ReportAllocs()
	b.SetBytes(int64(len(text)))
	for b.Loop() {
		KWIC(text, []string{"mission", "iraq", "training", "killing"}, 60, 3)
	}
}
