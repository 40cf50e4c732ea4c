package graph

import (
	"context"
	"io"
	"math"
	"strconv"
	"sync"
	"sync/atomic"
	"time"

	"github.com/99designs/gqlgen/graphql"
	"github.com/vektah/gqlparser/v2/ast"

	"github.com/exportiva/exportiva/ent"
	"github.com/exportiva/exportiva/internal/domain"
	"github.com/exportiva/exportiva/internal/money"
)

// Direct encoding of the catalog.
//
// gqlgen executes every field of a response through its generic machinery: a
// field context, a context.WithValue, the middleware chain, a marshaler closure
// and, for objects, a field set and a deferred group, about sixteen allocations a
// field. A catalog page of 20 products with their producers and certificates
// has some 500 fields, and that bookkeeping was most of its cost (see
// docs/BENCHMARKS.md).
//
// fieldMiddleware lets gqlgen resolve the root fields as always (arguments,
// privacy, entgql's field collection and eager loading) and then, when the
// value is a product connection, a product or a producer whose whole selection
// consists of plain fields (columns, eager-loaded edges, __typename), writes the
// JSON of that subtree itself. The output is byte for byte what gqlgen writes
// (TestDirectEncodingMatchesGqlgen runs every supported field both ways); any
// other selection — a field with a resolver, an edge that was not loaded, a
// @defer, a value gqlgen would turn into an error — leaves the value to gqlgen.
// A field middleware may return a graphql.Marshaler in place of the field's
// value: gqlgen's resolveField uses it as the field's output.

// fieldMiddleware is the handler's field middleware: broken reads are retried,
// and catalog subtrees are encoded directly unless direct is false (the tests
// that compare the two ways).
func fieldMiddleware(direct bool, now func() time.Time) graphql.FieldMiddleware {
	if !direct {
		return retryBrokenReads
	}
	return func(ctx context.Context, next graphql.Resolver) (any, error) { return directFields(ctx, next, now) }
}

func directFields(ctx context.Context, next graphql.Resolver, now func() time.Time) (any, error) {
	res, err := retryBrokenReads(ctx, next)
	if err != nil || res == nil {
		return res, err
	}
	fc := graphql.GetFieldContext(ctx)
	if fc == nil || fc.Object != "Query" {
		return res, err
	}
	if m := encodeDirect(graphql.GetOperationContext(ctx), fc.Field, res, now); m != nil {
		return m, nil
	}
	return res, nil
}

// encodeDirect returns the encoded value of a root field, or nil when gqlgen
// must execute it.
func encodeDirect(oc *graphql.OperationContext, f graphql.CollectedField, v any, now func() time.Time) graphql.Marshaler {
	if oc == nil {
		return nil
	}
	e := encoders.Get().(*encoder)
	e.reset(oc)
	e.now = now
	ok := false
	switch x := v.(type) {
	case *ent.ProductConnection:
		ok = x != nil && e.productConnection(e.collect(f.Selections, productConnectionImplementors), x)
	case *ent.Product:
		ok = x != nil && e.product(e.collect(f.Selections, productImplementors), x)
	case *ent.Producer:
		ok = x != nil && e.producer(e.collect(f.Selections, producerImplementors), x)
	}
	if !ok {
		e.release()
		return nil
	}
	directEncoded.Add(1)
	return (*encoded)(e)
}

// The types each object satisfies in fragment conditions, as in the generated
// executor (TestDirectImplementors keeps them equal to the schema).
var (
	productConnectionImplementors = []string{"ProductConnection"}
	productEdgeImplementors       = []string{"ProductEdge"}
	pageInfoImplementors          = []string{"PageInfo"}
	productImplementors           = []string{"Product", "Node"}
	producerImplementors          = []string{"Producer", "Node"}
	certificationImplementors     = []string{"Certification", "Node"}
)

// maxPooledBuffer is the largest buffer put back into the pool (a page of 100
// products with everything is well under it).
const maxPooledBuffer = 1 << 20

// directEncoded counts the root fields the direct encoding served (for tests).
var directEncoded atomic.Int64

