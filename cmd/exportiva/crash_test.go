package main

import (
	"bytes"
	"database/sql"
	"encoding/json"
	"fmt"
	"net"
	"net/http"
	"os"
	"os/exec"
	"path/filepath"
	"sync"
	"syscall"
	"testing"
	"time"

	"github.com/stretchr/testify/require"
)

// buildBinary compiles the exportiva command once for the process tests.
func buildBinary(t *testing.T) string {
	t.Helper()
	bin := filepath.Join(t.TempDir(), "exportiva")
	out, err := exec.Command("go", "build", "-o", bin, ".").CombinedOutput()
	require.NoError(t, err, "%s", out)
	return bin
}

func freeAddr(t *testing.T) string {
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	require.NoError(t, err)
	defer ln.Close()
	return ln.Addr().String()
}

func startServer(t *testing.T, bin, addr, db string) *exec.Cmd {
	t.Helper()
	cmd := exec.Command(bin, "serve", "--addr", addr, "--database", db, "--rate-limit-ip", "0", "--rate-limit-token", "0")
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

func gql(addr, token, query string, vars map[string]any) (map[string]any, error) {
	body, _ := json.Marshal(map[string]any{"query": query, "variables": vars})
	req, _ := http.NewRequest(http.MethodPost, "http://"+addr+"/query", bytes.NewReader(body))
	req.Header.Set("Content-Type", "application/json")
	if token != "" {
		req.Header.Set("Authorization", "Bearer "+token)
	}
	res, err := http.DefaultClient.Do(req)
	if err != nil {
		return nil, err
	}
	defer res.Body.Close()
	var out map[string]any
	if err := json.NewDecoder(res.Body).Decode(&out); err != nil {
		return nil, err
	}
	if errs, ok := out["errors"]; ok {
		return nil, fmt.Errorf("%v", errs)
	}
	return out["data"].(map[string]any), nil
}

// TestKillDuringWrites kills the server with SIGKILL in the middle of a burst of
// mutations on SQLite: after a restart every acknowledged mutation is there and
// the database passes PRAGMA integrity_check.
func TestKillDuringWrites(t *testing.T) {
	if testing.Short() {
		t.Skip("builds and runs the binary")
	}
	bin := buildBinary(t)
	db := filepath.Join(t.TempDir(), "crash.db")
	admin := exec.Command(bin, "admin", "create", "--email", "crash@test.exportiva.test", "--database", db)
	admin.Env = append(os.Environ(), "EXPORTIVA_ADMIN_PASSWORD=crash-test-password")
	out, err := admin.CombinedOutput()
	require.NoError(t, err, "%s", out)

	addr := freeAddr(t)
	srv := startServer(t, bin, addr, db)
	data, err := gql(addr, "", `mutation { logIn(email: "crash@test.exportiva.test", password: "crash-test-password") { token } }`, nil)
	require.NoError(t, err)
	token := data["logIn"].(map[string]any)["token"].(string)

	var mu sync.Mutex
	var acked []string
	var wg sync.WaitGroup
	stop := make(chan struct{})
	for c := 0; c < 8; c++ {
		wg.Add(1)
		go func(c int) {
			defer wg.Done()
			for i := 0; ; i++ {
				select {
				case <-stop:
					return
				default:
				}
				name := fmt.Sprintf("Crash %d-%d", c, i)
				if _, err := gql(addr, token, `mutation($n: String!) { createProducer(input: {name: $n, district: BRONDONG, sector: FISHERY, sizeClass: MICRO}) { producer { id } } }`, map[string]any{"n": name}); err == nil {
					mu.Lock()
					acked = append(acked, name)
					mu.Unlock()
				}
			}
		}(c)
	}
	require.Eventually(t, func() bool { mu.Lock(); defer mu.Unlock(); return len(acked) >= 150 }, 60*time.Second, 5*time.Millisecond)
	require.NoError(t, srv.Process.Signal(syscall.SIGKILL))
	_ = srv.Wait()
	close(stop)
	wg.Wait()

	srv = startServer(t, bin, addr, db)
	defer func() { _ = srv.Process.Signal(syscall.SIGTERM); _ = srv.Wait() }()
	present := map[string]bool{}
	var after any
	for {
		data, err := gql(addr, "", `query($a: Cursor) { producers(first: 100, after: $a) { edges { node { name } } pageInfo { hasNextPage endCursor } } }`, map[string]any{"a": after})
		require.NoError(t, err)
		p := data["producers"].(map[string]any)
		for _, e := range p["edges"].([]any) {
			present[e.(map[string]any)["node"].(map[string]any)["name"].(string)] = true
		}
		if !p["pageInfo"].(map[string]any)["hasNextPage"].(bool) {
			break
		}
		after = p["pageInfo"].(map[string]any)["endCursor"]
	}
	for _, name := range acked {
		require.True(t, present[name], "acknowledged %q is lost", name)
	}
	conn, err := sql.Open("sqlite3", "file:"+db+"?mode=ro")
	require.NoError(t, err)
	defer conn.Close()
	var check string
	require.NoError(t, conn.QueryRow("PRAGMA integrity_check").Scan(&check))
	require.Equal(t, "ok", check)
	t.Logf("%d mutations acknowledged before SIGKILL, all present after restart; integrity_check ok", len(acked))
}
