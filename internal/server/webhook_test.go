package server_test

import (
	"context"
	"io"
	"net/http"
	"net/http/httptest"
	"sync"
	"testing"
	"time"

	"github.com/stretchr/testify/require"

	"github.com/exportiva/exportiva/internal/server"
	"github.com/exportiva/exportiva/internal/store"
	"github.com/exportiva/exportiva/internal/testdb"
	"github.com/exportiva/exportiva/internal/webhook"
)

// hookReceiver is an integration's endpoint that fails its first calls and
// applies each event once (by its id), as a receiver should.
type hookReceiver struct {
	mu      sync.Mutex
	fail    int
	calls   int
	ok      map[string]int
	bodies  map[string][]byte
	sigs    map[string]string
	applied map[string]bool
}

func newHookReceiver(t *testing.T, fail int) (*hookReceiver, string) {
	r := &hookReceiver{fail: fail, ok: map[string]int{}, bodies: map[string][]byte{}, sigs: map[string]string{}, applied: map[string]bool{}}
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, req *http.Request) {
		b, _ := io.ReadAll(req.Body)
		id := req.Header.Get(webhook.HeaderEventID)
		r.mu.Lock()
		defer r.mu.Unlock()
		r.calls++
		if r.fail > 0 {
			r.fail--
			http.Error(w, "not yet", http.StatusBadGateway)
			return
		}
		r.ok[id]++
		r.bodies[id], r.sigs[id] = b, req.Header.Get(webhook.HeaderSignature)
		r.applied[id] = true
	}))
	t.Cleanup(srv.Close)
	return r, srv.URL
}

func (r *hookReceiver) delivered() int {
	r.mu.Lock()
	defer r.mu.Unlock()
	return len(r.ok)
}

func hookConfig(c *server.Config) {
	c.WebhookTargets.AllowInsecure = true
	c.WebhookRetryBase = 50 * time.Millisecond
	// The test clock stands still at `now`: the window must not end.
	c.WebhookRetryWindow = 1000 * 24 * time.Hour
	c.OutboxInterval = 50 * time.Millisecond
}

// TestWebhookReplicas: an endpoint subscribed through the API receives each
// event exactly once (by event id) although it fails its first three calls,
// with every replica running its dispatcher: two servers on one PostgreSQL
// database, or the single server of SQLite.
func TestWebhookReplicas(t *testing.T) {
	first := testdb.Open(t)
	w := newWorldOn(t, first, hookConfig)
	replicas := []*env{w.e}
	if first.Dialect == "postgres" {
		second, err := store.Open(testdb.URLOf(t, first))
		require.NoError(t, err)
		t.Cleanup(func() { _ = second.Close() })
		replicas = append(replicas, newEnvOn(t, second, hookConfig))
	}
	rcv, url := newHookReceiver(t, 3)
	var created struct {
		CreateWebhookEndpoint struct {
			Endpoint struct{ ID string }
			Secret   string
		}
	}
	w.e.as(w.tokens["producerA"]).ok(`mutation($u: String!) { createWebhookEndpoint(input: {url: $u, kinds: [MESSAGE_RECEIVED], description: "CRM"}) { endpoint { id } secret } }`,
		map[string]any{"u": url}, &created)
	ctx, cancel := context.WithCancel(context.Background())
	var wg sync.WaitGroup
	for _, r := range replicas {
		wg.Go(func() { r.svc.Background(ctx) })
	}
	t.Cleanup(func() { cancel(); wg.Wait() })

	const n = 6
	last := replicas[len(replicas)-1]
	for range n {
		last.as(w.tokens["buyerA"]).ok(`mutation($i: ID!) { sendMessage(input: {inquiryID: $i, body: "Any news?"}) { message { id } } }`, map[string]any{"i": w.inquiryA}, nil)
	}
	require.Eventually(t, func() bool { return rcv.delivered() == n }, 20*time.Second, 20*time.Millisecond)
	time.Sleep(300 * time.Millisecond) // room for a double send to show
	rcv.mu.Lock()
	require.Equal(t, n+3, rcv.calls, "three failures, then each event once")
	for id, c := range rcv.ok {
		require.Equal(t, 1, c, "event %s", id)
		require.NoError(t, webhook.Verify(rcv.sigs[id], created.CreateWebhookEndpoint.Secret, rcv.bodies[id], time.Hour, time.Now()))
	}
	rcv.mu.Unlock()

	var log struct {
		Node struct {
			ConsecutiveFailures int
			Deliveries          struct {
				TotalCount int
				Edges      []struct {
					Node struct {
						EventID  string
						State    string
						Attempts int
					}
				}
			}
		}
	}
	w.e.as(w.tokens["producerA"]).ok(`query($id: ID!) { node(id: $id) { ... on WebhookEndpoint { consecutiveFailures deliveries(first: 10) { totalCount edges { node { eventID state attempts } } } } } }`,
		map[string]any{"id": created.CreateWebhookEndpoint.Endpoint.ID}, &log)
	require.Equal(t, n, log.Node.Deliveries.TotalCount)
	require.Zero(t, log.Node.ConsecutiveFailures)
	require.Equal(t, 4, log.Node.Deliveries.Edges[0].Node.Attempts, "the first event waited out the three failures")
	for _, e := range log.Node.Deliveries.Edges {
		require.Equal(t, "DELIVERED", e.Node.State)
		require.Contains(t, rcv.ok, e.Node.EventID)
	}
	// Others do not see the endpoint's log.
	w.e.as(w.tokens["producerB"]).fails("NOT_FOUND", `query($id: ID!) { node(id: $id) { id } }`, map[string]any{"id": created.CreateWebhookEndpoint.Endpoint.ID})
}
