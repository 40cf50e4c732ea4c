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

// Sectors is the table of the sectors: value, description, English and Indonesian
// labels, import aliases.
var Sectors = newTable[Sector]("Sector", "A line of business of a producer.",
	v("FISHERY", "Fish and seafood catching, processing and freezing.", "Fishery", "Perikanan"),
	v("FOOD_BEVERAGE", "Processed food and drink, such as fish crackers and snacks.", "Food and beverage", "Makanan dan minuman"),
	v("FOOTWEAR", "Shoes, sandals and other footwear.", "Footwear", "Alas kaki"),
	v("PLASTICS", "Plastic bags, tableware, furniture and other plastic goods.", "Plastics", "Plastik"),
	v("FOREST_PRODUCTS", "Sawn wood, veneer, mouldings and other wood products.", "Forest products", "Hasil hutan"),
	v("FURNITURE", "Wooden and other furniture.", "Furniture", "Mebel"),
	v("HANDICRAFT", "Handicrafts and home decoration.", "Handicraft", "Kerajinan"),
	v("AGRICULTURE", "Crops and other agricultural produce.", "Agriculture", "Pertanian"),
	v("OTHER", "Any other line of business.", "Other", "Lainnya"),
)

// Values lists the valid sectors.
func (Sector) Values() []string { return Sectors.Strings() }

// MarshalGQL writes the value as a GraphQL enum value.
func (e Sector) MarshalGQL(w io.Writer) { Sectors.Marshal(w, e) }

// UnmarshalGQL reads a value from a GraphQL enum value.
func (e *Sector) UnmarshalGQL(v any) error { return Sectors.Unmarshal(v, e) }

// SizeClass is the size of a business under Indonesian law (UU 20/2008, PP 7/2021).
type SizeClass string

// Size classes.
const (
	SizeMicro  SizeClass = "MICRO"
	SizeSmall  SizeClass = "SMALL"
	SizeMedium SizeClass = "MEDIUM"
	SizeLarge  SizeClass = "LARGE"
)

// SizeClasses is the table of the size classes: value, description, English and Indonesian
// labels, import aliases.
var SizeClasses = newTable[SizeClass]("SizeClass", "Size of a business under Indonesian law.",
	v("MICRO", "Micro enterprise (usaha mikro).", "Micro enterprise", "Usaha mikro"),
	v("SMALL", "Small enterprise (usaha kecil).", "Small enterprise", "Usaha kecil"),
	v("MEDIUM", "Medium enterprise (usaha menengah).", "Medium enterprise", "Usaha menengah"),
	v("LARGE", "Large enterprise (usaha besar).", "Large enterprise", "Usaha besar"),
)

// Values lists the valid size classes.
func (SizeClass) Values() []string { return SizeClasses.Strings() }

// MarshalGQL writes the value as a GraphQL enum value.
func (e SizeClass) MarshalGQL(w io.Writer) { SizeClasses.Marshal(w, e) }

// UnmarshalGQL reads a value from a GraphQL enum value.
func (e *SizeClass) UnmarshalGQL(v any) error { return SizeClasses.Unmarshal(v, e) }

// District is one of the 27 kecamatan (districts) of Lamongan regency.
type District string

