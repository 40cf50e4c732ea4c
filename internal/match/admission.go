package match

import (
	"context"
	"sync"
	"time"

	"github.com/exportiva/exportiva/internal/apperr"
)

// Admission bounds the evaluations that run at once (matches and leads): each
// holds the candidates and facts of a catalog slice in memory and keeps a
// processor busy, so an unbounded number of distinct requests is a memory and
// latency lever. An evaluation that cannot start at once waits in a bounded,
// fair queue: a freed slot goes to the clients in turn (round robin over the
// clients that wait, first come first served within one client), so one client
// sending many needs cannot starve the others. A request that finds the queue
// full, or waits past the deadline, is refused with RESOURCE_EXHAUSTED and a
// retryAfter — never left to time out without an answer. Other queries
// (catalog, by id, mutations) take no slot and do not wait.
type Admission struct {
	n     int
	queue int
	wait  time.Duration

	mu      sync.Mutex
	running int
	waiting int
	clients map[string][]*waiter // the waiters of each client, oldest first
	turn    []string             // clients with waiters, in the order they are served
}

type waiter struct {
	ready chan struct{} // closed when the slot is handed over
	given bool
}

// NewAdmission allows n evaluations at once, with at most queue more waiting
// (queue ≤ 0: 4 × n) for at most wait each; n ≤ 0 gives nil, which admits
// everything.
func NewAdmission(n int, wait time.Duration, queue ...int) *Admission {
	if n <= 0 {
		return nil
	}
	q := 4 * n
	if len(queue) > 0 && queue[0] > 0 {
		q = queue[0]
	}
	return &Admission{n: n, queue: q, wait: wait, clients: map[string][]*waiter{}}
}

// RetryAfter is the seconds a refused client is told to wait.
const RetryAfter = 1

func exhausted(why string) error {
	msg := "the server is evaluating as many matches as it can (" + why + "): retry in a second"
	return &apperr.Error{Code: apperr.CodeResourceExhausted, RetryAfter: RetryAfter, Message: msg, Format: msg}
}

// Acquire takes a slot for client, waiting in the fair queue up to the
// deadline (or until ctx ends). The caller runs release when its evaluation
// is done.
func (a *Admission) Acquire(ctx context.Context, client string) (release func(), err error) {
	if a == nil {
		return func() {}, nil
	}
	a.mu.Lock()
	if a.running < a.n && a.waiting == 0 {
		a.running++
		a.mu.Unlock()
		return a.releaseOnce(), nil
	}
	if a.waiting >= a.queue {
		a.mu.Unlock()
		return nil, exhausted("queue full")
	}
	w := &waiter{ready: make(chan struct{})}
	if len(a.clients[client]) == 0 {
		a.turn = append(a.turn, client)
	}
	a.clients[client] = append(a.clients[client], w)
	a.waiting++
	a.mu.Unlock()

	t := time.NewTimer(a.wait)
	defer t.Stop()
	select {
	case <-w.ready:
		return a.releaseOnce(), nil
	case <-t.C:
	case <-ctx.Done():
	}
	a.mu.Lock()
	if w.given { // handed over while the deadline passed: use it
		a.mu.Unlock()
		return a.releaseOnce(), nil
	}
	a.remove(client, w)
	a.mu.Unlock()
	return nil, exhausted("waited too long")
}

// remove takes a waiter that gave up out of the queue (under mu).
func (a *Admission) remove(client string, w *waiter) {
	ws := a.clients[client]
	for i, x := range ws {
		if x == w {
			ws = append(ws[:i:i], ws[i+1:]...)
			break
		}
	}
	a.waiting--
	if len(ws) > 0 {
		a.clients[client] = ws
		return
	}
	delete(a.clients, client)
	for i, c := range a.turn {
		if c == client {
			a.turn = append(a.turn[:i:i], a.turn[i+1:]...)
			break
		}
	}
}

func (a *Admission) releaseOnce() func() {
	var once sync.Once
	return func() { once.Do(a.release) }
}

// release frees a slot: the next client in turn gets it, and goes to the back
// of the turn if it still has waiters.
func (a *Admission) release() {
	a.mu.Lock()
	defer a.mu.Unlock()
	if len(a.turn) == 0 {
		a.running--
		return
	}
	client := a.turn[0]
	ws := a.clients[client]
	w := ws[0]
	a.turn = a.turn[1:]
	if len(ws) > 1 {
		a.clients[client] = ws[1:]
		a.turn = append(a.turn, client)
	} else {
		delete(a.clients, client)
	}
	a.waiting--
	w.given = true
	close(w.ready) // the slot passes on: running stays the same
}

// InUse is the number of evaluations running.
func (a *Admission) InUse() int {
	if a == nil {
		return 0
	}
	a.mu.Lock()
	defer a.mu.Unlock()
	return a.running
}

// Waiting is the number of evaluations queued for a slot.
func (a *Admission) Waiting() int {
	if a == nil {
		return 0
	}
	a.mu.Lock()
	defer a.mu.Unlock()
	return a.waiting
}

type admissionKey struct{}

type admission struct {
	a      *Admission
	client string
}

// WithAdmission returns ctx whose evaluations (Find, Leads) take a slot of a
// for client (the account or address the request comes from: the unit the
// queue is fair between).
func WithAdmission(ctx context.Context, a *Admission, client string) context.Context {
	if a == nil {
		return ctx
	}
	return context.WithValue(ctx, admissionKey{}, admission{a, client})
}

// admit takes a slot of the context's admission, if any.
func admit(ctx context.Context) (func(), error) {
	ad, _ := ctx.Value(admissionKey{}).(admission)
	return ad.a.Acquire(ctx, ad.client)
}
