// Package search is the catalog's bilingual text search. It turns product names,
// species and materials into normalized terms — Indonesian and English words and
// the trade names buyers use folded onto one term each (tengiri = Spanish mackerel =
// seerfish = Scomberomorus), with broader terms added (tengiri is also a mackerel
// and a fish) — and stores them in an inverted index (the product_terms table),
// kept current by a hook on every product write. A query is parsed the same way
// and answered through the index on SQLite and PostgreSQL alike.
package search

import (
	"slices"
	"strings"
	"sync"
	"unicode"

	"golang.org/x/text/runes"
	"golang.org/x/text/transform"
	"golang.org/x/text/unicode/norm"

	"github.com/exportiva/exportiva/internal/domain"
)

// phrases are multi-word names folded to one term before words are split.
var phrases = []struct{ from, to string }{
	{"spanish mackerel", "tengiri"}, {"king mackerel", "tengiri"}, {"narrow barred", "tengiri"},
	{"mackerel tuna", "tongkol"}, {"little tuna", "tongkol"}, {"bullet tuna", "tongkol"},
	{"blue swimming crab", "rajungan"}, {"blue crab", "rajungan"}, {"swimming crab", "rajungan"},
	{"alas kaki", "footwear"}, {"flip flop", "sandal"}, {"flip flops", "sandal"}, {"sandal jepit", "sandal"},
	{"crab meat", "crab"}, {"daging rajungan", "rajungan"}, {"threadfin bream", "kurisi"},
	{"sawn wood", "sawnwood"}, {"sawn timber", "sawnwood"}, {"kayu gergajian", "sawnwood"},
}

// synonyms map single words onto their canonical term.
var synonyms = map[string]string{
	"seerfish": "tengiri", "scomberomorus": "tengiri", "commerson": "tengiri",
	"skipjack": "cakalang", "katsuwonus": "cakalang", "pelamis": "cakalang",
	"euthynnus": "tongkol", "kawakawa": "tongkol", "affinis": "tongkol",
	"yellowfin": "yellowfin", "albacares": "yellowfin", "madidihang": "yellowfin",
	"portunus": "rajungan", "pelagicus": "rajungan",
	"shrimp": "udang", "prawn": "udang", "vannamei": "udang", "vaname": "udang", "litopenaeus": "udang", "windu": "udang",
	"krupuk": "kerupuk", "cracker": "kerupuk", "crackers": "kerupuk",
	"shoe": "sepatu", "shoes": "sepatu", "sneaker": "sepatu", "sneakers": "sepatu",
	"squid": "cumi", "loligo": "cumi", "sotong": "cumi",
	"ikan": "fish", "kepiting": "crab", "teri": "anchovy", "stolephorus": "anchovy",
	"kayu": "wood", "timber": "wood", "lumber": "wood", "jati": "teak", "tectona": "teak",
	"mahoni": "mahogany", "swietenia": "mahogany", "venir": "veneer",
	"plastik": "plastic", "kursi": "chair", "chairs": "chair", "meja": "table", "tables": "table",
	"mebel": "furniture", "sandals": "sandal", "tuna": "tuna", "nemipterus": "kurisi",
	"kantong": "bag", "bags": "bag", "karung": "sack", "sacks": "sack", "kulit": "leather",
	"abon": "floss", "asap": "smoked", "bandeng": "milkfish", "tempe": "tempeh",
}

// broader adds the terms a canonical term implies.
var broader = map[string][]string{
	"tengiri": {"mackerel", "fish"}, "tongkol": {"tuna", "mackerel", "fish"}, "cakalang": {"tuna", "fish"},
	"yellowfin": {"tuna", "fish"}, "tuna": {"fish"}, "mackerel": {"fish"}, "anchovy": {"fish"},
	"kurisi": {"fish"}, "milkfish": {"fish"}, "rajungan": {"crab"}, "sepatu": {"footwear"}, "sandal": {"footwear"},
	"chair": {"furniture"}, "table": {"furniture"}, "teak": {"wood"}, "mahogany": {"wood"}, "sawnwood": {"wood"},
	"veneer": {"wood"}, "moulding": {"wood"},
}

