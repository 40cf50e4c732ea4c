package server_test

import (
	"bytes"
	"context"
	"log/slog"
	"net/http"
	"net/http/httptest"
	"net/url"
	"sync"
	"testing"

	"github.com/exportiva/exportiva/internal/demo"
	"github.com/exportiva/exportiva/internal/server"
	"github.com/exportiva/exportiva/internal/store"
)

var (
	fuzzOnce    sync.Once
	fuzzHandler http.Handler
)

// FuzzHandler sends arbitrary bodies and queries to the HTTP handler: it must
// never panic, never answer 5xx, and never leak internals.
func FuzzHandler(f *testing.F) {
	for _, seed := range []string{
		`{"query":"{ producers(first: 5) { totalCount edges { node { name district } } } }"}`,
		`{"query":"{ matches(first: 3, input: {query: \"tengiri\", quantity: {amount: 8, unit: TONNE}, destination: {country: \"TH\"}}) { totalCount } }"}`,
		`{"query":"mutation { logIn(email: \"a@b.c\", password: \"x\") { token } }"}`,
		`{"query":"query($n: Int) { products(first: $n) { totalCount } }","variables":{"n":"x"}}`,
		`{"query":"{ node(id: \"1\") { id } }"}`,
		`{"query":"{ exportStats(groupBy: [YEAR], currency: \"XXX\") { year } }"}`,
		`{"query": 1}`, `{`, `[]`, `null`, `{"query":"{ __typename }","variables":[]}`,
		`{"query":"{ marketRequirements(country: \"TH\", hsCode: \"03\") { hsCode } }"}`,
		`{"query":"query { products(first: 1, where: {hsCodeHasPrefix: \"\\u0000\"}) { totalCount } }"}`,
	} {
		f.Add(seed)
	}
	f.Fuzz(func(t *testing.T, body string) {
		fuzzOnce.Do(func() {
			db, err := store.Open("file:fuzz_handler?mode=memory&cache=shared")
			if err != nil {
				t.Fatal(err)
			}
			if err := db.Migrate(context.Background()); err != nil {
				t.Fatal(err)
			}
			if _, err := demo.Load(context.Background(), db.Client, now); err != nil {
				t.Fatal(err)
			}
			cfg := server.DefaultConfig()
			cfg.RateLimitIP, cfg.RateLimitToken = 0, 0
			fuzzHandler = server.New(db, slog.New(slog.NewTextHandler(&bytes.Buffer{}, nil)), cfg)
		})
		for _, req := range []*http.Request{
			httptest.NewRequest(http.MethodPost, "/query", bytes.NewBufferString(body)),
			httptest.NewRequest(http.MethodGet, "/query?query="+url.QueryEscape(body), nil),
		} {
			req.Header.Set("Content-Type", "application/json")
			rec := httptest.NewRecorder()
			fuzzHandler.ServeHTTP(rec, req)
			if rec.Code >= 500 {
				t.Fatalf("status %d for %q: %s", rec.Code, body, rec.Body.String())
			}
			if bad := leakIn(rec.Body.String()); bad != "" {
				t.Fatalf("response leaks %q for %q: %s", bad, body, rec.Body.String())
			}
		}
	})
}
