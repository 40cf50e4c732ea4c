package search

import (
	"context"
	"slices"
	"unicode/utf8"

	"entgo.io/ent/dialect"
	"entgo.io/ent/dialect/sql"

	"github.com/exportiva/exportiva/ent"
	"github.com/exportiva/exportiva/ent/predicate"
	"github.com/exportiva/exportiva/ent/product"
	"github.com/exportiva/exportiva/ent/productterm"
)

// Catalog search reads the same index as matching, with every weight: a product
// answers when it holds, for every word of one alternative of the query, that
// word's term (or, for a misspelt word, a term one edit away). Its relevance is
// the sum of the weights of the query's terms it holds (see the Weight
// constants): a name beats a species or material, which beats a description;
// the word itself beats a synonym, which beats a broader term.

// MinFuzzyLength is the shortest word (in letters) that tolerates one edit
// (a letter left out, added, changed or two swapped: "tengri" finds tengiri).
const MinFuzzyLength = 5

// MaxSearchLength bounds a search text (in characters) and MaxSearchTerms the
// terms one search may use, so that a search costs a bounded number of index
// lookups.
const (
	MaxSearchLength = 200
	MaxSearchTerms  = 8
)

// maxLookup is the most terms one IN list of the resolving query binds (under
// every SQLite build's and PostgreSQL's variable limit).
const maxLookup = 450

// Resolved is a catalog query whose words are settled against the index: each
// word is the set of index terms that stand for it.
type Resolved struct {
	// Alternatives hold, per alternative, per word, the index terms that stand
	// for the word (its own term, or the terms one edit away that the index has).
	Alternatives [][][]string
	// Forms restrict the product form.
	Forms []string
	// Corrected maps a misspelt term to the terms the index had instead.
	Corrected map[string][]string
}

// Empty reports whether the search asks for nothing.
func (r Resolved) Empty() bool { return len(r.Alternatives) == 0 && len(r.Forms) == 0 }

// Terms returns every index term of the search, sorted, once each.
func (r Resolved) Terms() []string {
	var out []string
	for _, alt := range r.Alternatives {
		for _, w := range alt {
			out = append(out, w...)
		}
	}
	slices.Sort(out)
	return slices.Compact(out)
}

// edits returns the words one edit away from w (deletions, transpositions,
// substitutions and insertions of a–z), each once, w excluded.
func edits(w string) []string {
	const letters = "abcdefghijklmnopqrstuvwxyz"
	seen := map[string]bool{w: true}
	var out []string
	add := func(s string) {
		if !seen[s] {
			seen[s] = true
			out = append(out, s)
		}
	}
	for i := 0; i <= len(w); i++ {
		if i < len(w) {
			add(w[:i] + w[i+1:])
			if i+1 < len(w) {
				add(w[:i] + string(w[i+1]) + string(w[i]) + w[i+2:])
			}
			for _, c := range letters {
				add(w[:i] + string(c) + w[i+1:])
			}
		}
		for _, c := range letters {
			add(w[:i] + string(c) + w[i:])
		}
	}
	return out
}

func fuzzy(term string) bool {
	if utf8.RuneCountInString(term) < MinFuzzyLength {
		return false
	}
	for _, r := range term {
		if r < 'a' || r > 'z' {
			return false
		}
	}
	return true
}

// Resolve settles a parsed query against the index: a word of five letters or
// more that the index lacks stands for the terms one edit away that it has. It
// costs one indexed IN lookup per misspellable word (none for a query of short
// words), at most MaxSearchTerms of them.
func Resolve(ctx context.Context, db *ent.Client, q Query) (Resolved, error) {
	r := Resolved{Corrected: map[string][]string{}}
	for _, f := range q.Forms {
		r.Forms = append(r.Forms, string(f))
	}
	variants := map[string][]string{} // term → its candidates (itself first)
	for _, alt := range q.Alternatives {
		for _, t := range alt {
			if _, done := variants[t]; done || !fuzzy(t) {
				continue
			}
			cands := []string{t}
			for _, e := range edits(t) {
				if c := canonical(e); c != "" && c != t && !slices.Contains(cands, c) {
					cands = append(cands, c)
				}
			}
			variants[t] = cands[:min(len(cands), maxLookup)]
		}
	}
	found := map[string][]string{}
	for t, cands := range variants {
		var have []string
		err := db.ProductTerm.Query().Where(productterm.TermIn(cands...)).
			Modify(func(s *sql.Selector) {
				s.Select(s.C(productterm.FieldTerm)).Distinct()
			}).Scan(ctx, &have)
		if err != nil {
			return Resolved{}, err
		}
		found[t] = have
	}
	for _, alt := range q.Alternatives {
		words := make([][]string, 0, len(alt))
		for _, t := range alt {
			have, checked := found[t]
			switch {
			case !checked || slices.Contains(have, t):
				words = append(words, []string{t})
			default:
				slices.Sort(have)
				r.Corrected[t] = have
				words = append(words, have) // empty: the alternative cannot match
			}
		}
		r.Alternatives = append(r.Alternatives, words)
	}
	return r, nil
}

