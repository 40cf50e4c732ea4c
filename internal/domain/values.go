package domain

import "io"

// Sector is a line of business of a producer.
type Sector string

// Sectors of Lamongan's exporting industries.
const (
	SectorFishery        Sector = "FISHERY"
	SectorFoodBeverage   Sector = "FOOD_BEVERAGE"
	SectorFootwear       Sector = "FOOTWEAR"
	SectorPlastics       Sector = "PLASTICS"
	SectorForestProducts Sector = "FOREST_PRODUCTS"
	SectorFurniture      Sector = "FURNITURE"
	SectorHandicraft     Sector = "HANDICRAFT"
	SectorAgriculture    Sector = "AGRICULTURE"
	SectorOther          Sector = "OTHER"
)

var sectors = []Described{
	{"FISHERY", "Fish and seafood catching, processing and freezing."},
	{"FOOD_BEVERAGE", "Processed food and drink, such as fish crackers and snacks."},
	{"FOOTWEAR", "Shoes, sandals and other footwear."},
	{"PLASTICS", "Plastic bags, tableware, furniture and other plastic goods."},
	{"FOREST_PRODUCTS", "Sawn wood, veneer, mouldings and other wood products."},
	{"FURNITURE", "Wooden and other furniture."},
	{"HANDICRAFT", "Handicrafts and home decoration."},
	{"AGRICULTURE", "Crops and other agricultural produce."},
	{"OTHER", "Any other line of business."},
}

// Values lists the valid sectors.
func (Sector) Values() []string { return enumValues(sectors) }

// MarshalGQL writes the sector as a GraphQL enum value.
func (e Sector) MarshalGQL(w io.Writer) { marshalEnum(w, string(e)) }

// UnmarshalGQL reads a sector from a GraphQL enum value.
func (e *Sector) UnmarshalGQL(v any) error {
	s, err := unmarshalEnum(v, "Sector", sectors)
	*e = Sector(s)
	return err
}

// SizeClass is the size of a business under Indonesian law (UU 20/2008, PP 7/2021).
type SizeClass string

// Size classes.
const (
	SizeMicro  SizeClass = "MICRO"
	SizeSmall  SizeClass = "SMALL"
	SizeMedium SizeClass = "MEDIUM"
	SizeLarge  SizeClass = "LARGE"
)

var sizeClasses = []Described{
	{"MICRO", "Micro enterprise (usaha mikro)."},
	{"SMALL", "Small enterprise (usaha kecil)."},
	{"MEDIUM", "Medium enterprise (usaha menengah)."},
	{"LARGE", "Large enterprise (usaha besar)."},
}

// Values lists the valid size classes.
func (SizeClass) Values() []string { return enumValues(sizeClasses) }

// MarshalGQL writes the size class as a GraphQL enum value.
func (e SizeClass) MarshalGQL(w io.Writer) { marshalEnum(w, string(e)) }

// UnmarshalGQL reads a size class from a GraphQL enum value.
func (e *SizeClass) UnmarshalGQL(v any) error {
	s, err := unmarshalEnum(v, "SizeClass", sizeClasses)
	*e = SizeClass(s)
	return err
}

// District is one of the 27 kecamatan (districts) of Lamongan regency.
type District string

var districts = []Described{
	{"BABAT", "Kecamatan Babat."},
	{"BLULUK", "Kecamatan Bluluk."},
	{"BRONDONG", "Kecamatan Brondong, home of the Brondong fishing port."},
	{"DEKET", "Kecamatan Deket."},
	{"GLAGAH", "Kecamatan Glagah."},
	{"KALITENGAH", "Kecamatan Kalitengah."},
	{"KARANGBINANGUN", "Kecamatan Karangbinangun."},
	{"KARANGGENENG", "Kecamatan Karanggeneng."},
	{"KEDUNGPRING", "Kecamatan Kedungpring."},
	{"KEMBANGBAHU", "Kecamatan Kembangbahu."},
	{"LAMONGAN", "Kecamatan Lamongan, the regency seat."},
	{"LAREN", "Kecamatan Laren."},
	{"MADURAN", "Kecamatan Maduran."},
	{"MANTUP", "Kecamatan Mantup."},
	{"MODO", "Kecamatan Modo."},
	{"NGIMBANG", "Kecamatan Ngimbang."},
	{"PACIRAN", "Kecamatan Paciran, on the north coast."},
	{"PUCUK", "Kecamatan Pucuk."},
	{"SAMBENG", "Kecamatan Sambeng."},
	{"SARIREJO", "Kecamatan Sarirejo."},
	{"SEKARAN", "Kecamatan Sekaran."},
	{"SOLOKURO", "Kecamatan Solokuro."},
	{"SUGIO", "Kecamatan Sugio."},
	{"SUKODADI", "Kecamatan Sukodadi."},
	{"SUKORAME", "Kecamatan Sukorame."},
	{"TIKUNG", "Kecamatan Tikung."},
	{"TURI", "Kecamatan Turi."},
}

