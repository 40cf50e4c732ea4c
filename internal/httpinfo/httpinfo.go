// Package httpinfo carries facts of the HTTP request into the GraphQL layer: the
// bearer token it came with, the client's address, and the response headers (so an
// error can set Retry-After).
package httpinfo

import (
	"context"
	"net/http"
)

// Info is what the GraphQL layer may know of the HTTP request.
type Info struct {
	Token    string
	ClientIP string
	Header   http.Header
	// Operation is the GraphQL operation name, set once it is known (for the log).
	Operation string
	// Counted marks a subscription already counted by the metrics.
	Counted bool
	// AccountID is the signed-in account, 0 for anonymous (for the log).
	AccountID int
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
