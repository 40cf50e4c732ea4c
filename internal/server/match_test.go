package server_test

import (
	"context"
	"encoding/json"
	"fmt"
	"github.com/exportiva/exportiva/internal/domain"
	"net/http"
	"strings"
	"testing"
	"time"

	"entgo.io/ent/dialect"
	"github.com/stretchr/testify/require"

	"github.com/exportiva/exportiva/internal/authz"
	"github.com/exportiva/exportiva/internal/demo"
	"github.com/exportiva/exportiva/internal/match"
	"github.com/exportiva/exportiva/internal/server"
	"github.com/exportiva/exportiva/internal/store"
	"github.com/exportiva/exportiva/internal/testdb"
)

const thailand = `query($first: Int, $after: Cursor, $amount: Float!) {
  matches(first: $first, after: $after, input: {
    hsCodes: ["0303"], query: "frozen tengiri or tuna",
    quantity: {amount: $amount, unit: TONNE, per: MONTH},
    destination: {country: "TH", port: "THLCH"}, incoterm: CFR}) {
    totalCount
    pageInfo { hasNextPage endCursor }
    edges { cursor node { score fit capacity { amount unit per }
      product { id nameEnglish hsCode } producer { name district }
      criteria { criterion status detail points } } }
    pools { score total { amount unit } members { producer { name } product { nameEnglish } allocation { amount unit per } } }
  } }`

type matchesResponse struct {
	Matches struct {
		TotalCount int
		PageInfo   struct {
			HasNextPage bool
			EndCursor   string
		}
		Edges []struct {
			Cursor string
			Node   struct {
				Score    float64
				Fit      string
				Capacity struct {
					Amount float64
					Unit   string
				}
				Product  struct{ ID, NameEnglish, HsCode string }
				Producer struct{ Name, District string }
				Criteria []struct {
					Criterion, Status, Detail string
					Points                    float64
				}
			}
		}
		Pools []struct {
			Score   float64
			Total   struct{ Amount float64 }
			Members []struct {
				Producer   struct{ Name string }
				Allocation struct{ Amount float64 }
			}
		}
	}
}

// TestThailandRequest is the brief's first query on the demo data: frozen tengiri
// or tuna, 8 t a month, CFR Laem Chabang.
func TestThailandRequest(t *testing.T) {
	e := newEnv(t, true)
	var out matchesResponse
	e.ok(thailand, map[string]any{"first": 100, "amount": 8}, &out)
	m := out.Matches
	require.GreaterOrEqual(t, m.TotalCount, 3)
	require.Empty(t, m.Pools, "single producers can ship 8 t")
	for i, ed := range m.Edges {
		n := ed.Node
		require.Equal(t, "FULL", n.Fit)
		require.Contains(t, n.Product.HsCode[:4], "0303")
		require.GreaterOrEqual(t, n.Capacity.Amount, 8.0)
		require.Equal(t, "TONNE", n.Capacity.Unit)
		total := 0.0
		for _, c := range n.Criteria {
			total += c.Points
			require.NotEmpty(t, c.Detail)
			if c.Criterion == "CERTIFICATION" {
				require.Equal(t, "MET", c.Status)
				require.Contains(t, c.Detail, "HACCP")
			}
		}
		require.InDelta(t, n.Score, total, 0.051)
		if i > 0 {
			require.GreaterOrEqual(t, m.Edges[i-1].Node.Score, n.Score)
		}
	}
	top := m.Edges[0].Node
	require.Equal(t, "Samudra Tengiri Brondong", top.Producer.Name, "the producer that shipped to Thailand in June 2024 ranks first")
	var track string
	for _, c := range top.Criteria {
		if c.Criterion == "TRACK_RECORD" {
			track = c.Detail
		}
	}
	require.Contains(t, track, "Thailand")

	// Paging through two at a time gives the same order, each match once.
	var ids []string
	after := any(nil)
	for {
		var page matchesResponse
		e.ok(thailand, map[string]any{"first": 2, "after": after, "amount": 8}, &page)
		for _, ed := range page.Matches.Edges {
			ids = append(ids, ed.Node.Product.ID)
		}
		if !page.Matches.PageInfo.HasNextPage {
			break
		}
		after = page.Matches.PageInfo.EndCursor
	}
	var all []string
	for _, ed := range m.Edges {
		all = append(all, ed.Node.Product.ID)
	}
	require.Equal(t, all, ids)
}

