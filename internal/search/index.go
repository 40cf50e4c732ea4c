package search

import (
	"context"
	"fmt"

	"entgo.io/ent/dialect/sql"

	"github.com/exportiva/exportiva/ent"
	"github.com/exportiva/exportiva/ent/hook"
	"github.com/exportiva/exportiva/ent/predicate"
	"github.com/exportiva/exportiva/ent/product"
	"github.com/exportiva/exportiva/ent/productterm"
)

// ProductTerms returns the index terms of a product.
func ProductTerms(p *ent.Product) []string {
	return Terms(p.NameEnglish, p.NameIndonesian, p.Species, p.Material)
}

// IndexTerms returns the weighted terms the index holds for a product: its
// names, species and material (the terms matching reads) and its descriptions.
func IndexTerms(p *ent.Product) []Weighted {
	return WeightedTerms([]string{p.NameEnglish, p.NameIndonesian}, []string{p.Species, p.Material},
		[]string{p.DescriptionEnglish, p.DescriptionIndonesian})
}

// IndexHook keeps the index current on every product write. It is one of the
// Product schema's hooks (ent/schema), so every client keeps the index.
var IndexHook = hook.On(indexHook, ent.OpCreate|ent.OpUpdateOne|ent.OpUpdate)

type deferKey struct{}

// Deferred returns a context whose product writes skip the index: a bulk loader
// that indexes its products itself (with BulkIndex) uses it.
func Deferred(ctx context.Context) context.Context { return context.WithValue(ctx, deferKey{}, true) }

// BulkIndex indexes products in batches (their terms must not exist yet).
func BulkIndex(ctx context.Context, db *ent.Client, products []*ent.Product, batch int) error {
	var b []*ent.ProductTermCreate
	flush := func() error {
		if len(b) == 0 {
			return nil
		}
		err := db.ProductTerm.CreateBulk(b...).Exec(ctx)
		b = b[:0]
		return err
	}
	for _, p := range products {
		for _, t := range IndexTerms(p) {
			b = append(b, db.ProductTerm.Create().SetTerm(t.Term).SetWeight(t.Weight).SetProductID(p.ID))
			if len(b) >= batch {
				if err := flush(); err != nil {
					return err
				}
			}
		}
	}
	return flush()
}

func indexHook(next ent.Mutator) ent.Mutator {
	return hook.ProductFunc(func(ctx context.Context, m *ent.ProductMutation) (ent.Value, error) {
		v, err := next.Mutate(ctx, m)
		if err != nil || ctx.Value(deferKey{}) != nil {
			return v, err
		}
		changed := false
		for _, f := range []string{product.FieldNameEnglish, product.FieldNameIndonesian, product.FieldSpecies, product.FieldMaterial,
			product.FieldDescriptionEnglish, product.FieldDescriptionIndonesian} {
			if _, ok := m.Field(f); ok || m.FieldCleared(f) {
				changed = true
			}
		}
		if !changed {
			return v, nil
		}
		db := m.Client()
		var list []*ent.Product
		if p, ok := v.(*ent.Product); ok {
			list = []*ent.Product{p}
		} else if ids, err := m.IDs(ctx); err == nil {
			if list, err = db.Product.Query().Where(product.IDIn(ids...)).All(ctx); err != nil {
				return nil, err
			}
		} else {
			return nil, err
		}
		for _, p := range list {
			if err := Reindex(ctx, db, p); err != nil {
				return nil, fmt.Errorf("indexing product %d: %w", p.ID, err)
			}
		}
		return v, nil
	})
}

// Reindex replaces a product's terms.
func Reindex(ctx context.Context, db *ent.Client, p *ent.Product) error {
	if _, err := db.ProductTerm.Delete().Where(productterm.ProductID(p.ID)).Exec(ctx); err != nil {
		return err
	}
	terms := IndexTerms(p)
	if len(terms) == 0 {
		return nil
	}
	b := make([]*ent.ProductTermCreate, len(terms))
	for i, t := range terms {
		b[i] = db.ProductTerm.Create().SetTerm(t.Term).SetWeight(t.Weight).SetProductID(p.ID)
	}
	return db.ProductTerm.CreateBulk(b...).Exec(ctx)
}

// Predicate returns the SQL filter for a parsed query: the product has every term
// of at least one alternative (each term an indexed IN lookup) among the terms of
// its names, species and material (weight MinMatchWeight or more: descriptions
// do not make a match), and one of the forms.
func (q Query) Predicate() predicate.Product {
	var preds []predicate.Product
	if len(q.Forms) > 0 {
		preds = append(preds, product.FormIn(q.Forms...))
	}
	var alts []predicate.Product
	for _, alt := range q.Alternatives {
		var all []predicate.Product
		for _, t := range alt {
			term := t
			all = append(all, func(s *sql.Selector) {
				sub := sql.Select(productterm.FieldProductID).From(sql.Table(productterm.Table)).
					Where(sql.And(sql.EQ(productterm.FieldTerm, term), sql.GTE(productterm.FieldWeight, MinMatchWeight)))
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
