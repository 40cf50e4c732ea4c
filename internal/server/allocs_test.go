package server_test

import (
	"encoding/json"
	"os"
	"runtime"
	"testing"

	"github.com/exportiva/exportiva/internal/testdb"
)

// allocsFile pins what the hot operations allocate per request (SQLite, demo
// data); EXPORTIVA_UPDATE_ALLOCS=1 rewrites it from a run.
const allocsFile = "testdata/allocs.json"

// allocTolerance is the regression TestAllocationBudget lets pass: allocation
// counts are stable from run to run (unlike time), so more than this is a change
// of the code.
const allocTolerance = 1.25

// allocation is what one request allocates.
type allocation struct {
	Allocs uint64 `json:"allocs"`
	Bytes  uint64 `json:"bytes"`
}

// TestAllocationBudget keeps the allocations of the hot operations
// (BenchmarkResolvers, in process) within 25 % of the figures pinned in
// testdata/allocs.json: the executed catalog page is the GraphQL layer's cost
// that signed-in and uncached traffic pays.
func TestAllocationBudget(t *testing.T) {
	if raceEnabled || testdb.PostgresURL() != "" {
		t.Skip("the budget is pinned for SQLite without the race detector")
	}
	pinned := map[string]allocation{}
	raw, err := os.ReadFile(allocsFile)
	if err != nil {
		t.Fatal(err)
	}
	if err := json.Unmarshal(raw, &pinned); err != nil {
		t.Fatal(err)
	}
	measured := map[string]allocation{}
	for _, o := range hotOperations(t) {
		measured[o.name] = measure(t, o, 30)
	}
	if os.Getenv("EXPORTIVA_UPDATE_ALLOCS") != "" {
		out, _ := json.MarshalIndent(measured, "", "  ")
		if err := os.WriteFile(allocsFile, append(out, '\n'), 0o644); err != nil {
			t.Fatal(err)
		}
		return
	}
	for name, m := range measured {
		p, ok := pinned[name]
		if !ok {
			t.Errorf("%s: no pinned figure in %s", name, allocsFile)
			continue
		}
		t.Logf("%-18s %6d allocs (pinned %6d)  %7d B (pinned %7d)", name, m.Allocs, p.Allocs, m.Bytes, p.Bytes)
		if float64(m.Allocs) > allocTolerance*float64(p.Allocs) {
			t.Errorf("%s: %d allocations per request, pinned %d (+25 %% allowed)", name, m.Allocs, p.Allocs)
		}
		if float64(m.Bytes) > allocTolerance*float64(p.Bytes) {
			t.Errorf("%s: %d bytes per request, pinned %d (+25 %% allowed)", name, m.Bytes, p.Bytes)
		}
	}
}

// measure returns the mean allocation of n requests after a warm-up, on one
// processor as testing.AllocsPerRun measures.
func measure(t *testing.T, o hotOperation, n int) allocation {
	defer runtime.GOMAXPROCS(runtime.GOMAXPROCS(1))
	for range 3 {
		o.run(t)
	}
	var before, after runtime.MemStats
	runtime.ReadMemStats(&before)
	for range n {
		o.run(t)
	}
	runtime.ReadMemStats(&after)
	return allocation{
		Allocs: (after.Mallocs - before.Mallocs) / uint64(n),       //nolint:gosec // n, the runs, is positive
		Bytes:  (after.TotalAlloc - before.TotalAlloc) / uint64(n), //nolint:gosec // as above
	}
}
