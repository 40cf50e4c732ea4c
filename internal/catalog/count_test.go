package catalog_test

import (
	"context"
	"testing"

	"github.com/stretchr/testify/require"

	"github.com/exportiva/exportiva/ent"
	"github.com/exportiva/exportiva/ent/producer"
	"github.com/exportiva/exportiva/ent/product"
	"github.com/exportiva/exportiva/internal/authz"
	"github.com/exportiva/exportiva/internal/catalog"
	"github.com/exportiva/exportiva/internal/demo"
	"github.com/exportiva/exportiva/internal/domain"
	"github.com/exportiva/exportiva/internal/testdb"
	"github.com/exportiva/exportiva/internal/viewer"
)

// TestTotalCountFromTheTally: for every filter product_counts answers, and
// for each reader (anonymous, the producer of a hidden product, another
// producer, the trade office), the count it gives is the COUNT of the same
// filter through the privacy rules — hidden products left out as they are
// from the page — and a filter it does not answer is counted in SQL.
func TestTotalCountFromTheTally(t *testing.T) {
	sys := authz.System(context.Background())
	db := testdb.Open(t).Client
	_, err := demo.Load(sys, db, now)
	require.NoError(t, err)
	frozen, err := db.Product.Query().Where(product.FormEQ(domain.FormFrozen), product.StatusEQ(domain.ProductActive)).
		Order(product.ByID()).Limit(2).All(sys)
	require.NoError(t, err)
	require.Len(t, frozen, 2)
	for _, p := range frozen {
		require.NoError(t, db.Product.UpdateOne(p).SetHiddenAt(now).Exec(sys))
	}
	owner := frozen[0].ProducerID
	other, err := db.Producer.Query().Where(producer.IDNEQ(owner)).FirstID(sys)
	require.NoError(t, err)
	s := func(v string) *string { return &v }
	status := func(v domain.ProductStatus) *domain.ProductStatus { return &v }
	form := func(v domain.ProductForm) *domain.ProductForm { return &v }
	readers := map[string]context.Context{
		"anonymous":        context.Background(),
		"its producer":     viewer.NewContext(context.Background(), &viewer.Viewer{AccountID: 1, Role: domain.RoleProducer, ProducerID: &owner}),
		"another producer": viewer.NewContext(context.Background(), &viewer.Viewer{AccountID: 3, Role: domain.RoleProducer, ProducerID: &other}),
		"trade office":     viewer.NewContext(context.Background(), &viewer.Viewer{AccountID: 2, Role: domain.RoleAdmin}),
	}
	for _, c := range []struct {
		where   *ent.ProductWhereInput
		tallied bool
	}{
		{nil, true},
		{&ent.ProductWhereInput{}, true},
		{&ent.ProductWhereInput{Status: status(domain.ProductActive)}, true},
		{&ent.ProductWhereInput{Status: status(domain.ProductActive), Form: form(domain.FormFrozen)}, true},
		{&ent.ProductWhereInput{HsCodeHasPrefix: s("0")}, true},
		{&ent.ProductWhereInput{HsCodeHasPrefix: s("03"), CapacityDimension: s("MASS")}, true},
		{&ent.ProductWhereInput{HsChapter: s("64"), Status: status(domain.ProductPaused)}, true},
		{&ent.ProductWhereInput{HsCodeHasPrefix: s("0303")}, true},
		{&ent.ProductWhereInput{HsCodeHasPrefix: s("030"), Status: status(domain.ProductActive)}, true},
		{&ent.ProductWhereInput{HsCodeHasPrefix: s("03034")}, false},
		{&ent.ProductWhereInput{HsCodeHasPrefix: s("030342"), Status: status(domain.ProductActive)}, false},
		{&ent.ProductWhereInput{HsCodeHasPrefix: s("16049")}, false},
		{&ent.ProductWhereInput{HsCodeHasPrefix: s("99999")}, false},
		{&ent.ProductWhereInput{HsCodeHasPrefix: s("0303a")}, false},
		{&ent.ProductWhereInput{HsChapter: s("3")}, false},
		{&ent.ProductWhereInput{Status: status(domain.ProductActive), FormNEQ: form(domain.FormFrozen)}, false},
		{&ent.ProductWhereInput{Or: []*ent.ProductWhereInput{{Form: form(domain.FormFrozen)}}}, false},
		{&ent.ProductWhereInput{Or: []*ent.ProductWhereInput{}}, false},
		{&ent.ProductWhereInput{And: []*ent.ProductWhereInput{{Status: status(domain.ProductActive)}}}, false},
		{&ent.ProductWhereInput{HsCodeHasPrefix: s("")}, true},
		{&ent.ProductWhereInput{HsCodeHasPrefix: s("0%")}, true},
		{&ent.ProductWhereInput{HsCodeHasPrefix: s("0_0")}, true},
		{&ent.ProductWhereInput{HsChapter: s("0_")}, true},
	} {
		for name, ctx := range readers {
			p := catalog.Params{Input: c.where}
			if c.where != nil {
				p.Filter = c.where.Filter
			}
			got, tallied, err := catalog.TotalCount(ctx, db, p)
			require.NoError(t, err)
			require.Equal(t, c.tallied, tallied, "%s %+v", name, c.where)
			q := db.Product.Query()
			if c.where != nil {
				q, err = c.where.Filter(q)
				require.NoError(t, err)
			}
			want, err := q.Count(ctx)
			require.NoError(t, err)
			require.Equal(t, want, got, "%s %+v", name, c.where)
		}
	}
	// The hidden products are left out for the anonymous reader only.
	all := &ent.ProductWhereInput{Status: status(domain.ProductActive), Form: form(domain.FormFrozen)}
	anon, _, err := catalog.TotalCount(context.Background(), db, catalog.Params{Input: all, Filter: all.Filter})
	require.NoError(t, err)
	office, _, err := catalog.TotalCount(readers["trade office"], db, catalog.Params{Input: all, Filter: all.Filter})
	require.NoError(t, err)
	require.Equal(t, office-2, anon)
	// A search is counted in SQL.
	_, tallied, err := catalog.TotalCount(context.Background(), db, catalog.Params{Search: "tuna"})
	require.NoError(t, err)
	require.False(t, tallied)
}
