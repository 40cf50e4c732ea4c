package catalog

import (
	"context"
	"fmt"
	"io"
	"slices"
	"strconv"
	"strings"
	"time"

	"entgo.io/ent/dialect/sql"

	"github.com/exportiva/exportiva/ent"
	"github.com/exportiva/exportiva/ent/producer"
	"github.com/exportiva/exportiva/ent/product"
	"github.com/exportiva/exportiva/internal/apperr"
	"github.com/exportiva/exportiva/internal/domain"
	"github.com/exportiva/exportiva/internal/hs"
	"github.com/exportiva/exportiva/internal/i18n"
	"github.com/exportiva/exportiva/internal/search"
)

// SuggestionKind is where a suggestion comes from.
type SuggestionKind string

// The kinds of suggestion.
const (
	SuggestProduct   SuggestionKind = "PRODUCT"
	SuggestSpecies   SuggestionKind = "SPECIES"
	SuggestHSHeading SuggestionKind = "HS_HEADING"
	SuggestProducer  SuggestionKind = "PRODUCER"
	SuggestDistrict  SuggestionKind = "DISTRICT"
)

// Bounds of suggest.
const (
	// MaxSuggestions is the most suggestions one query returns.
	MaxSuggestions = 20
	// MaxPrefixLength bounds a prefix, in characters.
	MaxPrefixLength = 100
	// maxScan bounds the index keys one lookup walks.
	maxScan = 4000
	// maxEntries bounds the names of each source the index reads.
	maxEntries = 50000
)

// Suggestion is one completion of a prefix.
type Suggestion struct {
	// Text is what the box shows, in the request's language.
	Text string
	Kind SuggestionKind
	// Count is how many active products it leads to.
	Count int
	// Search, when set, is the text to search for (products, species).
	Search *string
	// Where, when set, is the filter it stands for (headings, producers, districts).
	Where map[string]any
}

type entry struct {
	s    Suggestion
	lang i18n.Lang // "" for both languages
}

type prefixKey struct {
	k  string // folded text from a word's start
	e  int    // entry
	at bool   // the key starts the entry's text
}

type suggestIndex struct {
	entries []entry
	keys    []prefixKey
}

// Suggester answers autocompletion from an in-memory index of the catalog's
// names (product names in both languages, species, the HS headings and
// districts with products, producers), every word start of each a key. The
// index is rebuilt on the first request after a catalog change (Invalidate,
// called by the same hooks and events that drop the response cache) or after
// its TTL; a lookup is a binary search and a bounded walk, no SQL.
type Suggester struct {
	index rebuilt[*suggestIndex]
}

// NewSuggester returns a suggester whose index lives at most ttl.
func NewSuggester(ttl time.Duration) *Suggester {
	s := &Suggester{}
	s.index.ttl = ttl
	return s
}

// Invalidate makes the next request rebuild the index.
func (s *Suggester) Invalidate() {
	if s != nil {
		s.index.invalidate()
	}
}

func (s *Suggester) current(ctx context.Context, db *ent.Client) (*suggestIndex, error) {
	return s.index.get(ctx, func(ctx context.Context) (*suggestIndex, error) { return buildIndex(ctx, db) })
}

type countRow struct {
	Value string `json:"value"`
	N     int    `json:"n"`
}

func groupActive(ctx context.Context, db *ent.Client, col string) ([]countRow, error) {
	var rows []countRow
	err := db.Product.Query().Where(product.StatusEQ(domain.ProductActive), product.HiddenAtIsNil()).Modify(func(s *sql.Selector) {
		expr := s.C(col)
		if col == "heading" {
			expr = "SUBSTR(" + s.C(product.FieldHsCode) + ", 1, 4)"
		}
		s.Select(sql.As(expr, "value"), sql.As("COUNT(*)", "n")).GroupBy(expr).OrderExpr(sql.Expr("n DESC")).Limit(maxEntries)
	}).Scan(ctx, &rows)
	return rows, err
}

