package webhook

import (
	"bytes"
	"context"
	"crypto/rand"
	"encoding/hex"
	"errors"
	"fmt"
	"io"
	"log/slog"
	"net/http"
	"strconv"
	"sync"
	"time"

	"entgo.io/ent/dialect"
	entsql "entgo.io/ent/dialect/sql"

	"github.com/exportiva/exportiva/ent"
	"github.com/exportiva/exportiva/ent/account"
	"github.com/exportiva/exportiva/ent/webhookdelivery"
	"github.com/exportiva/exportiva/ent/webhookendpoint"
	"github.com/exportiva/exportiva/internal/authz"
	"github.com/exportiva/exportiva/internal/domain"
	"github.com/exportiva/exportiva/internal/notify"
	"github.com/exportiva/exportiva/internal/outbox"
)

// DefaultTimeout bounds one delivery attempt.
const DefaultTimeout = 15 * time.Second

// Backoff is base × 2^(n-1) after the n-th failure, at most 4 hours
// (outbox.DefaultBackoff with base 30 s).
func Backoff(base time.Duration, n int) time.Duration {
	d := base
	for i := 1; i < n && d < 4*time.Hour; i++ {
		d *= 2
	}
	return min(d, 4*time.Hour)
}

// Dispatcher sends the pending deliveries of the endpoints it claims.
type Dispatcher struct {
	DB *ent.Client
	// Notifier tells owners that their endpoint was disabled (nil: nobody).
	Notifier *notify.Notifier
	// Client posts the events (default NewClient(Targets{}, Timeout)).
	Client *http.Client
	// Timeout of one attempt (default 15 s).
	Timeout time.Duration
	// Lease is how long a claim on an endpoint lasts without being renewed
	// (default 1 minute; renewed before each attempt). A dispatcher that dies
	// leaves its endpoints to others after it.
	Lease time.Duration
	// Window is how long a delivery is retried before it fails and disables
	// its endpoint (default 24 h).
	Window time.Duration
	// Backoff is the wait after the n-th failed attempt (default
	// outbox.DefaultBackoff: 30 s doubling, at most 4 h).
	Backoff func(n int) time.Duration
	// Batch is how many endpoints one claim takes, worked at once (default 8).
	Batch int
	Now   func() time.Time
	Log   *slog.Logger

	id   string
	once sync.Once
}

func (d *Dispatcher) init() {
	d.once.Do(func() {
		var b [8]byte
		_, _ = rand.Read(b[:])
		d.id = hex.EncodeToString(b[:])
		if d.Timeout <= 0 {
			d.Timeout = DefaultTimeout
		}
		if d.Client == nil {
			d.Client = NewClient(Targets{}, d.Timeout)
		}
		if d.Lease <= 0 {
			d.Lease = time.Minute
		}
		if d.Window <= 0 {
			d.Window = 24 * time.Hour
		}
		if d.Backoff == nil {
			d.Backoff = outbox.DefaultBackoff
		}
		if d.Batch <= 0 {
			d.Batch = 8
		}
		if d.Now == nil {
			d.Now = time.Now
		}
		if d.Log == nil {
			d.Log = slog.Default()
		}
	})
}

// claim takes up to Batch endpoints that have pending deliveries and are not
// backing off, disabled, or claimed by another dispatcher.
func (d *Dispatcher) claim(ctx context.Context) ([]int, error) {
	tx, err := d.DB.Tx(ctx)
	if err != nil {
		return nil, err
	}
	now := d.Now()
	ids, err := tx.WebhookEndpoint.Query().
		Where(webhookendpoint.Disabled(false),
			webhookendpoint.Or(webhookendpoint.RetryAtIsNil(), webhookendpoint.RetryAtLTE(now)),
			webhookendpoint.Or(webhookendpoint.ClaimedUntilIsNil(), webhookendpoint.ClaimedUntilLT(now)),
			webhookendpoint.HasDeliveriesWith(webhookdelivery.StateEQ(domain.WebhookPending))).
		Order(webhookendpoint.ByID()).Limit(d.Batch).
		Modify(func(s *entsql.Selector) {
			if s.Dialect() == dialect.Postgres {
				s.ForUpdate(entsql.WithLockAction(entsql.SkipLocked))
			}
		}).
		Select(webhookendpoint.FieldID).Ints(ctx)
	if err != nil || len(ids) == 0 {
		_ = tx.Rollback()
		return nil, err
	}
	if err := tx.WebhookEndpoint.Update().Where(webhookendpoint.IDIn(ids...)).
		SetClaim(d.id).SetClaimedUntil(now.Add(d.Lease)).Exec(ctx); err != nil {
		_ = tx.Rollback()
		return nil, err
	}
	return ids, tx.Commit()
}

