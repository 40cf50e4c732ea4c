package money

import (
	"encoding/json"
	"math"
	"math/big"
	"strings"
	"testing"

	"github.com/stretchr/testify/require"
)

func TestParseAndString(t *testing.T) {
	for in, want := range map[string]string{"3.25": "3.25", "1200": "1200", "-0.5": "-0.5", "0.0001": "0.0001", "+7.10": "7.1", "16250.0000": "16250"} {
		a, err := Parse(in)
		require.NoError(t, err, in)
		require.Equal(t, want, a.String())
	}
	for _, in := range []string{"", "abc", "1.23456", "1,5", ".", "1e3", "--1", "99999999999999999999"} {
		_, err := Parse(in)
		require.Error(t, err, in)
	}
}

func TestUnmarshalGQL(t *testing.T) {
	var a Amount
	require.NoError(t, a.UnmarshalGQL(json.Number("3.45")))
	require.Equal(t, "3.45", a.String())
	require.NoError(t, a.UnmarshalGQL("0.1"))
	require.Equal(t, Amount(1000), a)
	require.Error(t, a.UnmarshalGQL(true))
	require.Error(t, a.UnmarshalGQL("3.123456"))
}

func TestConvert(t *testing.T) {
	r := Rates{"IDR": MustParse("16250"), "EUR": MustParse("0.925")}
	v, err := r.Convert(MustParse("81250000"), "IDR", "USD")
	require.NoError(t, err)
	require.Equal(t, "5000", v.String())
	v, err = r.Convert(MustParse("100"), "EUR", "IDR")
	require.NoError(t, err)
	require.Equal(t, "1756756.7568", v.String())
	_, err = r.Convert(MustParse("1"), "CHF", "USD")
	require.ErrorAs(t, err, &ErrNoRate{})
}

func TestFromRatRounding(t *testing.T) {
	a, err := FromRat(big.NewRat(1, 3))
	require.NoError(t, err)
	require.Equal(t, "0.3333", a.String())
	a, err = FromRat(big.NewRat(-5, 100000)) // -0.00005 rounds away from zero
	require.NoError(t, err)
	require.Equal(t, "-0.0001", a.String())
}

func TestTotalPastAmountsRange(t *testing.T) {
	largest := Amount(math.MaxInt64)
	sum := new(big.Rat).Add(largest.Rat(), largest.Rat())
	tot := TotalFromRat(sum)
	require.Equal(t, "1844674407370955.1614", tot.String())
	require.Equal(t, 0, tot.Rat().Cmp(sum))
	require.Equal(t, "-3.25", TotalOf(MustParse("-3.25")).String())
	require.Equal(t, "0", Total{}.String())
	var back Total
	require.NoError(t, back.UnmarshalGQL("1844674407370955.1614"))
	require.Equal(t, tot.String(), back.String())
	require.Error(t, back.UnmarshalGQL("1e5"))
	var buf strings.Builder
	TotalOf(MustParse("1200")).MarshalGQL(&buf)
	require.Equal(t, `"1200"`, buf.String())
}
