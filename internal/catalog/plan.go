package catalog

import (
	"context"
	"strings"
	"time"

	"entgo.io/ent/dialect/sql"
	"github.com/99designs/gqlgen/graphql"
	"github.com/hashicorp/golang-lru/v2/expirable"
	"github.com/vektah/gqlparser/v2/ast"

	"github.com/exportiva/exportiva/ent"
	"github.com/exportiva/exportiva/ent/predicate"
	"github.com/exportiva/exportiva/ent/product"
	"github.com/exportiva/exportiva/internal/domain"
)

// A catalog page can read its rows in two ways: walk the index of its order
// (status, key, id) and check the filter row by row until the page is full,
// which is cheap when the filter keeps many rows; or read the rows the filter
// selects through the filter's own index and sort them, which is cheap when it
// keeps few. Which one is cheaper depends on the values asked (a form most
// products have, or one none has; HS chapter 03, or a heading of three
// products), and SQLite keeps no statistics per value: left to itself it
// chose the form's index for FROZEN (a quarter of the catalog, sorted whole)
// and walked the whole order index for a prefix no product has.
//
// So the page decides itself, for the filters of the catalog's own indexes —
// the HS prefix and the form (product_status_form_hs, product_hs_code), the
// capacity (product_status_dimension_capacity_*) — given beside a status at
// the top of the where input. For each such index a bounded read counts the
// products its filters keep, up to selectiveRows. When one keeps at most
// that many, the page reads through it (the HS prefix as a range of codes
// beside its LIKE, which no index serves) and the other filters are checked
// on its rows; otherwise every one of them is written so that no index serves
// it (but a capacity filter of a page ordered by capacity, which its index
// checks), and the database walks the order's index. A page then sorts at
// most selectiveRows rows, or walks about first × catalog ÷ selectiveRows
// entries of its order's index when the filters are not correlated with the
// order (more when they are: FROZEN products are named "Frozen …"), after
// one or two counts that read their index until selectiveRows+1 entries are
// kept (all the entries of the filter's range when fewer are) — none when
// the same filters were planned within the last minute: the choice is kept.
// A page ordered by capacity whose filters that index checks (the
// catalog's first page: prefix, dimension, capacity ≥ …) also counts its
// capacity range, up to maxRangeCount entries, and walks the index rather
// than sort the kept rows when the walk would read fewer (choose).
// The same SQL serves SQLite and PostgreSQL.
//
// Not planned: a page with a search (its terms decide), a filter without a
// status, filters inside and/or/not (applied as given), and an order without
// an index to walk (walkable).
var selectiveRows = 8192 // a variable for the tests of both ways on a small catalog

// chosen keeps the index chosen for recent filters (a repeated page plans
// without counting). A choice only decides the cost, never the rows, so one
// kept for planMemory while the catalog changes costs at most a slower page.
var chosen = expirable.NewLRU[planKey, via](4096, nil, planMemory)

const planMemory = time.Minute

// planKey is a choice's key: the client, the threshold (tests change it) and
// the filters' values.
type planKey struct {
	db        *ent.Client
	threshold int
	a         accessKey
}

// accessKey is access by value.
type accessKey struct {
	status, prefix, form, dim string
	capGTE, capGT             float64
	hasGTE, hasGT, byID       bool
	byCapacity                bool
}

func (a access) comparable() accessKey {
	k := accessKey{status: string(a.status), prefix: a.prefix, byID: a.byID, byCapacity: a.byCapacity}
	if a.form != nil {
		k.form = string(*a.form)
	}
	if a.dim != nil {
		k.dim = *a.dim
	}
	if a.capGTE != nil {
		k.capGTE, k.hasGTE = *a.capGTE, true
	}
	if a.capGT != nil {
		k.capGT, k.hasGT = *a.capGT, true
	}
	return k
}

// walkable reports whether the order has an index to walk (status, key, id;
// the id alone without a key; the capacity's own): a single key of NAME,
// PRICE, LEAD_TIME, CREATED_AT or CAPACITY. Other orders (several keys,
// UPDATED_AT, HS_CODE, VERIFIED, prices per unit) are not planned: with no
// index to walk, the filters as given narrow the rows to sort.
func walkable(keys []Order) bool {
	if len(keys) == 0 {
		return true
	}
	switch keys[0].Field {
	case "NAME", "PRICE", "LEAD_TIME", "CREATED_AT", "CAPACITY":
		return len(keys) == 1
	}
	return false
}

// access holds the planned filters of a where input.
type access struct {
	// byCapacity: the page is ordered by capacity, whose index also checks
	// the capacity filters (kept as given when the page walks it).
	byCapacity bool
	// byID: the page has no order key, so it is in id order, which only the
	// primary key gives: the status is then written so that no index of
	// it serves the page (the database would read every product of the
	// status through one and sort them), unless the status alone is
	// selective (viaStatus).
	byID   bool
	status domain.ProductStatus
	prefix string // digits; "" for none
	form   *domain.ProductForm
	dim    *string
	capGTE *float64
	capGT  *float64
}