// Districts is the table of the districts: value, description, English and Indonesian
// labels, import aliases.
var Districts = newTable[District]("District", "One of the 27 kecamatan (districts) of Lamongan regency.",
	v("BABAT", "Kecamatan Babat.", "Babat", "Babat"),
	v("BLULUK", "Kecamatan Bluluk.", "Bluluk", "Bluluk"),
	v("BRONDONG", "Kecamatan Brondong, home of the Brondong fishing port.", "Brondong", "Brondong"),
	v("DEKET", "Kecamatan Deket.", "Deket", "Deket"),
	v("GLAGAH", "Kecamatan Glagah.", "Glagah", "Glagah"),
	v("KALITENGAH", "Kecamatan Kalitengah.", "Kalitengah", "Kalitengah"),
	v("KARANGBINANGUN", "Kecamatan Karangbinangun.", "Karangbinangun", "Karangbinangun"),
	v("KARANGGENENG", "Kecamatan Karanggeneng.", "Karanggeneng", "Karanggeneng"),
	v("KEDUNGPRING", "Kecamatan Kedungpring.", "Kedungpring", "Kedungpring"),
	v("KEMBANGBAHU", "Kecamatan Kembangbahu.", "Kembangbahu", "Kembangbahu"),
	v("LAMONGAN", "Kecamatan Lamongan, the regency seat.", "Lamongan", "Lamongan"),
	v("LAREN", "Kecamatan Laren.", "Laren", "Laren"),
	v("MADURAN", "Kecamatan Maduran.", "Maduran", "Maduran"),
	v("MANTUP", "Kecamatan Mantup.", "Mantup", "Mantup"),
	v("MODO", "Kecamatan Modo.", "Modo", "Modo"),
	v("NGIMBANG", "Kecamatan Ngimbang.", "Ngimbang", "Ngimbang"),
	v("PACIRAN", "Kecamatan Paciran, on the north coast.", "Paciran", "Paciran"),
	v("PUCUK", "Kecamatan Pucuk.", "Pucuk", "Pucuk"),
	v("SAMBENG", "Kecamatan Sambeng.", "Sambeng", "Sambeng"),
	v("SARIREJO", "Kecamatan Sarirejo.", "Sarirejo", "Sarirejo"),
	v("SEKARAN", "Kecamatan Sekaran.", "Sekaran", "Sekaran"),
	v("SOLOKURO", "Kecamatan Solokuro.", "Solokuro", "Solokuro"),
	v("SUGIO", "Kecamatan Sugio.", "Sugio", "Sugio"),
	v("SUKODADI", "Kecamatan Sukodadi.", "Sukodadi", "Sukodadi"),
	v("SUKORAME", "Kecamatan Sukorame.", "Sukorame", "Sukorame"),
	v("TIKUNG", "Kecamatan Tikung.", "Tikung", "Tikung"),
	v("TURI", "Kecamatan Turi.", "Turi", "Turi"),
)

// Values lists the valid districts.
func (District) Values() []string { return Districts.Strings() }

// MarshalGQL writes the value as a GraphQL enum value.
func (e District) MarshalGQL(w io.Writer) { Districts.Marshal(w, e) }

// UnmarshalGQL reads a value from a GraphQL enum value.
func (e *District) UnmarshalGQL(v any) error { return Districts.Unmarshal(v, e) }

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

// ProductForms is the table of the product forms: value, description, English and Indonesian
// labels, import aliases.
var ProductForms = newTable[ProductForm]("ProductForm", "The state in which a product is sold.",
	v("FRESH", "Fresh, unprocessed.", "Fresh", "Segar", "segar"),
	v("CHILLED", "Chilled, kept just above freezing.", "Chilled", "Dingin", "dingin"),
	v("FROZEN", "Frozen.", "Frozen", "Beku", "beku"),
	v("DRIED", "Dried or salted-dried.", "Dried", "Kering", "kering"),
	v("CANNED", "Canned or in retort pouches.", "Canned", "Kalengan", "kaleng", "kalengan"),
	v("PROCESSED", "Otherwise prepared or processed food.", "Processed", "Olahan", "olahan"),
	v("MANUFACTURED", "A manufactured good (footwear, plastics, wood, furniture).", "Manufactured", "Barang jadi", "manufaktur", "barang jadi", "produk jadi"),
)

// Values lists the valid product forms.
func (ProductForm) Values() []string { return ProductForms.Strings() }

// MarshalGQL writes the value as a GraphQL enum value.
func (e ProductForm) MarshalGQL(w io.Writer) { ProductForms.Marshal(w, e) }

// UnmarshalGQL reads a value from a GraphQL enum value.
func (e *ProductForm) UnmarshalGQL(v any) error { return ProductForms.Unmarshal(v, e) }

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

