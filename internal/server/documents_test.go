package server_test

import (
	"context"
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"net/http"
	"net/url"
	"testing"
	"time"

	"github.com/stretchr/testify/require"

	"github.com/exportiva/exportiva/graph"
	"github.com/exportiva/exportiva/internal/domain"
	"github.com/exportiva/exportiva/internal/server"
)

const (
	catalogDoc = `query Catalog { products(first: 5) { totalCount edges { node { id } } } }`
	producers  = `query Producers { producers(first: 3) { totalCount } }`
)

func manifest(t *testing.T, docs ...string) *graph.TrustedDocuments {
	t.Helper()
	m := map[string]string{}
	for _, d := range docs {
		m[sha256Hex(d)] = d
	}
	b, err := json.Marshal(m)
	require.NoError(t, err)
	td, err := graph.ParseTrustedDocuments(b)
	require.NoError(t, err)
	return td
}

func apqExtensions(hash string) string {
	return url.QueryEscape(`{"persistedQuery":{"version":1,"sha256Hash":"` + hash + `"}}`)
}

// TestTrustedDocumentsAndHTTPCaching: a documentId (with or without the
// "sha256:" prefix, in the body or the query string) runs the manifest's
// document; an anonymous GET by documentId or APQ hash is public for the
// response cache's TTL with an ETag and revalidates with 304; signed-in answers
// are private and never stored.
func TestTrustedDocumentsAndHTTPCaching(t *testing.T) {
	e := newEnvOn(t, newEnv(t, true).db, func(c *server.Config) { c.TrustedDocuments = manifest(t, catalogDoc) })
	anon := e.as("")
	hash := sha256Hex(catalogDoc)

	for _, id := range []string{"sha256:" + hash, hash, "SHA256:" + hash} {
		x := anon.send(http.MethodPost, "/query", jsonCT, `{"documentId":"`+id+`"}`)
		require.Equal(t, http.StatusOK, x.status, x.body)
		require.Empty(t, x.Errors)
		require.Contains(t, string(x.Data), `"totalCount"`)
		require.Equal(t, "no-store", x.header.Get("Cache-Control"), "a POST is not kept")
	}

	get := anon.send(http.MethodGet, "/query?documentId=sha256:"+hash, nil, "")
	require.Equal(t, http.StatusOK, get.status, get.body)
	require.Equal(t, "public, max-age=30", get.header.Get("Cache-Control"))
	sum := sha256.Sum256([]byte(get.body))
	require.Equal(t, `"`+hex.EncodeToString(sum[:16])+`"`, get.header.Get("ETag"), "the ETag is the hash of the body")
	require.Contains(t, get.header.Values("Vary"), "Authorization")
	etag := get.header.Get("ETag")
	for _, inm := range []string{etag, "W/" + etag, `"other", ` + etag} {
		x := anon.send(http.MethodGet, "/query?documentId="+hash, map[string]string{"If-None-Match": inm}, "")
		require.Equal(t, http.StatusNotModified, x.status, inm)
		require.Empty(t, x.body)
		require.Equal(t, etag, x.header.Get("ETag"))
	}
	x := anon.send(http.MethodGet, "/query?documentId="+hash, map[string]string{"If-None-Match": `"stale"`}, "")
	require.Equal(t, http.StatusOK, x.status)
	require.Equal(t, get.body, x.body)

	// Signed in: private, never stored, no ETag.
	x = e.send(http.MethodGet, "/query?documentId="+hash, nil, "")
	require.Equal(t, http.StatusOK, x.status, x.body)
	require.Equal(t, "private, no-store", x.header.Get("Cache-Control"))
	require.Empty(t, x.header.Get("ETag"))
	x = e.send(http.MethodPost, "/query", jsonCT, `{"query":"{ __typename }"}`)
	require.Equal(t, "private, no-store", x.header.Get("Cache-Control"))

	// Free text over GET is not cacheable (any text would make a new entry).
	x = anon.send(http.MethodGet, "/query?query="+url.QueryEscape(catalogDoc), nil, "")
	require.Equal(t, http.StatusOK, x.status)
	require.Equal(t, "no-store", x.header.Get("Cache-Control"))
	require.Empty(t, x.header.Get("ETag"))

	// APQ: registered by POST, then a GET by hash is cacheable; a trusted
	// document answers its hash without being registered.
	p := sha256Hex(producers)
	x = anon.send(http.MethodGet, "/query?extensions="+apqExtensions(p), nil, "")
	require.Equal(t, "PERSISTED_QUERY_NOT_FOUND", x.code())
	x = anon.send(http.MethodPost, "/query", jsonCT, `{"query":"`+producers+`","extensions":{"persistedQuery":{"version":1,"sha256Hash":"`+p+`"}}}`)
	require.Empty(t, x.Errors)
	x = anon.send(http.MethodGet, "/query?extensions="+apqExtensions(p), nil, "")
	require.Equal(t, http.StatusOK, x.status, x.body)
	require.Contains(t, string(x.Data), "producers")
	require.Equal(t, "public, max-age=30", x.header.Get("Cache-Control"))
	require.NotEmpty(t, x.header.Get("ETag"))
	x = anon.send(http.MethodGet, "/query?extensions="+apqExtensions(hash), nil, "")
	require.Equal(t, http.StatusOK, x.status, x.body)
	require.Contains(t, string(x.Data), "totalCount")

	// Errors are never cacheable.
	x = anon.send(http.MethodGet, "/query?documentId="+sha256Hex("unknown"), nil, "")
	require.Equal(t, "PERSISTED_QUERY_NOT_FOUND", x.code())
	require.Equal(t, "no-store", x.header.Get("Cache-Control"))
	x = anon.send(http.MethodPost, "/query", jsonCT, `{"documentId":"`+hash+`","query":"{ __typename }"}`)
	require.Equal(t, http.StatusBadRequest, x.status)
	require.Equal(t, "BAD_REQUEST", x.code())
}

