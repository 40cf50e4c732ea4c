package units

import (
	"math"
	"testing"

	"github.com/stretchr/testify/require"

	"github.com/exportiva/exportiva/internal/domain"
)

func TestConvertSameDimension(t *testing.T) {
	var p Packing
	cases := []struct {
		q    Quantity
		to   domain.Unit
		want float64
	}{
		{Quantity{8, domain.UnitTonne}, domain.UnitKG, 8000},
		{Quantity{1, domain.UnitLB}, domain.UnitKG, 0.45359237},
		{Quantity{1000, domain.UnitKG}, domain.UnitLB, 1000 / 0.45359237},
		{Quantity{3, domain.UnitDozen}, domain.UnitPiece, 36},
		{Quantity{6, domain.UnitPair}, domain.UnitDozen, 1},
		{Quantity{2.5, domain.UnitCubicMetre}, domain.UnitLitre, 2500},
	}
	for _, c := range cases {
		got, err := p.Convert(c.q, c.to)
		require.NoError(t, err)
		require.InDelta(t, c.want, got, 1e-9, "%v → %s", c.q, c.to)
	}
	_, err := p.Convert(Quantity{1, domain.UnitKG}, domain.UnitPair)
	require.ErrorIs(t, err, ErrDimension)
	require.Contains(t, err.Error(), "mass")
}

func TestConvertPackaging(t *testing.T) {
	p := Packing{
		PackSize:    Quantity{20, domain.UnitKG},
		Container20: Quantity{15, domain.UnitTonne},
		Container40: Quantity{1300, domain.UnitCarton},
	}
	got, err := p.Convert(Quantity{10, domain.UnitCarton}, domain.UnitKG)
	require.NoError(t, err)
	require.Equal(t, 200.0, got)
	got, err = p.Convert(Quantity{2, domain.UnitContainer20}, domain.UnitTonne)
	require.NoError(t, err)
	require.Equal(t, 30.0, got)
	got, err = p.Convert(Quantity{1, domain.UnitContainer40}, domain.UnitKG)
	require.NoError(t, err)
	require.Equal(t, 26000.0, got)
	_, err = Packing{}.Convert(Quantity{1, domain.UnitCarton}, domain.UnitKG)
	require.ErrorIs(t, err, ErrNoPackSize)
	_, err = Packing{}.Convert(Quantity{1, domain.UnitContainer20}, domain.UnitKG)
	require.ErrorIs(t, err, ErrNoContainerLoad)
	_, _, err = p.Resolve(Quantity{-1, domain.UnitKG})
	require.ErrorIs(t, err, ErrNotPositive)
	_, _, err = p.Resolve(Quantity{math.Inf(1), domain.UnitKG})
	require.ErrorIs(t, err, ErrNotPositive)
}

func TestPeriods(t *testing.T) {
	m, err := PerMonth(7, domain.PerWeek)
	require.NoError(t, err)
	require.InDelta(t, 30.4375, m, 1e-12)
	m, err = PerMonth(120, domain.PerYear)
	require.NoError(t, err)
	require.Equal(t, 10.0, m)
	_, err = PerMonth(1, domain.PerShipment)
	require.ErrorIs(t, err, ErrUnknownPeriod)
}

// FuzzConversion checks round trips between units and periods: finite results and
// the original amount back.
func FuzzConversion(f *testing.F) {
	f.Add(8.0, 0, 1, 2)
	f.Add(0.001, 2, 0, 1)
	f.Add(1e9, 5, 3, 3)
	all := []domain.Unit{domain.UnitKG, domain.UnitTonne, domain.UnitLB, domain.UnitPiece, domain.UnitPair,
		domain.UnitDozen, domain.UnitLitre, domain.UnitCubicMetre, domain.UnitCarton, domain.UnitContainer20, domain.UnitContainer40}
	periods := []domain.Period{domain.PerWeek, domain.PerMonth, domain.PerYear}
	p := Packing{PackSize: Quantity{20, domain.UnitKG}, Container20: Quantity{15, domain.UnitTonne}, Container40: Quantity{26, domain.UnitTonne}}
	f.Fuzz(func(t *testing.T, amount float64, from, to, period int) {
		if !(amount > 0) || amount > 1e12 || math.IsInf(amount, 0) {
			return
		}
		uf, ut := all[abs(from)%len(all)], all[abs(to)%len(all)]
		there, err := p.Convert(Quantity{amount, uf}, ut)
		if err != nil {
			require.ErrorIs(t, err, ErrDimension)
			return
		}
		require.False(t, math.IsNaN(there) || math.IsInf(there, 0))
		back, err := p.Convert(Quantity{there, ut}, uf)
		require.NoError(t, err)
		require.InEpsilon(t, amount, back, 1e-9)
		per := periods[abs(period)%len(periods)]
		m, err := PerMonth(amount, per)
		require.NoError(t, err)
		again, err := FromPerMonth(m, per)
		require.NoError(t, err)
		require.InEpsilon(t, amount, again, 1e-9)
	})
}

func abs(n int) int {
	if n < 0 {
		if n == math.MinInt {
			return 0
		}
		return -n
	}
	return n
}