// via is the index a page reads through.
type via int

const (
	viaOrder    via = iota // the order's index
	viaForm                // status, form, HS code
	viaHS                  // the HS code
	viaCapacity            // status, capacity dimension, capacity
	viaStatus              // any index led by the status: a page in id order filtered by status alone
)

// split takes the filters the page plans out of in and returns them, with
// the function that puts them back (ok false: nothing to plan, in is
// unchanged). The input is the request's own; it is changed only between
// split and restore, in the request's goroutine (copying it would allocate
// its 2.5 kB of fields per page).
func split(in *ent.ProductWhereInput, byID bool) (a access, restore func(), ok bool) {
	if in == nil || in.Status == nil {
		return access{}, nil, false
	}
	a.status, a.byID = *in.Status, byID
	if p := in.HsCodeHasPrefix; p != nil && digits(*p) {
		a.prefix = *p
	}
	a.form = in.Form
	if in.CapacityMonthlyGTE != nil || in.CapacityMonthlyGT != nil || byID {
		// In id order the dimension alone is planned too: SQLite would
		// otherwise skip-scan the capacity index for it and sort.
		a.capGTE, a.capGT, a.dim = in.CapacityMonthlyGTE, in.CapacityMonthlyGT, in.CapacityDimension
	}
	if a.prefix == "" && a.form == nil && a.capGTE == nil && a.capGT == nil && !byID {
		return access{}, nil, false
	}
	status, prefix, form, dim, gte, gt := in.Status, in.HsCodeHasPrefix, in.Form, in.CapacityDimension, in.CapacityMonthlyGTE, in.CapacityMonthlyGT
	in.Status = nil
	if a.prefix != "" {
		in.HsCodeHasPrefix = nil
	}
	in.Form = nil
	if a.capGTE != nil || a.capGT != nil || a.dim != nil {
		in.CapacityDimension, in.CapacityMonthlyGTE, in.CapacityMonthlyGT = nil, nil, nil
	}
	return a, func() {
		in.Status, in.HsCodeHasPrefix, in.Form, in.CapacityDimension, in.CapacityMonthlyGTE, in.CapacityMonthlyGT = status, prefix, form, dim, gte, gt
	}, true
}

func digits(s string) bool {
	if s == "" {
		return false
	}
	for _, c := range s {
		if c < '0' || c > '9' {
			return false
		}
	}
	return true
}

// candidates are the indexes that could serve the filters, the narrowest
// first: the form's index also checks the prefix.
func (a access) candidates() []via {
	var out []via
	switch {
	case a.form != nil:
		out = append(out, viaForm)
	case a.prefix != "":
		out = append(out, viaHS)
	}
	if a.capGTE != nil || a.capGT != nil {
		out = append(out, viaCapacity)
	}
	if len(out) == 0 && a.byID {
		out = append(out, viaStatus)
	}
	return out
}

// choose returns the index to read through: the candidate whose filters keep
// the fewest products when that is at most selectiveRows, else the order's.
// A page ordered by capacity walks the capacity's index instead (it is the
// order's, and checks the capacity filter) when the walk reads fewer entries
// than the best candidate keeps: about typicalPage × range ÷ kept entries,
// where range is what the capacity filter alone keeps (counted up to what
// decides, at most maxRangeCount) and kept what the candidate does — when
// that estimate holds (walkEstimated).
func (a access) choose(ctx context.Context, db *ent.Client) (via, error) {
	best, least := viaOrder, selectiveRows+1
	for _, v := range a.candidates() {
		// The index's entries alone, at most that many (a planning estimate:
		// no privacy).
		n, err := boundedCount(ctx, db, a.status, a.indexed(v), selectiveRows+1)
		if err != nil {
			return viaOrder, err
		}
		if n < least {
			best, least = v, n
		}
	}
	if best != viaOrder && a.byCapacity && least > 0 && a.walkEstimated(best) {
		walk := least * least / typicalPage // the range at which walking reads as many entries as the candidate keeps
		limit := min(walk, maxRangeCount)
		n, err := boundedCount(ctx, db, a.status, a.capacity(true), limit+1)
		if err != nil {
			return viaOrder, err
		}
		if n <= limit {
			return viaOrder, nil
		}
	}
	return best, nil
}