// forms are words that name a product form; in a query they filter by form.
var forms = map[string]domain.ProductForm{
	"frozen": domain.FormFrozen, "beku": domain.FormFrozen,
	"fresh": domain.FormFresh, "segar": domain.FormFresh,
	"chilled": domain.FormChilled, "dingin": domain.FormChilled,
	"dried": domain.FormDried, "kering": domain.FormDried,
	"canned": domain.FormCanned, "kaleng": domain.FormCanned,
}

var stopwords = map[string]bool{
	"a": true, "an": true, "and": true, "or": true, "the": true, "of": true, "in": true, "for": true, "with": true,
	"to": true, "per": true, "from": true, "by": true, "whole": true, "round": true,
	"atau": true, "dan": true, "yang": true, "di": true, "untuk": true, "dengan": true, "dari": true, "utuh": true,
}

// folds hands out accent-stripping transformers: a transform chain keeps state
// and must not be shared between goroutines.
var folds = sync.Pool{New: func() any {
	return transform.Chain(norm.NFD, runes.Remove(runes.In(unicode.Mn)), norm.NFC)
}}

// clean lower-cases, strips accents and turns punctuation into spaces; the
// result has a space before and after every word.
func clean(s string) string {
	fold := folds.Get().(transform.Transformer)
	if out, _, err := transform.String(fold, s); err == nil {
		s = out
	}
	folds.Put(fold)
	s = strings.Map(func(r rune) rune {
		if unicode.IsLetter(r) || unicode.IsDigit(r) {
			return unicode.ToLower(r)
		}
		return ' '
	}, s)
	return " " + strings.Join(strings.Fields(s), " ") + " "
}

// Fold lower-cases s, strips its accents and turns punctuation into single
// spaces ("Kerupuk  Udang!" → "kerupuk udang"): the form autocompletion compares.
func Fold(s string) string { return strings.TrimSpace(clean(s)) }

// normalize cleans s and folds the multi-word names onto their terms.
func normalize(s string) string {
	s = clean(s)
	for _, p := range phrases {
		s = strings.ReplaceAll(s, " "+p.from+" ", " "+p.to+" ")
	}
	return s
}

// canonical returns the term a word stands for, or "" for a word that carries no
// meaning (a stop word, a number, a single letter).
func canonical(w string) string {
	if stopwords[w] || len(w) < 2 || strings.IndexFunc(w, unicode.IsLetter) < 0 {
		return ""
	}
	if c, ok := synonyms[w]; ok {
		return c
	}
	if len(w) > 3 && strings.HasSuffix(w, "s") && !strings.HasSuffix(w, "ss") {
		singular := strings.TrimSuffix(w, "s")
		if c, ok := synonyms[singular]; ok {
			return c
		}
		return singular
	}
	return w
}

// Terms returns the sorted index terms of a product's texts, broader terms included.
func Terms(texts ...string) []string {
	w := map[string]int{}
	for _, text := range texts {
		addWeighted(w, text, WeightSpecies, 0)
	}
	out := make([]string, 0, len(w))
	for t := range w {
		out = append(out, t)
	}
	slices.Sort(out)
	return out
}

// The weights of index terms (product_terms.weight). A term's weight is the
// base of the field it comes from plus 2 when the text has the word itself, 1
// when a synonym or a trade name led to it, 0 when it is only a broader term
// (tengiri is also a mackerel and a fish). A term found in several fields keeps
// its highest weight.
const (
	// WeightName is the base of terms from a product's names (7 to 9).
	WeightName = 7
	// WeightSpecies is the base of terms from the species or material (4 to 6).
	WeightSpecies = 4
	// WeightDescription is the base of terms from a description (1 to 3).
	WeightDescription = 1
	// MinMatchWeight is the lowest weight matching reads: names, species and
	// materials, not descriptions.
	MinMatchWeight = WeightSpecies
	// MaxDescriptionTerms bounds the terms one description adds to the index.
	MaxDescriptionTerms = 48
)

// Weighted is an index term with its weight.
type Weighted struct {
	Term   string
	Weight int
}

