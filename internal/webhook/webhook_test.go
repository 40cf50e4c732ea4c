package webhook_test

import (
	"context"
	"encoding/json"
	"io"
	"net/http"
	"net/http/httptest"
	"net/netip"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/stretchr/testify/require"

	"github.com/exportiva/exportiva/ent"
	"github.com/exportiva/exportiva/ent/notification"
	"github.com/exportiva/exportiva/ent/webhookdelivery"
	"github.com/exportiva/exportiva/ent/webhookendpoint"
	"github.com/exportiva/exportiva/internal/apperr"
	"github.com/exportiva/exportiva/internal/authz"
	d "github.com/exportiva/exportiva/internal/domain"
	"github.com/exportiva/exportiva/internal/notify"
	"github.com/exportiva/exportiva/internal/testdb"
	"github.com/exportiva/exportiva/internal/viewer"
	"github.com/exportiva/exportiva/internal/webhook"
)

func TestSignAndVerify(t *testing.T) {
	now := time.Unix(1764650000, 0)
	body := []byte(`{"id":"evt_1"}`)
	h := webhook.SignatureHeader([]string{"whsec_a"}, now, body)
	require.Regexp(t, `^t=1764650000,v1=[0-9a-f]{64}$`, h)
	require.NoError(t, webhook.Verify(h, "whsec_a", body, 5*time.Minute, now.Add(time.Minute)))
	require.ErrorIs(t, webhook.Verify(h, "whsec_b", body, 5*time.Minute, now), webhook.ErrBadSignature)
	require.ErrorIs(t, webhook.Verify(h, "whsec_a", []byte(`{"id":"evt_2"}`), 5*time.Minute, now), webhook.ErrBadSignature)
	require.ErrorIs(t, webhook.Verify(h, "whsec_a", body, 5*time.Minute, now.Add(10*time.Minute)), webhook.ErrStale, "a replay later is refused")
	// A timestamp changed by an attacker breaks the signature.
	forged := strings.Replace(h, "t=1764650000", "t=1764650600", 1)
	require.ErrorIs(t, webhook.Verify(forged, "whsec_a", body, 5*time.Minute, now.Add(10*time.Minute)), webhook.ErrBadSignature)
	// After a rotation both secrets sign.
	two := webhook.SignatureHeader([]string{"whsec_new", "whsec_old"}, now, body)
	require.NoError(t, webhook.Verify(two, "whsec_old", body, time.Minute, now))
	require.NoError(t, webhook.Verify(two, "whsec_new", body, time.Minute, now))
	require.Regexp(t, `^whsec_[0-9a-f]{64}$`, webhook.NewSecret())
}

func TestCheckURL(t *testing.T) {
	prod := webhook.Targets{}
	require.NoError(t, prod.CheckURL("https://hooks.example.com/exportiva"))
	require.NoError(t, prod.CheckURL("https://93.184.216.34:8443/x"))
	for _, bad := range []string{
		"http://hooks.example.com/x", "ftp://hooks.example.com/x", "hooks.example.com/x", "https://",
		"https://127.0.0.1/x", "https://10.1.2.3/x", "https://172.16.0.1/", "https://192.168.1.1/",
		"https://169.254.169.254/latest/meta-data", "https://[::1]/", "https://[fe80::1]/", "https://[fd00::1]/",
		"https://[::ffff:127.0.0.1]/", "https://100.64.0.1/", "https://0.0.0.0/", "https://localhost/x",
		"https://metadata.google.internal/", "https://printer.local/", "https://intranet/",
		"https://user:pw@hooks.example.com/", "https://hooks.example.com/" + strings.Repeat("a", 2000),
	} {
		require.Error(t, prod.CheckURL(bad), bad)
	}
	dev := webhook.Targets{AllowInsecure: true}
	require.NoError(t, dev.CheckURL("http://127.0.0.1:18400/hook"))
	require.Error(t, dev.CheckURL("ftp://127.0.0.1/"))
	for _, ip := range []string{"8.8.8.8", "2606:4700::1111"} {
		require.NoError(t, webhook.CheckIP(netip.MustParseAddr(ip)), ip)
	}
}

