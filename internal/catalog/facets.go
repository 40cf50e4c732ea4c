package catalog

import (
	"context"
	"fmt"
	"math"
	"math/big"
	"slices"
	"strconv"
	"time"

	"entgo.io/ent/dialect/sql"

	"github.com/exportiva/exportiva/ent"
	"github.com/exportiva/exportiva/ent/certification"
	"github.com/exportiva/exportiva/ent/exportrecord"
	"github.com/exportiva/exportiva/ent/producer"
	"github.com/exportiva/exportiva/ent/product"
	"github.com/exportiva/exportiva/internal/apperr"
	"github.com/exportiva/exportiva/internal/fx"
	"github.com/exportiva/exportiva/internal/geo"
	"github.com/exportiva/exportiva/internal/hs"
	"github.com/exportiva/exportiva/internal/i18n"
	"github.com/exportiva/exportiva/internal/money"
	"github.com/exportiva/exportiva/internal/units"
	"github.com/exportiva/exportiva/internal/validate"
)

// MaxFacetValues is the most values one facet lists (the most frequent first;
// Facet.Truncated says when there are more).
const MaxFacetValues = 20

// FacetValue is one value of a facet with the number of products that have it
// and the where input (a ProductWhereInput as JSON) that selects them.
type FacetValue struct {
	Value string
	Label string
	Count int
	Where map[string]any
}

// Facet is the values of one facet.
type Facet struct {
	Values    []*FacetValue
	Truncated bool
}

// Facets are the counts of a filter by every facet of the catalog sidebar.
type Facets struct {
	TotalCount     int
	Currency       string
	HsChapters     Facet
	HsHeadings     Facet
	Districts      Facet
	Certifications Facet
	Forms          Facet
	Verified       Facet
	CapacityBands  Facet
	PriceBands     Facet
	Destinations   Facet
}

// CapacityBandEdges are the limits of the capacity bands, in tonnes a month
// (products whose capacity is a mass).
var CapacityBandEdges = []float64{1, 5, 20, 100}

// priceBandEdgesUSD are the limits of the price bands per kg before they are
// rounded in the request's currency.
var priceBandEdgesUSD = []float64{1, 2, 5, 10, 20}

type row struct {
	Value string `json:"value"`
	N     int    `json:"n"`
}

// FacetsOf counts the products of a filter and search by HS chapter and heading,
// district, valid certificate type, form, verification, capacity band, price
// band per kg (in currency) and destination already shipped to. Each facet is
// one GROUP BY (at most MaxFacetValues+1 rows); with the total, the currencies of
// the filter and the FX table, twelve statements, whatever the catalog's size.
func FacetsOf(ctx context.Context, db *ent.Client, p Params, currency string, now time.Time, lang i18n.Lang) (*Facets, error) {
	base, rates, err := facetQuery(ctx, db, p, currency)
	if err != nil {
		return nil, err
	}
	return facetsWith(&sqlCounter{ctx: ctx, base: base}, rates, currency, now, lang)
}

// facetQuery checks the currency of a facet request (a known code with an
// exchange rate) and returns the query of its filter and search, with the FX
// table.
func facetQuery(ctx context.Context, db *ent.Client, p Params, currency string) (*ent.ProductQuery, money.Rates, error) {
	if err := validate.Currency(currency); err != nil {
		return nil, nil, apperr.BadInput([]string{"currency"}, "%v", err)
	}
	prep, err := Prepare(ctx, db, Params{Search: p.Search, Filter: p.Filter, Where: p.Where})
	if err != nil {
		return nil, nil, err
	}
	rates, err := fx.Load(ctx, db)
	if err != nil {
		return nil, nil, err
	}
	if _, err := rates.ConvertRat(big.NewRat(1, 1), "USD", currency); err != nil {
		return nil, nil, apperr.BadInput([]string{"currency"}, "no exchange rate for %s", currency)
	}
	base, err := prep.Query(db)
	return base, rates, err
}

