package match

import (
	"context"
	"fmt"
	"slices"

	"github.com/exportiva/exportiva/ent"
	"github.com/exportiva/exportiva/ent/certification"
	"github.com/exportiva/exportiva/ent/predicate"
	"github.com/exportiva/exportiva/ent/producer"
	"github.com/exportiva/exportiva/ent/product"
)

// Engine names how Find ranks the candidates.
type Engine string

// Engines.
const (
	// Reference loads every candidate in full (all columns, its producer and
	// certificates) and explains all of them: the reference implementation.
	Reference Engine = "reference"
	// Compact ranks the candidates on compact rows (the columns evaluation
	// reads, the producer's verification, certificate types and dates) and
	// loads in full and explains only the page asked for and the members of
	// the pools. Its answers equal the reference's (TestEnginesAgree).
	Compact Engine = "compact"
	// TopK judges the candidates best first by an upper bound of their
	// score and stops once the first page can no longer change (topk.go);
	// its pages equal the reference's (TestEnginesAgree).
	TopK Engine = "topk"
	// Indexed finds the candidates and their facts in memory (Index): no
	// statement but the buyer's blocks until the page is explained; a first
	// page of a sized need stops early as TopK does. While the index is
	// stale after a write, TopK and Compact answer. Its answers equal the
	// reference's (TestEnginesAgree).
	Indexed Engine = "index"
	// indexedWhole is Indexed asked for the whole list (a count, a later
	// page): every candidate judged, as Compact.
	indexedWhole Engine = "index-whole"
)

// Engines lists the engines, the default first.
var Engines = []Engine{Reference, Compact, TopK, Indexed}

// WholeList returns the engine that answers e's requests when the whole
// list is needed (a totalCount, a later or larger page than TopKPage): the
// top-k engines rank only the first page.
func WholeList(e Engine) Engine {
	switch e {
	case TopK:
		return Compact
	case Indexed:
		return indexedWhole
	}
	return e
}

// ParseEngine reads an engine name ("" is the reference).
func ParseEngine(s string) (Engine, error) {
	if s == "" {
		return Reference, nil
	}
	if slices.Contains(Engines, Engine(s)) {
		return Engine(s), nil
	}
	return "", fmt.Errorf("unknown match engine %q: want one of %q", s, Engines)
}

type engineKey struct{}

// WithEngine makes Find use e for requests under ctx.
func WithEngine(ctx context.Context, e Engine) context.Context {
	if e == "" || e == Reference {
		return ctx
	}
	return context.WithValue(ctx, engineKey{}, e)
}

func engineOf(ctx context.Context) Engine {
	if e, ok := ctx.Value(engineKey{}).(Engine); ok {
		return e
	}
	return Reference
}

// compactFields are the product columns evaluation reads (the commodity's
// text terms are decided in SQL): no names, descriptions or audit columns.
var compactFields = []string{
	product.FieldID, product.FieldProducerID, product.FieldHsCode, product.FieldHsChapter,
	product.FieldForm, product.FieldUnit, product.FieldMoq,
	product.FieldCapacityMonthly, product.FieldCapacityDimension,
	product.FieldPriceMin, product.FieldPriceCurrency, product.FieldIncoterm, product.FieldLeadTimeDays,
	product.FieldPackSize, product.FieldPackUnit,
	product.FieldContainerLoad20ft, product.FieldContainerLoad40ft, product.FieldContainerLoadUnit,
	product.FieldStatus, product.FieldExcludedCountries,
}

// compactProducerFields are the producer columns evaluation reads: the
// verification and the reply figures.
var compactProducerFields = []string{
	producer.FieldID, producer.FieldVerified, producer.FieldVerifiedAt,
	producer.FieldVerifiedUntil, producer.FieldVerifiedScopes, producer.FieldLeadsVerifiedBuyersOnly,
	producer.FieldResponseReceived, producer.FieldResponseReplied, producer.FieldResponseMedianSeconds,
	producer.FieldResponseComputedAt,
}