// The production client refuses, at dial time, a name that resolves to
// loopback: the check is on the address connected to, not on the URL stored.
func TestDialTimeCheck(t *testing.T) {
	hit := false
	srv := httptest.NewServer(http.HandlerFunc(func(http.ResponseWriter, *http.Request) { hit = true }))
	defer srv.Close()
	port := srv.URL[strings.LastIndex(srv.URL, ":"):]
	for _, u := range []string{"http://localhost" + port + "/", srv.URL} {
		res, err := webhook.NewClient(webhook.Targets{}, 2*time.Second).Post(u, "application/json", strings.NewReader("{}"))
		if err == nil {
			_ = res.Body.Close()
		}
		require.ErrorIs(t, err, webhook.ErrForbiddenTarget, u)
	}
	require.False(t, hit)
	res, err := webhook.NewClient(webhook.Targets{AllowInsecure: true}, 2*time.Second).Post(srv.URL, "application/json", strings.NewReader("{}"))
	require.NoError(t, err)
	_ = res.Body.Close()
	require.True(t, hit)
}

// receiver records what it is sent and fails the first `fail` calls.
type receiver struct {
	mu    sync.Mutex
	fail  int
	calls []call
	srv   *httptest.Server
}

type call struct {
	eventID string
	status  int
	body    []byte
	sig     string
}

func newReceiver(t *testing.T, fail int) *receiver {
	r := &receiver{fail: fail}
	r.srv = httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, req *http.Request) {
		b, _ := io.ReadAll(req.Body)
		r.mu.Lock()
		defer r.mu.Unlock()
		status := http.StatusOK
		if r.fail > 0 {
			r.fail--
			status = http.StatusServiceUnavailable
		}
		r.calls = append(r.calls, call{eventID: req.Header.Get(webhook.HeaderEventID), status: status, body: b, sig: req.Header.Get(webhook.HeaderSignature)})
		w.WriteHeader(status)
	}))
	t.Cleanup(r.srv.Close)
	return r
}

func (r *receiver) got() []call {
	r.mu.Lock()
	defer r.mu.Unlock()
	return append([]call(nil), r.calls...)
}

type fixture struct {
	db      *ent.Client
	svc     *webhook.Service
	nf      *notify.Notifier
	owner   *ent.Account
	staff   *ent.Account
	outside *ent.Account
}

func setup(t *testing.T) *fixture {
	db := testdb.Open(t).Client
	ctx := authz.System(context.Background())
	p := db.Producer.Create().SetName("UD Tengiri").SetDistrict("BRONDONG").SetSector(d.SectorFishery).SetSizeClass(d.SizeSmall).SaveX(ctx)
	acc := func(email string, role d.FirmRole, producer *int) *ent.Account {
		return db.Account.Create().SetEmail(email).SetPasswordHash("x").SetDisplayName(email).SetRole(d.RoleProducer).
			SetNillableProducerID(producer).SetFirmRole(role).SaveX(ctx)
	}
	f := &fixture{db: db, nf: &notify.Notifier{AppURL: "https://app.example"},
		owner: acc("owner@tengiri.example", d.FirmOwner, &p.ID), staff: acc("staff@tengiri.example", d.FirmStaff, &p.ID),
		outside: acc("other@elsewhere.example", d.FirmOwner, nil)}
	f.svc = &webhook.Service{DB: db, Targets: webhook.Targets{AllowInsecure: true}}
	return f
}

func as(a *ent.Account) context.Context {
	v := &viewer.Viewer{AccountID: a.ID, Email: a.Email, Role: a.Role, ProducerID: a.ProducerID}
	if a.FirmRole != nil {
		v.FirmRole = *a.FirmRole
	}
	return viewer.NewContext(context.Background(), v)
}

// send writes a notification event for the accounts in one transaction, as a
// change's hook does.
func (f *fixture) send(t *testing.T, kind d.NotificationKind, subject string, accounts ...*ent.Account) {
	ctx := authz.System(context.Background())
	tx, err := f.db.Tx(ctx)
	require.NoError(t, err)
	var ids []int
	for _, a := range accounts {
		ids = append(ids, a.ID)
	}
	_, err = f.nf.Send(ent.NewTxContext(ctx, tx), tx.Client(), ids, notify.Event{Kind: kind, Subject: subject})
	require.NoError(t, err)
	require.NoError(t, tx.Commit())
}

