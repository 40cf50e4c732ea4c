package main

import (
	"io"
	"net/http"
	"net/http/httptest"
	"os"
	"os/exec"
	"path/filepath"
	"sync"
	"syscall"
	"testing"
	"time"

	"github.com/stretchr/testify/require"

	"github.com/exportiva/exportiva/internal/demo"
	"github.com/exportiva/exportiva/internal/webhook"
)

// TestKillDuringWebhookDelivery: events committed while the server is sending
// the first of them survive a SIGKILL in the middle of that delivery; after a
// restart every one is delivered, the one in flight again with the same event
// id, in order (SQLite).
func TestKillDuringWebhookDelivery(t *testing.T) {
	if testing.Short() {
		t.Skip("builds and runs the binary")
	}
	bin := buildBinary(t)
	db := filepath.Join(t.TempDir(), "hooks.db")
	out, err := exec.Command(bin, "seed", "--demo", "--database", db).CombinedOutput()
	require.NoError(t, err, "%s", out)

	var mu sync.Mutex
	var seen []string             // event ids in the order of the calls
	delivered := map[string]int{} // 2xx answers per event id
	hang := make(chan struct{})
	first := make(chan struct{})
	var once sync.Once
	rcv := httptest.NewServer(http.HandlerFunc(func(_ http.ResponseWriter, r *http.Request) {
		_, _ = io.Copy(io.Discard, r.Body)
		id := r.Header.Get(webhook.HeaderEventID)
		mu.Lock()
		seen = append(seen, id)
		isFirst := len(seen) == 1
		mu.Unlock()
		if isFirst {
			once.Do(func() { close(first) })
			<-hang // the server dies while this request waits
			return
		}
		mu.Lock()
		delivered[id]++
		mu.Unlock()
	}))
	defer rcv.Close()
	defer close(hang)

	addr := freeAddr(t)
	start := func() *exec.Cmd {
		cmd := exec.Command(bin, "serve", "--addr", addr, "--database", db, "--rate-limit-ip", "0", "--rate-limit-token", "0",
			"--webhook-allow-private", "--webhook-lease", "1s", "--webhook-timeout", "2s", "--metrics-addr", "", "--webhook-retry-base", "100ms", "--outbox-interval", "100ms")
		cmd.Stdout, cmd.Stderr = os.Stderr, os.Stderr
		require.NoError(t, cmd.Start())
		require.Eventually(t, func() bool {
			res, err := http.Get("http://" + addr + "/readyz")
			if err != nil {
				return false
			}
			res.Body.Close()
			return res.StatusCode == 200
		}, 30*time.Second, 50*time.Millisecond)
		return cmd
	}
	srv := start()
	logIn := func(email string) string {
		data, err := gql(addr, "", `mutation($e: String!, $p: String!) { logIn(email: $e, password: $p) { token } }`, map[string]any{"e": email, "p": demo.Password})
		require.NoError(t, err)
		return data["logIn"].(map[string]any)["token"].(string)
	}
	producer, buyer := logIn("producer1@demo.exportiva.test"), logIn("buyer1@demo.exportiva.test")
	data, err := gql(addr, producer, `{ viewer { producerID } }`, nil)
	require.NoError(t, err)
	producerID := data["viewer"].(map[string]any)["producerID"]
	data, err = gql(addr, producer, `mutation($u: String!) { createWebhookEndpoint(input: {url: $u, kinds: [INQUIRY_RECEIVED, MESSAGE_RECEIVED]}) { endpoint { id } } }`, map[string]any{"u": rcv.URL})
	require.NoError(t, err)
	endpoint := data["createWebhookEndpoint"].(map[string]any)["endpoint"].(map[string]any)["id"]

	data, err = gql(addr, buyer, `mutation($p: ID!) { sendInquiry(input: {producerID: $p, subject: "Tengiri for Bangkok", body: "Price for 8 t?"}) { inquiry { id } } }`, map[string]any{"p": producerID})
	require.NoError(t, err)
	inquiry := data["sendInquiry"].(map[string]any)["inquiry"].(map[string]any)["id"]
	<-first // the first delivery is in flight
	const more = 5
	for range more {
		_, err := gql(addr, buyer, `mutation($i: ID!) { sendMessage(input: {inquiryID: $i, body: "Any news?"}) { message { id } } }`, map[string]any{"i": inquiry})
		require.NoError(t, err)
	}
	require.NoError(t, srv.Process.Signal(syscall.SIGKILL))
	_ = srv.Wait()

	srv = start()
	defer func() { _ = srv.Process.Signal(syscall.SIGTERM); _ = srv.Wait() }()
	require.Eventually(t, func() bool { mu.Lock(); defer mu.Unlock(); return len(delivered) == 1+more }, 30*time.Second, 50*time.Millisecond)
	time.Sleep(300 * time.Millisecond)

	data, err = gql(addr, producer, `query($id: ID!) { node(id: $id) { ... on WebhookEndpoint { deliveries(first: 20) { edges { node { eventID state } } } } } }`, map[string]any{"id": endpoint})
	require.NoError(t, err)
	edges := data["node"].(map[string]any)["deliveries"].(map[string]any)["edges"].([]any)
	require.Len(t, edges, 1+more, "every committed event has its delivery")
	mu.Lock()
	defer mu.Unlock()
	require.Equal(t, seen[0], seen[1], "the delivery cut off by the kill is sent again with the same event id")
	for i, e := range edges {
		n := e.(map[string]any)["node"].(map[string]any)
		require.Equal(t, "DELIVERED", n["state"])
		require.Equal(t, 1, delivered[n["eventID"].(string)], "event %v delivered once", n["eventID"])
		require.Equal(t, n["eventID"], seen[i+1], "in order")
	}
}