// TooLong reports whether a search text exceeds the bounds (characters or terms).
func TooLong(text string) bool {
	if utf8.RuneCountInString(text) > MaxSearchLength {
		return true
	}
	n := 0
	for _, alt := range Parse(text).Alternatives {
		n += len(alt)
	}
	return n > MaxSearchTerms
}

// Predicate returns the SQL filter of a resolved search: the product holds a
// term of every word of one alternative (of any weight), and has one of the forms
// (checked on the rows the terms find, when there are words).
// Each word is an IN lookup on the (term, product_id) index (on PostgreSQL
// id = ANY(ARRAY(…)) of the same lookup).
func (r Resolved) Predicate() predicate.Product {
	var preds []predicate.Product
	if len(r.Forms) > 0 {
		preds = append(preds, func(s *sql.Selector) {
			args := make([]any, len(r.Forms))
			for i, f := range r.Forms {
				args[i] = f
			}
			col := s.C(product.FieldForm)
			if len(r.Alternatives) > 0 {
				// The words' terms drive the query: written so that no index
				// serves it, the form (a quarter of the catalog) does not lure
				// the database to the form's index instead.
				col = "(" + col + " || '')"
			}
			s.Where(sql.In(col, args...))
		})
	}
	var alts []predicate.Product
	for _, alt := range r.Alternatives {
		var all []predicate.Product
		for _, word := range alt {
			if len(word) == 0 {
				all = []predicate.Product{func(s *sql.Selector) { s.Where(sql.False()) }}
				break
			}
			terms := make([]any, len(word))
			for i, t := range word {
				terms[i] = t
			}
			all = append(all, func(s *sql.Selector) {
				sub := sql.Select(productterm.FieldProductID).From(sql.Table(productterm.Table)).
					Where(sql.In(productterm.FieldTerm, terms...))
				if s.Dialect() == dialect.Postgres {
					// id = ANY(ARRAY(…)): the ids are read once from the terms
					// index and the products fetched by primary key. With IN,
					// PostgreSQL may plan a common word ("fish", half the
					// catalog) as a sort of every product followed by a probe
					// of the terms per row, spilling the sort to disk (0.6 s at
					// 100,000 products, docs/BENCHMARKS.md).
					s.Where(sql.P(func(b *sql.Builder) {
						b.Ident(s.C(product.FieldID)).WriteString(" = ANY(ARRAY(").Join(sub).WriteString("))")
					}))
					return
				}
				s.Where(sql.In(s.C(product.FieldID), sub))
			})
		}
		alts = append(alts, product.And(all...))
	}
	if len(alts) > 0 {
		preds = append(preds, product.Or(alts...))
	}
	return product.And(preds...)
}

// ScoreExpr returns the relevance of the product row whose id column is idCol
// (qualified and quoted, e.g. s.C("id")) as an SQL
// expression: the sum of the weights of the search's terms the product holds (0
// for none), read through the (term, product_id) index.
func (r Resolved) ScoreExpr(idCol string) sql.Querier {
	terms := r.Terms()
	args := make([]any, len(terms))
	for i, t := range terms {
		args[i] = t
	}
	return sql.ExprFunc(func(b *sql.Builder) {
		if len(args) == 0 {
			b.WriteString("0")
			return
		}
		b.WriteString("(SELECT COALESCE(SUM(st.").WriteString(productterm.FieldWeight).WriteString("), 0) FROM ").
			WriteString(productterm.Table).WriteString(" st WHERE st.").WriteString(productterm.FieldProductID).
			WriteString(" = ").WriteString(idCol).
			WriteString(" AND st.").WriteString(productterm.FieldTerm).WriteString(" IN (")
		b.Args(args...)
		b.WriteString("))")
	})
}

// Score computes in Go the relevance of a product with these weighted terms:
// the twin of ScoreSQL.
func (r Resolved) Score(terms []Weighted) int {
	want := r.Terms()
	n := 0
	for _, t := range terms {
		if _, ok := slices.BinarySearch(want, t.Term); ok {
			n += t.Weight
		}
	}
	return n
}
