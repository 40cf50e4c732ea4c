package graph

import (
	"context"
	"errors"

	"github.com/99designs/gqlgen/graphql"
	"github.com/vektah/gqlparser/v2/gqlerror"

	"github.com/exportiva/exportiva/ent"
	"github.com/exportiva/exportiva/internal/apperr"
)

// errNoType is ent's error for an id in no type's range (the ent package keeps its
// sentinel unexported; asking for an id far past every range yields it).
var errNoType = func() error {
	_, err := (*ent.Client)(nil).Noder(context.Background(), 1<<62)
	return errors.Unwrap(err)
}()

// nodeNotFound is the answer for an id that names nothing the viewer may see.
func nodeNotFound() error {
	return apperr.NotFound("not found")
}

// loadNode loads one node by its global id; an id of no type, or of a record
// privacy hides, is NOT_FOUND (a client mistake: not logged as an error).
func loadNode(ctx context.Context, c *ent.Client, id int) (ent.Noder, error) {
	n, err := c.Noder(ctx, id)
	if err != nil && (ent.IsNotFound(err) || errNoType != nil && errors.Is(err, errNoType)) {
		return nil, nodeNotFound()
	}
	return n, err
}

// loadNodes loads the nodes of ids in order. Each distinct id is loaded once (one
// query per type); an unknown id answers null with a NOT_FOUND error at its index.
// The ids are at most MaxNodeIDs (the limits check it before execution).
func loadNodes(ctx context.Context, c *ent.Client, ids []int) ([]ent.Noder, error) {
	if len(ids) > MaxNodeIDs {
		return nil, apperr.BadInput([]string{"ids"}, "nodes: %d ids; at most %d are allowed", len(ids), MaxNodeIDs)
	}
	seen := make(map[int]bool, len(ids))
	var distinct []int
	for _, id := range ids {
		if !seen[id] {
			seen[id] = true
			distinct = append(distinct, id)
		}
	}
	// ent's Noders reports a missing node through graphql.AddError at its index in
	// the list it was given; collect those apart and report per index of ids.
	scratch := graphql.WithResponseContext(ctx, graphql.DefaultErrorPresenter, nil)
	found, err := c.Noders(scratch, distinct)
	if err != nil { // one id: ent answers with Noder's error
		if !ent.IsNotFound(err) && (errNoType == nil || !errors.Is(err, errNoType)) {
			return nil, err
		}
		found = make([]ent.Noder, len(distinct))
	}
	for _, e := range graphql.GetErrors(scratch) {
		if code, _ := e.Extensions["code"].(string); code != apperr.CodeNotFound && (errNoType == nil || !errors.Is(e, errNoType)) {
			return nil, unwrapGQL(e)
		}
	}
	byID := make(map[int]ent.Noder, len(found))
	for i, n := range found {
		if n != nil {
			byID[distinct[i]] = n
		}
	}
	out := make([]ent.Noder, len(ids))
	for i, id := range ids {
		if n, ok := byID[id]; ok {
			out[i] = n
			continue
		}
		graphql.AddError(graphql.WithPathContext(ctx, graphql.NewPathWithIndex(i)), nodeNotFound())
	}
	return out, nil
}

// unwrapGQL returns the error a gqlerror wraps, so that the error presenter sees
// the original (and masks it).
func unwrapGQL(e *gqlerror.Error) error {
	if e.Err != nil {
		return e.Err
	}
	return e
}
