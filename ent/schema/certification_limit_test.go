package schema_test

import (
	"context"
	"errors"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"github.com/stretchr/testify/require"

	"github.com/exportiva/exportiva/ent/certification"
	"github.com/exportiva/exportiva/internal/authz"
	d "github.com/exportiva/exportiva/internal/domain"
	"github.com/exportiva/exportiva/internal/testdb"
	"github.com/exportiva/exportiva/internal/validate"
)

// TestCertificationLimitUnderConcurrency: two transactions that each add a
// producer's 50th certificate. The hook counted, then inserted: the second
// counted 49 while the first had not committed, and both went in (51 on
// PostgreSQL). The producer's row is now locked for the count and the insert;
// the second waits for the first and is refused.
func TestCertificationLimitUnderConcurrency(t *testing.T) {
	ctx := authz.System(context.Background())
	db := testdb.Open(t).Client
	p := db.Producer.Create().SetName("Penuh").SetDistrict("BRONDONG").SetSector(d.SectorFishery).SetSizeClass(d.SizeSmall).SaveX(ctx)
	from, until := time.Now().AddDate(-1, 0, 0), time.Now().AddDate(1, 0, 0)
	for range validate.MaxCertifications - 1 {
		db.Certification.Create().SetProducerID(p.ID).SetType(d.CertHealth).SetValidFrom(from).SetValidUntil(until).ExecX(ctx)
	}

	done := make(chan struct{}) // the second create ended
	t.Cleanup(func() { <-done })
	first, err := db.Tx(ctx)
	if err != nil {
		close(done)
	}
	require.NoError(t, err)
	t.Cleanup(func() { _ = first.Rollback() }) // a failed test must not leave the lock held
	if err := first.Certification.Create().SetProducerID(p.ID).SetType(d.CertHACCP).SetValidFrom(from).SetValidUntil(until).Exec(ctx); err != nil {
		close(done)
		t.Fatal(err)
	}

	second := make(chan error, 1)
	go func() {
		defer close(done)
		tx, err := db.Tx(ctx)
		if err != nil {
			second <- err
			return
		}
		err = tx.Certification.Create().SetProducerID(p.ID).SetType(d.CertHalal).SetValidFrom(from).SetValidUntil(until).Exec(ctx)
		if err != nil {
			_ = tx.Rollback()
			second <- err
			return
		}
		second <- tx.Commit()
	}()
	select {
	case err := <-second:
		t.Fatalf("the second create did not wait for the first transaction: %v", err)
	case <-time.After(300 * time.Millisecond):
	}
	require.NoError(t, first.Commit())
	select {
	case err = <-second:
	case <-time.After(10 * time.Second):
		t.Fatal("the second create never finished")
	}
	require.ErrorIs(t, err, validate.ErrTooManyCertifications)
	n := db.Certification.Query().Where(certification.ProducerID(p.ID)).CountX(ctx)
	require.Equal(t, validate.MaxCertifications, n)
}

// TestCertificationLimitOutsideTransactions: creates outside a transaction,
// many at once, stop at the maximum too.
func TestCertificationLimitOutsideTransactions(t *testing.T) {
	ctx := authz.System(context.Background())
	db := testdb.Open(t).Client
	p := db.Producer.Create().SetName("Ramai").SetDistrict("BRONDONG").SetSector(d.SectorFishery).SetSizeClass(d.SizeSmall).SaveX(ctx)
	from, until := time.Now().AddDate(-1, 0, 0), time.Now().AddDate(1, 0, 0)
	for range validate.MaxCertifications - 4 {
		db.Certification.Create().SetProducerID(p.ID).SetType(d.CertHealth).SetValidFrom(from).SetValidUntil(until).ExecX(ctx)
	}
	var wg sync.WaitGroup
	var refused atomic.Int32
	for range 12 {
		wg.Go(func() {
			err := db.Certification.Create().SetProducerID(p.ID).SetType(d.CertHACCP).SetValidFrom(from).SetValidUntil(until).Exec(ctx)
			if errors.Is(err, validate.ErrTooManyCertifications) {
				refused.Add(1)
			} else if err != nil {
				t.Error(err)
			}
		})
	}
	wg.Wait()
	require.Equal(t, int32(8), refused.Load())
	require.Equal(t, validate.MaxCertifications, db.Certification.Query().Where(certification.ProducerID(p.ID)).CountX(ctx))
}
