package savedsearch

import (
	"context"
	"log/slog"
	"sync"
	"time"

	"github.com/exportiva/exportiva/ent"
	"github.com/exportiva/exportiva/ent/hook"
	"github.com/exportiva/exportiva/ent/privacy"
	"github.com/exportiva/exportiva/ent/product"
	"github.com/exportiva/exportiva/ent/savedsearch"
	"github.com/exportiva/exportiva/ent/savedsearchhit"
	"github.com/exportiva/exportiva/ent/savedsearchkey"
	"github.com/exportiva/exportiva/internal/authz"
	"github.com/exportiva/exportiva/internal/events"
	"github.com/exportiva/exportiva/internal/match"
	"github.com/exportiva/exportiva/internal/search"
)

// QueueSize is how many product writes wait for the worker at most; beyond,
// a write's alerts are dropped (and logged) rather than slowing writes down.
const QueueSize = 4096

// batch is how many saved searches one query loads.
const batch = 500

// Watcher finds the saved searches that product writes make a product enter,
// records the hits, counts them in newSince and announces them on the bus.
type Watcher struct {
	// Now is the clock saved needs are judged on (certificates valid that
	// day, delivery dates); time.Now when nil.
	Now    func() time.Time
	client *ent.Client
	bus    events.Bus
	log    *slog.Logger
	queue  chan job
	// idle is signalled when the queue is drained (tests wait on it).
	mu      sync.Mutex
	pending int
	idle    *sync.Cond
}

type job struct {
	id  int
	old *ent.Product
}

// Watch installs the product hook on the client and starts the worker.
func Watch(c *ent.Client, bus events.Bus, log *slog.Logger) *Watcher {
	w := &Watcher{client: c, bus: bus, log: log, queue: make(chan job, QueueSize)}
	w.idle = sync.NewCond(&w.mu)
	c.Product.Use(hook.On(w.hook, ent.OpCreate|ent.OpUpdateOne))
	go w.run()
	return w
}

// hook remembers the product before an update and queues it after the commit.
// Seeding and other system work (authz.System) is not announced.
func (w *Watcher) hook(next ent.Mutator) ent.Mutator {
	return hook.ProductFunc(func(ctx context.Context, m *ent.ProductMutation) (ent.Value, error) {
		if d, _ := privacy.DecisionFromContext(ctx); d == privacy.Allow {
			return next.Mutate(ctx, m)
		}
		var old *ent.Product
		if id, ok := m.ID(); ok && m.Op().Is(ent.OpUpdateOne) {
			old = oldProduct(ctx, m, id)
		}
		v, err := next.Mutate(ctx, m)
		if err != nil {
			return v, err
		}
		if p, ok := v.(*ent.Product); ok {
			j := job{id: p.ID, old: old}
			events.AfterCommit(ctx, func() { w.enqueue(ctx, j) })
		}
		return v, nil
	})
}

// oldProduct is what the search keys read of the product before an update,
// from the mutation's old values (loaded once per mutation, shared with the
// other hooks); nil when it cannot be read.
func oldProduct(ctx context.Context, m *ent.ProductMutation, id int) *ent.Product {
	ctx = authz.System(ctx)
	p := &ent.Product{ID: id}
	var err error
	if p.HsCode, err = m.OldHsCode(ctx); err != nil {
		return nil
	}
	p.NameEnglish, _ = m.OldNameEnglish(ctx)
	p.NameIndonesian, _ = m.OldNameIndonesian(ctx)
	p.Species, _ = m.OldSpecies(ctx)
	p.Material, _ = m.OldMaterial(ctx)
	p.Form, _ = m.OldForm(ctx)
	p.Status, _ = m.OldStatus(ctx)
	// What a saved need judges (the Old… calls share one read of the row).
	p.ProducerID, _ = m.OldProducerID(ctx)
	p.HsChapter, _ = m.OldHsChapter(ctx)
	p.Unit, _ = m.OldUnit(ctx)
	p.Moq, _ = m.OldMoq(ctx)
	p.CapacityAmount, _ = m.OldCapacityAmount(ctx)
	p.CapacityUnit, _ = m.OldCapacityUnit(ctx)
	p.CapacityPeriod, _ = m.OldCapacityPeriod(ctx)
	p.CapacityMonthly, _ = m.OldCapacityMonthly(ctx)
	p.CapacityDimension, _ = m.OldCapacityDimension(ctx)
	p.PriceMin, _ = m.OldPriceMin(ctx)
	p.PriceMax, _ = m.OldPriceMax(ctx)
	p.PricePerBase, _ = m.OldPricePerBase(ctx)
	p.PriceDimension, _ = m.OldPriceDimension(ctx)
	p.PriceCurrency, _ = m.OldPriceCurrency(ctx)
	p.Incoterm, _ = m.OldIncoterm(ctx)
	p.LeadTimeDays, _ = m.OldLeadTimeDays(ctx)
	p.ShelfLifeDays, _ = m.OldShelfLifeDays(ctx)
	p.PackSize, _ = m.OldPackSize(ctx)
	p.PackUnit, _ = m.OldPackUnit(ctx)
	p.ContainerLoad20ft, _ = m.OldContainerLoad20ft(ctx)
	p.ContainerLoad40ft, _ = m.OldContainerLoad40ft(ctx)
	p.ContainerLoadUnit, _ = m.OldContainerLoadUnit(ctx)
	p.ExcludedCountries, _ = m.OldExcludedCountries(ctx)
	p.HiddenAt, _ = m.OldHiddenAt(ctx)
	return p
}

