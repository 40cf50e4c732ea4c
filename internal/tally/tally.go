// Package tally keeps product_counts: how many products share one status,
// form, HS heading (the code's first four digits) and capacity dimension,
// hidden ones included. Hook, one of the Product's hooks, moves each written
// product from its old key to its new one: summed per transaction and written
// at its commit in key order (count), at once outside of one. Recount repairs
// the table from the products (at start, after a bulk load that deferred the
// counts, after a write to many products at once). The catalog's totalCount
// sums it (Sum) for the filters it can answer, so a count of a million
// products reads a few hundred rows instead of a million index entries.
package tally

import (
	"cmp"
	"context"
	"errors"
	"fmt"
	"slices"
	"sync"

	"entgo.io/ent/dialect"
	"entgo.io/ent/dialect/sql"

	"github.com/exportiva/exportiva/ent"
	"github.com/exportiva/exportiva/ent/hook"
	"github.com/exportiva/exportiva/ent/predicate"
	"github.com/exportiva/exportiva/ent/product"
	"github.com/exportiva/exportiva/ent/productcount"
	"github.com/exportiva/exportiva/internal/authz"
)

// Hook keeps the counts current on every product write of every client.
var Hook = hook.On(countHook, ent.OpCreate|ent.OpUpdateOne|ent.OpUpdate|ent.OpDeleteOne|ent.OpDelete)

type deferKey struct{}

// Deferred returns a context whose product writes leave the counts alone: a
// bulk loader that calls Recount when it is done uses it.
func Deferred(ctx context.Context) context.Context { return context.WithValue(ctx, deferKey{}, true) }

// key is one row of product_counts.
type key struct{ status, form, heading, dimension string }

// keyFields are the product columns a count is kept by.
var keyFields = []string{product.FieldStatus, product.FieldForm, product.FieldHsCode, product.FieldCapacityDimension}

func touches(m *ent.ProductMutation) bool {
	for _, f := range keyFields {
		if _, ok := m.Field(f); ok {
			return true
		}
	}
	return false
}

// errNoRow: the product an UpdateOne or DeleteOne names does not exist.
var errNoRow = errors.New("counting products: no such product")

// oldKey is the key of the product an UpdateOne or DeleteOne changes, read
// from its row (not from the entity an UpdateOne was given, which may be
// older); on PostgreSQL the row is locked until the write's transaction ends,
// so two writes of one product count one after the other.
func oldKey(ctx context.Context, m *ent.ProductMutation) (key, error) {
	id, ok := m.ID()
	if !ok {
		return key{}, errors.New("counting products: a write of one product without its id")
	}
	var rows []struct {
		Status    string `json:"status"`
		Form      string `json:"form"`
		Code      string `json:"hs_code"`
		Dimension string `json:"capacity_dimension"`
	}
	err := m.Client().Product.Query().Where(product.ID(id)).Select(keyFields...).
		Modify(func(s *sql.Selector) {
			if s.Dialect() == dialect.Postgres {
				s.ForUpdate()
			}
		}).Scan(authz.System(ctx), &rows)
	if err != nil {
		return key{}, err
	}
	if len(rows) == 0 {
		return key{}, errNoRow
	}
	r := rows[0]
	return key{r.Status, r.Form, heading(r.Code), r.Dimension}, nil
}

// newKey is the key after the mutation: its values where it sets them, the
// old ones elsewhere (none of the four can be cleared).
func newKey(m *ent.ProductMutation, old key) key {
	k := old
	if v, ok := m.Status(); ok {
		k.status = string(v)
	}
	if v, ok := m.Form(); ok {
		k.form = string(v)
	}
	if v, ok := m.HsCode(); ok {
		k.heading = heading(v)
	}
	if v, ok := m.CapacityDimension(); ok {
		k.dimension = v
	}
	return k
}

func countHook(next ent.Mutator) ent.Mutator {
	return hook.ProductFunc(func(ctx context.Context, m *ent.ProductMutation) (ent.Value, error) {
		if ctx.Value(deferKey{}) != nil {
			return next.Mutate(ctx, m)
		}
		switch op := m.Op(); {
		case op.Is(ent.OpCreate):
			v, err := next.Mutate(ctx, m)
			if err != nil {
				return v, err
			}
			return v, count(ctx, m, map[key]int{newKey(m, key{}): 1}, false)
		case op.Is(ent.OpUpdateOne) && !touches(m):
			return next.Mutate(ctx, m)
		case op.Is(ent.OpUpdateOne), op.Is(ent.OpDeleteOne):
			old, err := oldKey(ctx, m)
			if errors.Is(err, errNoRow) {
				return next.Mutate(ctx, m) // no such product: ent's own not-found error, nothing to count
			}
			if err != nil {
				return nil, err
			}
			v, err := next.Mutate(ctx, m)
			if err != nil {
				return v, err
			}
			if op.Is(ent.OpDeleteOne) {
				return v, count(ctx, m, map[key]int{old: -1}, false)
			}
			if now := newKey(m, old); now != old {
				return v, count(ctx, m, map[key]int{old: -1, now: 1}, false)
			}
			return v, nil
		case op.Is(ent.OpUpdate) && !touches(m):
			return next.Mutate(ctx, m)
		default: // a write to many products: count them all again
			v, err := next.Mutate(ctx, m)
			if err != nil {
				return v, err
			}
			return v, count(ctx, m, nil, true)
		}
	})
}

