// Package httpinfo carries facts of the HTTP request into the GraphQL layer: the
// bearer token it came with, the client's address, and the response headers (so an
// error can set Retry-After).
package httpinfo

import (
	"context"
	"net/http"
	"sync"
)

// Info is what the GraphQL layer may know of the HTTP request.
type Info struct {
	Token    string
	ClientIP string
	Header   http.Header
	// AccountID is the signed-in account, 0 for anonymous (for the log).
	AccountID int

	mu        sync.Mutex
	operation string
}

// SetOperation records the GraphQL operation name once it is known (for the
// log); the operations of one websocket may set it concurrently.
func (i *Info) SetOperation(name string) {
	i.mu.Lock()
	i.operation = name
	i.mu.Unlock()
}

// Operation returns the recorded operation name.
func (i *Info) Operation() string {
	i.mu.Lock()
	defer i.mu.Unlock()
	return i.operation
}

type key struct{}

// NewContext returns ctx carrying info.
func NewContext(ctx context.Context, info *Info) context.Context {
	return context.WithValue(ctx, key{}, info)
}

// From returns the request's info; never nil.
func From(ctx context.Context) *Info {
	if i, ok := ctx.Value(key{}).(*Info); ok {
		return i
	}
	return &Info{Header: http.Header{}}
}
