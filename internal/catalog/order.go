package catalog

import (
	"fmt"
	"io"
	"maps"
	"regexp"
	"slices"
	"strconv"

	"entgo.io/contrib/entgql"
	"entgo.io/ent/dialect/sql"

	"github.com/exportiva/exportiva/ent"
	"github.com/exportiva/exportiva/ent/product"
	"github.com/exportiva/exportiva/internal/money"
	"github.com/exportiva/exportiva/internal/units"
)

// OrderField is a key the catalog sorts products by: the columns entgql orders
// by (CREATED_AT, UPDATED_AT, NAME, HS_CODE, CAPACITY, PRICE, LEAD_TIME) and the
// catalog's own keys. It is the Go type of the GraphQL enum ProductOrderField.
type OrderField string

// The catalog's own keys (the others are entgql's).
const (
	// OrderRelevance sorts by the search's relevance score (search.ScoreExpr);
	// it needs a search.
	OrderRelevance OrderField = "RELEVANCE"
	// OrderVerified puts products of verified producers first (DESC) or last (ASC).
	OrderVerified OrderField = "VERIFIED"
	// OrderPricePerKg, OrderPricePerPiece and OrderPricePerLitre sort by the
	// lowest price per kg (piece, litre) converted into US dollars with the FX
	// table; products sold in another dimension, without a price or without a
	// rate for their currency come last in either direction.
	OrderPricePerKg    OrderField = "PRICE_PER_KG"
	OrderPricePerPiece OrderField = "PRICE_PER_PIECE"
	OrderPricePerLitre OrderField = "PRICE_PER_LITRE"
)

// entFields are the keys entgql's ProductOrderField knows.
var entFields = map[OrderField]*ent.ProductOrderField{
	"CREATED_AT": ent.ProductOrderFieldCreatedAt,
	"UPDATED_AT": ent.ProductOrderFieldUpdatedAt,
	"NAME":       ent.ProductOrderFieldNameEnglish,
	"HS_CODE":    ent.ProductOrderFieldHsCode,
	"CAPACITY":   ent.ProductOrderFieldCapacityMonthly,
	"PRICE":      ent.ProductOrderFieldPriceMin,
	"LEAD_TIME":  ent.ProductOrderFieldLeadTimeDays,
}

// key describes each field as SQL: the expression over a product row (col
// qualifies a column of that row), and whether it may be NULL (NULLs sort last in
// both directions). Every expression reads columns of the row alone (or, for
// RELEVANCE, the terms index by the row's id): no subquery per matching row on
// another table, so that the ORDER BY of a search costs a bounded sort of the
// matching rows (and PostgreSQL's cost estimate stays far from its JIT
// threshold, which a correlated subquery per key pushed it over: 0.6–2.7 s of
// compilation per statement, docs/BENCHMARKS.md).
type key struct {
	expr     func(col func(string) string, e env) sql.Querier
	nullable bool
}

// env is what the expressions of a statement need besides the row: the
// relevance of a row by its id column (nil without a search) and the FX
// table's rates (nil without a price key).
type env struct {
	score searchScore
	rates money.Rates
}

// searchScore gives the relevance expression of a row by its id column (nil
// without a search).
type searchScore func(idCol string) sql.Querier

func column(name string) func(col func(string) string, _ env) sql.Querier {
	return func(col func(string) string, _ env) sql.Querier { return sql.Expr(col(name)) }
}

// currencyCode is what a currency written into SQL must look like.
var currencyCode = regexp.MustCompile(`^[A-Z]{3}$`)

