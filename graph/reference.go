package graph

import (
	"context"
	"unicode/utf8"

	"github.com/exportiva/exportiva/graph/model"
	"github.com/exportiva/exportiva/internal/apperr"
	"github.com/exportiva/exportiva/internal/geo"
	"github.com/exportiva/exportiva/internal/hs"
	"github.com/exportiva/exportiva/internal/i18n"
	"github.com/exportiva/exportiva/internal/validate"
)

// MaxPorts is the most ports one `ports` query returns.
const MaxPorts = 100

// maxCountries bounds `countries`: the ISO 3166-1 list has 249 assigned codes.
const maxCountries = 300

// maxHsChildren bounds HsNomenclature.children: 97 chapters, or the headings
// of one chapter (at most 99).
const maxHsChildren = 99

func lang(ctx context.Context) string { return string(i18n.From(ctx)) }

func countryModel(c geo.Country, l string) *model.Country {
	out := &model.Country{Code: c.Code, Name: c.Name(l), NameEnglish: c.English, NameIndonesian: c.Indonesian, Blocs: c.Blocs}
	if out.Blocs == nil {
		out.Blocs = []string{}
	}
	if c.RegionCode != "" {
		out.Region = &model.WorldRegion{Code: c.RegionCode, Name: geo.RegionName(c.RegionCode, l)}
	}
	return out
}

func countries(ctx context.Context, bloc *string) ([]*model.Country, error) {
	if bloc != nil && !geo.ValidBloc(*bloc) {
		return nil, apperr.BadInput([]string{"bloc"}, "unknown trade bloc %q: use ASEAN, EU or GCC", *bloc)
	}
	l := lang(ctx)
	var out []*model.Country
	for _, c := range geo.Countries() {
		if bloc != nil && !containsString(c.Blocs, *bloc) {
			continue
		}
		out = append(out, countryModel(c, l))
	}
	return out, nil
}

func containsString(list []string, s string) bool {
	for _, x := range list {
		if x == s {
			return true
		}
	}
	return false
}

func ports(ctx context.Context, country, search *string, first *int) ([]*model.Port, error) {
	n := 50
	if first != nil {
		n = *first
	}
	if n < 1 || n > MaxPorts {
		return nil, apperr.BadInput([]string{"first"}, "first must be between 1 and %d", MaxPorts)
	}
	c, s := "", ""
	if country != nil {
		if !geo.ValidCountry(*country) {
			return nil, apperr.BadInput([]string{"country"}, "%q is not an ISO 3166-1 alpha-2 country code", *country)
		}
		c = *country
	}
	if search != nil {
		if utf8.RuneCountInString(*search) > 50 {
			return nil, apperr.BadInput([]string{"search"}, "search may have at most 50 characters")
		}
		s = *search
	}
	l := lang(ctx)
	out := []*model.Port{}
	for _, p := range geo.Ports(c, s, n) {
		out = append(out, &model.Port{Code: p.Code, Name: p.Name, Country: p.Country,
			CountryName: geo.CountryNameIn(p.Country, l), Seaport: p.Seaport, Airport: p.Airport})
	}
	return out, nil
}

func hsEntry(e hs.Entry, l string) *model.HsEntry {
	return &model.HsEntry{Code: e.Code, Name: e.Name(l), NameEnglish: e.English, NameIndonesian: e.Indonesian}
}

func hsEntries(list []hs.Entry, l string) []*model.HsEntry {
	out := make([]*model.HsEntry, 0, len(list))
	for _, e := range list {
		out = append(out, hsEntry(e, l))
	}
	return out
}

func hsNomenclature(ctx context.Context, code *string) (*model.HsNomenclature, error) {
	l := lang(ctx)
	if code == nil {
		return &model.HsNomenclature{Children: hsEntries(hs.Chapters(), l)}, nil
	}
	c := validate.NormalizeHS(*code)
	if err := validate.HSPrefix(c); err != nil {
		return nil, apperr.BadInput([]string{"code"}, "%v", err)
	}
	ch, h, ok := hs.Describe(c)
	if !ok {
		return nil, nil
	}
	out := &model.HsNomenclature{Code: &c, Chapter: hsEntry(ch, l), Children: []*model.HsEntry{}}
	if h != nil {
		out.Heading = hsEntry(*h, l)
	}
	if len(c) == 2 {
		out.Children = hsEntries(hs.Headings(c), l)
	}
	return out, nil
}