// counter counts the products of a filter by a facet: sqlCounter with a
// GROUP BY per facet, indexCounter from a FacetIndex.
type counter interface {
	// total is the number of products of the filter.
	total() (int, error)
	// group counts by one facet (named by name, selected in SQL by sel;
	// edges are a band facet's limits): at most MaxFacetValues+1 rows, the
	// most frequent first, then by value.
	group(name string, sel func(s *sql.Selector) string, edges []float64) ([]row, bool, error)
	// currencies are the price currencies of the filter's products priced by mass.
	currencies() ([]string, error)
}

// Facet names, as counters know them.
const (
	facetChapter     = "chapter"
	facetHeading     = "heading"
	facetDistrict    = "district"
	facetCertificate = "certificate"
	facetForm        = "form"
	facetVerified    = "verified"
	facetCapacity    = "capacity"
	facetPrice       = "price"
	facetDestination = "destination"
)

// sqlCounter runs one GROUP BY per facet on the filter's query.
type sqlCounter struct {
	ctx  context.Context
	base *ent.ProductQuery
}

func (c *sqlCounter) total() (int, error) { return c.base.Clone().Count(c.ctx) }

func (c *sqlCounter) group(_ string, sel func(s *sql.Selector) string, _ []float64) ([]row, bool, error) {
	var rows []row
	err := c.base.Clone().Modify(func(s *sql.Selector) {
		expr := sel(s)
		s.Select(sql.As(expr, "value"), sql.As("COUNT(DISTINCT "+s.C(product.FieldID)+")", "n")).
			GroupBy(expr).OrderExpr(sql.Expr("n DESC"), sql.Expr("value")).Limit(MaxFacetValues + 1)
	}).Scan(c.ctx, &rows)
	if err != nil {
		return nil, false, err
	}
	more := len(rows) > MaxFacetValues
	if more {
		rows = rows[:MaxFacetValues]
	}
	return rows, more, nil
}

func (c *sqlCounter) currencies() ([]string, error) {
	var currencies []string
	err := c.base.Clone().Where(product.PriceDimension(string(units.Mass)), product.PriceCurrencyNotNil()).
		Modify(func(s *sql.Selector) {
			s.Select(s.C(product.FieldPriceCurrency)).Distinct().Limit(100)
		}).Scan(c.ctx, &currencies)
	return currencies, err
}

