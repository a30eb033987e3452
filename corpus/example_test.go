package corpus_test

import (
	"context"
	"fmt"
	"log"

	"newsclust/corpus"
)

func ExampleRead() {
	c, err := corpus.Read(context.Background(), []string{"../testdata/seeds"}, corpus.Options{})
	if err != nil {
		log.Fatal(err)
	}
	for _, d := range c.Docs {
		fmt.Printf("%s %q %q\n", d.ID, d.Date, d.Title)
	}
	fmt.Println("furniture lines removed:", c.Removed["furniture"])
	// Output:
	// 000_f8344ded9c7c71ab "2015-03-23" "Stephen Harper, NATO Chief Meet To Talk Iraq, Ukraine Crisis"
	// 001_9881b5333de0f2be "" "Harper to talk ISIS with NATO secretary general in Ottawa"
	// 002_e69b1368459b83a1 "" "NATO moves to expand Canadian-led military training mission in Iraq"
	// furniture lines removed: 20
}

func ExampleParagraphs() {
	docs := []corpus.Document{{
		ID:    "nato",
		Title: "NATO ministers meet",
		Text:  "Brussels\n\nNATO defence ministers agreed today to expand the mission.\n\nThe details still need to be worked out.",
	}}
	// "Brussels" has fewer than 4 words and joins the next passage.
	for _, p := range corpus.Paragraphs(docs, 4) {
		fmt.Printf("%s (%s): %q\n", p.ID, p.Article, p.Text)
	}
	// Output:
	// nato#p1 (nato): "Brussels\n\nNATO defence ministers agreed today to expand the mission."
	// nato#p2 (nato): "The details still need to be worked out."
}
