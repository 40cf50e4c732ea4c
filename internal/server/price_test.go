package server_test

import (
	"context"
	"math/big"
	"testing"

	"entgo.io/ent/dialect"
	"github.com/stretchr/testify/require"

	"github.com/exportiva/exportiva/ent/producer"
	"github.com/exportiva/exportiva/internal/authz"
	"github.com/exportiva/exportiva/internal/demo"
	"github.com/exportiva/exportiva/internal/domain"
	"github.com/exportiva/exportiva/internal/money"
	"github.com/exportiva/exportiva/internal/testdb"
)

// TestPricesInTheBuyersCurrency: Product.price(currency:) converts exactly with
// the FX table (the rates and their date shown, the original kept), and
// PRICE_PER_KG sorts across units of sale and currencies.
func TestPricesInTheBuyersCurrency(t *testing.T) {
	e := newEnv(t, true).as("")
	ctx := authz.System(context.Background())
	db := e.db.Client
	prod := db.Producer.Query().Where(producer.Verified(true)).FirstX(ctx)
	mk := func(sku string, unit domain.Unit, price, currency string, pack float64) {
		c := db.Product.Create().SetProducerID(prod.ID).SetSku(sku).SetNameEnglish("Sort test " + sku).SetNameIndonesian("Uji " + sku).
			SetHsCode("030359").SetForm(domain.FormFrozen).SetUnit(unit).SetCapacityAmount(10).SetCapacityUnit(domain.UnitTonne).
			SetCapacityPeriod(domain.PerMonth).SetPriceMin(money.MustParse(price)).SetPriceCurrency(currency)
		if pack > 0 {
			c.SetPackSize(pack).SetPackUnit(domain.UnitKG)
		}
		c.ExecX(ctx)
	}
	mk("SORT-T", domain.UnitTonne, "3000", "USD", 0)   // 3.00 USD/kg
	mk("SORT-THB", domain.UnitKG, "72.8", "THB", 0)    // 2.00 USD/kg at 36.4
	mk("SORT-LB", domain.UnitLB, "1", "USD", 0)        // 2.2046 USD/kg
	mk("SORT-CTN", domain.UnitCarton, "50", "USD", 20) // 2.50 USD/kg
	mk("SORT-PC", domain.UnitPiece, "1", "USD", 0)     // not by mass: last

	type price struct {
		Min, PerBaseUnit *string
		Currency         string
		BaseUnit         *string
		Original         *struct{ Min, Currency string }
		Conversion       *struct{ From, To, FromUnitsPerUsd, ToUnitsPerUsd, AsOf string }
	}
	var out struct {
		Products struct {
			Edges []struct {
				Node struct {
					Sku   string
					Price price
				}
			}
		}
	}
	e.ok(`{ products(first: 10, where: {skuHasPrefix: "SORT-"}, orderBy: {field: PRICE_PER_KG, direction: ASC}) {
		edges { node { sku price(currency: "THB") { min currency perBaseUnit baseUnit original { min currency }
			conversion { from to fromUnitsPerUsd toUnitsPerUsd asOf } } } } } }`, nil, &out)
	var skus []string
	for _, ed := range out.Products.Edges {
		skus = append(skus, ed.Node.Sku)
	}
	require.Equal(t, []string{"SORT-THB", "SORT-LB", "SORT-CTN", "SORT-T", "SORT-PC"}, skus)

	byS := map[string]price{}
	for _, ed := range out.Products.Edges {
		byS[ed.Node.Sku] = ed.Node.Price
	}
	thb := byS["SORT-THB"]
	require.Equal(t, "72.8", *thb.Min)
	require.Nil(t, thb.Conversion, "already in THB")
	lb := byS["SORT-LB"]
	require.Equal(t, "THB", lb.Currency)
	require.Equal(t, "36.4", *lb.Min)
	require.Equal(t, "1", lb.Original.Min)
	require.Equal(t, "USD", lb.Original.Currency)
	require.Equal(t, "USD", lb.Conversion.From)
	require.Equal(t, "36.4", lb.Conversion.ToUnitsPerUsd)
	require.Equal(t, "2026-11-27T09:00:00Z", lb.Conversion.AsOf)
	require.Equal(t, "KG", *lb.BaseUnit)
	// 36.4 THB per lb = 36.4 / 0.45359237 THB per kg, rounded once.
	want, _ := money.FromRat(new(big.Rat).Quo(big.NewRat(364, 10), new(big.Rat).SetFloat64(0.45359237)))
	require.Equal(t, want.String(), *lb.PerBaseUnit)
	ctn := byS["SORT-CTN"]
	require.Equal(t, "91", *ctn.PerBaseUnit, "50 USD a 20 kg carton is 2.5 USD/kg = 91 THB/kg")
	require.Equal(t, "PIECE", *byS["SORT-PC"].BaseUnit)

	// DESC keeps the products without a price per kg last.
	e.ok(`{ products(first: 10, where: {skuHasPrefix: "SORT-"}, orderBy: {field: PRICE_PER_KG, direction: DESC}) { edges { node { sku } } } }`, nil, &out)
	skus = skus[:0]
	for _, ed := range out.Products.Edges {
		skus = append(skus, ed.Node.Sku)
	}
	require.Equal(t, []string{"SORT-T", "SORT-CTN", "SORT-LB", "SORT-THB", "SORT-PC"}, skus)

	r := e.fails("BAD_USER_INPUT", `{ products(first: 1, where: {skuHasPrefix: "SORT-"}) { edges { node { price(currency: "XXX") { min } } } } }`, nil)
	require.Equal(t, []string{"currency"}, r.field())
}

// TestConvertedPricesStatements: converting a page of prices reads the FX table
// once, whatever the page size.
func TestConvertedPricesStatements(t *testing.T) {
	db := testdb.Open(t)
	_, err := demo.Load(context.Background(), db.Client, now)
	require.NoError(t, err)
	var counter *testdb.Counter
	e := newEnvOn(t, db.Wrap(func(d dialect.Driver) dialect.Driver { counter = testdb.NewCounter(d); return counter })).as("")
	counts := map[int]int64{}
	for _, n := range []int{1, 50} {
		counter.Reset()
		e.ok(`query($n: Int!) { products(first: $n, search: "fish", thenBy: [{field: PRICE_PER_KG}]) { edges { node { price(currency: "EUR") { min conversion { asOf } } } } } }`,
			map[string]any{"n": n}, nil)
		counts[n] = counter.Count()
	}
	require.Equal(t, counts[1], counts[50], "%v", counts)
	require.LessOrEqual(t, counts[50], int64(4), "%v", counts) // the page and the FX table
}