// Values lists the valid districts.
func (District) Values() []string { return enumValues(districts) }

// MarshalGQL writes the district as a GraphQL enum value.
func (e District) MarshalGQL(w io.Writer) { marshalEnum(w, string(e)) }

// UnmarshalGQL reads a district from a GraphQL enum value.
func (e *District) UnmarshalGQL(v any) error {
	s, err := unmarshalEnum(v, "District", districts)
	*e = District(s)
	return err
}

// ProductForm is the state in which a product is sold.
type ProductForm string

// Product forms.
const (
	FormFresh        ProductForm = "FRESH"
	FormChilled      ProductForm = "CHILLED"
	FormFrozen       ProductForm = "FROZEN"
	FormDried        ProductForm = "DRIED"
	FormCanned       ProductForm = "CANNED"
	FormProcessed    ProductForm = "PROCESSED"
	FormManufactured ProductForm = "MANUFACTURED"
)

var productForms = []Described{
	{"FRESH", "Fresh, unprocessed."},
	{"CHILLED", "Chilled, kept just above freezing."},
	{"FROZEN", "Frozen."},
	{"DRIED", "Dried or salted-dried."},
	{"CANNED", "Canned or in retort pouches."},
	{"PROCESSED", "Otherwise prepared or processed food."},
	{"MANUFACTURED", "A manufactured good (footwear, plastics, wood, furniture)."},
}

// Values lists the valid product forms.
func (ProductForm) Values() []string { return enumValues(productForms) }

// MarshalGQL writes the form as a GraphQL enum value.
func (e ProductForm) MarshalGQL(w io.Writer) { marshalEnum(w, string(e)) }

// UnmarshalGQL reads a form from a GraphQL enum value.
func (e *ProductForm) UnmarshalGQL(v any) error {
	s, err := unmarshalEnum(v, "ProductForm", productForms)
	*e = ProductForm(s)
	return err
}

// Unit is a unit of measure for quantities of goods.
type Unit string

// Units of measure.
const (
	UnitKG          Unit = "KG"
	UnitTonne       Unit = "TONNE"
	UnitLB          Unit = "LB"
	UnitPiece       Unit = "PIECE"
	UnitPair        Unit = "PAIR"
	UnitDozen       Unit = "DOZEN"
	UnitLitre       Unit = "LITRE"
	UnitCubicMetre  Unit = "CUBIC_METRE"
	UnitCarton      Unit = "CARTON"
	UnitContainer20 Unit = "CONTAINER_20FT"
	UnitContainer40 Unit = "CONTAINER_40FT"
)

var units = []Described{
	{"KG", "Kilogram."},
	{"TONNE", "Metric tonne, 1,000 kg."},
	{"LB", "Pound, exactly 0.45359237 kg."},
	{"PIECE", "One piece."},
	{"PAIR", "A pair, two pieces (footwear is counted in pairs)."},
	{"DOZEN", "Twelve pieces."},
	{"LITRE", "Litre."},
	{"CUBIC_METRE", "Cubic metre, 1,000 litres (sawn wood is sold by the cubic metre)."},
	{"CARTON", "One carton; converts only through the product's own pack size."},
	{"CONTAINER_20FT", "One 20 ft container; converts only through the product's own container load."},
	{"CONTAINER_40FT", "One 40 ft container; converts only through the product's own container load."},
}

// Values lists the valid units.
func (Unit) Values() []string { return enumValues(units) }

// MarshalGQL writes the unit as a GraphQL enum value.
func (e Unit) MarshalGQL(w io.Writer) { marshalEnum(w, string(e)) }

// UnmarshalGQL reads a unit from a GraphQL enum value.
func (e *Unit) UnmarshalGQL(v any) error {
	s, err := unmarshalEnum(v, "Unit", units)
	*e = Unit(s)
	return err
}

// Period is the time basis of a quantity: per shipment, week, month or year.
type Period string

