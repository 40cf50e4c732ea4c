package notify_test

import (
	"context"
	"fmt"
	"os"
	"strconv"
	"testing"
	"time"

	"entgo.io/ent/dialect"
	"github.com/stretchr/testify/require"

	"github.com/exportiva/exportiva/ent"
	"github.com/exportiva/exportiva/ent/notification"
	"github.com/exportiva/exportiva/ent/outbox"
	"github.com/exportiva/exportiva/internal/authz"
	d "github.com/exportiva/exportiva/internal/domain"
	"github.com/exportiva/exportiva/internal/money"
	"github.com/exportiva/exportiva/internal/notify"
	"github.com/exportiva/exportiva/internal/testdb"
)

// producersWithTengiri makes n producers, each with one active frozen-tengiri
// product and one verified member account that wants leads e-mailed at once.
func producersWithTengiri(t *testing.T, db *ent.Client, n int) {
	ctx := authz.System(context.Background())
	for from := 0; from < n; from += 500 {
		var ps []*ent.ProducerCreate
		for i := from; i < min(n, from+500); i++ {
			ps = append(ps, db.Producer.Create().SetName(fmt.Sprintf("UD Nelayan %d", i)).SetDistrict("BRONDONG").
				SetSector(d.SectorFishery).SetSizeClass(d.SizeSmall))
		}
		producers := db.Producer.CreateBulk(ps...).SaveX(ctx)
		var prods []*ent.ProductCreate
		var accs []*ent.AccountCreate
		for i, p := range producers {
			prods = append(prods, db.Product.Create().SetProducerID(p.ID).
				SetNameEnglish("Frozen Spanish mackerel").SetNameIndonesian("Ikan tengiri beku").
				SetHsCode("030359").SetForm(d.FormFrozen).SetUnit(d.UnitKG).
				SetCapacityAmount(20).SetCapacityUnit(d.UnitTonne).SetCapacityPeriod(d.PerMonth).
				SetPriceMin(money.MustParse("3")).SetPriceCurrency("USD").SetStatus(d.ProductActive).
				SetIncoterm("FOB").SetLeadTimeDays(10))
			accs = append(accs, db.Account.Create().SetEmail(fmt.Sprintf("p%d@nelayan.example", from+i)).SetPasswordHash("x").
				SetDisplayName("Nelayan").SetRole(d.RoleProducer).SetProducerID(p.ID).SetLanguage("id").
				SetEmailPreferences(map[string]string{string(d.NotifyNewLead): string(d.DeliverImmediately)}))
		}
		db.Product.CreateBulk(prods...).ExecX(ctx)
		created := db.Account.CreateBulk(accs...).SaveX(ctx)
		// Every producer's account has a webhook endpoint for its leads too.
		var eps []*ent.WebhookEndpointCreate
		for _, a := range created {
			eps = append(eps, db.WebhookEndpoint.Create().SetScope(d.WebhookAccount).SetAccountID(a.ID).
				SetURL("https://crm.nelayan.example/hook").SetSecret("whsec_test").SetKinds([]d.NotificationKind{d.NotifyNewLead}))
		}
		db.WebhookEndpoint.CreateBulk(eps...).ExecX(ctx)
	}
}

// TestLeadFanOut: a buy request that is a lead for n producers writes n
// notifications and queues n e-mails and n webhook deliveries in one
// transaction, in a number of
// statements that grows by a handful per 500 recipients, and only once.
// EXPORTIVA_FANOUT_N sets n (default 600; the report's figure is for 2,000).
func TestLeadFanOut(t *testing.T) {
	n := 600
	if s := os.Getenv("EXPORTIVA_FANOUT_N"); s != "" {
		n, _ = strconv.Atoi(s)
	}
	base := testdb.Open(t)
	var counter *testdb.Counter
	db := base.Wrap(func(dr dialect.Driver) dialect.Driver { counter = testdb.NewCounter(dr); return counter }).Client
	producersWithTengiri(t, db, n)
	ctx := authz.System(context.Background())
	buyer := db.Buyer.Create().SetCompany("Bangkok Seafood Co").SetCountry("TH").SetType(d.BuyerType("IMPORTER")).SaveX(ctx)
	br := db.BuyRequest.Create().SetBuyerID(buyer.ID).SetTitle("Frozen tengiri 8 t a month").SetHsCodes([]string{"0303"}).
		SetQuantityAmount(8).SetQuantityUnit(d.UnitTonne).SetQuantityPer(d.PerMonth).SetDestinationCountry("TH").
		SetValidUntil(time.Now().AddDate(0, 1, 0)).SaveX(ctx)

	nf := &notify.Notifier{AppURL: "https://app.example"}
	counter.Reset()
	start := time.Now()
	written, err := nf.FanOut(ctx, db, br.ID)
	elapsed := time.Since(start)
	require.NoError(t, err)
	require.Equal(t, n, written)
	statements := counter.Count()
	t.Logf("fan-out to %d producers on %s: %s, %d SQL statements", n, base.Dialect, elapsed.Round(time.Millisecond), statements)
	chunks := int64((n + 499) / 500)
	// match (candidates, products, facts: bounded per 500 products), the
	// duplicate check, members, and per 500 recipients: accounts,
	// notifications, outbox, webhook endpoints, webhook deliveries.
	require.LessOrEqual(t, statements, 20+8*chunks, "statements must grow per 500 recipients, not per recipient")

	got, err := db.Notification.Query().Where(notification.BuyRequestID(br.ID), notification.KindEQ(d.NotifyNewLead)).Count(ctx)
	require.NoError(t, err)
	require.Equal(t, n, got)
	mails, err := db.Outbox.Query().Where(outbox.Kind("email")).Count(ctx)
	require.NoError(t, err)
	require.Equal(t, n, mails)
	hooks, err := db.WebhookDelivery.Query().Count(ctx)
	require.NoError(t, err)
	require.Equal(t, n, hooks)

	// Once: a retry of the fan-out (a crash after commit) writes nothing.
	again, err := nf.FanOut(ctx, db, br.ID)
	require.NoError(t, err)
	require.Zero(t, again)
}
