// Package outbox is Exportiva's transactional outbox. Work that must follow a
// change — an e-mail to send, a lead to fan out to producers — is written as a
// row in the change's own transaction (Add), so it exists exactly when the
// change committed; a Worker in every replica claims due rows, does them and
// marks them done, retrying failures with exponential backoff.
//
// Claiming never hands one row to two workers at once: on PostgreSQL the claim
// is SELECT … FOR UPDATE SKIP LOCKED (replicas take disjoint rows without
// waiting on each other); on SQLite the claim transaction runs on the single
// writer connection (BEGIN IMMEDIATE), so claims are serialized. A claim is a
// lease (Lease, 5 minutes): a worker that dies mid-item leaves it to be
// claimed again after the lease, so delivery is at least once, and a row done
// is marked with the claimant's token so a late worker cannot mark another's.
package outbox

import (
	"context"
	"crypto/rand"
	"encoding/hex"
	"encoding/json"
	"errors"
	"fmt"
	"log/slog"
	"math"
	"sync"
	"time"

	"entgo.io/ent/dialect"
	entsql "entgo.io/ent/dialect/sql"

	"github.com/exportiva/exportiva/ent"
	"github.com/exportiva/exportiva/ent/outbox"
	"github.com/exportiva/exportiva/internal/authz"
	"github.com/exportiva/exportiva/internal/events"
	"github.com/exportiva/exportiva/internal/mail"
)

// Kinds of work.
const (
	KindEmail      = "email"
	KindLeadFanout = "lead_fanout"
)

// client returns the transaction's client of the request when there is one.
func client(ctx context.Context, db *ent.Client) *ent.Client {
	if c := ent.FromContext(ctx); c != nil {
		return c
	}
	return db
}

// Add queues work in the transaction of ctx (or on its own when there is none)
// and, once that commits, wakes the local worker.
func Add(ctx context.Context, db *ent.Client, kind string, payload any) error {
	return AddMany(ctx, db, kind, []any{payload})
}

// AddMany queues several items of one kind in one statement per 500.
func AddMany(ctx context.Context, db *ent.Client, kind string, payloads []any) error {
	if len(payloads) == 0 {
		return nil
	}
	c := client(ctx, db)
	for start := 0; start < len(payloads); start += 500 {
		chunk := payloads[start:min(len(payloads), start+500)]
		builders := make([]*ent.OutboxCreate, len(chunk))
		for i, p := range chunk {
			b, err := json.Marshal(p)
			if err != nil {
				return fmt.Errorf("outbox payload: %w", err)
			}
			builders[i] = c.Outbox.Create().SetKind(kind).SetPayload(string(b))
		}
		if err := c.Outbox.CreateBulk(builders...).Exec(authz.System(ctx)); err != nil {
			return err
		}
	}
	events.AfterCommit(ctx, wake)
	return nil
}

// Handler does one item; its payload is the JSON given to Add. An error is
// retried later unless Permanent says otherwise.
type Handler func(ctx context.Context, id int, payload []byte) error

// permanentErr is a failure no retry can fix.
type permanentErr struct{ error }

func (p permanentErr) Unwrap() error { return p.error }

// Permanent wraps an error so the item is given up at once (state dead).
func Permanent(err error) error { return permanentErr{err} }

// Worker claims and does due items.
type Worker struct {
	DB *ent.Client
	// Handlers per kind; an item of a kind without handler stays pending.
	Handlers map[string]Handler
	// Batch is how many items one claim takes (default 20).
	Batch int
	// Lease is how long a claim lasts (default 5 minutes).
	Lease time.Duration
	// MaxAttempts after which an item is dead (default 12: with the default
	// backoff about 17 hours of retries).
	MaxAttempts int
	// Backoff gives the wait after the n-th failed attempt (default 30 s × 2^(n-1),
	// at most 4 hours).
	Backoff func(n int) time.Duration
	Now     func() time.Time
	Log     *slog.Logger

	id   string
	once sync.Once
}

func (w *Worker) init() {
	w.once.Do(func() {
		var b [8]byte
		_, _ = rand.Read(b[:])
		w.id = hex.EncodeToString(b[:])
		if w.Batch <= 0 {
			w.Batch = 20
		}
		if w.Lease <= 0 {
			w.Lease = 5 * time.Minute
		}
		if w.MaxAttempts <= 0 {
			w.MaxAttempts = 12
		}
		if w.Backoff == nil {
			w.Backoff = DefaultBackoff
		}
		if w.Now == nil {
			w.Now = time.Now
		}
		if w.Log == nil {
			w.Log = slog.Default()
		}
	})
}

// DefaultBackoff waits 30 s after the first failure, doubling up to 4 hours.
func DefaultBackoff(n int) time.Duration {
	d := float64(30*time.Second) * math.Pow(2, float64(min(max(n-1, 0), 20)))
	return min(time.Duration(d), 4*time.Hour)
}

type claimed struct {
	id      int
	kind    string
	payload string
	tries   int
}

