package server_test

import (
	"bytes"
	"context"
	"net/http"
	"regexp"
	"strings"
	"testing"

	"github.com/stretchr/testify/require"

	"github.com/exportiva/exportiva/internal/authz"
	"github.com/exportiva/exportiva/internal/demo"
)

func TestDemoProducers(t *testing.T) {
	e := newEnv(t, true)
	var out struct {
		Producers struct {
			TotalCount int
			Edges      []struct {
				Node struct{ Name, District string }
			}
		}
	}
	e.ok(`{ producers(first: 5) { totalCount edges { node { name district } } } }`, nil, &out)
	require.GreaterOrEqual(t, out.Producers.TotalCount, 40)
	require.Len(t, out.Producers.Edges, 5)
	require.Equal(t, "Samudra Tengiri Brondong", out.Producers.Edges[0].Node.Name)
	require.Equal(t, "BRONDONG", out.Producers.Edges[0].Node.District)

	var counts struct {
		Products, Buyers, BuyRequests struct{ TotalCount int }
		Districts                     []struct{}
	}
	e.ok(`{ products(first: 1) { totalCount } buyers(first: 1) { totalCount } buyRequests(first: 1) { totalCount } }`, nil, &counts)
	require.GreaterOrEqual(t, counts.Products.TotalCount, 150)
	require.GreaterOrEqual(t, counts.Buyers.TotalCount, 20)
	require.GreaterOrEqual(t, counts.BuyRequests.TotalCount, 10)

	// Loading again is a no-op.
	s, err := demo.Load(context.Background(), e.db.Client, now)
	require.NoError(t, err)
	require.True(t, s.Skipped)
}

func TestDemoBreadth(t *testing.T) {
	e := newEnv(t, true)
	ctx := authz.System(context.Background())
	districts := map[string]bool{}
	for _, p := range e.db.Client.Producer.Query().AllX(ctx) {
		districts[string(p.District)] = true
	}
	require.GreaterOrEqual(t, len(districts), 12)
	countries := map[string]bool{}
	for _, b := range e.db.Client.Buyer.Query().AllX(ctx) {
		countries[b.Country] = true
	}
	require.GreaterOrEqual(t, len(countries), 10)
	// The June 2024 wave: 8 t of tengiri and tuna to Thailand.
	var stats struct {
		ExportStats []struct {
			Destination string
			Year        int
			VolumeKg    float64
		}
	}
	e.ok(`{ exportStats(groupBy: [DESTINATION, YEAR], where: {destinationCountry: "TH", shippedOnGTE: "2024-06-01T00:00:00Z", shippedOnLT: "2024-07-01T00:00:00Z"}) { destination year volumeKg } }`, nil, &stats)
	require.Len(t, stats.ExportStats, 1)
	require.Equal(t, 8000.0, stats.ExportStats[0].VolumeKg)
}

func createProducer(e *env, name string) string {
	var out struct {
		CreateProducer struct{ Producer struct{ ID string } }
	}
	e.ok(`mutation($in: CreateProducerInput!) { createProducer(input: $in) { producer { id } } }`, map[string]any{"in": map[string]any{
		"name": name, "district": "BRONDONG", "sector": "FISHERY", "sizeClass": "SMALL",
		"contactEmail": "export@" + strings.ToLower(strings.ReplaceAll(name, " ", "")) + ".example.id",
	}}, &out)
	return out.CreateProducer.Producer.ID
}

func productInput(producerID string) map[string]any {
	return map[string]any{
		"producerID": producerID, "nameIndonesian": "Ikan tengiri beku", "nameEnglish": "Frozen Spanish mackerel",
		"hsCode": "0303.59", "form": "FROZEN", "unit": "KG", "moq": 1000,
		"capacityAmount": 8, "capacityUnit": "TONNE", "capacityPeriod": "MONTH",
		"priceMin": "3.25", "priceMax": 4.1, "priceCurrency": "USD", "incoterm": "CFR",
		"packSize": 20, "packUnit": "KG", "containerLoad20ft": 15, "containerLoadUnit": "TONNE",
	}
}

