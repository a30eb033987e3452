package vectorize_test

import (
	"context"
	"fmt"
	"strings"

	"newsclust/vectorize"
)

func ExampleNewAnalyzer() {
	a, err := vectorize.NewAnalyzer(vectorize.Options{NGrams: 2})
	if err != nil {
		fmt.Println(err)
		return
	}
	text := "Canada’s defence spending rose in 2015, the U.S.-led coalition said."
	fmt.Println(a.Tokens(text))
	fmt.Println(a.Terms(text))
	// Output:
	// [canada defence spending rose in 2015 the u.s led coalition said]
	// [canada defenc spend rose u.s led coalit canada defenc defenc spend spend rose rose u.s u.s led led coalit]
}

func ExampleNewAnalyzer_german() {
	a, err := vectorize.NewAnalyzer(vectorize.Options{Language: "german"})
	if err != nil {
		panic(err)
	}
	fmt.Println(a.Terms("Die Bundesregierung erhöht die Verteidigungsausgaben der Bundeswehr."))
	// Output:
	// [bundesregier erhoht verteidigungsausgab bundeswehr]
}

func ExampleNewAnalyzer_unknownLanguage() {
	_, err := vectorize.NewAnalyzer(vectorize.Options{Language: "klingon"})
	fmt.Println(err)
	// Output:
	// unknown language "klingon" (supported: danish, dutch, english, finnish, french, german, hungarian, italian, norwegian, portuguese, romanian, russian, spanish, swedish, turkish)
}

func ExampleFit() {
	texts := []string{
		"NATO allies argue over defence spending.",
		"Defence budgets rise as NATO meets.",
		"Russia and Ukraine talk in Minsk.",
	}
	m, x, err := vectorize.Fit(context.Background(), texts, vectorize.Options{MinDF: 2})
	if err != nil {
		fmt.Println(err)
		return
	}
	for j, term := range m.Terms {
		fmt.Printf("%s (%s): df %d, idf %.4f\n", term, m.Surface[j], m.DF[j], m.IDF[j])
	}
	for i := range x.Rows() {
		fmt.Println(x.Row(i))
	}
	// Output:
	// defenc (defence): df 2, idf 1.2877
	// nato (nato): df 2, idf 1.2877
	// {[0 1] [0.70710677 0.70710677]}
	// {[0 1] [0.70710677 0.70710677]}
	// {[] []}
}

func ExampleModel_Transform() {
	texts := []string{"defence spending", "defence budget", "ukraine war"}
	m, _, err := vectorize.Fit(context.Background(), texts, vectorize.Options{})
	if err != nil {
		fmt.Println(err)
		return
	}
	// idf(defenc) = ln(4/3)+1, idf(war) = ln(4/2)+1; "aliens" is unknown.
	v := m.Transform("More defence, less war; and aliens.")
	for k, j := range v.Ind {
		fmt.Printf("%s %.4f\n", m.Terms[j], v.Val[k])
	}
	// Output:
	// defenc 0.6053
	// war 0.7960
}

func ExampleParseThemes() {
	const file = `# themes
ISIS: isis isil "islamic state" # and more
Defence spending: budget "two per cent"
`
	themes, err := vectorize.ParseThemes(strings.NewReader(file), "themes.txt")
	if err != nil {
		fmt.Println(err)
		return
	}
	for _, t := range themes {
		fmt.Printf("%s: %q\n", t.Name, t.Terms)
	}
	_, err = vectorize.ParseThemes(strings.NewReader("ISIS isis\n"), "bad.txt")
	fmt.Println(err)
	// Output:
	// ISIS: ["isis" "isil" "islamic state"]
	// Defence spending: ["budget" "two per cent"]
	// bad.txt:1: theme syntax: no ':' after the theme name
}

func ExampleModel_Themes() {
	texts := []string{
		"The Islamic State lost Mosul; the anti-Islamic State coalition advanced.",
		"A state-controlled firm sold Islamic art.",
		"Hockey playoffs begin tonight.",
	}
	m, _, err := vectorize.Fit(context.Background(), texts, vectorize.Options{Sublinear: true})
	if err != nil {
		fmt.Println(err)
		return
	}
	ts := m.Themes([]vectorize.Theme{{Name: "ISIS", Terms: []string{"islamic state", "mosul", "daesh"}}})
	fmt.Println("seed words:", ts.Words[0], "phrases:", ts.Phrases[0], "missing:", ts.Missing[0])
	for _, text := range texts {
		pm := ts.Match(text)
		fmt.Printf("%d matches, weight %.3f\n", pm.Counts[0][0], pm.Weights[0])
	}
	// Output:
	// seed words: [9] phrases: [[islam state]] missing: [daesh]
	// 2 matches, weight 0.476
	// 0 matches, weight 0.000
	// 0 matches, weight 0.000
}
