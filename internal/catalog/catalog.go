// Package catalog answers the buyer's catalog: products found by text (the
// bilingual terms index of internal/search, with relevance and typo tolerance),
// sorted by several keys at once (relevance, verified producers first, price per
// kg, piece or litre across units and currencies, capacity, newest …), paged with
// cursors; the facets of a filter with their counts; and prices converted into
// the buyer's currency.
package catalog

import (
	"context"
	"slices"
	"strconv"
	"strings"

	"entgo.io/contrib/entgql"
	"entgo.io/ent/dialect/sql"
	"github.com/99designs/gqlgen/graphql"

	"github.com/exportiva/exportiva/ent"
	"github.com/exportiva/exportiva/ent/predicate"
	"github.com/exportiva/exportiva/ent/producer"
	"github.com/exportiva/exportiva/ent/product"
	"github.com/exportiva/exportiva/internal/apperr"
	"github.com/exportiva/exportiva/internal/search"
	"github.com/exportiva/exportiva/internal/store"
)

// MaxOrderKeys is the most sort keys one query may give (orderBy plus thenBy).
const MaxOrderKeys = 5

// Params is a catalog query.
type Params struct {
	// Search is the text a buyer typed ("" for none).
	Search string
	// Filter applies the GraphQL where input (nil for none).
	Filter func(*ent.ProductQuery) (*ent.ProductQuery, error)
	// Input is that where input, when the query came with one (Filter is then
	// its Filter): a page plans from it the index it reads through (plan.go).
	Input *ent.ProductWhereInput
	// Where adds predicates (a producer's products …).
	Where []predicate.Product
	// OrderBy is the first key and ThenBy the next ones.
	OrderBy *Order
	ThenBy  []*Order
	// Paging, as entgql's Paginate takes it.
	After, Before *entgql.Cursor[int]
	First, Last   *int
}

// Prepared is a validated query: its filter and its resolved search.
type Prepared struct {
	Params
	search *search.Resolved
	keys   []Order
}

// Prepare validates a query (every error names its argument) and resolves its
// search against the index (one indexed lookup per misspellable word).
func Prepare(ctx context.Context, db *ent.Client, p Params) (*Prepared, error) {
	out := &Prepared{Params: p}
	text := strings.TrimSpace(p.Search)
	if text != "" {
		if search.TooLong(text) {
			return nil, apperr.BadInput([]string{"search"}, "a search may have at most %d characters and %d words", search.MaxSearchLength, search.MaxSearchTerms)
		}
		q := search.Parse(text)
		if !q.Empty() {
			r, err := search.Resolve(ctx, db, q)
			if err != nil {
				return nil, err
			}
			out.search = &r
		}
	}
	if p.OrderBy != nil {
		out.keys = append(out.keys, *p.OrderBy)
	} else if out.search != nil && len(out.search.Alternatives) > 0 {
		out.keys = append(out.keys, Order{Direction: entgql.OrderDirectionDesc, Field: OrderRelevance})
	}
	for i, o := range p.ThenBy {
		if o == nil {
			return nil, apperr.BadInput([]string{"thenBy", itoa(i)}, "a sort key may not be null")
		}
		out.keys = append(out.keys, *o)
	}
	if len(out.keys) > MaxOrderKeys {
		return nil, apperr.BadInput([]string{"thenBy"}, "at most %d sort keys (orderBy and thenBy together)", MaxOrderKeys)
	}
	for i, k := range out.keys {
		if k.Field == OrderRelevance && (out.search == nil || len(out.search.Alternatives) == 0) {
			path := []string{"orderBy"}
			if p.OrderBy == nil || i > 0 {
				path = []string{"thenBy", itoa(i - btoi(p.OrderBy != nil))}
			}
			return nil, apperr.BadInput(path, "RELEVANCE needs a search")
		}
	}
	return out, nil
}

func itoa(i int) string { return strconv.Itoa(i) }

func btoi(b bool) int {
	if b {
		return 1
	}
	return 0
}

// Query returns the product query of the filter and search, without order and paging.
func (p *Prepared) Query(db *ent.Client) (*ent.ProductQuery, error) {
	q := db.Product.Query()
	filter := p.Filter
	if filter == nil && p.Input != nil {
		filter = p.Input.Filter
	}
	if filter != nil {
		var err error
		if q, err = filter(q); err != nil {
			return nil, err
		}
	}
	if len(p.Where) > 0 {
		q = q.Where(p.Where...)
	}
	if p.search != nil {
		q = q.Where(p.search.Predicate())
	}
	return q, nil
}

// Search returns the resolved search (nil without one).
func (p *Prepared) Search() *search.Resolved { return p.search }

