package tally_test

import (
	"context"
	"errors"
	"fmt"
	"sync"
	"testing"
	"time"

	"entgo.io/ent/dialect"
	"github.com/stretchr/testify/require"

	"github.com/exportiva/exportiva/ent"
	"github.com/exportiva/exportiva/ent/product"
	"github.com/exportiva/exportiva/ent/productterm"
	"github.com/exportiva/exportiva/internal/authz"
	"github.com/exportiva/exportiva/internal/demo"
	"github.com/exportiva/exportiva/internal/domain"
	"github.com/exportiva/exportiva/internal/tally"
	"github.com/exportiva/exportiva/internal/testdb"
)

var now = time.Date(2026, 12, 4, 8, 0, 0, 0, time.UTC)

// truth is the products counted by key, as GROUP BY reads them.
func truth(t *testing.T, db *ent.Client) map[string]int {
	t.Helper()
	ctx := authz.System(context.Background())
	list, err := db.Product.Query().All(ctx)
	require.NoError(t, err)
	out := map[string]int{}
	for _, p := range list {
		out[fmt.Sprintf("%s/%s/%s/%s", p.Status, p.Form, p.HsCode[:4], p.CapacityDimension)]++
	}
	return out
}

// kept is product_counts without its zero rows.
func kept(t *testing.T, db *ent.Client) map[string]int {
	t.Helper()
	rows, err := db.ProductCount.Query().All(authz.System(context.Background()))
	require.NoError(t, err)
	out := map[string]int{}
	for _, r := range rows {
		if r.N != 0 {
			out[fmt.Sprintf("%s/%s/%s/%s", r.Status, r.Form, r.HsHeading, r.CapacityDimension)] = r.N
		}
	}
	return out
}

// TestCountsFollowEveryWrite: after every kind of product write — creates
// one by one and in bulk, a change of status, form, HS code (its chapter)
// and capacity unit (its dimension), a write that fails, a transaction
// rolled back, a delete, a write to many products — the counts are the
// products' own, on both backends.
func TestCountsFollowEveryWrite(t *testing.T) {
	ctx := authz.System(context.Background())
	db := testdb.Open(t).Client
	_, err := demo.Load(ctx, db, now)
	require.NoError(t, err)
	check := func(step string) {
		t.Helper()
		require.Equal(t, truth(t, db), kept(t, db), step)
	}
	check("the demo's products, created one by one")
	list, err := db.Product.Query().Order(product.ByID()).All(ctx)
	require.NoError(t, err)
	require.GreaterOrEqual(t, len(list), 4)
	p := list[0]

	require.NoError(t, db.Product.UpdateOne(p).SetStatus(domain.ProductPaused).Exec(ctx))
	check("a status changed")
	require.NoError(t, db.Product.UpdateOne(p).SetForm(domain.FormDried).Exec(ctx))
	check("a form changed")
	require.NoError(t, db.Product.UpdateOneID(p.ID).SetHsCode("64039990").Exec(ctx))
	check("an HS code changed into another chapter")
	require.NoError(t, db.Product.UpdateOneID(p.ID).SetHsCode("64029990").Exec(ctx))
	check("an HS code changed into another heading of its chapter")
	require.NoError(t, db.Product.UpdateOneID(list[1].ID).SetCapacityUnit(domain.UnitPiece).Exec(ctx))
	check("a capacity unit changed its dimension")
	require.NoError(t, db.Product.UpdateOneID(list[1].ID).SetNameEnglish("Renamed").Exec(ctx))
	check("a write that touches no key")

	require.Error(t, db.Product.UpdateOneID(list[2].ID).SetStatus(domain.ProductPaused).SetHsCode("x").Exec(ctx))
	check("a write that fails")
	tx, err := db.Tx(ctx)
	require.NoError(t, err)
	require.NoError(t, tx.Product.UpdateOneID(list[2].ID).SetStatus(domain.ProductPaused).Exec(ctx))
	require.NoError(t, tx.Rollback())
	check("a transaction rolled back")
	tx, err = db.Tx(ctx)
	require.NoError(t, err)
	require.NoError(t, tx.Product.UpdateOneID(list[2].ID).SetStatus(domain.ProductPaused).Exec(ctx))
	require.NoError(t, tx.Commit())
	check("a transaction committed")

	src := list[3]
	var bulk []*ent.ProductCreate
	for i := range 3 {
		bulk = append(bulk, db.Product.Create().SetProducerID(src.ProducerID).SetSku(fmt.Sprintf("TALLY-%d", i)).
			SetNameIndonesian("Uji").SetNameEnglish("Test").SetHsCode("03034200").SetForm(domain.FormFrozen).
			SetUnit(domain.UnitKG).SetCapacityAmount(1000).SetCapacityUnit(domain.UnitKG).SetCapacityPeriod(domain.PerMonth))
	}
	made, err := db.Product.CreateBulk(bulk...).Save(ctx)
	require.NoError(t, err)
	check("products created in bulk")

	_, err = db.ProductTerm.Delete().Where(productterm.ProductID(made[0].ID)).Exec(ctx)
	require.NoError(t, err)
	require.NoError(t, db.Product.DeleteOneID(made[0].ID).Exec(ctx))
	check("a product deleted")

	n, err := db.Product.Update().Where(product.ProducerID(src.ProducerID)).SetStatus(domain.ProductArchived).Save(ctx)
	require.NoError(t, err)
	require.Positive(t, n)
	check("a write to many products")
}

