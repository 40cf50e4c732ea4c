package match

import (
	"context"
	"sync/atomic"

	"entgo.io/ent"

	gen "github.com/exportiva/exportiva/ent"
)

// Watch calls changed after every successful write to what matching reads —
// products, producers, certificates, market rules, export records, exchange
// rates and buy requests — and marks the request (see Track) as having changed the catalog.
func Watch(c *gen.Client, changed func()) {
	hook := func(next ent.Mutator) ent.Mutator {
		return ent.MutateFunc(func(ctx context.Context, m ent.Mutation) (ent.Value, error) {
			v, err := next.Mutate(ctx, m)
			if err == nil {
				changed()
				if t, ok := ctx.Value(trackKey{}).(*atomic.Bool); ok {
					t.Store(true)
				}
			}
			return v, err
		})
	}
	c.Product.Use(hook)
	c.Producer.Use(hook)
	c.Certification.Use(hook)
	c.MarketRule.Use(hook)
	c.ExportRecord.Use(hook)
	c.FxRate.Use(hook)
	c.BuyRequest.Use(hook)
}

type trackKey struct{}

// Track returns a context in which Watch's hooks record a change to the catalog;
// Touched reports it (after commit, the caller tells the other replicas).
func Track(ctx context.Context) context.Context {
	return context.WithValue(ctx, trackKey{}, new(atomic.Bool))
}

// Touched reports whether a write under Track(ctx) changed what matching reads.
func Touched(ctx context.Context) bool {
	t, ok := ctx.Value(trackKey{}).(*atomic.Bool)
	return ok && t.Load()
}
