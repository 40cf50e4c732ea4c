package moderation_test

import (
	"context"
	"testing"
	"time"

	"github.com/stretchr/testify/require"

	"github.com/exportiva/exportiva/ent"
	"github.com/exportiva/exportiva/internal/apperr"
	"github.com/exportiva/exportiva/internal/authz"
	"github.com/exportiva/exportiva/internal/domain"
	"github.com/exportiva/exportiva/internal/moderation"
	"github.com/exportiva/exportiva/internal/money"
	"github.com/exportiva/exportiva/internal/testdb"
	"github.com/exportiva/exportiva/internal/viewer"
)

var now = time.Date(2026, 11, 27, 9, 0, 0, 0, time.UTC)

// TestFileResolveBlock runs the workflow as the accounts that act, on a test
// database of its own (SQLite or PostgreSQL): a buyer reports a product, the
// trade office suspends its producer (every member account, through the
// service's Disable), a product hidden stays its producer's, and blocks are
// kept per side.
func TestFileResolveBlock(t *testing.T) {
	db := testdb.Open(t).Client
	sys := authz.System(context.Background())
	p := db.Producer.Create().SetName("Samudra").SetDistrict("BRONDONG").SetSector(domain.SectorFishery).SetSizeClass(domain.SizeSmall).SaveX(sys)
	prod := db.Product.Create().SetProducerID(p.ID).SetNameEnglish("Frozen tengiri").SetNameIndonesian("Tengiri beku").
		SetHsCode("030359").SetForm(domain.FormFrozen).SetUnit(domain.UnitKG).SetCapacityAmount(10).
		SetCapacityUnit(domain.UnitTonne).SetCapacityPeriod(domain.PerMonth).
		SetPriceMin(money.MustParse("3.20")).SetPriceCurrency("USD").SetStatus(domain.ProductActive).SaveX(sys)
	b := db.Buyer.Create().SetCompany("Bangkok Seafood").SetCountry("TH").SetType("IMPORTER").SaveX(sys)
	acc := func(email string, role domain.Role, producer, buyer *int) *ent.Account {
		return db.Account.Create().SetEmail(email).SetPasswordHash("x").SetDisplayName(email).SetRole(role).
			SetNillableProducerID(producer).SetNillableBuyerID(buyer).SaveX(sys)
	}
	owner, staff := acc("owner@samudra.example", domain.RoleProducer, &p.ID, nil), acc("staff@samudra.example", domain.RoleProducer, &p.ID, nil)
	ba := acc("buyer@bangkok.example", domain.RoleBuyer, nil, &b.ID)
	admin := acc("officer@lamongan.go.id", domain.RoleAdmin, nil, nil)
	asProducer := viewer.NewContext(context.Background(), &viewer.Viewer{AccountID: owner.ID, Role: domain.RoleProducer, ProducerID: &p.ID})
	asBuyer := viewer.NewContext(context.Background(), &viewer.Viewer{AccountID: ba.ID, Role: domain.RoleBuyer, BuyerID: &b.ID})
	asAdmin := viewer.NewContext(context.Background(), &viewer.Viewer{AccountID: admin.ID, Email: admin.Email, Role: domain.RoleAdmin})

	var disabled []int
	svc := &moderation.Service{Disable: func(_ context.Context, id int, d bool) error {
		require.True(t, d)
		disabled = append(disabled, id)
		return nil
	}}
	_, err := svc.File(asProducer, db, moderation.Filing{SubjectID: prod.ID, Reason: domain.ReasonSpam}, now)
	require.Equal(t, apperr.CodeBadUserInput, apperr.CodeOf(err), "own product")
	r, err := svc.File(asBuyer, db, moderation.Filing{SubjectID: prod.ID, Reason: domain.ReasonFraud, Note: "new bank account"}, now)
	require.NoError(t, err)
	require.Equal(t, p.ID, *r.ProducerID, "the product's producer is the reported firm")
	_, err = svc.File(asBuyer, db, moderation.Filing{SubjectID: prod.ID, Reason: domain.ReasonFraud}, now)
	require.Equal(t, apperr.CodeConflict, apperr.CodeOf(err))

	_, err = svc.Resolve(asBuyer, db, r.ID, domain.ActionSuspend, "", now)
	require.Equal(t, apperr.CodeForbidden, apperr.CodeOf(err))
	got, err := svc.Resolve(asAdmin, db, r.ID, domain.ActionSuspend, "confirmed", now)
	require.NoError(t, err)
	require.Equal(t, domain.ReportResolved, got.Status)
	require.Equal(t, "officer@lamongan.go.id", got.ResolvedBy)
	require.ElementsMatch(t, []int{owner.ID, staff.ID}, disabled, "every account of the firm, no one else")

	// Hidden: its producer still reads it, the buyer does not.
	r2, err := svc.File(asBuyer, db, moderation.Filing{SubjectID: prod.ID, Reason: domain.ReasonFake}, now)
	require.NoError(t, err, "a resolved report leaves room for a new one")
	_, err = svc.Resolve(asAdmin, db, r2.ID, domain.ActionHide, "", now)
	require.NoError(t, err)
	_, err = db.Product.Get(asBuyer, prod.ID)
	require.True(t, ent.IsNotFound(err))
	seen, err := db.Product.Get(asProducer, prod.ID)
	require.NoError(t, err)
	require.NotNil(t, seen.HiddenAt)

	// Blocks: per side, idempotent, lifted only by the side that made them.
	blk, err := moderation.Block(asBuyer, db, p.ID)
	require.NoError(t, err)
	require.Equal(t, domain.PartyBuyer, blk.By)
	again, err := moderation.Block(asBuyer, db, p.ID)
	require.NoError(t, err)
	require.Equal(t, blk.ID, again.ID)
	blocked, byViewer, err := authz.Blocked(asProducer, db, p.ID, b.ID)
	require.NoError(t, err)
	require.True(t, blocked)
	require.False(t, byViewer)
	lifted, err := moderation.Unblock(asProducer, db, b.ID)
	require.NoError(t, err)
	require.False(t, lifted, "the producer cannot lift the buyer's block")
	list, err := moderation.Blocked(asProducer, db)
	require.NoError(t, err)
	require.Empty(t, list, "the blocked firm does not see the block")
	lifted, err = moderation.Unblock(asBuyer, db, p.ID)
	require.NoError(t, err)
	require.True(t, lifted)
	blocked, _, err = authz.Blocked(asProducer, db, p.ID, b.ID)
	require.NoError(t, err)
	require.False(t, blocked)
}
