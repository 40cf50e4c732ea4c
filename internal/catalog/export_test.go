package catalog

import (
	"context"

	"github.com/exportiva/exportiva/ent"
)

// SetSelectiveRows sets the planning threshold for a test and returns the
// function that restores it.
func SetSelectiveRows(n int) func() {
	old := selectiveRows
	selectiveRows = n
	return func() { selectiveRows = old }
}

// TotalCount is the totalCount a page of the query reports, and whether
// product_counts answered it.
func TotalCount(ctx context.Context, db *ent.Client, p Params) (int, bool, error) {
	prep, err := Prepare(ctx, db, p)
	if err != nil {
		return 0, false, err
	}
	base, err := prep.Query(db)
	if err != nil {
		return 0, false, err
	}
	f, ok := prep.tallied()
	n, err := prep.count(ctx, db, base, f, ok)
	return n, ok, err
}