// Units is the table of the units: value, description, English and Indonesian
// labels, import aliases.
var Units = newTable[Unit]("Unit", "A unit of measure for quantities of goods.",
	v("KG", "Kilogram.", "kg", "kg", "kilo", "kilogram", "kgs"),
	v("TONNE", "Metric tonne, 1,000 kg.", "tonne", "ton", "t", "ton", "tons", "tonnes", "mt", "metric ton").inProse("t", "t"),
	v("LB", "Pound, exactly 0.45359237 kg.", "lb", "pon", "lbs", "pound", "pounds"),
	v("PIECE", "One piece.", "piece", "buah", "pcs", "pc", "pieces", "buah", "bh", "biji", "unit", "lembar").inProse("piece", "pieces"),
	v("PAIR", "A pair, two pieces (footwear is counted in pairs).", "pair", "pasang", "pasang", "psg", "pairs", "prs").inProse("pair", "pairs"),
	v("DOZEN", "Twelve pieces.", "dozen", "lusin", "lusin", "dz", "doz"),
	v("LITRE", "Litre.", "litre", "liter", "l", "ltr", "liter", "liters", "litres").inProse("litre", "litres"),
	v("CUBIC_METRE", "Cubic metre, 1,000 litres (sawn wood is sold by the cubic metre).", "cubic metre", "meter kubik", "m3", "m³", "cbm", "kubik", "meter kubik", "cubic meter").inProse("m³", "m³"),
	v("CARTON", "One carton; converts only through the product's own pack size.", "carton", "karton", "ctn", "karton", "cartons", "dus", "kardus", "box").inProse("carton", "cartons"),
	v("CONTAINER_20FT", "One 20 ft container; converts only through the product's own container load.", "20 ft container", "kontainer 20 ft", "20ft", "20 ft", "20' container", "teu").inProse("20 ft container", "20 ft containers"),
	v("CONTAINER_40FT", "One 40 ft container; converts only through the product's own container load.", "40 ft container", "kontainer 40 ft", "40ft", "40 ft", "40' container", "feu").inProse("40 ft container", "40 ft containers"),
)

// Values lists the valid units.
func (Unit) Values() []string { return Units.Strings() }

// MarshalGQL writes the value as a GraphQL enum value.
func (e Unit) MarshalGQL(w io.Writer) { Units.Marshal(w, e) }

// UnmarshalGQL reads a value from a GraphQL enum value.
func (e *Unit) UnmarshalGQL(v any) error { return Units.Unmarshal(v, e) }

// Period is the time basis of a quantity: per shipment, week, month or year.
type Period string

// Periods.
const (
	PerShipment Period = "SHIPMENT"
	PerWeek     Period = "WEEK"
	PerMonth    Period = "MONTH"
	PerYear     Period = "YEAR"
)

// Periods is the table of the periods: value, description, English and Indonesian
// labels, import aliases.
var Periods = newTable[Period]("Period", "The time basis of a quantity.",
	v("SHIPMENT", "A one-off shipment.", "per shipment", "per pengiriman"),
	v("WEEK", "Every week (7/30.4375 of a month).", "per week", "per minggu", "minggu", "per minggu", "mgg", "weekly", "week", "mingguan"),
	v("MONTH", "Every month (30.4375 days).", "per month", "per bulan", "bulan", "per bulan", "bln", "monthly", "month", "bulanan"),
	v("YEAR", "Every year (12 months).", "per year", "per tahun", "tahun", "per tahun", "thn", "yearly", "annual", "year", "tahunan"),
)

// Values lists the valid periods.
func (Period) Values() []string { return Periods.Strings() }

// MarshalGQL writes the value as a GraphQL enum value.
func (e Period) MarshalGQL(w io.Writer) { Periods.Marshal(w, e) }

// UnmarshalGQL reads a value from a GraphQL enum value.
func (e *Period) UnmarshalGQL(v any) error { return Periods.Unmarshal(v, e) }

// Incoterm is an Incoterms 2020 trade term.
type Incoterm string

// Incoterms is the table of the Incoterms: value, description, English and Indonesian
// labels, import aliases.
var Incoterms = newTable[Incoterm]("Incoterm", "An Incoterms 2020 trade term.",
	v("EXW", "Ex Works: the buyer collects at the producer's premises.", "EXW", "EXW"),
	v("FCA", "Free Carrier: delivered to the buyer's carrier.", "FCA", "FCA"),
	v("FAS", "Free Alongside Ship: delivered alongside the vessel at the port of loading.", "FAS", "FAS"),
	v("FOB", "Free On Board: loaded on the vessel at the port of loading (e.g. Tanjung Perak, Surabaya).", "FOB", "FOB"),
	v("CFR", "Cost and Freight: the seller pays freight to the port of destination.", "CFR", "CFR"),
	v("CIF", "Cost, Insurance and Freight: CFR plus cargo insurance.", "CIF", "CIF"),
	v("CPT", "Carriage Paid To: the seller pays carriage to the named place.", "CPT", "CPT"),
	v("CIP", "Carriage and Insurance Paid To: CPT plus insurance.", "CIP", "CIP"),
	v("DAP", "Delivered At Place: delivered, not unloaded, at the named place.", "DAP", "DAP"),
	v("DPU", "Delivered at Place Unloaded.", "DPU", "DPU"),
	v("DDP", "Delivered Duty Paid: the seller pays import duties too.", "DDP", "DDP"),
)

