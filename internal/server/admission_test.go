package server_test

import (
	"bytes"
	"context"
	"encoding/json"
	"net/http"
	"strings"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"entgo.io/ent/dialect"
	"github.com/stretchr/testify/require"

	"github.com/exportiva/exportiva/internal/demo"
	"github.com/exportiva/exportiva/internal/server"
	"github.com/exportiva/exportiva/internal/testdb"
)

// gate is a driver that, once armed, holds the first query of the candidate
// products until released: an evaluation that takes its time.
type gate struct {
	dialect.Driver
	armed   atomic.Bool
	entered chan struct{}
	release chan struct{}
}

func (g *gate) Query(ctx context.Context, query string, args, v any) error {
	if g.armed.Load() && strings.Contains(query, "products") && g.armed.CompareAndSwap(true, false) {
		close(g.entered)
		<-g.release
	}
	return g.Driver.Query(ctx, query, args, v)
}

// TestEvaluationAdmission holds one match evaluation with a limit of one: a
// second, different request is refused after the short wait with RESOURCE_EXHAUSTED and a
// retryAfter, and the first one still answers.
func TestEvaluationAdmission(t *testing.T) {
	db := testdb.Open(t)
	_, err := demo.Load(context.Background(), db.Client, now)
	require.NoError(t, err)
	g := &gate{entered: make(chan struct{}), release: make(chan struct{})}
	e := newEnvOn(t, db.Wrap(func(d dialect.Driver) dialect.Driver { g.Driver = d; return g }), func(c *server.Config) {
		c.MaxEvaluations, c.EvaluationWait = 1, 100*time.Millisecond
	}).as("")
	q := `query($in: MatchInput!) { matches(input: $in, first: 5) { totalCount } }`
	need := func(query string) map[string]any {
		return map[string]any{"in": map[string]any{"query": query, "quantity": map[string]any{"amount": 8, "unit": "TONNE"}, "destination": map[string]any{"country": "TH"}}}
	}
	var once sync.Once
	free := func() { once.Do(func() { close(g.release) }) }
	t.Cleanup(free) // never leave the first request hanging
	g.armed.Store(true)
	first := make(chan gqlResponse, 1)
	go func() { first <- e.do(q, need("tengiri")) }()
	<-g.entered

	start := time.Now()
	r := e.do(q, need("udang"))
	require.Less(t, time.Since(start), time.Second, "refused promptly")
	require.Equal(t, "RESOURCE_EXHAUSTED", r.code(), "%+v", r.Errors)
	require.EqualValues(t, 1, r.Errors[0].Extensions["retryAfter"])

	free()
	r = <-first
	require.Empty(t, r.Errors)
	require.Empty(t, e.do(q, need("udang")).Errors, "admitted once the slot is free")
}

// TestOtherQueriesDoNotWaitForMatches: while one evaluation holds the only
// slot and more matches queue behind it, the catalog, a lookup by id and a
// mutation answer at once (before any match is let through); the queued
// matches answer once the slot is free. Ordering, not timing: had the other
// queries needed a slot, they could not answer before the release.
func TestOtherQueriesDoNotWaitForMatches(t *testing.T) {
	db := testdb.Open(t)
	_, err := demo.Load(context.Background(), db.Client, now)
	require.NoError(t, err)
	g := &gate{entered: make(chan struct{}), release: make(chan struct{})}
	admin := newEnvOn(t, db.Wrap(func(d dialect.Driver) dialect.Driver { g.Driver = d; return g }), func(c *server.Config) {
		c.MaxEvaluations, c.EvaluationWait, c.EvaluationQueue = 1, time.Minute, 8
	})
	anon := admin.as("")
	q := `query($in: MatchInput!) { matches(input: $in, first: 5) { totalCount } }`
	need := func(amount float64) map[string]any {
		return map[string]any{"in": map[string]any{"query": "tengiri", "quantity": map[string]any{"amount": amount, "unit": "TONNE"}, "destination": map[string]any{"country": "TH"}}}
	}
	var once sync.Once
	free := func() { once.Do(func() { close(g.release) }) }
	t.Cleanup(free)
	var released atomic.Bool
	g.armed.Store(true)
	answers := make(chan gqlResponse, 4)
	go func() { answers <- anon.do(q, need(8)) }()
	<-g.entered
	for i := range 3 {
		go func() { answers <- anon.do(q, need(float64(2+i))) }()
	}

	var page struct {
		Products struct {
			TotalCount int
			Edges      []struct{ Node struct{ ID string } }
		}
	}
	anon.ok(`{ products(first: 5) { totalCount edges { node { id } } } }`, nil, &page)
	require.NotEmpty(t, page.Products.Edges)
	var byID struct{ Node struct{ ID string } }
	anon.ok(`query($id: ID!) { node(id: $id) { id } }`, map[string]any{"id": page.Products.Edges[0].Node.ID}, &byID)
	require.Equal(t, page.Products.Edges[0].Node.ID, byID.Node.ID)
	require.NotEmpty(t, createProducer(admin, "Tambak Baru"))
	require.False(t, released.Load())
	select {
	case r := <-answers:
		t.Fatalf("a match answered while the slot was held: %+v", r)
	default:
	}

	released.Store(true)
	free()
	for range 4 {
		r := <-answers
		require.Empty(t, r.Errors, "queued matches are answered once the slot is free")
	}
}

// TestRefusedEvaluationSaysWhenToRetry: a refused evaluation answers HTTP 503
// with Retry-After under application/graphql-response+json.
func TestRefusedEvaluationSaysWhenToRetry(t *testing.T) {
	db := testdb.Open(t)
	_, err := demo.Load(context.Background(), db.Client, now)
	require.NoError(t, err)
	g := &gate{entered: make(chan struct{}), release: make(chan struct{})}
	e := newEnvOn(t, db.Wrap(func(d dialect.Driver) dialect.Driver { g.Driver = d; return g }), func(c *server.Config) {
		c.MaxEvaluations, c.EvaluationWait, c.EvaluationQueue = 1, 50*time.Millisecond, 1
	}).as("")
	var once sync.Once
	free := func() { once.Do(func() { close(g.release) }) }
	t.Cleanup(free)
	q := `{ matches(input: {query: "tengiri", quantity: {amount: 8, unit: TONNE}, destination: {country: "TH"}}, first: 5) { totalCount } }`
	g.armed.Store(true)
	first := make(chan gqlResponse, 1)
	go func() { first <- e.do(q, nil) }()
	<-g.entered

	body, _ := json.Marshal(map[string]any{"query": strings.Replace(q, "amount: 8", "amount: 3", 1)})
	req, err := http.NewRequest(http.MethodPost, e.srv.URL+"/query", bytes.NewReader(body))
	require.NoError(t, err)
	req.Header.Set("Content-Type", "application/json")
	req.Header.Set("Accept", "application/graphql-response+json")
	res, err := http.DefaultClient.Do(req)
	require.NoError(t, err)
	defer res.Body.Close()
	var out gqlResponse
	require.NoError(t, json.NewDecoder(res.Body).Decode(&out))
	require.Equal(t, "RESOURCE_EXHAUSTED", out.code())
	require.Equal(t, http.StatusServiceUnavailable, res.StatusCode)
	require.Equal(t, "1", res.Header.Get("Retry-After"))
	free()
	require.Empty(t, (<-first).Errors)
}
