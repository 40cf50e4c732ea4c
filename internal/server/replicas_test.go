package server_test

import (
	"context"
	"io"
	"log/slog"
	"slices"
	"testing"
	"time"

	"github.com/stretchr/testify/require"

	"github.com/exportiva/exportiva/internal/events"
	"github.com/exportiva/exportiva/internal/match"
	"github.com/exportiva/exportiva/internal/server"
	"github.com/exportiva/exportiva/internal/store"
	"github.com/exportiva/exportiva/internal/testdb"
)

// twoReplicas starts two API servers, a and b, on one PostgreSQL database, each
// with its own connection pool and event listener, and the world of newWorld in it.
func twoReplicas(t *testing.T, adjust ...func(*server.Config)) (w *world, a, b *env) {
	testdb.RequirePostgres(t)
	first := testdb.Open(t)
	w = newWorldOn(t, first)
	log := slog.New(slog.NewTextHandler(io.Discard, nil))
	replica := func(db *store.DB) *env {
		bus := events.NewPostgres(testdb.URLOf(t, db), log)
		t.Cleanup(func() { bus.Close() })
		require.Eventually(t, bus.Listening, 10*time.Second, 20*time.Millisecond)
		return newEnvOn(t, db, append(slices.Clone(adjust), func(c *server.Config) { c.Bus = bus })...)
	}
	a = replica(first)
	second, err := store.Open(testdb.URLOf(t, first))
	require.NoError(t, err)
	t.Cleanup(func() { second.Close() })
	return w, a, replica(second)
}

// TestTwoReplicas: two API servers share one PostgreSQL database, each with its
// own connection pool and event listener. A producer subscribed on one hears the
// buy request a buyer posts on the other.
func TestTwoReplicas(t *testing.T) {
	w, a, b := twoReplicas(t)

	sub := dialWS(t, a, w.tokens["producerA"])
	sub.subscribe("1", `subscription { leadCreated { buyRequest { title } product { id } } }`, nil)
	time.Sleep(150 * time.Millisecond)
	start := time.Now()
	w.postRequest(b, "Posted on replica B", "tengiri")
	m := sub.next(2 * time.Second)
	require.Equal(t, "next", m.Type, "%s", m.Payload)
	require.Contains(t, string(m.Payload), "Posted on replica B")
	t.Logf("event delivered across replicas in %s", time.Since(start))
}

// TestMatchIndexAcrossReplicas: a replica answering from its match index
// hears of a change committed on the other and answers without the product
// at once (eventually, as the bus delivers it), then from its rebuilt index;
// the same for a buy request and its lead index.
func TestMatchIndexAcrossReplicas(t *testing.T) {
	w, a, b := twoReplicas(t, func(c *server.Config) { c.MatchEngine = match.Indexed; c.MatchCacheSize = 0 })
	ctx, cancel := context.WithCancel(context.Background())
	t.Cleanup(cancel)
	go b.svc.MatchIndex.Run(ctx)
	current := func() bool { return b.svc.MatchIndex.State() == "current" }
	require.Eventually(t, current, 10*time.Second, 10*time.Millisecond)
	count := func(e *env) int {
		var m matchesResponse
		e.as(w.tokens["buyerA"]).ok(thailand, map[string]any{"first": 10, "amount": 8.0}, &m)
		return len(m.Matches.Edges)
	}
	require.Equal(t, 1, count(b))
	builds := b.svc.MatchIndex.Builds()
	a.as(w.tokens["producerA"]).ok(`mutation($id: ID!) { updateProduct(id: $id, input: {capacityAmount: 4}) { product { id } } }`, map[string]any{"id": w.productA}, nil)
	require.Eventually(t, func() bool { return count(b) == 0 }, 5*time.Second, 20*time.Millisecond, "b hears of the change")
	require.Eventually(t, func() bool { return current() && b.svc.MatchIndex.Builds() > builds }, 10*time.Second, 20*time.Millisecond, "b rebuilds")
	require.Equal(t, 0, count(b))

	// A buy request posted on a: b's lead index goes stale and b shows the
	// lead (from SQL, then from its rebuilt index).
	leads := func(e *env) int {
		var out struct{ Leads struct{ TotalCount int } }
		e.as(w.tokens["producerA"]).ok(`query($p: ID!) { leads(producerId: $p, first: 10) { totalCount } }`, map[string]any{"p": w.prodA}, &out)
		return out.Leads.TotalCount
	}
	capacity := func(amount float64) {
		a.as(w.tokens["producerA"]).ok(`mutation($id: ID!, $a: Float!) { updateProduct(id: $id, input: {capacityAmount: $a}) { product { id } } }`,
			map[string]any{"id": w.productA, "a": amount}, nil)
	}
	capacity(8)
	leadsCurrent := func() bool { return b.svc.MatchIndex.RequestsState() == "current" }
	require.Eventually(t, leadsCurrent, 10*time.Second, 10*time.Millisecond)
	had := leads(b)
	reqBuilds := b.svc.MatchIndex.RequestBuilds()
	w.postRequest(a, "Posted on replica A", "tengiri")
	require.Eventually(t, func() bool { return leads(b) == had+1 }, 5*time.Second, 20*time.Millisecond, "b hears of the request")
	require.Eventually(t, func() bool { return leadsCurrent() && b.svc.MatchIndex.RequestBuilds() > reqBuilds }, 10*time.Second, 20*time.Millisecond, "b rebuilds its leads")
	require.Equal(t, had+1, leads(b))
}

// TestMatchCacheAcrossReplicas: a replica that cached a match result drops it when
// another replica commits a change to the catalog.
func TestMatchCacheAcrossReplicas(t *testing.T) {
	w, a, b := twoReplicas(t)

	count := func(e *env) int {
		var m matchesResponse
		e.as(w.tokens["buyerA"]).ok(thailand, map[string]any{"first": 10, "amount": 8.0}, &m)
		return len(m.Matches.Edges)
	}
	require.Equal(t, 1, count(b))
	require.Equal(t, 1, count(b), "cached on b")
	a.as(w.tokens["producerA"]).ok(`mutation($id: ID!) { updateProduct(id: $id, input: {capacityAmount: 4}) { product { id } } }`, map[string]any{"id": w.productA}, nil)
	require.Eventually(t, func() bool { return count(b) == 0 }, 5*time.Second, 20*time.Millisecond, "b hears of the change")

	// A buy request posted on a reaches b's cached leads (requests.changed).
	a.as(w.tokens["producerA"]).ok(`mutation($id: ID!) { updateProduct(id: $id, input: {capacityAmount: 8}) { product { id } } }`, map[string]any{"id": w.productA}, nil)
	leads := func() int {
		var out struct{ Leads struct{ TotalCount int } }
		b.as(w.tokens["producerA"]).ok(`query($p: ID!) { leads(producerId: $p, first: 10) { totalCount } }`, map[string]any{"p": w.prodA}, &out)
		return out.Leads.TotalCount
	}
	var had int
	require.Eventually(t, func() bool { had = leads(); return had > 0 }, 5*time.Second, 20*time.Millisecond)
	require.Equal(t, had, leads(), "cached on b")
	w.postRequest(a, "Tengiri again", "tengiri")
	require.Eventually(t, func() bool { return leads() == had+1 }, 5*time.Second, 20*time.Millisecond, "b hears of the new request")
}
