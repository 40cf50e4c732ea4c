package server_test

import (
	"bytes"
	"encoding/json"
	"fmt"
	"net/http"
	"os"
	"strconv"
	"strings"
	"testing"
	"time"

	"entgo.io/ent/dialect"
	"github.com/stretchr/testify/require"

	"github.com/exportiva/exportiva/internal/server"
	"github.com/exportiva/exportiva/internal/testdb"
	"github.com/exportiva/exportiva/internal/validate"
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

// doubling is `query { ...Fn }` where each fragment spreads the previous one twice.
func doubling(n int) string {
	var b strings.Builder
	fmt.Fprintf(&b, "query { ...F%d } fragment F0 on Query { language }", n)
	for i := 1; i <= n; i++ {
		fmt.Fprintf(&b, " fragment F%d on Query { ...F%d ...F%d }", i, i-1, i-1)
	}
	return b.String()
}

// noErrorLogged fails when the server logged at ERROR since the mark.
func noErrorLogged(t *testing.T, e *env, mark int) {
	t.Helper()
	logged := e.log.String()[mark:]
	require.NotContains(t, logged, "level=ERROR", "client mistakes are not logged as errors:\n%s", logged)
}

// TestCostAttacks sends the documents that made pricing or execution cost more
// than their price, anonymously, and checks each is refused at once with one error
// and before any SQL.
func TestCostAttacks(t *testing.T) {
	db := testdb.Open(t)
	var counter *testdb.Counter
	e := newEnvOn(t, db.Wrap(func(d dialect.Driver) dialect.Driver { counter = testdb.NewCounter(d); return counter })).as("")
	ids := make([]string, 2000)
	for i := range ids {
		ids[i] = "4294967297"
	}
	terms := make([]map[string]any, 20000)
	for i := range terms {
		terms[i] = map[string]any{"nameEnglish": fmt.Sprint(i)}
	}
	deepWhere := map[string]any{"nameEnglishContains": "x"}
	for i := 0; i < 3000; i++ {
		deepWhere = map[string]any{"not": deepWhere}
	}
	manyIDs := make([]string, 40000)
	for i := range manyIDs {
		manyIDs[i] = fmt.Sprint(i + 1)
	}
	products := `query($w: ProductWhereInput) { products(first: 1, where: $w) { totalCount } }`
	cases := []struct {
		name  string
		query string
		vars  map[string]any
		code  string
	}{
		{"25 doubling fragments", doubling(25), nil, "COMPLEXITY_LIMIT_EXCEEDED"},
		{"30 doubling fragments", doubling(30), nil, "COMPLEXITY_LIMIT_EXCEEDED"},
		{"2000 node ids", `query($ids: [ID!]!) { nodes(ids: $ids) { ... on Product { producer { products(first: 100) { edges { node { id } } } } } } }`, map[string]any{"ids": ids}, "BAD_USER_INPUT"},
		{"40000 node ids", `query($ids: [ID!]!) { nodes(ids: $ids) { id } }`, map[string]any{"ids": manyIDs}, "BAD_USER_INPUT"},
		{"100 node ids of 100 products", `query($ids: [ID!]!) { nodes(ids: $ids) { ... on Product { producer { products(first: 100) { edges { node { id nameEnglish } } } } } } }`, map[string]any{"ids": ids[:100]}, "COMPLEXITY_LIMIT_EXCEEDED"},
		{"certificates in certificates", `{ producers(first: 1) { edges { node { certifications { producer { certifications { producer { certifications { id } } } } } } } } }`, nil, "COMPLEXITY_LIMIT_EXCEEDED"},
		{"500 __typename", "{" + strings.Repeat(" __typename", 500) + " }", nil, "FIELD_REPEAT_LIMIT_EXCEEDED"},
		{"500 unknown directives", "{ __typename" + strings.Repeat(" @aa", 500) + " }", nil, "DIRECTIVE_LIMIT_EXCEEDED"},
		{"where 3000 deep", products, map[string]any{"w": deepWhere}, "BAD_USER_INPUT"},
		{"or of 20000 terms", products, map[string]any{"w": map[string]any{"or": terms}}, "BAD_USER_INPUT"},
		{"idIn of 40000", products, map[string]any{"w": map[string]any{"idIn": manyIDs}}, "BAD_USER_INPUT"},
		{"garbage node id", `{ node(id: "abc") { id } }`, nil, "BAD_USER_INPUT"},
		{"garbage where id", `{ products(first: 1, where: {id: "abc"}) { totalCount } }`, nil, "BAD_USER_INPUT"},
		{"garbage cursor", `{ products(first: 1, after: "garbage") { totalCount } }`, nil, "BAD_USER_INPUT"},
		{"fields in fields (introspection)", `{ __type(name: "Query") { fields { type { fields { type { name } } } } } }`, nil, "DEPTH_LIMIT_EXCEEDED"},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			counter.Reset()
			mark := len(e.log.String())
			start := time.Now()
			r := e.do(c.query, c.vars)
			t.Logf("%s: %v", c.name, time.Since(start))
			require.Less(t, time.Since(start), time.Second, "refused at once")
			require.Len(t, r.Errors, 1, "one error: %.500v", r.Errors)
			require.Equal(t, c.code, r.code(), "%.300v", r.Errors)
			require.Zero(t, counter.Count(), "refused before any SQL")
			noErrorLogged(t, e, mark)
		})
	}
}

