package server

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"io"
	"log/slog"
	"net/http"
	"reflect"
	"strings"
	"sync"
	"sync/atomic"
	"time"

	"github.com/99designs/gqlgen/graphql/handler/transport"
	coderws "github.com/coder/websocket"

	"github.com/exportiva/exportiva/graph"
	"github.com/exportiva/exportiva/internal/auth"
	"github.com/exportiva/exportiva/internal/events"
	"github.com/exportiva/exportiva/internal/metrics"
	"github.com/exportiva/exportiva/internal/viewer"
)

// Close codes of the graphql-transport-ws protocol (and RFC 6455) the server
// closes a websocket with. graphql-ws clients act on them: 4403 is reported to
// the application and retried with the client's backoff, never in a loop.
const (
	// CloseForbidden: connection_init refused (bad, expired or revoked token,
	// disabled account), or the token was revoked or expired while connected.
	CloseForbidden = 4403
	// CloseSubscriberExists: a subscribe message reused the id of a running
	// subscription.
	CloseSubscriberExists = 4409
	// CloseTooManyInits: a second connection_init on one connection.
	CloseTooManyInits = 4429
	// CloseTryAgainLater: the token could not be checked (the database is
	// unreachable); the client retries with backoff.
	CloseTryAgainLater = 1013
	// CloseLifetime: the connection reached its maximum lifetime; clients
	// reconnect at once.
	CloseLifetime = 1000
)

// wsHub keeps the open websockets of this process with the session each one was
// authenticated with, so that a revocation (heard on the bus, from any replica)
// or the end of a token's life closes them.
type wsHub struct {
	auth *auth.Service
	cfg  Config
	m    *metrics.Metrics
	open *atomic.Int64
	log  *slog.Logger

	mu       sync.Mutex
	conns    map[*wsConn]struct{}
	sweeping bool
}

func newWSHub(a *auth.Service, cfg Config, m *metrics.Metrics, open *atomic.Int64, log *slog.Logger) *wsHub {
	h := &wsHub{auth: a, cfg: cfg, m: m, open: open, log: log, conns: map[*wsConn]struct{}{}}
	// A revocation anywhere checks this account's connections again; an event
	// of id 0 (the listener reconnected, events may be lost) checks all.
	cfg.Bus.Listen(events.SessionsRevoked, func(e events.Event) { go h.recheck(e.ID) })
	return h
}

// wsSlot carries, in the upgrade request's context, the connection that the
// transport accepted, so that InitFunc and CloseFunc (which only see the
// context) find it.
type wsSlot struct{ conn *wsConn }

type wsSlotKey struct{}

// track gives every websocket upgrade request its slot.
func (h *wsHub) track(next http.Handler) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if isUpgrade(r) {
			r = r.WithContext(context.WithValue(r.Context(), wsSlotKey{}, &wsSlot{}))
		}
		next.ServeHTTP(w, r)
	})
}

func isUpgrade(r *http.Request) bool { return r.Header.Get("Upgrade") != "" }

// transport speaks graphql-transport-ws (and the older graphql-ws): the token
// comes in the connection_init payload and is never echoed in connection_ack;
// browsers must come from an allowed origin (the API's own host, or a CORS
// origin); a connection carries a bounded number of subscriptions and messages
// of bounded size, lives at most until its token expires or
// Config.WebsocketMaxLifetime, and is closed with 4403 when its token is revoked.
func (h *wsHub) transport() *transport.Websocket {
	hosts := websocketOriginPatterns(h.cfg)
	limit := int64(64 << 10)
	return &transport.Websocket{
		Implementation:        wsImplementation{hub: h, inner: transport.CoderWebsocketImplementation{AcceptOptions: coderws.AcceptOptions{OriginPatterns: hosts}}},
		InitTimeout:           10 * time.Second,
		KeepAlivePingInterval: 15 * time.Second,
		PayloadReadLimit:      &limit,
		CloseFunc: func(ctx context.Context, _ int) {
			if slot, ok := ctx.Value(wsSlotKey{}).(*wsSlot); ok && slot.conn != nil {
				h.remove(slot.conn)
			}
		},
		InitFunc: h.init,
	}
}

// init authenticates connection_init. A refused token closes the connection
// with 4403 Forbidden; the acknowledgement carries no payload.
func (h *wsHub) init(ctx context.Context, p transport.InitPayload) (context.Context, *transport.InitPayload, error) {
	slot, _ := ctx.Value(wsSlotKey{}).(*wsSlot)
	var g *auth.Grant
	if raw := p.Authorization(); raw != "" {
		token, ok := bearerToken(raw)
		if !ok && strings.HasPrefix(strings.TrimSpace(raw), auth.TokenPrefix) {
			token, ok = strings.TrimSpace(raw), true // the bare token
		}
		var err error
		if ok {
			g, err = h.auth.Check(ctx, token)
		} else {
			err = auth.ErrBadToken
		}
		if err != nil {
			if !errors.Is(err, auth.ErrBadToken) {
				h.log.ErrorContext(ctx, "authenticating a websocket", "err", err.Error())
				ctx = transport.WithWebsocketCloseCode(ctx, CloseTryAgainLater)
				return transport.AppendCloseReason(ctx, "cannot check the token now"), nil, errors.New("cannot check the token now")
			}
			ctx = transport.WithWebsocketCloseCode(ctx, CloseForbidden)
			return transport.AppendCloseReason(ctx, "Forbidden"), nil, errors.New("invalid or expired token: sign in again")
		}
		ctx = viewer.NewContext(ctx, g.Viewer)
	}
	ctx = graph.WithSubscriptionLimit(ctx, h.cfg.MaxSubscriptions)
	if slot != nil && slot.conn != nil {
		h.add(slot.conn, g)
	}
	return ctx, nil, nil // anonymous when there is no token: subscriptions refuse it
}

