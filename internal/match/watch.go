package match

import (
	"context"
	"sync/atomic"

	"entgo.io/ent"

	gen "github.com/exportiva/exportiva/ent"
)

// Change says what a write touched, for the caches that depend on it.
type Change uint32

const (
	// CatalogChange: products, producers, certificates, market rules, export
	// records or exchange rates — what matching reads and anyone may see.
	CatalogChange Change = 1 << iota
	// RequestsChange: buy requests — what leads read, which only signed-in
	// viewers see.
	RequestsChange
)

// Watch calls changed after every successful write to what matching reads —
// products, producers, certificates, market rules, export records, exchange
// rates and buy requests — and records the change in the request (see Track).
func Watch(c *gen.Client, changed func(Change)) {
	hook := func(kind Change) ent.Hook {
		return func(next ent.Mutator) ent.Mutator {
			return ent.MutateFunc(func(ctx context.Context, m ent.Mutation) (ent.Value, error) {
				v, err := next.Mutate(ctx, m)
				if err == nil {
					changed(kind)
					if t, ok := ctx.Value(trackKey{}).(*atomic.Uint32); ok {
						t.Or(uint32(kind))
					}
				}
				return v, err
			})
		}
	}
	c.Product.Use(hook(CatalogChange))
	c.Producer.Use(hook(CatalogChange))
	c.Certification.Use(hook(CatalogChange))
	c.MarketRule.Use(hook(CatalogChange))
	c.ExportRecord.Use(hook(CatalogChange))
	c.FxRate.Use(hook(CatalogChange))
	c.Media.Use(hook(CatalogChange))
	c.BuyRequest.Use(hook(RequestsChange))
}

type trackKey struct{}

// Track returns a context in which Watch's hooks record what a request's writes
// changed; Touched reports it (after commit, the caller tells the other replicas).
func Track(ctx context.Context) context.Context {
	return context.WithValue(ctx, trackKey{}, new(atomic.Uint32))
}

// Touched reports what the writes under Track(ctx) changed (0: nothing matching reads).
func Touched(ctx context.Context) Change {
	if t, ok := ctx.Value(trackKey{}).(*atomic.Uint32); ok {
		return Change(t.Load())
	}
	return 0
}
