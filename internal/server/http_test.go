package server_test

import (
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"io"
	"net/http"
	"net/url"
	"strings"
	"testing"
	"time"

	"github.com/stretchr/testify/require"

	"github.com/exportiva/exportiva/internal/server"
)

// exchange is one HTTP request and its answer, headers included.
type exchange struct {
	status int
	header http.Header
	body   string
	gqlResponse
}

// send makes a request with headers of its own; the env's token is sent unless
// the headers name an Authorization.
func (e *env) send(method, path string, headers map[string]string, body string) exchange {
	e.t.Helper()
	var rd io.Reader
	if body != "" {
		rd = strings.NewReader(body)
	}
	req, err := http.NewRequest(method, e.srv.URL+path, rd)
	require.NoError(e.t, err)
	if e.token != "" {
		req.Header.Set("Authorization", "Bearer "+e.token)
	}
	for k, v := range headers {
		if v == "" {
			req.Header.Del(k)
			continue
		}
		req.Header.Set(k, v)
	}
	res, err := http.DefaultClient.Do(req)
	require.NoError(e.t, err)
	defer res.Body.Close()
	b, err := io.ReadAll(res.Body)
	require.NoError(e.t, err)
	responsesMu.Lock()
	allResponses = append(allResponses, string(b))
	responsesMu.Unlock()
	x := exchange{status: res.StatusCode, header: res.Header, body: string(b)}
	_ = json.Unmarshal(b, &x.gqlResponse)
	return x
}

func sha256Hex(s string) string {
	sum := sha256.Sum256([]byte(s))
	return hex.EncodeToString(sum[:])
}

var jsonCT = map[string]string{"Content-Type": "application/json"}

