package match

import (
	"context"
	"log/slog"
	"sync/atomic"
	"time"
)

// rebuilt is an in-memory copy of some of the database (a snapshot S) that is
// rebuilt, never patched: a write to what it copies makes it stale
// (invalidate), and run builds it again in the background, at most once per
// pause while writes keep coming. A snapshot is current when no write came
// after the start of its build.
type rebuilt[S any] struct {
	name  string
	log   *slog.Logger
	build func(context.Context) (*S, error)
	// after runs after every successful build (Index returns the build's
	// garbage to the system).
	after func()

	gen    atomic.Uint64
	cur    atomic.Pointer[stamped[S]]
	kick   chan struct{}
	builds atomic.Int64
}

// stamped is a snapshot with the generation its build started at.
type stamped[S any] struct {
	gen uint64
	s   *S
}

func newRebuilt[S any](name string, log *slog.Logger, build func(context.Context) (*S, error)) *rebuilt[S] {
	return &rebuilt[S]{name: name, log: log, build: build, kick: make(chan struct{}, 1)}
}

func (r *rebuilt[S]) invalidate() {
	r.gen.Add(1)
	select {
	case r.kick <- struct{}{}:
	default:
	}
}

// state is "building" before the first build, "current" when no write has
// made the snapshot stale, "rebuilding" otherwise.
func (r *rebuilt[S]) state() string {
	switch s := r.cur.Load(); {
	case s == nil:
		return "building"
	case s.gen == r.gen.Load():
		return "current"
	}
	return "rebuilding"
}

// fresh returns the snapshot when it is current, else nil.
func (r *rebuilt[S]) fresh() *S {
	if s := r.cur.Load(); s != nil && s.gen == r.gen.Load() {
		return s.s
	}
	return nil
}

// once builds a snapshot now, stamped with the generation at its start (a
// write during the build leaves it stale).
func (r *rebuilt[S]) once(ctx context.Context) error {
	gen := r.gen.Load()
	s, err := r.build(ctx)
	if err != nil {
		return err
	}
	r.cur.Store(&stamped[S]{gen: gen, s: s})
	r.builds.Add(1)
	if r.after != nil {
		r.after()
	}
	return nil
}

// run builds now and again after every invalidate, waiting pause() after
// each build, until ctx ends.
func (r *rebuilt[S]) run(ctx context.Context, pause func() time.Duration) {
	for {
		if s := r.cur.Load(); s == nil || s.gen != r.gen.Load() {
			start := time.Now()
			if err := r.once(ctx); err != nil {
				if ctx.Err() != nil {
					return
				}
				r.log.Error(r.name+": build failed; the SQL engines answer meanwhile", "err", err)
			} else {
				r.log.Debug(r.name+" built", "took", time.Since(start))
			}
			select {
			case <-ctx.Done():
				return
			case <-time.After(pause()):
			}
			continue
		}
		select {
		case <-ctx.Done():
			return
		case <-r.kick:
		}
	}
}