var encoders = sync.Pool{New: func() any { return &encoder{b: make([]byte, 0, 16<<10)} }}

// encoder writes JSON into b, the way gqlgen's marshalers do.
type encoder struct {
	oc *graphql.OperationContext
	b  []byte
	// now is the resolvers' clock, for fields derived from it (verified).
	now func() time.Time
	// collected remembers the fields collected for a selection set: the elements
	// of a list share theirs.
	collected []collectedSet
}

type collectedSet struct {
	sel    *ast.Selection
	n      int
	impl   *string
	fields []graphql.CollectedField
}

func (e *encoder) reset(oc *graphql.OperationContext) {
	e.oc = oc
	e.b = e.b[:0]
	e.collected = e.collected[:0]
}

func (e *encoder) release() {
	e.oc, e.now = nil, nil
	clear(e.collected)
	e.collected = e.collected[:0]
	if cap(e.b) <= maxPooledBuffer {
		encoders.Put(e)
	}
}

// encoded is the output of an encoder, written once.
type encoded encoder

// MarshalGQL implements graphql.Marshaler.
func (m *encoded) MarshalGQL(w io.Writer) {
	e := (*encoder)(m)
	_, _ = w.Write(e.b)
	e.release()
}

// Write lets the cursor marshaler write into the buffer.
func (e *encoder) Write(p []byte) (int, error) {
	e.b = append(e.b, p...)
	return len(p), nil
}

// collect is graphql.CollectFields, once per selection set and type.
func (e *encoder) collect(sel ast.SelectionSet, impl []string) []graphql.CollectedField {
	if len(sel) == 0 {
		return nil
	}
	for _, c := range e.collected {
		if c.sel == &sel[0] && c.n == len(sel) && c.impl == &impl[0] {
			return c.fields
		}
	}
	fields := graphql.CollectFields(e.oc, sel, impl)
	e.collected = append(e.collected, collectedSet{sel: &sel[0], n: len(sel), impl: &impl[0], fields: fields})
	return fields
}

// key opens field i of fields, or reports false when gqlgen would skip it (a
// response key already written) or must handle it (a deferred field).
func (e *encoder) key(fields []graphql.CollectedField, i int, first bool) (write, ok bool) {
	f := &fields[i]
	if len(f.Deferrables) > 0 {
		return false, false
	}
	for j := range i {
		if fields[j].Alias == f.Alias {
			return false, true
		}
	}
	if !first {
		e.b = append(e.b, ',')
	}
	e.str(f.Alias)
	e.b = append(e.b, ':')
	return true, true
}

// str writes a quoted string exactly as graphql.MarshalString does.
func (e *encoder) str(s string) {
	const hex = "0123456789ABCDEF"
	e.b = append(e.b, '"')
	start := 0
	for i, c := range s {
		if c < 0x20 || c == '\\' || c == '"' {
			e.b = append(e.b, s[start:i]...)
			switch c {
			case '\t':
				e.b = append(e.b, `\t`...)
			case '\r':
				e.b = append(e.b, `\r`...)
			case '\n':
				e.b = append(e.b, `\n`...)
			case '\\':
				e.b = append(e.b, `\\`...)
			case '"':
				e.b = append(e.b, `\"`...)
			default:
				e.b = append(e.b, `\u00`...)
				e.b = append(e.b, hex[c>>4], hex[c&0xf])
			}
			start = i + 1
		}
	}
	e.b = append(e.b, s[start:]...)
	e.b = append(e.b, '"')
}

func (e *encoder) null() { e.b = append(e.b, "null"...) }

func (e *encoder) optStr(s *string) {
	if s == nil {
		e.null()
		return
	}
	e.str(*s)
}

func (e *encoder) strs(v []string) {
	if v == nil {
		e.null()
		return
	}
	e.b = append(e.b, '[')
	for i, s := range v {
		if i > 0 {
			e.b = append(e.b, ',')
		}
		e.str(s)
	}
	e.b = append(e.b, ']')
}

// id writes an ID as graphql.MarshalIntID does.
func (e *encoder) id(v int) {
	e.b = append(e.b, '"')
	e.b = strconv.AppendInt(e.b, int64(v), 10)
	e.b = append(e.b, '"')
}

