package server_test

import (
	"context"
	"math"
	"strings"
	"testing"
	"time"

	"entgo.io/ent/dialect/sql"
	"github.com/stretchr/testify/require"

	"github.com/exportiva/exportiva/ent"
	"github.com/exportiva/exportiva/ent/product"
	"github.com/exportiva/exportiva/internal/authz"
	"github.com/exportiva/exportiva/internal/validate"
)

// TestPlausibilityBounds: every quantity and amount of the inputs has an upper
// bound, refused with BAD_USER_INPUT naming the field.
func TestPlausibilityBounds(t *testing.T) {
	w := newWorld(t)
	e := w.e
	pa := e.as(w.tokens["producerA"])
	ba := e.as(w.tokens["buyerA"])
	create := `mutation($in: CreateProductInput!) { createProduct(input: $in) { product { id } } }`
	for _, c := range []struct {
		patch map[string]any
		field string
	}{
		{map[string]any{"capacityAmount": 1.7e308, "capacityPeriod": "WEEK"}, "capacityAmount"},
		{map[string]any{"capacityAmount": 1e9 + 1}, "capacityAmount"},
		{map[string]any{"moq": 1e12}, "moq"},
		{map[string]any{"packSize": 1e10}, "packSize"},
		{map[string]any{"containerLoad20ft": 1e10}, "containerLoad20ft"},
		{map[string]any{"priceMin": "1", "priceMax": "1000000000000.0001"}, "priceMax"},
		{map[string]any{"priceMin": "900000000000000", "priceMax": "900000000000000"}, "priceMin"},
		{map[string]any{"leadTimeDays": 3651}, "leadTimeDays"},
		{map[string]any{"shelfLifeDays": 2147483647}, "shelfLifeDays"},
	} {
		in := productInput(w.prodA)
		for k, v := range c.patch {
			in[k] = v
		}
		r := pa.do(create, map[string]any{"in": in})
		require.Equal(t, "BAD_USER_INPUT", r.code(), "%v: %+v", c.patch, r.Errors)
		require.Equal(t, []string{"input", c.field}, r.field(), "%v", c.patch)
		require.Contains(t, r.Errors[0].Message, "plausible")
	}
	// At the bounds, it is stored.
	in := productInput(w.prodA)
	in["capacityAmount"], in["leadTimeDays"], in["priceMax"] = 1e9, 3650, "1000000000000"
	pa.ok(create, map[string]any{"in": in}, nil)
	// An update is bounded too.
	r := pa.do(`mutation($id: ID!) { updateProduct(id: $id, input: {capacityAmount: 1e300}) { product { id } } }`, map[string]any{"id": w.productA})
	require.Equal(t, "BAD_USER_INPUT", r.code(), "%+v", r.Errors)
	require.Equal(t, []string{"input", "capacityAmount"}, r.field())

	export := `mutation($in: CreateExportRecordInput!) { recordExport(input: $in) { exportRecord { id } } }`
	exportIn := func(patch map[string]any) map[string]any {
		in := map[string]any{"producerID": w.prodA, "destinationCountry": "TH", "hsCode": "030359", "quantityKg": 100, "value": "350", "currency": "USD", "shippedOn": "2025-06-01T00:00:00Z"}
		for k, v := range patch {
			in[k] = v
		}
		return map[string]any{"in": in}
	}
	for field, v := range map[string]any{"value": "900000000000000", "quantityKg": 1.7e308} {
		r := pa.do(export, exportIn(map[string]any{field: v}))
		require.Equal(t, "BAD_USER_INPUT", r.code(), "%s: %+v", field, r.Errors)
		require.Equal(t, []string{"input", field}, r.field())
	}
	r = e.do(`mutation { setFxRate(input: {currency: "THB", unitsPerUsd: "100000000000000"}) { fxRate { id } } }`, nil)
	require.Equal(t, "BAD_USER_INPUT", r.code(), "%+v", r.Errors)

	// Buy requests, quotes and match queries.
	request := `mutation($in: CreateBuyRequestInput!) { createBuyRequest(input: $in) { buyRequest { id } } }`
	reqIn := func(q float64, price string) map[string]any {
		in := map[string]any{"title": "T", "query": "tengiri", "quantity": map[string]any{"amount": q, "unit": "TONNE"},
			"destination": map[string]any{"country": "TH"}, "validUntil": now.AddDate(0, 1, 0).Format(time.RFC3339)}
		if price != "" {
			in["maxPrice"] = map[string]any{"amount": price, "currency": "USD"}
		}
		return map[string]any{"in": in}
	}
	r = ba.do(request, reqIn(1.7e308, ""))
	require.Equal(t, "BAD_USER_INPUT", r.code(), "%+v", r.Errors)
	require.Equal(t, []string{"input", "quantity", "amount"}, r.field())
	r = ba.do(request, reqIn(1, "90000000000000"))
	require.Equal(t, "BAD_USER_INPUT", r.code(), "%+v", r.Errors)
	require.Equal(t, []string{"input", "maxPrice", "amount"}, r.field())
	r = pa.do(`mutation($i: ID!) { sendQuote(input: {inquiryID: $i, price: {amount: "3", currency: "USD"}, priceUnit: KG, quantity: {amount: 1e200, unit: TONNE}, incoterm: FOB, validUntil: "2027-01-01T00:00:00Z"}) { quote { id } } }`, map[string]any{"i": w.inquiryA})
	require.Equal(t, "BAD_USER_INPUT", r.code(), "%+v", r.Errors)
	require.Equal(t, []string{"input", "quantity", "amount"}, r.field())
	r = pa.do(`mutation($i: ID!) { sendQuote(input: {inquiryID: $i, price: {amount: "2000000000000", currency: "USD"}, priceUnit: KG, quantity: {amount: 1, unit: TONNE}, incoterm: FOB, validUntil: "2027-01-01T00:00:00Z"}) { quote { id } } }`, map[string]any{"i": w.inquiryA})
	require.Equal(t, "BAD_USER_INPUT", r.code(), "%+v", r.Errors)
	require.Equal(t, []string{"input", "price", "amount"}, r.field())
	r = e.as("").do(`{ matches(first: 5, input: {query: "tengiri", quantity: {amount: 1e300, unit: TONNE}, destination: {country: "TH"}}) { totalCount } }`, nil)
	require.Equal(t, "BAD_USER_INPUT", r.code(), "%+v", r.Errors)
	require.Equal(t, []string{"input", "quantity", "amount"}, r.field())
}