func createProduct(e *env, producerID string) string {
	var out struct {
		CreateProduct struct{ Product struct{ ID string } }
	}
	e.ok(`mutation($in: CreateProductInput!) { createProduct(input: $in) { product { id } } }`, map[string]any{"in": productInput(producerID)}, &out)
	return out.CreateProduct.Product.ID
}

func createBuyer(e *env) string {
	var out struct {
		CreateBuyer struct{ Buyer struct{ ID string } }
	}
	e.ok(`mutation { createBuyer(input: {company: "Siam Ocean Foods", country: "TH", city: "Bangkok", type: IMPORTER}) { buyer { id } } }`, nil, &out)
	return out.CreateBuyer.Buyer.ID
}

func TestProducerAndProductMutations(t *testing.T) {
	e := newEnv(t, false)
	pid := createProducer(e, "Samudra Uji")

	var upd struct {
		UpdateProducer struct{ Producer struct{ Name string } }
	}
	e.ok(`mutation($id: ID!) { updateProducer(id: $id, input: {name: "Samudra Uji Baru"}) { producer { name } } }`, map[string]any{"id": pid}, &upd)
	require.Equal(t, "Samudra Uji Baru", upd.UpdateProducer.Producer.Name)

	var ver struct {
		VerifyProducer struct {
			Producer struct {
				Verified   bool
				VerifiedAt *string
			}
		}
	}
	e.ok(`mutation($id: ID!) { verifyProducer(id: $id) { producer { verified verifiedAt } } }`, map[string]any{"id": pid}, &ver)
	require.True(t, ver.VerifyProducer.Producer.Verified)
	require.NotNil(t, ver.VerifyProducer.Producer.VerifiedAt)

	var created struct {
		CreateProduct struct {
			Product struct {
				ID, HsCode, HsChapter string
				CapacityMonthly       float64
				Capacity              struct {
					Amount float64
					Unit   string
					Per    string
				}
				Price struct{ Min, Max, Currency string }
			}
		}
	}
	e.ok(`mutation($in: CreateProductInput!) { createProduct(input: $in) { product { id hsCode hsChapter capacityMonthly capacity { amount unit per } price { min max currency } } } }`,
		map[string]any{"in": productInput(pid)}, &created)
	p := created.CreateProduct.Product
	require.Equal(t, "030359", p.HsCode, "dots are removed")
	require.Equal(t, "03", p.HsChapter)
	require.Equal(t, 8000.0, p.CapacityMonthly)
	require.Equal(t, "TONNE", p.Capacity.Unit)
	require.Equal(t, "3.25", p.Price.Min)
	require.Equal(t, "4.1", p.Price.Max)

	// A weekly capacity in cartons converts through the pack size into kg a month.
	var updated struct {
		UpdateProduct struct {
			Product struct{ CapacityMonthly float64 }
		}
	}
	e.ok(`mutation($id: ID!) { updateProduct(id: $id, input: {capacityAmount: 70, capacityUnit: CARTON, capacityPeriod: WEEK}) { product { capacityMonthly } } }`,
		map[string]any{"id": p.ID}, &updated)
	require.InDelta(t, 70*20*30.4375/7, updated.UpdateProduct.Product.CapacityMonthly, 1e-9)

	// The producer's product list goes through the edge connection.
	var edge struct {
		Node struct {
			Products struct{ TotalCount int }
		}
	}
	e.ok(`query($id: ID!) { node(id: $id) { ... on Producer { products(first: 10) { totalCount } } } }`, map[string]any{"id": pid}, &edge)
	require.Equal(t, 1, edge.Node.Products.TotalCount)
}

