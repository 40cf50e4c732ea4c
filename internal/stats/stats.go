// Package stats computes export statistics from export records: volume and value
// grouped by destination, HS chapter and year. Grouping and summing run in SQL, per
// currency; the few resulting rows are then converted exactly into the reporting
// currency with the FX table.
package stats

import (
	"context"
	"math/big"
	"slices"
	"strings"

	"entgo.io/ent/dialect/sql"

	"github.com/exportiva/exportiva/ent"
	"github.com/exportiva/exportiva/ent/exportrecord"
	"github.com/exportiva/exportiva/ent/predicate"
	"github.com/exportiva/exportiva/internal/apperr"
	"github.com/exportiva/exportiva/internal/fx"
	"github.com/exportiva/exportiva/internal/money"
	"github.com/exportiva/exportiva/internal/validate"
)

// Dimension is a grouping key.
type Dimension string

// Dimensions.
const (
	Destination Dimension = "DESTINATION"
	HSChapter   Dimension = "HS_CHAPTER"
	Year        Dimension = "YEAR"
)

var columns = map[Dimension]string{
	Destination: exportrecord.FieldDestinationCountry,
	HSChapter:   exportrecord.FieldHsChapter,
	Year:        exportrecord.FieldYear,
}

// split divides a stored value (ten-thousandths) into the two parts summed in SQL.
const (
	split  = 100_000_000
	splitS = "100000000"
)

// Row is the total of one group; keys of dimensions not grouped by are empty.
type Row struct {
	Destination string
	HSChapter   string
	Year        int
	Shipments   int
	VolumeKg    float64
	// Value is exact and has no range limit: a sum of many records.
	Value    money.Total
	Currency string
}

// Exports groups the export records that match where (nil for all) by the
// dimensions and reports values in currency.
func Exports(ctx context.Context, db *ent.Client, dims []Dimension, where predicate.ExportRecord, currency string) ([]Row, error) {
	if err := validate.Currency(currency); err != nil {
		return nil, apperr.BadInput([]string{"currency"}, "%v", err)
	}
	var groupCols []string
	for _, d := range dims {
		c, ok := columns[d]
		if !ok {
			return nil, apperr.BadInput([]string{"groupBy"}, "unknown dimension %q", d)
		}
		if !slices.Contains(groupCols, c) {
			groupCols = append(groupCols, c)
		}
	}
	var raw []struct {
		DestinationCountry string  `json:"destination_country"`
		HsChapter          string  `json:"hs_chapter"`
		Year               int     `json:"year"`
		Currency           string  `json:"currency"`
		Shipments          int     `json:"shipments"`
		VolumeKg           float64 `json:"volume_kg"`
		ValueHigh          int64   `json:"value_high"`
		ValueLow           int64   `json:"value_low"`
	}
	q := db.ExportRecord.Query()
	if where != nil {
		q = q.Where(where)
	}
	err := q.GroupBy(exportrecord.FieldCurrency, groupCols...).
		Aggregate(
			ent.As(ent.Count(), "shipments"),
			ent.As(ent.Sum(exportrecord.FieldQuantityKg), "volume_kg"),
			// The exact sum, in two parts that cannot overflow a 64-bit integer
			// on either backend (SQLite's SUM fails on overflow, PostgreSQL's
			// BIGINT cast too): the values' high parts (value / 10^8) and low
			// parts (value % 10^8), summed apart and joined in big integers.
			// Each part of a sum of up to 10^9 records stays below 2^63.
			func(s *sql.Selector) string {
				return sql.As("CAST(SUM("+s.C(exportrecord.FieldValue)+" / "+splitS+") AS BIGINT)", "value_high")
			},
			func(s *sql.Selector) string {
				return sql.As("CAST(SUM("+s.C(exportrecord.FieldValue)+" % "+splitS+") AS BIGINT)", "value_low")
			},
		).
		Scan(ctx, &raw)
	if err != nil {
		return nil, err
	}
	rates, err := fx.Load(ctx, db)
	if err != nil {
		return nil, err
	}
	type key struct {
		dest, ch string
		year     int
	}
	totals := map[key]*struct {
		row Row
		sum *big.Rat
	}{}
	var order []key
	for _, r := range raw {
		k := key{r.DestinationCountry, r.HsChapter, r.Year}
		t, ok := totals[k]
		if !ok {
			t = &struct {
				row Row
				sum *big.Rat
			}{row: Row{Destination: k.dest, HSChapter: k.ch, Year: k.year, Currency: currency}, sum: new(big.Rat)}
			totals[k] = t
			order = append(order, k)
		}
		sum := new(big.Int).Mul(big.NewInt(r.ValueHigh), big.NewInt(split))
		sum.Add(sum, big.NewInt(r.ValueLow))
		v, err := rates.ConvertRat(new(big.Rat).SetFrac(sum, big.NewInt(money.Scale)), r.Currency, currency)
		if err != nil {
			return nil, apperr.Conflict("cannot report in %s: %v", currency, err)
		}
		t.sum.Add(t.sum, v)
		t.row.Shipments += r.Shipments
		t.row.VolumeKg += r.VolumeKg
	}
	out := make([]Row, 0, len(order))
	for _, k := range order {
		t := totals[k]
		t.row.Value = money.TotalFromRat(t.sum)
		out = append(out, t.row)
	}
	slices.SortFunc(out, func(a, b Row) int {
		if c := strings.Compare(a.Destination, b.Destination); c != 0 {
			return c
		}
		if c := strings.Compare(a.HSChapter, b.HSChapter); c != 0 {
			return c
		}
		return a.Year - b.Year
	})
	return out, nil
}
