package server_test

import (
	"io"
	"log/slog"
	"net/http"
	"net/http/httptest"
	"regexp"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/stretchr/testify/require"

	"github.com/exportiva/exportiva/internal/server"
	"github.com/exportiva/exportiva/internal/testdb"
)

func scrape(t *testing.T, url string) string {
	res, err := http.Get(url + "/metrics")
	require.NoError(t, err)
	defer res.Body.Close()
	require.Equal(t, 200, res.StatusCode)
	b, _ := io.ReadAll(res.Body)
	return string(b)
}

func metricValue(t *testing.T, body, series string) float64 {
	re := regexp.MustCompile(`(?m)^` + regexp.QuoteMeta(series) + ` ([0-9.e+-]+)$`)
	m := re.FindStringSubmatch(body)
	if m == nil {
		return 0
	}
	v, err := strconv.ParseFloat(m[1], 64)
	require.NoError(t, err)
	return v
}

func TestMetrics(t *testing.T) {
	w := newWorld(t)
	before := scrape(t, w.e.srv.URL)
	w.e.as("").ok(`query Catalog { products(first: 5) { totalCount } }`, nil, nil)
	w.e.as("").fails("BAD_USER_INPUT", `query Catalog { products(first: 500) { totalCount } }`, nil)
	ws := dialWS(t, w.e, w.tokens["producerA"])
	ws.subscribe("1", `subscription Leads { leadCreated { score } }`, nil)
	require.Eventually(t, func() bool {
		return metricValue(t, scrape(t, w.e.srv.URL), "exportiva_subscriptions_active") == 1
	}, 3*time.Second, 20*time.Millisecond)
	w.e.as(w.tokens["buyerA"]).ok(`mutation Post($in: CreateBuyRequestInput!) { createBuyRequest(input: $in) { buyRequest { id } } }`, map[string]any{"in": map[string]any{
		"title": "T", "query": "tengiri", "quantity": map[string]any{"amount": 1, "unit": "TONNE"},
		"destination": map[string]any{"country": "TH"}, "validUntil": now.AddDate(0, 1, 0).Format(time.RFC3339)}}, nil)
	ws.next(3 * time.Second)
	after := scrape(t, w.e.srv.URL)
	for _, series := range []string{
		`exportiva_graphql_requests_total{operation="Catalog",outcome="ok",type="query"}`,
		`exportiva_graphql_requests_total{operation="Catalog",outcome="error",type="query"}`,
		`exportiva_graphql_errors_total{code="BAD_USER_INPUT"}`,
		`exportiva_events_published_total`,
		`exportiva_events_delivered_total`,
		`exportiva_websocket_connections`,
	} {
		require.Greater(t, metricValue(t, after, series), metricValue(t, before, series), series)
	}
	require.Contains(t, after, `exportiva_graphql_request_duration_seconds_bucket{operation="Catalog"`)
	require.Contains(t, after, `exportiva_db_connections_open{pool=`)
	require.Contains(t, after, "go_goroutines")
}

// TestRequestLog checks the structured log: one line per request with its id,
// operation, status and account, and never the token or password.
func TestRequestLog(t *testing.T) {
	db := testdb.Open(t)
	buf := new(logBuffer)
	cfg := server.DefaultConfig()
	cfg.BcryptCost, cfg.RateLimitIP, cfg.RateLimitToken = 4, 0, 0
	srv := httptest.NewServer(server.New(db, slog.New(slog.NewJSONHandler(buf, nil)), cfg))
	defer srv.Close()
	e := &env{t: t, db: db, srv: srv, log: buf}
	var out struct{ SignUp struct{ Token string } }
	e.ok(`mutation Join { signUp(input: {email: "log@example.id", password: "a-secret-password", displayName: "L", role: BUYER}) { token } }`, nil, &out)
	e.token = out.SignUp.Token
	r := e.do(`query Me { viewer { email } }`, nil)
	require.Empty(t, r.Errors)
	logs := buf.String()
	require.Contains(t, logs, `"operation":"Join"`)
	require.Contains(t, logs, `"operation":"Me"`)
	require.Regexp(t, `"request_id":"[0-9a-f]{16}"`, logs)
	require.Regexp(t, `"account_id":[1-9]`, logs)
	require.NotContains(t, logs, out.SignUp.Token)
	require.NotContains(t, logs, strings.TrimPrefix(out.SignUp.Token, "exv_"))
	require.NotContains(t, logs, "a-secret-password")
	require.NotContains(t, logs, "log@example.id")
}
