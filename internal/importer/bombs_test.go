package importer

import (
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/stretchr/testify/require"

	"github.com/exportiva/exportiva/internal/i18n"
	"github.com/exportiva/exportiva/internal/importer/importertest"
)

// TestBombChild is the child process of TestSpreadsheetBombs: it reads the file
// named by importertest.ChildEnv as an import does, and says what came of it.
func TestBombChild(t *testing.T) {
	path := os.Getenv(importertest.ChildEnv)
	if path == "" {
		t.Skip("run by TestSpreadsheetBombs")
	}
	defer importertest.ReportPeak()
	f, err := os.Open(path) // as the CLI reads it; an upload is a file too
	require.NoError(t, err)
	defer f.Close()
	start := time.Now()
	tab, err := Read(f, DefaultLimits())
	if err != nil {
		var fe *FileError
		if !errors.As(err, &fe) {
			t.Fatalf("not a FileError: %v", err)
		}
		fmt.Printf("RESULT refused in %s: %s\n", time.Since(start).Round(time.Millisecond), fe.Error())
		return
	}
	cols, _, err := mapHeader(tab.Header, i18n.English)
	require.NoError(t, err)
	rows := newRowReader(cols) // as Import reads them
	for _, r := range tab.Rows {
		rows.read(r, cols, tab.style, i18n.English)
	}
	fmt.Printf("RESULT accepted %d rows in %s\n", len(tab.Rows), time.Since(start).Round(time.Millisecond))
}

func result(out string) string {
	for _, l := range strings.Split(out, "\n") {
		if s, ok := strings.CutPrefix(l, "RESULT "); ok {
			return s
		}
	}
	return "no result: " + out
}

// TestSpreadsheetBombs reads each hostile file in a child process and holds its
// peak resident memory to importertest.Budget above a child that reads a small
// valid workbook. Each file is refused with a FileError or read within budget.
func TestSpreadsheetBombs(t *testing.T) {
	dir := t.TempDir()
	write := func(name string, data []byte) string {
		p := filepath.Join(dir, name)
		require.NoError(t, os.WriteFile(p, data, 0o600))
		return p
	}
	valid, err := importertest.Book(importertest.Part{Body: importertest.Text(importertest.ValidSheet())}, importertest.Part{Body: importertest.Text(importertest.EmptySST)})
	require.NoError(t, err)
	idle, out := importertest.PeakRSS(t, "TestBombChild", write("valid.xlsx", valid))
	require.Contains(t, result(out), "accepted 1 rows")
	t.Logf("idle: peak RSS %.1f MB", float64(idle)/(1<<20))
	for _, b := range importertest.Bombs() {
		t.Run(b.Name, func(t *testing.T) {
			data, err := b.Build()
			require.NoError(t, err)
			rss, out := importertest.PeakRSS(t, "TestBombChild", write(b.Name, data))
			res := result(out)
			t.Logf("%s (%d KB): peak RSS %.1f MB, +%.1f MB over idle; %s", b.What, len(data)>>10, float64(rss)/(1<<20), float64(rss-idle)/(1<<20), res)
			require.NotContains(t, res, "no result")
			require.LessOrEqual(t, rss-idle, int64(importertest.Budget), "%s: %s", b.What, res)
		})
	}
}
