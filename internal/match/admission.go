package match

import (
	"context"
	"time"

	"github.com/exportiva/exportiva/internal/apperr"
)

// Admission bounds the evaluations that run at once (matches and leads): each
// holds the candidates and facts of a whole catalog slice in memory, so an
// unbounded number of distinct requests is a memory lever. A request that finds
// every slot taken waits briefly, then is refused with SERVICE_UNAVAILABLE and a
// retryAfter instead of joining a queue that would time out.
type Admission struct {
	slots chan struct{}
	wait  time.Duration
}

// NewAdmission allows n evaluations at once, waiting at most wait for a slot; n ≤ 0
// gives nil, which admits everything.
func NewAdmission(n int, wait time.Duration) *Admission {
	if n <= 0 {
		return nil
	}
	return &Admission{slots: make(chan struct{}, n), wait: wait}
}

// RetryAfter is the seconds a refused client is told to wait.
const RetryAfter = 1

// Acquire takes a slot, or fails with SERVICE_UNAVAILABLE after the wait (or when
// ctx ends). The caller runs release when its evaluation is done.
func (a *Admission) Acquire(ctx context.Context) (release func(), err error) {
	if a == nil {
		return func() {}, nil
	}
	select {
	case a.slots <- struct{}{}:
		return a.release, nil
	default:
	}
	t := time.NewTimer(a.wait)
	defer t.Stop()
	select {
	case a.slots <- struct{}{}:
		return a.release, nil
	case <-t.C:
	case <-ctx.Done():
	}
	return nil, &apperr.Error{Code: apperr.CodeUnavailable, RetryAfter: RetryAfter,
		Message: "the server is evaluating as many matches as it can: retry in a second", Format: "the server is evaluating as many matches as it can: retry in a second"}
}

func (a *Admission) release() { <-a.slots }

// InUse is the number of evaluations running.
func (a *Admission) InUse() int {
	if a == nil {
		return 0
	}
	return len(a.slots)
}

type admissionKey struct{}

// WithAdmission returns ctx whose evaluations (Find, Leads) take a slot of a.
func WithAdmission(ctx context.Context, a *Admission) context.Context {
	if a == nil {
		return ctx
	}
	return context.WithValue(ctx, admissionKey{}, a)
}

// admit takes a slot of the context's admission, if any.
func admit(ctx context.Context) (func(), error) {
	a, _ := ctx.Value(admissionKey{}).(*Admission)
	return a.Acquire(ctx)
}
