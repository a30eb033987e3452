package report

import (
	"fmt"
	"math"
	"math/rand/v2"
	"strings"
)

// newsAnalysis resembles three real articles split into 30 passages and
// clustered into four themes: NATO and Ukraine, ISIS in Iraq, defence
// spending, and summit diplomacy. It is hand-built; the numbers are
// plausible, not computed.
func newsAnalysis() *Analysis {
	arts := []struct{ id, title, date, source string }{
		{"nato-summit", "NATO allies pledge more support for Ukraine at Vilnius summit", "2023-07-12", "Reuters"},
		{"isis-iraq", "Coalition trains Iraqi forces as ISIS remnants regroup", "2023-07-18", "AP"},
		{"defence-budget", "European defence spending climbs toward 2% target", "2023-08-02", "Financial Times"},
	}
	clusters := []Cluster{
		{ID: 0, Label: "ukraine · russia · allies", Terms: []Term{{"Ukraine", 0.412}, {"Russia", 0.305}, {"allies", 0.221}, {"weapons", 0.187}, {"Zelensky", 0.160}, {"membership", 0.141}, {"counteroffensive", 0.118}, {"F-16", 0.097}, {"Kyiv", 0.090}}},
		{ID: 1, Label: "isis · iraq · training", Terms: []Term{{"ISIS", 0.455}, {"Iraq", 0.344}, {"training", 0.251}, {"coalition", 0.199}, {"Mosul", 0.150}, {"militants", 0.132}, {"Baghdad", 0.101}}},
		{ID: 2, Label: "spending · gdp · budget", Terms: []Term{{"spending", 0.398}, {"GDP", 0.330}, {"budget", 0.262}, {"2%", 0.210}, {"procurement", 0.170}, {"Germany", 0.133}, {"ammunition", 0.120}, {"industry", 0.089}}},
		{ID: 3, Label: "summit · leaders · communiqué", Terms: []Term{{"summit", 0.377}, {"leaders", 0.290}, {"communiqué", 0.230}, {"Vilnius", 0.201}, {"Stoltenberg", 0.155}, {"Erdogan", 0.121}}},
	}
	// passage → (article, cluster): 12 + 9 + 9 passages.
	plan := []struct{ art, cl int }{}
	for i := range 12 {
		plan = append(plan, struct{ art, cl int }{0, []int{3, 0, 0, 3, 0, 0, 2, 0, 3, 0, 1, 0}[i]})
	}
	for i := range 9 {
		plan = append(plan, struct{ art, cl int }{1, []int{1, 1, 1, 0, 1, 1, 2, 1, 1}[i]})
	}
	for i := range 9 {
		plan = append(plan, struct{ art, cl int }{2, []int{2, 2, 0, 2, 2, 3, 2, 2, 2}[i]})
	}
	snippets := []string{
		"NATO leaders meeting in Vilnius promised Ukraine a path to membership",
		"Kyiv pressed allies for long-range weapons and F-16 training",
		"Russia warned that new deliveries would prolong the war",
		"Coalition instructors trained Iraqi units near Mosul",
		"ISIS cells remain active in the desert west of Baghdad",
		"Germany said it would meet the 2% of GDP target next year",
		"Ammunition procurement has become the bottleneck for industry",
	}
	centres := [][2]float64{{-1.2, 0.8}, {1.4, 1.0}, {0.3, -1.3}, {-1.6, -0.9}}
	a := &Analysis{
		Title: "News coverage by theme",
		Unit:  "paragraph",
		Settings: []Setting{
			{"unit", "paragraph"}, {"k", "4 (auto, tried 2:8)"}, {"seed", "1"}, {"lang", "english"},
			{"min-df", "1"}, {"max-df", "0.9"}, {"themes", "themes.txt"},
		},
		Clusters: clusters,
		KScores: []KScore{{2, 0.081}, {3, 0.112}, {4, 0.139}, {5, 0.121}, {6, 0.108},
			{7, 0.097}, {8, 0.090}},
		Themes: []string{"NATO", "Ukraine", "ISIS", "defence spending"},
		Articles: []ArticleTheme{
			{Article: arts[0].id, Title: arts[0].title, Relevance: []float64{0.42, 0.38, 0.02, 0.18}, About: []bool{true, true, false, false}},
			{Article: arts[1].id, Title: arts[1].title, Relevance: []float64{0.15, 0.03, 0.74, 0.08}, About: []bool{false, false, true, false}},
			{Article: arts[2].id, Title: arts[2].title, Relevance: []float64{0.31, 0.09, 0, 0.60}, About: []bool{true, false, false, true}},
		},
		ThemeTerms:     [][]string{{"NATO", "alliance", "summit"}, {"Ukraine", "Russia", "Kyiv"}, {"ISIS", "Iraq", "Mosul"}, {"spending", "GDP", "procurement"}},
		ThemeThreshold: 0.2,
		Pairs:          []Pair{{arts[0].id, arts[2].id, 0.312}, {arts[0].id, arts[1].id, 0.141}, {arts[1].id, arts[2].id, 0.087}},
		Heatmap: &Heatmap{
			Labels: []string{arts[0].title, arts[1].title, arts[2].title},
			Cos:    [][]float64{{1, 0.141, 0.312}, {0.141, 1, 0.087}, {0.312, 0.087, 1}},
		},
		Skipped: []Skip{{"feeds/empty.txt", "no text after removing boilerplate"}, {"feeds/photo.jpg", "not a text file"}},
		Counts:  Counts{Articles: 3, Units: len(plan), Skipped: 2},
	}
	rng := rand.New(rand.NewPCG(7, 11))
	para := make([]int, 3)
	for i, p := range plan {
		art := arts[p.art]
		para[p.art]++
		c := centres[p.cl]
		a.Docs = append(a.Docs, Doc{
			ID: fmt.Sprintf("%s#p%d", art.id, para[p.art]), Article: art.id, Title: art.title,
			Date: art.date, Source: art.source, Snippet: snippets[i%len(snippets)],
			Cluster: p.cl, Score: 0.35 + 0.4*rng.Float64(),
			X: c[0] + 0.45*rng.NormFloat64(), Y: c[1] + 0.45*rng.NormFloat64(),
		})
		a.Clusters[p.cl].Size++
	}
	for ci := range a.Clusters {
		for _, d := range a.Docs {
			if d.Cluster == ci && len(a.Clusters[ci].Reps) < 3 {
				a.Clusters[ci].Reps = append(a.Clusters[ci].Reps, d.ID)
			}
		}
	}
	a.Clusters[0].Contexts = []string{"… allies promised Ukraine a path to membership …", "… Russia warned that new deliveries …"}
	return a
}