// walkEstimated tells whether best's count says how densely the capacity
// walk finds the page: when best is the capacity's index checking every
// planned filter (no form; a prefix only with the dimension), or when there
// is no capacity filter (the walk's range is the whole status, over which
// best counted). A form or prefix counted over the status beside a capacity
// range says nothing of its density within the range.
func (a access) walkEstimated(best via) bool {
	if a.capGTE == nil && a.capGT == nil && a.dim == nil {
		return true
	}
	return best == viaCapacity && a.form == nil && (a.prefix == "" || a.dim != nil)
}

// typicalPage is the page size the walk's cost is estimated for, and
// maxRangeCount the most entries choose counts of a capacity range: past
// it the page reads through the candidate (at most selectiveRows rows
// sorted), the walk's cost being unknown.
const (
	typicalPage   = 20
	maxRangeCount = 1 << 16
)

// boundedCount is SELECT COUNT(*) FROM (SELECT id … LIMIT limit): the
// products of the status that preds keep, read from the index alone, at
// most limit.
func boundedCount(ctx context.Context, db *ent.Client, status domain.ProductStatus, preds []predicate.Product, limit int) (int, error) {
	d := sql.Dialect(db.Driver().Dialect())
	t := sql.Table(product.Table)
	sub := d.Select(t.C(product.FieldID)).From(t).Where(sql.EQ(t.C(product.FieldStatus), status)).Limit(limit)
	for _, p := range preds {
		p(sub)
	}
	query, args := d.Select(sql.Count("*")).From(sub.As("kept")).Query()
	rows := &sql.Rows{}
	if err := db.Driver().Query(ctx, query, args, rows); err != nil {
		return 0, err
	}
	n, err := sql.ScanInt(rows)
	if cerr := rows.Close(); err == nil {
		err = cerr
	}
	return n, err
}

// indexed returns the filters index v checks, written so that it serves them:
// the form's index checks the form and the HS prefix as a range of codes, the
// HS code's the range, the capacity's the dimension and capacity, and the
// prefix on its entries (the HS code is its last column).
func (a access) indexed(v via) []predicate.Product {
	var out []predicate.Product
	if a.checksPrefix(v) {
		out = append(out, product.HsCodeHasPrefix(a.prefix))
		if v == viaForm || v == viaHS {
			out = append(out, product.HsCodeGTE(a.prefix))
			if up, ok := nextPrefix(a.prefix); ok {
				out = append(out, product.HsCodeLT(up))
			}
		}
	}
	switch v {
	case viaForm:
		out = append(out, product.FormEQ(*a.form))
	case viaCapacity:
		out = append(out, a.capacity(true)...)
	}
	return out
}

// checksPrefix tells whether index v checks the HS prefix (the capacity's
// only with the dimension).
func (a access) checksPrefix(v via) bool {
	return a.prefix != "" && (v != viaCapacity || a.dim != nil)
}

// predicates returns the page's planned filters. When v is the order's index
// (the one left to the database to walk): the status as it is and every other
// one written so that no index serves it. Otherwise the ids that v's filters
// keep, read through v (a subquery whose only access is that index, which
// also checks the status), and the filters v does not check written so that
// no index serves them; the database then sorts those rows.
func (a access) predicates(v via) []predicate.Product {
	if v != viaOrder {
		return a.through(v)
	}
	// The status leads every order's index: written as it is, the database
	// walks one.
	out := []predicate.Product{product.StatusEQ(a.status)}
	if a.byID {
		out[0] = opaqueText(product.FieldStatus, string(a.status))
	}
	if a.prefix != "" {
		out = append(out, a.opaquePrefix())
	}
	if a.form != nil {
		out = append(out, opaqueText(product.FieldForm, string(*a.form)))
	}
	if a.capGTE != nil || a.capGT != nil || a.dim != nil {
		out = append(out, a.capacity(a.byCapacity)...)
	}
	return out
}

// through returns the planned filters of a page read through index v: its
// subquery, and beside it only what v does not check. No status is left on
// the page itself, so no index of an order (all lead with the status) can
// serve it, and the subquery drives.
func (a access) through(v via) []predicate.Product {
	var out []predicate.Product
	if a.prefix != "" && !a.checksPrefix(v) {
		out = append(out, a.opaquePrefix())
	}
	if a.form != nil && v != viaForm {
		out = append(out, opaqueText(product.FieldForm, string(*a.form)))
	}
	if (a.capGTE != nil || a.capGT != nil || a.dim != nil) && v != viaCapacity {
		out = append(out, a.capacity(false)...)
	}
	return append(out, func(s *sql.Selector) {
		t := sql.Table(product.Table).As("planned")
		sub := sql.Select(t.C(product.FieldID)).From(t).Where(sql.EQ(t.C(product.FieldStatus), a.status))
		for _, p := range a.indexed(v) {
			p(sub)
		}
		s.Where(sql.In(s.C(product.FieldID), sub))
	})
}