// TestClientMistakesAreNotServerFaults sweeps malformed requests: each answers a
// client code with a 4xx (or, for a well-formed request, 200 under
// application/json), never INTERNAL_SERVER_ERROR, and nothing is logged at
// ERROR.
func TestClientMistakesAreNotServerFaults(t *testing.T) {
	e := newEnv(t, false).as("")
	query := `{ __typename }`
	wrongHash := sha256Hex("something else")
	for _, c := range []struct {
		name, body string
		status     int
		code       string
		message    string
	}{
		{"truncated JSON", `{"query": "{ __typename }"`, 400, "BAD_REQUEST", "not valid JSON"},
		{"not JSON", `query { __typename }`, 400, "BAD_REQUEST", "not valid JSON"},
		{"NaN", `{"query": "query($x: Float) { __typename }", "variables": {"x": NaN}}`, 400, "BAD_REQUEST", "not valid JSON"},
		{"Infinity", `{"query": "query($x: Float) { __typename }", "variables": {"x": -Infinity}}`, 400, "BAD_REQUEST", "not valid JSON"},
		{"trailing garbage", `{"query": "{ __typename }"} {}`, 400, "BAD_REQUEST", "not valid JSON"},
		{"batched array", `[{"query": "{ __typename }"}, {"query": "{ __typename }"}]`, 400, "BAD_REQUEST", "batched"},
		{"a JSON string", `"{ __typename }"`, 400, "BAD_REQUEST", "JSON object"},
		{"empty body", ``, 400, "BAD_REQUEST", "empty"},
		{"no query", `{}`, 400, "BAD_REQUEST", "no query"},
		{"query is a number", `{"query": 42}`, 400, "BAD_REQUEST", "query must be a string"},
		{"variables are a list", `{"query": "{ __typename }", "variables": [1]}`, 400, "BAD_REQUEST", "variables must be a JSON object"},
		{"extensions are a string", `{"query": "{ __typename }", "extensions": "x"}`, 400, "BAD_REQUEST", "extensions must be a JSON object"},
		{"APQ hash mismatch", `{"query": "` + query + `", "extensions": {"persistedQuery": {"version": 1, "sha256Hash": "` + wrongHash + `"}}}`, 200, "BAD_REQUEST", "does not match"},
		{"APQ version", `{"extensions": {"persistedQuery": {"version": 2, "sha256Hash": "` + wrongHash + `"}}}`, 200, "BAD_REQUEST", "version"},
		{"APQ hash not hex", `{"extensions": {"persistedQuery": {"version": 1, "sha256Hash": "abc"}}}`, 200, "BAD_REQUEST", "SHA-256"},
		{"APQ not an object", `{"query": "{ __typename }", "extensions": {"persistedQuery": "yes"}}`, 200, "BAD_REQUEST", "object"},
		{"APQ unknown hash", `{"extensions": {"persistedQuery": {"version": 1, "sha256Hash": "` + wrongHash + `"}}}`, 200, "PERSISTED_QUERY_NOT_FOUND", "PersistedQueryNotFound"},
		{"unknown documentId", `{"documentId": "sha256:` + wrongHash + `"}`, 200, "PERSISTED_QUERY_NOT_FOUND", "PersistedQueryNotFound"},
	} {
		t.Run(c.name, func(t *testing.T) {
			x := e.send(http.MethodPost, "/query", jsonCT, c.body)
			require.Equal(t, c.status, x.status, x.body)
			require.Equal(t, c.code, x.code(), x.body)
			require.Contains(t, x.Errors[0].Message, c.message)
			require.NotContains(t, x.body, "internal error")
		})
	}
	// The same under application/graphql-response+json: a 4xx, without data.
	x := e.send(http.MethodPost, "/query", map[string]string{"Content-Type": "application/json", "Accept": "application/graphql-response+json"},
		`{"query": "`+query+`", "extensions": {"persistedQuery": {"version": 1, "sha256Hash": "`+wrongHash+`"}}}`)
	require.Equal(t, http.StatusBadRequest, x.status, x.body)
	require.Equal(t, "BAD_REQUEST", x.code())
	require.NotContains(t, x.body, `"data"`)
	// GET parameters.
	for _, q := range []string{"variables=%7Bnot-json", "variables=%5B1%5D", "extensions=nope", "query=%7B__typename%7D&variables=NaN"} {
		x := e.send(http.MethodGet, "/query?"+q, nil, "")
		require.Equal(t, http.StatusBadRequest, x.status, q+": "+x.body)
		require.Equal(t, "BAD_REQUEST", x.code(), q)
	}
	// Indonesian readers get their language.
	x = e.in("id").send(http.MethodPost, "/query", map[string]string{"Content-Type": "application/json", "Accept-Language": "id"}, `[{}]`)
	require.Equal(t, "BAD_REQUEST", x.code())
	require.Contains(t, x.Errors[0].Message, "tidak")

	log := e.log.String()
	require.NotContains(t, log, "level=ERROR", "client mistakes are not logged as errors")
	require.Contains(t, log, "level=INFO msg=request")
	require.NotContains(t, log, "INTERNAL_SERVER_ERROR")
}