// loadCompact loads, through db (so privacy decides what is readable), the
// limit products that satisfy preds with the largest monthly capacity (ties
// by id) as compact rows, with the producer's verification and the product's
// certificates (type and dates). Three statements whatever the count
// (certificates and producers in chunks of chunkIDs).
func loadCompact(ctx context.Context, db *ent.Client, preds []predicate.Product, limit int) ([]*ent.Product, error) {
	products, err := db.Product.Query().Where(preds...).
		Order(product.ByCapacityMonthly(sqlDesc()), product.ByID()).Limit(limit).
		Select(compactFields...).All(ctx)
	if err != nil {
		return nil, err
	}
	if len(products) == 0 {
		return products, nil
	}
	ids := make([]int, 0, len(products))
	var producers []int
	seen := map[int]bool{}
	for _, p := range products {
		ids = append(ids, p.ID)
		p.Edges.Certifications = []*ent.Certification{}
		if !seen[p.ProducerID] {
			seen[p.ProducerID] = true
			producers = append(producers, p.ProducerID)
		}
	}
	byID := make(map[int]*ent.Product, len(products))
	for _, p := range products {
		byID[p.ID] = p
	}
	for c := range slices.Chunk(ids, chunkIDs) {
		certs, err := db.Certification.Query().Where(certification.ProductIDIn(c...)).
			Select(certification.FieldProductID, certification.FieldProducerID, certification.FieldType,
				certification.FieldValidFrom, certification.FieldValidUntil).
			Order(certification.ByID()).All(ctx)
		if err != nil {
			return nil, err
		}
		for _, cert := range certs {
			if cert.ProductID != nil {
				if p := byID[*cert.ProductID]; p != nil {
					p.Edges.Certifications = append(p.Edges.Certifications, cert)
				}
			}
		}
	}
	owners := map[int]*ent.Producer{}
	for c := range slices.Chunk(producers, chunkIDs) {
		ps, err := db.Producer.Query().Where(producer.IDIn(c...)).Select(compactProducerFields...).All(ctx)
		if err != nil {
			return nil, err
		}
		for _, p := range ps {
			owners[p.ID] = p
		}
	}
	for _, p := range products {
		p.Edges.Producer = owners[p.ProducerID]
	}
	return products, nil
}

// loadFull loads the products with the given ids in full, with producer and
// certificates, through db; those privacy hides are absent from the map.
func loadFull(ctx context.Context, db *ent.Client, ids []int) (map[int]*ent.Product, error) {
	out := make(map[int]*ent.Product, len(ids))
	for c := range slices.Chunk(ids, chunkIDs) {
		part, err := db.Product.Query().Where(product.IDIn(c...)).
			WithProducer().WithCertifications().Order(product.ByID()).All(ctx)
		if err != nil {
			return nil, err
		}
		for _, p := range part {
			out[p.ID] = p
		}
	}
	return out, nil
}

// explainer turns compact matches into full ones: it loads their products in
// full and judges them again with the reference evaluator.
type explainer struct {
	p *prepared
}

// explain returns the page's matches judged on fully loaded products, in the
// page's order. A product that can no longer be read is left out.
func (e *explainer) explain(ctx context.Context, db *ent.Client, page []*Match) ([]*Match, error) {
	if len(page) == 0 {
		return page, nil
	}
	ids := make([]int, len(page))
	for i, m := range page {
		ids[i] = m.Product.ID
	}
	full, err := loadFull(ctx, db, ids)
	if err != nil {
		return nil, err
	}
	products := make([]*ent.Product, 0, len(full))
	for _, id := range ids {
		if p := full[id]; p != nil {
			products = append(products, p)
		}
	}
	f, err := loadFacts(ctx, db, []string{e.p.Country}, products)
	if err != nil {
		return nil, err
	}
	loud := *e.p // the outcome's request is shared: explain with a copy
	loud.quiet = false
	out := make([]*Match, 0, len(products))
	for _, p := range products {
		out = append(out, loud.evaluate(f, p))
	}
	return out, nil
}

// fillPools replaces the compact products and producers of the pools'
// members by fully loaded ones (at most MaxPools × 5 products).
func fillPools(ctx context.Context, db *ent.Client, pools []Pool) error {
	var ids []int
	for _, pl := range pools {
		for _, m := range pl.Members {
			if !slices.Contains(ids, m.Product.ID) {
				ids = append(ids, m.Product.ID)
			}
		}
	}
	if len(ids) == 0 {
		return nil
	}
	full, err := loadFull(ctx, db, ids)
	if err != nil {
		return err
	}
	for i := range pools {
		for j := range pools[i].Members {
			m := &pools[i].Members[j]
			if p := full[m.Product.ID]; p != nil {
				m.Product, m.Producer = p, p.Edges.Producer
			}
		}
	}
	return nil
}

// Page returns the matches of the outcome's page in full: the same matches
// for the reference engine; for the compact engine they are loaded in full
// and explained now (their ranking came from compact rows). The outcome is
// not changed (a cached outcome is shared).
func (o *Outcome) Page(ctx context.Context, db *ent.Client, page []*Match) ([]*Match, error) {
	if o.explainer == nil {
		return page, nil
	}
	return o.explainer.explain(ctx, db, page)
}
