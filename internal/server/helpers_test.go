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
	"sync"
	"testing"
	"time"

	"github.com/stretchr/testify/require"
	"golang.org/x/crypto/bcrypt"

	"github.com/exportiva/exportiva/internal/apperr"
	"github.com/exportiva/exportiva/internal/auth"
	"github.com/exportiva/exportiva/internal/demo"
	"github.com/exportiva/exportiva/internal/domain"
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
	t     *testing.T
	db    *store.DB
	svc   *server.Service
	srv   *httptest.Server
	log   *logBuffer // what the server logged
	token string     // sent as the bearer token; the admin's by default
	lang  string     // sent as Accept-Language when set
}

// logBuffer keeps what the server logs; the server writes from its goroutines
// while the test reads.
type logBuffer struct {
	mu  sync.Mutex
	buf bytes.Buffer
}

func (b *logBuffer) Write(p []byte) (int, error) {
	b.mu.Lock()
	defer b.mu.Unlock()
	return b.buf.Write(p)
}

func (b *logBuffer) String() string {
	b.mu.Lock()
	defer b.mu.Unlock()
	return b.buf.String()
}

// tail returns the last n lines logged.
func (b *logBuffer) tail(n int) string {
	lines := strings.Split(strings.TrimRight(b.String(), "\n"), "\n")
	return strings.Join(lines[max(0, len(lines)-n):], "\n")
}

// allResponses collects every response of the suite, so a test can check that no
// error anywhere leaks internal text.
var (
	allResponses []string
	responsesMu  sync.Mutex
)

func newEnv(t *testing.T, withDemo bool) *env {
	t.Helper()
	db := testdb.Open(t)
	if withDemo {
		_, err := demo.Load(context.Background(), db.Client, now)
		require.NoError(t, err)
	}
	return newEnvOn(t, db)
}

// newEnvOnNoAdmin serves db without creating the admin account (for a database
// that cannot be written).
func newEnvOnNoAdmin(t *testing.T, db *store.DB) *env {
	cfg := server.DefaultConfig()
	buf := new(logBuffer)
	srv := httptest.NewServer(server.New(db, slog.New(slog.NewTextHandler(buf, nil)), cfg))
	t.Cleanup(srv.Close)
	return &env{t: t, db: db, srv: srv, log: buf}
}

func newEnvOn(t *testing.T, db *store.DB, adjust ...func(*server.Config)) *env {
	buf := new(logBuffer)
	cfg := server.DefaultConfig()
	cfg.Clock = func() time.Time { return now }
	cfg.BcryptCost = bcrypt.MinCost
	cfg.RateLimitIP, cfg.RateLimitToken, cfg.RateLimitWebsocket = 0, 0, 0
	for _, f := range adjust {
		f(&cfg)
	}
	svc := server.New(db, slog.New(slog.NewTextHandler(buf, nil)), cfg)
	srv := httptest.NewServer(svc)
	t.Cleanup(srv.Close)
	e := &env{t: t, db: db, srv: srv, log: buf, svc: svc}
	e.token = e.account("admin@test.exportiva.test", domain.RoleAdmin)
	return e
}

// account creates an account (once) and returns a fresh token for it.
func (e *env) account(email string, role domain.Role) string {
	e.t.Helper()
	a := auth.New(e.db.Client)
	a.Cost, a.Now = bcrypt.MinCost, func() time.Time { return now }
	ctx := context.Background()
	if _, err := a.Create(ctx, email, "correct-horse-battery", email, role); err != nil && apperr.CodeOf(err) != apperr.CodeConflict {
		require.NoError(e.t, err)
	}
	s, err := a.LogIn(ctx, email, "correct-horse-battery", "test")
	require.NoError(e.t, err)
	return s.Token
}

// in returns the environment asking for answers in a language (Accept-Language).
func (e *env) in(lang string) *env {
	c := *e
	c.lang = lang
	return &c
}

// as returns the environment acting with another token ("" for anonymous).
func (e *env) as(token string) *env {
	c := *e
	c.token = token
	return &c
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
	if e.token != "" {
		req.Header.Set("Authorization", "Bearer "+e.token)
	}
	if e.lang != "" {
		req.Header.Set("Accept-Language", e.lang)
	}
	res, err := http.DefaultClient.Do(req)
	require.NoError(e.t, err)
	defer res.Body.Close()
	b, err := io.ReadAll(res.Body)
	require.NoError(e.t, err)
	if e.svc != nil {
		// The saved-search alerts of a product write run after its commit:
		// done before the test goes on, so statement counts stay exact.
		e.svc.SavedSearches.Wait()
	}
	responsesMu.Lock()
	allResponses = append(allResponses, string(b))
	responsesMu.Unlock()
	var out gqlResponse
	_ = json.Unmarshal(b, &out)
	out.status = res.StatusCode
	return out
}

// ok runs a query that must succeed and decodes its data into v.
func (e *env) ok(query string, vars map[string]any, v any) {
	e.t.Helper()
	r := e.do(query, vars)
	require.Empty(e.t, r.Errors, "query failed: %s\nserver log:\n%s", strings.TrimSpace(query), e.log.tail(20))
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