func TestValidationErrors(t *testing.T) {
	e := newEnv(t, false)
	pid := createProducer(e, "Validasi")
	create := `mutation($in: CreateProductInput!) { createProduct(input: $in) { product { id } } }`
	cases := []struct {
		name  string
		patch map[string]any
		field string
	}{
		{"short HS code", map[string]any{"hsCode": "0303"}, "hsCode"},
		{"HS code with letters", map[string]any{"hsCode": "03035X"}, "hsCode"},
		{"negative capacity", map[string]any{"capacityAmount": -1}, "capacityAmount"},
		{"capacity per shipment", map[string]any{"capacityPeriod": "SHIPMENT"}, "capacityPeriod"},
		{"min above max", map[string]any{"priceMin": "5", "priceMax": "4"}, "priceMin"},
		{"price without currency", map[string]any{"priceCurrency": nil}, "priceCurrency"},
		{"unknown currency", map[string]any{"priceCurrency": "XYZ"}, "priceCurrency"},
		{"cartons without pack size", map[string]any{"capacityUnit": "CARTON", "packSize": nil, "packUnit": nil}, "capacityUnit"},
		{"unknown excluded country", map[string]any{"excludedCountries": []string{"XX"}}, "excludedCountries"},
		{"empty name", map[string]any{"nameEnglish": ""}, "nameEnglish"},
		{"too many price decimals", map[string]any{"priceMin": "3.123456"}, "in"},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			in := productInput(pid)
			for k, v := range c.patch {
				if v == nil {
					delete(in, k)
				} else {
					in[k] = v
				}
			}
			r := e.do(create, map[string]any{"in": in})
			require.NotEmpty(t, r.Errors)
			if c.field == "in" { // rejected by the Decimal scalar itself
				require.Equal(t, "BAD_USER_INPUT", r.code(), "%+v", r.Errors)
				return
			}
			require.Equal(t, "BAD_USER_INPUT", r.code(), "%+v", r.Errors)
			require.Equal(t, []string{"input", c.field}, r.field())
		})
	}
	// Nothing was half-written.
	var out struct{ Products struct{ TotalCount int } }
	e.ok(`{ products(first: 1) { totalCount } }`, nil, &out)
	require.Zero(t, out.Products.TotalCount)

	e.fails("BAD_USER_INPUT", `mutation { createBuyer(input: {company: "X", country: "XX", type: IMPORTER}) { buyer { id } } }`, nil)
	e.fails("BAD_USER_INPUT", `mutation($p: ID!) { createCertification(input: {producerID: $p, type: HACCP, validFrom: "2026-01-01T00:00:00Z", validUntil: "2025-01-01T00:00:00Z"}) { certification { id } } }`, map[string]any{"p": pid})
	e.fails("BAD_USER_INPUT", `mutation { createProduct(input: {producerID: "42949672999", nameIndonesian: "a", nameEnglish: "b", hsCode: "030359", form: FROZEN, unit: KG, capacityAmount: 1, capacityUnit: KG, capacityPeriod: MONTH}) { product { id } } }`, nil)
}

func TestCertificationsAndMarketRules(t *testing.T) {
	e := newEnv(t, false)
	pid := createProducer(e, "Sertifikat")
	prod := createProduct(e, pid)
	var c struct {
		CreateCertification struct{ Certification struct{ ID, Type string } }
	}
	e.ok(`mutation($p: ID!, $q: ID!) { createCertification(input: {producerID: $p, productID: $q, type: HACCP, issuer: "KKP", validFrom: "2025-01-01T00:00:00Z", validUntil: "2027-01-01T00:00:00Z"}) { certification { id type } } }`,
		map[string]any{"p": pid, "q": prod}, &c)
	require.Equal(t, "HACCP", c.CreateCertification.Certification.Type)
	e.ok(`mutation($id: ID!) { updateCertification(id: $id, input: {number: "HACCP/2025/1"}) { certification { id } } }`, map[string]any{"id": c.CreateCertification.Certification.ID}, nil)

	other := createProducer(e, "Lain")
	e.fails("BAD_USER_INPUT", `mutation($p: ID!, $q: ID!) { createCertification(input: {producerID: $p, productID: $q, type: HALAL, validFrom: "2025-01-01T00:00:00Z", validUntil: "2027-01-01T00:00:00Z"}) { certification { id } } }`,
		map[string]any{"p": other, "q": prod})

	var rule struct {
		CreateMarketRule struct{ MarketRule struct{ ID string } }
	}
	e.ok(`mutation { createMarketRule(input: {destination: "ASEAN", hsChapter: "03", requiredCertifications: [HACCP], originForm: "Form D (ATIGA)"}) { marketRule { id } } }`, nil, &rule)
	e.ok(`mutation { createMarketRule(input: {destination: "ALL", hsChapter: "03", requiredCertifications: [HEALTH_CERTIFICATE]}) { marketRule { id } } }`, nil, nil)
	e.ok(`mutation { createMarketRule(input: {destination: "EU", hsChapter: "03", requiredCertifications: [EU_APPROVAL_NUMBER]}) { marketRule { id } } }`, nil, nil)
	e.ok(`mutation($id: ID!) { updateMarketRule(id: $id, input: {documents: ["Form D"]}) { marketRule { id } } }`, map[string]any{"id": rule.CreateMarketRule.MarketRule.ID}, nil)
	e.fails("CONFLICT", `mutation { createMarketRule(input: {destination: "ASEAN", hsChapter: "03"}) { marketRule { id } } }`, nil)
	e.fails("BAD_USER_INPUT", `mutation { createMarketRule(input: {destination: "MARS", hsChapter: "03"}) { marketRule { id } } }`, nil)

	var req struct {
		MarketRequirements struct {
			Blocs                  []string
			RequiredCertifications []string
			OriginForms            []string
			Rules                  []struct{ Destination string }
		}
	}
	e.ok(`{ marketRequirements(country: "TH", hsCode: "0303.59") { blocs requiredCertifications originForms rules { destination } } }`, nil, &req)
	require.Equal(t, []string{"ASEAN"}, req.MarketRequirements.Blocs)
	require.ElementsMatch(t, []string{"HACCP", "HEALTH_CERTIFICATE"}, req.MarketRequirements.RequiredCertifications)
	require.Equal(t, []string{"Form D (ATIGA)"}, req.MarketRequirements.OriginForms)
	require.Equal(t, "ASEAN", req.MarketRequirements.Rules[0].Destination)
	e.fails("BAD_USER_INPUT", `{ marketRequirements(country: "XX", hsCode: "0303") { hsCode } }`, nil)
	e.fails("BAD_USER_INPUT", `{ marketRequirements(country: "TH", hsCode: "9") { hsCode } }`, nil)
}

