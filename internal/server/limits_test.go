package server_test

import (
	"bytes"
	"encoding/json"
	"fmt"
	"net/http"
	"strings"
	"testing"

	"entgo.io/ent/dialect"
	"github.com/stretchr/testify/require"

	"github.com/exportiva/exportiva/internal/server"
	"github.com/exportiva/exportiva/internal/testdb"
)

// TestHostileOperations sends operations that try to exhaust the server and
// checks that each is refused with its code before any SQL statement runs.
func TestHostileOperations(t *testing.T) {
	db := testdb.Open(t)
	var counter *testdb.Counter
	e := newEnvOn(t, db.Wrap(func(d dialect.Driver) dialect.Driver { counter = testdb.NewCounter(d); return counter })).as("")

	deep := "{ producers(first: 1) { edges { node { " + strings.Repeat("products(first: 1) { edges { node { producer { ", 7) + "name"
	deep += strings.Repeat(" }", strings.Count(deep, "{")-strings.Count(deep, "}"))
	var aliases strings.Builder
	aliases.WriteString("{ ")
	for i := 0; i < 1000; i++ {
		fmt.Fprintf(&aliases, "a%d: producers(first: 1) { totalCount } ", i)
	}
	aliases.WriteString("}")
	var tokens strings.Builder
	tokens.WriteString("{ producers(first: 1) { edges { node { ")
	for i := 0; i < 50000; i++ {
		tokens.WriteString("name ")
	}
	tokens.WriteString("} } } }")
	var directives strings.Builder
	directives.WriteString("{ producers(first: 1) { totalCount ")
	for i := 0; i < 200; i++ {
		directives.WriteString("@skip(if: false) ")
	}
	directives.WriteString("} }")
	cases := []struct {
		name  string
		query string
		codes []string
	}{
		{"30 levels deep", deep, []string{"DEPTH_LIMIT_EXCEEDED"}},
		{"1000 aliases", aliases.String(), []string{"ALIAS_LIMIT_EXCEEDED"}},
		{"over 50000 tokens", tokens.String(), []string{"GRAPHQL_PARSE_FAILED"}},
		{"200 directives", directives.String(), []string{"DIRECTIVE_LIMIT_EXCEEDED", "GRAPHQL_VALIDATION_FAILED"}},
		{"circular fragments", "query { producers(first: 1) { ...A } } fragment A on ProducerConnection { ...B } fragment B on ProducerConnection { ...A }", []string{"GRAPHQL_VALIDATION_FAILED"}},
		{"too costly", "{ producers(first: 100) { edges { node { products(first: 100) { edges { node { name: nameEnglish certifications { type } } } } } } } }", []string{"COMPLEXITY_LIMIT_EXCEEDED"}},
		{"unbounded list", "{ products { totalCount } }", []string{"BAD_USER_INPUT"}},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			counter.Reset()
			r := e.do(c.query, nil)
			require.NotEmpty(t, r.Errors)
			require.Contains(t, c.codes, r.code(), "%.300v", r.Errors)
			require.Zero(t, counter.Count(), "refused before any SQL")
		})
	}

	counter.Reset()
	big := bytes.Repeat([]byte(" "), 5<<20)
	r := e.raw(http.MethodPost, "/query", "application/json", bytes.NewReader(append([]byte(`{"query":"{ __typename }"`), append(big, '}')...)))
	require.Equal(t, http.StatusRequestEntityTooLarge, r.status)

	batch := make([]map[string]string, 100)
	for i := range batch {
		batch[i] = map[string]string{"query": "{ producers(first: 1) { totalCount } }"}
	}
	body, _ := json.Marshal(batch)
	r = e.raw(http.MethodPost, "/query", "application/json", bytes.NewReader(body))
	require.Equal(t, http.StatusBadRequest, r.status, "batches are not accepted")

	r = e.raw(http.MethodPost, "/query", "application/x-www-form-urlencoded", strings.NewReader("query=%7B__typename%7D"))
	require.GreaterOrEqual(t, r.status, 400, "no form-encoded requests")
	require.Less(t, r.status, 500)
	require.Zero(t, counter.Count())
}

func TestRateLimit(t *testing.T) {
	db := testdb.Open(t)
	e := newEnvOn(t, db, func(c *server.Config) { c.RateLimitIP = 5 }).as("")
	for i := 0; i < 5; i++ {
		require.Empty(t, e.do(`{ __typename }`, nil).Errors)
	}
	req, _ := http.NewRequest(http.MethodPost, e.srv.URL+"/query", strings.NewReader(`{"query":"{ __typename }"}`))
	req.Header.Set("Content-Type", "application/json")
	res, err := http.DefaultClient.Do(req)
	require.NoError(t, err)
	defer res.Body.Close()
	require.Equal(t, http.StatusTooManyRequests, res.StatusCode)
	require.NotEmpty(t, res.Header.Get("Retry-After"))
	var out gqlResponse
	require.NoError(t, json.NewDecoder(res.Body).Decode(&out))
	require.Equal(t, "RATE_LIMITED", out.code())
}

func TestProductionMode(t *testing.T) {
	db := testdb.Open(t)
	e := newEnvOn(t, db, func(c *server.Config) { c.Production = true }).as("")
	r := e.do(`{ __schema { types { name } } }`, nil)
	require.NotEmpty(t, r.Errors, "no introspection in production")
	r = e.do(`{ producer(first: 1) { totalCount } }`, nil)
	require.NotEmpty(t, r.Errors)
	require.NotContains(t, r.Errors[0].Message, "Did you mean", "no field suggestions in production")
	res, err := http.Get(e.srv.URL + "/")
	require.NoError(t, err)
	res.Body.Close()
	require.Equal(t, http.StatusNotFound, res.StatusCode, "no playground in production")

	dev := newEnvOn(t, db).as("")
	require.Empty(t, dev.do(`{ __schema { types { name } } }`, nil).Errors, "introspection in development")
	require.Contains(t, dev.do(`{ producer(first: 1) { totalCount } }`, nil).Errors[0].Message, "Did you mean")
}

func TestCORS(t *testing.T) {
	db := testdb.Open(t)
	e := newEnvOn(t, db, func(c *server.Config) { c.CORSOrigins = []string{"https://app.exportiva.example"} })
	for origin, allowed := range map[string]bool{"https://app.exportiva.example": true, "https://evil.example": false} {
		req, _ := http.NewRequest(http.MethodOptions, e.srv.URL+"/query", nil)
		req.Header.Set("Origin", origin)
		req.Header.Set("Access-Control-Request-Method", "POST")
		req.Header.Set("Access-Control-Request-Headers", "authorization,content-type")
		res, err := http.DefaultClient.Do(req)
		require.NoError(t, err)
		res.Body.Close()
		if allowed {
			require.Equal(t, origin, res.Header.Get("Access-Control-Allow-Origin"))
		} else {
			require.Empty(t, res.Header.Get("Access-Control-Allow-Origin"))
		}
	}
}
