// Package savedsearch keeps the searches buyers save and tells them when a new
// or changed product enters one. Each saved search is indexed by the keys a
// product must have to be in it (saved_search_keys: its HS prefixes, or the
// first term of each alternative of its text), so a product write looks up the
// searches sharing one of its own keys — its HS prefixes and search terms, a
// few dozen — instead of reading every saved search. The work runs after the
// commit, off the request, in one worker with a bounded queue.
package savedsearch

import (
	"context"
	"slices"
	"strings"
	"time"

	"github.com/exportiva/exportiva/ent"
	"github.com/exportiva/exportiva/ent/savedsearch"
	"github.com/exportiva/exportiva/internal/apperr"
	"github.com/exportiva/exportiva/internal/authz"
	"github.com/exportiva/exportiva/internal/domain"
	"github.com/exportiva/exportiva/internal/match"
	"github.com/exportiva/exportiva/internal/search"
	"github.com/exportiva/exportiva/internal/validate"
	"github.com/exportiva/exportiva/internal/viewer"
)

// MaxPerAccount is the most searches one account may keep.
const MaxPerAccount = 20

// Input is what a buyer saves.
type Input struct {
	Name         string
	Query        string
	HSCodes      []string
	Forms        []domain.ProductForm
	Districts    []domain.District
	VerifiedOnly bool
	// Need, when not nil, is a need for matches (its HSCodes and Query are
	// the search's own): a product is in the search when it also fits it as
	// matches judges.
	Need *match.Request
}

// Keys are the index keys of a saved search (search.NeedKeys): every product
// in the search has at least one of them. A search with neither HS prefixes
// nor a word has none: it is refused.
func Keys(hsCodes []string, query string) []string {
	keys := search.NeedKeys(hsCodes, query)
	if len(keys) == 1 && keys[0] == search.AnyKey {
		return nil
	}
	return keys
}

// ProductKeys are the keys a product answers to (search.ProductKeys).
func ProductKeys(p *ent.Product) []string { return search.ProductKeys(p) }

// Matches reports whether an ACTIVE product of the producer is in the search.
func Matches(s *ent.SavedSearch, p *ent.Product, producer *ent.Producer, terms []string) bool {
	return matches(s, p, producer, terms, search.Parse)
}

// matches is Matches with the parse of the search's text given (a cache).
func matches(s *ent.SavedSearch, p *ent.Product, producer *ent.Producer, terms []string, parse func(string) search.Query) bool {
	if p == nil || p.Status != domain.ProductActive {
		return false
	}
	if len(s.HsCodes) > 0 && !slices.ContainsFunc(s.HsCodes, func(h string) bool { return strings.HasPrefix(p.HsCode, h) }) {
		return false
	}
	if s.Query != "" && !parse(s.Query).Matches(terms, p.Form) {
		return false
	}
	if len(s.Forms) > 0 && !slices.Contains(s.Forms, p.Form) {
		return false
	}
	if producer != nil {
		if len(s.Districts) > 0 && !slices.Contains(s.Districts, producer.District) {
			return false
		}
		if s.VerifiedOnly && !producer.Verified {
			return false
		}
	}
	return true
}