// TestRecountRepairs: counts left behind by writes that deferred them, or
// spoiled outside ent, are set right by Recount, which then finds nothing.
func TestRecountRepairs(t *testing.T) {
	ctx := authz.System(context.Background())
	db := testdb.Open(t).Client
	_, err := demo.Load(tally.Deferred(ctx), db, now)
	require.NoError(t, err)
	require.Empty(t, kept(t, db), "deferred writes count nothing")
	changed, err := tally.Recount(ctx, db)
	require.NoError(t, err)
	require.Positive(t, changed)
	require.Equal(t, truth(t, db), kept(t, db))

	rows, err := db.ProductCount.Query().All(ctx)
	require.NoError(t, err)
	require.NoError(t, db.ProductCount.UpdateOne(rows[0]).AddN(5).Exec(ctx))
	require.NoError(t, db.ProductCount.DeleteOne(rows[1]).Exec(ctx))
	require.NoError(t, db.ProductCount.Create().SetStatus("ACTIVE").SetForm("NONE").SetHsHeading("9999").SetCapacityDimension("MASS").SetN(3).Exec(ctx))
	changed, err = tally.Recount(ctx, db)
	require.NoError(t, err)
	require.Equal(t, 3, changed)
	require.Equal(t, truth(t, db), kept(t, db))
	changed, err = tally.Recount(ctx, db)
	require.NoError(t, err)
	require.Zero(t, changed)
}

// TestSumAnswersItsFilters: the sum of each filter is the products' count.
func TestSumAnswersItsFilters(t *testing.T) {
	ctx := authz.System(context.Background())
	db := testdb.Open(t).Client
	_, err := demo.Load(ctx, db, now)
	require.NoError(t, err)
	s := func(v string) *string { return &v }
	for _, c := range []struct {
		f     tally.Filter
		where []func(*ent.ProductQuery)
	}{
		{tally.Filter{}, nil},
		{tally.Filter{Status: s("ACTIVE")}, []func(*ent.ProductQuery){func(q *ent.ProductQuery) { q.Where(product.StatusEQ(domain.ProductActive)) }}},
		{tally.Filter{Status: s("ACTIVE"), Form: s("FROZEN")}, []func(*ent.ProductQuery){func(q *ent.ProductQuery) {
			q.Where(product.StatusEQ(domain.ProductActive), product.FormEQ(domain.FormFrozen))
		}}},
		{tally.Filter{Prefix: s("0")}, []func(*ent.ProductQuery){func(q *ent.ProductQuery) { q.Where(product.HsCodeHasPrefix("0")) }}},
		{tally.Filter{Prefix: s("03"), Dimension: s("MASS")}, []func(*ent.ProductQuery){func(q *ent.ProductQuery) {
			q.Where(product.HsCodeHasPrefix("03"), product.CapacityDimension("MASS"))
		}}},
		{tally.Filter{Chapter: s("64")}, []func(*ent.ProductQuery){func(q *ent.ProductQuery) { q.Where(product.HsChapter("64")) }}},
		{tally.Filter{Prefix: s("1604"), Status: s("ACTIVE")}, []func(*ent.ProductQuery){func(q *ent.ProductQuery) {
			q.Where(product.HsCodeHasPrefix("1604"), product.StatusEQ(domain.ProductActive))
		}}},
		{tally.Filter{Status: s("NONE")}, []func(*ent.ProductQuery){func(q *ent.ProductQuery) { q.Where(product.StatusEQ("NONE")) }}},
	} {
		got, err := tally.Sum(ctx, db, c.f)
		require.NoError(t, err)
		q := db.Product.Query()
		for _, w := range c.where {
			w(q)
		}
		want, err := q.Count(ctx)
		require.NoError(t, err)
		require.Equal(t, want, got, "%+v", c.f)
		if c.f.Status == nil || *c.f.Status != "NONE" {
			require.Positive(t, got, "%+v", c.f)
		}
	}
}

