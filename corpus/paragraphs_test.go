package corpus

import (
	"reflect"
	"testing"
)

func TestParagraphs(t *testing.T) {
	t.Parallel()
	tests := []struct {
		name     string
		text     string
		minWords int
		want     []string
	}{
		{"blank lines", "one two\nthree\n\nfour five six", 0, []string{"one two\nthree", "four five six"}},
		{"single line breaks", "a b c\nd e f\ng h i", 0, []string{"a b c", "d e f", "g h i"}},
		{"short merged forward", "Head\n\nthe first long passage\n\nthe second long passage", 3,
			[]string{"Head\n\nthe first long passage", "the second long passage"}},
		// "a" joins "b", "a b" joins "c", and "a b c" has the 3 words.
		{"several short merged", "a\n\nb\n\nc\n\nd e f", 3, []string{"a\n\nb\n\nc", "d e f"}},
		{"short tail merged back", "one two three\nfour five six\nseven", 3, []string{"one two three", "four five six\nseven"}},
		{"all short", "a\nb", 5, []string{"a\nb"}},
		{"white-space lines count as blank", "a b\n  \nc d", 0, []string{"a b", "c d"}},
		{"empty", "", 3, nil},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			t.Parallel()
			var got []string
			for _, p := range Paragraphs([]Document{{ID: "x", Text: tc.text}}, tc.minWords) {
				got = append(got, p.Text)
			}
			if !reflect.DeepEqual(got, tc.want) {
				t.Errorf("got %q, want %q", got, tc.want)
			}
		})
	}
}

func TestParagraphsFields(t *testing.T) {
	t.Parallel()
	docs := []Document{
		{ID: "a", Article: "a", Title: "T", Text: "p one\n\np two", Date: "2015-03-23", Source: "S", Label: "L", Origin: "f.txt"},
		{ID: "b", Text: "only"},
	}
	got := Paragraphs(docs, 1)
	want := []Document{
		{ID: "a#p1", Article: "a", Title: "T", Text: "p one", Date: "2015-03-23", Source: "S", Label: "L", Origin: "f.txt"},
		{ID: "a#p2", Article: "a", Title: "T", Text: "p two", Date: "2015-03-23", Source: "S", Label: "L", Origin: "f.txt"},
		{ID: "b#p1", Article: "b", Text: "only"},
	}
	if !reflect.DeepEqual(got, want) {
		t.Errorf("got %+v\nwant %+v", got, want)
	}
}