// TestNodesByIDs checks that nodes loads each distinct id once and answers an
// unknown id with null and a NOT_FOUND error at its index, not logged as an error.
func TestNodesByIDs(t *testing.T) {
	db := testdb.Open(t)
	var counter *testdb.Counter
	e := newEnvOn(t, db.Wrap(func(d dialect.Driver) dialect.Driver { counter = testdb.NewCounter(d); return counter }))
	pid := createProducer(e, "Simpul")
	prod := createProduct(e, pid)
	anon := e.as("")

	type node struct{ ID string }
	var one struct{ Nodes []*node }
	counter.Reset()
	anon.ok(`query($ids: [ID!]!) { nodes(ids: $ids) { id } }`, map[string]any{"ids": []string{prod}}, &one)
	single := counter.Count()
	same := make([]string, 100)
	for i := range same {
		same[i] = prod
	}
	var many struct{ Nodes []*node }
	counter.Reset()
	anon.ok(`query($ids: [ID!]!) { nodes(ids: $ids) { id } }`, map[string]any{"ids": same}, &many)
	require.Len(t, many.Nodes, 100)
	require.Equal(t, prod, many.Nodes[99].ID)
	require.Equal(t, single, counter.Count(), "one id asked 100 times is loaded once")

	mark := len(e.log.String())
	unknownInRange := fmt.Sprint(mustAtoi(t, prod) + 1000000)
	r := anon.do(`query($ids: [ID!]!) { nodes(ids: $ids) { id } }`, map[string]any{"ids": []string{prod, unknownInRange, "4611686018427387904", pid, unknownInRange}})
	var out struct{ Nodes []*node }
	require.NoError(t, json.Unmarshal(r.Data, &out))
	require.Len(t, out.Nodes, 5)
	require.NotNil(t, out.Nodes[0])
	require.Nil(t, out.Nodes[1])
	require.Nil(t, out.Nodes[2])
	require.Equal(t, pid, out.Nodes[3].ID)
	require.Nil(t, out.Nodes[4])
	require.Len(t, r.Errors, 3, "%+v", r.Errors)
	for i, at := range []float64{1, 2, 4} {
		require.Equal(t, "NOT_FOUND", r.Errors[i].Extensions["code"])
		require.Equal(t, []any{"nodes", at}, r.Errors[i].Path)
	}
	r = anon.do(`{ node(id: "4611686018427387904") { id } }`, nil)
	require.Equal(t, "NOT_FOUND", r.code(), "%+v", r.Errors)
	r = anon.do(`query($id: ID!) { node(id: $id) { id } }`, map[string]any{"id": unknownInRange})
	require.Equal(t, "NOT_FOUND", r.code(), "%+v", r.Errors)
	noErrorLogged(t, e, mark)
}

func mustAtoi(t *testing.T, s string) int {
	n, err := strconv.Atoi(s)
	require.NoError(t, err)
	return n
}

// TestCertificationMaximum holds a producer's certificates to the maximum the
// price of the certificate lists counts on.
func TestCertificationMaximum(t *testing.T) {
	e := newEnv(t, false)
	pid := createProducer(e, "Penuh")
	q := `mutation($p: ID!) { createCertification(input: {producerID: $p, type: HACCP, validFrom: "2025-01-01T00:00:00Z", validUntil: "2027-01-01T00:00:00Z"}) { certification { id } } }`
	for i := 0; i < validate.MaxCertifications; i++ {
		e.ok(q, map[string]any{"p": pid}, nil)
	}
	mark := len(e.log.String())
	r := e.fails("BAD_USER_INPUT", q, map[string]any{"p": pid})
	require.Equal(t, []string{"input", "producerID"}, r.field())
	noErrorLogged(t, e, mark)
	var out struct {
		Node struct{ Certifications []struct{ ID string } }
	}
	e.ok(`query($p: ID!) { node(id: $p) { ... on Producer { certifications { id } } } }`, map[string]any{"p": pid}, &out)
	require.Len(t, out.Node.Certifications, validate.MaxCertifications)
}

// TestStandardIntrospection sends the introspection queries of graphql-js
// (getIntrospectionQuery, plain and with every option), as GraphiQL and codegen
// do: they pass the default limits in development; production has no
// introspection.
func TestStandardIntrospection(t *testing.T) {
	db := testdb.Open(t)
	dev := newEnvOn(t, db).as("")
	prod := newEnvOn(t, db, func(c *server.Config) { c.Production = true }).as("")
	for _, f := range []string{"introspection.graphql", "introspection-full.graphql"} {
		src, err := os.ReadFile("../../graph/testdata/" + f)
		require.NoError(t, err)
		var out struct {
			Schema struct {
				QueryType struct{ Name string }
				Types     []struct{ Name string }
			} `json:"__schema"`
		}
		// Sent apart from e.do: the leak scan of the suite would take the schema's
		// descriptions ("…shipment: the…") for driver messages.
		r := unrecorded(t, dev, string(src))
		require.Empty(t, r.Errors, "%s: %+v", f, r.Errors)
		require.NoError(t, json.Unmarshal(r.Data, &out))
		require.Equal(t, "Query", out.Schema.QueryType.Name, f)
		require.Greater(t, len(out.Schema.Types), 50, f)
		r = unrecorded(t, prod, string(src))
		require.NotEmpty(t, r.Errors, "%s: no introspection in production", f)
	}
}

// unrecorded posts a query without adding its response to the suite's leak scan.
func unrecorded(t *testing.T, e *env, query string) gqlResponse {
	body, _ := json.Marshal(map[string]any{"query": query})
	res, err := http.Post(e.srv.URL+"/query", "application/json", bytes.NewReader(body))
	require.NoError(t, err)
	defer res.Body.Close()
	var out gqlResponse
	require.NoError(t, json.NewDecoder(res.Body).Decode(&out))
	return out
}
