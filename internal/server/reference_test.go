package server_test

import (
	"testing"

	"github.com/stretchr/testify/require"
)

// TestReferenceData: countries with CLDR names in the request's language, their
// blocs and region; the curated port list; the HS nomenclature; and the country
// name of marketRequirements following Accept-Language.
func TestReferenceData(t *testing.T) {
	e := newEnv(t, true).as("")
	type country struct {
		Code, Name, NameEnglish, NameIndonesian string
		Blocs                                   []string
		Region                                  *struct{ Code, Name string }
	}
	var res struct{ Countries []country }
	e.in("id").ok(`{ countries { code name nameEnglish nameIndonesian blocs region { code name } } }`, nil, &res)
	require.Greater(t, len(res.Countries), 240)
	byCode := map[string]country{}
	for _, c := range res.Countries {
		byCode[c.Code] = c
	}
	require.Equal(t, "Jerman", byCode["DE"].Name)
	require.Equal(t, "Germany", byCode["DE"].NameEnglish)
	require.Equal(t, []string{"EU"}, byCode["DE"].Blocs)
	require.Equal(t, []string{"ASEAN"}, byCode["TH"].Blocs)
	require.Equal(t, "035", byCode["TH"].Region.Code)
	require.Equal(t, "Asia Tenggara", byCode["TH"].Region.Name)
	require.Equal(t, "Amerika Serikat", byCode["US"].Name)

	e.in("en").ok(`{ countries(bloc: "GCC") { code name region { name } } }`, nil, &res)
	require.Len(t, res.Countries, 6)
	for _, c := range res.Countries {
		require.Contains(t, []string{"AE", "BH", "KW", "OM", "QA", "SA"}, c.Code)
	}
	e.fails("BAD_USER_INPUT", `{ countries(bloc: "NAFTA") { code } }`, nil)

	var ports struct {
		Ports []struct {
			Code, Name, Country, CountryName string
			Seaport, Airport                 bool
		}
	}
	e.in("id").ok(`{ ports(country: "TH") { code name country countryName seaport airport } }`, nil, &ports)
	codes := []string{}
	for _, p := range ports.Ports {
		codes = append(codes, p.Code)
		require.Equal(t, "TH", p.Country)
		require.Equal(t, "Thailand", p.CountryName)
	}
	require.Subset(t, codes, []string{"THLCH", "THBKK"})
	e.ok(`{ ports(search: "chabang") { code seaport } }`, nil, &ports)
	require.Len(t, ports.Ports, 1)
	require.Equal(t, "THLCH", ports.Ports[0].Code)
	require.True(t, ports.Ports[0].Seaport)
	e.ok(`{ ports(first: 3) { code } }`, nil, &ports)
	require.Len(t, ports.Ports, 3)
	r := e.fails("BAD_USER_INPUT", `{ ports(first: 500) { code } }`, nil)
	require.Equal(t, []string{"first"}, r.field())
	r = e.fails("BAD_USER_INPUT", `{ ports(country: "Thailand") { code } }`, nil)
	require.Equal(t, []string{"country"}, r.field())

	type entry struct{ Code, Name, NameEnglish, NameIndonesian string }
	var hs struct {
		HsNomenclature *struct {
			Code     *string
			Chapter  *entry
			Heading  *entry
			Children []entry
		}
	}
	e.in("id").ok(`{ hsNomenclature(code: "0303.59") { code chapter { code name nameEnglish } heading { code name nameIndonesian } children { code } } }`, nil, &hs)
	require.Equal(t, "030359", *hs.HsNomenclature.Code)
	require.Equal(t, "03", hs.HsNomenclature.Chapter.Code)
	require.Equal(t, "Ikan dan krustasea, moluska serta invertebrata air lainnya", hs.HsNomenclature.Chapter.Name)
	require.Equal(t, "Fish and crustaceans, molluscs and other aquatic invertebrates", hs.HsNomenclature.Chapter.NameEnglish)
	require.Equal(t, "0303", hs.HsNomenclature.Heading.Code)
	require.Contains(t, hs.HsNomenclature.Heading.Name, "Ikan, beku")
	require.Empty(t, hs.HsNomenclature.Children)

	e.ok(`{ hsNomenclature { code chapter { code } children { code name } } }`, nil, &hs)
	require.Nil(t, hs.HsNomenclature.Code)
	require.Len(t, hs.HsNomenclature.Children, 97)
	e.ok(`{ hsNomenclature(code: "64") { heading { code } children { code name } } }`, nil, &hs)
	require.Nil(t, hs.HsNomenclature.Heading)
	require.NotEmpty(t, hs.HsNomenclature.Children)
	require.Equal(t, "6401", hs.HsNomenclature.Children[0].Code)
	r = e.fails("BAD_USER_INPUT", `{ hsNomenclature(code: "x1") { code } }`, nil)
	require.Equal(t, []string{"code"}, r.field())

	var mr struct{ MarketRequirements struct{ CountryName string } }
	e.in("id").ok(`{ marketRequirements(country: "DE", hsCode: "0303") { countryName } }`, nil, &mr)
	require.Equal(t, "Jerman", mr.MarketRequirements.CountryName)
	e.in("en").ok(`{ marketRequirements(country: "DE", hsCode: "0303") { countryName } }`, nil, &mr)
	require.Equal(t, "Germany", mr.MarketRequirements.CountryName)
}
