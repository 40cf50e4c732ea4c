package match

import (
	"context"
	"encoding/json"
	"slices"
	"time"

	"github.com/exportiva/exportiva/ent"
	"github.com/exportiva/exportiva/internal/cache"
)

// Cache keeps the outcomes of recent match requests and lead searches, so that
// the pages of one result list, a dashboard that refreshes, and many buyers asking
// the same thing cost one evaluation of the catalog instead of one each.
// Concurrent identical requests share one evaluation.
//
// It is never stale beyond what a reader of the database could see: any write to
// what matching reads (products, producers, certificates, market rules, export
// records, exchange rates, buy requests) moves the cache to a new generation — at once in this
// process (the hooks of changes.Watch, on write and again on commit), and on
// other replicas through the event bus (changes.Topic). Entries also expire after their TTL, a
// bound for writes no replica saw (an import run from the command line against a
// shared database).
type Cache struct {
	c *cache.Cache[any]
}

// DefaultCacheBytes is the default byte budget of the match cache. A broad
// need's outcome (MaxCandidates matches, explained) holds about 5 MB.
const DefaultCacheBytes = 32 << 20

// NewCache keeps up to size outcomes for at most ttl, within maxBytes as
// SizeOf measures them (maxBytes ≤ 0: DefaultCacheBytes): the least recently
// used go first, and an outcome larger than a quarter of the budget is not
// kept (its pages are evaluated again).
func NewCache(size int, ttl time.Duration, maxBytes int64) *Cache {
	if maxBytes <= 0 {
		maxBytes = DefaultCacheBytes
	}
	return &Cache{c: cache.New(cache.Options[any]{Entries: size, TTL: ttl,
		Size: SizeOf, MaxBytes: maxBytes, MaxValueBytes: maxBytes / 4})}
}

// Bytes returns the bytes the kept results hold, as SizeOf measures them.
func (c *Cache) Bytes() int64 { return c.c.Bytes() }

// Find answers r as the package's Find does, from the cache when it holds a
// current answer for the same request asked by the same viewer (who controls
// what privacy lets the engine read).
func (c *Cache) Find(ctx context.Context, db *ent.Client, r Request, viewer string) (*Outcome, error) {
	if c == nil {
		return Find(ctx, db, r)
	}
	v, err := c.do(ctx, "find|"+string(engineOf(ctx))+"|"+viewer+"|"+requestKey(r), func(ctx context.Context) (any, error) { return Find(ctx, db, r) })
	if err != nil {
		return nil, err
	}
	return v.(*Outcome), nil
}

// Leads returns what compute returns, from the cache when it holds a current
// answer for key (which names the products, the viewer and the day), without
// the buy requests that have expired by now: a kept list outlives the
// validUntil of some of its requests.
func (c *Cache) Leads(ctx context.Context, key string, now time.Time, compute func(context.Context) ([]Lead, error)) ([]Lead, error) {
	if c == nil {
		return compute(ctx)
	}
	v, err := c.do(ctx, "leads|"+key, func(ctx context.Context) (any, error) { return compute(ctx) })
	if err != nil {
		return nil, err
	}
	return unexpired(v.([]Lead), now), nil
}

// unexpired returns the leads whose buy request is still valid at now (a new
// slice when some are not: the kept one is shared).
func unexpired(leads []Lead, now time.Time) []Lead {
	live := func(l Lead) bool { return l.BuyRequest.ValidUntil.After(now) }
	if !slices.ContainsFunc(leads, func(l Lead) bool { return !live(l) }) {
		return leads
	}
	out := make([]Lead, 0, len(leads))
	for _, l := range leads {
		if live(l) {
			out = append(out, l)
		}
	}
	return out
}

func (c *Cache) do(ctx context.Context, key string, compute func(context.Context) (any, error)) (any, error) {
	// The evaluation finishes for every waiter even if the first one leaves.
	ctx = context.WithoutCancel(ctx)
	v, _, err := c.c.Do(ctx, key, compute)
	return v, err
}

// Invalidate starts a new generation: every cached outcome is dropped.
func (c *Cache) Invalidate() {
	if c != nil {
		c.c.Invalidate()
	}
}

// Stats returns the hits and misses so far.
func (c *Cache) Stats() (hits, misses int64) { return c.c.Stats() }

// requestKey identifies a request: every field, with the day it is judged on.
func requestKey(r Request) string {
	day := r.Now.UTC().Format(time.DateOnly)
	r.Now = time.Time{}
	// The need's JSON (a saved search's form) leaves the goods out: name them.
	b, _ := json.Marshal(struct {
		HSCodes []string
		Query   string
		Request
	}{r.HSCodes, r.Query, r})
	return day + string(b)
}
