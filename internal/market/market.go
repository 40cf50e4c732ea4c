// Package market answers what a destination requires of a product: the market
// rules filed under the country, under each trade bloc it belongs to, and under ALL,
// for the product's HS chapter (and any narrower HS prefix the code falls under).
package market

import (
	"context"
	"slices"
	"strings"

	"github.com/exportiva/exportiva/ent"
	"github.com/exportiva/exportiva/ent/marketrule"
	"github.com/exportiva/exportiva/internal/apperr"
	"github.com/exportiva/exportiva/internal/domain"
	"github.com/exportiva/exportiva/internal/geo"
	"github.com/exportiva/exportiva/internal/validate"
)

// Requirements is what applies to one HS code in one country.
type Requirements struct {
	Country        string
	HSCode         string
	HSChapter      string
	Blocs          []string
	Rules          []*ent.MarketRule
	Certifications []domain.CertificationType
	Documents      []string
	OriginForms    []string
}

// For loads the requirements for an HS code (or prefix of at least two digits)
// shipped to a country.
func For(ctx context.Context, db *ent.Client, country, hsCode string) (*Requirements, error) {
	country = strings.ToUpper(strings.TrimSpace(country))
	if err := validate.Country(country); err != nil {
		return nil, apperr.BadInput([]string{"country"}, "%v", err)
	}
	hs := validate.NormalizeHS(hsCode)
	if err := validate.HSPrefix(hs); err != nil {
		return nil, apperr.BadInput([]string{"hsCode"}, "%v", err)
	}
	dests := geo.Destinations(country)
	rules, err := db.MarketRule.Query().
		Where(marketrule.DestinationIn(dests...), marketrule.HsChapter(hs[:2])).
		All(ctx)
	if err != nil {
		return nil, err
	}
	return Assemble(country, hs, rules), nil
}

// Assemble keeps the rules that apply to the HS code, orders them from the most
// specific destination (the country) to the least (ALL), and merges their demands.
// The matching engine calls it with rules it loaded in bulk.
func Assemble(country, hs string, rules []*ent.MarketRule) *Requirements {
	dests := geo.Destinations(country)
	r := &Requirements{Country: country, HSCode: hs, HSChapter: hs[:2], Blocs: geo.Blocs(country)}
	for _, rule := range rules {
		if !slices.Contains(dests, rule.Destination) || rule.HsChapter != r.HSChapter {
			continue
		}
		if rule.HsPrefix != "" && !strings.HasPrefix(hs, rule.HsPrefix) {
			continue
		}
		r.Rules = append(r.Rules, rule)
	}
	slices.SortStableFunc(r.Rules, func(a, b *ent.MarketRule) int {
		if d := slices.Index(dests, a.Destination) - slices.Index(dests, b.Destination); d != 0 {
			return d
		}
		return strings.Compare(a.HsPrefix, b.HsPrefix)
	})
	for _, rule := range r.Rules {
		for _, c := range rule.RequiredCertifications {
			if !slices.Contains(r.Certifications, c) {
				r.Certifications = append(r.Certifications, c)
			}
		}
		for _, d := range rule.Documents {
			if !slices.Contains(r.Documents, d) {
				r.Documents = append(r.Documents, d)
			}
		}
		if rule.OriginForm != "" && !slices.Contains(r.OriginForms, rule.OriginForm) {
			r.OriginForms = append(r.OriginForms, rule.OriginForm)
		}
	}
	return r
}