// TestConcurrentWritesCountOnce: transactions changing the same products'
// statuses at once (each reads the row it changes under its lock on
// PostgreSQL; SQLite has one writer) leave the counts the products' own.
func TestConcurrentWritesCountOnce(t *testing.T) {
	ctx := authz.System(context.Background())
	db := testdb.Open(t).Client
	_, err := demo.Load(ctx, db, now)
	require.NoError(t, err)
	ids, err := db.Product.Query().Order(product.ByID()).Limit(3).IDs(ctx)
	require.NoError(t, err)
	statuses := []domain.ProductStatus{domain.ProductActive, domain.ProductPaused, domain.ProductArchived}
	var wg sync.WaitGroup
	errs := make(chan error, 8)
	for w := range 8 {
		wg.Go(func() {
			for i := range 6 {
				tx, err := db.Tx(ctx)
				if err != nil {
					errs <- err
					return
				}
				if err := tx.Product.UpdateOneID(ids[(w+i)%len(ids)]).SetStatus(statuses[(w*7+i)%3]).Exec(ctx); err != nil {
					errs <- errors.Join(err, tx.Rollback())
					return
				}
				if err := tx.Commit(); err != nil {
					errs <- err
					return
				}
			}
		})
	}
	wg.Wait()
	close(errs)
	for err := range errs {
		require.NoError(t, err)
	}
	require.Equal(t, truth(t, db), kept(t, db))
}

// TestTransactionsNeverDeadlockOnCounts: two transactions that write
// products of the same two keys in opposite orders, each waiting for the
// other between its writes, both commit (the counts are written at commit,
// in key order; written at each write, the second writes would wait for each
// other's rows until PostgreSQL aborted one). SQLite runs one writing
// transaction at a time, so the interleaving is PostgreSQL's alone.
func TestTransactionsNeverDeadlockOnCounts(t *testing.T) {
	if testdb.Dialect() != dialect.Postgres {
		t.Skip("SQLite runs one writing transaction at a time")
	}
	ctx := authz.System(context.Background())
	db := testdb.Open(t).Client
	_, err := demo.Load(ctx, db, now)
	require.NoError(t, err)
	src, err := db.Product.Query().Order(product.ByID()).First(ctx)
	require.NoError(t, err)
	create := func(tx *ent.Tx, sku string, form domain.ProductForm) error {
		return tx.Product.Create().SetProducerID(src.ProducerID).SetSku(sku).
			SetNameIndonesian("Uji").SetNameEnglish("Test").SetHsCode("03034200").SetForm(form).
			SetUnit(domain.UnitKG).SetCapacityAmount(1000).SetCapacityUnit(domain.UnitKG).SetCapacityPeriod(domain.PerMonth).Exec(ctx)
	}
	var both sync.WaitGroup
	both.Add(2)
	var wg sync.WaitGroup
	errs := make(chan error, 2)
	for i, forms := range [][2]domain.ProductForm{{domain.FormFrozen, domain.FormDried}, {domain.FormDried, domain.FormFrozen}} {
		wg.Go(func() {
			tx, err := db.Tx(ctx)
			if err != nil {
				both.Done()
				errs <- err
				return
			}
			err = create(tx, fmt.Sprintf("LOCK-%d-a", i), forms[0])
			both.Done()
			both.Wait() // each holds what its first write took
			if err == nil {
				err = create(tx, fmt.Sprintf("LOCK-%d-b", i), forms[1])
			}
			if err != nil {
				errs <- errors.Join(err, tx.Rollback())
				return
			}
			errs <- tx.Commit()
		})
	}
	wg.Wait()
	close(errs)
	for err := range errs {
		require.NoError(t, err)
	}
	require.Equal(t, truth(t, db), kept(t, db))
}

// TestWritesOfNoProduct: an update or delete of a product that does not
// exist answers ent's not-found error and changes no count.
func TestWritesOfNoProduct(t *testing.T) {
	ctx := authz.System(context.Background())
	db := testdb.Open(t).Client
	_, err := demo.Load(ctx, db, now)
	require.NoError(t, err)
	err = db.Product.UpdateOneID(1).SetStatus(domain.ProductPaused).Exec(ctx)
	require.True(t, ent.IsNotFound(err), "%v", err)
	require.ErrorContains(t, err, "product not found")
	err = db.Product.DeleteOneID(1).Exec(ctx)
	require.True(t, ent.IsNotFound(err), "%v", err)
	require.Equal(t, truth(t, db), kept(t, db))
}
