package graph

import (
	"bytes"
	"context"
	"encoding/json"
	"io"
	"log/slog"
	"net/http"
	"net/http/httptest"
	"slices"
	"strconv"
	"testing"
	"time"

	"github.com/99designs/gqlgen/graphql"
	"github.com/stretchr/testify/require"
	"github.com/vektah/gqlparser/v2/ast"

	"github.com/exportiva/exportiva/ent"
	"github.com/exportiva/exportiva/ent/product"
	"github.com/exportiva/exportiva/graph/generated"
	"github.com/exportiva/exportiva/internal/authz"
	"github.com/exportiva/exportiva/internal/demo"
	"github.com/exportiva/exportiva/internal/domain"
	"github.com/exportiva/exportiva/internal/scenarios"
	"github.com/exportiva/exportiva/internal/testdb"
	"github.com/exportiva/exportiva/internal/viewer"
)

// Every field the direct encoding writes, with aliases, repeated keys,
// fragments on the types and on Node, and __typename.
const (
	directProductFields  = `__typename id createdAt updatedAt producerID sku nameIndonesian nameEnglish descriptionIndonesian descriptionEnglish hsCode hsChapter species material form unit moq capacityAmount capacityUnit capacityPeriod capacityMonthly capacityDimension priceMin priceMax priceCurrency incoterm leadTimeDays shelfLifeDays packSize packUnit packaging containerLoad20ft containerLoad40ft containerLoadUnit status excludedCountries`
	directProducerFields = `__typename id createdAt updatedAt name legalName nib district sector sectors sizeClass foundedYear description website languages verified verifiedAt verifiedBy`
	directCertFields     = `__typename id createdAt updatedAt producerID productID type number issuer validFrom validUntil`
	directEverything     = directProductFields + ` producer { ` + directProducerFields + ` certifications { ` + directCertFields + ` } } certifications { ` + directCertFields + ` } again: certifications { type }`
)

// TestDirectEncodingMatchesGqlgen runs queries through the handler twice, with
// the direct encoding and with gqlgen alone, as every kind of viewer, and
// requires the same bytes; it also requires that the direct encoding served the
// queries it is meant for, and left the others to gqlgen.
func TestDirectEncodingMatchesGqlgen(t *testing.T) {
	db := testdb.Open(t)
	ctx := authz.System(context.Background())
	now := time.Date(2026, 11, 27, 9, 0, 0, 0, time.UTC)
	_, err := demo.Load(ctx, db.Client, now)
	require.NoError(t, err)
	log := slog.New(slog.NewTextHandler(io.Discard, nil))
	clock := func() time.Time { return now }
	direct := NewHandler(db.Client, log, Options{Clock: clock})
	plain := NewHandler(db.Client, log, Options{Clock: clock, gqlgenOnly: true})

	pid := db.Client.Product.Query().Order(ent.Desc(product.FieldCapacityMonthly)).FirstIDX(ctx)
	p := db.Client.Product.GetX(ctx, pid)
	draft := db.Client.Product.Query().Where(product.StatusNEQ(domain.ProductActive)).FirstX(ctx)
	// The producers of the first products (by id, the default order) and of
	// the largest: their verifications ran out yesterday (stored flag true).
	for _, x := range db.Client.Product.Query().Order(ent.Asc(product.FieldID)).Limit(3).AllX(ctx) {
		db.Client.Producer.UpdateOneID(x.ProducerID).SetVerified(true).SetVerifiedUntil(now.AddDate(0, 0, -1)).ExecX(ctx)
	}
	db.Client.Producer.UpdateOneID(p.ProducerID).SetVerified(true).SetVerifiedUntil(now.AddDate(0, 0, -1)).ExecX(ctx)
	viewers := map[string]*viewer.Viewer{
		"anonymous": nil,
		"admin":     {AccountID: 1, Role: domain.RoleAdmin},
		"producer":  {AccountID: 2, Role: domain.RoleProducer, ProducerID: &p.ProducerID},
		"other":     {AccountID: 3, Role: domain.RoleProducer, ProducerID: &draft.ProducerID},
		"buyer":     {AccountID: 4, Role: domain.RoleBuyer},
	}
	cases := []struct {
		name   string
		query  string
		vars   map[string]any
		direct served // by the direct encoding, for every viewer
	}{
		// The scenarios read Producer.verified, a resolver since verification
		// records expire, which direct.go derives as the resolver does (the
		// demo's verifications of 2024 have expired by now: the stored
		// column says true, the answer false).
		{"catalog scenario", scenarios.Catalog, nil, always},
		{"by id scenario", scenarios.ByID, map[string]any{"id": strconv.Itoa(pid)}, always},
		{"verified alone", `{ products(first: 50) { edges { node { id producer { name verified } } } } }`, nil, always},
		{"verified with its expiry", `{ products(first: 50) { edges { node { id producer { name verified verifiedAt verifiedUntil } } } } }`, nil, never},
		{"verified scopes", `{ products(first: 5) { edges { node { id producer { name verified verifiedScopes } } } } }`, nil, never},
		{"every field", `{ products(first: 10) { __typename totalCount pageInfo { __typename hasNextPage hasPreviousPage startCursor endCursor } edges { __typename cursor node { ` + directEverything + ` } } } }`, nil, always},
		{"every field, last page", `{ products(last: 10, orderBy: {field: CAPACITY, direction: ASC}) { totalCount pageInfo { hasNextPage hasPreviousPage startCursor endCursor } edges { cursor node { ` + directEverything + ` } } } }`, nil, always},
		{"product fields, 100", `{ products(first: 100) { edges { node { ` + directProductFields + ` producer { ` + directProducerFields + ` } } } } }`, nil, always},
		{"certificates, largest", `{ products(first: 20, orderBy: {field: CAPACITY, direction: DESC}) { edges { node { id certifications { ` + directCertFields + ` } producer { certifications { ` + directCertFields + ` } } } } } }`, nil, always},
		{"certificates, smallest", `{ products(first: 20, orderBy: {field: CAPACITY, direction: ASC}) { edges { node { id certifications { ` + directCertFields + ` } producer { certifications { ` + directCertFields + ` } } } } } }`, nil, always},
		{"empty page", `{ products(first: 5, where: {hsCode: "99999999"}) { totalCount pageInfo { hasNextPage startCursor endCursor } edges { node { id } } } }`, nil, always},
		{"first 0", `{ products(first: 0) { totalCount edges { node { id } } } }`, nil, always},
		{"aliases and repeats", `{ a: products(first: 3) { e: edges { n: node { x: id id x: id hsCode p: producer { n: name n: name } } } } b: products(first: 2, orderBy: {field: CAPACITY, direction: DESC}) { edges { node { id } } } }`, nil, always},
		{"fragments", `query { products(first: 4) { ...C } } fragment C on ProductConnection { edges { node { ...on Node { id } ...P ... @include(if: true) { hsChapter } ... @skip(if: true) { sku } } } } fragment P on Product { status producer { ...on Producer { district } } }`, nil, always},
		{"skip by variable", `query($s: Boolean!) { products(first: 4) { edges { node { id hsCode @skip(if: $s) nameEnglish @include(if: $s) } } } }`, map[string]any{"s": true}, always},
		{"node product", `query($id: ID!) { node(id: $id) { __typename id ... on Product { ` + directEverything + ` } } }`, map[string]any{"id": strconv.Itoa(pid)}, always},
		{"node producer", `query($id: ID!) { node(id: $id) { __typename ... on Producer { ` + directProducerFields + ` certifications { ` + directCertFields + ` } } } }`, map[string]any{"id": strconv.Itoa(p.ProducerID)}, always},
		{"node draft product", `query($id: ID!) { node(id: $id) { id ... on Product { status producer { id } } } }`, map[string]any{"id": strconv.Itoa(draft.ID)}, either}, // null for some viewers
		{"resolver field", `{ products(first: 5) { edges { node { id name capacity { amount unit } } } } }`, nil, never},
		{"contact field", `{ products(first: 5) { edges { node { id producer { name contactEmail } } } } }`, nil, never},
		{"producers", `{ producers(first: 3) { edges { node { id name } } } }`, nil, never},
	}
	for vname, v := range viewers {
		for _, c := range cases {
			t.Run(vname+"/"+c.name, func(t *testing.T) {
				body, err := json.Marshal(map[string]any{"query": c.query, "variables": c.vars})
				require.NoError(t, err)
				send := func(h http.Handler) []byte {
					req := httptest.NewRequest(http.MethodPost, "/query", bytes.NewReader(body))
					req.Header.Set("Content-Type", "application/json")
					if v != nil {
						req = req.WithContext(viewer.NewContext(req.Context(), v))
					}
					rec := httptest.NewRecorder()
					h.ServeHTTP(rec, req)
					require.Equal(t, http.StatusOK, rec.Code, rec.Body.String())
					return rec.Body.Bytes()
				}
				want := send(plain)
				before := directEncoded.Load()
				got := send(direct)
				require.Equal(t, string(want), string(got))
				switch c.direct {
				case always:
					require.Greater(t, directEncoded.Load(), before, "the direct encoding did not serve %s", want)
				case never:
					require.Equal(t, before, directEncoded.Load(), "the direct encoding served %s", want)
				}
				require.NotContains(t, string(want), `"errors"`)
			})
		}
	}
}

