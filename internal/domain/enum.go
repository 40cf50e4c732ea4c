// Package domain holds the vocabulary shared by the storage schema, the GraphQL API
// and the matching engine: the enumerations of the export trade and their meanings.
package domain

import (
	"fmt"
	"io"
	"strconv"
)

// Described is a value with a one-sentence description for API documentation.
type Described struct {
	Value       string
	Description string
}

// enumValues returns the values of a described enumeration as strings.
func enumValues(ds []Described) []string {
	out := make([]string, len(ds))
	for i, d := range ds {
		out[i] = d.Value
	}
	return out
}

func contains(ds []Described, v string) bool {
	for _, d := range ds {
		if d.Value == v {
			return true
		}
	}
	return false
}

// unmarshalEnum reads a GraphQL enum value and checks it against the allowed values.
func unmarshalEnum(v any, name string, ds []Described) (string, error) {
	s, ok := v.(string)
	if !ok {
		return "", fmt.Errorf("%s must be a string enum value", name)
	}
	if !contains(ds, s) {
		return "", fmt.Errorf("%q is not a valid %s", s, name)
	}
	return s, nil
}

func marshalEnum(w io.Writer, s string) {
	_, _ = io.WriteString(w, strconv.Quote(s))
}

// Enums lists every enumeration by its GraphQL type name, with value descriptions.
// The schema generator uses it to document enum values.
var Enums = map[string][]Described{
	"Sector":            sectors,
	"SizeClass":         sizeClasses,
	"District":          districts,
	"ProductForm":       productForms,
	"Unit":              units,
	"Period":            periods,
	"Incoterm":          incoterms,
	"ProductStatus":     productStatuses,
	"CertificationType": certificationTypes,
	"BuyerType":         buyerTypes,
	"BuyRequestStatus":  buyRequestStatuses,
	"InquiryStatus":     inquiryStatuses,
	"QuoteStatus":       quoteStatuses,
	"Party":             parties,
	"Role":              roles,
}

// Quantity is an amount of goods in a unit, per a period (SHIPMENT for a one-off
// amount).
type Quantity struct {
	Amount float64
	Unit   Unit
	Per    Period
}