// claim takes up to Batch due items for this worker.
func (w *Worker) claim(ctx context.Context) ([]claimed, error) {
	sys := authz.System(ctx)
	tx, err := w.DB.Tx(sys)
	if err != nil {
		return nil, err
	}
	now := w.Now()
	kinds := make([]string, 0, len(w.Handlers))
	for k := range w.Handlers {
		kinds = append(kinds, k)
	}
	if len(kinds) == 0 {
		_ = tx.Rollback()
		return nil, nil
	}
	ids, err := tx.Outbox.Query().
		// Only the kinds this worker does: a replica without a mailer leaves the
		// e-mails to one with it instead of claiming and releasing them.
		Where(outbox.KindIn(kinds...), outbox.StateEQ(outbox.StatePending), outbox.NextAttemptAtLTE(now),
			outbox.Or(outbox.ClaimedUntilIsNil(), outbox.ClaimedUntilLT(now))).
		Order(outbox.ByID()).Limit(w.Batch).
		Modify(func(s *entsql.Selector) {
			if s.Dialect() == dialect.Postgres {
				s.ForUpdate(entsql.WithLockAction(entsql.SkipLocked))
			}
		}).
		Select(outbox.FieldID).Ints(sys)
	if err != nil || len(ids) == 0 {
		_ = tx.Rollback()
		return nil, err
	}
	if err := tx.Outbox.Update().Where(outbox.IDIn(ids...)).
		SetClaim(w.id).SetClaimedUntil(now.Add(w.Lease)).Exec(sys); err != nil {
		_ = tx.Rollback()
		return nil, err
	}
	rows, err := tx.Outbox.Query().Where(outbox.IDIn(ids...)).Order(outbox.ByID()).All(sys)
	if err != nil {
		_ = tx.Rollback()
		return nil, err
	}
	if err := tx.Commit(); err != nil {
		return nil, err
	}
	out := make([]claimed, len(rows))
	for i, r := range rows {
		out[i] = claimed{id: r.ID, kind: r.Kind, payload: r.Payload, tries: r.Attempts}
	}
	return out, nil
}

// RunOnce claims one batch of the kinds it has handlers for and does it; it
// returns how many items it did (successfully or not).
func (w *Worker) RunOnce(ctx context.Context) (int, error) {
	w.init()
	items, err := w.claim(ctx)
	if err != nil {
		return 0, err
	}
	sys := authz.System(ctx)
	done := 0
	for _, it := range items {
		h := w.Handlers[it.kind]
		if h == nil {
			// Claimed only by kinds with a handler: a handler set to nil since.
			_ = w.DB.Outbox.Update().Where(outbox.ID(it.id), outbox.Claim(w.id)).ClearClaim().ClearClaimedUntil().Exec(sys)
			continue
		}
		done++
		err := safely(ctx, h, it)
		now := w.Now()
		u := w.DB.Outbox.Update().Where(outbox.ID(it.id), outbox.Claim(w.id)).ClearClaim().ClearClaimedUntil().AddAttempts(1)
		switch {
		case err == nil:
			u.SetState(outbox.StateDone).SetDoneAt(now).SetPayload("").SetLastError("")
		case errors.As(err, new(permanentErr)) || it.tries+1 >= w.MaxAttempts:
			w.Log.ErrorContext(ctx, "outbox item given up", "id", it.id, "kind", it.kind, "attempts", it.tries+1, "err", err.Error())
			u.SetState(outbox.StateDead).SetLastError(err.Error())
		default:
			w.Log.WarnContext(ctx, "outbox item failed; will retry", "id", it.id, "kind", it.kind, "attempts", it.tries+1, "err", err.Error())
			u.SetNextAttemptAt(now.Add(w.Backoff(it.tries + 1))).SetLastError(err.Error())
		}
		if uerr := u.Exec(sys); uerr != nil {
			return done, uerr
		}
	}
	return done, nil
}

func safely(ctx context.Context, h Handler, it claimed) (err error) {
	defer func() {
		if r := recover(); r != nil {
			err = fmt.Errorf("panic: %v", r)
		}
	}()
	return h(ctx, it.id, []byte(it.payload))
}

// Drain runs batches until none is due (tests, the CLI).
func (w *Worker) Drain(ctx context.Context) error {
	for {
		n, err := w.RunOnce(ctx)
		if err != nil || n == 0 {
			return err
		}
	}
}

// wakeups reaches the workers of this process after a commit that queued work.
var (
	wakeMu  sync.Mutex
	wakeChs []chan struct{}
)

func wake() {
	wakeMu.Lock()
	defer wakeMu.Unlock()
	for _, c := range wakeChs {
		select {
		case c <- struct{}{}:
		default:
		}
	}
}

// Run does due items every interval, and at once after a local commit that
// queued some, until ctx ends.
func (w *Worker) Run(ctx context.Context, every time.Duration) {
	w.init()
	c := make(chan struct{}, 1)
	wakeMu.Lock()
	wakeChs = append(wakeChs, c)
	wakeMu.Unlock()
	defer func() {
		wakeMu.Lock()
		for i, x := range wakeChs {
			if x == c {
				wakeChs = append(wakeChs[:i], wakeChs[i+1:]...)
				break
			}
		}
		wakeMu.Unlock()
	}()
	t := time.NewTicker(every)
	defer t.Stop()
	for {
		if err := w.Drain(ctx); err != nil && ctx.Err() == nil {
			w.Log.WarnContext(ctx, "outbox", "err", err.Error())
		}
		select {
		case <-ctx.Done():
			return
		case <-t.C:
		case <-c:
		}
	}
}

// Email queues a rendered message.
func Email(ctx context.Context, db *ent.Client, m mail.Message) error {
	return Add(ctx, db, KindEmail, m)
}

// EmailHandler sends queued messages through s. The item's id becomes the
// message id, so a resend after a crash is recognizable as the same message.
func EmailHandler(s mail.Sender) Handler {
	return func(ctx context.Context, id int, payload []byte) error {
		var m mail.Message
		if err := json.Unmarshal(payload, &m); err != nil {
			return Permanent(err)
		}
		m.ID = fmt.Sprintf("exportiva-%d", id)
		if err := s.Send(ctx, m); err != nil {
			if mail.Permanent(err) {
				return Permanent(err)
			}
			return err
		}
		return nil
	}
}
