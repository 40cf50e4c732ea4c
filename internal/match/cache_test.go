package match

import (
	"context"
	"sync"
	"testing"
	"time"

	"github.com/stretchr/testify/require"

	"github.com/exportiva/exportiva/internal/authz"
	"github.com/exportiva/exportiva/internal/changes"
	d "github.com/exportiva/exportiva/internal/domain"
)

func TestCache(t *testing.T) {
	c := newCatalog(t)
	ctx := authz.System(context.Background())
	cache := NewCache(16, time.Minute, 0)
	changes.Watch(c.db, nil, changes.Caches{Matches: cache})
	req := Request{Need: d.Need{HSCodes: []string{"0303"}, Quantity: qty(8, d.UnitTonne, d.PerMonth), Country: "TH"}, Now: now}

	first, err := cache.Find(ctx, c.db, req, "buyer-1")
	require.NoError(t, err)
	require.Equal(t, []string{"A"}, c.keys(first))
	again, err := cache.Find(ctx, c.db, req, "buyer-1")
	require.NoError(t, err)
	require.Same(t, first, again, "the same request is answered from the cache")
	hits, misses := cache.Stats()
	require.Equal(t, [2]int64{1, 1}, [2]int64{hits, misses})

	// Another viewer, another day, another request: evaluated again.
	_, _ = cache.Find(ctx, c.db, req, "buyer-2")
	later := req
	later.Now = now.AddDate(0, 0, 1)
	_, _ = cache.Find(ctx, c.db, later, "buyer-1")
	other := req
	other.Country = "US"
	_, _ = cache.Find(ctx, c.db, other, "buyer-1")
	_, misses = cache.Stats()
	require.Equal(t, int64(4), misses)

	// A write to the catalog drops every cached answer: the producer of A pauses
	// the product, which is no longer a match.
	c.products["A"].Update().SetStatus(d.ProductPaused).ExecX(ctx)
	fresh, err := cache.Find(ctx, c.db, req, "buyer-1")
	require.NoError(t, err)
	require.NotSame(t, first, fresh)
	require.Empty(t, c.keys(fresh), "never stale after a write")

	// Concurrent identical requests are safe and agree.
	cache.Invalidate()
	var wg sync.WaitGroup
	outs := make([]*Outcome, 8)
	for i := range outs {
		wg.Add(1)
		go func() {
			defer wg.Done()
			outs[i], _ = cache.Find(ctx, c.db, req, "buyer-1")
		}()
	}
	wg.Wait()
	for _, o := range outs {
		require.NotNil(t, o)
		require.Empty(t, c.keys(o))
	}

	// Entries expire.
	short := NewCache(4, 10*time.Millisecond, 0)
	a, _ := short.Find(ctx, c.db, req, "x")
	time.Sleep(30 * time.Millisecond)
	b, _ := short.Find(ctx, c.db, req, "x")
	require.NotSame(t, a, b)

	// A nil cache evaluates every time.
	var none *Cache
	_, err = none.Find(ctx, c.db, req, "x")
	require.NoError(t, err)
}

// TestRequestKeyNamesEveryField: two requests that differ in any field of
// the need or of the request have different cache keys (the need's JSON
// leaves the goods out, the key must not).
func TestRequestKeyNamesEveryField(t *testing.T) {
	base := Request{Need: d.Need{HSCodes: []string{"0303"}, Query: "tengiri", Quantity: qty(8, d.UnitTonne, d.PerMonth), Country: "TH"}, Now: now}
	later := now.AddDate(0, 1, 0)
	incoterm := d.Incoterm("CFR")
	edits := map[string]func(*Request){
		"hsCodes":        func(r *Request) { r.HSCodes = []string{"0302"} },
		"query":          func(r *Request) { r.Query = "udang" },
		"quantity":       func(r *Request) { r.Quantity.Amount = 9 },
		"unit":           func(r *Request) { r.Quantity.Unit = d.UnitKG },
		"period":         func(r *Request) { r.Quantity.Per = d.PerWeek },
		"country":        func(r *Request) { r.Country = "VN" },
		"port":           func(r *Request) { r.Port = "THLCH" },
		"certifications": func(r *Request) { r.Certifications = []d.CertificationType{d.CertHACCP} },
		"incoterm":       func(r *Request) { r.Incoterm = &incoterm },
		"maxPrice":       func(r *Request) { r.MaxPrice = &Money{Amount: 1, Currency: "USD"} },
		"deliverBy":      func(r *Request) { r.DeliverBy = &later },
		"includePartial": func(r *Request) { r.IncludePartial = true },
		"maxPoolSize":    func(r *Request) { r.MaxPoolSize = 4 },
		"buyer":          func(r *Request) { r.Buyer = 7 },
		"day":            func(r *Request) { r.Now = now.AddDate(0, 0, 1) },
	}
	seen := map[string]string{requestKey(base): "base"}
	for name, edit := range edits {
		r := base
		edit(&r)
		k := requestKey(r)
		require.NotContains(t, seen, k, "%s keys as %s", name, seen[k])
		seen[k] = name
	}
	same := base
	same.Now = now.Add(time.Hour)
	require.Equal(t, requestKey(base), requestKey(same), "the same day is the same key")
}
