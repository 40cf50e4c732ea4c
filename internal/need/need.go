// Package need checks and normalises a buyer's need (domain.Need): the one
// rule set of match queries, buy requests and saved searches' needs. Its
// errors name the need's own fields (Field*); only the GraphQL layer places
// them in an operation (under the input argument, or a saved search's need).
package need

import (
	"fmt"
	"slices"
	"strings"
	"time"

	"github.com/exportiva/exportiva/ent"
	"github.com/exportiva/exportiva/internal/domain"
	"github.com/exportiva/exportiva/internal/search"
	"github.com/exportiva/exportiva/internal/units"
	"github.com/exportiva/exportiva/internal/validate"
)

// The fields of a need, as its errors name them (dotted within a part).
const (
	FieldHSCodes          = "hsCodes"
	FieldQuery            = "query"
	FieldQuantityAmount   = "quantity.amount"
	FieldQuantityUnit     = "quantity.unit"
	FieldCountry          = "destination.country"
	FieldPort             = "destination.port"
	FieldCertifications   = "certifications"
	FieldMaxPriceAmount   = "maxPrice.amount"
	FieldMaxPriceCurrency = "maxPrice.currency"
	FieldDeliverBy        = "deliverBy"
)

// Normalize returns n as it is judged and stored: HS prefixes without dots or
// spaces and without repeats, the text trimmed, the country, port and
// currency in capitals, the period a month when not given. It changes no
// slice of n.
func Normalize(n domain.Need) domain.Need {
	var codes []string
	for _, h := range n.HSCodes {
		if c := validate.NormalizeHS(h); !slices.Contains(codes, c) {
			codes = append(codes, c)
		}
	}
	n.HSCodes = codes
	n.Query = strings.TrimSpace(n.Query)
	if n.Quantity.Per == "" {
		n.Quantity.Per = domain.PerMonth
	}
	n.Country = strings.ToUpper(strings.TrimSpace(n.Country))
	n.Port = strings.ToUpper(strings.TrimSpace(n.Port))
	if n.MaxPrice != nil {
		m := *n.MaxPrice
		m.Currency = strings.ToUpper(strings.TrimSpace(m.Currency))
		n.MaxPrice = &m
	}
	return n
}

// Check reports every rule a normalised need breaks, at once (validate.Errors
// naming the Field* of each), or nil. now is the moment a delivery date must
// lie after.
func Check(n domain.Need, now time.Time) error {
	return validate.Collect(
		func() error { return validate.Field(FieldHSCodes, commodity(n)) },
		func() error {
			return validate.Field(FieldQuery, validate.MaxText(n.Query, validate.MaxQueryLength))
		},
		func() error { return validate.Field(FieldQuantityAmount, validate.Quantity(n.Quantity.Amount)) },
		func() error {
			_, err := units.DimensionOf(n.Quantity.Unit)
			return validate.Field(FieldQuantityUnit, err)
		},
		func() error { return validate.Field(FieldCountry, validate.Country(n.Country)) },
		func() error { return validate.Field(FieldPort, port(n)) },
		func() error { return validate.Field(FieldCertifications, certifications(n.Certifications)) },
		func() error {
			if n.MaxPrice == nil {
				return nil
			}
			return validate.Collect(
				func() error { return validate.Field(FieldMaxPriceAmount, validate.Price(n.MaxPrice.Amount)) },
				func() error { return validate.Field(FieldMaxPriceCurrency, validate.Currency(n.MaxPrice.Currency)) },
			)
		},
		func() error {
			if n.DeliverBy != nil && !n.DeliverBy.After(now) {
				return validate.Field(FieldDeliverBy, validate.ErrFuture)
			}
			return nil
		},
	)
}

// commodity checks the goods: each HS prefix, their number, and that the
// prefixes or the text (beyond its stop words) name something.
func commodity(n domain.Need) error {
	for _, c := range n.HSCodes {
		if err := validate.HSPrefix(c); err != nil {
			return err
		}
	}
	if len(n.HSCodes) > validate.MaxHSCodes {
		return fmt.Errorf("%w: %d", validate.ErrTooManyHSCodes, len(n.HSCodes))
	}
	// A text over its bound is the query's error (and is not parsed).
	if len(n.HSCodes) == 0 && validate.MaxText(n.Query, validate.MaxQueryLength) == nil && search.Parse(n.Query).Empty() {
		return validate.ErrCommodity
	}
	return nil
}

// port checks a destination port: a UN/LOCODE in the destination country.
func port(n domain.Need) error {
	if n.Port == "" {
		return nil
	}
	if err := validate.Port(n.Port); err != nil {
		return err
	}
	if n.Port[:2] != n.Country {
		return fmt.Errorf("%w: %s", validate.ErrPortCountry, n.Port)
	}
	return nil
}

func certifications(list []domain.CertificationType) error {
	for _, c := range list {
		if !slices.Contains(domain.CertificationType("").Values(), string(c)) {
			return fmt.Errorf("%w: %q", validate.ErrCertification, c)
		}
	}
	return nil
}

// OfBuyRequest is a stored buy request's need.
func OfBuyRequest(br *ent.BuyRequest) domain.Need {
	n := domain.Need{
		HSCodes: br.HsCodes, Query: br.Query,
		Quantity:       domain.Quantity{Amount: br.QuantityAmount, Unit: br.QuantityUnit, Per: br.QuantityPer},
		Country:        br.DestinationCountry,
		Certifications: br.RequiredCertifications,
		Incoterm:       br.Incoterm,
		DeliverBy:      br.DeliverBy,
	}
	if br.DestinationPort != nil {
		n.Port = *br.DestinationPort
	}
	if br.MaxPriceAmount != nil && br.MaxPriceCurrency != nil {
		n.MaxPrice = &domain.Money{Amount: *br.MaxPriceAmount, Currency: *br.MaxPriceCurrency}
	}
	return n
}