// Periods.
const (
	PerShipment Period = "SHIPMENT"
	PerWeek     Period = "WEEK"
	PerMonth    Period = "MONTH"
	PerYear     Period = "YEAR"
)

var periods = []Described{
	{"SHIPMENT", "A one-off shipment."},
	{"WEEK", "Every week (7/30.4375 of a month)."},
	{"MONTH", "Every month (30.4375 days)."},
	{"YEAR", "Every year (12 months)."},
}

// Values lists the valid periods.
func (Period) Values() []string { return enumValues(periods) }

// MarshalGQL writes the period as a GraphQL enum value.
func (e Period) MarshalGQL(w io.Writer) { marshalEnum(w, string(e)) }

// UnmarshalGQL reads a period from a GraphQL enum value.
func (e *Period) UnmarshalGQL(v any) error {
	s, err := unmarshalEnum(v, "Period", periods)
	*e = Period(s)
	return err
}

// Incoterm is an Incoterms 2020 trade term.
type Incoterm string

var incoterms = []Described{
	{"EXW", "Ex Works: the buyer collects at the producer's premises."},
	{"FCA", "Free Carrier: delivered to the buyer's carrier."},
	{"FAS", "Free Alongside Ship: delivered alongside the vessel at the port of loading."},
	{"FOB", "Free On Board: loaded on the vessel at the port of loading (e.g. Tanjung Perak, Surabaya)."},
	{"CFR", "Cost and Freight: the seller pays freight to the port of destination."},
	{"CIF", "Cost, Insurance and Freight: CFR plus cargo insurance."},
	{"CPT", "Carriage Paid To: the seller pays carriage to the named place."},
	{"CIP", "Carriage and Insurance Paid To: CPT plus insurance."},
	{"DAP", "Delivered At Place: delivered, not unloaded, at the named place."},
	{"DPU", "Delivered at Place Unloaded."},
	{"DDP", "Delivered Duty Paid: the seller pays import duties too."},
}

// Values lists the valid Incoterms.
func (Incoterm) Values() []string { return enumValues(incoterms) }

// MarshalGQL writes the Incoterm as a GraphQL enum value.
func (e Incoterm) MarshalGQL(w io.Writer) { marshalEnum(w, string(e)) }

// UnmarshalGQL reads an Incoterm from a GraphQL enum value.
func (e *Incoterm) UnmarshalGQL(v any) error {
	s, err := unmarshalEnum(v, "Incoterm", incoterms)
	*e = Incoterm(s)
	return err
}

// ProductStatus is the listing state of a product.
type ProductStatus string

// Product statuses.
const (
	ProductDraft    ProductStatus = "DRAFT"
	ProductActive   ProductStatus = "ACTIVE"
	ProductPaused   ProductStatus = "PAUSED"
	ProductArchived ProductStatus = "ARCHIVED"
)

var productStatuses = []Described{
	{"DRAFT", "Being prepared; not shown to buyers."},
	{"ACTIVE", "Listed and available for matching."},
	{"PAUSED", "Temporarily unavailable."},
	{"ARCHIVED", "No longer offered."},
}

// Values lists the valid product statuses.
func (ProductStatus) Values() []string { return enumValues(productStatuses) }

// MarshalGQL writes the status as a GraphQL enum value.
func (e ProductStatus) MarshalGQL(w io.Writer) { marshalEnum(w, string(e)) }

// UnmarshalGQL reads a status from a GraphQL enum value.
func (e *ProductStatus) UnmarshalGQL(v any) error {
	s, err := unmarshalEnum(v, "ProductStatus", productStatuses)
	*e = ProductStatus(s)
	return err
}

// CertificationType is a kind of certificate, licence or registration.
type CertificationType string

// Certification types.
const (
	CertHealth     CertificationType = "HEALTH_CERTIFICATE"
	CertHACCP      CertificationType = "HACCP"
	CertHalal      CertificationType = "HALAL"
	CertEUApproval CertificationType = "EU_APPROVAL_NUMBER"
	CertCatch      CertificationType = "CATCH_CERTIFICATE"
	CertFDA        CertificationType = "FDA_REGISTRATION"
	CertGACC       CertificationType = "GACC_REGISTRATION"
	CertSVLK       CertificationType = "SVLK"
	CertFLEGT      CertificationType = "FLEGT_LICENCE"
	CertSKP        CertificationType = "SKP"
	CertBRCGS      CertificationType = "BRCGS"
	CertISO22000   CertificationType = "ISO_22000"
	CertISO9001    CertificationType = "ISO_9001"
	CertMSC        CertificationType = "MSC"
	CertASC        CertificationType = "ASC"
	CertBAP        CertificationType = "BAP"
	CertSNI        CertificationType = "SNI"
)

