package events

import (
	"context"

	"github.com/exportiva/exportiva/ent"
)

// AfterCommit runs f once the transaction in ctx has committed, or at once when
// ctx carries none: what f announces (an event on the bus) never concerns data
// that was rolled back.
func AfterCommit(ctx context.Context, f func()) {
	tx := ent.TxFromContext(ctx)
	if tx == nil {
		f()
		return
	}
	tx.OnCommit(func(next ent.Committer) ent.Committer {
		return ent.CommitFunc(func(ctx context.Context, tx *ent.Tx) error {
			err := next.Commit(ctx, tx)
			if err == nil {
				f()
			}
			return err
		})
	})
}
