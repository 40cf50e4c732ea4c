package graph

import (
	"context"

	"github.com/exportiva/exportiva/graph/model"
	"github.com/exportiva/exportiva/internal/authz"
	"github.com/exportiva/exportiva/internal/events"
	"github.com/exportiva/exportiva/internal/savedsearch"
)

func (r *Resolver) saveSearch(ctx context.Context, in model.SaveSearchInput) (*model.SavedSearchPayload, error) {
	input := savedsearch.Input{
		Name: in.Name, Query: deref(in.Query), HSCodes: in.HsCodes, Forms: in.Forms, Districts: in.Districts,
		VerifiedOnly: deref(in.VerifiedOnly),
	}
	if n := in.Need; n != nil {
		// The same reading of the need as matches(input:) gives it.
		req := matchRequest(model.MatchInput{Quantity: n.Quantity, Destination: n.Destination, Certifications: n.Certifications,
			Incoterm: n.Incoterm, MaxPrice: n.MaxPrice, DeliverBy: n.DeliverBy, IncludePartial: n.IncludePartial}, r.now())
		input.Need = &req
	}
	s, err := savedsearch.Save(ctx, r.db(ctx), input)
	if err != nil {
		return nil, err
	}
	return &model.SavedSearchPayload{SavedSearch: s}, nil
}

func (r *Resolver) deleteSavedSearch(ctx context.Context, id int) (*model.DeleteSavedSearchPayload, error) {
	if err := savedsearch.Delete(ctx, r.db(ctx), id); err != nil {
		return nil, err
	}
	return &model.DeleteSavedSearchPayload{DeletedID: id}, nil
}

func (r *Resolver) markSavedSearchSeen(ctx context.Context, id int) (*model.SavedSearchPayload, error) {
	s, err := savedsearch.MarkSeen(ctx, r.db(ctx), id, r.now())
	if err != nil {
		return nil, err
	}
	return &model.SavedSearchPayload{SavedSearch: s}, nil
}

// savedSearchHitStream sends the signed-in account the products that enter
// its saved searches.
func (r *Resolver) savedSearchHitStream(ctx context.Context) (<-chan *savedsearch.Hit, error) {
	if err := authz.CanSaveSearches(ctx); err != nil {
		return nil, err
	}
	return stream(ctx, r.bus, r.log, events.SavedSearchHit, func(ctx context.Context, e events.Event) (*savedsearch.Hit, error) {
		return savedsearch.LoadHit(ctx, r.client, e.ID)
	})
}