func TestEndpointsAndAuthorization(t *testing.T) {
	f := setup(t)
	ep, secret, err := f.svc.Create(as(f.owner), webhook.CreateInput{URL: "http://127.0.0.1:1/x", Scope: d.WebhookFirm, Kinds: []d.NotificationKind{d.NotifyNewLead, d.NotifyNewLead}})
	require.NoError(t, err)
	require.Equal(t, []d.NotificationKind{d.NotifyNewLead}, ep.Kinds)
	require.NotEmpty(t, secret)
	_, _, err = f.svc.Create(as(f.staff), webhook.CreateInput{URL: "http://127.0.0.1:1/x", Scope: d.WebhookFirm})
	requireCode(t, apperr.CodeForbidden, err)
	_, _, err = f.svc.Create(as(f.outside), webhook.CreateInput{URL: "http://127.0.0.1:1/x", Scope: d.WebhookFirm})
	requireCode(t, apperr.CodeForbidden, err)
	_, _, err = f.svc.Create(context.Background(), webhook.CreateInput{URL: "http://127.0.0.1:1/x", Scope: d.WebhookAccount})
	requireCode(t, apperr.CodeUnauthenticated, err)
	_, _, err = (&webhook.Service{DB: f.db}).Create(as(f.owner), webhook.CreateInput{URL: "http://127.0.0.1:1/x", Scope: d.WebhookAccount})
	requireCode(t, apperr.CodeBadUserInput, err)
	mine, _, err := f.svc.Create(as(f.outside), webhook.CreateInput{URL: "http://127.0.0.1:2/x", Scope: d.WebhookAccount})
	require.NoError(t, err)

	// Staff see the firm's endpoint but cannot change it; an outsider does
	// not even see it; nobody sees another's account endpoint.
	list := func(a *ent.Account) int {
		c, err := f.svc.List(as(a), nil, nil)
		require.NoError(t, err)
		return c.TotalCount
	}
	require.Equal(t, 1, list(f.staff))
	require.Equal(t, 1, list(f.owner))
	require.Equal(t, 1, list(f.outside))
	_, _, err = f.svc.Rotate(as(f.staff), ep.ID)
	requireCode(t, apperr.CodeForbidden, err)
	requireCode(t, apperr.CodeNotFound, f.svc.Delete(as(f.outside), ep.ID))
	requireCode(t, apperr.CodeNotFound, f.svc.Delete(as(f.owner), mine.ID))
	n, err := f.db.WebhookEndpoint.Query().Count(as(f.owner))
	require.NoError(t, err)
	require.Equal(t, 1, n, "privacy filters direct queries too")
	_, err = f.db.WebhookEndpoint.Create().SetScope(d.WebhookAccount).SetAccountID(f.owner.ID).SetURL("http://x").SetSecret("s").Save(as(f.owner))
	require.Error(t, err, "no write outside internal/webhook")

	_, rotated, err := f.svc.Rotate(as(f.owner), ep.ID)
	require.NoError(t, err)
	require.NotEqual(t, secret, rotated)
	for range webhook.MaxPerOwner - 1 {
		_, _, err = f.svc.Create(as(f.owner), webhook.CreateInput{URL: "http://127.0.0.1:1/x", Scope: d.WebhookFirm})
		require.NoError(t, err)
	}
	_, _, err = f.svc.Create(as(f.owner), webhook.CreateInput{URL: "http://127.0.0.1:1/x", Scope: d.WebhookFirm})
	requireCode(t, apperr.CodeConflict, err)
	require.NoError(t, f.svc.Delete(as(f.owner), ep.ID))
}

func requireCode(t *testing.T, code string, err error) {
	t.Helper()
	var ae *apperr.Error
	require.ErrorAs(t, err, &ae)
	require.Equal(t, code, ae.Code, ae.Message)
}

type event struct {
	ID, Type, Scope, AccountID, ProducerID string
	Data                                   struct{ Subject string }
}

