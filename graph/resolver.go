package graph

import (
	"time"

	"github.com/exportiva/exportiva/ent"
)

// Resolver holds the dependencies of the resolvers.
type Resolver struct {
	client *ent.Client
	clock  func() time.Time
}

// NewResolver returns a Resolver over an ent client. clock gives the current time
// (time.Now when nil); tests pass a fixed one.
func NewResolver(client *ent.Client, clock func() time.Time) *Resolver {
	if clock == nil {
		clock = time.Now
	}
	return &Resolver{client: client, clock: clock}
}