// pending are the count changes of one transaction, written when it commits.
type pending struct {
	mu      sync.Mutex
	deltas  map[key]int
	recount bool
}

// open holds the pending changes by transaction (its driver), from its first
// product write to its commit or rollback.
var open sync.Map

// count records the mutation's changes. In a transaction they are summed and
// written when it commits, in key order: the rows of product_counts are then
// locked for the commit alone (a long import holds none of them meanwhile),
// always in the same order (two transactions moving products between the
// same two rows in opposite directions cannot deadlock on PostgreSQL), and
// a transaction rolled back writes nothing. Outside of one they are written
// at once. all counts every product again instead.
func count(ctx context.Context, m *ent.ProductMutation, deltas map[key]int, all bool) error {
	tx, err := m.Tx()
	if err != nil { // not in a transaction
		if all {
			_, err := recount(ctx, m.Client())
			return err
		}
		return apply(ctx, m.Client(), deltas)
	}
	drv := m.Client().Driver()
	v, loaded := open.LoadOrStore(drv, &pending{deltas: map[key]int{}})
	p := v.(*pending)
	if !loaded {
		tx.OnCommit(func(next ent.Committer) ent.Committer {
			return ent.CommitFunc(func(ctx context.Context, tx *ent.Tx) error {
				open.Delete(drv)
				if err := p.write(ctx, tx); err != nil {
					return err
				}
				return next.Commit(ctx, tx)
			})
		})
		tx.OnRollback(func(next ent.Rollbacker) ent.Rollbacker {
			return ent.RollbackFunc(func(ctx context.Context, tx *ent.Tx) error {
				open.Delete(drv)
				return next.Rollback(ctx, tx)
			})
		})
	}
	p.mu.Lock()
	defer p.mu.Unlock()
	for k, d := range deltas {
		p.deltas[k] += d
	}
	p.recount = p.recount || all
	return nil
}

// write applies a transaction's pending changes in it, before its commit.
func (p *pending) write(ctx context.Context, tx *ent.Tx) error {
	p.mu.Lock()
	defer p.mu.Unlock()
	if p.recount {
		_, err := RecountTx(ctx, tx)
		return err
	}
	return apply(ctx, tx.Client(), p.deltas)
}

// apply changes the counts, in key order: an UPDATE of the row, or when it
// has none yet an upsert (which alone would take a PostgreSQL identity value
// at each write).
func apply(ctx context.Context, db *ent.Client, deltas map[key]int) error {
	ctx = authz.System(ctx)
	keys := make([]key, 0, len(deltas))
	for k, d := range deltas {
		if d != 0 {
			keys = append(keys, k)
		}
	}
	slices.SortFunc(keys, func(a, b key) int {
		return cmp.Or(cmp.Compare(a.status, b.status), cmp.Compare(a.form, b.form),
			cmp.Compare(a.heading, b.heading), cmp.Compare(a.dimension, b.dimension))
	})
	for _, k := range keys {
		n, err := db.ProductCount.Update().
			Where(productcount.Status(k.status), productcount.Form(k.form), productcount.HsHeading(k.heading),
				productcount.CapacityDimension(k.dimension)).
			AddN(deltas[k]).Save(ctx)
		if err != nil {
			return fmt.Errorf("counting products: %w", err)
		}
		if n == 0 {
			if err := add(ctx, db, k, deltas[k]); err != nil {
				return err
			}
		}
	}
	return nil
}

// add changes the count of k by d (one upsert).
func add(ctx context.Context, db *ent.Client, k key, d int) error {
	err := db.ProductCount.Create().
		SetStatus(k.status).SetForm(k.form).SetHsHeading(k.heading).SetCapacityDimension(k.dimension).SetN(d).
		OnConflictColumns(productcount.FieldStatus, productcount.FieldForm, productcount.FieldHsHeading, productcount.FieldCapacityDimension).
		AddN(d).Exec(authz.System(ctx))
	if err != nil {
		return fmt.Errorf("counting products: %w", err)
	}
	return nil
}