func TestExportStatsAndFx(t *testing.T) {
	e := newEnv(t, false)
	pid := createProducer(e, "Ekspor")
	e.ok(`mutation { setFxRate(input: {currency: "IDR", unitsPerUsd: "16000"}) { fxRate { id } } }`, nil, nil)
	e.ok(`mutation { setFxRate(input: {currency: "IDR", unitsPerUsd: "16250"}) { fxRate { unitsPerUsd } } }`, nil, nil)
	rec := func(dest, hs, value, cur, at string, kg float64) {
		e.ok(`mutation($in: CreateExportRecordInput!) { recordExport(input: $in) { exportRecord { id year hsChapter } } }`, map[string]any{"in": map[string]any{
			"producerID": pid, "destinationCountry": dest, "hsCode": hs, "quantityKg": kg, "value": value, "currency": cur, "shippedOn": at,
		}}, nil)
	}
	rec("TH", "030359", "17750", "USD", "2024-06-18T00:00:00Z", 5000)
	rec("TH", "030343", "5400", "USD", "2024-06-20T00:00:00Z", 3000)
	rec("TH", "160414", "81250000", "IDR", "2025-02-01T00:00:00Z", 1000) // 5000 USD
	rec("JP", "030359", "1000.5", "USD", "2025-03-01T00:00:00Z", 200)

	type stat struct {
		Destination *string
		HsChapter   *string
		Year        *int
		Shipments   int
		VolumeKg    float64
		Value       struct{ Amount, Currency string }
	}
	var out struct{ ExportStats []stat }
	e.ok(`{ exportStats(groupBy: [DESTINATION, HS_CHAPTER, YEAR]) { destination hsChapter year shipments volumeKg value { amount currency } } }`, nil, &out)
	require.Len(t, out.ExportStats, 3)
	require.Equal(t, "JP", *out.ExportStats[0].Destination)
	th03 := out.ExportStats[1]
	require.Equal(t, "03", *th03.HsChapter)
	require.Equal(t, 2024, *th03.Year)
	require.Equal(t, 2, th03.Shipments)
	require.Equal(t, 8000.0, th03.VolumeKg)
	require.Equal(t, "23150", th03.Value.Amount)
	require.Equal(t, "5000", out.ExportStats[2].Value.Amount, "IDR converted exactly")

	e.ok(`{ exportStats(groupBy: [], currency: "IDR") { shipments volumeKg value { amount currency } } }`, nil, &out)
	require.Len(t, out.ExportStats, 1)
	require.Equal(t, 4, out.ExportStats[0].Shipments)
	require.Equal(t, "IDR", out.ExportStats[0].Value.Currency)
	require.Equal(t, "473695625", out.ExportStats[0].Value.Amount) // (17750+5400+1000.5)*16250 + 81250000 IDR

	e.ok(`{ exportStats(groupBy: [DESTINATION], where: {hsChapter: "03"}) { destination volumeKg } }`, nil, &out)
	require.Len(t, out.ExportStats, 2)
	e.fails("BAD_USER_INPUT", `{ exportStats(groupBy: [YEAR], currency: "ZZZ") { year } }`, nil)
	e.fails("CONFLICT", `{ exportStats(groupBy: [YEAR], currency: "CHF") { year } }`, nil)
}

