package trade

import (
	"testing"

	"github.com/stretchr/testify/require"

	"github.com/exportiva/exportiva/internal/apperr"
	"github.com/exportiva/exportiva/internal/domain"
)

func TestQuoteStateMachine(t *testing.T) {
	all := []domain.QuoteStatus{domain.QuotePending, domain.QuoteAccepted, domain.QuoteDeclined,
		domain.QuoteWithdrawn, domain.QuoteSuperseded, domain.QuoteExpired}
	legal := map[domain.QuoteStatus]map[Action]domain.QuoteStatus{
		domain.QuotePending: {Accept: domain.QuoteAccepted, Decline: domain.QuoteDeclined, Withdraw: domain.QuoteWithdrawn,
			Supersede: domain.QuoteSuperseded, Expire: domain.QuoteExpired},
	}
	for _, from := range all {
		for _, a := range []Action{Accept, Decline, Withdraw, Supersede, Expire} {
			to, err := Next(from, a)
			if want, ok := legal[from][a]; ok {
				require.NoError(t, err, "%s --%s-->", from, a)
				require.Equal(t, want, to)
				continue
			}
			require.Error(t, err, "%s --%s--> must be illegal", from, a)
			require.Equal(t, apperr.CodeConflict, apperr.CodeOf(err))
			require.Equal(t, from, to)
		}
	}
}