// buildIndex reads the names: five GROUP BYs over active products and one over
// producers. The index is shared by every reader, so it counts what anonymous
// readers see whoever asks first: products the trade office hid are left out
// explicitly (their owner's privacy view would include them).
func buildIndex(ctx context.Context, db *ent.Client) (*suggestIndex, error) {
	ix := &suggestIndex{}
	add := func(s Suggestion, lang i18n.Lang) {
		if strings.TrimSpace(s.Text) == "" {
			return
		}
		ix.entries = append(ix.entries, entry{s: s, lang: lang})
	}
	text := func(s string) *string { return &s }
	for _, src := range []struct {
		col  string
		kind SuggestionKind
		lang i18n.Lang
	}{
		{product.FieldNameEnglish, SuggestProduct, i18n.English},
		{product.FieldNameIndonesian, SuggestProduct, i18n.Indonesian},
		{product.FieldSpecies, SuggestSpecies, ""},
		{product.FieldMaterial, SuggestSpecies, ""},
	} {
		rows, err := groupActive(ctx, db, src.col)
		if err != nil {
			return nil, err
		}
		for _, r := range rows {
			add(Suggestion{Text: r.Value, Kind: src.kind, Count: r.N, Search: text(r.Value)}, src.lang)
		}
	}
	rows, err := groupActive(ctx, db, "heading")
	if err != nil {
		return nil, err
	}
	for _, r := range rows {
		e, ok := hs.Lookup(r.Value)
		if !ok {
			continue
		}
		w := map[string]any{"hsCodeHasPrefix": r.Value}
		add(Suggestion{Text: r.Value + " " + e.English, Kind: SuggestHSHeading, Count: r.N, Where: w}, i18n.English)
		add(Suggestion{Text: r.Value + " " + e.Indonesian, Kind: SuggestHSHeading, Count: r.N, Where: w}, i18n.Indonesian)
	}
	var producers []struct {
		ID       int    `json:"id"`
		Name     string `json:"name"`
		District string `json:"district"`
		N        int    `json:"n"`
	}
	err = db.Producer.Query().Modify(func(s *sql.Selector) {
		p := sql.Table(product.Table).As("sp")
		s.LeftJoin(p).OnP(sql.And(sql.ColumnsEQ(p.C(product.FieldProducerID), s.C(producer.FieldID)), sql.EQ(p.C(product.FieldStatus), string(domain.ProductActive)), sql.IsNull(p.C(product.FieldHiddenAt))))
		s.Select(sql.As(s.C(producer.FieldID), "id"), sql.As(s.C(producer.FieldName), "name"), sql.As(s.C(producer.FieldDistrict), "district"),
			sql.As("COUNT("+p.C(product.FieldID)+")", "n")).
			GroupBy(s.C(producer.FieldID), s.C(producer.FieldName), s.C(producer.FieldDistrict)).Limit(maxEntries)
	}).Scan(ctx, &producers)
	if err != nil {
		return nil, err
	}
	districts := map[string]int{}
	for _, p := range producers {
		add(Suggestion{Text: p.Name, Kind: SuggestProducer, Count: p.N, Where: map[string]any{"producerID": p.ID}}, "")
		districts[p.District] += p.N
	}
	for d, n := range districts {
		if n == 0 {
			continue
		}
		w := map[string]any{"hasProducerWith": []any{map[string]any{"district": d}}}
		for _, l := range i18n.Langs {
			add(Suggestion{Text: i18n.Label(l, "District", d), Kind: SuggestDistrict, Count: n, Where: w}, l)
		}
	}
	for i, e := range ix.entries {
		words := search.Fold(e.s.Text)
		for j := 0; j < len(words); j++ {
			if j == 0 || words[j-1] == ' ' {
				ix.keys = append(ix.keys, prefixKey{k: words[j:], e: i, at: j == 0})
			}
		}
	}
	slices.SortFunc(ix.keys, func(a, b prefixKey) int { return strings.Compare(a.k, b.k) })
	return ix, nil
}

// Suggest completes a prefix in the request's language: the entries with a word
// that starts with it, those whose text starts with it first, then by the
// number of products they lead to. The first call after a change reads the
// names (six statements); the others cost no SQL.
func (s *Suggester) Suggest(ctx context.Context, db *ent.Client, prefix string, first int, lang i18n.Lang) ([]*Suggestion, error) {
	if first < 1 || first > MaxSuggestions {
		return nil, apperr.BadInput([]string{"first"}, "first must be between 1 and %d", MaxSuggestions)
	}
	if len([]rune(prefix)) > MaxPrefixLength {
		return nil, apperr.BadInput([]string{"prefix"}, "a prefix may have at most %d characters", MaxPrefixLength)
	}
	p := search.Fold(prefix)
	out := []*Suggestion{}
	if p == "" {
		return out, nil
	}
	ix, err := s.current(ctx, db)
	if err != nil {
		return nil, err
	}
	return ix.lookup(p, first, lang), nil
}

func (ix *suggestIndex) lookup(p string, first int, lang i18n.Lang) []*Suggestion {
	type hit struct {
		e  int
		at bool
	}
	i, _ := slices.BinarySearchFunc(ix.keys, p, func(k prefixKey, p string) int { return strings.Compare(k.k, p) })
	best := map[int]bool{} // entry → starts with the prefix
	for n := 0; i < len(ix.keys) && n < maxScan && strings.HasPrefix(ix.keys[i].k, p); i, n = i+1, n+1 {
		k := ix.keys[i]
		if l := ix.entries[k.e].lang; l != "" && l != lang {
			continue
		}
		best[k.e] = best[k.e] || k.at
	}
	hits := make([]hit, 0, len(best))
	for e, at := range best {
		hits = append(hits, hit{e, at})
	}
	slices.SortFunc(hits, func(a, b hit) int {
		if a.at != b.at {
			if a.at {
				return -1
			}
			return 1
		}
		ea, eb := ix.entries[a.e].s, ix.entries[b.e].s
		if ea.Count != eb.Count {
			return eb.Count - ea.Count
		}
		return strings.Compare(ea.Text, eb.Text)
	})
	out := []*Suggestion{}
	seen := map[string]bool{}
	for _, h := range hits {
		s := ix.entries[h.e].s
		id := string(s.Kind) + "\x00" + strings.ToLower(s.Text)
		if seen[id] {
			continue
		}
		seen[id] = true
		c := s
		out = append(out, &c)
		if len(out) == first {
			break
		}
	}
	return out
}

// MarshalGQL writes the kind as a GraphQL enum value.
func (k SuggestionKind) MarshalGQL(w io.Writer) { _, _ = io.WriteString(w, strconv.Quote(string(k))) }

// UnmarshalGQL reads a GraphQL enum value.
func (k *SuggestionKind) UnmarshalGQL(v any) error {
	s, ok := v.(string)
	if !ok {
		return fmt.Errorf("SuggestionKind %T must be a string", v)
	}
	switch SuggestionKind(s) {
	case SuggestProduct, SuggestSpecies, SuggestHSHeading, SuggestProducer, SuggestDistrict:
		*k = SuggestionKind(s)
		return nil
	}
	return fmt.Errorf("%s is not a valid SuggestionKind", s)
}