// TestGraphQLOverHTTPStatusCodes checks the statuses the GraphQL-over-HTTP
// specification asks for.
func TestGraphQLOverHTTPStatusCodes(t *testing.T) {
	e := newEnv(t, false)
	anon := e.as("")
	mutation := url.QueryEscape(`mutation { logOut }`)
	graphqlResponse := map[string]string{"Content-Type": "application/json", "Accept": "application/graphql-response+json"}

	t.Run("GET mutation is 405, anonymous or signed in", func(t *testing.T) {
		for _, who := range []*env{anon, e} {
			x := who.send(http.MethodGet, "/query?query="+mutation, nil, "")
			require.Equal(t, http.StatusMethodNotAllowed, x.status, x.body)
			require.Equal(t, "POST", x.header.Get("Allow"))
			require.Equal(t, "BAD_REQUEST", x.code())
			x = who.send(http.MethodGet, "/query?query="+mutation, map[string]string{"Accept": "application/graphql-response+json"}, "")
			require.Equal(t, http.StatusMethodNotAllowed, x.status, x.body)
			require.Contains(t, x.header.Get("Content-Type"), "application/graphql-response+json")
		}
	})
	t.Run("unsupported media type is 415", func(t *testing.T) {
		for _, ct := range []string{"text/plain", "application/graphql", "application/x-www-form-urlencoded", "", "application/json; charset=latin1"} {
			x := anon.send(http.MethodPost, "/query", map[string]string{"Content-Type": ct}, `{"query":"{ __typename }"}`)
			require.Equal(t, http.StatusUnsupportedMediaType, x.status, "%q: %s", ct, x.body)
			require.Equal(t, "BAD_REQUEST", x.code())
		}
	})
	t.Run("other methods are 405", func(t *testing.T) {
		x := anon.send(http.MethodPut, "/query", jsonCT, `{"query":"{ __typename }"}`)
		require.Equal(t, http.StatusMethodNotAllowed, x.status)
		require.Equal(t, "GET, POST", x.header.Get("Allow"))
	})
	t.Run("unacceptable response type is 406", func(t *testing.T) {
		x := anon.send(http.MethodPost, "/query", map[string]string{"Content-Type": "application/json", "Accept": "text/html"}, `{"query":"{ __typename }"}`)
		require.Equal(t, http.StatusNotAcceptable, x.status)
		require.Equal(t, "BAD_REQUEST", x.code())
	})
	t.Run("application/graphql-response+json: request errors are 4xx without data", func(t *testing.T) {
		for body, want := range map[string]int{
			`{"query":"{"}`:                   http.StatusBadRequest,   // parse
			`{"query":"{ nope }"}`:            http.StatusBadRequest,   // validation
			`{"query":"mutation { logOut }"}`: http.StatusUnauthorized, // anonymous mutation
			`{"query":"{ products(first: 100000) { totalCount } }"}`: http.StatusBadRequest,
		} {
			x := anon.send(http.MethodPost, "/query", graphqlResponse, body)
			require.Equal(t, want, x.status, body+": "+x.body)
			require.Contains(t, x.header.Get("Content-Type"), "application/graphql-response+json")
			require.NotContains(t, x.body, `"data"`, body)
		}
		x := anon.send(http.MethodPost, "/query", graphqlResponse, `{"query":"{ __typename }"}`)
		require.Equal(t, http.StatusOK, x.status)
		require.Equal(t, "application/graphql-response+json; charset=utf-8", x.header.Get("Content-Type"))
		require.JSONEq(t, `{"__typename":"Query"}`, string(x.Data))
	})
	t.Run("application/json: well-formed requests are 200", func(t *testing.T) {
		for _, body := range []string{`{"query":"{"}`, `{"query":"{ nope }"}`, `{"query":"mutation { logOut }"}`} {
			x := anon.send(http.MethodPost, "/query", jsonCT, body)
			require.Equal(t, http.StatusOK, x.status, body)
			require.Contains(t, x.header.Get("Content-Type"), "application/json")
			require.NotEmpty(t, x.Errors)
		}
	})
	t.Run("401 in application/graphql-response+json", func(t *testing.T) {
		for _, auth := range []string{"Bearer not-a-token", "Basic dXNlcjpwYXNz"} {
			x := anon.send(http.MethodPost, "/query", map[string]string{"Content-Type": "application/json", "Accept": "application/graphql-response+json", "Authorization": auth}, `{"query":"{ __typename }"}`)
			require.Equal(t, http.StatusUnauthorized, x.status)
			require.Equal(t, "UNAUTHENTICATED", x.code())
			require.Contains(t, x.header.Get("Content-Type"), "application/graphql-response+json")
			x = anon.send(http.MethodPost, "/query", map[string]string{"Content-Type": "application/json", "Authorization": auth}, `{"query":"{ __typename }"}`)
			require.Equal(t, http.StatusUnauthorized, x.status)
			require.Contains(t, x.header.Get("Content-Type"), "application/json")
		}
	})
}