// Firm endpoints get one event per change whichever members it reaches, in
// order, signed; kinds filter; failures retry with backoff and the event id
// stays the same.
func TestDeliveryOrderRetryAndSignature(t *testing.T) {
	f := setup(t)
	rcv := newReceiver(t, 3)
	ep, secret, err := f.svc.Create(as(f.owner), webhook.CreateInput{URL: rcv.srv.URL, Scope: d.WebhookFirm})
	require.NoError(t, err)
	leadsOnly := newReceiver(t, 0)
	_, _, err = f.svc.Create(as(f.staff), webhook.CreateInput{URL: leadsOnly.srv.URL, Scope: d.WebhookAccount, Kinds: []d.NotificationKind{d.NotifyNewLead}})
	require.NoError(t, err)

	f.send(t, d.NotifyMessageReceived, "first", f.owner, f.staff)
	f.send(t, d.NotifyNewLead, "second", f.owner, f.staff)
	f.send(t, d.NotifyQuoteAccepted, "third", f.staff)
	pending, err := f.db.WebhookDelivery.Query().Where(webhookdelivery.EndpointID(ep.ID)).Count(authz.System(context.Background()))
	require.NoError(t, err)
	require.Equal(t, 3, pending, "one delivery per event for the firm, not per member")

	clock := time.Now()
	disp := &webhook.Dispatcher{DB: f.db, Client: webhook.NewClient(webhook.Targets{AllowInsecure: true}, 2*time.Second),
		Now: func() time.Time { return clock }, Backoff: func(n int) time.Duration { return time.Duration(n) * time.Minute }}
	ctx := context.Background()
	for i := 1; i <= 3; i++ {
		require.NoError(t, disp.Drain(ctx))
		require.Len(t, rcv.got(), i, "one attempt, then the endpoint backs off")
		require.NoError(t, disp.Drain(ctx))
		require.Len(t, rcv.got(), i, "still backing off")
		clock = clock.Add(time.Duration(i)*time.Minute + time.Second)
	}
	require.NoError(t, disp.Drain(ctx))
	calls := rcv.got()
	require.Len(t, calls, 6)
	var subjects []string
	for i, c := range calls {
		require.Equal(t, calls[0].eventID, calls[min(i, 3)].eventID, "retries keep the event id")
		var ev event
		require.NoError(t, json.Unmarshal(c.body, &ev))
		require.Equal(t, c.eventID, ev.ID)
		require.Equal(t, "FIRM", ev.Scope)
		require.Equal(t, *f.owner.ProducerID, atoi(t, ev.ProducerID))
		require.NoError(t, webhook.Verify(c.sig, secret, c.body, time.Hour, clock))
		if c.status == 200 {
			subjects = append(subjects, ev.Data.Subject)
		}
	}
	require.Equal(t, []string{"first", "second", "third"}, subjects, "in order, each once")
	lc := leadsOnly.got()
	require.Len(t, lc, 1)
	var ev event
	require.NoError(t, json.Unmarshal(lc[0].body, &ev))
	require.Equal(t, "NEW_LEAD", ev.Type)
	require.Equal(t, "ACCOUNT", ev.Scope)

	log, err := f.db.WebhookDelivery.Query().Where(webhookdelivery.EndpointID(ep.ID)).Order(webhookdelivery.ByID()).All(as(f.staff))
	require.NoError(t, err)
	require.Len(t, log, 3, "the firm's members read its delivery log")
	require.Equal(t, 4, log[0].Attempts)
	require.Equal(t, d.WebhookDelivered, log[2].State)
	none, err := f.db.WebhookDelivery.Query().Count(as(f.outside))
	require.NoError(t, err)
	require.Zero(t, none)
}

func atoi(t *testing.T, s string) int {
	var n int
	require.NoError(t, json.Unmarshal([]byte(s), &n))
	return n
}

