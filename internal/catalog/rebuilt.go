package catalog

import (
	"context"
	"sync"
	"sync/atomic"
	"time"
)

// rebuilt holds a value built from the catalog (the suggest index, the facet
// table): it is rebuilt on the first request after invalidate — called by the
// same change hooks and events that drop the response cache — or after ttl (a
// bound for writes no replica announced; ≤ 0: only on invalidate). One build
// runs at a time; the requests that arrive meanwhile wait for it and share it.
type rebuilt[T any] struct {
	ttl time.Duration
	gen atomic.Uint64
	mu  sync.Mutex
	cur atomic.Pointer[builtValue[T]]
}

type builtValue[T any] struct {
	v   T
	gen uint64
	at  time.Time
}

// invalidate makes the next request rebuild the value.
func (r *rebuilt[T]) invalidate() { r.gen.Add(1) }

// get returns the current value, building it when it is stale. The build
// runs without the request's cancellation: a client that goes away does not
// throw away a build the waiting requests share.
func (r *rebuilt[T]) get(ctx context.Context, build func(context.Context) (T, error)) (T, error) {
	fresh := func(b *builtValue[T]) bool {
		return b != nil && b.gen == r.gen.Load() && (r.ttl <= 0 || time.Since(b.at) < r.ttl)
	}
	if b := r.cur.Load(); fresh(b) {
		return b.v, nil
	}
	r.mu.Lock()
	defer r.mu.Unlock()
	if b := r.cur.Load(); fresh(b) {
		return b.v, nil
	}
	gen, at := r.gen.Load(), time.Now()
	v, err := build(context.WithoutCancel(ctx))
	if err != nil {
		var zero T
		return zero, err
	}
	r.cur.Store(&builtValue[T]{v: v, gen: gen, at: at})
	return v, nil
}