// Values lists the valid Incoterms.
func (Incoterm) Values() []string { return Incoterms.Strings() }

// MarshalGQL writes the value as a GraphQL enum value.
func (e Incoterm) MarshalGQL(w io.Writer) { Incoterms.Marshal(w, e) }

// UnmarshalGQL reads a value from a GraphQL enum value.
func (e *Incoterm) UnmarshalGQL(v any) error { return Incoterms.Unmarshal(v, e) }

// ProductStatus is the listing state of a product.
type ProductStatus string

// Product statuses.
const (
	ProductDraft    ProductStatus = "DRAFT"
	ProductActive   ProductStatus = "ACTIVE"
	ProductPaused   ProductStatus = "PAUSED"
	ProductArchived ProductStatus = "ARCHIVED"
)

// ProductStatuses is the table of the product statuses: value, description, English and Indonesian
// labels, import aliases.
var ProductStatuses = newTable[ProductStatus]("ProductStatus", "The listing state of a product.",
	v("DRAFT", "Being prepared; not shown to buyers.", "Draft", "Draf", "draf", "draft"),
	v("ACTIVE", "Listed and available for matching.", "Active", "Aktif", "aktif"),
	v("PAUSED", "Temporarily unavailable.", "Paused", "Dijeda", "dijeda", "jeda"),
	v("ARCHIVED", "No longer offered.", "Archived", "Diarsipkan", "arsip", "diarsipkan"),
)

// Values lists the valid product statuses.
func (ProductStatus) Values() []string { return ProductStatuses.Strings() }

// MarshalGQL writes the value as a GraphQL enum value.
func (e ProductStatus) MarshalGQL(w io.Writer) { ProductStatuses.Marshal(w, e) }

// UnmarshalGQL reads a value from a GraphQL enum value.
func (e *ProductStatus) UnmarshalGQL(v any) error { return ProductStatuses.Unmarshal(v, e) }

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

// CertificationTypes is the table of the certification types: value, description, English and Indonesian
// labels, import aliases.
var CertificationTypes = newTable[CertificationType]("CertificationType", "A kind of certificate, licence or registration.",
	v("HEALTH_CERTIFICATE", "Health certificate for fishery products from Indonesia's fish quarantine and quality authority.", "Health certificate", "Sertifikat kesehatan").inProse("health certificate", ""),
	v("HACCP", "HACCP certificate (for the US: seafood HACCP).", "HACCP", "HACCP"),
	v("HALAL", "Halal certificate from a recognised body (BPJPH/MUI or one recognised by the destination).", "Halal certificate", "Sertifikat halal").inProse("halal certificate", ""),
	v("EU_APPROVAL_NUMBER", "Establishment approved for export to the EU (approval number on the EU list).", "EU approval number", "Nomor persetujuan UE"),
	v("CATCH_CERTIFICATE", "EU IUU catch certificate for wild-caught fish.", "Catch certificate", "Sertifikat hasil tangkapan").inProse("catch certificate", ""),
	v("FDA_REGISTRATION", "US FDA food facility registration.", "FDA registration", "Registrasi FDA"),
	v("GACC_REGISTRATION", "Registration with the General Administration of Customs of China.", "GACC registration", "Registrasi GACC"),
	v("SVLK", "Indonesia's timber legality assurance (SVLK) certificate.", "SVLK", "SVLK"),
	v("FLEGT_LICENCE", "FLEGT licence for timber products to the EU.", "FLEGT licence", "Lisensi FLEGT"),
	v("SKP", "Sertifikat Kelayakan Pengolahan: Indonesian fish processing plant approval.", "Processing plant approval (SKP)", "Sertifikat Kelayakan Pengolahan (SKP)").inProse("SKP", ""),
	v("BRCGS", "BRCGS Global Standard for Food Safety.", "BRCGS", "BRCGS"),
	v("ISO_22000", "ISO 22000 / FSSC 22000 food safety management.", "ISO 22000", "ISO 22000"),
	v("ISO_9001", "ISO 9001 quality management.", "ISO 9001", "ISO 9001"),
	v("MSC", "Marine Stewardship Council chain of custody.", "MSC", "MSC"),
	v("ASC", "Aquaculture Stewardship Council.", "ASC", "ASC"),
	v("BAP", "Best Aquaculture Practices.", "BAP", "BAP"),
	v("SNI", "Standar Nasional Indonesia product certification.", "SNI", "SNI"),
)

