// Package model holds the GraphQL models gqlgen binds besides its generated ones.
package model

import (
	"context"
	"math"

	"github.com/99designs/gqlgen/graphql"
)

// MarshalFloat writes a GraphQL Float. A value JSON cannot hold (an infinity or
// NaN: no validated input gives one, but a row stored before the plausibility
// bounds, or a sum of such rows, may) is written as the largest finite float of
// its sign (0 for NaN) instead of failing the whole response with an internal
// error: one bad row must not break a public page.
func MarshalFloat(f float64) graphql.ContextMarshaler {
	switch {
	case math.IsNaN(f):
		f = 0
	case math.IsInf(f, 1):
		f = math.MaxFloat64
	case math.IsInf(f, -1):
		f = -math.MaxFloat64
	}
	return graphql.MarshalFloatContext(f)
}

// UnmarshalFloat reads a GraphQL Float as gqlgen does.
func UnmarshalFloat(ctx context.Context, v any) (float64, error) {
	return graphql.UnmarshalFloatContext(ctx, v)
}
