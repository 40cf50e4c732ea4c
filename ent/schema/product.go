package schema

import (
	"entgo.io/contrib/entgql"
	"entgo.io/ent"
	"entgo.io/ent/schema"
	"entgo.io/ent/schema/edge"
	"entgo.io/ent/schema/field"
	"entgo.io/ent/schema/index"

	"github.com/exportiva/exportiva/ent/hook"
	"github.com/exportiva/exportiva/internal/domain"
	"github.com/exportiva/exportiva/internal/money"
	"github.com/exportiva/exportiva/internal/search"
	"github.com/exportiva/exportiva/internal/tally"
	"github.com/exportiva/exportiva/internal/validate"
)

// Product is something a producer offers for export, with its capacity and terms.
type Product struct {
	ent.Schema
}

// Mixin of the Product.
func (Product) Mixin() []ent.Mixin { return []ent.Mixin{TimeMixin{}, AuditMixin{}} }

// Fields of the Product.
func (Product) Fields() []ent.Field {
	return []ent.Field{
		field.Int("producer_id").Immutable().
			Comment("The producer that offers the product."),
		field.String("sku").Optional().Nillable().MaxLen(64).
			Comment("The producer's own product code; re-imports update the product with the same code."),
		field.String("name_indonesian").NotEmpty().MaxLen(200).
			Comment("Name in Indonesian (e.g. Ikan tengiri beku)."),
		field.String("name_english").NotEmpty().MaxLen(200).
			Comment("Name in English (e.g. Frozen Spanish mackerel).").
			Annotations(entgql.OrderField("NAME")),
		field.Text("description_indonesian").Optional().
			Comment("Description in Indonesian.").
			Annotations(noFilter()),
		field.Text("description_english").Optional().
			Comment("Description in English.").
			Annotations(noFilter()),
		field.String("hs_code").Validate(validate.HSCode).
			Comment("Harmonized System code, 6 to 10 digits without dots (e.g. 030359 for frozen tengiri).").
			Annotations(entgql.OrderField("HS_CODE")),
		field.String("hs_chapter").
			Comment("The HS chapter: the code's first two digits (03 fish, 16 prepared fish, 64 footwear …).").
			Annotations(derived()),
		field.String("species").Optional().MaxLen(200).
			Comment("Species for food products, scientific name preferred (e.g. Scomberomorus commerson)."),
		field.String("material").Optional().MaxLen(200).
			Comment("Main material for manufactured goods (e.g. synthetic leather, PP, teak)."),
		field.Enum("form").GoType(domain.ProductForm("")).
			Comment("State in which the product is sold.").
			Annotations(entgql.Type("ProductForm")),
		field.Enum("unit").GoType(domain.Unit("")).
			Comment("Unit of sale: prices and the minimum order are per this unit.").
			Annotations(entgql.Type("Unit")),
		field.Float("moq").Optional().Nillable().Validate(validate.Quantity).
			Comment("Minimum order quantity, in the unit of sale (at most 1,000,000,000).").
			Annotations(noFilter()),
		field.Float("capacity_amount").Validate(validate.Quantity).
			Comment("How much the producer can supply per capacity period (more than 0, at most 1,000,000,000).").
			Annotations(noFilter()),
		field.Enum("capacity_unit").GoType(domain.Unit("")).
			Comment("Unit of the capacity amount.").
			Annotations(noFilter()).
			Annotations(entgql.Type("Unit")),
		field.Enum("capacity_period").GoType(domain.Period("")).
			Comment("Period of the capacity amount (WEEK, MONTH or YEAR).").
			Annotations(noFilter()).
			Annotations(entgql.Type("Period")),
		field.Float("capacity_monthly").
			Comment("Capacity per month in the base unit of its dimension (kg, piece or litre).").
			Annotations(derived(), entgql.OrderField("CAPACITY")),
		field.String("capacity_dimension").
			Comment("What the capacity measures: MASS, COUNT or VOLUME.").
			Annotations(derived()),
		field.Int64("price_min").GoType(money.Amount(0)).Optional().Nillable().
			Validate(func(v int64) error { return validate.Price(money.Amount(v)) }).
			Comment("Lowest price per unit of sale (more than 0, at most 1,000,000,000,000).").
			Annotations(entgql.Type("Decimal"), entgql.OrderField("PRICE")),
		field.Int64("price_max").GoType(money.Amount(0)).Optional().Nillable().
			Validate(func(v int64) error { return validate.Price(money.Amount(v)) }).
			Comment("Highest price per unit of sale (more than 0, at most 1,000,000,000,000).").
			Annotations(entgql.Type("Decimal")).
			Annotations(noFilter()),
		field.Float("price_per_base").Optional().Nillable().
			Comment("The lowest price per base unit of its dimension (kg, piece or litre) in the price's currency, through the pack size or container load for packaging units; null without a price or a size. A sort and facet key (internal/catalog), derived by the product hook; compare across currencies with Product.price(currency:).").
			Annotations(derived()),
		field.String("price_dimension").Optional().Nillable().
			Comment("What price_per_base is per: MASS (kg), COUNT (piece) or VOLUME (litre). Derived by the product hook.").
			Annotations(derived()),
		field.String("price_currency").Optional().Nillable().Validate(validate.Currency).
			Comment("ISO 4217 currency of the prices (e.g. USD)."),
		field.Enum("incoterm").GoType(domain.Incoterm("")).Optional().Nillable().
			Comment("Incoterms 2020 term the prices are quoted on.").
			Annotations(entgql.Type("Incoterm")),
		field.Int("lead_time_days").Optional().Nillable().Validate(validate.Days).
			Comment("Days from order to shipment (0 to 3650).").
			Annotations(entgql.OrderField("LEAD_TIME")),
		field.Int("shelf_life_days").Optional().Nillable().Validate(validate.Days).
			Comment("Shelf life in days, for food (0 to 3650).").
			Annotations(noFilter()),
		field.Float("pack_size").Optional().Nillable().Validate(validate.Quantity).
			Comment("Contents of one carton, in the pack unit (e.g. 20 for a 20 kg carton; at most 1,000,000,000).").
			Annotations(noFilter()),
		field.Enum("pack_unit").GoType(domain.Unit("")).Optional().Nillable().
			Comment("Unit of the pack size (KG, PAIR, PIECE …).").
			Annotations(noFilter()).
			Annotations(entgql.Type("Unit")),
		field.String("packaging").Optional().MaxLen(300).
			Comment("How the product is packed (e.g. 10 kg block, 2 blocks per master carton).").
			Annotations(noFilter()),
		field.Float("container_load_20ft").Optional().Nillable().Validate(validate.Quantity).
			Comment("How much fills a 20 ft container, in the container load unit (at most 1,000,000,000).").
			Annotations(noFilter()),
		field.Float("container_load_40ft").Optional().Nillable().Validate(validate.Quantity).
			Comment("How much fills a 40 ft container, in the container load unit (at most 1,000,000,000).").
			Annotations(noFilter()),
		field.Enum("container_load_unit").GoType(domain.Unit("")).Optional().Nillable().
			Comment("Unit of the container loads (a measurable unit or CARTON).").
			Annotations(noFilter()).
			Annotations(entgql.Type("Unit")),
		hiddenField("product"),
		field.Enum("status").GoType(domain.ProductStatus("")).Default(string(domain.ProductActive)).
			Comment("Listing state; only ACTIVE products are matched.").
			Annotations(entgql.Type("ProductStatus")),
		field.JSON("excluded_countries", []string{}).Optional().
			Comment("Destination countries the producer will not ship this product to.").
			Annotations(entgql.Type("[String!]")),
		field.Bool("producer_verified").Default(false).
			Comment("A copy of the producer's verified flag, the catalog's VERIFIED sort key (internal/catalog): set from the producer when the product is created and rewritten on its products, in the same transaction, whenever the producer's flag is written (producerVerifiedHook); not in the GraphQL schema (Producer.verified is).").
			Annotations(skipGQL()),
	}
}

