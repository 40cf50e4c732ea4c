package trust_test

import (
	"context"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/stretchr/testify/require"

	"github.com/exportiva/exportiva/ent"
	"github.com/exportiva/exportiva/ent/notification"
	"github.com/exportiva/exportiva/ent/producer"
	"github.com/exportiva/exportiva/internal/authz"
	d "github.com/exportiva/exportiva/internal/domain"
	"github.com/exportiva/exportiva/internal/notify"
	"github.com/exportiva/exportiva/internal/testdb"
	"github.com/exportiva/exportiva/internal/trust"
	"github.com/exportiva/exportiva/internal/viewer"
)

type firm struct {
	producer *ent.Producer
	account  *ent.Account
}

func newFirm(t *testing.T, db *ent.Client, name, email, lang string) firm {
	ctx := authz.System(context.Background())
	p := db.Producer.Create().SetName(name).SetDistrict("BRONDONG").SetSector(d.SectorFishery).
		SetSizeClass(d.SizeSmall).SaveX(ctx)
	a := db.Account.Create().SetEmail(email).SetPasswordHash("x").SetDisplayName(name).
		SetRole(d.RoleProducer).SetProducerID(p.ID).SetLanguage(lang).SaveX(ctx)
	return firm{p, a}
}

func kinds(t *testing.T, db *ent.Client, acc *ent.Account) map[d.NotificationKind][]string {
	ns := db.Notification.Query().Where(notification.AccountID(acc.ID)).Order(notification.ByID()).
		AllX(authz.System(context.Background()))
	out := map[d.NotificationKind][]string{}
	for _, n := range ns {
		out[n.Kind] = append(out[n.Kind], n.Subject)
	}
	return out
}

