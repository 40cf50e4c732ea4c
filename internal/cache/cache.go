// Package cache keeps computed answers for a short time: the outcomes of match
// requests (internal/match) and whole GraphQL responses to anonymous queries
// (graph). Concurrent callers asking for the same key share one computation, and
// one call to Invalidate drops everything at once when the data behind the answers
// changes (a new generation): callers wire it to the ent hooks and to the event bus
// that tells every replica of a commit. The TTL bounds what no hook saw.
package cache

import (
	"context"
	"errors"
	"strconv"
	"sync"
	"sync/atomic"
	"time"

	"github.com/hashicorp/golang-lru/v2/expirable"
	"golang.org/x/sync/singleflight"
)

// ErrDontKeep is returned by a computation with its value to hand the value to
// the caller without keeping it (an answer with errors, one too large). Callers that
// waited for that computation compute their own.
var ErrDontKeep = errors.New("cache: value not kept")

// Options size a cache.
type Options[V any] struct {
	// Entries is the most values kept.
	Entries int
	// TTL is the longest a value is kept.
	TTL time.Duration
	// Size measures a value in bytes; with MaxBytes it bounds the memory held:
	// the least recently used values go first when the total is over MaxBytes,
	// and a value larger than MaxValueBytes (0: MaxBytes/16) is not kept.
	Size          func(V) int
	MaxBytes      int64
	MaxValueBytes int64
}

// Cache maps keys to values of one generation.
type Cache[V any] struct {
	gen      atomic.Uint64
	entries  *expirable.LRU[string, entry[V]]
	inflight singleflight.Group
	hits     atomic.Int64
	misses   atomic.Int64

	size     func(V) int
	maxBytes int64
	maxValue int64
	mu       sync.Mutex   // one keep at a time: room is made, then the value added
	bytes    atomic.Int64 // also lowered by the LRU's own expiry goroutine
}

type entry[V any] struct {
	gen  uint64
	val  V
	size int
}

// New returns an empty cache.
func New[V any](o Options[V]) *Cache[V] {
	c := &Cache[V]{size: o.Size, maxBytes: o.MaxBytes, maxValue: o.MaxValueBytes}
	if c.maxValue <= 0 || c.maxValue > c.maxBytes {
		c.maxValue = c.maxBytes / 16
	}
	c.entries = expirable.NewLRU(o.Entries, func(_ string, e entry[V]) {
		c.bytes.Add(-int64(e.size))
	}, o.TTL)
	return c
}

// Do returns the value kept for key in the current generation, or computes it —
// once for all the callers of the same generation that ask for key meanwhile — and keeps it unless the
// computation returned ErrDontKeep. hit reports a value from the cache.
func (c *Cache[V]) Do(ctx context.Context, key string, compute func(context.Context) (V, error)) (v V, hit bool, err error) {
	gen := c.gen.Load()
	if e, ok := c.entries.Get(key); ok && e.gen == gen {
		c.hits.Add(1)
		return e.val, true, nil
	}
	c.misses.Add(1)
	leader := false
	// The shared computation is the generation's: a caller that arrives after
	// an Invalidate never joins one that started before it (and would answer
	// from the data of before the write).
	shared, err, _ := c.inflight.Do(strconv.FormatUint(gen, 10)+"\x00"+key, func() (any, error) {
		leader = true
		val, err := compute(ctx)
		if errors.Is(err, ErrDontKeep) {
			return val, err
		}
		if err == nil {
			c.keep(key, gen, val)
		}
		return val, err
	})
	if errors.Is(err, ErrDontKeep) {
		if leader {
			return shared.(V), false, nil
		}
		v, err = compute(ctx)
		if errors.Is(err, ErrDontKeep) {
			err = nil
		}
		return v, false, err
	}
	if err != nil {
		return v, false, err
	}
	return shared.(V), false, nil
}

func (c *Cache[V]) keep(key string, gen uint64, val V) {
	e := entry[V]{gen: gen, val: val}
	measured := c.size != nil && c.maxBytes > 0
	if measured {
		e.size = max(1, c.size(val)) // outside the lock: measuring may take a while
		if int64(e.size) > c.maxValue {
			return
		}
	}
	c.mu.Lock()
	defer c.mu.Unlock()
	if gen != c.gen.Load() {
		return // computed from the data of an older generation: not kept
	}
	if measured {
		c.entries.Remove(key) // an older value's bytes leave first
		for c.bytes.Load()+int64(e.size) > c.maxBytes && c.entries.Len() > 0 {
			c.entries.RemoveOldest()
		}
	}
	c.entries.Add(key, e)
	c.bytes.Add(int64(e.size))
}

// Invalidate starts a new generation: nothing kept before is returned again.
func (c *Cache[V]) Invalidate() {
	if c != nil {
		c.gen.Add(1)
	}
}

// Stats returns the hits and misses so far.
func (c *Cache[V]) Stats() (hits, misses int64) { return c.hits.Load(), c.misses.Load() }

// Bytes returns the bytes held (with Options.Size).
func (c *Cache[V]) Bytes() int64 { return c.bytes.Load() }
