package geo

import (
	"slices"
	"sync"

	"golang.org/x/text/language"
	"golang.org/x/text/language/display"
)

// Country is an ISO 3166-1 country with its names in Exportiva's languages
// (CLDR, as golang.org/x/text embeds it), its trade blocs and its UN M49 sub-region.
type Country struct {
	// Code is the ISO 3166-1 alpha-2 code (e.g. TH).
	Code string
	// English and Indonesian are the CLDR names (Thailand / Thailand, Germany / Jerman).
	English, Indonesian string
	// Blocs are the trade blocs the country belongs to, sorted.
	Blocs []string
	// RegionCode is the M49 sub-region ("035"), empty when the country has none.
	RegionCode string
}

// Name returns the country's name in a language ("id" for Indonesian, English otherwise).
func (c Country) Name(lang string) string {
	if lang == "id" {
		return c.Indonesian
	}
	return c.English
}

var (
	countriesOnce sync.Once
	countries     []Country
	countryIndex  map[string]int
)

// Countries returns every assigned ISO 3166-1 alpha-2 country, sorted by code
// (about 250). The slice is shared: do not modify it.
func Countries() []Country {
	countriesOnce.Do(func() {
		en, id := display.English.Regions(), indonesianRegions
		countryIndex = map[string]int{}
		for a := 'A'; a <= 'Z'; a++ {
			for b := 'A'; b <= 'Z'; b++ {
				code := string([]rune{a, b})
				if !ValidCountry(code) {
					continue
				}
				r := language.MustParseRegion(code)
				c := Country{Code: code, English: en.Name(r), Indonesian: id.Name(r), Blocs: Blocs(code)}
				if c.English == "" {
					c.English = code
				}
				if c.Indonesian == "" {
					c.Indonesian = c.English
				}
				c.RegionCode, _ = Region(code)
				countryIndex[code] = len(countries)
				countries = append(countries, c)
			}
		}
	})
	return countries
}

// LookupCountry returns the country of an ISO 3166-1 alpha-2 code.
func LookupCountry(code string) (Country, bool) {
	Countries()
	i, ok := countryIndex[code]
	if !ok {
		return Country{}, false
	}
	return countries[i], true
}

// CountryNameIn returns a country's name in a language ("id" or "en"), or the
// code itself when it is no country.
func CountryNameIn(code, lang string) string {
	if c, ok := LookupCountry(code); ok {
		return c.Name(lang)
	}
	return code
}

// RegionName returns the CLDR name of an M49 region code in a language ("id" or
// "en"): "035" is South-eastern Asia in the UN's list, "Asia Tenggara" in Indonesian.
func RegionName(code, lang string) string {
	if i := slices.IndexFunc(subregions, func(s struct{ code, name string }) bool { return s.code == code }); i >= 0 && lang != "id" {
		return subregions[i].name
	}
	r, err := language.ParseRegion(code)
	if err != nil {
		return code
	}
	if n := indonesianRegions.Name(r); lang == "id" && n != "" {
		return n
	}
	if n := display.English.Regions().Name(r); n != "" {
		return n
	}
	return code
}

var indonesianRegions = display.Regions(language.Indonesian)