// native reports whether entgql's own paging can answer: no search, at most one
// key, and that key one of entgql's.
func (p *Prepared) native() (*ent.ProductOrder, bool) {
	if p.search != nil || len(p.keys) > 1 {
		return nil, false
	}
	if len(p.keys) == 0 {
		return nil, true
	}
	return p.keys[0].entOrder()
}

// Products answers a catalog query as a connection. Without a search and with
// at most one of entgql's keys it is entgql's Paginate; otherwise the filter,
// the search predicate and the keys go into one query whose page is read after
// the cursor by keyset (each key of the cursor's row read by a scalar subquery
// on its primary key), with the node fields the operation selects eager-loaded
// by Paginate; totalCount costs one COUNT, or for a filter that product_counts
// answers a sum of its rows and a count of the hidden products (count.go).
func Products(ctx context.Context, db *ent.Client, p Params) (*ent.ProductConnection, error) {
	prep, err := Prepare(ctx, db, p)
	if err != nil {
		return nil, err
	}
	return prep.Products(ctx, db)
}

// Products answers the prepared query (see the function Products).
func (p *Prepared) Products(ctx context.Context, db *ent.Client) (*ent.ProductConnection, error) {
	ctx = store.PlanForValues(ctx) // the page's filters decide its plan (plan.go)
	base, err := p.Query(db)
	if err != nil {
		return nil, err
	}
	sel := selectionOf(ctx)
	// Decided before the page: its plan rewrites the where input while it runs.
	f, tallied := p.tallied()
	if o, ok := p.native(); ok {
		if !sel.has("edges") || p.First != nil && *p.First == 0 || p.Last != nil && *p.Last == 0 {
			if tallied && !sel.all && p.pagingValid() && (sel.has("totalCount") || sel.has("pageInfo")) {
				return p.countOnly(ctx, db, base, f)
			}
			// No rows to read: Paginate tells the pages around from its count.
			return base.Paginate(ctx, p.After, p.First, p.Before, p.Last, ent.WithProductOrder(o))
		}
		q, err := p.pageQuery(ctx, db, base)
		if err != nil {
			return nil, err
		}
		if graphql.GetFieldContext(ctx) == nil { // outside of an operation: everything, counted by Paginate
			return q.Paginate(ctx, p.After, p.First, p.Before, p.Last, ent.WithProductOrder(o))
		}
		conn, err := q.Paginate(pageOnly(ctx), p.After, p.First, p.Before, p.Last, ent.WithProductOrder(o))
		if err != nil || !sel.has("totalCount") {
			return conn, err
		}
		conn.TotalCount, err = p.count(ctx, db, base, f, tallied)
		return conn, err
	}
	if p.First != nil && p.Last != nil {
		return nil, apperr.BadInput([]string{"last"}, "give first or last, not both")
	}
	conn := &ent.ProductConnection{Edges: []*ent.ProductEdge{}}
	if sel.has("totalCount") {
		if conn.TotalCount, err = p.count(ctx, db, base, f, tallied); err != nil {
			return nil, err
		}
	}
	n, reverse := 0, p.Last != nil
	switch {
	case p.First != nil:
		n = *p.First
	case p.Last != nil:
		n = *p.Last
	}
	if n == 0 || !sel.has("edges") && !sel.has("pageInfo") {
		return conn, nil
	}
	q, err := p.pageQuery(ctx, db, base)
	if err != nil {
		return nil, err
	}
	var score env
	if p.search != nil {
		score.score = p.search.ScoreExpr
	}
	if pricedBy(p.keys) {
		t, err := TableOf(ctx, db)
		if err != nil {
			return nil, err
		}
		score.rates = t.Rates
	}
	fwd := physical(p.keys)
	bwd := reversed(fwd)
	if p.After != nil {
		q = q.Where(after(fwd, score, p.After.ID))
	}
	if p.Before != nil {
		q = q.Where(after(bwd, score, p.Before.ID))
	}
	phys := fwd
	if reverse {
		phys = bwd // read backwards from the end; the page is turned round below
	}
	q = q.Order(func(s *sql.Selector) {
		for _, k := range phys {
			s.OrderExpr(sql.ExprFunc(func(b *sql.Builder) {
				b.Join(k.expr(s.C, score)).WriteString(" " + string(k.dir))
			}))
		}
	}).Limit(n + 1)
	page, err := q.Paginate(ctx, nil, nil, nil, nil)
	if err != nil {
		return nil, err
	}
	edges := page.Edges
	more := len(edges) > n
	if more {
		edges = edges[:n]
	}
	if reverse {
		slices.Reverse(edges)
		conn.PageInfo.HasPreviousPage = more
		conn.PageInfo.HasNextPage = p.Before != nil
	} else {
		conn.PageInfo.HasNextPage = more
		conn.PageInfo.HasPreviousPage = p.After != nil
	}
	conn.Edges = edges
	if len(edges) > 0 {
		conn.PageInfo.StartCursor = &edges[0].Cursor
		conn.PageInfo.EndCursor = &edges[len(edges)-1].Cursor
	}
	return conn, nil
}

