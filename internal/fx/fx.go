// Package fx keeps the exchange-rate table: every amount in another currency is
// converted through it (export statistics, price criteria of matching).
package fx

import (
	"context"
	"strings"
	"time"

	"github.com/exportiva/exportiva/ent"
	"github.com/exportiva/exportiva/ent/fxrate"
	"github.com/exportiva/exportiva/internal/apperr"
	"github.com/exportiva/exportiva/internal/money"
	"github.com/exportiva/exportiva/internal/validate"
)

// Load reads the whole table.
func Load(ctx context.Context, db *ent.Client) (money.Rates, error) {
	list, err := db.FxRate.Query().All(ctx)
	if err != nil {
		return nil, err
	}
	r := money.Rates{}
	for _, x := range list {
		r[x.Currency] = x.UnitsPerUsd
	}
	return r, nil
}

// Set records how many units of a currency one US dollar buys, replacing the
// currency's earlier rate.
func Set(ctx context.Context, db *ent.Client, currency string, rate money.Amount, asOf time.Time) (*ent.FxRate, error) {
	currency = strings.ToUpper(strings.TrimSpace(currency))
	if err := validate.Currency(currency); err != nil {
		return nil, apperr.BadInput([]string{"currency"}, "%v", err)
	}
	if rate <= 0 {
		return nil, apperr.BadInput([]string{"unitsPerUsd"}, "the rate must be positive")
	}
	existing, err := db.FxRate.Query().Where(fxrate.Currency(currency)).Only(ctx)
	switch {
	case ent.IsNotFound(err):
		return db.FxRate.Create().SetCurrency(currency).SetUnitsPerUsd(rate).SetAsOf(asOf).Save(ctx)
	case err != nil:
		return nil, err
	}
	return existing.Update().SetUnitsPerUsd(rate).SetAsOf(asOf).Save(ctx)
}
