package main

import (
	"bytes"
	"context"
	"io"
	"net/http"
	"path/filepath"
	"regexp"
	"strings"
	"sync"
	"testing"
	"time"

	coderws "github.com/coder/websocket"
	"github.com/stretchr/testify/require"
)

type syncBuffer struct {
	mu sync.Mutex
	b  bytes.Buffer
}

func (s *syncBuffer) Write(p []byte) (int, error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.b.Write(p)
}

func (s *syncBuffer) String() string {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.b.String()
}

func TestCommands(t *testing.T) {
	ctx := context.Background()
	dbPath := filepath.Join(t.TempDir(), "data", "exportiva.db")
	var out bytes.Buffer
	require.NoError(t, run(ctx, []string{"version"}, &out, io.Discard))
	require.Contains(t, out.String(), "exportiva")

	out.Reset()
	require.NoError(t, run(ctx, []string{"migrate", "--dry-run", "--database", dbPath}, &out, io.Discard))
	require.Regexp(t, `pending \d{14}_baseline\.sql`, out.String())
	require.Contains(t, out.String(), "CREATE TABLE `accounts`")
	out.Reset()
	require.NoError(t, run(ctx, []string{"migrate", "status", "--database", dbPath}, &out, io.Discard))
	require.Contains(t, out.String(), "pending")
	require.NotContains(t, out.String(), "CREATE TABLE", "status lists files, the dry run statements")

	out.Reset()
	require.NoError(t, run(ctx, []string{"migrate", "--database", dbPath}, &out, io.Discard))
	require.Regexp(t, `applied \d{14}_baseline\.sql`, out.String())
	require.Contains(t, out.String(), "up to date")
	out.Reset()
	require.NoError(t, run(ctx, []string{"migrate", "status", "--database", dbPath}, &out, io.Discard))
	require.Regexp(t, `\d{14}  baseline\s+applied`, out.String())
	require.Contains(t, out.String(), "up to date")

	out.Reset()
	require.NoError(t, run(ctx, []string{"seed", "--demo", "--database", dbPath}, &out, io.Discard))
	require.Regexp(t, `\d+ producers`, out.String())
	out.Reset()
	require.NoError(t, run(ctx, []string{"seed", "--demo", "--database", dbPath}, &out, io.Discard))
	require.Contains(t, out.String(), "already present")

	require.Error(t, run(ctx, []string{"seed", "--database", dbPath}, io.Discard, io.Discard))
	require.Error(t, run(ctx, []string{"frobnicate"}, io.Discard, io.Discard))
	require.Error(t, run(ctx, nil, io.Discard, io.Discard))
}

// TestServeAndShutdown runs `serve --demo` on a fresh SQLite file, queries it over
// HTTP, and stops it as SIGTERM would (by cancelling its context).
func TestServeAndShutdown(t *testing.T) {
	ctx, cancel := context.WithCancel(context.Background())
	defer cancel()
	t.Setenv("EXPORTIVA_DATABASE", filepath.Join(t.TempDir(), "serve.db"))
	var out syncBuffer
	done := make(chan error, 1)
	go func() { done <- run(ctx, []string{"serve", "--demo", "--addr", "127.0.0.1:0"}, &out, io.Discard) }()
	var base string
	require.Eventually(t, func() bool {
		m := regexp.MustCompile(`GraphQL API:\s+(http://\S+)/query`).FindStringSubmatch(out.String())
		if m != nil {
			base = m[1]
		}
		return m != nil
	}, 20*time.Second, 20*time.Millisecond)
	res, err := http.Post(base+"/query", "application/json", strings.NewReader(`{"query":"{ producers(first: 5) { totalCount edges { node { name district } } } }"}`))
	require.NoError(t, err)
	body, _ := io.ReadAll(res.Body)
	res.Body.Close()
	require.Equal(t, 200, res.StatusCode)
	require.Contains(t, string(body), `"district":"BRONDONG"`)
	require.Contains(t, out.String(), "producer1@demo.exportiva.test", "demo accounts are printed")

	// A websocket open at shutdown is closed with a proper close frame.
	wctx, wcancel := context.WithTimeout(context.Background(), 20*time.Second)
	defer wcancel()
	ws, _, err := coderws.Dial(wctx, "ws"+strings.TrimPrefix(base, "http")+"/query", &coderws.DialOptions{Subprotocols: []string{"graphql-transport-ws"}})
	require.NoError(t, err)
	require.NoError(t, ws.Write(wctx, coderws.MessageText, []byte(`{"type":"connection_init","payload":{}}`)))
	_, ack, err := ws.Read(wctx)
	require.NoError(t, err)
	require.Contains(t, string(ack), "connection_ack")
	cancel()
	for {
		_, _, err := ws.Read(wctx)
		if err != nil {
			require.Equal(t, coderws.StatusNormalClosure, coderws.CloseStatus(err), "closed with a close frame: %v", err)
			break
		}
	}
	select {
	case err := <-done:
		require.NoError(t, err)
	case <-time.After(20 * time.Second):
		t.Fatal("serve did not shut down")
	}
}

func TestAdminCreate(t *testing.T) {
	ctx := context.Background()
	dbPath := filepath.Join(t.TempDir(), "admin.db")
	stdin = strings.NewReader("a-strong-office-password\n")
	defer func() { stdin = nil }()
	var out bytes.Buffer
	require.NoError(t, run(ctx, []string{"admin", "create", "--email", "Officer@Lamongan.go.id", "--database", dbPath}, &out, io.Discard))
	require.Contains(t, out.String(), "officer@lamongan.go.id")
	stdin = strings.NewReader("a-strong-office-password\n")
	require.Error(t, run(ctx, []string{"admin", "create", "--email", "officer@lamongan.go.id", "--database", dbPath}, io.Discard, io.Discard), "exists already")
	stdin = strings.NewReader("")
	require.Error(t, run(ctx, []string{"admin", "create", "--email", "x@lamongan.go.id", "--database", dbPath}, io.Discard, io.Discard), "no password")
	t.Setenv("EXPORTIVA_ADMIN_PASSWORD", "short")
	require.Error(t, run(ctx, []string{"admin", "create", "--email", "y@lamongan.go.id", "--database", dbPath}, io.Discard, io.Discard), "too short")
	require.Error(t, run(ctx, []string{"admin"}, io.Discard, io.Discard))
}
