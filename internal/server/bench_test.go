package server_test

import (
	"bytes"
	"context"
	"encoding/json"
	"io"
	"log/slog"
	"net/http"
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
	w       *benchWriter
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
		ops = append(ops, hotOperation{c.name, c.handler, body, &benchWriter{header: http.Header{}}})
	}
	return ops
}

// run sends the operation once and fails on anything but a clean answer. The
// request is built as net/http's server hands it over (no request text to
// parse) and the answer goes to a reused writer, so what is measured is the
// server's cost, not httptest's parsing and recording.
func (o hotOperation) run(tb testing.TB) {
	req, err := http.NewRequestWithContext(context.Background(), http.MethodPost, "http://exportiva.test/query", bytes.NewReader(o.body))
	if err != nil {
		tb.Fatal(err)
	}
	req.RemoteAddr = "192.0.2.1:1234"
	req.Header.Set("Content-Type", "application/json")
	w := o.w
	w.reset()
	o.handler.ServeHTTP(w, req)
	if w.code != http.StatusOK || bytes.Contains(w.body.Bytes(), []byte(`"errors"`)) {
		tb.Fatalf("%s: %d %s", o.name, w.code, w.body.String())
	}
}

// benchWriter is a http.ResponseWriter reused from request to request.
type benchWriter struct {
	header http.Header
	code   int
	body   bytes.Buffer
}

func (w *benchWriter) reset() {
	clear(w.header)
	w.code = 0
	w.body.Reset()
}

func (w *benchWriter) Header() http.Header { return w.header }

func (w *benchWriter) WriteHeader(code int) {
	if w.code == 0 {
		w.code = code
	}
}

func (w *benchWriter) Write(p []byte) (int, error) {
	w.WriteHeader(http.StatusOK)
	return w.body.Write(p)
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