// TestSubscriptionsOnlyOverWebsocket: a subscription sent over POST or GET is
// refused at once (it held a bus subscription open for 30 s, outside the
// websocket's per-connection cap).
func TestSubscriptionsOnlyOverWebsocket(t *testing.T) {
	e := newEnv(t, false)
	sub := `subscription { leadCreated { score } }`
	start := time.Now()
	x := e.send(http.MethodPost, "/query", jsonCT, `{"query":"`+sub+`"}`)
	require.Equal(t, http.StatusBadRequest, x.status, x.body)
	require.Equal(t, "BAD_REQUEST", x.code())
	require.Contains(t, x.Errors[0].Message, "websocket")
	x = e.send(http.MethodGet, "/query?query="+url.QueryEscape(sub), nil, "")
	require.Equal(t, http.StatusBadRequest, x.status, x.body)
	require.Equal(t, "BAD_REQUEST", x.code())
	require.Less(t, time.Since(start), 3*time.Second, "answered at once, not held open")
}

// TestNoSuggestionsInProduction: no misspelling gets a "Did you mean" in
// production; development keeps them.
func TestNoSuggestionsInProduction(t *testing.T) {
	db := newEnv(t, false).db
	prod := newEnvOn(t, db, func(c *server.Config) { c.Production = true })
	dev := newEnvOn(t, db)
	type misspelling struct {
		query    string
		vars     map[string]any
		suggests bool // in development
	}
	cases := map[string]misspelling{
		"field":                      {`{ prodcts(first: 1) { totalCount } }`, nil, true},
		"argument":                   {`{ products(frist: 1) { totalCount } }`, nil, true},
		"enum value, literal":        {`{ products(first: 1, where: {status: ACTIV}) { totalCount } }`, nil, true},
		"enum value, variable":       {`query($s: ProductStatus) { products(first: 1, where: {status: $s}) { totalCount } }`, map[string]any{"s": "ACTIV"}, false},
		"input field, literal":       {`{ products(first: 1, where: {statuss: ACTIVE}) { totalCount } }`, nil, true},
		"input field, variable":      {`query($w: ProductWhereInput) { products(first: 1, where: $w) { totalCount } }`, map[string]any{"w": map[string]any{"statuss": "ACTIVE"}}, false},
		"type in fragment condition": {`{ products(first: 1) { edges { node { ... on Prodct { id } } } } }`, nil, false},
		"variable type":              {`query($x: Strin) { products(first: 1) { totalCount } }`, nil, false},
		"directive":                  {`{ products(first: 1) @skp(if: true) { totalCount } }`, nil, false},
		"selection of a leaf-less":   {`{ products(first: 1) }`, nil, true},
	}
	// Introspection is off in production: the client's mistake, not a fault.
	r := prod.as("").do(`query($n: String!) { __type(name: $n) { name } }`, map[string]any{"n": "Query"})
	require.Equal(t, "FORBIDDEN", r.code(), "%+v", r.Errors)
	require.Equal(t, "FORBIDDEN", prod.as("").fails("FORBIDDEN", `{ __schema { queryType { name } } }`, nil).code())
	require.NotContains(t, prod.log.String(), "level=ERROR")
	for name, c := range cases {
		t.Run(name, func(t *testing.T) {
			r := prod.as("").do(c.query, c.vars)
			require.NotEmpty(t, r.Errors)
			for _, err := range r.Errors {
				require.NotContains(t, strings.ToLower(err.Message), "did you mean", "production: %s", err.Message)
			}
			require.NotEqual(t, "INTERNAL_SERVER_ERROR", r.code())
			if c.suggests {
				r = dev.as("").do(c.query, c.vars)
				require.Contains(t, strings.ToLower(r.Errors[0].Message), "did you mean", "development keeps the hint")
			}
		})
	}
}
