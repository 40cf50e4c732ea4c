package geo

import (
	_ "embed"
	"encoding/csv"
	"fmt"
	"slices"
	"strings"
)

// Port is a seaport or airport of the curated UN/LOCODE list (ports.csv).
type Port struct {
	// Code is the UN/LOCODE (country code plus three characters, e.g. THLCH).
	Code string
	// Name is the UN/LOCODE name (e.g. Laem Chabang).
	Name string
	// Country is the ISO 3166-1 alpha-2 code, the code's first two letters.
	Country string
	// Seaport and Airport are the port's functions in the code list.
	Seaport, Airport bool
}

//go:embed ports.csv
var portsCSV string

// ports is the list, sorted by country then name.
var ports = mustParsePorts(portsCSV)

func mustParsePorts(text string) []Port {
	r := csv.NewReader(strings.NewReader(text))
	r.Comment = '#'
	r.FieldsPerRecord = 4
	recs, err := r.ReadAll()
	if err != nil {
		panic(fmt.Sprintf("geo: ports.csv: %v", err))
	}
	out := make([]Port, 0, len(recs))
	seen := map[string]bool{}
	for _, rec := range recs {
		p := Port{Code: rec[0], Name: rec[1], Country: rec[0][:min(2, len(rec[0]))],
			Seaport: strings.Contains(rec[2], "S"), Airport: strings.Contains(rec[2], "A")}
		if !ValidPort(p.Code) || seen[p.Code] || p.Name == "" || !p.Seaport && !p.Airport {
			panic(fmt.Sprintf("geo: ports.csv: bad or repeated entry %q", rec))
		}
		seen[p.Code] = true
		out = append(out, p)
	}
	slices.SortFunc(out, func(a, b Port) int {
		return strings.Compare(a.Country+" "+a.Name, b.Country+" "+b.Name)
	})
	return out
}

// Ports returns the ports of the list in a country (every port when country is
// empty) whose code or name contains search (case and accents ignored), at most
// limit of them, sorted by country and name. The list is small (a few hundred
// entries): it is filtered in memory.
func Ports(country, search string, limit int) []Port {
	search = strings.ToLower(strings.TrimSpace(search))
	var out []Port
	for _, p := range ports {
		if country != "" && p.Country != country {
			continue
		}
		if search != "" && !strings.Contains(strings.ToLower(p.Name), search) && !strings.Contains(strings.ToLower(p.Code), search) {
			continue
		}
		if len(out) == limit {
			break
		}
		out = append(out, p)
	}
	return out
}

// LookupPort returns the port of a UN/LOCODE in the list.
func LookupPort(code string) (Port, bool) {
	i := slices.IndexFunc(ports, func(p Port) bool { return p.Code == code })
	if i < 0 {
		return Port{}, false
	}
	return ports[i], true
}

// PortCount is the number of ports in the list.
func PortCount() int { return len(ports) }
