package schema_test

import (
	"context"
	"testing"
	"time"

	"github.com/stretchr/testify/require"

	"github.com/exportiva/exportiva/internal/authz"
	d "github.com/exportiva/exportiva/internal/domain"
	"github.com/exportiva/exportiva/internal/testdb"
	"github.com/exportiva/exportiva/internal/viewer"
)

// TestProducerVerificationStamp: a direct ent write turning a producer
// verified stamps when and by whom; turning it unverified clears both, so a
// stale stamp never outlives the verification.
func TestProducerVerificationStamp(t *testing.T) {
	db := testdb.Open(t).Client
	sys := authz.System(context.Background())
	officer := viewer.NewContext(context.Background(), &viewer.Viewer{AccountID: 7, Role: d.RoleAdmin, Email: "officer@lamongan.test"})
	p := db.Producer.Create().SetName("Samudra").SetDistrict("BRONDONG").SetSector(d.SectorFishery).SetSizeClass(d.SizeSmall).SaveX(sys)
	require.Nil(t, p.VerifiedAt)
	require.Empty(t, p.VerifiedBy)

	before := time.Now().Add(-time.Second)
	p = db.Producer.UpdateOneID(p.ID).SetVerified(true).SaveX(officer)
	require.True(t, p.Verified)
	require.NotNil(t, p.VerifiedAt, "verifying must stamp verified_at")
	require.True(t, p.VerifiedAt.After(before))
	require.Equal(t, "officer@lamongan.test", p.VerifiedBy)

	p = db.Producer.UpdateOneID(p.ID).SetVerified(false).SaveX(officer)
	require.False(t, p.Verified)
	require.Nil(t, p.VerifiedAt, "unverifying must clear verified_at")
	require.Empty(t, p.VerifiedBy, "unverifying must clear verified_by")
	stored := db.Producer.GetX(sys, p.ID)
	require.Nil(t, stored.VerifiedAt)
	require.Empty(t, stored.VerifiedBy)

	// A system write (import, seeding) verifying without a viewer: stamped
	// with the time, and no earlier officer's name survives.
	db.Producer.UpdateOneID(p.ID).SetVerified(true).ExecX(officer)
	db.Producer.UpdateOneID(p.ID).SetVerified(false).ExecX(sys)
	p = db.Producer.UpdateOneID(p.ID).SetVerified(true).SaveX(sys)
	require.NotNil(t, p.VerifiedAt)
	require.Empty(t, p.VerifiedBy)

	// An unverified producer created with a stamp does not keep it.
	q := db.Producer.Create().SetName("Mina").SetDistrict("BRONDONG").SetSector(d.SectorFishery).SetSizeClass(d.SizeSmall).
		SetVerifiedAt(time.Now()).SetVerifiedBy("someone@lamongan.test").SaveX(sys)
	require.Nil(t, q.VerifiedAt)
	require.Empty(t, q.VerifiedBy)
}