// TestExportStatsCannotOverflow: sums of values at the bound, far past a 64-bit
// integer, are exact for anonymous exportStats on both backends.
func TestExportStatsCannotOverflow(t *testing.T) {
	w := newWorld(t)
	ctx := authz.System(context.Background())
	const n = 120
	builders := make([]*ent.ExportRecordCreate, n)
	for i := range builders {
		builders[i] = w.e.db.Client.ExportRecord.Create().SetProducerID(atoi(t, w.prodA)).SetDestinationCountry("TH").
			SetHsCode("030359").SetQuantityKg(validate.MaxQuantity).SetValue(validate.MaxExportValue).SetCurrency("IDR").
			SetShippedOn(time.Date(2025, 6, 1, 0, 0, 0, 0, time.UTC))
	}
	require.NoError(t, w.e.db.Client.ExportRecord.CreateBulk(builders...).Exec(ctx))
	var out struct {
		ExportStats []struct {
			Shipments int
			VolumeKg  float64
			Value     struct{ Amount, Currency string }
		}
	}
	w.e.as("").ok(`{ exportStats(groupBy: [DESTINATION], currency: "IDR") { shipments volumeKg value { amount currency } } }`, nil, &out)
	require.Len(t, out.ExportStats, 1)
	require.Equal(t, n, out.ExportStats[0].Shipments)
	// 120 × 10^14 = 1.2 × 10^16 rupiah: 1.2 × 10^20 ten-thousandths, past 2^63.
	require.Equal(t, "12000000000000000", out.ExportStats[0].Value.Amount)
	require.Equal(t, float64(n)*validate.MaxQuantity, out.ExportStats[0].VolumeKg)
}

// TestAbsurdStoredNumbersKeepPagesUp: a row stored before the bounds (an
// infinite monthly capacity) does not break the anonymous catalog page.
func TestAbsurdStoredNumbersKeepPagesUp(t *testing.T) {
	w := newWorld(t)
	// Past the validators, as an old row would be.
	err := w.e.db.Client.Product.Update().Where(product.ID(atoi(t, w.productA))).Modify(func(u *sql.UpdateBuilder) {
		u.Set(product.FieldCapacityAmount, 1.7e308).Set(product.FieldCapacityMonthly, math.Inf(1))
	}).Exec(authz.System(context.Background()))
	require.NoError(t, err)
	var out struct {
		Products struct {
			Edges []struct {
				Node struct {
					ID              string
					CapacityMonthly float64
					Capacity        struct{ Amount float64 }
				}
			}
		}
	}
	w.e.as("").ok(`{ products(first: 5, orderBy: {field: CAPACITY, direction: DESC}) { edges { node { id capacityMonthly capacity { amount } } } } }`, nil, &out)
	require.NotEmpty(t, out.Products.Edges)
	require.Equal(t, math.MaxFloat64, out.Products.Edges[0].Node.CapacityMonthly)
}

