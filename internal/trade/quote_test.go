package trade

import (
	"testing"

	"github.com/stretchr/testify/require"

	"github.com/exportiva/exportiva/internal/apperr"
	"github.com/exportiva/exportiva/internal/domain"
)

var actions = []Action{Accept, Decline, Withdraw, Supersede, Expire}

// The state machine's properties, over every status of the schema: only a
// pending quote moves; each action takes it to a state of its own, which is
// final; every other status is reached by some action (none is dead); a refused
// move is a CONFLICT that names the state and leaves it.
func TestQuoteStateMachine(t *testing.T) {
	reached := map[domain.QuoteStatus]Action{}
	for _, from := range domain.QuoteStatuses.Strings() {
		from := domain.QuoteStatus(from)
		for _, a := range actions {
			to, err := Next(from, a)
			if from != domain.QuotePending {
				require.Error(t, err, "%s is final: %s must be refused", from, a)
				require.Equal(t, apperr.CodeConflict, apperr.CodeOf(err))
				require.Contains(t, err.Error(), lowerStatus(from))
				require.NotEmpty(t, lowerStatus(from), "%s has wording", from)
				require.Equal(t, from, to)
				continue
			}
			require.NoError(t, err, "pending --%s-->", a)
			require.NotEqual(t, domain.QuotePending, to)
			prev, dup := reached[to]
			require.False(t, dup, "%s and %s both lead to %s", prev, a, to)
			reached[to] = a
		}
	}
	for _, s := range domain.QuoteStatuses.Strings() {
		if s != string(domain.QuotePending) {
			require.Contains(t, reached, domain.QuoteStatus(s), "no action reaches %s", s)
		}
	}
}