func (e *encoder) optID(v *int) {
	if v == nil {
		e.null()
		return
	}
	e.id(*v)
}

func (e *encoder) int(v int) { e.b = strconv.AppendInt(e.b, int64(v), 10) }

func (e *encoder) optInt(v *int) {
	if v == nil {
		e.null()
		return
	}
	e.int(*v)
}

func (e *encoder) bool(v bool) { e.b = strconv.AppendBool(e.b, v) }

// float writes a Float as model.MarshalFloat does: a value JSON cannot hold as
// the nearest one it can, then fmt's %g (strconv's shortest 'g').
func (e *encoder) float(f float64) {
	switch {
	case math.IsNaN(f):
		f = 0
	case math.IsInf(f, 1):
		f = math.MaxFloat64
	case math.IsInf(f, -1):
		f = -math.MaxFloat64
	}
	e.b = strconv.AppendFloat(e.b, f, 'g', -1, 64)
}

func (e *encoder) optFloat(f *float64) {
	if f == nil {
		e.null()
		return
	}
	e.float(*f)
}

// time writes a Time as graphql.MarshalTime does (RFC 3339 has nothing to
// escape); false for the zero time, which gqlgen turns into null (an error for a
// non-null field).
func (e *encoder) time(t time.Time) bool {
	if t.IsZero() {
		return false
	}
	e.b = append(e.b, '"')
	e.b = t.AppendFormat(e.b, time.RFC3339Nano)
	e.b = append(e.b, '"')
	return true
}

func (e *encoder) optTime(t *time.Time) {
	if t == nil || t.IsZero() {
		e.null()
		return
	}
	e.time(*t)
}

// enum writes an enum value as domain.MarshalEnum does.
func enum[T ~string](e *encoder, v T) { e.b = strconv.AppendQuote(e.b, string(v)) }

func optEnum[T ~string](e *encoder, v *T) {
	if v == nil {
		e.null()
		return
	}
	enum(e, *v)
}

// decimal writes an amount as money.Amount's MarshalGQL does.
func (e *encoder) decimal(a *money.Amount) {
	if a == nil {
		e.null()
		return
	}
	e.b = strconv.AppendQuote(e.b, a.String())
}

func (e *encoder) productConnection(fields []graphql.CollectedField, c *ent.ProductConnection) bool {
	e.b = append(e.b, '{')
	first := true
	for i := range fields {
		write, ok := e.key(fields, i, first)
		if !ok {
			return false
		}
		if !write {
			continue
		}
		first = false
		f := &fields[i]
		switch f.Name {
		case "__typename":
			e.str("ProductConnection")
		case "totalCount":
			e.int(c.TotalCount)
		case "pageInfo":
			if !e.pageInfo(e.collect(f.Selections, pageInfoImplementors), &c.PageInfo) {
				return false
			}
		case "edges":
			if c.Edges == nil {
				e.null()
				continue
			}
			sub := e.collect(f.Selections, productEdgeImplementors)
			e.b = append(e.b, '[')
			for j, edge := range c.Edges {
				if j > 0 {
					e.b = append(e.b, ',')
				}
				if edge == nil {
					return false
				}
				if !e.productEdge(sub, edge) {
					return false
				}
			}
			e.b = append(e.b, ']')
		default:
			return false
		}
	}
	e.b = append(e.b, '}')
	return true
}

func (e *encoder) productEdge(fields []graphql.CollectedField, edge *ent.ProductEdge) bool {
	e.b = append(e.b, '{')
	first := true
	for i := range fields {
		write, ok := e.key(fields, i, first)
		if !ok {
			return false
		}
		if !write {
			continue
		}
		first = false
		f := &fields[i]
		switch f.Name {
		case "__typename":
			e.str("ProductEdge")
		case "cursor":
			edge.Cursor.MarshalGQL(e)
		case "node":
			if edge.Node == nil {
				e.null()
				continue
			}
			if !e.product(e.collect(f.Selections, productImplementors), edge.Node) {
				return false
			}
		default:
			return false
		}
	}
	e.b = append(e.b, '}')
	return true
}