// TestExportRecordCorrection: the owning producer and the trade office correct and
// remove export records; nobody else can; statistics follow.
func TestExportRecordCorrection(t *testing.T) {
	w := newWorld(t)
	record := func() string {
		var out struct {
			RecordExport struct{ ExportRecord struct{ ID string } }
		}
		w.e.as(w.tokens["producerA"]).ok(`mutation($p: ID!) { recordExport(input: {producerID: $p, destinationCountry: "TH", hsCode: "030359", quantityKg: 100, value: "350", currency: "USD", shippedOn: "2025-06-01T00:00:00Z"}) { exportRecord { id } } }`,
			map[string]any{"p": w.prodA}, &out)
		return out.RecordExport.ExportRecord.ID
	}
	update := `mutation($id: ID!) { updateExportRecord(id: $id, input: {value: "400", shippedOn: "2024-02-01T00:00:00Z"}) { exportRecord { value year } } }`
	del := `mutation($id: ID!) { deleteExportRecord(id: $id) { deletedID } }`
	want := [6]string{"UNAUTHENTICATED", "ok", "FORBIDDEN", "FORBIDDEN", "FORBIDDEN", "ok"}
	for _, q := range []string{update, del} {
		for i, role := range roles {
			id := record()
			r := w.e.as(w.tokens[role]).do(q, map[string]any{"id": id})
			if want[i] == "ok" {
				require.Empty(t, r.Errors, "%s as %s: %+v", q, role, r.Errors)
			} else {
				require.Equal(t, want[i], r.code(), "%s as %s: %+v", q, role, r.Errors)
			}
		}
	}
	// A correction re-derives the year; a removed record is gone for good.
	id := record()
	var up struct {
		UpdateExportRecord struct {
			ExportRecord struct {
				Value string
				Year  int
			}
		}
	}
	w.e.as(w.tokens["producerA"]).ok(update, map[string]any{"id": id}, &up)
	require.Equal(t, "400", up.UpdateExportRecord.ExportRecord.Value)
	require.Equal(t, 2024, up.UpdateExportRecord.ExportRecord.Year)
	// Correcting into another producer's product or past the bounds is refused.
	var pb struct {
		CreateProduct struct{ Product struct{ ID string } }
	}
	w.e.as(w.tokens["producerB"]).ok(`mutation($in: CreateProductInput!) { createProduct(input: $in) { product { id } } }`, map[string]any{"in": productInput(w.prodB)}, &pb)
	r := w.e.as(w.tokens["producerA"]).do(`mutation($id: ID!, $p: ID!) { updateExportRecord(id: $id, input: {productID: $p}) { exportRecord { id } } }`, map[string]any{"id": id, "p": pb.CreateProduct.Product.ID})
	require.Equal(t, "BAD_USER_INPUT", r.code(), "%+v", r.Errors)
	r = w.e.as(w.tokens["producerA"]).do(`mutation($id: ID!) { updateExportRecord(id: $id, input: {value: "900000000000000"}) { exportRecord { id } } }`, map[string]any{"id": id})
	require.Equal(t, "BAD_USER_INPUT", r.code(), "%+v", r.Errors)
	require.Equal(t, []string{"input", "value"}, r.field())
	shipments := func() int {
		var stats struct {
			ExportStats []struct{ Shipments int }
		}
		w.e.as("").ok(`{ exportStats(groupBy: []) { shipments } }`, nil, &stats)
		total := 0
		for _, s := range stats.ExportStats {
			total += s.Shipments
		}
		return total
	}
	// Six records of the update rows, four of the delete rows that were
	// refused, and this one; the anonymous answer is kept (response cache).
	require.Equal(t, 11, shipments())
	w.e.as(w.tokens["producerA"]).ok(del, map[string]any{"id": id}, nil)
	w.e.fails("NOT_FOUND", `query($id: ID!) { node(id: $id) { id } }`, map[string]any{"id": id})
	w.e.as(w.tokens["producerA"]).fails("NOT_FOUND", del, map[string]any{"id": id})
	require.Equal(t, 10, shipments(), "a removal reaches the anonymous statistics at once")
}

func atoi(t *testing.T, s string) int {
	t.Helper()
	var n int
	for _, r := range strings.TrimSpace(s) {
		require.True(t, r >= '0' && r <= '9', s)
		n = n*10 + int(r-'0')
	}
	return n
}
