package server_test

import (
	"bytes"
	"context"
	"encoding/json"
	"io"
	"log/slog"
	"net/http"
	"net/http/httptest"
	"strconv"
	"testing"

	"github.com/exportiva/exportiva/ent"
	"github.com/exportiva/exportiva/ent/product"
	"github.com/exportiva/exportiva/internal/authz"
	"github.com/exportiva/exportiva/internal/demo"
	"github.com/exportiva/exportiva/internal/scenarios"
	"github.com/exportiva/exportiva/internal/server"
	"github.com/exportiva/exportiva/internal/testdb"
)

// hotOperation is one of the hot operations with the handler that serves it.
type hotOperation struct {
	name    string
	handler http.Handler
	body    []byte
}

// hotOperations builds a server on the demo data, once with the caches and
// once without, and the operations of the benchmark scenarios on them.
func hotOperations(tb testing.TB) []hotOperation {
	db := testdb.Open(tb)
	ctx := authz.System(context.Background())
	if _, err := demo.Load(ctx, db.Client, now); err != nil {
		tb.Fatal(err)
	}
	cfg := server.DefaultConfig()
	cfg.RateLimitIP, cfg.RateLimitToken = 0, 0
	h := server.New(db, slog.New(slog.NewTextHandler(io.Discard, nil)), cfg)
	id := db.Client.Product.Query().Order(ent.Desc(product.FieldCapacityMonthly)).FirstIDX(ctx)
	cold := cfg
	cold.MatchCacheSize, cold.ResponseCacheSize = 0, 0
	uncached := server.New(db, slog.New(slog.NewTextHandler(io.Discard, nil)), cold)
	var ops []hotOperation
	for _, c := range []struct {
		name    string
		handler http.Handler
		query   string
		vars    map[string]any
	}{
		{"catalog-cached", h, scenarios.Catalog, nil},
		{"catalog-executed", uncached, scenarios.Catalog, nil},
		{"byid-cached", h, scenarios.ByID, map[string]any{"id": strconv.Itoa(id)}},
		{"byid-executed", uncached, scenarios.ByID, map[string]any{"id": strconv.Itoa(id)}},
		{"matches-cached", h, scenarios.Matches, nil},
		{"matches-evaluated", uncached, scenarios.Matches, nil},
	} {
		body, _ := json.Marshal(map[string]any{"query": c.query, "variables": c.vars})
		ops = append(ops, hotOperation{c.name, c.handler, body})
	}
	return ops
}

// run sends the operation once and fails on anything but a clean answer.
func (o hotOperation) run(tb testing.TB) {
	req := httptest.NewRequest(http.MethodPost, "/query", bytes.NewReader(o.body))
	req.Header.Set("Content-Type", "application/json")
	rec := httptest.NewRecorder()
	o.handler.ServeHTTP(rec, req)
	if rec.Code != http.StatusOK || bytes.Contains(rec.Body.Bytes(), []byte(`"errors"`)) {
		tb.Fatalf("%s: %d %s", o.name, rec.Code, rec.Body.String())
	}
}

// BenchmarkResolvers runs the hot operations through the whole HTTP handler in
// process (no network, demo data): what one request costs the server, GraphQL
// layer included.
//
//	go test -run '^$' -bench Resolvers -benchmem ./internal/server/
func BenchmarkResolvers(b *testing.B) {
	for _, o := range hotOperations(b) {
		b.Run(o.name, func(b *testing.B) {
			b.ReportAllocs()
			for b.Loop() {
				o.run(b)
			}
		})
	}
}
