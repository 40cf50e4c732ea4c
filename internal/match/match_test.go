package match

import (
	"context"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/stretchr/testify/require"

	"github.com/exportiva/exportiva/ent"
	"github.com/exportiva/exportiva/internal/apperr"
	"github.com/exportiva/exportiva/internal/authz"
	d "github.com/exportiva/exportiva/internal/domain"
	"github.com/exportiva/exportiva/internal/money"
	"github.com/exportiva/exportiva/internal/validate"
)

func qty(a float64, u d.Unit, per d.Period) Quantity { return Quantity{Amount: a, Unit: u, Per: per} }

func ptr[T any](v T) *T { return &v }

func TestScenarios(t *testing.T) {
	c := newCatalog(t)
	tonnes := func(a float64) Quantity { return qty(a, d.UnitTonne, d.PerMonth) }
	cases := []struct {
		name  string
		req   Request
		want  []string // catalog keys in rank order; "~" marks PARTIAL
		check func(t *testing.T, o *Outcome)
	}{
		{name: "HS prefix, 8 t a month to Thailand", req: Request{Need: d.Need{HSCodes: []string{"0303"}, Quantity: tonnes(8), Country: "TH"}}, want: []string{"A"}},
		{name: "text tengiri", req: Request{Need: d.Need{Query: "tengiri", Quantity: tonnes(8), Country: "TH"}}, want: []string{"A"}},
		{name: "synonym seerfish", req: Request{Need: d.Need{Query: "seerfish", Quantity: tonnes(8), Country: "TH"}}, want: []string{"A"}},
		{name: "Indonesian query", req: Request{Need: d.Need{Query: "ikan tengiri beku", Quantity: tonnes(8), Country: "TH"}}, want: []string{"A"}},
		{name: "dotted HS prefix", req: Request{Need: d.Need{HSCodes: []string{"0303.59"}, Quantity: tonnes(8), Country: "TH"}}, want: []string{"A"}},
		{name: "HS and text together narrow", req: Request{Need: d.Need{HSCodes: []string{"0303"}, Query: "tuna", Quantity: tonnes(2), Country: "TH"}}, want: []string{"H"}},
		{name: "kg", req: Request{Need: d.Need{Query: "tengiri", Quantity: qty(8000, d.UnitKG, d.PerMonth), Country: "TH"}}, want: []string{"A"}},
		{name: "lb", req: Request{Need: d.Need{Query: "tengiri", Quantity: qty(17636.98, d.UnitLB, d.PerMonth), Country: "TH"}}, want: []string{"A"}},
		{name: "per week", req: Request{Need: d.Need{Query: "tengiri", Quantity: qty(2, d.UnitTonne, d.PerWeek), Country: "TH"}}, want: []string{"A"}},
		{name: "per week too much", req: Request{Need: d.Need{Query: "tengiri", Quantity: qty(2.5, d.UnitTonne, d.PerWeek), Country: "TH"}}, want: nil},
		{name: "per year", req: Request{Need: d.Need{Query: "tengiri", Quantity: qty(96, d.UnitTonne, d.PerYear), Country: "TH"}}, want: []string{"A"}},
		{name: "one-off shipment within a month", req: Request{Need: d.Need{Query: "tengiri", Quantity: qty(9, d.UnitTonne, d.PerShipment), Country: "TH"}}, want: []string{"A"}},
		{name: "one-off shipment over two months", req: Request{Need: d.Need{Query: "tengiri", Quantity: qty(15, d.UnitTonne, d.PerShipment), Country: "TH", DeliverBy: ptr(now.AddDate(0, 2, 5))}}, want: []string{"A"}},
		{name: "one-off shipment too big for one month", req: Request{Need: d.Need{Query: "tengiri", Quantity: qty(15, d.UnitTonne, d.PerShipment), Country: "TH"}}, want: nil},
		{name: "cartons through the pack size", req: Request{Need: d.Need{Query: "tengiri", Quantity: qty(400, d.UnitCarton, d.PerMonth), Country: "TH"}}, want: []string{"A"}},
		{name: "half a 20 ft container", req: Request{Need: d.Need{Query: "tengiri", Quantity: qty(0.5, d.UnitContainer20, d.PerMonth), Country: "TH"}}, want: []string{"A"}},
		{name: "a full 20 ft container is more than A makes", req: Request{Need: d.Need{Query: "tengiri", Quantity: qty(1, d.UnitContainer20, d.PerMonth), Country: "TH"}}, want: nil},
		{name: "pairs", req: Request{Need: d.Need{Query: "sepatu", Quantity: qty(1000, d.UnitPair, d.PerMonth), Country: "DE"}}, want: []string{"D"}},
		{name: "dozens convert to pairs", req: Request{Need: d.Need{Query: "shoes", Quantity: qty(100, d.UnitDozen, d.PerMonth), Country: "DE", MaxPrice: &Money{Amount: money.MustParse("200"), Currency: "USD"}}}, want: []string{"D"},
			check: func(t *testing.T, o *Outcome) {
				require.Contains(t, criterion(o.Matches[0], Price).Detail(), "USD 90.00 per dozen")
				require.Equal(t, 833.333, o.Matches[0].Capacity.Amount, "5000 pairs are 10000 pieces")
			}},
		{name: "MOQ above the request", req: Request{Need: d.Need{Query: "tengiri", Quantity: qty(800, d.UnitKG, d.PerMonth), Country: "TH"}}, want: []string{"E", "F"}},
		{name: "MOQ above the request within twice it is a near miss", req: Request{Need: d.Need{Query: "tengiri", Quantity: qty(800, d.UnitKG, d.PerMonth), Country: "TH", IncludePartial: true}}, want: []string{"E", "F", "~A", "~G"}},
		{name: "expired certificate is missing", req: Request{Need: d.Need{HSCodes: []string{"0303"}, Query: "tuna", Quantity: tonnes(2), Country: "TH", IncludePartial: true}}, want: []string{"H", "~B"},
			check: func(t *testing.T, o *Outcome) {
				cert := criterion(o.Matches[1], Certification)
				require.Equal(t, Partial, cert.Status)
				require.Contains(t, cert.Detail(), "HACCP (expired")
			}},
		{name: "EU bloc rules", req: Request{Need: d.Need{HSCodes: []string{"0303"}, Quantity: tonnes(5), Country: "NL"}}, want: []string{"H"}},
		{name: "EU rules, near misses do not include two missing certificates", req: Request{Need: d.Need{HSCodes: []string{"0303"}, Quantity: tonnes(5), Country: "NL", IncludePartial: true}}, want: []string{"H"}},
		{name: "GCC halal held", req: Request{Need: d.Need{HSCodes: []string{"1604"}, Quantity: tonnes(1), Country: "SA"}}, want: []string{"C"}},
		{name: "GCC halal missing is a near miss", req: Request{Need: d.Need{Query: "rajungan", Quantity: qty(2000, d.UnitLB, d.PerMonth), Country: "AE", IncludePartial: true}}, want: []string{"~K"},
			check: func(t *testing.T, o *Outcome) {
				require.Contains(t, criterion(o.Matches[0], Certification).Detail(), "halal")
			}},
		{name: "ASEAN without HACCP rule chapter 16", req: Request{Need: d.Need{Query: "rajungan", Quantity: qty(2000, d.UnitLB, d.PerMonth), Country: "TH"}}, want: []string{"K"}},
		{name: "excluded destination never matches", req: Request{Need: d.Need{HSCodes: []string{"1604"}, Quantity: tonnes(1), Country: "US", IncludePartial: true}}, want: nil},
		{name: "excluded destination for sandals", req: Request{Need: d.Need{Query: "sandal", Quantity: qty(1000, d.UnitPair, d.PerMonth), Country: "DE"}}, want: nil},
		{name: "sandals elsewhere in the EU", req: Request{Need: d.Need{Query: "sandal", Quantity: qty(1000, d.UnitPair, d.PerMonth), Country: "FR"}}, want: []string{"J"}},
		{name: "buyer's own certificate", req: Request{Need: d.Need{Query: "tengiri", Quantity: tonnes(8), Country: "TH", Certifications: []d.CertificationType{d.CertHalal}, IncludePartial: true}}, want: []string{"~A", "~F"}},
		{name: "price in baht through FX", req: Request{Need: d.Need{Query: "tengiri", Quantity: tonnes(8), Country: "TH", MaxPrice: &Money{Amount: money.MustParse("140"), Currency: "THB"}}}, want: []string{"A"},
			check: func(t *testing.T, o *Outcome) {
				require.Contains(t, criterion(o.Matches[0], Price).Detail(), "THB 112.00 per kg")
			}},
		{name: "price slightly above maximum is a near miss", req: Request{Need: d.Need{Query: "tengiri", Quantity: tonnes(8), Country: "TH", MaxPrice: &Money{Amount: money.MustParse("3"), Currency: "USD"}, IncludePartial: true}}, want: []string{"~A"}},
		{name: "price far above maximum", req: Request{Need: d.Need{Query: "tengiri", Quantity: tonnes(8), Country: "TH", MaxPrice: &Money{Amount: money.MustParse("2"), Currency: "USD"}, IncludePartial: true}}, want: nil},
		{name: "different incoterm is flagged, not excluded", req: Request{Need: d.Need{Query: "tengiri", Quantity: tonnes(8), Country: "TH", Incoterm: ptr(d.Incoterm("FOB"))}}, want: []string{"A"},
			check: func(t *testing.T, o *Outcome) {
				inc := criterion(o.Matches[0], Incoterm)
				require.Equal(t, Partial, inc.Status)
				require.Contains(t, inc.Detail(), "CFR")
			}},
		{name: "same incoterm", req: Request{Need: d.Need{Query: "tengiri", Quantity: tonnes(8), Country: "TH", Incoterm: ptr(d.Incoterm("CFR"))}}, want: []string{"A"},
			check: func(t *testing.T, o *Outcome) { require.Equal(t, Met, criterion(o.Matches[0], Incoterm).Status) }},
		{name: "paused products never match", req: Request{Need: d.Need{Query: "steaks", Quantity: tonnes(1), Country: "TH", IncludePartial: true}}, want: nil},
		{name: "lead time beyond the delivery date", req: Request{Need: d.Need{Query: "tengiri", Quantity: qty(8, d.UnitTonne, d.PerShipment), Country: "TH", DeliverBy: ptr(now.AddDate(0, 0, 7))}}, want: nil},
		{name: "partial matches come after full ones", req: Request{Need: d.Need{Query: "tengiri", Quantity: qty(2, d.UnitTonne, d.PerMonth), Country: "TH", IncludePartial: true, Certifications: []d.CertificationType{d.CertSKP}}}, want: []string{"A", "~E", "~G", "~F"}},
		{name: "ranked by score", req: Request{Need: d.Need{Query: "tengiri", Quantity: tonnes(2), Country: "TH"}}, want: []string{"A", "E", "G", "F"},
			check: func(t *testing.T, o *Outcome) {
				for i := 1; i < len(o.Matches); i++ {
					require.GreaterOrEqual(t, o.Matches[i-1].Score, o.Matches[i].Score)
				}
				a := o.Matches[0]
				require.Equal(t, Met, criterion(a, TrackRecord).Status)
				require.Equal(t, 20.0, criterion(a, TrackRecord).Points)
				require.Equal(t, WeightVerification, criterion(a, Verification).Points)
				require.Equal(t, Unmet, criterion(o.Matches[3], Verification).Status)
				total := 0.0
				for _, cr := range a.Criteria {
					total += cr.Points
				}
				require.InDelta(t, a.Score, total, 0.05, "the score is the sum of the criteria's points")
				require.LessOrEqual(t, a.Score, 100.0)
			}},
		{name: "track record falls back to the region", req: Request{Need: d.Need{Query: "skipjack", Quantity: qty(1, d.UnitTonne, d.PerMonth), Country: "MY", IncludePartial: true}}, want: []string{"~B"},
			check: func(t *testing.T, o *Outcome) {
				tr := criterion(o.Matches[0], TrackRecord)
				require.Equal(t, Partial, tr.Status)
				require.Contains(t, tr.Detail(), "Vietnam")
			}},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			o := c.find(t, tc.req)
			require.Equal(t, tc.want, c.keys(o))
			if tc.check != nil {
				tc.check(t, o)
			}
		})
	}
}

