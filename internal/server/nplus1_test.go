package server_test

import (
	"context"
	"fmt"
	"slices"
	"strconv"
	"testing"
	"time"

	"entgo.io/ent/dialect"
	"github.com/stretchr/testify/require"

	"github.com/exportiva/exportiva/ent"
	"github.com/exportiva/exportiva/ent/buyer"
	"github.com/exportiva/exportiva/ent/product"
	"github.com/exportiva/exportiva/internal/authz"
	"github.com/exportiva/exportiva/internal/demo"
	"github.com/exportiva/exportiva/internal/scenarios"
	"github.com/exportiva/exportiva/internal/server"
	"github.com/exportiva/exportiva/internal/testdb"
)

// TestCatalogPageStatements pins the cost of a catalog page: products with their
// producer and its certificates, and the product's own certificates, cost the same
// fixed number of SQL statements whatever the page size (no N+1).
func TestCatalogPageStatements(t *testing.T) {
	db := testdb.Open(t)
	_, err := demo.Load(context.Background(), db.Client, now)
	require.NoError(t, err)
	var counter *testdb.Counter
	counted := db.Wrap(func(d dialect.Driver) dialect.Driver { counter = testdb.NewCounter(d); return counter })
	e := newEnvOn(t, counted)
	query := `query($n: Int!) { products(first: $n, orderBy: {field: CAPACITY, direction: DESC}) {
		totalCount
		edges { node { nameEnglish capacity { amount unit } certifications { type }
			producer { name district verified certifications { type validUntil } } } } } }`
	counts := map[int]int64{}
	for _, n := range []int{1, 10, 50} {
		var out struct {
			Products struct {
				Edges []struct {
					Node struct {
						Producer struct {
							Name           string
							Certifications []struct{ Type string }
						}
					}
				}
			}
		}
		counter.Reset()
		e.ok(query, map[string]any{"n": n}, &out)
		counts[n] = counter.Count()
		require.Len(t, out.Products.Edges, n)
		require.NotEmpty(t, out.Products.Edges[0].Node.Producer.Name)
	}
	require.Equal(t, counts[1], counts[50], "statements by page size: %v", counts)
	require.Equal(t, counts[10], counts[50], "statements by page size: %v", counts)
	require.GreaterOrEqual(t, counts[50], int64(2), "the counter must see the statements")
	require.LessOrEqual(t, counts[50], int64(7), fmt.Sprint(counts)) // 2 of them check the bearer token
	t.Logf("statements per page: %v", counts)
}

