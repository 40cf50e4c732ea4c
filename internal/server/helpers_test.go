package server_test

import (
	"bytes"
	"context"
	"encoding/json"
	"io"
	"log/slog"
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"
	"time"

	"github.com/stretchr/testify/require"

	"github.com/exportiva/exportiva/internal/demo"
	"github.com/exportiva/exportiva/internal/server"
	"github.com/exportiva/exportiva/internal/store"
	"github.com/exportiva/exportiva/internal/testdb"
)

// now is the fixed clock of the tests.
var now = time.Date(2026, 11, 27, 9, 0, 0, 0, time.UTC)

type gqlError struct {
	Message    string         `json:"message"`
	Path       []any          `json:"path"`
	Extensions map[string]any `json:"extensions"`
}

type gqlResponse struct {
	Data   json.RawMessage `json:"data"`
	Errors []gqlError      `json:"errors"`
	status int
}

func (r gqlResponse) code() string {
	if len(r.Errors) == 0 {
		return ""
	}
	c, _ := r.Errors[0].Extensions["code"].(string)
	return c
}

func (r gqlResponse) field() []string {
	var out []string
	if len(r.Errors) == 0 {
		return nil
	}
	f, _ := r.Errors[0].Extensions["field"].([]any)
	for _, x := range f {
		out = append(out, x.(string))
	}
	return out
}

type env struct {
	t   *testing.T
	db  *store.DB
	srv *httptest.Server
	log *bytes.Buffer
}

// allResponses collects every response of the suite, so a test can check that no
// error anywhere leaks internal text.
var allResponses []string

func newEnv(t *testing.T, withDemo bool) *env {
	t.Helper()
	db := testdb.Open(t)
	if withDemo {
		_, err := demo.Load(context.Background(), db.Client, now)
		require.NoError(t, err)
	}
	return newEnvOn(t, db)
}

func newEnvOn(t *testing.T, db *store.DB) *env {
	var buf bytes.Buffer
	cfg := server.DefaultConfig()
	cfg.Clock = func() time.Time { return now }
	srv := httptest.NewServer(server.New(db, slog.New(slog.NewTextHandler(&buf, nil)), cfg))
	t.Cleanup(srv.Close)
	return &env{t: t, db: db, srv: srv, log: &buf}
}

func (e *env) do(query string, vars map[string]any) gqlResponse {
	e.t.Helper()
	body, _ := json.Marshal(map[string]any{"query": query, "variables": vars})
	return e.raw(http.MethodPost, "/query", "application/json", bytes.NewReader(body))
}

func (e *env) raw(method, path, contentType string, body io.Reader) gqlResponse {
	e.t.Helper()
	req, err := http.NewRequest(method, e.srv.URL+path, body)
	require.NoError(e.t, err)
	if contentType != "" {
		req.Header.Set("Content-Type", contentType)
	}
	res, err := http.DefaultClient.Do(req)
	require.NoError(e.t, err)
	defer res.Body.Close()
	b, err := io.ReadAll(res.Body)
	require.NoError(e.t, err)
	allResponses = append(allResponses, string(b))
	var out gqlResponse
	_ = json.Unmarshal(b, &out)
	out.status = res.StatusCode
	return out
}

// ok runs a query that must succeed and decodes its data into v.
func (e *env) ok(query string, vars map[string]any, v any) {
	e.t.Helper()
	r := e.do(query, vars)
	require.Empty(e.t, r.Errors, "query failed: %s", strings.TrimSpace(query))
	if v != nil {
		require.NoError(e.t, json.Unmarshal(r.Data, v))
	}
}

// fails runs a query that must fail with the code.
func (e *env) fails(code string, query string, vars map[string]any) gqlResponse {
	e.t.Helper()
	r := e.do(query, vars)
	require.NotEmpty(e.t, r.Errors, "expected %s", code)
	require.Equal(e.t, code, r.code(), "errors: %+v", r.Errors)
	return r
}