func TestPools(t *testing.T) {
	c := newCatalog(t)
	poolKeys := func(o *Outcome) [][]string {
		var out [][]string
		for _, p := range o.Pools {
			var ks []string
			for _, m := range p.Members {
				ks = append(ks, c.names[m.Product.ID])
			}
			slices.Sort(ks)
			out = append(out, ks)
		}
		return out
	}
	// 14 t: A (10 t) + F (4 t) exactly, the only pair.
	o := c.find(t, Request{Need: d.Need{Query: "tengiri", Quantity: qty(14, d.UnitTonne, d.PerMonth), Country: "TH"}})
	require.Empty(t, o.Matches)
	require.Equal(t, []string{"A", "F"}, poolKeys(o)[0])
	require.Len(t, o.Pools[0].Members, 2, "fewest members first")

	// 15 t needs three producers; every allocation lies between MOQ and capacity and
	// they add up to the request.
	o = c.find(t, Request{Need: d.Need{Query: "tengiri", Quantity: qty(15, d.UnitTonne, d.PerMonth), Country: "TH"}})
	require.NotEmpty(t, o.Pools)
	require.LessOrEqual(t, len(o.Pools), MaxPools)
	for i, p := range o.Pools {
		require.Len(t, p.Members, 3)
		sum := 0.0
		for _, m := range p.Members {
			sum += m.Allocation.Amount
			capT := m.Product.CapacityMonthly / 1000
			require.LessOrEqual(t, m.Allocation.Amount, capT+1e-9)
			if m.Product.Moq != nil {
				require.GreaterOrEqual(t, m.Allocation.Amount*1000, *m.Product.Moq-1e-9)
			}
		}
		require.InDelta(t, 15, sum, 1e-6)
		require.Equal(t, d.UnitTonne, p.Total.Unit)
		if i > 0 {
			require.GreaterOrEqual(t, o.Pools[i-1].Score, p.Score)
		}
	}
	// Pools of at most two: none covers 15 t.
	o = c.find(t, Request{Need: d.Need{Query: "tengiri", Quantity: qty(15, d.UnitTonne, d.PerMonth), Country: "TH"}, MaxPoolSize: 2})
	require.Empty(t, o.Pools)
	// No pool possible: all tengiri together make 19.5 t.
	o = c.find(t, Request{Need: d.Need{Query: "tengiri", Quantity: qty(40, d.UnitTonne, d.PerMonth), Country: "TH"}})
	require.Empty(t, o.Pools)
	// No pools when one product covers it.
	o = c.find(t, Request{Need: d.Need{Query: "tengiri", Quantity: qty(8, d.UnitTonne, d.PerMonth), Country: "TH"}})
	require.Empty(t, o.Pools)
}