// RunOnce claims endpoints and sends their pending deliveries; it returns how
// many endpoints it worked.
func (d *Dispatcher) RunOnce(ctx context.Context) (int, error) {
	d.init()
	ctx = authz.System(ctx)
	ids, err := d.claim(ctx)
	if err != nil || len(ids) == 0 {
		return 0, err
	}
	errs := make([]error, len(ids))
	var wg sync.WaitGroup
	for i, id := range ids {
		wg.Go(func() { errs[i] = d.work(ctx, id) })
	}
	wg.Wait()
	return len(ids), errors.Join(errs...)
}

// Drain works endpoints until none is due (tests).
func (d *Dispatcher) Drain(ctx context.Context) error {
	for {
		n, err := d.RunOnce(ctx)
		if err != nil || n == 0 {
			return err
		}
	}
}

// Run works due endpoints every interval, and at once after a local commit
// that queued deliveries, until ctx ends.
func (d *Dispatcher) Run(ctx context.Context, every time.Duration) {
	d.init()
	c, stop := outbox.Wakeups()
	defer stop()
	t := time.NewTicker(every)
	defer t.Stop()
	for {
		if err := d.Drain(ctx); err != nil && ctx.Err() == nil {
			d.Log.WarnContext(ctx, "webhooks", "err", err.Error())
		}
		select {
		case <-ctx.Done():
			return
		case <-t.C:
		case <-c:
		}
	}
}

// perClaim is the most deliveries one claim of an endpoint sends, so that
// other endpoints' turn comes.
const perClaim = 100

// work sends an endpoint's pending deliveries, oldest first, one at a time,
// until none is left, one fails, or the claim is lost.
func (d *Dispatcher) work(ctx context.Context, id int) error {
	mine := webhookendpoint.Claim(d.id)
	defer func() {
		_ = d.DB.WebhookEndpoint.Update().Where(webhookendpoint.ID(id), mine).ClearClaim().ClearClaimedUntil().Exec(context.WithoutCancel(ctx))
	}()
	for range perClaim {
		now := d.Now()
		// Renew the lease, which checks that the claim is still ours.
		n, err := d.DB.WebhookEndpoint.Update().Where(webhookendpoint.ID(id), mine, webhookendpoint.Disabled(false)).
			SetClaimedUntil(now.Add(d.Lease + d.Timeout)).Save(ctx)
		if err != nil || n == 0 || ctx.Err() != nil {
			return err
		}
		ep, err := d.DB.WebhookEndpoint.Get(ctx, id)
		if err != nil {
			return err
		}
		head, err := d.DB.WebhookDelivery.Query().
			Where(webhookdelivery.EndpointID(id), webhookdelivery.StateEQ(domain.WebhookPending)).
			Order(webhookdelivery.ByID()).First(ctx)
		if ent.IsNotFound(err) {
			return nil
		}
		if err != nil {
			return err
		}
		status, sendErr := d.send(ctx, ep, head)
		if ctx.Err() != nil {
			// Shutting down: the attempt does not count; the next claimant
			// sends it again (same event id).
			return nil
		}
		if err := d.record(ctx, ep, head, status, sendErr); err != nil || sendErr != nil {
			return err
		}
	}
	return nil
}

// send POSTs one delivery; a status other than 2xx is an error.
func (d *Dispatcher) send(ctx context.Context, ep *ent.WebhookEndpoint, del *ent.WebhookDelivery) (*int, error) {
	body := []byte(del.Payload)
	now := d.Now()
	secrets := []string{ep.Secret}
	if ep.PreviousSecret != "" && ep.PreviousSecretUntil != nil && now.Before(*ep.PreviousSecretUntil) {
		secrets = append(secrets, ep.PreviousSecret)
	}
	req, err := http.NewRequestWithContext(ctx, http.MethodPost, ep.URL, bytes.NewReader(body))
	if err != nil {
		return nil, err
	}
	req.Header.Set("Content-Type", "application/json")
	req.Header.Set("User-Agent", "Exportiva-Webhooks/1")
	req.Header.Set(HeaderEventID, del.EventID)
	req.Header.Set(HeaderEventType, string(del.Kind))
	req.Header.Set(HeaderTimestamp, strconv.FormatInt(now.Unix(), 10))
	req.Header.Set(HeaderSignature, SignatureHeader(secrets, now, body))
	res, err := d.Client.Do(req)
	if err != nil {
		return nil, err
	}
	defer func() { _ = res.Body.Close() }()
	_, _ = io.Copy(io.Discard, io.LimitReader(res.Body, 64<<10))
	status := res.StatusCode
	if status < 200 || status > 299 {
		return &status, fmt.Errorf("HTTP %d", status)
	}
	return &status, nil
}