// add registers an accepted connection and arms its lifetime.
func (h *wsHub) add(c *wsConn, g *auth.Grant) {
	life := h.cfg.WebsocketMaxLifetime
	code, reason := CloseLifetime, "the connection reached its maximum lifetime; reconnect"
	if g != nil {
		c.sessionID, c.accountID = g.SessionID, g.Viewer.AccountID
		if left := g.ExpiresAt.Sub(h.auth.Now()); life <= 0 || left < life {
			life, code, reason = left, CloseForbidden, "Forbidden: the token expired"
		}
	}
	h.mu.Lock()
	h.conns[c] = struct{}{}
	start := !h.sweeping && h.cfg.WebsocketRecheck > 0
	h.sweeping = h.sweeping || start
	h.mu.Unlock()
	h.m.Connections.Inc()
	h.open.Add(1)
	c.counted.Store(true)
	if life > 0 {
		c.mu.Lock()
		c.timer = time.AfterFunc(life, func() { c.shut(code, reason) })
		c.mu.Unlock()
	}
	if start {
		go h.sweep()
	}
}

// remove forgets a closed connection.
func (h *wsHub) remove(c *wsConn) {
	c.mu.Lock()
	if c.timer != nil {
		c.timer.Stop()
	}
	c.mu.Unlock()
	h.mu.Lock()
	delete(h.conns, c)
	h.mu.Unlock()
	if c.counted.CompareAndSwap(true, false) {
		h.m.Connections.Dec()
		h.open.Add(-1)
	}
}

// sweep checks every authenticated connection again each WebsocketRecheck,
// for revocations no event announced (an operator's command on SQLite, a lost
// notification); it stops when no connection is left.
func (h *wsHub) sweep() {
	t := time.NewTicker(h.cfg.WebsocketRecheck)
	defer t.Stop()
	for range t.C {
		h.mu.Lock()
		if len(h.conns) == 0 {
			h.sweeping = false
			h.mu.Unlock()
			return
		}
		h.mu.Unlock()
		h.recheck(0)
	}
}

// recheck closes with 4403 the connections of the account (every account for 0)
// whose session no longer grants access.
func (h *wsHub) recheck(accountID int) {
	h.mu.Lock()
	var list []*wsConn
	var ids []int
	for c := range h.conns {
		if c.sessionID != 0 && (accountID == 0 || c.accountID == accountID) {
			list = append(list, c)
			ids = append(ids, c.sessionID)
		}
	}
	h.mu.Unlock()
	if len(list) == 0 {
		return
	}
	ctx, cancel := context.WithTimeout(context.Background(), 10*time.Second)
	defer cancel()
	valid, err := h.auth.Valid(ctx, ids)
	if err != nil {
		h.log.Warn("checking the tokens of open websockets", "err", err.Error())
		return
	}
	for _, c := range list {
		if !valid[c.sessionID] {
			c.shut(CloseForbidden, "Forbidden: the token was revoked")
		}
	}
}

// wsImplementation accepts websockets with coder/websocket and wraps each
// connection in a wsConn.
type wsImplementation struct {
	hub   *wsHub
	inner transport.CoderWebsocketImplementation
}

// Accept implements transport.WebsocketImplementation.
func (i wsImplementation) Accept(w http.ResponseWriter, r *http.Request, o transport.WebsocketAcceptOptions) (transport.WebsocketConn, error) {
	conn, err := i.inner.Accept(w, r, o)
	if err != nil {
		return nil, err
	}
	c := &wsConn{WebsocketConn: conn, active: map[string]*wsSub{}}
	if slot, ok := r.Context().Value(wsSlotKey{}).(*wsSlot); ok {
		slot.conn = c
	}
	return c, nil
}

// wsConn is one websocket: it enforces what gqlgen's transport does not (a
// duplicate subscription id closes with 4409, a second connection_init with
// 4429) and can be closed from outside with a close code (revocation,
// lifetime).
type wsConn struct {
	transport.WebsocketConn
	sessionID, accountID int // 0: anonymous
	counted              atomic.Bool

	mu     sync.Mutex
	active map[string]*wsSub // subscription ids the server has not ended (graphql-transport-ws)
	inited bool
	timer  *time.Timer
	shutAt string // why the server closed it, once it did
}