func (e *encoder) pageInfo(fields []graphql.CollectedField, p *ent.PageInfo) bool {
	e.b = append(e.b, '{')
	first := true
	for i := range fields {
		write, ok := e.key(fields, i, first)
		if !ok {
			return false
		}
		if !write {
			continue
		}
		first = false
		switch fields[i].Name {
		case "__typename":
			e.str("PageInfo")
		case "hasNextPage":
			e.bool(p.HasNextPage)
		case "hasPreviousPage":
			e.bool(p.HasPreviousPage)
		case "startCursor":
			if p.StartCursor == nil {
				e.null()
			} else {
				p.StartCursor.MarshalGQL(e)
			}
		case "endCursor":
			if p.EndCursor == nil {
				e.null()
			} else {
				p.EndCursor.MarshalGQL(e)
			}
		default:
			return false
		}
	}
	e.b = append(e.b, '}')
	return true
}

func (e *encoder) product(fields []graphql.CollectedField, p *ent.Product) bool {
	e.b = append(e.b, '{')
	first := true
	for i := range fields {
		write, ok := e.key(fields, i, first)
		if !ok {
			return false
		}
		if !write {
			continue
		}
		first = false
		f := &fields[i]
		switch f.Name {
		case "__typename":
			e.str("Product")
		case "id":
			e.id(p.ID)
		case "createdAt":
			if !e.time(p.CreatedAt) {
				return false
			}
		case "updatedAt":
			if !e.time(p.UpdatedAt) {
				return false
			}
		case "producerID":
			e.id(p.ProducerID)
		case "sku":
			e.optStr(p.Sku)
		case "nameIndonesian":
			e.str(p.NameIndonesian)
		case "nameEnglish":
			e.str(p.NameEnglish)
		case "descriptionIndonesian":
			e.str(p.DescriptionIndonesian)
		case "descriptionEnglish":
			e.str(p.DescriptionEnglish)
		case "hsCode":
			e.str(p.HsCode)
		case "hsChapter":
			e.str(p.HsChapter)
		case "species":
			e.str(p.Species)
		case "material":
			e.str(p.Material)
		case "form":
			enum(e, p.Form)
		case "unit":
			enum(e, p.Unit)
		case "moq":
			e.optFloat(p.Moq)
		case "capacityAmount":
			e.float(p.CapacityAmount)
		case "capacityUnit":
			enum(e, p.CapacityUnit)
		case "capacityPeriod":
			enum(e, p.CapacityPeriod)
		case "capacityMonthly":
			e.float(p.CapacityMonthly)
		case "capacityDimension":
			e.str(p.CapacityDimension)
		case "priceMin":
			e.decimal(p.PriceMin)
		case "priceMax":
			e.decimal(p.PriceMax)
		case "priceCurrency":
			e.optStr(p.PriceCurrency)
		case "incoterm":
			optEnum(e, p.Incoterm)
		case "leadTimeDays":
			e.optInt(p.LeadTimeDays)
		case "shelfLifeDays":
			e.optInt(p.ShelfLifeDays)
		case "packSize":
			e.optFloat(p.PackSize)
		case "packUnit":
			optEnum(e, p.PackUnit)
		case "packaging":
			e.str(p.Packaging)
		case "containerLoad20ft":
			e.optFloat(p.ContainerLoad20ft)
		case "containerLoad40ft":
			e.optFloat(p.ContainerLoad40ft)
		case "containerLoadUnit":
			optEnum(e, p.ContainerLoadUnit)
		case "status":
			enum(e, p.Status)
		case "excludedCountries":
			e.strs(p.ExcludedCountries)
		case "producer":
			// Product.producer is non-null: a producer that was not loaded or not
			// found is gqlgen's to query or to report.
			pr, err := p.Edges.ProducerOrErr()
			if err != nil || pr == nil {
				return false
			}
			if !e.producer(e.collect(f.Selections, producerImplementors), pr) {
				return false
			}
		case "certifications":
			// As ent's generated Certifications(ctx): the edge eager-loaded under
			// the field's response key.
			cs, err := p.NamedCertifications(f.Alias)
			if err != nil || !e.certifications(f, cs) {
				return false
			}
		default:
			return false
		}
	}
	e.b = append(e.b, '}')
	return true
}