// Edges of the Product.
func (Product) Edges() []ent.Edge {
	return []ent.Edge{
		edge.From("producer", Producer.Type).Ref("products").Field("producer_id").Unique().Required().Immutable().
			Comment("The producer that offers the product."),
		edge.To("certifications", Certification.Type).
			Comment("Certificates that cover this product only: at most 50, since its producer holds at most 50.").
			Annotations(entgql.Skip(entgql.SkipMutationCreateInput, entgql.SkipMutationUpdateInput)),
		edge.To("inquiries", Inquiry.Type).
			Annotations(entgql.Skip(entgql.SkipAll)),
		edge.To("export_records", ExportRecord.Type).
			Annotations(entgql.Skip(entgql.SkipAll)),
		edge.To("media", Media.Type).
			Comment("Photos of the product in gallery order, the main picture first: at most 12.").
			Annotations(entgql.Skip(entgql.SkipWhereInput, entgql.SkipMutationCreateInput, entgql.SkipMutationUpdateInput)),
		edge.To("terms", ProductTerm.Type).
			Comment("Search terms of the product (internal/search).").
			Annotations(entgql.Skip(entgql.SkipAll)),
	}
}

// Indexes of the Product.
func (Product) Indexes() []ent.Index {
	return []ent.Index{
		index.Fields("producer_id", "sku").Unique(),
		index.Fields("hs_code"),
		index.Fields("status", "capacity_monthly"),
		// The catalog page by capacity (ties by id, in the same direction): read in
		// index order, forwards or backwards, so a page stops after its rows.
		index.Fields("status", "capacity_dimension", "capacity_monthly", "id").StorageKey("product_status_dimension_capacity_id"),
		// The totalCount of such a page: with the HS code in the index, its prefix
		// filter is checked without reading the rows (a covering index; ten times
		// faster at 100,000 products on SQLite).
		index.Fields("status", "capacity_dimension", "capacity_monthly", "hs_code").StorageKey("product_status_dimension_capacity_hs"),
		index.Fields("hs_chapter"),
		// The catalog page by its other orders (ties by id): walked in order when
		// the filter keeps many rows (internal/catalog's access plan).
		index.Fields("status", "name_english", "id").StorageKey("product_status_name_id"),
		index.Fields("status", "price_min", "id").StorageKey("product_status_price_id"),
		index.Fields("status", "lead_time_days", "id").StorageKey("product_status_lead_time_id"),
		index.Fields("status", "created_at", "id").StorageKey("product_status_created_id"),
		// A form filter with or without an HS prefix, read through the index when
		// it keeps few rows (a form no product has, a form and prefix that do not
		// go together): both checked in the index.
		index.Fields("status", "form", "hs_code").StorageKey("product_status_form_hs"),
		// Sorting the catalog by price per kg, piece or litre reads one dimension.
		index.Fields("price_dimension", "price_per_base"),
		// The products the trade office hid (few): the read filter of every
		// product query looks them up (internal/authz/visible.ProductFor).
		index.Fields("hidden_at"),
	}
}

// Hooks of the Product: its own rules, then the search index and the counts
// by status, form, heading and dimension, which follow every product write of
// every client (search.IndexHook, tally.Hook).
func (Product) Hooks() []ent.Hook {
	return []ent.Hook{hook.On(productHook, fieldWrites), search.IndexHook, tally.Hook}
}

// Annotations of the Product.
func (Product) Annotations() []schema.Annotation {
	return []schema.Annotation{
		entgql.RelayConnection(),
		// Query.products is written in graph/catalog.graphqls: it adds a search.
		entgql.Mutations(entgql.MutationCreate(), entgql.MutationUpdate()),
		schema.Comment("Something a producer offers for export, with its capacity and terms."),
	}
}