// Values lists the valid certification types.
func (CertificationType) Values() []string { return CertificationTypes.Strings() }

// MarshalGQL writes the value as a GraphQL enum value.
func (e CertificationType) MarshalGQL(w io.Writer) { CertificationTypes.Marshal(w, e) }

// UnmarshalGQL reads a value from a GraphQL enum value.
func (e *CertificationType) UnmarshalGQL(v any) error { return CertificationTypes.Unmarshal(v, e) }

// BuyerType is the kind of business a buyer runs.
type BuyerType string

// BuyerTypes is the table of the buyer types: value, description, English and Indonesian
// labels, import aliases.
var BuyerTypes = newTable[BuyerType]("BuyerType", "The kind of business a buyer runs.",
	v("IMPORTER", "Imports for its own trade.", "Importer", "Importir"),
	v("DISTRIBUTOR", "Distributes to wholesalers and retailers.", "Distributor", "Distributor"),
	v("PROCESSOR", "Processes the goods further.", "Processor", "Pengolah"),
	v("RETAILER", "Sells to consumers.", "Retailer", "Pengecer"),
)

// Values lists the valid buyer types.
func (BuyerType) Values() []string { return BuyerTypes.Strings() }

// MarshalGQL writes the value as a GraphQL enum value.
func (e BuyerType) MarshalGQL(w io.Writer) { BuyerTypes.Marshal(w, e) }

// UnmarshalGQL reads a value from a GraphQL enum value.
func (e *BuyerType) UnmarshalGQL(v any) error { return BuyerTypes.Unmarshal(v, e) }

// BuyRequestStatus is the state of a buy request.
type BuyRequestStatus string

// Buy request statuses.
const (
	BuyRequestOpen      BuyRequestStatus = "OPEN"
	BuyRequestClosed    BuyRequestStatus = "CLOSED"
	BuyRequestFulfilled BuyRequestStatus = "FULFILLED"
)

// BuyRequestStatuses is the table of the buy request statuses: value, description, English and Indonesian
// labels, import aliases.
var BuyRequestStatuses = newTable[BuyRequestStatus]("BuyRequestStatus", "The state of a buy request.",
	v("OPEN", "Looking for suppliers.", "Open", "Terbuka"),
	v("CLOSED", "Withdrawn by the buyer.", "Closed", "Ditutup"),
	v("FULFILLED", "A supplier was found.", "Fulfilled", "Terpenuhi"),
)

// Values lists the valid buy request statuses.
func (BuyRequestStatus) Values() []string { return BuyRequestStatuses.Strings() }

// MarshalGQL writes the value as a GraphQL enum value.
func (e BuyRequestStatus) MarshalGQL(w io.Writer) { BuyRequestStatuses.Marshal(w, e) }

// UnmarshalGQL reads a value from a GraphQL enum value.
func (e *BuyRequestStatus) UnmarshalGQL(v any) error { return BuyRequestStatuses.Unmarshal(v, e) }

// InquiryStatus is the state of a negotiation thread.
type InquiryStatus string

// Inquiry statuses.
const (
	InquiryOpen     InquiryStatus = "OPEN"
	InquiryQuoted   InquiryStatus = "QUOTED"
	InquiryAccepted InquiryStatus = "ACCEPTED"
	InquiryClosed   InquiryStatus = "CLOSED"
)