// Save keeps a search for the signed-in buyer account.
func Save(ctx context.Context, c *ent.Client, in Input) (*ent.SavedSearch, error) {
	if err := authz.CanSaveSearches(ctx); err != nil {
		return nil, err
	}
	v := viewer.FromContext(ctx)
	in.Name, in.Query = strings.TrimSpace(in.Name), strings.TrimSpace(in.Query)
	if in.Name == "" {
		return nil, apperr.BadInput([]string{"name"}, "give the search a name")
	}
	codes := make([]string, 0, len(in.HSCodes))
	for _, h := range in.HSCodes {
		codes = append(codes, validate.NormalizeHS(h))
	}
	if len(codes) > 20 {
		return nil, apperr.BadInput([]string{"hs_codes"}, "a saved search has at most %d HS prefixes", 20)
	}
	if err := validate.HSPrefixes(codes); err != nil {
		return nil, apperr.BadInput([]string{"hs_codes"}, err.Error())
	}
	slices.Sort(in.Forms)
	slices.Sort(in.Districts)
	keys := Keys(codes, in.Query)
	if len(keys) == 0 {
		return nil, apperr.BadInput([]string{"query"}, "a saved search needs a text or HS codes")
	}
	var need *domain.Need
	if in.Need != nil {
		r := *in.Need
		r.HSCodes, r.Query = codes, in.Query
		if err := match.Check(ctx, c, r); err != nil {
			return nil, validate.Within("need", err)
		}
		need = match.NeedOf(r)
	}
	n, err := c.SavedSearch.Query().Where(savedsearch.AccountID(v.AccountID)).Count(ctx)
	if err != nil {
		return nil, err
	}
	if n >= MaxPerAccount {
		return nil, apperr.BadInput(nil, "an account keeps at most %d saved searches: delete one first", MaxPerAccount)
	}
	create := c.SavedSearch.Create().SetAccountID(v.AccountID).SetName(in.Name).SetQuery(in.Query).
		SetHsCodes(codes).SetForms(slices.Compact(in.Forms)).SetDistricts(slices.Compact(in.Districts)).
		SetVerifiedOnly(in.VerifiedOnly)
	if need != nil {
		create.SetNeed(need)
	}
	s, err := create.Save(ctx)
	if err != nil {
		return nil, err
	}
	sys := authz.System(ctx)
	rows := make([]*ent.SavedSearchKeyCreate, len(keys))
	for i, k := range keys {
		rows[i] = c.SavedSearchKey.Create().SetSavedSearchID(s.ID).SetKey(k)
	}
	if err := c.SavedSearchKey.CreateBulk(rows...).Exec(sys); err != nil {
		return nil, err
	}
	return s, nil
}

// own loads one of the viewer's saved searches (NOT_FOUND for anyone else's).
func own(ctx context.Context, c *ent.Client, id int) (*ent.SavedSearch, error) {
	if err := authz.CanSaveSearches(ctx); err != nil {
		return nil, err
	}
	s, err := c.SavedSearch.Query().Where(savedsearch.ID(id)).Only(ctx)
	if ent.IsNotFound(err) {
		return nil, &apperr.Error{Code: apperr.CodeNotFound, Message: "no such saved search", Format: "no such saved search", Field: []string{"id"}}
	}
	return s, err
}

// Delete removes one of the viewer's saved searches (its index keys and hits
// go with it).
func Delete(ctx context.Context, c *ent.Client, id int) error {
	s, err := own(ctx, c, id)
	if err != nil {
		return err
	}
	return c.SavedSearch.DeleteOne(s).Exec(ctx)
}

// MarkSeen sets the search's newSince back to 0.
func MarkSeen(ctx context.Context, c *ent.Client, id int, now time.Time) (*ent.SavedSearch, error) {
	s, err := own(ctx, c, id)
	if err != nil {
		return nil, err
	}
	return s.Update().SetNewSince(0).SetSeenAt(now).Save(ctx)
}

// Hit is a product that entered a saved search, as the subscription sends it.
type Hit struct {
	SavedSearch *ent.SavedSearch
	Product     *ent.Product
}

// LoadHit loads a hit for the viewer: nil when its search is not the
// viewer's (the search is read through privacy, which shows owners only).
func LoadHit(ctx context.Context, c *ent.Client, id int) (*Hit, error) {
	h, err := c.SavedSearchHit.Get(authz.System(ctx), id)
	if ent.IsNotFound(err) {
		return nil, nil
	}
	if err != nil {
		return nil, err
	}
	s, err := c.SavedSearch.Get(ctx, h.SavedSearchID)
	if ent.IsNotFound(err) {
		return nil, nil
	}
	if err != nil {
		return nil, err
	}
	p, err := c.Product.Get(ctx, h.ProductID)
	if ent.IsNotFound(err) {
		return nil, nil
	}
	if err != nil {
		return nil, err
	}
	return &Hit{SavedSearch: s, Product: p}, nil
}

// List returns the viewer's saved searches, newest first.
func List(ctx context.Context, c *ent.Client) ([]*ent.SavedSearch, error) {
	if viewer.FromContext(ctx) == nil {
		return []*ent.SavedSearch{}, nil
	}
	return c.SavedSearch.Query().Order(ent.Desc(savedsearch.FieldCreatedAt), ent.Desc(savedsearch.FieldID)).Limit(MaxPerAccount).All(ctx)
}