// Recount sets every count from the products table and returns how many it
// changed (0 when the table was right), in a transaction of its own
// (RecountTx).
func Recount(ctx context.Context, db *ent.Client) (int, error) {
	tx, err := db.Tx(ctx)
	if err != nil {
		return 0, err
	}
	n, err := RecountTx(ctx, tx)
	if err != nil {
		return 0, fmt.Errorf("%w (rollback: %v)", err, tx.Rollback())
	}
	return n, tx.Commit()
}

// RecountTx is Recount in the caller's transaction. On PostgreSQL it locks
// the table first, so a product write that commits meanwhile is either in
// the recount or changes the counts after it.
func RecountTx(ctx context.Context, tx *ent.Tx) (int, error) {
	if tx.Client().Driver().Dialect() == dialect.Postgres {
		if err := tx.Client().Driver().Exec(ctx, "LOCK TABLE "+productcount.Table+" IN EXCLUSIVE MODE", []any{}, nil); err != nil {
			return 0, err
		}
	}
	return recount(ctx, tx.Client())
}

func recount(ctx context.Context, db *ent.Client) (int, error) {
	ctx = authz.System(ctx)
	var rows []struct {
		Status    string `json:"status"`
		Form      string `json:"form"`
		Heading   string `json:"heading"`
		Dimension string `json:"capacity_dimension"`
		N         int    `json:"n"`
	}
	// SUBSTR(hs_code, 1, 4): the same in SQLite and PostgreSQL.
	t := sql.Table(product.Table)
	q, args := sql.Dialect(db.Driver().Dialect()).
		Select(t.C(product.FieldStatus), t.C(product.FieldForm), sql.As("SUBSTR("+t.C(product.FieldHsCode)+", 1, 4)", "heading"),
			t.C(product.FieldCapacityDimension), sql.As(sql.Count("*"), "n")).
		From(t).GroupBy(t.C(product.FieldStatus), t.C(product.FieldForm), "SUBSTR("+t.C(product.FieldHsCode)+", 1, 4)", t.C(product.FieldCapacityDimension)).
		Query()
	res := &sql.Rows{}
	if err := db.Driver().Query(ctx, q, args, res); err != nil {
		return 0, err
	}
	if err := sql.ScanSlice(res, &rows); err != nil {
		_ = res.Close() // the scan's error is the one to report
		return 0, err
	}
	if err := res.Close(); err != nil {
		return 0, err
	}
	truth := make(map[key]int, len(rows))
	for _, r := range rows {
		truth[key{r.Status, r.Form, r.Heading, r.Dimension}] = r.N
	}
	kept, err := db.ProductCount.Query().All(ctx)
	if err != nil {
		return 0, err
	}
	changed := 0
	for _, c := range kept {
		k := key{c.Status, c.Form, c.HsHeading, c.CapacityDimension}
		n := truth[k]
		delete(truth, k)
		if c.N == n {
			continue
		}
		if err := db.ProductCount.UpdateOneID(c.ID).SetN(n).Exec(ctx); err != nil {
			return 0, err
		}
		changed++
	}
	for k, n := range truth {
		if err := add(ctx, db, k, n); err != nil {
			return 0, err
		}
		changed++
	}
	return changed, nil
}

// heading is an HS code's first four digits (every code has six or more).
func heading(code string) string { return code[:min(4, len(code))] }

// Filter is a count the table answers: products with every value given
// (nil for any).
type Filter struct {
	Status, Form, Dimension *string
	// Prefix is a prefix of the HS code of at most four characters (a prefix
	// of the heading); Chapter a chapter of two (the code's first two digits).
	Prefix, Chapter *string
}

// Answers reports whether the table can count products by an HS code prefix
// of this length and a chapter of that one (nil for none).
func Answers(prefix, chapter *string) bool {
	return (prefix == nil || len(*prefix) <= 4) && (chapter == nil || len(*chapter) == 2)
}

// Sum returns how many products the filter keeps, hidden ones included.
func Sum(ctx context.Context, db *ent.Client, f Filter) (int, error) {
	var preds []predicate.ProductCount
	if f.Status != nil {
		preds = append(preds, productcount.Status(*f.Status))
	}
	if f.Form != nil {
		preds = append(preds, productcount.Form(*f.Form))
	}
	if f.Dimension != nil {
		preds = append(preds, productcount.CapacityDimension(*f.Dimension))
	}
	for _, p := range []*string{f.Prefix, f.Chapter} {
		if p != nil && *p != "" {
			preds = append(preds, productcount.HsHeadingHasPrefix(*p))
		}
	}
	var out []struct {
		N *int `json:"sum"`
	}
	err := db.ProductCount.Query().Where(preds...).Aggregate(ent.Sum(productcount.FieldN)).Scan(authz.System(ctx), &out)
	if err != nil || len(out) == 0 || out[0].N == nil {
		return 0, err
	}
	return *out[0].N, nil
}