// InquiryStatuses is the table of the inquiry statuses: value, description, English and Indonesian
// labels, import aliases.
var InquiryStatuses = newTable[InquiryStatus]("InquiryStatus", "The state of a negotiation thread.",
	v("OPEN", "Sent; waiting for a quote.", "Open", "Terbuka"),
	v("QUOTED", "The producer has sent a quote that awaits an answer.", "Quoted", "Sudah ditawar"),
	v("ACCEPTED", "The buyer accepted a quote: a deal.", "Accepted", "Diterima"),
	v("CLOSED", "Closed without a deal.", "Closed", "Ditutup"),
)

// Values lists the valid inquiry statuses.
func (InquiryStatus) Values() []string { return InquiryStatuses.Strings() }

// MarshalGQL writes the value as a GraphQL enum value.
func (e InquiryStatus) MarshalGQL(w io.Writer) { InquiryStatuses.Marshal(w, e) }

// UnmarshalGQL reads a value from a GraphQL enum value.
func (e *InquiryStatus) UnmarshalGQL(v any) error { return InquiryStatuses.Unmarshal(v, e) }

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

// QuoteStatuses is the table of the quote statuses: value, description, English and Indonesian
// labels, import aliases.
var QuoteStatuses = newTable[QuoteStatus]("QuoteStatus", "The state of a quote.",
	v("PENDING", "Sent by the producer; awaits the buyer's answer.", "Pending", "Menunggu"),
	v("ACCEPTED", "Accepted by the buyer (final).", "Accepted", "Diterima"),
	v("DECLINED", "Declined by the buyer (final).", "Declined", "Ditolak"),
	v("WITHDRAWN", "Withdrawn by the producer (final).", "Withdrawn", "Ditarik"),
	v("SUPERSEDED", "Replaced by a newer quote on the same inquiry (final).", "Superseded", "Digantikan"),
	v("EXPIRED", "Its validity ran out before an answer (final).", "Expired", "Kedaluwarsa"),
)

// Values lists the valid quote statuses.
func (QuoteStatus) Values() []string { return QuoteStatuses.Strings() }

// MarshalGQL writes the value as a GraphQL enum value.
func (e QuoteStatus) MarshalGQL(w io.Writer) { QuoteStatuses.Marshal(w, e) }

// UnmarshalGQL reads a value from a GraphQL enum value.
func (e *QuoteStatus) UnmarshalGQL(v any) error { return QuoteStatuses.Unmarshal(v, e) }

// Party is a side of a negotiation.
type Party string

// Parties.
const (
	PartyBuyer    Party = "BUYER"
	PartyProducer Party = "PRODUCER"
)

// Parties is the table of the parties: value, description, English and Indonesian
// labels, import aliases.
var Parties = newTable[Party]("Party", "A side of a negotiation.",
	v("BUYER", "The buyer's side.", "Buyer", "Pembeli"),
	v("PRODUCER", "The producer's side.", "Producer", "Produsen"),
)

// Values lists the valid parties.
func (Party) Values() []string { return Parties.Strings() }

// MarshalGQL writes the value as a GraphQL enum value.
func (e Party) MarshalGQL(w io.Writer) { Parties.Marshal(w, e) }

// UnmarshalGQL reads a value from a GraphQL enum value.
func (e *Party) UnmarshalGQL(v any) error { return Parties.Unmarshal(v, e) }

// Role is what an account may do.
type Role string

// Roles.
const (
	RoleAdmin    Role = "ADMIN"
	RoleProducer Role = "PRODUCER"
	RoleBuyer    Role = "BUYER"
)

// Roles is the table of the roles: value, description, English and Indonesian
// labels, import aliases.
var Roles = newTable[Role]("Role", "What an account may do.",
	v("ADMIN", "Trade office staff: verifies producers and keeps market rules current.", "Trade officer", "Petugas perdagangan"),
	v("PRODUCER", "A member of a Lamongan producer.", "Producer", "Produsen"),
	v("BUYER", "A member of a foreign buyer.", "Buyer", "Pembeli"),
)

// Values lists the valid roles.
func (Role) Values() []string { return Roles.Strings() }

// MarshalGQL writes the value as a GraphQL enum value.
func (e Role) MarshalGQL(w io.Writer) { Roles.Marshal(w, e) }

// UnmarshalGQL reads a value from a GraphQL enum value.
func (e *Role) UnmarshalGQL(v any) error { return Roles.Unmarshal(v, e) }
