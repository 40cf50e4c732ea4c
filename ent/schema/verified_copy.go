package schema

import (
	"context"

	"entgo.io/ent"
	"entgo.io/ent/dialect/sql"

	gen "github.com/exportiva/exportiva/ent"
	"github.com/exportiva/exportiva/ent/hook"
	"github.com/exportiva/exportiva/ent/privacy"
	"github.com/exportiva/exportiva/ent/producer"
	"github.com/exportiva/exportiva/ent/product"
)

// products.producer_verified copies producers.verified onto each product so
// that the catalog sorts by it as a plain column (internal/catalog, the
// VERIFIED key), without a subquery per matching row. Two hooks keep it in
// step, in the transaction of the write that changes it:
//
//   - a product takes its producer's flag when it is created (producer_id is
//     immutable, so nothing else can change it from the product's side);
//   - a write that sets a producer's flag (verifyProducer, a verification
//     record's summary, the expiry sweep, a bulk update) rewrites the flag of
//     that producer's products in one UPDATE per 500 producers, after the
//     producer's own row: no product hook runs, updated_at stays, so a
//     producer's verification is not a change of its products for saved
//     searches.
//
// catalog.Backfill repairs any drift at start (rows of an earlier release, a
// write made outside ent).

// verifiedCopyBatch bounds the producer ids of one UPDATE.
const verifiedCopyBatch = 500

// producerVerified sets a new product's copy of its producer's flag.
func producerVerified(ctx context.Context, m *gen.ProductMutation) error {
	if !m.Op().Is(ent.OpCreate) {
		return nil
	}
	pid, ok := m.ProducerID()
	if !ok {
		return nil // the required-edge check reports it
	}
	v, err := m.Client().Producer.Query().Where(producer.ID(pid)).Select(producer.FieldVerified).
		Bool(privacy.DecisionContext(ctx, privacy.Allow))
	if gen.IsNotFound(err) {
		return nil // the foreign key reports it
	}
	if err != nil {
		return err
	}
	m.SetProducerVerified(v)
	return nil
}

// producerVerifiedHook rewrites the products' copy when a producer's flag is
// written (see above).
func producerVerifiedHook(next ent.Mutator) ent.Mutator {
	return hook.ProducerFunc(func(ctx context.Context, m *gen.ProducerMutation) (ent.Value, error) {
		verified, set := m.Verified()
		if !set || m.Op().Is(ent.OpCreate) {
			return next.Mutate(ctx, m)
		}
		// The ids before the write: a bulk update's predicate may test the
		// flag it changes (the sweep's Verified(true)).
		ids, err := m.IDs(privacy.DecisionContext(ctx, privacy.Allow))
		if err != nil {
			return nil, err
		}
		v, err := next.Mutate(ctx, m)
		if err != nil {
			return nil, err
		}
		return v, CopyProducerVerified(ctx, m.Client(), ids, verified)
	})
}

// CopyProducerVerified writes verified onto the products of the producers ids
// (those whose copy differs), one UPDATE per verifiedCopyBatch producers,
// through the client's driver (the caller's transaction, if any).
func CopyProducerVerified(ctx context.Context, c *gen.Client, ids []int, verified bool) error {
	b := sql.Dialect(c.Driver().Dialect())
	for len(ids) > 0 {
		n := min(len(ids), verifiedCopyBatch)
		q, args := b.Update(product.Table).Set(product.FieldProducerVerified, verified).
			Where(sql.And(sql.InInts(product.FieldProducerID, ids[:n]...), sql.NEQ(product.FieldProducerVerified, verified))).Query()
		if err := c.Driver().Exec(ctx, q, args, nil); err != nil {
			return err
		}
		ids = ids[n:]
	}
	return nil
}