// opaquePrefix is the HS prefix as a LIKE no index serves.
func (a access) opaquePrefix() predicate.Product {
	return func(s *sql.Selector) {
		s.Where(sql.P(func(b *sql.Builder) {
			b.WriteString("(" + s.C(product.FieldHsCode) + " || '') LIKE ").Arg(a.prefix + "%") // digits: nothing to escape
		}))
	}
}

func (a access) capacity(indexed bool) []predicate.Product {
	var out []predicate.Product
	if a.dim != nil {
		if indexed {
			out = append(out, product.CapacityDimensionEQ(*a.dim))
		} else {
			out = append(out, opaqueText(product.FieldCapacityDimension, *a.dim))
		}
	}
	bound := func(op string, x float64) predicate.Product {
		if indexed {
			if op == ">=" {
				return product.CapacityMonthlyGTE(x)
			}
			return product.CapacityMonthlyGT(x)
		}
		return func(s *sql.Selector) {
			s.Where(sql.P(func(b *sql.Builder) {
				b.WriteString("(" + s.C(product.FieldCapacityMonthly) + " + 0) " + op + " ").Arg(x)
			}))
		}
	}
	if a.capGTE != nil {
		out = append(out, bound(">=", *a.capGTE))
	}
	if a.capGT != nil {
		out = append(out, bound(">", *a.capGT))
	}
	return out
}

// opaqueText is column = v written as an expression no index serves.
func opaqueText(column, v string) predicate.Product {
	return func(s *sql.Selector) {
		s.Where(sql.P(func(b *sql.Builder) {
			b.WriteString("(" + s.C(column) + " || '') = ").Arg(v)
		}))
	}
}

// nextPrefix returns the smallest digit string above every code with the
// prefix ("0303" → "0304", "0399" → "04"); false for a prefix of nines only.
func nextPrefix(p string) (string, bool) {
	p = strings.TrimRight(p, "9")
	if p == "" {
		return "", false
	}
	return p[:len(p)-1] + string(p[len(p)-1]+1), true
}

// planned returns the page's query: the filter with its planned part written
// for the index chosen (ok false: nothing planned, the caller queries as
// given).
func (p *Prepared) planned(ctx context.Context, db *ent.Client) (*ent.ProductQuery, bool, error) {
	if p.Input == nil || p.search != nil || !walkable(p.keys) {
		return nil, false, nil
	}
	a, restore, ok := split(p.Input, len(p.keys) == 0)
	if !ok {
		return nil, false, nil
	}
	a.byCapacity = len(p.keys) == 1 && p.keys[0].Field == "CAPACITY"
	q, err := func() (*ent.ProductQuery, error) {
		defer restore()
		return p.Input.Filter(db.Product.Query()) // the rest of the input: its predicates are built now
	}()
	if err != nil {
		return nil, false, err
	}
	key := planKey{db: db, threshold: selectiveRows, a: a.comparable()}
	v, ok := chosen.Get(key)
	if !ok {
		var err error
		if v, err = a.choose(ctx, db); err != nil {
			return nil, false, err
		}
		chosen.Add(key, v)
	}
	q = q.Where(a.predicates(v)...)
	if len(p.Where) > 0 {
		q = q.Where(p.Where...)
	}
	return q, true, nil
}

// pageOnly returns ctx for entgql's Paginate of a page whose operation
// selects its edges: without the connection's pageInfo and totalCount.
// Paginate counts the whole filter whenever either is selected, although it
// tells the next page from the one row it reads past the page; the page's
// totalCount is counted by the caller, over the filter as given (whose
// indexes a count reads best), and pageInfo is resolved from the connection
// Paginate returns. Outside of an operation ctx is returned as it is.
func pageOnly(ctx context.Context) context.Context {
	fc := graphql.GetFieldContext(ctx)
	if fc == nil || !graphql.HasOperationContext(ctx) {
		return ctx
	}
	kept := make(ast.SelectionSet, 0, len(fc.Field.Selections))
	for _, s := range fc.Field.Selections {
		if f, ok := s.(*ast.Field); ok && (f.Name == "pageInfo" || f.Name == "totalCount") {
			continue
		}
		kept = append(kept, s)
	}
	if len(kept) == len(fc.Field.Selections) {
		return ctx
	}
	c := *fc
	c.Field.Selections = kept
	ctx = graphql.WithFieldContext(ctx, &c)
	c.Parent = fc.Parent // the same place in the response
	return ctx
}

// pageQuery returns the query the page's rows are read with: planned, or
// base (the filter as given) when there is nothing to plan.
func (p *Prepared) pageQuery(ctx context.Context, db *ent.Client, base *ent.ProductQuery) (*ent.ProductQuery, error) {
	q, ok, err := p.planned(ctx, db)
	if err != nil || !ok {
		return base.Clone(), err // base is counted after the page
	}
	return q, nil
}