// facetsWith builds the facets from what the counter counts: labels in lang,
// each value with the where input that selects it.
func facetsWith(c counter, rates money.Rates, currency string, now time.Time, lang i18n.Lang) (*Facets, error) {
	l := string(lang)
	out := &Facets{Currency: currency}
	var err error
	if out.TotalCount, err = c.total(); err != nil {
		return nil, err
	}
	facet := func(f *Facet, name string, sel func(s *sql.Selector) string, edges []float64, label func(string) string, where func(string) map[string]any) error {
		rows, more, err := c.group(name, sel, edges)
		if err != nil {
			return err
		}
		f.Truncated = more
		f.Values = []*FacetValue{}
		for _, r := range rows {
			if r.Value == "" {
				continue
			}
			f.Values = append(f.Values, &FacetValue{Value: r.Value, Label: label(r.Value), Count: r.N, Where: where(r.Value)})
		}
		return nil
	}
	col := func(c string) func(s *sql.Selector) string { return func(s *sql.Selector) string { return s.C(c) } }
	joinProducer := func(s *sql.Selector) *sql.SelectTable {
		t := sql.Table(producer.Table).As("fp")
		s.Join(t).On(s.C(product.FieldProducerID), t.C(producer.FieldID))
		return t
	}
	nowS := now.UTC().Format(time.RFC3339)
	steps := []func() error{
		func() error {
			return facet(&out.HsChapters, facetChapter, col(product.FieldHsChapter), nil, func(v string) string {
				if e, ok := hs.Lookup(v); ok {
					return e.Name(l)
				}
				return v
			}, func(v string) map[string]any { return map[string]any{"hsChapter": v} })
		},
		func() error {
			return facet(&out.HsHeadings, facetHeading, func(s *sql.Selector) string { return "SUBSTR(" + s.C(product.FieldHsCode) + ", 1, 4)" }, nil,
				func(v string) string {
					if e, ok := hs.Lookup(v); ok {
						return e.Name(l)
					}
					return v
				}, func(v string) map[string]any { return map[string]any{"hsCodeHasPrefix": v} })
		},
		func() error {
			return facet(&out.Districts, facetDistrict, func(s *sql.Selector) string { return joinProducer(s).C(producer.FieldDistrict) }, nil,
				func(v string) string { return i18n.Label(lang, "District", v) },
				func(v string) map[string]any {
					return map[string]any{"hasProducerWith": []any{map[string]any{"district": v}}}
				})
		},
		func() error {
			return facet(&out.Certifications, facetCertificate, func(s *sql.Selector) string {
				c := sql.Table(certification.Table).As("fc")
				s.Join(c).OnP(sql.And(
					sql.ColumnsEQ(c.C(certification.FieldProducerID), s.C(product.FieldProducerID)),
					sql.Or(sql.IsNull(c.C(certification.FieldProductID)), sql.ColumnsEQ(c.C(certification.FieldProductID), s.C(product.FieldID))),
				))
				s.Where(sql.And(sql.LTE(c.C(certification.FieldValidFrom), now), sql.GTE(c.C(certification.FieldValidUntil), now)))
				return c.C(certification.FieldType)
			}, nil, func(v string) string { return i18n.Label(lang, "CertificationType", v) },
				func(v string) map[string]any {
					valid := map[string]any{"type": v, "validFromLTE": nowS, "validUntilGTE": nowS}
					firm := map[string]any{"type": v, "validFromLTE": nowS, "validUntilGTE": nowS, "productIDIsNil": true}
					return map[string]any{"or": []any{
						map[string]any{"hasCertificationsWith": []any{valid}},
						map[string]any{"hasProducerWith": []any{map[string]any{"hasCertificationsWith": []any{firm}}}},
					}}
				})
		},
		func() error {
			return facet(&out.Forms, facetForm, col(product.FieldForm), nil, func(v string) string { return i18n.Label(lang, "ProductForm", v) },
				func(v string) map[string]any { return map[string]any{"form": v} })
		},
		func() error {
			return facet(&out.Verified, facetVerified, func(s *sql.Selector) string {
				return "CASE WHEN " + joinProducer(s).C(producer.FieldVerified) + " THEN 'true' ELSE 'false' END"
			}, nil, func(v string) string {
				if v == "true" {
					return i18n.T(lang, "Verified producer")
				}
				return i18n.T(lang, "Not verified")
			}, func(v string) map[string]any {
				return map[string]any{"hasProducerWith": []any{map[string]any{"verified": v == "true"}}}
			})
		},
		func() error { return capacityBands(&out.CapacityBands, facet, lang) },
		func() error { return priceBands(&out.PriceBands, c, facet, rates, currency, lang) },
		func() error {
			return facet(&out.Destinations, facetDestination, func(s *sql.Selector) string {
				e := sql.Table(exportrecord.Table).As("fe")
				s.Join(e).On(s.C(product.FieldProducerID), e.C(exportrecord.FieldProducerID))
				return e.C(exportrecord.FieldDestinationCountry)
			}, nil, func(v string) string { return geo.CountryNameIn(v, l) },
				func(v string) map[string]any {
					return map[string]any{"hasProducerWith": []any{map[string]any{"hasExportRecordsWith": []any{map[string]any{"destinationCountry": v}}}}}
				})
		},
	}
	for _, step := range steps {
		if err := step(); err != nil {
			return nil, err
		}
	}
	return out, nil
}

type facetFunc func(f *Facet, name string, sel func(s *sql.Selector) string, edges []float64, label func(string) string, where func(string) map[string]any) error

func trim(f float64) string { return strconv.FormatFloat(f, 'f', -1, 64) }

// bandCase is a CASE expression numbering the band of expr between edges (0 for
// under the first edge, len(edges) for the last band, NULL when expr is NULL),
// written as the band's two-digit number so that bands sort as text.
func bandCase(expr string, edges []float64) string {
	s := "CASE"
	for i, e := range edges {
		s += fmt.Sprintf(" WHEN %s < %s THEN '%02d'", expr, trim(e), i)
	}
	return s + fmt.Sprintf(" WHEN %s IS NOT NULL THEN '%02d' END", expr, len(edges))
}

