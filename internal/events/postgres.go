package events

import (
	"context"
	"encoding/json"
	"log/slog"
	"sync"
	"sync/atomic"
	"time"

	"github.com/jackc/pgx/v5"
)

// Channel is the PostgreSQL notification channel of the events.
const Channel = "exportiva_events"

// Postgres is the bus of replicas sharing one PostgreSQL database.
type Postgres struct {
	h      *hub
	dsn    string
	log    *slog.Logger
	cancel context.CancelFunc
	done   chan struct{}
	// Connected reports whether the listener currently listens.
	connected atomic.Bool
	connects  atomic.Int64
	pubMu     sync.Mutex
	pub       *pgx.Conn
}

// NewPostgres starts listening on the database at dsn. The listener reconnects
// with backoff whenever its connection is lost.
func NewPostgres(dsn string, log *slog.Logger) *Postgres {
	ctx, cancel := context.WithCancel(context.Background())
	p := &Postgres{h: newHub(), dsn: dsn, log: log, cancel: cancel, done: make(chan struct{})}
	go p.listen(ctx)
	return p
}

// Connects counts the listener's successful connections (1 plus reconnections).
func (p *Postgres) Connects() int64 { return p.connects.Load() }

// Listening reports whether the listener is connected.
func (p *Postgres) Listening() bool { return p.connected.Load() }

func (p *Postgres) listen(ctx context.Context) {
	defer close(p.done)
	backoff := 100 * time.Millisecond
	for ctx.Err() == nil {
		err := p.listenOnce(ctx)
		p.connected.Store(false)
		if ctx.Err() != nil {
			return
		}
		p.log.Warn("event listener lost its connection; reconnecting", "err", err.Error(), "in", backoff.String())
		select {
		case <-ctx.Done():
			return
		case <-time.After(backoff):
		}
		backoff = min(backoff*2, 5*time.Second)
	}
}

func (p *Postgres) listenOnce(ctx context.Context) error {
	conn, err := pgx.Connect(ctx, p.dsn)
	if err != nil {
		return err
	}
	defer func() { _ = conn.Close(context.Background()) }()
	if _, err := conn.Exec(ctx, "LISTEN "+Channel); err != nil {
		return err
	}
	p.connected.Store(true)
	p.connects.Add(1)
	p.h.missed() // events sent while the listener was away are lost
	p.log.Info("event listener connected")
	for {
		n, err := conn.WaitForNotification(ctx)
		if err != nil {
			return err
		}
		var e Event
		if json.Unmarshal([]byte(n.Payload), &e) == nil {
			p.h.deliver(e)
		}
	}
}

// Publish notifies every replica (this one included, through its listener).
func (p *Postgres) Publish(ctx context.Context, e Event) error {
	payload, err := json.Marshal(e)
	if err != nil {
		return err
	}
	p.pubMu.Lock()
	defer p.pubMu.Unlock()
	for attempt := 0; attempt < 2; attempt++ {
		if p.pub == nil || p.pub.IsClosed() {
			if p.pub, err = pgx.Connect(ctx, p.dsn); err != nil {
				return err
			}
		}
		if _, err = p.pub.Exec(ctx, "SELECT pg_notify($1, $2)", Channel, string(payload)); err == nil {
			p.h.stats.published.Add(1)
			return nil
		}
		_ = p.pub.Close(context.Background())
		p.pub = nil
	}
	return err
}

// Subscribe starts receiving a topic.
func (p *Postgres) Subscribe(topic string) *Subscription { return p.h.subscribe(topic) }

// Listen calls fn for every event of the topic, from any replica.
func (p *Postgres) Listen(topic string, fn func(Event)) { p.h.listen(topic, fn) }

// Stats counts traffic.
func (p *Postgres) Stats() Stats { return p.h.snapshot() }

// Close stops listening.
func (p *Postgres) Close() error {
	p.cancel()
	<-p.done
	p.pubMu.Lock()
	defer p.pubMu.Unlock()
	if p.pub != nil {
		return p.pub.Close(context.Background())
	}
	return nil
}
