package main

import (
	"encoding/json"
	"testing"
)

// TestDistinctNeedsDiffer: the stream's first 3,000 needs all differ, and
// together they use every commodity, unit, period and destination listed.
func TestDistinctNeedsDiffer(t *testing.T) {
	seen := map[string]int{}
	units, periods, countries := map[any]bool{}, map[any]bool{}, map[any]bool{}
	for i := range 3000 {
		v := distinctNeed(i)
		in := v["in"].(map[string]any)
		delete(in, "deliverBy") // a date relative to now
		b, err := json.Marshal(in)
		if err != nil {
			t.Fatal(err)
		}
		if j, dup := seen[string(b)]; dup {
			t.Fatalf("needs %d and %d are the same: %s", j, i, b)
		}
		seen[string(b)] = i
		q := in["quantity"].(map[string]any)
		units[q["unit"]], periods[q["per"]] = true, true
		countries[in["destination"].(map[string]any)["country"]] = true
	}
	if len(periods) != len(needPeriods) || len(countries) != len(needCountries) || len(units) < 6 {
		t.Fatalf("the stream covers %d units, %d periods, %d countries", len(units), len(periods), len(countries))
	}
}
