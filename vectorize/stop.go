package vectorize

import (
	"strings"

	"github.com/kljensen/snowball/english"
	"github.com/kljensen/snowball/french"
	"github.com/kljensen/snowball/hungarian"
	"github.com/kljensen/snowball/norwegian"
	"github.com/kljensen/snowball/russian"
	"github.com/kljensen/snowball/spanish"
	"github.com/kljensen/snowball/swedish"
)

// language holds the snowball stemmer and stop-word test of one language.
type language struct {
	stem func(word string, stemStopWords bool) string
	stop func(word string) bool
}

// lookupLanguage returns the snowball functions for name.
func lookupLanguage(name string) (language, bool) {
	switch name {
	case "english":
		return language{english.Stem, english.IsStopWord}, true
	case "french":
		return language{french.Stem, french.IsStopWord}, true
	case "hungarian":
		return language{hungarian.Stem, hungarian.IsStopWord}, true
	case "norwegian":
		return language{norwegian.Stem, norwegian.IsStopWord}, true
	case "russian":
		return language{russian.Stem, russian.IsStopWord}, true
	case "spanish":
		return language{spanish.Stem, spanish.IsStopWord}, true
	case "swedish":
		return language{swedish.Stem, swedish.IsStopWord}, true
	}
	return language{}, false
}

// Languages lists the supported -lang values, sorted.
func Languages() []string {
	return []string{"english", "french", "hungarian", "norwegian", "russian", "spanish", "swedish"}
}

// englishStopWords is the English list used on top of snowball's
// english.IsStopWord: function words, auxiliaries and their contractions,
// and the reporting and filler words of news text ("said", "also", "mr").
// Tokens reach it lower-cased, with curly apostrophes straightened and a
// final "'s" removed, so "it's" is looked up as "it". Number words and
// "per" are left out on purpose: "two per cent" is a phrase worth keeping.
// The last line holds prefixes that only stand alone once a hyphen splits
// a word ("anti-ISIS" gives "anti" and "isis"): they say nothing alone and
// make poor labels.
const englishStopWords = `
a about above across after afterwards again against ago ahead all almost alone
along already also although always am among amongst an and another any anybody
anyhow anyone anything anyway anyways anywhere apart are around as aside at
away back be became because become becomes becoming been before beforehand
behind being below beside besides between beyond both but by came can cannot
come comes could did do does doing done down during each either else elsewhere
enough especially etc even ever every everybody everyone everything everywhere
except far few first for former formerly from further furthermore get gets
getting give given gives go goes going gone got had hardly has have having he
hence her here hereafter hereby herein hereupon hers herself him himself his
how however i if in inc indeed instead into is it its itself just know known
knows last later latter least less let like likely ltd made make makes many
may maybe me meanwhile might mine more moreover most mostly mr mrs ms much
must my myself namely neither never nevertheless next no nobody non none noone
nor not nothing now nowhere of off often oh ok okay on once only onto or other
others otherwise ought our ours ourselves out over own perhaps please plus
probably quite rather really said same saw say saying says see seem seemed
seeming seems shall she should since so some somebody somehow someone
something sometime sometimes somewhat somewhere soon still such sure take
taken tell tells than thank thanks that the their theirs them themselves then
there thereafter thereby therefore therein thereupon these they thing things
think this those though through throughout thus to together told too took
toward towards twice under unless unlikely until up upon us use used uses
using very via vs was way we well went were what whatever when whenever where
whereafter whereas whereby wherein whereupon wherever whether which while who
whoever whole whom whose why will with within without would yes yet you your
yours yourself yourselves
ain't aren't can't couldn't didn't doesn't don't hadn't hasn't haven't he'd
he'll how'd i'd i'll i'm i've isn't it'd it'll mightn't mustn't needn't
shan't she'd she'll shouldn't that'd that'll there'd there'll they'd they'll
they're they've wasn't we'd we'll we're we've weren't what'd what'll what're
where'd who'd who'll who're won't wouldn't you'd you'll you're you've
e.g i.e
anti co ex multi pre pro semi sub
`

// englishStopSet returns englishStopWords as a set.
func englishStopSet() map[string]struct{} {
	words := strings.Fields(englishStopWords)
	set := make(map[string]struct{}, len(words))
	for _, w := range words {
		set[w] = struct{}{}
	}
	return set
}

// frenchElisions are the elided prefixes removed from French tokens before
// the stop-word test: "l'homme" → "homme", "qu'il" → "il".
var frenchElisions = []string{
	"l'", "d'", "j'", "m'", "n'", "s'", "t'", "c'", "qu'", "jusqu'", "lorsqu'", "puisqu'", "quoiqu'",
}

func stripElision(w string) string {
	for _, p := range frenchElisions {
		if len(w) > len(p) && strings.HasPrefix(w, p) {
			return w[len(p):]
		}
	}
	return w
}