func cut(s string, n int) string {
	r := []rune(s)
	if len(r) <= n {
		return s
	}
	return string(r[:n-1]) + "…"
}

// record writes the outcome of an attempt: delivered; failed, to retry after
// the backoff; or failed past the window, which disables the endpoint and
// notifies its owner, in one transaction.
func (d *Dispatcher) record(ctx context.Context, ep *ent.WebhookEndpoint, del *ent.WebhookDelivery, status *int, sendErr error) error {
	now := d.Now()
	mine := webhookendpoint.Claim(d.id)
	if sendErr == nil {
		if err := d.DB.WebhookDelivery.UpdateOne(del).SetState(domain.WebhookDelivered).AddAttempts(1).
			SetNillableLastStatus(status).SetLastError("").SetLastAttemptAt(now).SetDeliveredAt(now).Exec(ctx); err != nil {
			return err
		}
		if ep.ConsecutiveFailures == 0 && ep.RetryAt == nil {
			return nil
		}
		return d.DB.WebhookEndpoint.Update().Where(webhookendpoint.ID(ep.ID), mine).
			SetConsecutiveFailures(0).ClearRetryAt().Exec(ctx)
	}
	msg := cut(sendErr.Error(), 500)
	if now.Sub(del.CreatedAt) < d.Window {
		d.Log.WarnContext(ctx, "webhook delivery failed; will retry", "endpoint_id", ep.ID, "event_id", del.EventID, "attempts", del.Attempts+1, "err", msg)
		u := d.DB.WebhookDelivery.UpdateOne(del).AddAttempts(1).SetLastError(msg).SetLastAttemptAt(now)
		if status != nil {
			u.SetLastStatus(*status)
		} else {
			u.ClearLastStatus()
		}
		if err := u.Exec(ctx); err != nil {
			return err
		}
		return d.DB.WebhookEndpoint.Update().Where(webhookendpoint.ID(ep.ID), mine).AddConsecutiveFailures(1).
			SetRetryAt(now.Add(d.Backoff(del.Attempts + 1))).Exec(ctx)
	}
	d.Log.ErrorContext(ctx, "webhook delivery given up; endpoint disabled", "endpoint_id", ep.ID, "event_id", del.EventID, "attempts", del.Attempts+1, "err", msg)
	tx, err := d.DB.Tx(ctx)
	if err != nil {
		return err
	}
	txCtx := ent.NewTxContext(ctx, tx)
	err = func() error {
		u := tx.WebhookDelivery.UpdateOne(del).SetState(domain.WebhookFailed).AddAttempts(1).SetLastError(msg).SetLastAttemptAt(now)
		if status != nil {
			u.SetLastStatus(*status)
		} else {
			u.ClearLastStatus()
		}
		if err := u.Exec(txCtx); err != nil {
			return err
		}
		reason := fmt.Sprintf("deliveries failed for %s (last: %s)", d.Window, msg)
		if err := tx.WebhookEndpoint.Update().Where(webhookendpoint.ID(ep.ID), mine).SetDisabled(true).SetDisabledAt(now).
			SetDisabledReason(cut(reason, 500)).AddConsecutiveFailures(1).ClearRetryAt().Exec(txCtx); err != nil {
			return err
		}
		if d.Notifier == nil {
			return nil
		}
		owners, err := ownersOf(txCtx, tx.Client(), ep)
		if err != nil {
			return err
		}
		subject := ep.URL
		if ep.Description != "" {
			subject = ep.Description + " (" + ep.URL + ")"
		}
		_, err = d.Notifier.Send(txCtx, tx.Client(), owners, notify.Event{Kind: domain.NotifyWebhookDisabled, Subject: subject})
		return err
	}()
	if err != nil {
		_ = tx.Rollback()
		return err
	}
	return tx.Commit()
}

// ownersOf are the accounts told of an endpoint's trouble: its creator for an
// ACCOUNT endpoint, the firm's owners for a FIRM one.
func ownersOf(ctx context.Context, db *ent.Client, ep *ent.WebhookEndpoint) ([]int, error) {
	if ep.Scope == domain.WebhookAccount {
		return []int{ep.AccountID}, nil
	}
	q := db.Account.Query().Where(account.Disabled(false), account.FirmRoleEQ(domain.FirmOwner))
	if ep.ProducerID != nil {
		q.Where(account.ProducerID(*ep.ProducerID))
	} else if ep.BuyerID != nil {
		q.Where(account.BuyerID(*ep.BuyerID))
	}
	return q.Order(account.ByID()).Limit(50).IDs(ctx)
}
