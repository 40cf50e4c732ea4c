package match

import (
	"context"
	"math/rand/v2"
	"slices"
	"testing"
	"time"

	"entgo.io/ent/dialect"

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
	req := Request{
		Need: d.Need{
			HSCodes:  []string{"0303"},
			Query:    "frozen tengiri or tuna",
			Quantity: Quantity{Amount: 8, Unit: d.UnitTonne, Per: d.PerMonth},
			Country:  "TH",
			Port:     "THLCH",
			Incoterm: ptr(d.Incoterm("CFR")),
		},
		Now: now,
	}
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
	req := Request{Need: d.Need{Query: "frozen tengiri or tuna", Quantity: Quantity{Amount: 60, Unit: d.UnitTonne, Per: d.PerMonth}, Country: "TH"}, Now: now}
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
	p, err := prepare(Request{Need: d.Need{Query: "tengiri", Quantity: Quantity{Amount: 8, Unit: d.UnitTonne, Per: d.PerMonth}, Country: "TH"}, Now: now})
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

// BenchmarkFindDistinctNeeds answers seeded random needs (the differential
// test's, each op a different one) through both engines, the first page of
// 20 explained as graph does, over a synthetic catalog of
// EXPORTIVA_BENCH_PRODUCTS products (default 2,000; 100000 for the catalog
// of docs/BENCHMARKS.md). It reports SQL statements per need beside the
// allocations.
func BenchmarkFindDistinctNeeds(b *testing.B) {
	products := envInt("EXPORTIVA_BENCH_PRODUCTS", 2000)
	var counter *testdb.Counter
	db := testdb.Open(b).Wrap(func(dr dialect.Driver) dialect.Driver { counter = testdb.NewCounter(dr); return counter }).Client
	o := demo.DefaultSynthetic()
	if products != o.Products {
		o = demo.SyntheticOptions{Producers: max(products*18/100, 1), Products: products, Buyers: 50, BuyRequests: 50,
			ExportRecords: products / 2, Seed: 1, Batch: 500}
	}
	if _, err := demo.Synthetic(context.Background(), db, o, now); err != nil {
		b.Fatal(err)
	}
	index := NewIndex(db, nil)
	start := time.Now()
	if err := index.Build(context.Background()); err != nil {
		b.Fatal(err)
	}
	b.Logf("index of %d products built in %v", products, time.Since(start))
	for _, e := range append(slices.Clone(Engines), WholeList(Indexed)) {
		b.Run(string(e), func(b *testing.B) {
			rnd := rand.New(rand.NewPCG(11, 2026))
			ctx := WithEngine(WithIndex(context.Background(), index), e)
			counter.Reset()
			b.ReportAllocs()
			n := 0
			for b.Loop() {
				out, err := Find(ctx, db, randomNeed(rnd))
				n++
				if err != nil {
					continue // refused needs (a dimension no product has) cost the same in both
				}
				if _, err := out.Page(ctx, db, out.Matches[:min(21, len(out.Matches))]); err != nil {
					b.Fatal(err)
				}
			}
			b.ReportMetric(float64(counter.Count())/float64(n), "stmts/op")
		})
	}
}
