package server_test

import (
	"context"
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
// second, different request is refused at once with SERVICE_UNAVAILABLE and a
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
	require.Equal(t, "SERVICE_UNAVAILABLE", r.code(), "%+v", r.Errors)
	require.EqualValues(t, 1, r.Errors[0].Extensions["retryAfter"])

	free()
	r = <-first
	require.Empty(t, r.Errors)
	require.Empty(t, e.do(q, need("udang")).Errors, "admitted once the slot is free")
}