func TestBadInput(t *testing.T) {
	c := newCatalog(t)
	cases := []struct {
		name  string
		req   Request
		field []string
	}{
		{"no commodity", Request{Need: d.Need{Quantity: qty(1, d.UnitKG, ""), Country: "TH"}}, []string{"hsCodes"}},
		{"stop words only", Request{Need: d.Need{Query: "or and", Quantity: qty(1, d.UnitKG, ""), Country: "TH"}}, []string{"hsCodes"}},
		{"negative amount", Request{Need: d.Need{Query: "tengiri", Quantity: qty(-8, d.UnitTonne, ""), Country: "TH"}}, []string{"quantity", "amount"}},
		{"unknown country", Request{Need: d.Need{Query: "tengiri", Quantity: qty(8, d.UnitTonne, ""), Country: "XX"}}, []string{"destination", "country"}},
		{"port in another country", Request{Need: d.Need{Query: "tengiri", Quantity: qty(8, d.UnitTonne, ""), Country: "TH", Port: "MYPKG"}}, []string{"destination", "port"}},
		{"HS digits", Request{Need: d.Need{HSCodes: []string{"03a"}, Quantity: qty(8, d.UnitTonne, ""), Country: "TH"}}, []string{"hsCodes"}},
		{"container with no load known", Request{Need: d.Need{Query: "tengiri", Quantity: qty(1, d.UnitContainer40, ""), Country: "TH"}}, []string{"quantity", "unit"}},
		{"currency without rate", Request{Need: d.Need{Query: "tengiri", Quantity: qty(8, d.UnitTonne, ""), Country: "TH", MaxPrice: &Money{Amount: money.MustParse("3"), Currency: "CHF"}}}, []string{"maxPrice", "currency"}},
		{"different dimensions never match", Request{Need: d.Need{Query: "tengiri", Quantity: qty(1000, d.UnitPair, d.PerMonth), Country: "TH", IncludePartial: true}}, []string{"quantity", "unit"}},
		{"pool too large", Request{Need: d.Need{Query: "tengiri", Quantity: qty(8, d.UnitTonne, ""), Country: "TH"}, MaxPoolSize: 6}, []string{"maxPoolSize"}},
		{"delivery in the past", Request{Need: d.Need{Query: "tengiri", Quantity: qty(8, d.UnitTonne, d.PerShipment), Country: "TH", DeliverBy: ptr(now.Add(-time.Hour))}}, []string{"deliverBy"}},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			tc.req.Now = now
			_, err := Find(context.Background(), c.db, tc.req)
			require.Error(t, err)
			require.Equal(t, apperr.CodeBadUserInput, apperr.CodeOf(err))
			require.Equal(t, []string{strings.Join(tc.field, ".")}, validate.Fields(err))
		})
	}
}