// shut closes the connection with a close code; later calls do nothing.
func (c *wsConn) shut(code int, reason string) {
	c.mu.Lock()
	if c.shutAt != "" {
		c.mu.Unlock()
		return
	}
	c.shutAt = reason
	c.mu.Unlock()
	_ = c.WriteClose(code, reason)
}

// closed reports whether the server closed the connection.
func (c *wsConn) closed() bool {
	c.mu.Lock()
	defer c.mu.Unlock()
	return c.shutAt != ""
}

// wsSub is a subscription id in use: from the client's subscribe until the
// server's last message for it (complete or error). An id the client completed
// stays in use until the server has ended the operation, so that what the old
// operation still writes is never taken for a new one of the same id.
type wsSub struct {
	cancelled bool          // the client sent complete: the server's messages for it are dropped
	done      chan struct{} // closed when the server ended it
}

// wsReuseWait bounds how long a subscribe that reuses the id of an operation
// the client completed waits for the server to end that operation.
const wsReuseWait = 5 * time.Second

type wsHead struct {
	Type string `json:"type"`
	ID   string `json:"id"`
}

// NextReader implements transport.WebsocketConn: it reads the next message and
// applies the protocol's rules on ids and initialisation.
func (c *wsConn) NextReader() (int, io.Reader, error) {
	kind, r, err := c.WebsocketConn.NextReader()
	if err != nil || c.Subprotocol() != "graphql-transport-ws" {
		return kind, r, err
	}
	b, err := io.ReadAll(r)
	if err != nil {
		return kind, nil, err
	}
	if c.closed() {
		return kind, nil, transport.ErrWebsocketClosed // nothing more is served
	}
	var head wsHead
	if json.Unmarshal(b, &head) == nil {
		c.mu.Lock()
		switch head.Type {
		case "connection_init":
			if c.inited {
				c.mu.Unlock()
				c.shut(CloseTooManyInits, "Too many initialisation requests")
				return kind, nil, transport.ErrWebsocketClosed
			}
			c.inited = true
		case "subscribe":
			if old := c.active[head.ID]; old != nil && old.cancelled {
				// The client completed that operation and may reuse its id: wait
				// until the server has ended it (this is the read loop: nothing
				// else of this connection is read meanwhile).
				c.mu.Unlock()
				t := time.NewTimer(wsReuseWait)
				select {
				case <-old.done:
				case <-t.C:
				}
				t.Stop()
				c.mu.Lock()
			}
			if c.active[head.ID] != nil {
				c.mu.Unlock()
				c.shut(CloseSubscriberExists, "Subscriber for "+head.ID+" already exists")
				return kind, nil, transport.ErrWebsocketClosed
			}
			c.active[head.ID] = &wsSub{done: make(chan struct{})}
		case "complete":
			if s := c.active[head.ID]; s != nil {
				s.cancelled = true
			}
		}
		c.mu.Unlock()
	}
	return kind, bytes.NewReader(b), nil
}

// WriteJSON implements transport.WebsocketConn. The server's last message for
// a subscription (complete or error) frees its id before it is written: a
// client that reuses the id as soon as it reads that message is never refused.
// Messages for an operation the client completed are not written (the client
// stopped listening; graphql-transport-ws sends nothing more for it), so a
// late complete of the old operation never ends a new one of the same id.
func (c *wsConn) WriteJSON(v any) error {
	if typ, id, ok := wsMessageHead(v); ok {
		c.mu.Lock()
		s := c.active[id]
		drop := s != nil && s.cancelled
		if s != nil && (typ == "complete" || typ == "error") {
			delete(c.active, id)
			close(s.done)
		}
		c.mu.Unlock()
		if drop {
			return nil
		}
	}
	return c.WebsocketConn.WriteJSON(v)
}

// wsMessageHead reads the type and id of a message the transport writes (a
// struct with string fields Type and ID).
func wsMessageHead(v any) (typ, id string, ok bool) {
	rv := reflect.Indirect(reflect.ValueOf(v))
	if rv.Kind() != reflect.Struct {
		return "", "", false
	}
	t, i := rv.FieldByName("Type"), rv.FieldByName("ID")
	if !t.IsValid() || !i.IsValid() || t.Kind() != reflect.String || i.Kind() != reflect.String || i.String() == "" {
		return "", "", false
	}
	return t.String(), i.String(), true
}

// SetReadLimit forwards to the accepted connection.
func (c *wsConn) SetReadLimit(limit int64) {
	if l, ok := c.WebsocketConn.(transport.WebsocketReadLimiter); ok {
		l.SetReadLimit(limit)
	}
}

// SetReadDeadline forwards to the accepted connection.
func (c *wsConn) SetReadDeadline(t time.Time) error {
	if d, ok := c.WebsocketConn.(transport.WebsocketReadDeadliner); ok {
		return d.SetReadDeadline(t)
	}
	return nil
}

// bearerToken parses an Authorization value: the scheme "Bearer" in any case,
// then the token, spaces around either trimmed.
func bearerToken(h string) (string, bool) {
	scheme, token, _ := strings.Cut(strings.TrimSpace(h), " ")
	token = strings.TrimSpace(token)
	if !strings.EqualFold(scheme, "Bearer") || token == "" {
		return "", false
	}
	return token, true
}
