package vectorize

import (
	"embed"
	"slices"
	"strings"

	"github.com/blevesearch/snowballstem"
	"github.com/blevesearch/snowballstem/danish"
	"github.com/blevesearch/snowballstem/dutch"
	"github.com/blevesearch/snowballstem/finnish"
	"github.com/blevesearch/snowballstem/german"
	"github.com/blevesearch/snowballstem/italian"
	"github.com/blevesearch/snowballstem/portuguese"
	"github.com/blevesearch/snowballstem/romanian"
	"github.com/blevesearch/snowballstem/turkish"
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

// languages maps each supported name to its stemmer and stop words:
// github.com/kljensen/snowball (stemmer and stop list) where it has the
// language, else a stemmer of github.com/blevesearch/snowballstem with the
// Snowball project's stop list from stopwords/<name>.txt (for Turkish,
// Lucene's). Keep doc.go and the README's table in step with it.
var languages = map[string]struct {
	stem  func(word string, stemStopWords bool) string // kljensen/snowball
	stemB func(env *snowballstem.Env) bool             // blevesearch/snowballstem
	stop  func(word string) bool                       // kljensen/snowball
	fold  func(word string) string                     // applied before stemB and the stop list
}{
	"danish":     {stemB: danish.Stem},
	"dutch":      {stemB: dutch.Stem},
	"english":    {stem: english.Stem, stop: english.IsStopWord},
	"finnish":    {stemB: finnish.Stem},
	"french":     {stem: french.Stem, stop: french.IsStopWord},
	"german":     {stemB: german.Stem},
	"hungarian":  {stem: hungarian.Stem, stop: hungarian.IsStopWord},
	"italian":    {stemB: italian.Stem},
	"norwegian":  {stem: norwegian.Stem, stop: norwegian.IsStopWord},
	"portuguese": {stemB: portuguese.Stem},
	"romanian":   {stemB: romanian.Stem, fold: romanianCedilla},
	"russian":    {stem: russian.Stem, stop: russian.IsStopWord},
	"spanish":    {stem: spanish.Stem, stop: spanish.IsStopWord},
	"swedish":    {stem: swedish.Stem, stop: swedish.IsStopWord},
	"turkish":    {stemB: turkish.Stem},
}

// stopFiles holds the stop lists of the languages kljensen/snowball lacks.
//
//go:embed stopwords/*.txt
var stopFiles embed.FS

// lookupLanguage returns the snowball functions for name.
func lookupLanguage(name string) (language, bool) {
	l, ok := languages[name]
	switch {
	case !ok:
		return language{}, false
	case l.stem != nil:
		return language{l.stem, l.stop}, true
	}
	data, err := stopFiles.ReadFile("stopwords/" + name + ".txt")
	if err != nil {
		panic("vectorize: no stop list for " + name) // a file missing from stopwords/
	}
	set := parseStopList(string(data))
	stemB, fold := l.stemB, l.fold
	if fold == nil {
		fold = func(w string) string { return w }
	}
	return language{
		stem: func(w string, _ bool) string {
			env := snowballstem.NewEnv(fold(w))
			stemB(env)
			return env.Current()
		},
		stop: func(w string) bool {
			_, ok := set[fold(w)]
			return ok
		},
	}, true
}

// romanianCedilla writes the comma-below letters of current Romanian
// spelling, ș and ț, as the cedilla letters ş and ţ that the Snowball
// Romanian stemmer (and its stop list) of snowballstem v0.9.0 know; both
// spellings of a word then give one stem.
var romanianCedilla = strings.NewReplacer("ș", "ş", "ț", "ţ").Replace

// parseStopList reads a stop list in the Snowball project's format: words
// separated by white space, "|" starting a comment that runs to the end of
// the line.
func parseStopList(s string) map[string]struct{} {
	set := make(map[string]struct{})
	for line := range strings.Lines(s) {
		if i := strings.IndexByte(line, '|'); i >= 0 {
			line = line[:i]
		}
		for _, w := range strings.Fields(line) {
			set[w] = struct{}{}
		}
	}
	return set
}

// Languages lists the supported -lang values, sorted.
func Languages() []string {
	names := make([]string, 0, len(languages))
	for name := range languages {
		names = append(names, name)
	}
	slices.Sort(names)
	return names
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

// elisions are the elided articles, prepositions and pronouns removed from
// the start of French and Italian tokens before the stop-word test:
// "l'homme" → "homme", "qu'il" → "il", "dell'esercito" → "esercito",
// "un'altra" → "altra". The Italian list is Lucene's ItalianAnalyzer's
// with "un" added.
var elisions = map[string][]string{
	"french": {"l'", "d'", "j'", "m'", "n'", "s'", "t'", "c'", "qu'", "jusqu'", "lorsqu'", "puisqu'", "quoiqu'"},
	"italian": {"c'", "l'", "all'", "dall'", "dell'", "nell'", "sull'", "coll'", "pell'", "gl'", "agl'", "dagl'",
		"degl'", "negl'", "sugl'", "un'", "m'", "t'", "s'", "v'", "d'"},
}

// apostropheSuffix lists the languages whose suffixes follow an apostrophe
// after a proper noun: the apostrophe and what follows it are removed
// before the stop-word test, "ankara'da" → "ankara", as Lucene's
// ApostropheFilter does for Turkish.
var apostropheSuffix = map[string]bool{"turkish": true}

// stripElision removes the first of prefixes that w starts with, unless
// nothing would be left.
func stripElision(w string, prefixes []string) string {
	for _, p := range prefixes {
		if len(w) > len(p) && strings.HasPrefix(w, p) {
			return w[len(p):]
		}
	}
	return w
}