func (w *Watcher) enqueue(ctx context.Context, j job) {
	w.mu.Lock()
	w.pending++
	w.mu.Unlock()
	select {
	case w.queue <- j:
	default:
		w.done()
		w.log.WarnContext(ctx, "saved search alerts: queue full, a product write is not announced", "product_id", j.id)
	}
}

func (w *Watcher) done() {
	w.mu.Lock()
	w.pending--
	if w.pending == 0 {
		w.idle.Broadcast()
	}
	w.mu.Unlock()
}

// Wait returns when every queued write has been handled.
func (w *Watcher) Wait() {
	w.mu.Lock()
	for w.pending > 0 {
		w.idle.Wait()
	}
	w.mu.Unlock()
}

func (w *Watcher) run() {
	for j := range w.queue {
		ctx := authz.System(context.Background())
		if _, err := w.Handle(ctx, j.id, j.old); err != nil {
			w.log.WarnContext(ctx, "saved search alerts", "product_id", j.id, "err", err.Error())
		}
		w.done()
	}
}

// Handle records the hits of a written product: the saved searches it is in
// now and was not in before (old nil for a new product). It returns the ids of
// the new hits. The work is bounded by the searches sharing a key with the
// product, never by all saved searches.
func (w *Watcher) Handle(ctx context.Context, id int, old *ent.Product) ([]int, error) {
	ctx = authz.System(ctx)
	p, err := w.client.Product.Query().Where(product.ID(id)).WithProducer().Only(ctx)
	if ent.IsNotFound(err) {
		return nil, nil
	}
	if err != nil {
		return nil, err
	}
	candidates, err := w.client.SavedSearchKey.Query().Where(savedsearchkey.KeyIn(ProductKeys(p)...)).
		Unique(true).Select(savedsearchkey.FieldSavedSearchID).Ints(ctx)
	if err != nil || len(candidates) == 0 {
		return nil, err
	}
	terms := search.ProductTerms(p)
	var oldTerms []string
	if old != nil {
		oldTerms = search.ProductTerms(old)
	}
	// Many searches share a text: each is parsed once per write.
	parsed := map[string]search.Query{}
	parse := func(text string) search.Query {
		q, ok := parsed[text]
		if !ok {
			q = search.Parse(text)
			parsed[text] = q
		}
		return q
	}
	// Saved needs are judged by the match engine, with the facts loaded once
	// per write and destination (four statements each).
	judges := map[string]*match.Judge{}
	now := time.Now()
	if w.Now != nil {
		now = w.Now()
	}
	fits := func(s *ent.SavedSearch, x *ent.Product) (bool, error) {
		if s.Need == nil {
			return true, nil
		}
		if p.Edges.Certifications == nil { // the first need: the product's own certificates
			certs, err := p.QueryCertifications().All(ctx)
			if err != nil {
				return false, err
			}
			p.Edges.Certifications = append([]*ent.Certification{}, certs...)
			if old != nil {
				old.Edges = p.Edges // the same producer and certificates
			}
		}
		j, ok := judges[s.Need.Country]
		if !ok {
			var err error
			if j, err = match.NewJudge(ctx, w.client, []string{s.Need.Country}, p); err != nil {
				return false, err
			}
			judges[s.Need.Country] = j
		}
		return j.Fits(match.RequestOfNeed(s.HsCodes, s.Query, s.Need, now), x), nil
	}
	var hits []int
	for len(candidates) > 0 {
		n := min(len(candidates), batch)
		list, err := w.client.SavedSearch.Query().Where(savedsearch.IDIn(candidates[:n]...)).All(ctx)
		if err != nil {
			return hits, err
		}
		candidates = candidates[n:]
		for _, s := range list {
			in := matches(s, p, p.Edges.Producer, terms, parse)
			if in {
				if in, err = fits(s, p); err != nil {
					return hits, err
				}
			}
			if !in {
				continue
			}
			if old != nil && matches(s, old, p.Edges.Producer, oldTerms, parse) {
				was, err := fits(s, old)
				if err != nil {
					return hits, err
				}
				if was {
					continue
				}
			}
			hit, err := w.record(ctx, s.ID, p.ID)
			if err != nil {
				return hits, err
			}
			if hit != 0 {
				hits = append(hits, hit)
				if w.bus != nil {
					if err := w.bus.Publish(ctx, events.Event{Topic: events.SavedSearchHit, ID: hit}); err != nil {
						w.log.WarnContext(ctx, "publishing event", "topic", events.SavedSearchHit, "id", hit, "err", err.Error())
					}
				}
			}
		}
	}
	return hits, nil
}

// record keeps a hit once per search and product and counts it; 0 when the
// product was in the search before.
func (w *Watcher) record(ctx context.Context, search, productID int) (int, error) {
	tx, err := w.client.Tx(ctx)
	if err != nil {
		return 0, err
	}
	defer func() { _ = tx.Rollback() }()
	seen, err := tx.SavedSearchHit.Query().Where(savedsearchhit.SavedSearchID(search), savedsearchhit.ProductID(productID)).Exist(ctx)
	if err != nil || seen {
		return 0, err
	}
	h, err := tx.SavedSearchHit.Create().SetSavedSearchID(search).SetProductID(productID).Save(ctx)
	if err != nil {
		return 0, err
	}
	if err := tx.SavedSearch.UpdateOneID(search).AddNewSince(1).Exec(ctx); err != nil {
		return 0, err
	}
	return h.ID, tx.Commit()
}
