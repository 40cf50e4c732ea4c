package main

import (
	"context"
	"crypto/sha256"
	"encoding/hex"
	"flag"
	"io"
	"net/http"
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"testing"
	"time"

	"github.com/stretchr/testify/require"
)

// TestServeProductionFlags: --metrics-addr serves /metrics on its own listener
// and production keeps it off the service's port; --trusted-documents with
// --trusted-documents-only runs the manifest's documents and nothing else.
func TestServeProductionFlags(t *testing.T) {
	dir := t.TempDir()
	doc := `query Producers { producers(first: 2) { totalCount } }`
	sum := sha256.Sum256([]byte(doc))
	hash := hex.EncodeToString(sum[:])
	manifest := filepath.Join(dir, "persisted-documents.json")
	require.NoError(t, os.WriteFile(manifest, []byte(`{"`+hash+`": "`+doc+`"}`), 0o600))
	db := filepath.Join(dir, "flags.db")

	require.ErrorContains(t, run(context.Background(), []string{"serve", "--database", db, "--trusted-documents-only"}, io.Discard, io.Discard),
		"--trusted-documents")
	require.ErrorContains(t, run(context.Background(), []string{"serve", "--database", db, "--trusted-documents", filepath.Join(dir, "missing.json")}, io.Discard, io.Discard),
		"missing.json")
	require.ErrorContains(t, run(context.Background(), []string{"serve", "--database", db, "--match-engine", "fastest"}, io.Discard, io.Discard),
		"--match-engine")

	ctx, cancel := context.WithCancel(context.Background())
	defer cancel()
	var out syncBuffer
	done := make(chan error, 1)
	go func() {
		done <- run(ctx, []string{"serve", "--production", "--database", db, "--addr", "127.0.0.1:0", "--metrics-addr", "127.0.0.1:0",
			"--trusted-documents", manifest, "--only-trusted-documents"}, &out, io.Discard)
	}()
	var api, metrics string
	require.Eventually(t, func() bool {
		a := regexp.MustCompile(`GraphQL API:\s+(http://\S+)/query`).FindStringSubmatch(out.String())
		m := regexp.MustCompile(`Metrics:\s+(http://\S+)/metrics`).FindStringSubmatch(out.String())
		if a != nil && m != nil {
			api, metrics = a[1], m[1]
		}
		return api != ""
	}, 20*time.Second, 20*time.Millisecond)
	require.Contains(t, out.String(), "Trusted documents: 1, nothing else runs")

	get := func(u string) (int, string) {
		res, err := http.Get(u)
		require.NoError(t, err)
		defer res.Body.Close()
		b, _ := io.ReadAll(res.Body)
		return res.StatusCode, string(b)
	}
	status, body := get(metrics + "/metrics")
	require.Equal(t, http.StatusOK, status)
	require.Contains(t, body, "exportiva_")
	status, _ = get(api + "/metrics")
	require.Equal(t, http.StatusNotFound, status, "not on the public port in production")

	status, body = get(api + "/query?documentId=sha256:" + hash)
	require.Equal(t, http.StatusOK, status, body)
	require.Contains(t, body, `"totalCount"`)
	res, err := http.Post(api+"/query", "application/json", strings.NewReader(`{"query":"{ __typename }"}`))
	require.NoError(t, err)
	b, _ := io.ReadAll(res.Body)
	res.Body.Close()
	require.Contains(t, string(b), "FORBIDDEN")
	cancel()
	select {
	case err := <-done:
		require.NoError(t, err)
	case <-time.After(20 * time.Second):
		t.Fatal("serve did not shut down")
	}
}

// TestLegacySignUpFlag: the deprecated signUp is on in development, off in
// production unless asked for, and --legacy-signup says so explicitly.
func TestLegacySignUpFlag(t *testing.T) {
	t.Setenv("EXPORTIVA_LEGACY_SIGNUP", "")
	t.Setenv("EXPORTIVA_PRODUCTION", "")
	for _, c := range []struct {
		args []string
		off  bool
	}{
		{nil, false},
		{[]string{"--production"}, true},
		{[]string{"--production", "--legacy-signup", "on"}, false},
		{[]string{"--legacy-signup", "off"}, true},
		{[]string{"--legacy-signup", "auto"}, false},
	} {
		fs := flag.NewFlagSet("serve", flag.ContinueOnError)
		o := serveFlags(fs)
		require.NoError(t, fs.Parse(c.args))
		cfg, err := o.config()
		require.NoError(t, err, c.args)
		require.Equal(t, c.off, cfg.SignUpOff, c.args)
	}
	fs := flag.NewFlagSet("serve", flag.ContinueOnError)
	o := serveFlags(fs)
	require.NoError(t, fs.Parse([]string{"--legacy-signup", "yes"}))
	_, err := o.config()
	require.ErrorContains(t, err, "--legacy-signup")
}