// TestSweep: grants and revocations notify the firm in its language; a
// verification that runs out within 30 days is noticed once, whatever the
// number of sweeps running together, unless a later record outlasts it; one
// that ran out clears the stored flag that catalog filters read, once, with a
// VERIFICATION_EXPIRED notice. On SQLite and PostgreSQL (testdb).
func TestSweep(t *testing.T) {
	store := testdb.Open(t)
	db := store.Client
	n := &notify.Notifier{AppURL: "https://app.exportiva.example"}
	notify.Watch(db, n)
	// The records' summary on the firm is written with the wall clock
	// (ent/schema verificationSummaryHook): grants are relative to it, and the
	// sweeps run 40 days later.
	now := time.Now().UTC().Truncate(time.Second)
	at := now.AddDate(0, 0, 40)
	admin := viewer.NewContext(context.Background(), &viewer.Viewer{AccountID: 9999, Role: d.RoleAdmin, Email: "officer@lamongankab.go.id"})
	grant := func(f firm, scopes []d.VerificationScope, expires time.Time) *ent.Verification {
		on := expires.AddDate(0, -d.VerificationValidity, 0)
		v, err := trust.GrantVerification(admin, db, trust.Grant{FirmID: f.producer.ID, Scopes: scopes, VerifiedOn: &on}, now)
		require.NoError(t, err)
		return v
	}
	day := func(t time.Time) string { return t.Format(time.DateOnly) }
	soon := newFirm(t, db, "UD Tengiri Brondong", "tengiri@brondong.example", "id")
	renewed := newFirm(t, db, "CV Kerupuk Paciran", "kerupuk@paciran.example", "id")
	lapsed := newFirm(t, db, "PT Sandal Lamongan", "sandal@lamongan.example", "en")
	fresh := newFirm(t, db, "UD Bandeng Glagah", "bandeng@glagah.example", "id")

	// Runs out 20 days after the sweep: within the 30 days.
	soonEnds := at.AddDate(0, 0, 20)
	grant(soon, []d.VerificationScope{d.ScopeIdentity, d.ScopeSiteVisit}, soonEnds)
	// Its old record runs out within the 30 days, a newer one holds 11 months.
	grant(renewed, []d.VerificationScope{d.ScopeIdentity}, at.AddDate(0, 0, 10))
	grant(renewed, []d.VerificationScope{d.ScopeIdentity}, now.AddDate(0, 11, 0))
	// Verified when written, ran out 30 days before the sweep.
	lapsedEnds := now.AddDate(0, 0, 10)
	grant(lapsed, []d.VerificationScope{d.ScopeBusinessLicence}, lapsedEnds)
	// Fresh: 11 months to go.
	rev := grant(fresh, []d.VerificationScope{d.ScopeExportRegistration}, now.AddDate(0, 11, 0))

	// The grant told the firm, in Indonesian for an Indonesian account.
	got := kinds(t, db, soon.account)
	require.Len(t, got[d.NotifyVerificationGranted], 1)
	require.Contains(t, got[d.NotifyVerificationGranted][0], "Identitas")
	require.Contains(t, got[d.NotifyVerificationGranted][0], "berlaku sampai "+day(soonEnds))
	require.Contains(t, kinds(t, db, lapsed.account)[d.NotifyVerificationGranted][0], "until "+day(lapsedEnds))

	sys := authz.System(context.Background())
	verified := func(f firm) bool { return db.Producer.GetX(sys, f.producer.ID).Verified }
	require.True(t, verified(lapsed), "the stored flag is stale before the sweep")

	// Four replicas sweep at once, then once more: each notice goes out once.
	var wg sync.WaitGroup
	results := make([]trust.Swept, 4)
	for i := range results {
		wg.Go(func() {
			s, err := trust.Sweep(sys, db, n, at)
			if err != nil && !isBusy(err) {
				t.Errorf("sweep %d: %v", i, err)
			}
			results[i] = s
		})
	}
	wg.Wait()
	again, err := trust.Sweep(sys, db, n, at)
	require.NoError(t, err)
	total := again
	for _, s := range results {
		total.Expired += s.Expired
		total.Expiring += s.Expiring
	}
	require.Equal(t, trust.Swept{Expired: 1, Expiring: 1}, total)

	require.Len(t, kinds(t, db, soon.account)[d.NotifyVerificationExpiring], 1, "one notice for the record running out")
	require.Contains(t, kinds(t, db, soon.account)[d.NotifyVerificationExpiring][0], day(soonEnds))
	require.Empty(t, kinds(t, db, renewed.account)[d.NotifyVerificationExpiring], "a newer record outlasts the old one")
	require.Len(t, kinds(t, db, lapsed.account)[d.NotifyVerificationExpired], 1)
	require.Empty(t, kinds(t, db, fresh.account)[d.NotifyVerificationExpiring])

	require.False(t, verified(lapsed), "the stored flag follows the expiry")
	require.True(t, verified(soon) && verified(renewed) && verified(fresh))
	ids := db.Producer.Query().Where(producer.Verified(true)).Order(producer.ByID()).IDsX(sys)
	require.Equal(t, []int{soon.producer.ID, renewed.producer.ID, fresh.producer.ID}, ids)

	// A revocation tells the firm, with its reason.
	_, err = trust.Revoke(admin, db, rev.ID, "dokumen tidak valid", at)
	require.NoError(t, err)
	got = kinds(t, db, fresh.account)
	require.Len(t, got[d.NotifyVerificationRevoked], 1)
	require.Contains(t, got[d.NotifyVerificationRevoked][0], "dokumen tidak valid")

	// A month later the soon-expiring firm lapsed too; nothing is sent twice.
	later, err := trust.Sweep(sys, db, n, at.AddDate(0, 1, 0))
	require.NoError(t, err)
	require.Equal(t, 1, later.Expired)
	require.False(t, verified(soon))
	require.Len(t, kinds(t, db, soon.account)[d.NotifyVerificationExpired], 1)
	require.Len(t, kinds(t, db, soon.account)[d.NotifyVerificationExpiring], 1)
}

// isBusy tells SQLite's lock contention between the concurrent sweeps (the
// single writer: a sweep that loses the race retries at its next tick).
func isBusy(err error) bool {
	return err != nil && (strings.Contains(err.Error(), "database is locked") || strings.Contains(err.Error(), "SQLITE_BUSY"))
}
