package server_test

import (
	"log/slog"
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"

	"github.com/stretchr/testify/require"

	"github.com/exportiva/exportiva/internal/server"
)

// clientHeaders are what Apollo Client, Sentry and OpenTelemetry in a browser
// ask to send.
const clientHeaders = "authorization, content-type, apollographql-client-name, apollographql-client-version, traceparent, baggage, sentry-trace, accept-language, x-request-id"

func preflight(t *testing.T, e *env, origin string) *answered {
	t.Helper()
	req, err := http.NewRequest(http.MethodOptions, e.srv.URL+"/query", nil)
	require.NoError(t, err)
	req.Header.Set("Origin", origin)
	req.Header.Set("Access-Control-Request-Method", "POST")
	req.Header.Set("Access-Control-Request-Headers", clientHeaders)
	res, err := http.DefaultClient.Do(req)
	require.NoError(t, err)
	res.Body.Close()
	return &answered{StatusCode: res.StatusCode, Header: res.Header}
}

// TestCORSForLocalDevelopment: without --cors-origins, development allows
// loopback origins with the headers real clients send and exposes the request
// id and rate-limit headers; other origins, and production, get no CORS.
func TestCORSForLocalDevelopment(t *testing.T) {
	db := newEnv(t, false).db
	dev := newEnvOn(t, db, func(c *server.Config) { c.RateLimitIP = 100 })
	for _, origin := range []string{"http://localhost:5173", "http://127.0.0.1:3000", "http://[::1]:8081", "http://localhost", "https://localhost:5173"} {
		res := preflight(t, dev, origin)
		require.Equal(t, origin, res.Header.Get("Access-Control-Allow-Origin"), origin)
		allowed := strings.ToLower(res.Header.Get("Access-Control-Allow-Headers"))
		for _, h := range strings.Split(clientHeaders, ", ") {
			require.Contains(t, allowed, h, "%s may send %s", origin, h)
		}
		require.Contains(t, res.Header.Get("Access-Control-Allow-Methods"), "POST")
	}
	for _, origin := range []string{"http://evil.example", "http://localhost.evil.example", "http://127.0.0.1.nip.io:5173", "null", "file://"} {
		res := preflight(t, dev, origin)
		require.Empty(t, res.Header.Get("Access-Control-Allow-Origin"), origin)
	}

	// The actual request exposes the request id and the rate limits.
	x := dev.as("").send(http.MethodPost, "/query", map[string]string{"Content-Type": "application/json", "Origin": "http://localhost:5173"}, `{"query":"{ __typename }"}`)
	require.Equal(t, http.StatusOK, x.status)
	require.Equal(t, "http://localhost:5173", x.header.Get("Access-Control-Allow-Origin"))
	exposed := strings.ToLower(x.header.Get("Access-Control-Expose-Headers"))
	for _, h := range []string{"x-request-id", "x-ratelimit-limit", "x-ratelimit-remaining", "x-ratelimit-reset", "retry-after"} {
		require.Contains(t, exposed, h)
	}
	require.NotEmpty(t, x.header.Get("X-Ratelimit-Limit"))

	// Production keeps the explicit list: nothing by default, only the listed.
	prod := newEnvOn(t, db, func(c *server.Config) { c.Production = true })
	require.Empty(t, preflight(t, prod, "http://localhost:5173").Header.Get("Access-Control-Allow-Origin"))
	listed := newEnvOn(t, db, func(c *server.Config) {
		c.Production = true
		c.CORSOrigins = []string{"https://app.exportiva.id"}
	})
	res := preflight(t, listed, "https://app.exportiva.id")
	require.Equal(t, "https://app.exportiva.id", res.Header.Get("Access-Control-Allow-Origin"))
	require.Contains(t, strings.ToLower(res.Header.Get("Access-Control-Allow-Headers")), "apollographql-client-name")
	require.Empty(t, preflight(t, listed, "http://localhost:5173").Header.Get("Access-Control-Allow-Origin"))
	// A list given in development replaces the loopback default.
	devListed := newEnvOn(t, db, func(c *server.Config) { c.CORSOrigins = []string{"https://app.exportiva.id"} })
	require.Empty(t, preflight(t, devListed, "http://localhost:5173").Header.Get("Access-Control-Allow-Origin"))
}

// TestMetricsOffTheMainPortInProduction: production serves /metrics only
// through Service.Metrics (its own listener); development keeps it on the
// service's port too.
func TestMetricsOffTheMainPortInProduction(t *testing.T) {
	db := newEnv(t, false).db
	prod := newEnvOn(t, db, func(c *server.Config) { c.Production = true })
	x := prod.as("").send(http.MethodGet, "/metrics", nil, "")
	require.Equal(t, http.StatusNotFound, x.status)
	require.NotContains(t, x.body, "exportiva_")

	svc := server.New(db, slog.New(slog.DiscardHandler), func() server.Config { c := server.DefaultConfig(); c.Production = true; return c }())
	rec := httptest.NewRecorder()
	svc.Metrics.ServeHTTP(rec, httptest.NewRequest(http.MethodGet, "/metrics", nil))
	require.Equal(t, http.StatusOK, rec.Code)
	require.Contains(t, rec.Body.String(), "exportiva_")

	// (Not through send: metrics name Go internals that the leak scan looks for.)
	res, err := http.Get(newEnvOn(t, db).srv.URL + "/metrics")
	require.NoError(t, err)
	res.Body.Close()
	require.Equal(t, http.StatusOK, res.StatusCode)
}
