package graph

import (
	"time"

	"github.com/exportiva/exportiva/ent"
	"github.com/exportiva/exportiva/internal/auth"
)

// Resolver holds the dependencies of the resolvers.
type Resolver struct {
	client *ent.Client
	auth   *auth.Service
	clock  func() time.Time
}

// NewResolver returns a Resolver over an ent client and the auth service. clock
// gives the current time (time.Now when nil); tests pass a fixed one.
func NewResolver(client *ent.Client, authService *auth.Service, clock func() time.Time) *Resolver {
	if clock == nil {
		clock = time.Now
	}
	return &Resolver{client: client, auth: authService, clock: clock}
}