// served says whether the direct encoding must serve a query.
type served int

const (
	never served = iota
	always
	either
)

// TestDirectImplementors keeps the fragment conditions of the direct encoding
// equal to the schema: an object type and the interfaces it implements.
func TestDirectImplementors(t *testing.T) {
	schema := generated.NewExecutableSchema(generated.Config{Resolvers: &Resolver{}}).Schema()
	for name, impl := range map[string][]string{
		"ProductConnection": productConnectionImplementors,
		"ProductEdge":       productEdgeImplementors,
		"PageInfo":          pageInfoImplementors,
		"Product":           productImplementors,
		"Producer":          producerImplementors,
		"Certification":     certificationImplementors,
	} {
		want := []string{name}
		for _, i := range schema.GetImplements(schema.Types[name]) {
			want = append(want, i.Name)
		}
		for _, u := range schema.Types {
			if u.Kind == ast.Union && slices.Contains(u.Types, name) {
				want = append(want, u.Name)
			}
		}
		require.ElementsMatch(t, want, impl, name)
	}
}

// TestEncodeResponseMatchesJSONMarshal keeps the transport's encoding of a
// response equal to json.Marshal of its wireResponse.
func TestEncodeResponseMatchesJSONMarshal(t *testing.T) {
	for _, data := range []string{
		`{"a":"<b>&amp;</b>","c":[1,2.5,null,true],"d":"\u2028\u2029 é \\" \n"}`,
		"{\"x\":\"\u2028\u2029<>&\"}",
		`{"products":{"edges":[]}}`,
		`null`,
		`{ "spaced" : [ 1 , 2 ] }`,
		`{"broken":`,
		``,
	} {
		resp := &graphql.Response{Data: json.RawMessage(data)}
		want, wantErr := json.Marshal(wireResponse{Data: resp.Data})
		got, err := encodeResponse(resp)
		require.Equal(t, wantErr != nil, err != nil, data)
		if err == nil {
			require.Equal(t, string(want), got.String(), data)
		}
		releaseBuffer(got)
	}
}