// pricePer is the price per base unit of dim in US dollars: price_per_base
// (in the price's currency) times 10,000 over the currency's units per dollar
// (money.Amount, ten-thousandths), the rates written into the statement as a
// CASE over the currency (read once per operation, TableOf) instead of a
// lookup per row; the dollar itself is 10,000 unless the table has a rate for
// it. NULL for another dimension, no price or no rate.
func pricePer(dim units.Dimension) func(col func(string) string, e env) sql.Querier {
	return func(col func(string) string, e env) sql.Querier {
		return sql.ExprFunc(func(b *sql.Builder) {
			rates := maps.Clone(e.rates)
			if rates == nil {
				rates = money.Rates{}
			}
			if _, ok := rates["USD"]; !ok {
				rates["USD"] = money.FromInt(1)
			}
			codes := slices.Sorted(maps.Keys(rates))
			// The literals are constants of the FX table (codes checked above,
			// integers): the expression binds no argument.
			b.WriteString("CASE WHEN ").WriteString(col(product.FieldPriceDimension)).WriteString(" = '" + string(dim) + "'").
				WriteString(" THEN ").WriteString(col(product.FieldPricePerBase)).WriteString(" * 10000.0 / CASE ").
				WriteString(col(product.FieldPriceCurrency))
			for _, c := range codes {
				if r := rates[c]; r > 0 && currencyCode.MatchString(c) {
					b.WriteString(" WHEN '" + c + "' THEN " + strconv.FormatInt(int64(r), 10))
				}
			}
			b.WriteString(" END END")
		})
	}
}

var keys = map[OrderField]key{
	"CREATED_AT": {expr: column(product.FieldCreatedAt)},
	"UPDATED_AT": {expr: column(product.FieldUpdatedAt)},
	"NAME":       {expr: column(product.FieldNameEnglish)},
	"HS_CODE":    {expr: column(product.FieldHsCode)},
	"CAPACITY":   {expr: column(product.FieldCapacityMonthly)},
	"PRICE":      {expr: column(product.FieldPriceMin), nullable: true},
	"LEAD_TIME":  {expr: column(product.FieldLeadTimeDays), nullable: true},
	OrderRelevance: {expr: func(col func(string) string, e env) sql.Querier {
		return e.score(col(product.FieldID))
	}},
	// The producer's flag as copied onto its products (ent/schema,
	// producerVerifiedHook).
	OrderVerified:      {expr: column(product.FieldProducerVerified)},
	OrderPricePerKg:    {expr: pricePer(units.Mass), nullable: true},
	OrderPricePerPiece: {expr: pricePer(units.Count), nullable: true},
	OrderPricePerLitre: {expr: pricePer(units.Volume), nullable: true},
}

// pricedBy reports whether an order has a key that converts prices.
func pricedBy(keys []Order) bool {
	for _, k := range keys {
		switch k.Field {
		case OrderPricePerKg, OrderPricePerPiece, OrderPricePerLitre:
			return true
		}
	}
	return false
}

// Fields lists every order field, in the order of the schema's enum.
var Fields = []OrderField{"CREATED_AT", "UPDATED_AT", "NAME", "HS_CODE", "CAPACITY", "PRICE", "LEAD_TIME",
	OrderRelevance, OrderVerified, OrderPricePerKg, OrderPricePerPiece, OrderPricePerLitre}

// MarshalGQL writes the field as a GraphQL enum value.
func (f OrderField) MarshalGQL(w io.Writer) { _, _ = io.WriteString(w, strconv.Quote(string(f))) }

// UnmarshalGQL reads a GraphQL enum value.
func (f *OrderField) UnmarshalGQL(v any) error {
	s, ok := v.(string)
	if !ok {
		return fmt.Errorf("ProductOrderField %T must be a string", v)
	}
	if _, ok := keys[OrderField(s)]; !ok {
		return fmt.Errorf("%s is not a valid ProductOrderField", s)
	}
	*f = OrderField(s)
	return nil
}

// Order is one sort key with its direction: the Go type of the GraphQL input
// ProductOrder.
type Order struct {
	// Direction is ASC or DESC.
	Direction entgql.OrderDirection `json:"direction"`
	// Field is the key.
	Field OrderField `json:"field"`
}

// entOrder returns the order as entgql's, when entgql knows the field.
func (o *Order) entOrder() (*ent.ProductOrder, bool) {
	if o == nil {
		return nil, true
	}
	f, ok := entFields[o.Field]
	if !ok {
		return nil, false
	}
	return &ent.ProductOrder{Direction: o.Direction, Field: f}, true
}

// EntOrder returns the order as entgql's ProductOrder, or false for a key of
// the catalog's own.
func EntOrder(o *Order) (*ent.ProductOrder, bool) { return o.entOrder() }