var certificationTypes = []Described{
	{"HEALTH_CERTIFICATE", "Health certificate for fishery products from Indonesia's fish quarantine and quality authority."},
	{"HACCP", "HACCP certificate (for the US: seafood HACCP)."},
	{"HALAL", "Halal certificate from a recognised body (BPJPH/MUI or one recognised by the destination)."},
	{"EU_APPROVAL_NUMBER", "Establishment approved for export to the EU (approval number on the EU list)."},
	{"CATCH_CERTIFICATE", "EU IUU catch certificate for wild-caught fish."},
	{"FDA_REGISTRATION", "US FDA food facility registration."},
	{"GACC_REGISTRATION", "Registration with the General Administration of Customs of China."},
	{"SVLK", "Indonesia's timber legality assurance (SVLK) certificate."},
	{"FLEGT_LICENCE", "FLEGT licence for timber products to the EU."},
	{"SKP", "Sertifikat Kelayakan Pengolahan: Indonesian fish processing plant approval."},
	{"BRCGS", "BRCGS Global Standard for Food Safety."},
	{"ISO_22000", "ISO 22000 / FSSC 22000 food safety management."},
	{"ISO_9001", "ISO 9001 quality management."},
	{"MSC", "Marine Stewardship Council chain of custody."},
	{"ASC", "Aquaculture Stewardship Council."},
	{"BAP", "Best Aquaculture Practices."},
	{"SNI", "Standar Nasional Indonesia product certification."},
}

// Values lists the valid certification types.
func (CertificationType) Values() []string { return enumValues(certificationTypes) }

// MarshalGQL writes the type as a GraphQL enum value.
func (e CertificationType) MarshalGQL(w io.Writer) { marshalEnum(w, string(e)) }

// UnmarshalGQL reads a certification type from a GraphQL enum value.
func (e *CertificationType) UnmarshalGQL(v any) error {
	s, err := unmarshalEnum(v, "CertificationType", certificationTypes)
	*e = CertificationType(s)
	return err
}

// BuyerType is the kind of business a buyer runs.
type BuyerType string

var buyerTypes = []Described{
	{"IMPORTER", "Imports for its own trade."},
	{"DISTRIBUTOR", "Distributes to wholesalers and retailers."},
	{"PROCESSOR", "Processes the goods further."},
	{"RETAILER", "Sells to consumers."},
}

// Values lists the valid buyer types.
func (BuyerType) Values() []string { return enumValues(buyerTypes) }

// MarshalGQL writes the type as a GraphQL enum value.
func (e BuyerType) MarshalGQL(w io.Writer) { marshalEnum(w, string(e)) }

// UnmarshalGQL reads a buyer type from a GraphQL enum value.
func (e *BuyerType) UnmarshalGQL(v any) error {
	s, err := unmarshalEnum(v, "BuyerType", buyerTypes)
	*e = BuyerType(s)
	return err
}

// BuyRequestStatus is the state of a buy request.
type BuyRequestStatus string

// Buy request statuses.
const (
	BuyRequestOpen      BuyRequestStatus = "OPEN"
	BuyRequestClosed    BuyRequestStatus = "CLOSED"
	BuyRequestFulfilled BuyRequestStatus = "FULFILLED"
)

var buyRequestStatuses = []Described{
	{"OPEN", "Looking for suppliers."},
	{"CLOSED", "Withdrawn by the buyer."},
	{"FULFILLED", "A supplier was found."},
}

// Values lists the valid buy request statuses.
func (BuyRequestStatus) Values() []string { return enumValues(buyRequestStatuses) }

// MarshalGQL writes the status as a GraphQL enum value.
func (e BuyRequestStatus) MarshalGQL(w io.Writer) { marshalEnum(w, string(e)) }

// UnmarshalGQL reads a status from a GraphQL enum value.
func (e *BuyRequestStatus) UnmarshalGQL(v any) error {
	s, err := unmarshalEnum(v, "BuyRequestStatus", buyRequestStatuses)
	*e = BuyRequestStatus(s)
	return err
}

// InquiryStatus is the state of a negotiation thread.
type InquiryStatus string

