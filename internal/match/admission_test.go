package match

import (
	"context"
	"testing"
	"time"

	"github.com/stretchr/testify/require"

	"github.com/exportiva/exportiva/internal/apperr"
)

func TestAdmissionRefusesPromptlyWhenFull(t *testing.T) {
	a := NewAdmission(1, 50*time.Millisecond)
	release, err := a.Acquire(context.Background())
	require.NoError(t, err)
	require.Equal(t, 1, a.InUse())

	start := time.Now()
	_, err = admit(WithAdmission(context.Background(), a))
	require.Less(t, time.Since(start), time.Second, "refused after the short wait, not a timeout")
	var ae *apperr.Error
	require.ErrorAs(t, err, &ae)
	require.Equal(t, apperr.CodeUnavailable, ae.Code)
	require.Equal(t, RetryAfter, ae.RetryAfter)

	// A slot freed during the wait is taken.
	go func() { time.Sleep(10 * time.Millisecond); release() }()
	release, err = a.Acquire(context.Background())
	require.NoError(t, err)
	release()
	require.Zero(t, a.InUse())

	// No admission in the context, or none configured: everything runs.
	r, err := admit(context.Background())
	require.NoError(t, err)
	r()
	require.Nil(t, NewAdmission(0, time.Second))
}