func bandIndex(v string) int {
	n, err := strconv.Atoi(v)
	if err != nil {
		return -1
	}
	return n
}

func capacityBands(f *Facet, facet facetFunc, lang i18n.Lang) error {
	kg := make([]float64, len(CapacityBandEdges))
	for i, t := range CapacityBandEdges {
		kg[i] = t * 1000
	}
	err := facet(f, facetCapacity, func(s *sql.Selector) string {
		return bandCase("CASE WHEN "+s.C(product.FieldCapacityDimension)+" = '"+string(units.Mass)+"' THEN "+s.C(product.FieldCapacityMonthly)+" END", kg)
	}, kg, func(v string) string {
		i := bandIndex(v)
		switch {
		case i == 0:
			return i18n.T(lang, "under %s t/month", trim(CapacityBandEdges[0]))
		case i == len(CapacityBandEdges):
			return i18n.T(lang, "%s t/month and more", trim(CapacityBandEdges[i-1]))
		}
		return i18n.T(lang, "%s–%s t/month", trim(CapacityBandEdges[i-1]), trim(CapacityBandEdges[i]))
	}, func(v string) map[string]any {
		i := bandIndex(v)
		w := map[string]any{"capacityDimension": string(units.Mass)}
		if i > 0 {
			w["capacityMonthlyGTE"] = kg[i-1]
		}
		if i < len(kg) {
			w["capacityMonthlyLT"] = kg[i]
		}
		return w
	})
	sortBands(f)
	return err
}

func sortBands(f *Facet) {
	slices.SortFunc(f.Values, func(a, b *FacetValue) int { return bandIndex(a.Value) - bandIndex(b.Value) })
}

// nice rounds a positive number to two significant digits.
func nice(x float64) float64 {
	if x <= 0 {
		return x
	}
	p := math.Pow(10, math.Floor(math.Log10(x))-1)
	return math.Round(x/p) * p
}

// priceBands counts products sold by mass by their lowest price per kg in the
// request's currency. The band limits are round numbers in that currency; the
// where input of a band lists, for each currency the filter's products are
// priced in, the same limits converted into it (price_per_base is in the
// product's own currency).
func priceBands(f *Facet, c counter, facet facetFunc, rates money.Rates, currency string, lang i18n.Lang) error {
	per, _ := rates.ConvertRat(big.NewRat(1, 1), "USD", currency) // units of currency per USD
	perF, _ := per.Float64()
	edges := make([]float64, len(priceBandEdgesUSD)) // in currency
	usd := make([]float64, len(priceBandEdgesUSD))
	for i, e := range priceBandEdgesUSD {
		edges[i] = nice(e * perF)
		usd[i] = edges[i] / perF
	}
	currencies, err := c.currencies()
	if err != nil {
		return err
	}
	slices.Sort(currencies)
	err = facet(f, facetPrice, func(s *sql.Selector) string {
		expr, _ := pricePer(units.Mass)(s.C, env{rates: rates}).Query() // binds no argument
		return bandCase(expr, usd)
	}, usd, func(v string) string {
		i := bandIndex(v)
		switch {
		case i == 0:
			return i18n.T(lang, "under %s %s/kg", trim(edges[0]), currency)
		case i == len(edges):
			return i18n.T(lang, "%s %s/kg and more", trim(edges[i-1]), currency)
		}
		return i18n.T(lang, "%s–%s %s/kg", trim(edges[i-1]), trim(edges[i]), currency)
	}, func(v string) map[string]any {
		i := bandIndex(v)
		var or []any
		for _, c := range currencies {
			rate, err := rates.ConvertRat(big.NewRat(1, 1), "USD", c)
			if err != nil {
				continue // no rate: its products are in no band
			}
			r, _ := rate.Float64()
			w := map[string]any{"priceCurrency": c}
			if i > 0 {
				w["pricePerBaseGTE"] = usd[i-1] * r
			}
			if i < len(usd) {
				w["pricePerBaseLT"] = usd[i] * r
			}
			or = append(or, w)
		}
		return map[string]any{"priceDimension": string(units.Mass), "or": or}
	})
	sortBands(f)
	return err
}
