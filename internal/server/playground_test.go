package server_test

import (
	"bytes"
	"context"
	"crypto/sha256"
	"encoding/base64"
	"encoding/json"
	"html"
	"net/http"
	"regexp"
	"strings"
	"testing"

	"github.com/stretchr/testify/require"

	"github.com/exportiva/exportiva/internal/auth"
	"github.com/exportiva/exportiva/internal/demo"
	"github.com/exportiva/exportiva/internal/server"
	"github.com/exportiva/exportiva/internal/testdb"
)

var (
	assetRef      = regexp.MustCompile(`<(?:script|link)\b[^>]*?\b(?:src|href)="([^"]*)"[^>]*>`)
	integrityAttr = regexp.MustCompile(`\bintegrity="([^"]*)"`)
	playgroundCfg = regexp.MustCompile(`(?s)<script type="application/json" id="exportiva-playground">(.*?)</script>`)
)

// playgroundTabs fetches the playground page and returns the queries of the tabs
// it opens with.
func playgroundTabs(t *testing.T, e *env) []string {
	t.Helper()
	res, page := e.get("/")
	require.Equal(t, http.StatusOK, res.StatusCode)
	m := playgroundCfg.FindSubmatch(page)
	require.NotNil(t, m, "the page carries its configuration")
	var cfg struct {
		Endpoint string
		Tabs     []struct{ Query string }
	}
	require.NoError(t, json.Unmarshal(m[1], &cfg))
	require.Equal(t, "/query", cfg.Endpoint)
	var out []string
	for _, tab := range cfg.Tabs {
		out = append(out, tab.Query)
	}
	return out
}

// TestPlaygroundPage checks that the playground loads only its own embedded files,
// each pinned by its integrity hash, under a policy that lets the browser reach
// nothing else; and that the demo tab appears only when the demo accounts exist.
func TestPlaygroundPage(t *testing.T) {
	db := testdb.Open(t)
	e := newEnvOn(t, db, func(c *server.Config) { c.Demo = true })
	res, page := e.get("/")
	require.Equal(t, http.StatusOK, res.StatusCode)
	require.Equal(t, "text/html; charset=utf-8", res.Header.Get("Content-Type"))
	csp := res.Header.Get("Content-Security-Policy")
	for _, d := range []string{"default-src 'none'", "script-src 'self'", "connect-src 'self'", "frame-ancestors 'none'"} {
		require.Contains(t, csp, d)
	}
	require.NotContains(t, csp, "unsafe-eval")

	refs := assetRef.FindAllSubmatch(page, -1)
	require.GreaterOrEqual(t, len(refs), 8, "styles and scripts: %s", page)
	var loaded []string
	for _, ref := range refs {
		url := html.UnescapeString(string(ref[1]))
		if url == "data:," {
			continue // the empty favicon: no request at all
		}
		require.True(t, strings.HasPrefix(url, "/static/"), "%s is not served by the binary", url)
		in := integrityAttr.FindSubmatch(ref[0])
		require.NotNil(t, in, "%s has no integrity hash", url)
		r, body := e.get(url)
		require.Equal(t, http.StatusOK, r.StatusCode, url)
		sum := sha256.Sum256(body)
		require.Equal(t, "sha256-"+base64.StdEncoding.EncodeToString(sum[:]), html.UnescapeString(string(in[1])), url)
		loaded = append(loaded, url)
	}
	// Revalidation by hash, and nothing but the files.
	req, err := http.NewRequest(http.MethodGet, e.srv.URL+"/static/graphiql.min.js", nil)
	require.NoError(t, err)
	first, err := http.DefaultClient.Do(req)
	require.NoError(t, err)
	first.Body.Close()
	require.Equal(t, http.StatusOK, first.StatusCode)
	require.NotEmpty(t, first.Header.Get("ETag"))
	req.Header.Set("If-None-Match", first.Header.Get("ETag"))
	again, err := http.DefaultClient.Do(req)
	require.NoError(t, err)
	again.Body.Close()
	require.Equal(t, http.StatusNotModified, again.StatusCode)
	for _, path := range []string{"/static/", "/static/tabs/demo-buyer.graphql", "/static/nope.js"} {
		r, _ := e.get(path)
		require.Equal(t, http.StatusNotFound, r.StatusCode, path)
	}

	for _, want := range []string{"/static/graphiql.min.js", "/static/graphiql-plugin-explorer.umd.js",
		"/static/graphiql-plugin-explorer.css", "/static/playground.js"} {
		require.Contains(t, loaded, want)
	}

	tabs := playgroundTabs(t, e)
	require.Len(t, tabs, 2)
	require.Contains(t, tabs[0], "query ThailandMatches")
	require.Contains(t, tabs[1], "mutation DemoBuyerLogIn")
	require.Contains(t, tabs[1], `{"Authorization": "Bearer`, "the tab says how to send the token")

	plain := newEnvOn(t, db)
	tabs = playgroundTabs(t, plain)
	require.Len(t, tabs, 1, "no demo accounts, no demo tab")
	require.Contains(t, tabs[0], "query ThailandMatches")
	_, page = plain.get("/")
	require.NotContains(t, string(page), "lamongan-demo", "no demo password on a server without demo accounts")
}

// TestPlaygroundTabsRun runs the playground's tabs as a visitor would: the example
// finds FULL matches, the demo tab's log-in gives a token, and with it its Me query
// answers as the demo buyer.
func TestPlaygroundTabsRun(t *testing.T) {
	db := testdb.Open(t)
	_, err := demo.Load(context.Background(), db.Client, now)
	require.NoError(t, err)
	a := auth.New(db.Client)
	a.Cost = 4
	_, err = demo.Accounts(context.Background(), db.Client, a)
	require.NoError(t, err)
	e := newEnvOn(t, db, func(c *server.Config) { c.Demo = true }).as("")
	tabs := playgroundTabs(t, e)
	require.Len(t, tabs, 2)

	run := func(e *env, doc, operation string, v any) {
		t.Helper()
		body, _ := json.Marshal(map[string]any{"query": doc, "operationName": operation})
		r := e.raw(http.MethodPost, "/query", "application/json", bytes.NewReader(body))
		require.Equal(t, http.StatusOK, r.status, "%s: %+v", operation, r.Errors)
		require.Empty(t, r.Errors, operation)
		require.NoError(t, json.Unmarshal(r.Data, v))
	}

	var example struct {
		Matches struct {
			TotalCount int
			Edges      []struct{ Node struct{ Fit string } }
		}
	}
	run(e, tabs[0], "ThailandMatches", &example)
	require.NotEmpty(t, example.Matches.Edges)
	for _, edge := range example.Matches.Edges {
		require.Equal(t, "FULL", edge.Node.Fit)
	}

	var in struct{ LogIn struct{ Token string } }
	run(e, tabs[1], "DemoBuyerLogIn", &in)
	require.NotEmpty(t, in.LogIn.Token)
	var me struct {
		Viewer struct {
			Role  string
			Buyer struct{ Company string }
		}
		BuyRequests struct{ TotalCount int }
	}
	run(e.as(in.LogIn.Token), tabs[1], "Me", &me)
	require.Equal(t, "BUYER", me.Viewer.Role)
	require.Equal(t, "Siam Ocean Foods Co., Ltd.", me.Viewer.Buyer.Company)
	require.Positive(t, me.BuyRequests.TotalCount, "the demo buyer sees its own buy request")
}