// addWeighted adds the terms of text with weights from base into w, at most
// limit new terms (0: no limit).
func addWeighted(w map[string]int, text string, base, limit int) {
	raw := map[string]bool{}
	for _, word := range strings.Fields(clean(text)) {
		raw[word] = true
		if len(word) > 3 && strings.HasSuffix(word, "s") {
			raw[strings.TrimSuffix(word, "s")] = true
		}
	}
	added := 0
	var add func(t string, kind int)
	add = func(t string, kind int) {
		if t == "" || len(t) > 64 {
			return
		}
		if raw[t] {
			kind = 2
		}
		old, seen := w[t]
		if !seen {
			if limit > 0 && added >= limit {
				return
			}
			added++
		}
		if !seen || base+kind > old {
			w[t] = base + kind
		}
		if seen {
			return // its broader terms are in already
		}
		for _, b := range broader[t] {
			add(b, 0)
		}
	}
	for _, word := range strings.Fields(normalize(text)) {
		if _, isForm := forms[word]; isForm {
			continue
		}
		add(canonical(word), 1)
	}
}

// WeightedTerms returns the index terms of a product's texts with their
// weights, sorted by term: names (English and Indonesian), then species and
// material, then descriptions (at most MaxDescriptionTerms each). The terms of
// weight MinMatchWeight or more are exactly Terms(names, species, material).
func WeightedTerms(names, specifics, descriptions []string) []Weighted {
	w := map[string]int{}
	for _, t := range names {
		addWeighted(w, t, WeightName, 0)
	}
	for _, t := range specifics {
		addWeighted(w, t, WeightSpecies, 0)
	}
	for _, t := range descriptions {
		addWeighted(w, t, WeightDescription, MaxDescriptionTerms)
	}
	out := make([]Weighted, 0, len(w))
	for t, x := range w {
		out = append(out, Weighted{t, x})
	}
	slices.SortFunc(out, func(a, b Weighted) int { return strings.Compare(a.Term, b.Term) })
	return out
}

// Query is a parsed text query: alternatives of terms (a product matches when it
// has every term of at least one alternative) and the forms its words named.
type Query struct {
	Alternatives [][]string
	Forms        []domain.ProductForm
}

// Empty reports whether the query asks for nothing.
func (q Query) Empty() bool { return len(q.Alternatives) == 0 && len(q.Forms) == 0 }

var (
	separators = strings.NewReplacer(",", " | ", "/", " | ", ";", " | ")
	orWords    = strings.NewReplacer(" or ", " | ", " atau ", " | ")
)

// Parse reads a query such as "frozen tengiri or tuna" or "udang beku, cumi".
// "or", "atau", commas, slashes and semicolons separate alternatives; form words
// (frozen, beku, dried …) anywhere in the query restrict the product form.
func Parse(text string) Query {
	var q Query
	s := normalize(separators.Replace(text))
	s = orWords.Replace(s)
	for _, alt := range strings.Split(s, "|") {
		var terms []string
		for _, w := range strings.Fields(alt) {
			if f, ok := forms[w]; ok {
				if !slices.Contains(q.Forms, f) {
					q.Forms = append(q.Forms, f)
				}
				continue
			}
			if t := canonical(w); t != "" && !slices.Contains(terms, t) {
				terms = append(terms, t)
			}
		}
		if len(terms) > 0 {
			slices.Sort(terms)
			q.Alternatives = append(q.Alternatives, terms)
		}
	}
	return q
}

// Matches reports whether a product with these sorted terms and this form answers
// the query. It is the in-memory twin of the SQL predicate, used for leads.
func (q Query) Matches(terms []string, form domain.ProductForm) bool {
	if len(q.Forms) > 0 && !slices.Contains(q.Forms, form) {
		return false
	}
	if len(q.Alternatives) == 0 {
		return true
	}
	for _, alt := range q.Alternatives {
		all := true
		for _, t := range alt {
			if _, ok := slices.BinarySearch(terms, t); !ok {
				all = false
				break
			}
		}
		if all {
			return true
		}
	}
	return false
}
