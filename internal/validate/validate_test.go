package validate

import (
	"errors"
	"math"
	"testing"

	"github.com/stretchr/testify/require"

	"github.com/exportiva/exportiva/internal/money"
)

func TestHS(t *testing.T) {
	require.Equal(t, "030359", NormalizeHS(" 0303.59 "))
	for _, ok := range []string{"030359", "0303591000", "640399"} {
		require.NoError(t, HSCode(ok), ok)
	}
	for _, bad := range []string{"0303", "03035912345", "00aaaa", "770000", "990000", ""} {
		require.Error(t, HSCode(bad), bad)
	}
	require.NoError(t, HSPrefix("03"))
	require.Error(t, HSPrefix("0"))
	require.NoError(t, HSChapter("97"))
	require.Error(t, HSChapter("98"))
}

func TestMisc(t *testing.T) {
	require.NoError(t, NIB("9120001000000"))
	require.Error(t, NIB("912000100000"))
	require.NoError(t, Email("export@samudra.example.id"))
	require.Error(t, Email("Budi <budi@x.id>"))
	require.Error(t, Email("budi@localhost"))
	require.NoError(t, Languages([]string{"id", "en", "zh-Hans"}))
	require.Error(t, Languages([]string{"!!"}))
	require.NoError(t, Currency("IDR"))
	require.Error(t, Currency("idr"))
	require.NoError(t, Port("THLCH"))
	require.Error(t, Destination("MARS"))
	require.NoError(t, Destination("GCC"))
}

func TestPlausibilityBounds(t *testing.T) {
	require.NoError(t, Quantity(MaxQuantity))
	for _, bad := range []float64{0, -1, MaxQuantity + 1, 1.7e308, math.Inf(1), math.NaN()} {
		require.Error(t, Quantity(bad), bad)
	}
	require.ErrorIs(t, Quantity(1e300), ErrTooLarge)
	require.NoError(t, Days(0))
	require.NoError(t, Days(MaxDays))
	require.ErrorIs(t, Days(MaxDays+1), ErrTooLarge)
	require.ErrorIs(t, Days(-1), ErrNotNegative)
	require.NoError(t, Price(MaxPrice))
	require.ErrorIs(t, Price(MaxPrice+1), ErrTooLarge)
	require.ErrorIs(t, Price(0), ErrPositive)
	require.NoError(t, ExportValue(MaxExportValue))
	require.ErrorIs(t, ExportValue(money.MustParse("900000000000000")), ErrTooLarge)
	require.ErrorIs(t, UnitsPerUSD(MaxUnitsPerUSD+1), ErrTooLarge)
}

func TestCollect(t *testing.T) {
	boom := errors.New("database gone")
	err := Collect(
		func() error { return Field("hs_code", ErrHSCode) },
		func() error { return nil },
		func() error {
			return Errors{{Field: "capacity_amount", Err: ErrPositive}, {Field: "hs_code", Err: ErrHSPrefix}}
		},
		func() error { return Field("quantity.amount", ErrTooLarge) },
	)
	var es Errors
	require.ErrorAs(t, err, &es)
	require.Len(t, es, 3, "a field keeps its first error")
	require.ErrorIs(t, es[0].Err, ErrHSCode)
	require.Equal(t, "quantity.amount", es[2].Field)
	require.ErrorIs(t, err, ErrPositive)
	require.NoError(t, Collect(func() error { return nil }))
	require.ErrorIs(t, Collect(func() error { return Field("x", ErrPositive) }, func() error { return boom }), boom)
}