func (e *encoder) producer(fields []graphql.CollectedField, p *ent.Producer) bool {
	e.b = append(e.b, '{')
	first := true
	for i := range fields {
		write, ok := e.key(fields, i, first)
		if !ok {
			return false
		}
		if !write {
			continue
		}
		first = false
		f := &fields[i]
		switch f.Name {
		case "__typename":
			e.str("Producer")
		case "id":
			e.id(p.ID)
		case "createdAt":
			if !e.time(p.CreatedAt) {
				return false
			}
		case "updatedAt":
			if !e.time(p.UpdatedAt) {
				return false
			}
		case "name":
			e.str(p.Name)
		case "legalName":
			e.str(p.LegalName)
		case "nib":
			e.optStr(p.Nib)
		case "district":
			enum(e, p.District)
		case "sector":
			enum(e, p.Sector)
		case "sectors":
			if p.Sectors == nil {
				e.null()
				continue
			}
			e.b = append(e.b, '[')
			for j, s := range p.Sectors {
				if j > 0 {
					e.b = append(e.b, ',')
				}
				enum(e, s)
			}
			e.b = append(e.b, ']')
		case "sizeClass":
			enum(e, p.SizeClass)
		case "foundedYear":
			e.optInt(p.FoundedYear)
		case "description":
			e.str(p.Description)
		case "website":
			e.str(p.Website)
		case "languages":
			e.strs(p.Languages)
		case "verifiedAt":
			e.optTime(p.VerifiedAt)
		case "verifiedBy":
			e.str(p.VerifiedBy)
		case "verified":
			// A resolver's field, derived from the row and the clock by the
			// same function as producerResolver.Verified (directDerived).
			e.bool(domain.VerifiedNow(p.Verified, p.VerifiedUntil, p.VerifiedAt, e.now()))
		case "certifications":
			cs, err := p.NamedCertifications(f.Alias)
			if err != nil || !e.certifications(f, cs) {
				return false
			}
		default:
			// The contact fields (privacy), verifiedScopes (a list judged
			// at read time against the expiries), products and export records
			// (connections with arguments) are gqlgen's.
			return false
		}
	}
	e.b = append(e.b, '}')
	return true
}

// certifications writes a nullable list of non-null certificates.
func (e *encoder) certifications(f *graphql.CollectedField, cs []*ent.Certification) bool {
	if cs == nil {
		e.null()
		return true
	}
	sub := e.collect(f.Selections, certificationImplementors)
	e.b = append(e.b, '[')
	for j, c := range cs {
		if j > 0 {
			e.b = append(e.b, ',')
		}
		if c == nil || !e.certification(sub, c) {
			return false
		}
	}
	e.b = append(e.b, ']')
	return true
}

func (e *encoder) certification(fields []graphql.CollectedField, c *ent.Certification) bool {
	e.b = append(e.b, '{')
	first := true
	for i := range fields {
		write, ok := e.key(fields, i, first)
		if !ok {
			return false
		}
		if !write {
			continue
		}
		first = false
		switch fields[i].Name {
		case "__typename":
			e.str("Certification")
		case "id":
			e.id(c.ID)
		case "createdAt":
			if !e.time(c.CreatedAt) {
				return false
			}
		case "updatedAt":
			if !e.time(c.UpdatedAt) {
				return false
			}
		case "producerID":
			e.id(c.ProducerID)
		case "productID":
			e.optID(c.ProductID)
		case "type":
			enum(e, c.Type)
		case "number":
			e.str(c.Number)
		case "issuer":
			e.str(c.Issuer)
		case "validFrom":
			if !e.time(c.ValidFrom) {
				return false
			}
		case "validUntil":
			if !e.time(c.ValidUntil) {
				return false
			}
		default:
			return false
		}
	}
	e.b = append(e.b, '}')
	return true
}
