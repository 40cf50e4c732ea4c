package server_test

import (
	"context"
	"encoding/json"
	"strconv"
	"sync/atomic"
	"testing"
	"time"

	"entgo.io/ent/dialect"
	"github.com/stretchr/testify/require"

	"github.com/exportiva/exportiva/ent"
	"github.com/exportiva/exportiva/internal/authz"
	"github.com/exportiva/exportiva/internal/events"
	"github.com/exportiva/exportiva/internal/server"
	"github.com/exportiva/exportiva/internal/testdb"
)

const productPage = `query Page($id: ID!) { node(id: $id) { ... on Product { name leadTimeDays producer { name } } } }`

type productPageResponse struct {
	Node struct {
		Name         string
		LeadTimeDays int
		Producer     struct{ Name string }
	}
}

// TestAnonymousResponsesFromTheCache: a repeated anonymous query costs no SQL and
// gives the same answer; a signed-in one always runs; every write shows in the
// very next answer; languages and failed queries are kept apart.
func TestAnonymousResponsesFromTheCache(t *testing.T) {
	db := testdb.Open(t)
	var counter *testdb.Counter
	counted := db.Wrap(func(d dialect.Driver) dialect.Driver { counter = testdb.NewCounter(d); return counter })
	w := newWorldOn(t, counted)
	anon := w.e.as("")
	vars := map[string]any{"id": w.productA}
	page := func(e *env) (productPageResponse, int64) {
		t.Helper()
		var out productPageResponse
		counter.Reset()
		e.ok(productPage, vars, &out)
		return out, counter.Count()
	}
	hits := func() float64 { return metricValue(t, scrape(t, w.e.srv.URL), "exportiva_response_cache_hits_total") }

	first, n := page(anon)
	require.Equal(t, "Frozen Spanish mackerel", first.Node.Name)
	require.Positive(t, n, "the counter sees the first execution")
	before := hits()
	again, n := page(anon)
	require.Equal(t, first, again)
	require.Zero(t, n, "the same anonymous query again costs no SQL")
	require.Equal(t, before+1, hits())

	// Another language is another answer.
	id, _ := page(anon.in("id"))
	require.Equal(t, "Ikan tengiri beku", id.Node.Name)
	en, _ := page(anon)
	require.Equal(t, "Frozen Spanish mackerel", en.Node.Name)

	// A signed-in viewer's queries always run.
	for range 2 {
		_, n = page(w.e.as(w.tokens["buyerA"]))
		require.Positive(t, n)
	}

	// A write through the API shows at once.
	w.e.as(w.tokens["producerA"]).ok(`mutation($id: ID!) { updateProduct(id: $id, input: {leadTimeDays: 21}) { product { id } } }`, vars, nil)
	after, n := page(anon)
	require.Equal(t, 21, after.Node.LeadTimeDays)
	require.Positive(t, n)

	// So does a write that does not go through GraphQL (a job, the seeder).
	prod, err := strconv.Atoi(w.prodA)
	require.NoError(t, err)
	counted.Client.Producer.UpdateOneID(prod).SetName("UD Tengiri Paciran").ExecX(authz.System(context.Background()))
	after, _ = page(anon)
	require.Equal(t, "UD Tengiri Paciran", after.Node.Producer.Name)

	// A buy request is invisible to anonymous viewers: the kept answer stays.
	page(anon)
	w.postRequest(w.e, "Tuna loins", "tuna")
	_, n = page(anon)
	require.Zero(t, n, "a new buy request leaves anonymous answers kept")

	// Answers with errors are not kept.
	before = hits()
	for range 2 {
		anon.fails("BAD_USER_INPUT", `{ products(first: 5000) { totalCount } }`, nil)
	}
	require.Equal(t, before, hits())
}

// TestCachedQueryOverWebsocket: a query sent over the websocket transport, answered
// from the cache, gets one answer and its end, as an executed one does.
func TestCachedQueryOverWebsocket(t *testing.T) {
	w := newWorld(t)
	c := dialWS(t, w.e, "")
	for _, id := range []string{"1", "2"} {
		c.subscribe(id, productPage, map[string]any{"id": w.productA})
		m := c.next(3 * time.Second)
		require.Equal(t, "next", m.Type, "%s", m.Payload)
		require.Equal(t, id, m.ID)
		var out struct{ Data productPageResponse }
		require.NoError(t, json.Unmarshal(m.Payload, &out))
		require.Equal(t, "Frozen Spanish mackerel", out.Data.Node.Name)
		m = c.next(3 * time.Second)
		require.Equal(t, "complete", m.Type, "one answer, then the end: %s", m.Payload)
	}
	require.Equal(t, 1.0, metricValue(t, scrape(t, w.e.srv.URL), "exportiva_response_cache_hits_total"))
}

// TestResponseCacheAcrossReplicas: a write on one replica reaches the cached
// anonymous answers of another (PostgreSQL LISTEN/NOTIFY).
func TestResponseCacheAcrossReplicas(t *testing.T) {
	w, a, b := twoReplicas(t)

	days := func() int {
		var out productPageResponse
		b.as("").ok(productPage, map[string]any{"id": w.productA}, &out)
		return out.Node.LeadTimeDays
	}
	was := days()
	require.Equal(t, was, days(), "cached on b")
	a.as(w.tokens["producerA"]).ok(`mutation($id: ID!) { updateProduct(id: $id, input: {leadTimeDays: 45}) { product { id } } }`, map[string]any{"id": w.productA}, nil)
	require.Eventually(t, func() bool { return days() == 45 }, 5*time.Second, 20*time.Millisecond, "b hears of the change")
}

// deafBus delivers subscriptions but never calls its listeners: a replica whose
// own catalog.changed has not come back yet from PostgreSQL.
type deafBus struct{ *events.Local }

func (deafBus) Listen(string, func(events.Event)) {}

// TestAnswerComputedBeforeCommitIsDropped: an anonymous query answered while a
// product update is written but not yet committed saw the old data; the next
// query after the commit must not get that answer, even before the event bus
// tells this replica of the commit.
func TestAnswerComputedBeforeCommitIsDropped(t *testing.T) {
	db := testdb.Open(t)
	var armed atomic.Bool
	var read func() int
	var before int
	// Registered before the server's own hooks, so it runs after them, inside the
	// mutation's transaction.
	db.Client.Product.Use(func(next ent.Mutator) ent.Mutator {
		return ent.MutateFunc(func(ctx context.Context, m ent.Mutation) (ent.Value, error) {
			v, err := next.Mutate(ctx, m)
			if err == nil && armed.CompareAndSwap(true, false) {
				require.Equal(t, before, read(), "a reader beside the writer sees the old value")
			}
			return v, err
		})
	})
	w := newWorldOn(t, db, func(c *server.Config) { c.Bus = deafBus{events.NewLocal()} })
	vars := map[string]any{"id": w.productA}
	read = func() int {
		var out productPageResponse
		w.e.as("").ok(productPage, vars, &out)
		return out.Node.LeadTimeDays
	}
	before = read()
	armed.Store(true)
	w.e.as(w.tokens["producerA"]).ok(`mutation($id: ID!, $d: Int!) { updateProduct(id: $id, input: {leadTimeDays: $d}) { product { id } } }`,
		map[string]any{"id": w.productA, "d": before + 16}, nil)
	require.False(t, armed.Load(), "the hook ran")
	require.Equal(t, before+16, read())
}
