package match

import (
	"context"
	"testing"

	"github.com/exportiva/exportiva/internal/authz"
	"github.com/exportiva/exportiva/internal/demo"
	d "github.com/exportiva/exportiva/internal/domain"
	"github.com/exportiva/exportiva/internal/testdb"
	"github.com/exportiva/exportiva/internal/units"
)

// BenchmarkFindThailand runs the brief's Thailand request against the demo data
// (SQLite in memory): SQL candidate selection, fact loading and ranking.
func BenchmarkFindThailand(b *testing.B) {
	db := testdb.Open(b).Client
	if _, err := demo.Load(context.Background(), db, now); err != nil {
		b.Fatal(err)
	}
	req := Request{HSCodes: []string{"0303"}, Query: "frozen tengiri or tuna", Quantity: Quantity{Amount: 8, Unit: d.UnitTonne, Per: d.PerMonth},
		Country: "TH", Port: "THLCH", Incoterm: ptr(d.Incoterm("CFR")), Now: now}
	ctx := context.Background()
	b.ReportAllocs()
	for b.Loop() {
		if _, err := Find(ctx, db, req); err != nil {
			b.Fatal(err)
		}
	}
}

// BenchmarkFindPools runs a 60 t request that no single producer covers.
func BenchmarkFindPools(b *testing.B) {
	db := testdb.Open(b).Client
	if _, err := demo.Load(context.Background(), db, now); err != nil {
		b.Fatal(err)
	}
	req := Request{Query: "frozen tengiri or tuna", Quantity: Quantity{Amount: 60, Unit: d.UnitTonne, Per: d.PerMonth}, Country: "TH", Now: now}
	ctx := context.Background()
	b.ReportAllocs()
	for b.Loop() {
		out, err := Find(ctx, db, req)
		if err != nil || len(out.Pools) == 0 {
			b.Fatal(err, "no pools")
		}
	}
}

// BenchmarkLeadsFlagship ranks the demo's open buy requests for the flagship producer.
func BenchmarkLeadsFlagship(b *testing.B) {
	db := testdb.Open(b).Client
	ctx := authz.System(context.Background())
	if _, err := demo.Load(ctx, db, now); err != nil {
		b.Fatal(err)
	}
	p := db.Producer.Query().FirstX(ctx)
	b.ReportAllocs()
	for b.Loop() {
		products := p.QueryProducts().WithProducer().WithCertifications().AllX(ctx)
		if _, err := Leads(ctx, db, products, now); err != nil {
			b.Fatal(err)
		}
	}
}

// BenchmarkEvaluate judges one product against a request, without SQL.
func BenchmarkEvaluate(b *testing.B) {
	db := testdb.Open(b).Client
	ctx := context.Background()
	if _, err := demo.Load(ctx, db, now); err != nil {
		b.Fatal(err)
	}
	p, err := prepare(Request{Query: "tengiri", Quantity: Quantity{Amount: 8, Unit: d.UnitTonne, Per: d.PerMonth}, Country: "TH", Now: now})
	if err != nil {
		b.Fatal(err)
	}
	products := db.Product.Query().WithProducer().WithCertifications().Limit(1).AllX(ctx)
	f, err := loadFacts(ctx, db, []string{"TH"}, products)
	if err != nil {
		b.Fatal(err)
	}
	b.ReportAllocs()
	for b.Loop() {
		p.evaluate(f, products[0])
	}
}

// BenchmarkConvert converts cartons to tonnes through a pack size.
func BenchmarkConvert(b *testing.B) {
	pk := units.Packing{PackSize: units.Quantity{Amount: 20, Unit: d.UnitKG}}
	q := units.Quantity{Amount: 400, Unit: d.UnitCarton}
	b.ReportAllocs()
	for b.Loop() {
		if _, err := pk.Convert(q, d.UnitTonne); err != nil {
			b.Fatal(err)
		}
	}
}