// TestLeadsSymmetric checks that leads are matches in reverse: product P is a FULL
// match of request R exactly when R is among P's leads.
func TestLeadsSymmetric(t *testing.T) {
	c := newCatalog(t)
	ctx := authz.System(context.Background())
	buyer := c.db.Buyer.Create().SetCompany("Siam Ocean").SetCountry("TH").SetType("IMPORTER").SaveX(ctx)
	reqs := []struct {
		title, query string
		hs           []string
		amount       float64
		unit         d.Unit
		country      string
	}{
		{"tengiri 8 t", "tengiri", nil, 8, d.UnitTonne, "TH"},
		{"tengiri 2 t", "tengiri", nil, 2, d.UnitTonne, "TH"},
		{"tuna to NL", "", []string{"0303"}, 5, d.UnitTonne, "NL"},
		{"canned to SA", "", []string{"1604"}, 1, d.UnitTonne, "SA"},
		{"shoes to DE", "sepatu", nil, 1000, d.UnitPair, "DE"},
		{"sandals to DE", "sandal", nil, 1000, d.UnitPair, "DE"},
		{"crab to TH", "rajungan", nil, 2000, d.UnitLB, "TH"},
	}
	for _, r := range reqs {
		c.db.BuyRequest.Create().SetBuyerID(buyer.ID).SetTitle(r.title).SetQuery(r.query).SetHsCodes(r.hs).
			SetQuantityAmount(r.amount).SetQuantityUnit(r.unit).SetDestinationCountry(r.country).
			SetValidUntil(now.AddDate(0, 1, 0)).ExecX(ctx)
	}
	// A closed and an expired request are never leads.
	c.db.BuyRequest.Create().SetBuyerID(buyer.ID).SetTitle("closed").SetQuery("tengiri").SetQuantityAmount(1).SetQuantityUnit(d.UnitTonne).
		SetDestinationCountry("TH").SetValidUntil(now.AddDate(0, 1, 0)).SetStatus(d.BuyRequestClosed).ExecX(ctx)
	c.db.BuyRequest.Create().SetBuyerID(buyer.ID).SetTitle("expired").SetQuery("tengiri").SetQuantityAmount(1).SetQuantityUnit(d.UnitTonne).
		SetDestinationCountry("TH").SetValidUntil(now.Add(-time.Hour)).ExecX(ctx)

	brs := c.db.BuyRequest.Query().AllX(ctx)
	products := c.db.Product.Query().WithProducer().WithCertifications().AllX(ctx)
	fullMatch := map[[2]int]bool{}
	for _, br := range brs {
		if br.Status != d.BuyRequestOpen || !br.ValidUntil.After(now) {
			continue
		}
		o := c.find(t, RequestOf(br, now))
		for _, m := range o.Matches {
			if m.Fit == Full {
				fullMatch[[2]int{br.ID, m.Product.ID}] = true
			}
		}
	}
	require.NotEmpty(t, fullMatch)
	for _, p := range products {
		leads, err := Leads(ctx, c.db, []*ent.Product{p}, now)
		require.NoError(t, err)
		got := map[int]bool{}
		for _, l := range leads {
			got[l.BuyRequest.ID] = true
			require.Equal(t, p.ID, l.Match.Product.ID)
		}
		for _, br := range brs {
			require.Equal(t, fullMatch[[2]int{br.ID, p.ID}], got[br.ID], "product %s, request %q", c.names[p.ID], br.Title)
		}
	}
	for _, br := range brs {
		if strings.HasPrefix(br.Title, "closed") || strings.HasPrefix(br.Title, "expired") {
			for k := range fullMatch {
				require.NotEqual(t, br.ID, k[0])
			}
		}
	}
}
