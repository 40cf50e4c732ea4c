package graph

import (
	"context"
	"strings"

	"entgo.io/contrib/entgql"

	"github.com/exportiva/exportiva/ent"
	"github.com/exportiva/exportiva/ent/predicate"
	"github.com/exportiva/exportiva/ent/product"
	"github.com/exportiva/exportiva/internal/catalog"
	"github.com/exportiva/exportiva/internal/i18n"
)

func str(s *string) string {
	if s == nil {
		return ""
	}
	return *s
}

func (r *Resolver) products(ctx context.Context, after *entgql.Cursor[int], first *int, before *entgql.Cursor[int], last *int,
	orderBy *catalog.Order, where *ent.ProductWhereInput, search *string, thenBy []*catalog.Order, extra ...predicate.Product) (*ent.ProductConnection, error) {
	p := catalog.Params{
		Search: str(search), Input: where, Where: extra, OrderBy: orderBy, ThenBy: thenBy,
		After: after, First: first, Before: before, Last: last,
	}
	if where != nil { // no filter at all otherwise, which product_counts answers
		p.Filter = where.Filter
	}
	return catalog.Products(ctx, r.client, p)
}

func (r *Resolver) producerProducts(ctx context.Context, obj *ent.Producer, after *entgql.Cursor[int], first *int, before *entgql.Cursor[int], last *int,
	orderBy *catalog.Order, where *ent.ProductWhereInput) (*ent.ProductConnection, error) {
	if o, ok := catalog.EntOrder(orderBy); ok {
		return obj.Products(ctx, after, first, before, last, o, where)
	}
	return r.products(ctx, after, first, before, last, orderBy, where, nil, nil, product.ProducerID(obj.ID))
}

func (r *Resolver) producers(ctx context.Context, after *entgql.Cursor[int], first *int, before *entgql.Cursor[int], last *int,
	orderBy *ent.ProducerOrder, where *ent.ProducerWhereInput, search *string) (*ent.ProducerConnection, error) {
	q := r.client.Producer.Query()
	if search != nil {
		p, ok, err := catalog.ProducerSearch(ctx, r.client, *search)
		if err != nil {
			return nil, err
		}
		if ok {
			q = q.Where(p)
		}
	}
	return q.Paginate(ctx, after, first, before, last, ent.WithProducerOrder(orderBy), ent.WithProducerFilter(where.Filter))
}

func (r *Resolver) productFacets(ctx context.Context, where *ent.ProductWhereInput, search, currency *string) (*catalog.Facets, error) {
	cur := "USD"
	if currency != nil {
		cur = strings.ToUpper(strings.TrimSpace(*currency))
	}
	return r.facets.Facets(ctx, r.client, catalog.Params{Search: str(search), Filter: where.Filter}, cur, r.now(), i18n.From(ctx))
}
