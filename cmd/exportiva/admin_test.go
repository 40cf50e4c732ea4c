package main

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"io"
	"log/slog"
	"net/http/httptest"
	"strings"
	"testing"
	"time"

	coderws "github.com/coder/websocket"
	"github.com/stretchr/testify/require"
	"golang.org/x/crypto/bcrypt"

	"github.com/exportiva/exportiva/internal/apperr"
	"github.com/exportiva/exportiva/internal/auth"
	"github.com/exportiva/exportiva/internal/domain"
	"github.com/exportiva/exportiva/internal/events"
	"github.com/exportiva/exportiva/internal/server"
	"github.com/exportiva/exportiva/internal/testdb"
)

// TestAdminAccountCommands: an operator disables an account, enables it again
// and revokes its sessions from the command line; a running server closes the
// account's websocket (through the bus on PostgreSQL, at its next check on
// SQLite).
func TestAdminAccountCommands(t *testing.T) {
	ctx := context.Background()
	db := testdb.Open(t)
	log := slog.New(slog.NewTextHandler(io.Discard, nil))
	cfg := server.DefaultConfig()
	cfg.BcryptCost = bcrypt.MinCost
	cfg.WebsocketRecheck = 250 * time.Millisecond
	if testdb.Dialect() == "postgres" {
		bus := events.NewPostgres(db.DSN, log)
		defer bus.Close()
		require.Eventually(t, bus.Listening, 10*time.Second, 20*time.Millisecond)
		cfg.Bus = bus
		cfg.WebsocketRecheck = 0 // the bus alone must do it
	}
	srv := httptest.NewServer(server.New(db, log, cfg))
	defer srv.Close()

	a := auth.New(db.Client)
	a.Cost = bcrypt.MinCost
	_, err := a.Create(ctx, "buyer@mina.example.id", "correct-horse-battery", "Mina", domain.RoleBuyer)
	require.NoError(t, err)
	logIn := func() (*auth.Session, error) {
		return a.LogIn(ctx, "buyer@mina.example.id", "correct-horse-battery", "test")
	}
	admin := func(args ...string) string {
		var out bytes.Buffer
		require.NoError(t, run(ctx, append([]string{"admin"}, append(args, "--database", db.DSN)...), &out, io.Discard))
		return out.String()
	}

	s, err := logIn()
	require.NoError(t, err)
	conn := dial(t, srv.URL, s.Token)
	start := time.Now()
	require.Contains(t, admin("revoke-sessions", "--email", "BUYER@mina.example.id"), "1 sessions revoked")
	require.Equal(t, coderws.StatusCode(4403), closeCode(t, conn))
	t.Logf("revoke-sessions → websocket closed in %s (%s)", time.Since(start), testdb.Dialect())
	_, err = a.Check(ctx, s.Token)
	require.ErrorIs(t, err, auth.ErrBadToken)

	s, err = logIn()
	require.NoError(t, err)
	conn = dial(t, srv.URL, s.Token)
	require.Contains(t, admin("disable-account", "--email", "buyer@mina.example.id"), "disabled")
	require.Equal(t, coderws.StatusCode(4403), closeCode(t, conn))
	_, err = a.Check(ctx, s.Token)
	require.ErrorIs(t, err, auth.ErrBadToken)
	_, err = logIn()
	require.Equal(t, apperr.CodeForbidden, apperr.CodeOf(err), "a disabled account cannot sign in")

	require.Contains(t, admin("enable-account", "--email", "buyer@mina.example.id"), "enabled")
	_, err = logIn()
	require.NoError(t, err)

	require.Error(t, run(ctx, []string{"admin", "revoke-sessions", "--email", "nobody@mina.example.id", "--database", db.DSN}, io.Discard, io.Discard))
	require.Error(t, run(ctx, []string{"admin", "disable-account", "--database", db.DSN}, io.Discard, io.Discard), "--email is required")
	require.Error(t, run(ctx, []string{"admin", "frobnicate"}, io.Discard, io.Discard))
}

// dial opens an acknowledged graphql-transport-ws connection with the token.
func dial(t *testing.T, base, token string) *coderws.Conn {
	t.Helper()
	ctx, cancel := context.WithTimeout(context.Background(), 5*time.Second)
	defer cancel()
	conn, _, err := coderws.Dial(ctx, "ws"+strings.TrimPrefix(base, "http")+"/query", &coderws.DialOptions{Subprotocols: []string{"graphql-transport-ws"}})
	require.NoError(t, err)
	t.Cleanup(func() { conn.CloseNow() })
	init, _ := json.Marshal(map[string]any{"type": "connection_init", "payload": map[string]any{"Authorization": "Bearer " + token}})
	require.NoError(t, conn.Write(ctx, coderws.MessageText, init))
	_, b, err := conn.Read(ctx)
	require.NoError(t, err)
	require.Contains(t, string(b), "connection_ack")
	return conn
}

// closeCode waits for the server to close the connection.
func closeCode(t *testing.T, conn *coderws.Conn) coderws.StatusCode {
	t.Helper()
	ctx, cancel := context.WithTimeout(context.Background(), 5*time.Second)
	defer cancel()
	for {
		_, _, err := conn.Read(ctx)
		if err != nil {
			require.NoError(t, ctx.Err(), "not closed in time")
			var ce coderws.CloseError
			if errors.As(err, &ce) {
				return ce.Code
			}
			return -1
		}
	}
}