// syntheticAnalysis builds a document-mode analysis of n articles in k
// clusters with themes, a heatmap over h articles and every chart's data.
// It depends only on its arguments.
func syntheticAnalysis(n, k, h int) *Analysis {
	rng := rand.New(rand.NewPCG(uint64(n), uint64(k)))
	words := strings.Fields("army budget ceasefire drone election energy grain inflation missile navy oil parliament protest refugee sanctions strike summit tariff treaty vote")
	a := &Analysis{Title: fmt.Sprintf("Synthetic corpus: %d articles", n), Unit: "document",
		Themes: []string{"security", "economy", "politics", "humanitarian", "energy"}}
	for c := range k {
		cl := Cluster{ID: c}
		for j := range 10 {
			cl.Terms = append(cl.Terms, Term{Word: words[(c*3+j)%len(words)], Weight: 0.5 / float64(j+1)})
		}
		cl.Label = cl.Terms[0].Word + " · " + cl.Terms[1].Word + " · " + cl.Terms[2].Word
		a.Clusters = append(a.Clusters, cl)
	}
	for i := range n {
		// Squaring u favours low cluster numbers: sizes range from large to small.
		c := int(math.Floor(float64(k) * math.Pow(rng.Float64(), 2)))
		id := fmt.Sprintf("doc-%05d", i)
		ang := 2 * math.Pi * float64(c) / float64(k)
		a.Docs = append(a.Docs, Doc{
			ID: id, Article: id, Title: fmt.Sprintf("Article %d about %s", i, a.Clusters[c].Terms[0].Word),
			Date: fmt.Sprintf("2024-%02d-%02d", 1+i%12, 1+i%28), Source: []string{"AP", "Reuters", "BBC", "AFP"}[i%4],
			Snippet: "Lorem ipsum dolor sit amet", Cluster: c, Score: rng.Float64(),
			X: 3*math.Cos(ang) + rng.NormFloat64(), Y: 3*math.Sin(ang) + rng.NormFloat64(),
		})
		a.Clusters[c].Size++
		rel := make([]float64, len(a.Themes))
		about := make([]bool, len(a.Themes))
		for t := range rel {
			rel[t] = rng.Float64()
			about[t] = rel[t] >= 0.5
		}
		a.Articles = append(a.Articles, ArticleTheme{Article: id, Title: a.Docs[i].Title, Relevance: rel, About: about})
	}
	for c := range a.Clusters {
		for _, d := range a.Docs {
			if d.Cluster == c && len(a.Clusters[c].Reps) < 3 {
				a.Clusters[c].Reps = append(a.Clusters[c].Reps, d.ID)
			}
		}
	}
	hm := &Heatmap{}
	for i := range h {
		hm.Labels = append(hm.Labels, a.Docs[i*n/h].Title)
		row := make([]float64, h)
		for j := range h {
			if i == j {
				row[j] = 1
			} else if a.Docs[i*n/h].Cluster == a.Docs[j*n/h].Cluster {
				row[j] = 0.3 + 0.4*rng.Float64()
			} else {
				row[j] = 0.3 * rng.Float64()
			}
		}
		hm.Cos = append(hm.Cos, row)
	}
	for i := range h {
		for j := range i {
			hm.Cos[i][j] = hm.Cos[j][i]
		}
	}
	a.Heatmap = hm
	for i := range min(n-1, 50) {
		a.Pairs = append(a.Pairs, Pair{A: a.Docs[i].Article, B: a.Docs[i+1].Article, Cosine: 0.9 - 0.01*float64(i)})
	}
	for kk := 2; kk <= min(k+4, 30); kk++ {
		a.KScores = append(a.KScores, KScore{K: kk, Score: 0.05 + 0.1*math.Exp(-math.Pow(float64(kk-k)/4, 2))})
	}
	a.Counts = Counts{Articles: n, Units: n}
	return a
}
