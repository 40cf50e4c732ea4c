package server_test

import (
	"context"
	"database/sql"
	"fmt"
	"net/http"
	"net/url"
	"runtime"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"github.com/stretchr/testify/require"

	"github.com/exportiva/exportiva/internal/store"
	"github.com/exportiva/exportiva/internal/testdb"
)

// TestReadyzFollowsTheDatabase: /readyz fails while the database is unreachable.
func TestReadyzFollowsTheDatabase(t *testing.T) {
	db, err := store.Open("postgres://nobody@127.0.0.1:1/none?sslmode=disable&connect_timeout=1")
	require.NoError(t, err)
	defer db.Close()
	e := newEnvOnNoAdmin(t, db)
	res, err := http.Get(e.srv.URL + "/readyz")
	require.NoError(t, err)
	res.Body.Close()
	require.Equal(t, http.StatusServiceUnavailable, res.StatusCode)
	res, err = http.Get(e.srv.URL + "/healthz")
	require.NoError(t, err)
	res.Body.Close()
	require.Equal(t, http.StatusOK, res.StatusCode, "the process itself is up")
}

// TestConnectionsCutUnderLoad terminates the server's PostgreSQL sessions while
// clients query and write: requests in flight fail cleanly with a code, the
// process stays up, and it serves again within seconds, without a restart.
func TestConnectionsCutUnderLoad(t *testing.T) {
	testdb.RequirePostgres(t)
	w := newWorld(t)
	admin, err := sql.Open("pgx", testdb.PostgresURL())
	require.NoError(t, err)
	defer admin.Close()
	u, err := url.Parse(w.e.db.DSN)
	require.NoError(t, err)
	app := u.Query().Get("application_name")
	require.NotEmpty(t, app)
	var ok, failed atomic.Int64
	var bad []string
	var mu sync.Mutex
	ctx, stop := context.WithCancel(context.Background())
	var wg sync.WaitGroup
	for c := 0; c < 6; c++ {
		wg.Add(1)
		go func(c int) {
			defer wg.Done()
			for i := 0; ctx.Err() == nil; i++ {
				var r gqlResponse
				if i%3 == 0 {
					r = w.e.as(w.tokens["producerA"]).do(`mutation($id: ID!, $n: Int!) { updateProduct(id: $id, input: {leadTimeDays: $n}) { product { id } } }`, map[string]any{"id": w.productA, "n": i % 30})
				} else {
					r = w.e.as(w.tokens["buyerA"]).do(`{ products(first: 10) { totalCount edges { node { producer { name } } } } }`, nil)
				}
				if len(r.Errors) == 0 && r.status == 200 {
					ok.Add(1)
					continue
				}
				failed.Add(1)
				if r.code() == "" || r.status >= 500 && r.status != 503 {
					mu.Lock()
					bad = append(bad, fmt.Sprintf("status %d, errors %+v", r.status, r.Errors))
					mu.Unlock()
				}
			}
		}(c)
	}
	for k := 0; k < 5; k++ {
		time.Sleep(150 * time.Millisecond)
		// Only this test's sessions: other packages may be testing on the same server.
		_, err := admin.Exec(`SELECT pg_terminate_backend(pid) FROM pg_stat_activity
			WHERE pid <> pg_backend_pid() AND application_name = $1`, app)
		require.NoError(t, err)
	}
	time.Sleep(200 * time.Millisecond)
	stop()
	wg.Wait()
	require.Empty(t, bad, "failures must carry an error code")
	// It serves again by itself.
	require.Eventually(t, func() bool {
		r := w.e.as(w.tokens["buyerA"]).do(`{ products(first: 1) { totalCount } }`, nil)
		return len(r.Errors) == 0
	}, 5*time.Second, 50*time.Millisecond)
	res, err := http.Get(w.e.srv.URL + "/readyz")
	require.NoError(t, err)
	res.Body.Close()
	require.Equal(t, http.StatusOK, res.StatusCode, "ready again")
	t.Logf("under connection cuts: %d requests succeeded, %d failed cleanly", ok.Load(), failed.Load())
}

// TestManyWebsocketClients connects 500 clients that subscribe and go away,
// twice: goroutines return to where they were, and the second 500 leave the
// heap where the first left it (the first round warms what is kept on
// purpose — pools, buffers, caches — so that what grows is what leaks).
func TestManyWebsocketClients(t *testing.T) {
	w := newWorld(t)
	runtime.GC()
	base := runtime.NumGoroutine()
	round := func() {
		var wg sync.WaitGroup
		sem := make(chan struct{}, 50)
		for i := 0; i < 500; i++ {
			wg.Add(1)
			sem <- struct{}{}
			go func() {
				defer wg.Done()
				defer func() { <-sem }()
				c := dialWS(t, w.e, w.tokens["producerA"])
				c.subscribe("1", `subscription { leadCreated { score } }`, nil)
				c.subscribe("2", `subscription { inquiryUpdated { id } }`, nil)
				c.conn.CloseNow()
			}()
		}
		wg.Wait()
		require.Eventually(t, func() bool {
			return runtime.NumGoroutine() <= base+20
		}, 10*time.Second, 100*time.Millisecond, "goroutines leaked: %d, started with %d", runtime.NumGoroutine(), base)
		require.Eventually(t, func() bool {
			body := scrape(t, w.e.srv.URL)
			return metricValue(t, body, "exportiva_websocket_connections") == 0 && metricValue(t, body, "exportiva_subscriptions_active") == 0
		}, 10*time.Second, 100*time.Millisecond)
	}
	round()
	var before, after runtime.MemStats
	runtime.GC()
	runtime.ReadMemStats(&before)
	round()
	require.Eventually(t, func() bool {
		runtime.GC()
		runtime.ReadMemStats(&after)
		return after.HeapInuse < before.HeapInuse+8<<20
	}, 10*time.Second, 100*time.Millisecond, "heap in use grew by 8 MiB or more over 500 more clients")
	t.Logf("500 clients: goroutines %d → %d, heap in use %.1f → %.1f MiB", base, runtime.NumGoroutine(),
		float64(before.HeapInuse)/(1<<20), float64(after.HeapInuse)/(1<<20))
}