func TestPoolOnDemo(t *testing.T) {
	e := newEnv(t, true)
	var out matchesResponse
	e.ok(thailand, map[string]any{"first": 10, "amount": 60}, &out)
	require.Zero(t, out.Matches.TotalCount, "no single producer ships 60 t a month")
	require.NotEmpty(t, out.Matches.Pools)
	require.LessOrEqual(t, len(out.Matches.Pools), 5)
	for _, p := range out.Matches.Pools {
		require.LessOrEqual(t, len(p.Members), 3)
		sum := 0.0
		for _, mem := range p.Members {
			sum += mem.Allocation.Amount
		}
		require.InDelta(t, 60, sum, 0.01)
	}
}

func TestMatchInputErrors(t *testing.T) {
	e := newEnv(t, true)
	q := `query($in: MatchInput!, $first: Int) { matches(input: $in, first: $first) { totalCount } }`
	base := func() map[string]any {
		return map[string]any{"query": "tengiri", "quantity": map[string]any{"amount": 8, "unit": "TONNE"}, "destination": map[string]any{"country": "TH"}}
	}
	cases := []struct {
		name  string
		patch func(m map[string]any)
		first int
		field []string
	}{
		{"no commodity", func(m map[string]any) { delete(m, "query") }, 10, []string{"input", "hsCodes"}},
		{"negative amount", func(m map[string]any) { m["quantity"] = map[string]any{"amount": -1, "unit": "KG"} }, 10, []string{"input", "quantity", "amount"}},
		{"unknown country", func(m map[string]any) { m["destination"] = map[string]any{"country": "ZZ"} }, 10, []string{"input", "destination", "country"}},
		{"HS letters", func(m map[string]any) { m["hsCodes"] = []string{"03x3"} }, 10, []string{"input", "hsCodes"}},
		{"cartons without pack size", func(m map[string]any) {
			m["query"] = "kursi plastik"
			m["quantity"] = map[string]any{"amount": 1, "unit": "CARTON"}
		}, 10, []string{"input", "quantity", "unit"}},
		{"first over 100", func(m map[string]any) {}, 101, []string{"matches", "first"}},
		// Every HS code and every alternative of the query is a list the
		// candidates are drawn from: a need cannot ask for thousands.
		{"too many HS codes", func(m map[string]any) {
			var codes []string
			for i := range match.MaxHSCodes + 1 {
				codes = append(codes, fmt.Sprintf("%04d", 300+i))
			}
			m["hsCodes"] = codes
		}, 10, []string{"input", "hsCodes"}},
		{"a query of a thousand alternatives", func(m map[string]any) { m["query"] = strings.Repeat("ikan, ", 1000) }, 10, []string{"input", "query"}},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			in := base()
			c.patch(in)
			r := e.fails("BAD_USER_INPUT", q, map[string]any{"in": in, "first": c.first})
			require.Equal(t, c.field, r.field())
		})
	}
}

func TestBuyRequestMatchesAndLeads(t *testing.T) {
	e := newEnv(t, true)
	ctx := authz.System(context.Background())
	br := e.db.Client.BuyRequest.Query().FirstX(ctx) // "Frozen tengiri and tuna for Bangkok"
	flagship := e.db.Client.Producer.Query().FirstX(ctx)
	var out struct {
		Node struct {
			Title   string
			Matches struct {
				TotalCount int
				Edges      []struct {
					Node struct {
						Product  struct{ ID string }
						Producer struct{ ID string }
					}
				}
			}
		}
	}
	e.ok(`query($id: ID!) { node(id: $id) { ... on BuyRequest { title matches(first: 50) { totalCount edges { node { product { id } producer { id } } } } } } }`,
		map[string]any{"id": br.ID}, &out)
	require.Positive(t, out.Node.Matches.TotalCount)

	// Every product matched is led back to this request.
	var leads struct {
		Leads struct {
			TotalCount int
			Edges      []struct {
				Node struct {
					BuyRequest struct{ ID, Title string }
					Product    struct{ ID string }
					Score      float64
				}
			}
		}
	}
	e.ok(`query($p: ID!) { leads(producerId: $p, first: 100) { totalCount edges { node { buyRequest { id title } product { id } score } } } }`,
		map[string]any{"p": flagship.ID}, &leads)
	found := false
	for _, l := range leads.Leads.Edges {
		if l.Node.BuyRequest.Title == br.Title {
			found = true
		}
	}
	require.True(t, found, "the Bangkok request is a lead of the producer whose products match it")

	pid := out.Node.Matches.Edges[0].Node.Product.ID
	var pl struct {
		Node struct {
			Leads struct{ TotalCount int }
		}
	}
	e.ok(`query($id: ID!) { node(id: $id) { ... on Product { leads(first: 10) { totalCount } } } }`, map[string]any{"id": pid}, &pl)
	require.Positive(t, pl.Node.Leads.TotalCount)
	e.fails("BAD_USER_INPUT", `{ leads(first: 10) { totalCount } }`, nil)
	e.fails("NOT_FOUND", `{ leads(producerId: "38654799999", first: 10) { totalCount } }`, nil)
}

