package schema

import (
	"context"
	"sync"

	"entgo.io/ent"
	"entgo.io/ent/dialect"
	"entgo.io/ent/dialect/sql"

	gen "github.com/exportiva/exportiva/ent"
	"github.com/exportiva/exportiva/ent/certification"
	"github.com/exportiva/exportiva/ent/hook"
	"github.com/exportiva/exportiva/ent/privacy"
	"github.com/exportiva/exportiva/ent/producer"
	"github.com/exportiva/exportiva/internal/validate"
)

// certificationLimitHook refuses a producer's certificate past
// validate.MaxCertifications, so that the certificate lists of a producer and of
// its products are bounded and the GraphQL price (graph/lists.go) can count on it.
// The count sees every certificate of the producer, whoever asks.
//
// Concurrent creates must not both count 49 and both insert: the count and
// the insert run under a lock on the producer's row. On PostgreSQL that is
// SELECT … FOR NO KEY UPDATE in the mutation's transaction (a create outside
// a transaction takes the lock in one of its own, held until the certificate
// is written); NO KEY UPDATE, because the insert's foreign-key check takes a
// KEY SHARE lock on the same row, which it does not conflict with. On SQLite
// a writing transaction holds the database's write lock from BEGIN
// (_txlock=immediate), which already serialises them; creates outside a
// transaction take turns on a mutex of this process (SQLite has one writing
// process).
var certificationLimitHook = hook.On(func(next ent.Mutator) ent.Mutator {
	return hook.CertificationFunc(func(ctx context.Context, m *gen.CertificationMutation) (gen.Value, error) {
		pid, ok := m.ProducerID()
		if !ok {
			return next.Mutate(ctx, m)
		}
		allow := privacy.DecisionContext(ctx, privacy.Allow)
		client := m.Client()
		d, err := lockProducer(allow, client, pid)
		if err != nil {
			return nil, err
		}
		var lock *gen.Tx
		if _, err := m.Tx(); err != nil {
			switch d {
			case dialect.Postgres: // the row lock needs a transaction
				if lock, err = client.Tx(allow); err != nil {
					return nil, err
				}
				defer func() { _ = lock.Rollback() }() // after Commit: a no-op
				client = lock.Client()
				if _, err := lockProducer(allow, client, pid); err != nil {
					return nil, err
				}
			default: // SQLite: one process writes; its creates take turns
				mu := &outsideTx[pid%len(outsideTx)]
				mu.Lock()
				defer mu.Unlock()
			}
		}
		n, err := client.Certification.Query().Where(certification.ProducerID(pid)).Count(allow)
		if err != nil {
			return nil, err
		}
		if n >= validate.MaxCertifications {
			return nil, validate.Field("producer_id", validate.ErrTooManyCertifications)
		}
		v, err := next.Mutate(ctx, m)
		if err == nil && lock != nil {
			err = lock.Commit()
		}
		return v, err
	})
}, ent.OpCreate)

// outsideTx serialises, per producer (striped), the creates that run outside a
// transaction on SQLite, where the database lock is taken only by the insert.
var outsideTx [64]sync.Mutex

// lockProducer locks the producer's row until the end of the client's
// transaction on PostgreSQL (a plain read on SQLite, which has no row locks);
// it returns the dialect it ran on.
func lockProducer(ctx context.Context, c *gen.Client, id int) (string, error) {
	var d string
	_, err := c.Producer.Query().Where(producer.ID(id)).Select(producer.FieldID).
		Modify(func(s *sql.Selector) {
			if d = s.Dialect(); d == dialect.Postgres {
				s.For(sql.LockNoKeyUpdate)
			}
		}).Ints(ctx)
	return d, err
}
