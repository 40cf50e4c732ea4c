package graph

import (
	"context"
	"slices"
	"strconv"
	"time"

	"entgo.io/contrib/entgql"
	"github.com/99designs/gqlgen/graphql"

	"github.com/exportiva/exportiva/ent"
	"github.com/exportiva/exportiva/ent/predicate"
	"github.com/exportiva/exportiva/ent/product"
	"github.com/exportiva/exportiva/graph/model"
	"github.com/exportiva/exportiva/internal/apperr"
	"github.com/exportiva/exportiva/internal/authz"
	"github.com/exportiva/exportiva/internal/httpinfo"
	"github.com/exportiva/exportiva/internal/match"
	"github.com/exportiva/exportiva/internal/viewer"
)

// matchRequest maps the GraphQL input onto the engine's request.
func matchRequest(in model.MatchInput, now time.Time) match.Request {
	r := match.Request{
		Need:        needIn(in.HsCodes, in.Query, in.Quantity, in.Destination, in.Certifications, in.Incoterm, in.MaxPrice, in.DeliverBy),
		MaxPoolSize: deref(in.MaxPoolSize),
		Now:         now,
	}
	r.IncludePartial = deref(in.IncludePartial)
	return r
}

// window returns the page of items after the cursor (matched by id) and its page info.
func window[T any](items []T, id func(T) int, first *int, after *entgql.Cursor[int]) ([]T, int, *entgql.PageInfo[int]) {
	start := 0
	if after != nil {
		if i := slices.IndexFunc(items, func(x T) bool { return id(x) == after.ID }); i >= 0 {
			start = i + 1
		} else if pos, ok := after.Value.(int64); ok && int(pos) <= len(items) {
			start = int(pos)
		}
	}
	n := MaxPageSize
	if first != nil {
		n = *first
	}
	end := min(len(items), start+n)
	page := items[start:end]
	info := &entgql.PageInfo[int]{HasNextPage: end < len(items), HasPreviousPage: start > 0}
	if len(page) > 0 {
		info.StartCursor = &entgql.Cursor[int]{ID: id(page[0]), Value: int64(start)}
		info.EndCursor = &entgql.Cursor[int]{ID: id(page[len(page)-1]), Value: int64(end)}
	}
	return page, start, info
}

func (r *Resolver) findMatches(ctx context.Context, req match.Request, first *int, after *entgql.Cursor[int]) (*model.MatchConnection, error) {
	engine := r.matchEngine
	if after != nil || first == nil || *first >= match.TopKPage || selects(ctx, "totalCount") {
		// The top-k engines rank only the first page: a later or larger
		// page, or the count, needs the whole list (the same answers,
		// TestEnginesAgree).
		engine = match.WholeList(engine)
	}
	ectx := match.WithEngine(match.WithAdmission(ctx, r.evaluations, admissionClient(ctx)), engine)
	ectx = match.WithIndex(ectx, r.matchIndex)
	out, err := r.matches.Find(ectx, r.client, req, viewerKey(ctx))
	if err != nil {
		return nil, err
	}
	page, start, info := window(out.Matches, func(m *match.Match) int { return m.Product.ID }, first, after)
	// The compact and top-k engines explain only the page, now.
	if page, err = out.Page(ctx, r.client, page); err != nil {
		return nil, err
	}
	conn := &model.MatchConnection{PageInfo: info, TotalCount: len(out.Matches), Truncated: out.Truncated, Edges: []*model.MatchEdge{}, Pools: []*match.Pool{}}
	for i, m := range page {
		conn.Edges = append(conn.Edges, &model.MatchEdge{Node: m, Cursor: entgql.Cursor[int]{ID: m.Product.ID, Value: int64(start + i + 1)}})
	}
	for i := range out.Pools {
		conn.Pools = append(conn.Pools, &out.Pools[i])
	}
	return conn, nil
}

// selects reports whether the field being resolved selects the named field.
func selects(ctx context.Context, name string) bool {
	if graphql.GetFieldContext(ctx) == nil {
		return true // outside an operation: assume everything is read
	}
	return slices.ContainsFunc(graphql.CollectFieldsCtx(ctx, nil), func(f graphql.CollectedField) bool { return f.Name == name })
}

// viewerKey names whose view of the data a cached result is (privacy decides what
// the engine reads).
func viewerKey(ctx context.Context) string {
	if v := viewer.FromContext(ctx); v != nil {
		return strconv.Itoa(v.AccountID)
	}
	return "anonymous"
}

// admissionClient names the client whose evaluations queue together: the
// account, or for anonymous requests the address.
func admissionClient(ctx context.Context) string {
	if v := viewer.FromContext(ctx); v != nil {
		return "account:" + strconv.Itoa(v.AccountID)
	}
	return "ip:" + httpinfo.From(ctx).ClientIP
}

func productIDs(ids ...int) predicate.Product  { return product.IDIn(ids...) }
func producerIDs(ids ...int) predicate.Product { return product.ProducerIDIn(ids...) }

// findLeads pages the leads of the products `which` selects; key names that
// selection for the cache.
func (r *Resolver) findLeads(ctx context.Context, key string, which predicate.Product, first *int, after *entgql.Cursor[int]) (*model.LeadConnection, error) {
	now := r.now()
	key = viewerKey(ctx) + "|" + now.UTC().Format(time.DateOnly) + "|" + key
	lctx := match.WithIndex(match.WithAdmission(ctx, r.evaluations, admissionClient(ctx)), r.matchIndex)
	leads, err := r.matches.Leads(lctx, key, now, func(ctx context.Context) ([]match.Lead, error) {
		products, err := r.client.Product.Query().Where(which).WithProducer().WithCertifications().All(ctx)
		if err != nil {
			return nil, err
		}
		return match.Leads(ctx, r.client, products, now)
	})
	if err != nil {
		return nil, err
	}
	page, start, info := window(leads, func(l match.Lead) int { return l.BuyRequest.ID }, first, after)
	conn := &model.LeadConnection{PageInfo: info, TotalCount: len(leads), Edges: []*model.LeadEdge{}}
	for i := range page {
		l := page[i]
		conn.Edges = append(conn.Edges, &model.LeadEdge{Node: &l, Cursor: entgql.Cursor[int]{ID: l.BuyRequest.ID, Value: int64(start + i + 1)}})
	}
	return conn, nil
}

// actingProducer returns the producer whose leads are asked for: the viewer's own,
// or for the trade office any.
func (r *Resolver) actingProducer(ctx context.Context, given *int) (int, error) {
	v := viewer.FromContext(ctx)
	if v == nil {
		return 0, apperr.Unauthenticated("sign in as a producer to see leads")
	}
	if given == nil {
		if v.ProducerID == nil {
			return 0, apperr.BadInput([]string{"producerId"}, "producerId is required: the account acts for no producer")
		}
		return *v.ProducerID, nil
	}
	if err := authz.CanSeeLeads(ctx, *given); err != nil {
		return 0, err
	}
	if _, err := r.client.Producer.Get(ctx, *given); err != nil {
		if ent.IsNotFound(err) {
			return 0, &apperr.Error{Code: apperr.CodeNotFound, Message: "no such producer", Field: []string{"producerId"}}
		}
		return 0, err
	}
	return *given, nil
}
