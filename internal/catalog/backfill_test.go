package catalog_test

import (
	"context"
	"fmt"
	"slices"
	"strings"
	"testing"

	"github.com/stretchr/testify/require"

	"github.com/exportiva/exportiva/ent/product"
	"github.com/exportiva/exportiva/ent/productterm"
	"github.com/exportiva/exportiva/internal/authz"
	"github.com/exportiva/exportiva/internal/catalog"
	"github.com/exportiva/exportiva/internal/demo"
	"github.com/exportiva/exportiva/internal/testdb"
)

// TestBackfill: products as a database of an earlier release holds them (no
// price per base unit, every search term at the migration's default weight)
// get back exactly what the hooks derive — the same prices per kg and the
// same weighted terms — without their updated_at moving; a second run finds
// nothing to do.
func TestBackfill(t *testing.T) {
	ctx := authz.System(context.Background())
	db := testdb.Open(t)
	_, err := demo.Load(ctx, db.Client, now)
	require.NoError(t, err)
	type derived struct {
		per     *float64
		dim     *string
		updated string
	}
	snapshot := func() (map[int]derived, []string) {
		list, err := db.Client.Product.Query().Order(product.ByID()).All(ctx)
		require.NoError(t, err)
		out := map[int]derived{}
		for _, p := range list {
			out[p.ID] = derived{p.PricePerBase, p.PriceDimension, p.UpdatedAt.String()}
		}
		terms, err := db.Client.ProductTerm.Query().All(ctx)
		require.NoError(t, err)
		var ts []string
		for _, x := range terms {
			ts = append(ts, fmt.Sprintf("%d %s %d", x.ProductID, x.Term, x.Weight))
		}
		slices.Sort(ts)
		return out, ts
	}
	wantProducts, wantTerms := snapshot()
	priced := 0
	for _, d := range wantProducts {
		if d.per != nil {
			priced++
		}
	}
	require.Positive(t, priced)

	// What a migrated database of the previous release holds.
	exec := func(q string) {
		require.NoError(t, db.Client.Driver().Exec(ctx, q, []any{}, nil))
	}
	exec("UPDATE " + product.Table + " SET " + product.FieldPricePerBase + " = NULL, " + product.FieldPriceDimension + " = NULL")
	exec("UPDATE " + productterm.Table + " SET " + productterm.FieldWeight + " = 7")
	n, err := db.Client.Product.Query().Where(product.PricePerBaseNotNil()).Count(ctx)
	require.NoError(t, err)
	require.Zero(t, n)

	got, err := catalog.Backfill(ctx, db.Client)
	require.NoError(t, err)
	require.Equal(t, priced, got.Prices)
	require.Equal(t, len(wantProducts), got.Reindexed)
	require.True(t, got.Changed())
	gotProducts, gotTerms := snapshot()
	require.Equal(t, wantProducts, gotProducts, "prices per base unit as the hook derives them; updated_at unchanged")
	require.Equal(t, wantTerms, gotTerms, "the weighted terms as the index hook writes them")

	again, err := catalog.Backfill(ctx, db.Client)
	require.NoError(t, err)
	require.False(t, again.Changed(), "%+v", again)

	// Relevance works again: a product named tengiri outranks one that only
	// mentions it.
	page, err := catalog.Products(ctx, db.Client, catalog.Params{Search: "tengiri", First: ptr(3),
		OrderBy: &catalog.Order{Direction: "DESC", Field: catalog.OrderRelevance}})
	require.NoError(t, err)
	require.NotEmpty(t, page.Edges)
	require.Contains(t, strings.ToLower(page.Edges[0].Node.NameIndonesian+page.Edges[0].Node.NameEnglish), "tengiri")
}

func ptr[T any](v T) *T { return &v }
