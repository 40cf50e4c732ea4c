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

// Row is the total of one group; keys of dimensions not grouped by are empty.
type Row struct {
	Destination string
	HSChapter   string
	Year        int
	Shipments   int
	VolumeKg    float64
	Value       money.Amount
	Currency    string
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
		Value              int64   `json:"value_sum"`
	}
	q := db.ExportRecord.Query()
	if where != nil {
		q = q.Where(where)
	}
	err := q.GroupBy(exportrecord.FieldCurrency, groupCols...).
		Aggregate(
			ent.As(ent.Count(), "shipments"),
			ent.As(ent.Sum(exportrecord.FieldQuantityKg), "volume_kg"),
			func(s *sql.Selector) string {
				// The exact integer sum; the cast keeps PostgreSQL's numeric result
				// scannable as an integer.
				return sql.As("CAST(SUM("+s.C(exportrecord.FieldValue)+") AS BIGINT)", "value_sum")
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
		v, err := rates.ConvertRat(money.Amount(r.Value).Rat(), r.Currency, currency)
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
		v, err := money.FromRat(t.sum)
		if err != nil {
			return nil, err
		}
		t.row.Value = v
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