// TestMatchesStatements pins the cost of a match query: a fixed number of SQL
// statements whatever the number of candidates on the page.
func TestMatchesStatements(t *testing.T) {
	db := testdb.Open(t)
	_, err := demo.Load(context.Background(), db.Client, now)
	require.NoError(t, err)
	var counter *testdb.Counter
	e := newEnvOn(t, db.Wrap(func(d dialect.Driver) dialect.Driver { counter = testdb.NewCounter(d); return counter }))
	counts := map[float64]int64{}
	for _, amount := range []float64{1, 8} {
		counter.Reset()
		var out matchesResponse
		e.ok(thailand, map[string]any{"first": 100, "amount": amount}, &out)
		counts[amount] = counter.Count()
		require.Positive(t, out.Matches.TotalCount)
	}
	require.Equal(t, counts[1], counts[8], "statements: %v", counts)
	require.LessOrEqual(t, counts[1], int64(10)) // 2 of them check the bearer token
	counter.Reset()
	e.ok(thailand, map[string]any{"first": 10, "after": nil, "amount": 8.0}, nil)
	require.Equal(t, int64(2), counter.Count(), "a page of a cached result reads only the token")
	t.Logf("statements per matches query: %v", counts)
}

// thailandMatchIDs is the ids of the products the Thailand need (8 t) matches,
// asked by c.
func thailandMatchIDs(c *env) []string {
	var m matchesResponse
	c.ok(thailand, map[string]any{"first": 10, "amount": 8.0}, &m)
	var out []string
	for _, e := range m.Matches.Edges {
		out = append(out, e.Node.Product.ID)
	}
	return out
}

// TestMatchesStayFresh: repeated match requests come from the cache, and a change
// to the catalog shows in the very next answer.
func TestMatchesStayFresh(t *testing.T) {
	w := newWorld(t)
	buyer := w.e.as(w.tokens["buyerA"])
	ids := func() []string { return thailandMatchIDs(buyer) }
	hits := func() float64 { return metricValue(t, scrape(t, w.e.srv.URL), "exportiva_match_cache_hits_total") }
	require.Equal(t, []string{w.productA}, ids())
	before := hits()
	require.Equal(t, []string{w.productA}, ids())
	require.Equal(t, before+1, hits(), "the same request again is a cache hit")

	// A new buy request is among the producer's leads at once, though the
	// leads were cached.
	leads := func() int {
		var out struct{ Leads struct{ TotalCount int } }
		w.e.as(w.tokens["producerA"]).ok(`query($p: ID!) { leads(producerId: $p, first: 10) { totalCount } }`, map[string]any{"p": w.prodA}, &out)
		return out.Leads.TotalCount
	}
	had := leads()
	require.Equal(t, had, leads())
	w.postRequest(w.e, "Tengiri again", "tengiri")
	require.Equal(t, had+1, leads())

	// The producer can ship only 4 t a month now: no longer a match, at once.
	w.e.as(w.tokens["producerA"]).ok(`mutation($id: ID!) { updateProduct(id: $id, input: {capacityAmount: 4}) { product { id } } }`, map[string]any{"id": w.productA}, nil)
	require.Empty(t, ids())

	// A mutation that fails changes nothing and keeps the cache.
	before = hits()
	w.e.as(w.tokens["producerA"]).fails("BAD_USER_INPUT", `mutation($id: ID!) { updateProduct(id: $id, input: {capacityAmount: -1}) { product { id } } }`, map[string]any{"id": w.productA})
	require.Empty(t, ids())
	require.Equal(t, before+1, hits())
}

// TestMatchDetailInTheReadersLanguage: criteria.detail follows Accept-Language.
func TestMatchDetailInTheReadersLanguage(t *testing.T) {
	e := newEnv(t, true)
	q := `{ matches(input: {query: "tengiri", quantity: {amount: 8, unit: TONNE}, destination: {country: "TH"}}, first: 1) { edges { node { criteria { criterion detail } } } } }`
	var en, id struct {
		Matches struct {
			Edges []struct {
				Node struct {
					Criteria []struct{ Criterion, Detail string }
				}
			}
		}
	}
	e.ok(q, nil, &en)
	e.in("id").ok(q, nil, &id)
	require.NotEmpty(t, en.Matches.Edges)
	detail := func(v any, c string) string {
		for _, cr := range v.([]struct{ Criterion, Detail string }) {
			if cr.Criterion == c {
				return cr.Detail
			}
		}
		return ""
	}
	require.Equal(t, "Ships to Thailand.", detail(en.Matches.Edges[0].Node.Criteria, "DESTINATION"))
	require.Equal(t, "Dikirim ke Thailand.", detail(id.Matches.Edges[0].Node.Criteria, "DESTINATION"))
	require.Contains(t, detail(id.Matches.Edges[0].Node.Criteria, "VOLUME"), "Dapat memasok")
}

