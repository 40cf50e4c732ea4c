package catalog

import (
	"context"
	"reflect"

	"github.com/exportiva/exportiva/ent"
	"github.com/exportiva/exportiva/ent/product"
	"github.com/exportiva/exportiva/internal/authz"
	"github.com/exportiva/exportiva/internal/authz/visible"
	"github.com/exportiva/exportiva/internal/tally"
)

// talliedFields are the where-input fields product_counts answers; a filter
// with any other field set (a new one included) is counted in SQL.
var talliedFields = map[string]bool{"Status": true, "Form": true, "CapacityDimension": true, "HsChapter": true, "HsCodeHasPrefix": true}

// tallied reports the tally filter the query reduces to: no search, no
// predicate besides the where input, and in it only a status, a form, a
// capacity dimension, an HS chapter and an HS code prefix of at most four
// characters (a prefix of the heading the counts are kept by).
func (p *Prepared) tallied() (tally.Filter, bool) {
	var f tally.Filter
	if p.search != nil || len(p.Where) > 0 {
		return f, false
	}
	in := p.Input
	if in == nil {
		return f, p.Filter == nil
	}
	v := reflect.ValueOf(in).Elem()
	t := v.Type()
	for i := range t.NumField() {
		if !talliedFields[t.Field(i).Name] && !v.Field(i).IsZero() {
			return f, false
		}
	}
	if !tally.Answers(in.HsCodeHasPrefix, in.HsChapter) {
		return f, false
	}
	if in.Status != nil {
		s := string(*in.Status)
		f.Status = &s
	}
	if in.Form != nil {
		s := string(*in.Form)
		f.Form = &s
	}
	f.Dimension, f.Chapter, f.Prefix = in.CapacityDimension, in.HsChapter, in.HsCodeHasPrefix
	return f, true
}

// count is the query's totalCount: from product_counts when the filter is
// one it answers (less the hidden products the viewer may not see, which
// the hidden_at index finds: visible.UnseenProducts), else a COUNT over base.
func (p *Prepared) count(ctx context.Context, db *ent.Client, base *ent.ProductQuery, f tally.Filter, tallied bool) (int, error) {
	if !tallied {
		q := base.Clone()
		if in := p.Input; in != nil && in.HsCodeHasPrefix != nil && digits(*in.HsCodeHasPrefix) {
			// The prefix again as a range of codes (HS codes are digits): the
			// count reads the index entries of those codes, not the status's
			// (150 ms → 12 ms for a six-digit prefix at 1,000,000 products).
			q.Where(product.HsCodeGTE(*in.HsCodeHasPrefix))
			if up, ok := nextPrefix(*in.HsCodeHasPrefix); ok {
				q.Where(product.HsCodeLT(up))
			}
		}
		return q.Count(ctx)
	}
	n, err := tally.Sum(ctx, db, f)
	if err != nil {
		return 0, err
	}
	pred, ok := visible.UnseenProducts(ctx)
	if !ok {
		return n, nil
	}
	hidden := db.Product.Query().Where(pred)
	if p.Input != nil {
		if hidden, err = p.Input.Filter(hidden); err != nil {
			return 0, err
		}
	}
	unseen, err := hidden.Count(authz.System(ctx))
	if err != nil {
		return 0, err
	}
	// Never below zero, should the counts have drifted (a write outside ent
	// before the next start's recount).
	return max(0, n-unseen), nil
}

// pagingValid reports whether Paginate would take the paging arguments:
// first or last, not both, neither negative.
func (p *Prepared) pagingValid() bool {
	return (p.First == nil || p.Last == nil) && (p.First == nil || *p.First >= 0) && (p.Last == nil || *p.Last >= 0)
}

// countOnly is the connection of a query that reads no rows (no edges, or
// first or last 0) with its count from product_counts: what Paginate answers
// from its COUNT, the pages around told as it tells them.
func (p *Prepared) countOnly(ctx context.Context, db *ent.Client, base *ent.ProductQuery, f tally.Filter) (*ent.ProductConnection, error) {
	conn := &ent.ProductConnection{Edges: []*ent.ProductEdge{}}
	n, err := p.count(ctx, db, base, f, true)
	if err != nil {
		return nil, err
	}
	conn.TotalCount = n
	conn.PageInfo.HasNextPage = p.First != nil && n > 0
	conn.PageInfo.HasPreviousPage = p.Last != nil && n > 0
	return conn, nil
}
