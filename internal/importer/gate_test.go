package importer

import (
	"context"
	"errors"
	"testing"
	"time"

	"github.com/stretchr/testify/require"

	"github.com/exportiva/exportiva/internal/apperr"
	"github.com/exportiva/exportiva/internal/i18n"
)

func TestGateLetsNAtOnce(t *testing.T) {
	g := NewGate(2, 20*time.Millisecond)
	ctx := context.Background()
	r1, err := g.Enter(ctx)
	require.NoError(t, err)
	r2, err := g.Enter(ctx)
	require.NoError(t, err)
	start := time.Now()
	_, err = g.Enter(ctx)
	var ae *apperr.Error
	require.True(t, errors.As(err, &ae), "%v", err)
	require.Equal(t, apperr.CodeUnavailable, ae.Code)
	require.Equal(t, 5, ae.RetryAfter)
	require.Equal(t, "impor lain sedang berjalan: coba lagi dalam 5 detik", i18n.T(i18n.Indonesian, ae.Format, ae.Args...))
	require.GreaterOrEqual(t, time.Since(start), 20*time.Millisecond, "it waited for a slot first")

	// A slot given back lets a waiting import in.
	done := make(chan error)
	patient := &Gate{slots: g.slots, wait: time.Second}
	go func() {
		release, err := patient.Enter(ctx)
		if err == nil {
			release()
		}
		done <- err
	}()
	time.Sleep(10 * time.Millisecond)
	r1()
	require.NoError(t, <-done)
	r2()
	require.Equal(t, 2, NewGate(0, 0).Size())
}