// TestScenarioStatements pins the SQL cost of every benchmark scenario
// (internal/scenarios, the very operations the load tool sends): each costs a
// fixed number of statements, whatever the record it touches — a producer with 7
// products or 6, any product, any buyer. The match cache is off, so matches pay
// for their evaluation every time.
func TestScenarioStatements(t *testing.T) {
	db := testdb.Open(t)
	ctx := authz.System(context.Background())
	_, err := demo.Load(ctx, db.Client, now)
	require.NoError(t, err)
	var counter *testdb.Counter
	counted := db.Wrap(func(d dialect.Driver) dialect.Driver { counter = testdb.NewCounter(d); return counter })
	e := newEnvOn(t, counted, func(c *server.Config) { c.MatchCacheSize, c.ResponseCacheSize = 0, 0 })

	var byCount []struct {
		ProducerID int `json:"producer_id"`
		Count      int `json:"count"`
	}
	require.NoError(t, db.Client.Product.Query().GroupBy(product.FieldProducerID).Aggregate(ent.Count()).Scan(ctx, &byCount))
	slices.SortFunc(byCount, func(a, b struct {
		ProducerID int `json:"producer_id"`
		Count      int `json:"count"`
	}) int {
		return a.Count - b.Count
	})
	// The two producers with the most products (7 and 6 in the demo), both with
	// leads: a producer without any skips the reading of buy requests.
	few, many := byCount[len(byCount)-2], byCount[len(byCount)-1]
	products := db.Client.Product.Query().Order(ent.Asc(product.FieldID)).IDsX(ctx)
	buyers := db.Client.Buyer.Query().Order(ent.Asc(buyer.FieldID)).AllX(ctx)
	inquiry := func(b *ent.Buyer) string {
		// Answered already: a thread's first reply costs one more statement,
		// and the buyer's answer to it one more, once per thread
		// (replyrate.Record sets them).
		inq := db.Client.Inquiry.Create().SetBuyerID(b.ID).SetProducerID(many.ProducerID).SetSubject("Tengiri").
			SetFirstReplyAt(now).SetFirstReplySeconds(60).SetBuyerReplyAt(now).SetBuyerReplySeconds(60).SaveX(ctx)
		return strconv.Itoa(inq.ID)
	}
	inquiries := []string{inquiry(buyers[0]), inquiry(buyers[1])}
	id := strconv.Itoa

	cases := []struct {
		name  string
		query string
		vars  [2]map[string]any
		max   int64
	}{
		{"catalog", scenarios.Catalog, [2]map[string]any{nil, nil}, 8},
		{"byid", scenarios.ByID, [2]map[string]any{{"id": id(products[0])}, {"id": id(products[len(products)-1])}}, 5},
		{"matches", scenarios.Matches, [2]map[string]any{nil, nil}, 10}, // the ids, then up to 500 products a query
		{"leads", scenarios.Leads, [2]map[string]any{{"p": id(few.ProducerID)}, {"p": id(many.ProducerID)}}, 11},
		{"createBuyRequest", scenarios.CreateBuyRequest, [2]map[string]any{
			{"in": map[string]any{"buyerID": id(buyers[0].ID), "title": "A", "query": "tengiri", "quantity": map[string]any{"amount": 1, "unit": "TONNE"}, "destination": map[string]any{"country": "TH"}, "validUntil": now.AddDate(0, 1, 0).Format(time.RFC3339)}},
			{"in": map[string]any{"buyerID": id(buyers[1].ID), "title": "B", "hsCodes": []string{"6402"}, "quantity": map[string]any{"amount": 500, "unit": "PAIR"}, "destination": map[string]any{"country": "DE"}, "validUntil": now.AddDate(0, 2, 0).Format(time.RFC3339)}},
		}, 12},
		{"sendMessage", scenarios.SendMessage, [2]map[string]any{
			{"in": map[string]any{"inquiryID": inquiries[0], "sender": "BUYER", "body": "Price?"}},
			{"in": map[string]any{"inquiryID": inquiries[1], "sender": "PRODUCER", "body": "USD 3.20 CFR"}},
		}, 13}, // one more than before the fraud shield: it reads the thread's two web sites
		{"updateProduct", scenarios.UpdateProduct, [2]map[string]any{{"id": id(products[0]), "d": 10}, {"id": id(products[len(products)-1]), "d": 21}}, 12},
	}
	for _, c := range cases {
		var n [2]int64
		for i, vars := range c.vars {
			counter.Reset()
			e.ok(c.query, vars, nil)
			// A product write's saved-search alerts run after its commit:
			// counted with the write.
			e.svc.SavedSearches.Wait()
			n[i] = counter.Count()
		}
		if c.name == "catalog" {
			// The page's access plan counts its filters' rows the first time
			// (bounded counts: the HS code's index, the capacity's, and,
			// ordered by capacity, the capacity range it may walk) and
			// remembers the index it chose.
			require.Equal(t, n[1]+3, n[0], "%s: the first page plans with three counts, the next remembers: %v", c.name, n)
		} else {
			require.Equal(t, n[0], n[1], "%s: statements differ with the record: %v", c.name, n)
		}
		require.LessOrEqual(t, n[0], c.max, "%s", c.name)
		t.Logf("%s: %d statements (2 of them check the bearer token)", c.name, n[0])
	}

	// The realistic anonymous mix: every combination of filter, order and page
	// size, and every page its cursor leads to, costs the same statements.
	var pages []int64
	for _, k := range []int{0, 1, 7, 20*8*4 + 3, scenarios.CatalogCombinations - 1} {
		vars := scenarios.CatalogCombination(k)
		for range 3 {
			var out struct {
				Products struct {
					PageInfo struct {
						HasNextPage bool
						EndCursor   *string
					}
				}
			}
			counter.Reset()
			e.ok(scenarios.CatalogPage, vars, &out)
			pages = append(pages, counter.Count())
			if !out.Products.PageInfo.HasNextPage {
				break
			}
			vars["after"] = *out.Products.PageInfo.EndCursor
		}
	}
	for _, n := range pages {
		require.LessOrEqual(t, n, int64(7), "catalog mix pages: %v", pages)
	}
	t.Logf("catalog mix pages: %v statements", pages)
}
