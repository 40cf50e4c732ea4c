package geo

import (
	"testing"

	"github.com/stretchr/testify/require"
)

func TestValidCountry(t *testing.T) {
	for _, c := range []string{"TH", "ID", "US", "SA", "DE", "CN", "JP"} {
		require.True(t, ValidCountry(c), c)
	}
	for _, c := range []string{"", "th", "XX", "ZZ", "THA", "EU", "001", "QO"} {
		require.False(t, ValidCountry(c), c)
	}
}

func TestBlocsAndDestinations(t *testing.T) {
	require.Equal(t, []string{"ASEAN"}, Blocs("TH"))
	require.Equal(t, []string{"GCC"}, Blocs("SA"))
	require.Equal(t, []string{"EU"}, Blocs("NL"))
	require.Empty(t, Blocs("US"))
	require.Equal(t, []string{"TH", "ASEAN", "ALL"}, Destinations("TH"))
	require.True(t, ValidDestination("GCC"))
	require.False(t, ValidDestination("MERCOSURX"))
}

func TestRegion(t *testing.T) {
	code, name := Region("TH")
	require.Equal(t, "035", code)
	require.Equal(t, "South-eastern Asia", name)
	require.True(t, SameRegion("TH", "VN"))
	require.False(t, SameRegion("TH", "JP"))
	code, _ = Region("DE")
	require.Equal(t, "155", code)
}

func TestValidPort(t *testing.T) {
	require.True(t, ValidPort("THLCH"))
	require.True(t, ValidPort("THBKK"))
	require.True(t, ValidPort("IDSUB"))
	require.False(t, ValidPort("XXLCH"))
	require.False(t, ValidPort("THLC"))
	require.False(t, ValidPort("THlch"))
}

func TestCountryName(t *testing.T) {
	require.Equal(t, "Thailand", CountryName("TH"))
}
