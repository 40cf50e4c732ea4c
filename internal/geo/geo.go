// Package geo knows countries, trade blocs and world regions.
//
// Country codes are ISO 3166-1 alpha-2 and are checked against the CLDR region data
// of golang.org/x/text. Regions are the UN M49 sub-regions (South-eastern Asia,
// Western Europe, …), used by matching to fall back from a country's track record to
// its neighbours'.
package geo

import (
	"slices"
	"strings"
	"sync"

	"golang.org/x/text/language"
	"golang.org/x/text/language/display"
)

// Trade blocs whose members share market-access rules.
var blocs = map[string][]string{
	"ASEAN": {"BN", "KH", "ID", "LA", "MY", "MM", "PH", "SG", "TH", "VN"},
	"EU": {"AT", "BE", "BG", "HR", "CY", "CZ", "DK", "EE", "FI", "FR", "DE", "GR", "HU", "IE",
		"IT", "LV", "LT", "LU", "MT", "NL", "PL", "PT", "RO", "SK", "SI", "ES", "SE"},
	"GCC": {"BH", "KW", "OM", "QA", "SA", "AE"},
}

// AllDestinations is the pseudo-destination of rules that apply to every country.
const AllDestinations = "ALL"

// m49 sub-regions, in the order they are tried.
var subregions = []struct{ code, name string }{
	{"035", "South-eastern Asia"}, {"030", "Eastern Asia"}, {"034", "Southern Asia"},
	{"143", "Central Asia"}, {"145", "Western Asia"}, {"151", "Eastern Europe"},
	{"154", "Northern Europe"}, {"039", "Southern Europe"}, {"155", "Western Europe"},
	{"015", "Northern Africa"}, {"011", "Western Africa"}, {"014", "Eastern Africa"},
	{"017", "Middle Africa"}, {"018", "Southern Africa"}, {"021", "Northern America"},
	{"013", "Central America"}, {"029", "Caribbean"}, {"005", "South America"},
	{"053", "Australia and New Zealand"}, {"054", "Melanesia"}, {"057", "Micronesia"},
	{"061", "Polynesia"},
}

// ValidCountry reports whether code is an assigned ISO 3166-1 alpha-2 country code
// in upper case.
func ValidCountry(code string) bool {
	if len(code) != 2 || strings.ToUpper(code) != code {
		return false
	}
	r, err := language.ParseRegion(code)
	if err != nil || !r.IsCountry() {
		return false
	}
	return r.String() == code
}

// CountryName returns the English name of a country code, or the code itself.
func CountryName(code string) string {
	if n, ok := names.Load(code); ok {
		return n.(string)
	}
	r, err := language.ParseRegion(code)
	if err != nil {
		return code
	}
	n := display.English.Regions().Name(r)
	if n == "" {
		n = code
	}
	names.Store(code, n) // valid region codes only: a few hundred at most
	return n
}

// names and regions remember what CountryName and Region found: matching asks
// for the same few countries for every candidate it judges.
var names, regions sync.Map

// ValidBloc reports whether name is a known trade bloc.
func ValidBloc(name string) bool {
	_, ok := blocs[name]
	return ok
}

// Blocs returns the names of the trade blocs the country belongs to, sorted.
func Blocs(country string) []string {
	var out []string
	for name, members := range blocs {
		if slices.Contains(members, country) {
			out = append(out, name)
		}
	}
	slices.Sort(out)
	return out
}

// BlocMembers returns the member countries of a bloc.
func BlocMembers(bloc string) []string { return slices.Clone(blocs[bloc]) }

// Destinations returns every destination key under which market rules for the
// country are filed: the country itself, its blocs, and ALL.
func Destinations(country string) []string {
	return append(append([]string{country}, Blocs(country)...), AllDestinations)
}

// ValidDestination reports whether d may key a market rule: a country, a bloc or ALL.
func ValidDestination(d string) bool {
	return d == AllDestinations || ValidBloc(d) || ValidCountry(d)
}

// Region returns the UN M49 sub-region code and name of a country ("035",
// "South-eastern Asia" for TH), or empty strings when unknown.
func Region(country string) (code, name string) {
	if v, ok := regions.Load(country); ok {
		cn := v.([2]string)
		return cn[0], cn[1]
	}
	r, err := language.ParseRegion(country)
	if err != nil {
		return "", ""
	}
	for _, s := range subregions {
		if language.MustParseRegion(s.code).Contains(r) {
			code, name = s.code, s.name
			break
		}
	}
	regions.Store(country, [2]string{code, name}) // valid region codes only
	return code, name
}

// SameRegion reports whether two countries lie in the same M49 sub-region.
func SameRegion(a, b string) bool {
	ra, _ := Region(a)
	rb, _ := Region(b)
	return ra != "" && ra == rb
}

// ValidPort reports whether code has the shape of a UN/LOCODE (country code plus
// three letters or digits 2–9, e.g. THLCH) whose country part is valid.
func ValidPort(code string) bool {
	if len(code) != 5 || !ValidCountry(code[:2]) {
		return false
	}
	for _, r := range code[2:] {
		if (r < 'A' || r > 'Z') && (r < '2' || r > '9') {
			return false
		}
	}
	return true
}
