package server_test

import (
	"context"
	"database/sql"
	"fmt"
	"net/url"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/stretchr/testify/require"

	"github.com/exportiva/exportiva/internal/testdb"
)

// TestReadsSurviveConnectionCuts terminates every PostgreSQL session of the
// server's pool, five times, while signed-in clients read: reads caught on a
// dead connection (the token check, then the query) retry on a new one, so
// none fails — no 503 "cannot check the token now", no field
// INTERNAL_SERVER_ERROR — and nothing is logged at ERROR.
func TestReadsSurviveConnectionCuts(t *testing.T) {
	testdb.RequirePostgres(t)
	w := newWorld(t)
	admin, err := sql.Open("pgx", testdb.PostgresURL())
	require.NoError(t, err)
	defer admin.Close()
	u, err := url.Parse(w.e.db.DSN)
	require.NoError(t, err)
	app := u.Query().Get("application_name")
	buyer := w.e.as(w.tokens["buyerA"])
	read := `{ products(first: 10) { totalCount edges { node { name producer { name certifications { type } } } } } }`
	ctx, stop := context.WithCancel(context.Background())
	var mu sync.Mutex
	var failures []string
	reads := 0
	var wg sync.WaitGroup
	for c := 0; c < 6; c++ {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for ctx.Err() == nil {
				r := buyer.do(read, nil)
				mu.Lock()
				reads++
				if r.status != 200 || len(r.Errors) > 0 {
					failures = append(failures, fmt.Sprintf("status %d: %+v", r.status, r.Errors))
				}
				mu.Unlock()
			}
		}()
	}
	for k := 0; k < 5; k++ {
		time.Sleep(150 * time.Millisecond)
		_, err := admin.Exec(`SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE pid <> pg_backend_pid() AND application_name = $1`, app)
		require.NoError(t, err)
	}
	time.Sleep(150 * time.Millisecond)
	stop()
	wg.Wait()
	if len(failures) > 0 {
		for _, l := range strings.Split(w.e.log.String(), "\n") {
			if strings.Contains(l, "level=ERROR") {
				t.Log(l)
			}
		}
	}
	require.Empty(t, failures, "of %d reads", reads)
	require.NotContains(t, w.e.log.String(), "level=ERROR")
	t.Logf("%d reads across 5 connection cuts, none failed", reads)
}