func TestPagination(t *testing.T) {
	e := newEnv(t, true)
	e.fails("BAD_USER_INPUT", `{ products(first: 101) { totalCount } }`, nil)
	e.fails("BAD_USER_INPUT", `{ products { totalCount } }`, nil)
	e.fails("BAD_USER_INPUT", `query($n: Int) { products(first: 10) { edges { node { producer { products(first: $n) { totalCount } } } } } }`, map[string]any{"n": 500})
	var page struct {
		Products struct {
			Edges    []struct{ Node struct{ ID string } }
			PageInfo struct {
				EndCursor   string
				HasNextPage bool
			}
		}
	}
	seen := map[string]bool{}
	after := any(nil)
	for i := 0; i < 3; i++ {
		e.ok(`query($after: Cursor) { products(first: 20, after: $after, orderBy: {field: CAPACITY, direction: DESC}, where: {hsCodeHasPrefix: "0303", status: ACTIVE}) { edges { node { id } } pageInfo { endCursor hasNextPage } } }`,
			map[string]any{"after": after}, &page)
		for _, ed := range page.Products.Edges {
			require.False(t, seen[ed.Node.ID], "a product appears on two pages")
			seen[ed.Node.ID] = true
		}
		if !page.Products.PageInfo.HasNextPage {
			break
		}
		after = page.Products.PageInfo.EndCursor
	}
	require.NotEmpty(t, seen)
}

func TestNode(t *testing.T) {
	e := newEnv(t, true)
	var list struct {
		Products struct {
			Edges []struct{ Node struct{ ID string } }
		}
	}
	e.ok(`{ products(first: 2) { edges { node { id } } } }`, nil, &list)
	id := list.Products.Edges[0].Node.ID
	var n struct {
		Node struct {
			Typename string `json:"__typename"`
			Producer struct{ Name string }
		}
		Nodes []struct{ ID string }
	}
	e.ok(`query($id: ID!, $ids: [ID!]!) { node(id: $id) { __typename ... on Product { producer { name } } } nodes(ids: $ids) { id } }`,
		map[string]any{"id": id, "ids": []string{id, list.Products.Edges[1].Node.ID}}, &n)
	require.Equal(t, "Product", n.Node.Typename)
	require.NotEmpty(t, n.Node.Producer.Name)
	require.Len(t, n.Nodes, 2)
	e.fails("NOT_FOUND", `{ node(id: "42949699999") { id } }`, nil)
}

