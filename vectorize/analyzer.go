package vectorize

import (
	"fmt"
	"strings"
	"sync"
	"unicode/utf8"
)

// Analyzer turns text into terms: normalise, tokenize, drop stop words, stem.
// It is safe for concurrent use.
type Analyzer struct {
	lang     string
	snow     language
	stopSet  map[string]struct{} // own list on top of snow.stop; nil but for English
	elided   []string            // elided prefixes to strip; nil but for French and Italian
	cutApos  bool                // drop an apostrophe and what follows (Turkish)
	ngrams   int
	noStem   bool
	keepStop bool
	cache    decisionCache
}

// NewAnalyzer returns an analyzer for opts (Language, NGrams, NoStem,
// KeepStop are used). Unknown languages return ErrLanguage; NGrams other
// than 0, 1 or 2 returns ErrOptions.
func NewAnalyzer(opts Options) (*Analyzer, error) {
	name := strings.ToLower(strings.TrimSpace(opts.Language))
	if name == "" {
		name = "english"
	}
	snow, ok := lookupLanguage(name)
	if !ok {
		return nil, fmt.Errorf("%w %q (supported: %s)", ErrLanguage, opts.Language, strings.Join(Languages(), ", "))
	}
	if opts.NGrams < 0 || opts.NGrams > 2 {
		return nil, fmt.Errorf("%w: NGrams %d is not 1 or 2", ErrOptions, opts.NGrams)
	}
	a := &Analyzer{
		lang:     name,
		snow:     snow,
		ngrams:   max(opts.NGrams, 1),
		noStem:   opts.NoStem,
		keepStop: opts.KeepStop,
		elided:   elisions[name],
		cutApos:  apostropheSuffix[name],
	}
	if name == "english" {
		a.stopSet = englishStopSet()
	}
	a.cache.init()
	return a, nil
}

// Language returns the analyzer's language, e.g. "english".
func (a *Analyzer) Language() string { return a.lang }

// IsStopWord reports whether the lower-case token w is a stop word of the
// analyzer's language, whatever KeepStop says.
func (a *Analyzer) IsStopWord(w string) bool {
	if _, ok := a.stopSet[w]; ok {
		return true
	}
	return a.snow.stop(w)
}

// Tokens returns the normalised word tokens of text in order (NFKC, case
// folded), before stop words and stemming. Numbers are included; tokens of
// one rune are not.
func (a *Analyzer) Tokens(text string) []string {
	var tz tokenizer
	tz.reset(text)
	var out []string
	for {
		tok, _, ok := tz.next()
		if !ok {
			return out
		}
		out = append(out, string(tok))
	}
}

// Terms returns the terms of text in order: stems of non-stop tokens, then
// with NGrams 2 the bigrams "stem1 stem2" of adjacent kept tokens.
func (a *Analyzer) Terms(text string) []string {
	out := a.unigramTerms(text)
	if a.ngrams == 2 {
		n := len(out)
		for i := 1; i < n; i++ {
			out = append(out, out[i-1]+" "+out[i])
		}
	}
	return out
}

// unigramTerms returns the unigram terms of text in order, Terms without
// the bigrams.
func (a *Analyzer) unigramTerms(text string) []string {
	var tz tokenizer
	tz.reset(text)
	var out []string
	for {
		tok, kind, ok := tz.next()
		if !ok {
			return out
		}
		if d := a.decide(tok, kind); d.keep {
			out = append(out, d.term)
		}
	}
}

// decision is what the analyzer does with one token.
type decision struct {
	keep bool
	term string // stem, or the word itself for abbreviations and NoStem
	surf string // the word as shown in labels: "defence", "U.S."
}

// decide returns the decision for tok, from the cache when it was made
// before. Only the first call for a token runs the stemmer. (A Fitter
// keeps its own table of tokens and calls compute.)
func (a *Analyzer) decide(tok []byte, kind tokKind) decision {
	if d, ok := a.cache.get(tok); ok {
		return d
	}
	w := string(tok)
	d := a.compute(w, kind)
	a.cache.put(w, d)
	return d
}

func (a *Analyzer) compute(w string, kind tokKind) decision {
	if kind == kindNumber {
		return decision{}
	}
	if a.cutApos {
		if i := strings.IndexByte(w, '\''); i >= 0 {
			if w = w[:i]; utf8.RuneCountInString(w) < 2 {
				return decision{}
			}
		}
	}
	if a.elided != nil {
		if w = stripElision(w, a.elided); utf8.RuneCountInString(w) < 2 {
			return decision{}
		}
	}
	if !a.keepStop && a.IsStopWord(w) {
		return decision{}
	}
	d := decision{keep: true, term: w, surf: w}
	switch {
	case kind == kindAbbrev:
		d.surf = strings.ToUpper(w) + "."
	case !a.noStem:
		// Stop words reach the stemmer only with KeepStop; snowball then
		// returns them unchanged.
		if s := a.snow.stem(w, false); s != "" {
			d.term = s
		}
	}
	return d
}

// decisionCache maps tokens to decisions. It is sharded by a hash of the
// token so that goroutines rarely share a lock.
type decisionCache struct {
	shards [cacheShards]cacheShard
}

const cacheShards = 32

type cacheShard struct {
	mu sync.RWMutex
	m  map[string]decision
	_  [40]byte // keep shards on separate cache lines
}

func (c *decisionCache) init() {
	for i := range c.shards {
		c.shards[i].m = make(map[string]decision)
	}
}

func shardOf[T string | []byte](tok T) int {
	h := uint32(2166136261) // FNV-1a
	for i := 0; i < len(tok); i++ {
		h = (h ^ uint32(tok[i])) * 16777619
	}
	return int(h % cacheShards)
}

func (c *decisionCache) get(tok []byte) (decision, bool) {
	s := &c.shards[shardOf(tok)]
	s.mu.RLock()
	d, ok := s.m[string(tok)]
	s.mu.RUnlock()
	return d, ok
}

func (c *decisionCache) put(w string, d decision) {
	s := &c.shards[shardOf(w)]
	s.mu.Lock()
	s.m[w] = d
	s.mu.Unlock()
}

// len returns the number of cached tokens.
func (c *decisionCache) len() int {
	n := 0
	for i := range c.shards {
		s := &c.shards[i]
		s.mu.RLock()
		n += len(s.m)
		s.mu.RUnlock()
	}
	return n
}
