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

// BenchmarkResolvers runs the hot operations through the whole HTTP handler in
// process (no network, demo data): what one request costs the server, GraphQL
// layer included.
//
//	go test -run '^$' -bench Resolvers -benchmem ./internal/server/
func BenchmarkResolvers(b *testing.B) {
	db := testdb.Open(b)
	ctx := authz.System(context.Background())
	if _, err := demo.Load(ctx, db.Client, now); err != nil {
		b.Fatal(err)
	}
	cfg := server.DefaultConfig()
	cfg.RateLimitIP, cfg.RateLimitToken = 0, 0
	h := server.New(db, slog.New(slog.NewTextHandler(io.Discard, nil)), cfg)
	id := db.Client.Product.Query().Order(ent.Desc(product.FieldCapacityMonthly)).FirstIDX(ctx)
	cold := cfg
	cold.MatchCacheSize, cold.ResponseCacheSize = 0, 0
	uncached := server.New(db, slog.New(slog.NewTextHandler(io.Discard, nil)), cold)
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
		b.Run(c.name, func(b *testing.B) {
			b.ReportAllocs()
			for b.Loop() {
				req := httptest.NewRequest(http.MethodPost, "/query", bytes.NewReader(body))
				req.Header.Set("Content-Type", "application/json")
				rec := httptest.NewRecorder()
				c.handler.ServeHTTP(rec, req)
				if rec.Code != http.StatusOK || bytes.Contains(rec.Body.Bytes(), []byte(`"errors"`)) {
					b.Fatalf("%d %s", rec.Code, rec.Body.String())
				}
			}
		})
	}
}