// TestOnlyTrustedDocuments: in trusted-documents-only mode, free text and APQ
// registrations of other texts are FORBIDDEN; listed documents run by id, by
// APQ hash or as their exact text.
func TestOnlyTrustedDocuments(t *testing.T) {
	e := newEnvOn(t, newEnv(t, true).db, func(c *server.Config) {
		c.Production = true
		c.TrustedDocuments = manifest(t, catalogDoc)
		c.TrustedDocumentsOnly = true
	})
	anon := e.as("")
	hash := sha256Hex(catalogDoc)
	gqlResp := map[string]string{"Content-Type": "application/json", "Accept": "application/graphql-response+json"}

	x := anon.send(http.MethodPost, "/query", jsonCT, `{"query":"{ __typename }"}`)
	require.Equal(t, http.StatusOK, x.status)
	require.Equal(t, "FORBIDDEN", x.code(), x.body)
	require.Contains(t, x.Errors[0].Message, "trusted documents")
	x = anon.send(http.MethodPost, "/query", gqlResp, `{"query":"{ __typename }"}`)
	require.Equal(t, http.StatusForbidden, x.status)
	require.NotContains(t, x.body, `"data"`)
	// Signed-in clients are held to the same list.
	require.Equal(t, "FORBIDDEN", e.send(http.MethodPost, "/query", jsonCT, `{"query":"{ __typename }"}`).code())

	// APQ cannot smuggle a text in.
	p := sha256Hex(producers)
	x = anon.send(http.MethodPost, "/query", jsonCT, `{"query":"`+producers+`","extensions":{"persistedQuery":{"version":1,"sha256Hash":"`+p+`"}}}`)
	require.Equal(t, "FORBIDDEN", x.code())
	x = anon.send(http.MethodGet, "/query?extensions="+apqExtensions(p), nil, "")
	require.Equal(t, "PERSISTED_QUERY_NOT_FOUND", x.code(), "the refused text was not registered")

	// The listed document runs every way.
	for _, body := range []string{
		`{"documentId":"sha256:` + hash + `"}`,
		`{"query":"` + catalogDoc + `"}`,
		`{"extensions":{"persistedQuery":{"version":1,"sha256Hash":"` + hash + `"}}}`,
	} {
		x := anon.send(http.MethodPost, "/query", jsonCT, body)
		require.Empty(t, x.Errors, body)
		require.Contains(t, string(x.Data), "totalCount")
	}
	x = anon.send(http.MethodGet, "/query?documentId="+hash, nil, "")
	require.Equal(t, http.StatusOK, x.status)
	require.Equal(t, "public, max-age=30", x.header.Get("Cache-Control"))
}

func TestParseTrustedDocuments(t *testing.T) {
	for _, bad := range []string{`[]`, `{"a": ""}`, `{"": "{ __typename }"}`, `not json`, `{"a": 1}`} {
		_, err := graph.ParseTrustedDocuments([]byte(bad))
		require.Error(t, err, bad)
	}
	d, err := graph.ParseTrustedDocuments([]byte(`{"sha256:abc": "{ __typename }", "def": "{ products(first: 1) { totalCount } }"}`))
	require.NoError(t, err)
	require.Equal(t, 2, d.Len())
	for _, id := range []string{"abc", "sha256:abc", "def", "sha256:def"} {
		_, ok := d.Lookup(id)
		require.True(t, ok, id)
	}
	_, ok := d.Lookup("ghi")
	require.False(t, ok)
	require.True(t, d.Listed("{ __typename }"))
	require.False(t, d.Listed("{ __typename } "))
}

// TestOnlyTrustedDocumentsOverWebsocket: the websocket is held to the manifest
// too: a listed subscription's text runs, any other text is refused.
func TestOnlyTrustedDocumentsOverWebsocket(t *testing.T) {
	sub := `subscription Leads { leadCreated { score } }`
	e := newEnvOn(t, newEnv(t, false).db, func(c *server.Config) {
		c.TrustedDocuments = manifest(t, sub)
		c.TrustedDocumentsOnly = true
	})
	c := dialWS(t, e, e.account("producer@test.exportiva.test", domain.RoleProducer))
	c.subscribe("1", `subscription { leadCreated { score buyRequest { title } } }`, nil)
	m := c.next(5 * time.Second)
	require.Equal(t, "1", m.ID)
	require.Contains(t, string(m.Payload), "trusted documents")
	require.Contains(t, string(m.Payload), "FORBIDDEN")
	c.subscribe("2", sub, nil)
	// The listed subscription passes the manifest (whatever it answers next).
	ctx, cancel := context.WithTimeout(context.Background(), 300*time.Millisecond)
	defer cancel()
	_, b, err := c.conn.Read(ctx)
	if err == nil {
		require.NotContains(t, string(b), "trusted documents", string(b))
	}
}