// A delivery failing past the window disables its endpoint and notifies the
// firm's owners; enabling sends what was pending.
func TestDisableAfterWindow(t *testing.T) {
	f := setup(t)
	rcv := newReceiver(t, 1000)
	ep, _, err := f.svc.Create(as(f.owner), webhook.CreateInput{URL: rcv.srv.URL, Scope: d.WebhookFirm, Description: ptr("CRM")})
	require.NoError(t, err)
	f.send(t, d.NotifyInquiryReceived, "one", f.staff)
	f.send(t, d.NotifyInquiryReceived, "two", f.staff)
	clock := time.Now()
	disp := &webhook.Dispatcher{DB: f.db, Notifier: f.nf, Client: webhook.NewClient(webhook.Targets{AllowInsecure: true}, 2*time.Second),
		Now: func() time.Time { return clock }, Window: time.Hour, Backoff: func(int) time.Duration { return 20 * time.Minute }}
	ctx := context.Background()
	for range 5 {
		require.NoError(t, disp.Drain(ctx))
		clock = clock.Add(21 * time.Minute)
	}
	sys := authz.System(ctx)
	got, err := f.db.WebhookEndpoint.Get(sys, ep.ID)
	require.NoError(t, err)
	require.True(t, got.Disabled)
	require.Contains(t, got.DisabledReason, "HTTP 503")
	require.Len(t, rcv.got(), 4, "attempts at 0, 21, 42 min, then past the hour: given up")
	states, err := f.db.WebhookDelivery.Query().Where(webhookdelivery.EndpointID(ep.ID)).Order(webhookdelivery.ByID()).
		Select(webhookdelivery.FieldState).Strings(sys)
	require.NoError(t, err)
	require.Equal(t, []string{"FAILED", "PENDING"}, states, "later deliveries wait for the endpoint to be enabled")
	told, err := f.db.Notification.Query().Where(notification.KindEQ(d.NotifyWebhookDisabled)).All(sys)
	require.NoError(t, err)
	require.Len(t, told, 1, "the firm's owner, not its staff")
	require.Equal(t, f.owner.ID, told[0].AccountID)
	require.Contains(t, told[0].Subject, "CRM")

	rcv.mu.Lock()
	rcv.fail = 0
	rcv.mu.Unlock()
	_, err = f.svc.Enable(as(f.owner), ep.ID)
	require.NoError(t, err)
	require.NoError(t, disp.Drain(ctx))
	require.Len(t, rcv.got(), 5)
	require.Equal(t, 200, rcv.got()[4].status)
	left, err := f.db.WebhookEndpoint.Query().Where(webhookendpoint.ID(ep.ID), webhookendpoint.Disabled(false), webhookendpoint.ConsecutiveFailures(0)).Exist(sys)
	require.NoError(t, err)
	require.True(t, left)
}

func ptr[T any](v T) *T { return &v }

// Two dispatchers (two replicas) on one database: every event goes out once,
// and one endpoint never has two deliveries in flight.
func TestTwoDispatchersOneAtATime(t *testing.T) {
	f := setup(t)
	var mu sync.Mutex
	inFlight, maxInFlight := 0, 0
	seen := map[string]int{}
	srv := httptest.NewServer(http.HandlerFunc(func(_ http.ResponseWriter, req *http.Request) {
		mu.Lock()
		inFlight++
		maxInFlight = max(maxInFlight, inFlight)
		seen[req.Header.Get(webhook.HeaderEventID)]++
		mu.Unlock()
		time.Sleep(2 * time.Millisecond)
		mu.Lock()
		inFlight--
		mu.Unlock()
	}))
	defer srv.Close()
	_, _, err := f.svc.Create(as(f.owner), webhook.CreateInput{URL: srv.URL, Scope: d.WebhookFirm})
	require.NoError(t, err)
	const n = 40
	for i := range n {
		f.send(t, d.NotifyMessageReceived, "m"+string(rune('a'+i%26)), f.owner)
	}
	var wg sync.WaitGroup
	for range 2 {
		disp := &webhook.Dispatcher{DB: f.db, Client: webhook.NewClient(webhook.Targets{AllowInsecure: true}, 2*time.Second)}
		wg.Go(func() {
			for range 20 {
				require.NoError(t, disp.Drain(context.Background()))
			}
		})
	}
	wg.Wait()
	require.Len(t, seen, n)
	for id, c := range seen {
		require.Equal(t, 1, c, id)
	}
	require.Equal(t, 1, maxInFlight)
}