// Inquiry statuses.
const (
	InquiryOpen     InquiryStatus = "OPEN"
	InquiryQuoted   InquiryStatus = "QUOTED"
	InquiryAccepted InquiryStatus = "ACCEPTED"
	InquiryClosed   InquiryStatus = "CLOSED"
)

var inquiryStatuses = []Described{
	{"OPEN", "Sent; waiting for a quote."},
	{"QUOTED", "The producer has sent a quote that awaits an answer."},
	{"ACCEPTED", "The buyer accepted a quote: a deal."},
	{"CLOSED", "Closed without a deal."},
}

// Values lists the valid inquiry statuses.
func (InquiryStatus) Values() []string { return enumValues(inquiryStatuses) }

// MarshalGQL writes the status as a GraphQL enum value.
func (e InquiryStatus) MarshalGQL(w io.Writer) { marshalEnum(w, string(e)) }

// UnmarshalGQL reads a status from a GraphQL enum value.
func (e *InquiryStatus) UnmarshalGQL(v any) error {
	s, err := unmarshalEnum(v, "InquiryStatus", inquiryStatuses)
	*e = InquiryStatus(s)
	return err
}

// QuoteStatus is the state of a quote; see internal/trade for its transitions.
type QuoteStatus string

// Quote statuses.
const (
	QuotePending    QuoteStatus = "PENDING"
	QuoteAccepted   QuoteStatus = "ACCEPTED"
	QuoteDeclined   QuoteStatus = "DECLINED"
	QuoteWithdrawn  QuoteStatus = "WITHDRAWN"
	QuoteSuperseded QuoteStatus = "SUPERSEDED"
	QuoteExpired    QuoteStatus = "EXPIRED"
)

var quoteStatuses = []Described{
	{"PENDING", "Sent by the producer; awaits the buyer's answer."},
	{"ACCEPTED", "Accepted by the buyer (final)."},
	{"DECLINED", "Declined by the buyer (final)."},
	{"WITHDRAWN", "Withdrawn by the producer (final)."},
	{"SUPERSEDED", "Replaced by a newer quote on the same inquiry (final)."},
	{"EXPIRED", "Its validity ran out before an answer (final)."},
}

// Values lists the valid quote statuses.
func (QuoteStatus) Values() []string { return enumValues(quoteStatuses) }

// MarshalGQL writes the status as a GraphQL enum value.
func (e QuoteStatus) MarshalGQL(w io.Writer) { marshalEnum(w, string(e)) }

// UnmarshalGQL reads a status from a GraphQL enum value.
func (e *QuoteStatus) UnmarshalGQL(v any) error {
	s, err := unmarshalEnum(v, "QuoteStatus", quoteStatuses)
	*e = QuoteStatus(s)
	return err
}

// Party is a side of a negotiation.
type Party string

// Parties.
const (
	PartyBuyer    Party = "BUYER"
	PartyProducer Party = "PRODUCER"
)

var parties = []Described{
	{"BUYER", "The buyer's side."},
	{"PRODUCER", "The producer's side."},
}

// Values lists the valid parties.
func (Party) Values() []string { return enumValues(parties) }

// MarshalGQL writes the party as a GraphQL enum value.
func (e Party) MarshalGQL(w io.Writer) { marshalEnum(w, string(e)) }

// UnmarshalGQL reads a party from a GraphQL enum value.
func (e *Party) UnmarshalGQL(v any) error {
	s, err := unmarshalEnum(v, "Party", parties)
	*e = Party(s)
	return err
}

// Role is what an account may do.
type Role string

// Roles.
const (
	RoleAdmin    Role = "ADMIN"
	RoleProducer Role = "PRODUCER"
	RoleBuyer    Role = "BUYER"
)

var roles = []Described{
	{"ADMIN", "Trade office staff: verifies producers and keeps market rules current."},
	{"PRODUCER", "A member of a Lamongan producer."},
	{"BUYER", "A member of a foreign buyer."},
}

// Values lists the valid roles.
func (Role) Values() []string { return enumValues(roles) }

// MarshalGQL writes the role as a GraphQL enum value.
func (e Role) MarshalGQL(w io.Writer) { marshalEnum(w, string(e)) }

// UnmarshalGQL reads a role from a GraphQL enum value.
func (e *Role) UnmarshalGQL(v any) error {
	s, err := unmarshalEnum(v, "Role", roles)
	*e = Role(s)
	return err
}