// TestCompactEngineAnswersAsTheReference: through HTTP, pages (with cursors),
// totals, pools and explanations in both languages are the same whichever
// engine ranks (the differential test of internal/match covers the rules):
// on the demo data, and on a synthetic catalog where the top-k engine stops
// after the first page (with and without totalCount, and the pages after it).
func TestCompactEngineAnswersAsTheReference(t *testing.T) {
	db := testdb.Open(t)
	_, err := demo.Load(context.Background(), db.Client, now)
	require.NoError(t, err)
	page := `edges { cursor node { fit score product { id nameEnglish } producer { name } capacity { amount unit }
		criteria { criterion status points detail } } }
		pageInfo { hasNextPage endCursor } totalCount truncated
		pools { score members { product { id nameEnglish } producer { name } allocation { amount unit } } }`
	enginesAgreeOverHTTP(t, db, []string{
		`{ matches(input: {query: "tengiri or tuna", quantity: {amount: 8, unit: TONNE}, destination: {country: "TH"}, includePartial: true}, first: 2) { ` + page + ` } }`,
		`{ matches(input: {query: "frozen tengiri or tuna", quantity: {amount: 60, unit: TONNE}, destination: {country: "TH"}}, first: 5) { ` + page + ` } }`,
		`{ matches(input: {hsCodes: ["03"], quantity: {amount: 500, unit: KG, per: WEEK}, destination: {country: "SG"}, includePartial: true}, first: 3) { ` + page + ` } }`,
	})
	big := testdb.Open(t)
	_, err = demo.Synthetic(context.Background(), big.Client, demo.SyntheticOptions{Producers: 200, Products: 1200, Buyers: 10,
		BuyRequests: 10, ExportRecords: 600, Seed: 5, Batch: 300}, now)
	require.NoError(t, err)
	out, err := match.Find(match.WithEngine(context.Background(), match.TopK), big.Client, match.Request{
		Need: domain.Need{
			Query:    "ikan",
			Quantity: match.Quantity{Amount: 1, Unit: "TONNE", Per: "MONTH"},
			Country:  "SG",
		},
		Now: now,
	})
	require.NoError(t, err)
	require.True(t, out.Partial(), "the top-k engine stops after the first page of a broad need")
	noCount := strings.Replace(page, "totalCount", "", 1)
	var qs []string
	for _, in := range []string{
		`{query: "ikan", quantity: {amount: 1, unit: TONNE}, destination: {country: "SG"}}`,
		`{hsCodes: ["03"], quantity: {amount: 200, unit: KG, per: WEEK}, destination: {country: "JP"}, includePartial: true}`,
	} {
		for _, first := range []int{5, 20, 21} {
			qs = append(qs, fmt.Sprintf(`{ matches(input: %s, first: %d) { %s } }`, in, first, page),
				fmt.Sprintf(`{ matches(input: %s, first: %d) { %s } }`, in, first, noCount))
		}
	}
	enginesAgreeOverHTTP(t, big, qs)
}

func enginesAgreeOverHTTP(t *testing.T, db *store.DB, queries []string) {
	t.Helper()
	ref := newEnvOn(t, db)
	for _, e := range match.Engines[1:] {
		other := newEnvOn(t, db, func(c *server.Config) { c.MatchEngine = e })
		for _, q := range queries {
			for _, lang := range []string{"en", "id"} {
				var want, got map[string]any
				ref.in(lang).ok(q, nil, &want)
				other.in(lang).ok(q, nil, &got)
				require.Equal(t, want, got, "%s: %s", e, q)
				// and the next page, by cursor
				conn := want["matches"].(map[string]any)
				info := conn["pageInfo"].(map[string]any)
				if info["hasNextPage"] == true {
					next := strings.Replace(q, "first: ", fmt.Sprintf("after: %q, first: ", info["endCursor"]), 1)
					ref.in(lang).ok(next, nil, &want)
					other.in(lang).ok(next, nil, &got)
					require.Equal(t, want, got, "%s: %s", e, next)
				}
			}
		}
	}
}

