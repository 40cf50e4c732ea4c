package server_test

import (
	"fmt"
	"sync"
	"testing"

	"github.com/stretchr/testify/require"

	"github.com/exportiva/exportiva/internal/store"
	"github.com/exportiva/exportiva/internal/testdb"
)

// TestConcurrentWritesAndReads runs writers and readers at once on a SQLite file
// (WAL, separate writer and reader pools): no request may fail with "database is
// locked" or anything else.
func TestConcurrentWritesAndReads(t *testing.T) {
	var db *store.DB
	if testdb.PostgresURL() != "" {
		db = testdb.Open(t)
	} else {
		var err error
		db, err = store.Open(t.TempDir() + "/concurrent.db")
		require.NoError(t, err)
		t.Cleanup(func() { db.Close() })
		require.NoError(t, db.Migrate(t.Context()))
	}
	e := newEnvOn(t, db)
	pid := createProducer(e, "Serentak")
	var wg sync.WaitGroup
	errs := make(chan string, 400)
	for w := 0; w < 8; w++ {
		wg.Add(1)
		go func(w int) {
			defer wg.Done()
			for i := 0; i < 15; i++ {
				in := productInput(pid)
				in["sku"] = fmt.Sprintf("W%d-%d", w, i)
				r := e.do(`mutation($in: CreateProductInput!) { createProduct(input: $in) { product { id } } }`, map[string]any{"in": in})
				if len(r.Errors) > 0 {
					errs <- r.Errors[0].Message
				}
				r = e.do(`{ products(first: 20) { totalCount edges { node { nameEnglish producer { name } } } } }`, nil)
				if len(r.Errors) > 0 {
					errs <- r.Errors[0].Message
				}
			}
		}(w)
	}
	wg.Wait()
	close(errs)
	for msg := range errs {
		t.Errorf("request failed under concurrency: %s", msg)
	}
	var out struct{ Products struct{ TotalCount int } }
	e.ok(`{ products(first: 1) { totalCount } }`, nil, &out)
	require.Equal(t, 8*15, out.Products.TotalCount)
}