func TestHTTPTransport(t *testing.T) {
	e := newEnv(t, true)
	r := e.raw(http.MethodGet, "/query?query="+urlEscape(`{ producers(first: 1) { totalCount } }`), "", nil)
	require.Equal(t, 200, r.status)
	require.Empty(t, r.Errors)

	r = e.raw(http.MethodGet, "/query?query="+urlEscape(`mutation { setFxRate(input: {currency: "EUR", unitsPerUsd: "1"}) { fxRate { id } } }`), "", nil)
	require.NotEmpty(t, r.Errors)
	require.NotEqual(t, 200, r.status)

	for _, body := range []string{`{"query": `, `not json`, `{"query": 12}`, ``, `[]`} {
		r = e.raw(http.MethodPost, "/query", "application/json", strings.NewReader(body))
		require.Equal(t, 400, r.status, "body %q", body)
		require.NotEmpty(t, r.Errors)
	}
	big := bytes.Repeat([]byte(" "), 2<<20)
	r = e.raw(http.MethodPost, "/query", "application/json", bytes.NewReader(append([]byte(`{"query":"{ __typename }"`), append(big, '}')...)))
	require.Equal(t, 413, r.status)

	r = e.do(`{ producers(first: 1) { nope } }`, nil)
	require.Equal(t, "GRAPHQL_VALIDATION_FAILED", r.code())
	r = e.do(`{ producers(first: 1) { `, nil)
	require.Equal(t, "GRAPHQL_PARSE_FAILED", r.code())

	for _, path := range []string{"/healthz", "/readyz", "/", "/static/graphiql.min.js", "/static/react.production.min.js"} {
		res, err := http.Get(e.srv.URL + path)
		require.NoError(t, err)
		res.Body.Close()
		require.Equal(t, 200, res.StatusCode, path)
	}
	res, err := http.Get(e.srv.URL + "/")
	require.NoError(t, err)
	page := new(bytes.Buffer)
	_, _ = page.ReadFrom(res.Body)
	res.Body.Close()
	require.NotContains(t, page.String(), "cdn.jsdelivr.net", "the playground must work offline")
	require.Contains(t, page.String(), "/static/graphiql.min.js")
}

func urlEscape(s string) string {
	r := strings.NewReplacer(" ", "%20", "{", "%7B", "}", "%7D", "(", "%28", ")", "%29", ":", "%3A", "\"", "%22", ",", "%2C")
	return r.Replace(s)
}

// TestInternalErrorsMasked provokes errors from the database (a foreign key, a
// unique index); TestMain then scans every response of the suite for internals.
func TestInternalErrorsMasked(t *testing.T) {
	e := newEnv(t, false)
	e.fails("BAD_USER_INPUT", `mutation { createProduct(input: {producerID: "1", nameIndonesian: "a", nameEnglish: "b", hsCode: "030359", form: FROZEN, unit: KG, capacityAmount: 1, capacityUnit: KG, capacityPeriod: MONTH}) { product { id } } }`, nil)
	pid := createProducer(e, "Unik")
	e.ok(`mutation($p: ID!) { updateProducer(id: $p, input: {nib: "9120001000001"}) { producer { id } } }`, map[string]any{"p": pid}, nil)
	other := createProducer(e, "Unik Dua")
	e.fails("CONFLICT", `mutation($p: ID!) { updateProducer(id: $p, input: {nib: "9120001000001"}) { producer { id } } }`, map[string]any{"p": other})
	require.NotEmpty(t, allResponses)
}

// leaks lists text that must never reach a client.
var leaks = []string{"sqlite", "SQLSTATE", "pq:", "pgx", "constraint failed", "UNIQUE constraint", "duplicate key",
	"goroutine", ".go:", "INSERT INTO", "SELECT ", "runtime error", "panic"}

// accessToken matches the random access tokens responses carry, which may spell
// a leak word by chance ("…fvpgx4x…") and are no internals.
var accessToken = regexp.MustCompile(`exv_[A-Za-z0-9_-]+`)

// entError matches ent's error prefix ("ent: constraint failed"), not a
// field name that ends in it ("createEvent: sign in first").
var entError = regexp.MustCompile(`(^|[^A-Za-z])ent: `)

func leakIn(body string) string {
	body = accessToken.ReplaceAllString(body, "exv_")
	if entError.MatchString(body) {
		return "ent: "
	}
	for _, bad := range leaks {
		if strings.Contains(body, bad) {
			return bad
		}
	}
	return ""
}

// The leak scanner ignores what a random token spells and still sees internals.
func TestLeakScanner(t *testing.T) {
	require.Empty(t, leakIn(`{"data":{"signUp":{"token":"exv_KVYREyOiXvXbMlEKSLHV2fvpgx4xOXDG63C33-KKcIM"}}}`))
	require.Equal(t, "pgx", leakIn(`{"errors":[{"message":"pgx: connection refused"}]}`))
	require.Equal(t, "ent: ", leakIn(`{"errors":[{"message":"ent: constraint failed"}]}`))
	require.Empty(t, leakIn(`{"errors":[{"message":"createEvent: sign in first"}]}`))
}
