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

func TestCountriesInBothLanguages(t *testing.T) {
	all := Countries()
	require.Greater(t, len(all), 240)
	de, ok := LookupCountry("DE")
	require.True(t, ok)
	require.Equal(t, "Jerman", de.Name("id"))
	require.Equal(t, "Germany", de.Name("en"))
	require.Equal(t, []string{"EU"}, de.Blocs)
	require.Equal(t, "155", de.RegionCode)
	require.Equal(t, "Western Europe", RegionName("155", "en"))
	require.Equal(t, "Eropa Bagian Barat", RegionName("155", "id"))
	require.Equal(t, "Tiongkok", CountryNameIn("CN", "id"))
	require.Equal(t, "XX", CountryNameIn("XX", "id"))
	for _, c := range all {
		require.True(t, ValidCountry(c.Code), c.Code)
		require.NotEmpty(t, c.Indonesian, c.Code)
	}
}

func TestPorts(t *testing.T) {
	require.Greater(t, PortCount(), 100)
	p, ok := LookupPort("THLCH")
	require.True(t, ok)
	require.Equal(t, "Laem Chabang", p.Name)
	require.True(t, p.Seaport)
	require.False(t, p.Airport)
	require.Len(t, Ports("", "", 5), 5)
	for _, p := range Ports("MY", "", 100) {
		require.Equal(t, "MY", p.Country)
	}
	require.Equal(t, []Port{p}, Ports("", "CHAB", 10))
	// the 30 largest destinations of the synthetic data each have a port
	for _, c := range []string{"TH", "MY", "SG", "VN", "PH", "JP", "CN", "KR", "TW", "HK", "IN", "AU", "NZ", "US", "CA",
		"NL", "DE", "FR", "BE", "IT", "ES", "GB", "SA", "AE", "QA", "KW", "OM", "EG", "ZA", "BR", "MX", "TR"} {
		require.NotEmpty(t, Ports(c, "", 1), c)
	}
}