// physKey is one ORDER BY term: an expression and its direction.
type physKey struct {
	expr func(col func(string) string, e env) sql.Querier
	dir  entgql.OrderDirection
}

// physical turns the keys into ORDER BY terms: a nullable key first sorts its
// NULLs last (in both directions), then its value; the id breaks ties.
func physical(keys []Order) []physKey {
	var out []physKey
	for _, o := range keys {
		k := keys0(o.Field)
		dir := o.Direction
		if dir == "" {
			dir = entgql.OrderDirectionAsc
		}
		if k.nullable {
			e := k.expr
			out = append(out, physKey{dir: entgql.OrderDirectionAsc, expr: func(col func(string) string, s env) sql.Querier {
				return sql.ExprFunc(func(b *sql.Builder) {
					b.WriteString("CASE WHEN ").Join(e(col, s)).WriteString(" IS NULL THEN 1 ELSE 0 END")
				})
			}})
			out = append(out, physKey{dir: dir, expr: func(col func(string) string, s env) sql.Querier {
				return sql.ExprFunc(func(b *sql.Builder) {
					b.WriteString("COALESCE(").Join(e(col, s)).WriteString(", 0)")
				})
			}})
			continue
		}
		out = append(out, physKey{dir: dir, expr: k.expr})
	}
	return append(out, physKey{dir: entgql.OrderDirectionAsc, expr: column(product.FieldID)})
}

func keys0(f OrderField) key { return keys[f] }

func reversed(keys []physKey) []physKey {
	out := make([]physKey, len(keys))
	for i, k := range keys {
		out[i] = physKey{expr: k.expr, dir: k.dir.Reverse()}
	}
	return out
}

// after returns the keyset predicate "the row comes after the row of id in the
// order of keys": k1 > c1 OR (k1 = c1 AND k2 > c2) OR …, each ci read from the
// cursor's row by a scalar subquery on the primary key. A cursor whose product
// is gone compares with NULL: the page is empty.
func after(keys []physKey, score env, id int) predicate.Product {
	return func(s *sql.Selector) {
		cur := func(c string) string { return "cur." + c }
		s.Where(sql.P(func(b *sql.Builder) {
			b.WriteString("(")
			for i := range keys {
				if i > 0 {
					b.WriteString(" OR ")
				}
				b.WriteString("(")
				for j := 0; j <= i; j++ {
					if j > 0 {
						b.WriteString(" AND ")
					}
					op := " = "
					if j == i {
						op = " > "
						if keys[j].dir == entgql.OrderDirectionDesc {
							op = " < "
						}
					}
					b.Join(keys[j].expr(s.C, score)).WriteString(op).WriteString("(SELECT ").
						Join(keys[j].expr(cur, score)).WriteString(" FROM ").WriteString(product.Table).
						WriteString(" cur WHERE cur.").WriteString(product.FieldID).WriteString(" = ").Arg(id).WriteString(")")
				}
				b.WriteString(")")
			}
			b.WriteString(")")
		}))
	}
}

// selection is what the operation selects of the connection being resolved
// (everything outside of a GraphQL operation): collected once per page.
type selection struct {
	all    bool // outside of an operation: everything
	fields []graphql.CollectedField
}

func selectionOf(ctx context.Context) selection {
	if !graphql.HasOperationContext(ctx) || graphql.GetFieldContext(ctx) == nil {
		return selection{all: true}
	}
	return selection{fields: graphql.CollectFieldsCtx(ctx, nil)}
}

func (s selection) has(name string) bool {
	if s.all {
		return true
	}
	for _, f := range s.fields {
		if f.Name == name {
			return true
		}
	}
	return false
}

// ProducerSearch returns the filter of producers(search:): the producers that
// offer a product the search finds (an EXISTS over the same index lookups).
// ok is false for a search without words.
func ProducerSearch(ctx context.Context, db *ent.Client, text string) (pred predicate.Producer, ok bool, err error) {
	prep, err := Prepare(ctx, db, Params{Search: text})
	if err != nil {
		return nil, false, err
	}
	if prep.search == nil {
		return nil, false, nil
	}
	return producer.HasProductsWith(prep.search.Predicate()), true, nil
}
