package server_test

import (
	"context"
	"fmt"
	"testing"

	"entgo.io/ent/dialect"
	"github.com/stretchr/testify/require"

	"github.com/exportiva/exportiva/internal/demo"
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
