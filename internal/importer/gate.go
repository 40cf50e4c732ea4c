package importer

import (
	"context"
	"time"

	"github.com/exportiva/exportiva/internal/apperr"
)

// Gate lets at most a fixed number of imports run at once. Each import holds
// a file's rows in memory (within Limits, tens of megabytes at worst), so the
// number at once bounds what imports cost together.
type Gate struct {
	slots chan struct{}
	wait  time.Duration
}

// DefaultMaxImports is how many imports run at once unless configured.
const DefaultMaxImports = 2

// gateRetryAfter is the wait, in seconds, that a refused import is told.
const gateRetryAfter = 5

// NewGate returns a gate for n imports at once (DefaultMaxImports when n < 1);
// an import waits up to wait for a slot before it is refused.
func NewGate(n int, wait time.Duration) *Gate {
	if n < 1 {
		n = DefaultMaxImports
	}
	return &Gate{slots: make(chan struct{}, n), wait: wait}
}

// Size is how many imports may run at once.
func (g *Gate) Size() int { return cap(g.slots) }

// Enter takes a slot, waiting up to the gate's wait or the end of ctx, and
// returns the function that gives it back. When no slot frees up in time it
// returns SERVICE_UNAVAILABLE with a RetryAfter.
func (g *Gate) Enter(ctx context.Context) (func(), error) {
	release := func() { <-g.slots }
	select {
	case g.slots <- struct{}{}:
		return release, nil
	default:
	}
	t := time.NewTimer(g.wait)
	defer t.Stop()
	select {
	case g.slots <- struct{}{}:
		return release, nil
	case <-ctx.Done():
		return nil, ctx.Err()
	case <-t.C:
		return nil, &apperr.Error{Code: apperr.CodeUnavailable, Message: "other imports are running: try again in 5 seconds",
			Format: "other imports are running: try again in %d seconds", Args: []any{gateRetryAfter}, RetryAfter: gateRetryAfter}
	}
}