// TestIndexedMatchesStayFresh: with the indexed engine and no result cache,
// matches come from the in-memory index, and a change to the catalog shows
// in the very next answer (the SQL engines answer while the index is stale)
// and in the rebuilt index after it.
func TestIndexedMatchesStayFresh(t *testing.T) {
	w := newWorldOn(t, testdb.Open(t), func(c *server.Config) { c.MatchEngine = match.Indexed; c.MatchCacheSize = 0 })
	index := w.e.svc.MatchIndex
	require.NotNil(t, index)
	ctx, cancel := context.WithCancel(context.Background())
	t.Cleanup(cancel)
	go index.Run(ctx)
	current := func() bool { return index.State() == "current" }
	require.Eventually(t, current, 10*time.Second, 10*time.Millisecond)
	buyer := w.e.as(w.tokens["buyerA"])
	ids := func() []string { return thailandMatchIDs(buyer) }
	require.Equal(t, []string{w.productA}, ids())
	require.True(t, current(), "answered from the index")
	builds := index.Builds()

	capacity := func(amount float64) {
		w.e.as(w.tokens["producerA"]).ok(`mutation($id: ID!, $a: Float!) { updateProduct(id: $id, input: {capacityAmount: $a}) { product { id } } }`,
			map[string]any{"id": w.productA, "a": amount}, nil)
	}
	capacity(4)
	require.Empty(t, ids(), "no longer a match, at once")
	require.Eventually(t, func() bool { return current() && index.Builds() > builds }, 10*time.Second, 10*time.Millisecond, "rebuilt")
	require.Empty(t, ids(), "nor in the rebuilt index")
	capacity(8)
	require.Equal(t, []string{w.productA}, ids(), "a match again, at once")
	require.Eventually(t, current, 10*time.Second, 10*time.Millisecond)
	require.Equal(t, []string{w.productA}, ids())

	var ready map[string]any
	res, err := http.Get(w.e.srv.URL + "/readyz")
	require.NoError(t, err)
	defer res.Body.Close()
	require.NoError(t, json.NewDecoder(res.Body).Decode(&ready))
	require.Equal(t, "current", ready["matchIndex"])
	require.Equal(t, "current", ready["leadIndex"])

	// Leads come from the index's open requests; a new request, and one
	// closed, show in the very next answer and in the rebuilt index.
	leadsNow := func() []string {
		var out struct {
			Leads struct {
				Edges []struct {
					Node struct {
						BuyRequest struct{ ID, Title string }
						Criteria   []struct{ Criterion, Status string }
					}
				}
			}
		}
		w.e.as(w.tokens["producerA"]).ok(`query($p: ID!) { leads(producerId: $p, first: 10) { edges { node { buyRequest { id title } criteria { criterion status } } } } }`,
			map[string]any{"p": w.prodA}, &out)
		var titles []string
		for _, e := range out.Leads.Edges {
			require.NotEmpty(t, e.Node.Criteria, "a lead's criteria are explained")
			titles = append(titles, e.Node.BuyRequest.Title)
		}
		return titles
	}
	leadsCurrent := func() bool { return index.RequestsState() == "current" }
	require.True(t, leadsCurrent())
	had := leadsNow()
	reqBuilds := index.RequestBuilds()
	var posted struct {
		CreateBuyRequest struct{ BuyRequest struct{ ID string } }
	}
	w.e.as(w.tokens["buyerA"]).ok(`mutation($in: CreateBuyRequestInput!) { createBuyRequest(input: $in) { buyRequest { id } } }`, map[string]any{"in": map[string]any{
		"title": "Tengiri from the index", "query": "tengiri", "quantity": map[string]any{"amount": 2, "unit": "TONNE"},
		"destination": map[string]any{"country": "TH"}, "validUntil": now.AddDate(0, 1, 0).Format(time.RFC3339)}}, &posted)
	id := posted.CreateBuyRequest.BuyRequest.ID
	require.Contains(t, leadsNow(), "Tengiri from the index", "a new request is a lead at once")
	require.Eventually(t, func() bool { return leadsCurrent() && index.RequestBuilds() > reqBuilds }, 10*time.Second, 10*time.Millisecond, "rebuilt")
	require.Contains(t, leadsNow(), "Tengiri from the index", "and in the rebuilt index")
	w.e.as(w.tokens["buyerA"]).ok(`mutation($id: ID!) { updateBuyRequest(id: $id, input: {status: CLOSED}) { buyRequest { id } } }`, map[string]any{"id": id}, nil)
	require.Equal(t, had, leadsNow(), "closed: no longer a lead, at once")
	require.Eventually(t, leadsCurrent, 10*time.Second, 10*time.Millisecond)
	require.Equal(t, had, leadsNow())
}
