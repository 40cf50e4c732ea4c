package i18n

import (
	"strings"

	"github.com/exportiva/exportiva/internal/domain"
)

// label is an enum value's name in English and Indonesian.
type label struct{ en, id string }

// labels names the values of every enumeration of the API (domain.Enums). A value
// missing here is shown as its English description's subject, or the value itself.
var labels = map[string]map[string]label{
	"Sector": {
		"FISHERY":         {"Fishery", "Perikanan"},
		"FOOD_BEVERAGE":   {"Food and beverage", "Makanan dan minuman"},
		"FOOTWEAR":        {"Footwear", "Alas kaki"},
		"PLASTICS":        {"Plastics", "Plastik"},
		"FOREST_PRODUCTS": {"Forest products", "Hasil hutan"},
		"FURNITURE":       {"Furniture", "Mebel"},
		"HANDICRAFT":      {"Handicraft", "Kerajinan"},
		"AGRICULTURE":     {"Agriculture", "Pertanian"},
		"OTHER":           {"Other", "Lainnya"},
	},
	"SizeClass": {
		"MICRO":  {"Micro enterprise", "Usaha mikro"},
		"SMALL":  {"Small enterprise", "Usaha kecil"},
		"MEDIUM": {"Medium enterprise", "Usaha menengah"},
		"LARGE":  {"Large enterprise", "Usaha besar"},
	},
	"ProductForm": {
		"FRESH":        {"Fresh", "Segar"},
		"CHILLED":      {"Chilled", "Dingin"},
		"FROZEN":       {"Frozen", "Beku"},
		"DRIED":        {"Dried", "Kering"},
		"CANNED":       {"Canned", "Kalengan"},
		"PROCESSED":    {"Processed", "Olahan"},
		"MANUFACTURED": {"Manufactured", "Barang jadi"},
	},
	"Unit": {
		"KG":          {"kg", "kg"},
		"TONNE":       {"tonne", "ton"},
		"LB":          {"lb", "pon"},
		"PIECE":       {"piece", "buah"},
		"PAIR":        {"pair", "pasang"},
		"DOZEN":       {"dozen", "lusin"},
		"LITRE":       {"litre", "liter"},
		"CUBIC_METRE": {"cubic metre", "meter kubik"},
		"CARTON":      {"carton", "karton"},
	},
	"Period": {
		"SHIPMENT": {"per shipment", "per pengiriman"},
		"WEEK":     {"per week", "per minggu"},
		"MONTH":    {"per month", "per bulan"},
		"YEAR":     {"per year", "per tahun"},
	},
	"ProductStatus": {
		"DRAFT":    {"Draft", "Draf"},
		"ACTIVE":   {"Active", "Aktif"},
		"PAUSED":   {"Paused", "Dijeda"},
		"ARCHIVED": {"Archived", "Diarsipkan"},
	},
	"CertificationType": {
		"HEALTH_CERTIFICATE": {"Health certificate", "Sertifikat kesehatan"},
		"CATCH_CERTIFICATE":  {"Catch certificate", "Sertifikat hasil tangkapan"},
		"EU_APPROVAL_NUMBER": {"EU approval number", "Nomor persetujuan UE"},
		"FLEGT_LICENCE":      {"FLEGT licence", "Lisensi FLEGT"},
		"SKP":                {"Processing plant approval (SKP)", "Sertifikat Kelayakan Pengolahan (SKP)"},
	},
	"BuyerType": {
		"IMPORTER":    {"Importer", "Importir"},
		"DISTRIBUTOR": {"Distributor", "Distributor"},
		"PROCESSOR":   {"Processor", "Pengolah"},
		"RETAILER":    {"Retailer", "Pengecer"},
	},
	"BuyRequestStatus": {
		"OPEN":      {"Open", "Terbuka"},
		"CLOSED":    {"Closed", "Ditutup"},
		"FULFILLED": {"Fulfilled", "Terpenuhi"},
	},
	"InquiryStatus": {
		"OPEN":     {"Open", "Terbuka"},
		"QUOTED":   {"Quoted", "Sudah ditawar"},
		"ACCEPTED": {"Accepted", "Diterima"},
		"CLOSED":   {"Closed", "Ditutup"},
	},
	"QuoteStatus": {
		"PENDING":    {"Pending", "Menunggu"},
		"ACCEPTED":   {"Accepted", "Diterima"},
		"DECLINED":   {"Declined", "Ditolak"},
		"WITHDRAWN":  {"Withdrawn", "Ditarik"},
		"SUPERSEDED": {"Superseded", "Digantikan"},
		"EXPIRED":    {"Expired", "Kedaluwarsa"},
	},
	"Party": {
		"BUYER":    {"Buyer", "Pembeli"},
		"PRODUCER": {"Producer", "Produsen"},
	},
	"Role": {
		"ADMIN":    {"Trade officer", "Petugas perdagangan"},
		"PRODUCER": {"Producer", "Produsen"},
		"BUYER":    {"Buyer", "Pembeli"},
	},
}

// Label names an enum value in l: the translation, else the English label, else
// (proper names such as districts and Incoterms, certificates known by their
// acronym) the value itself in readable case.
func Label(l Lang, enum, value string) string {
	if lb, ok := labels[enum][value]; ok {
		if l == Indonesian && lb.id != "" {
			return lb.id
		}
		if lb.en != "" {
			return lb.en
		}
	}
	return readable(enum, value)
}

func readable(enum, value string) string {
	switch enum {
	case "Incoterm", "CertificationType":
		return strings.ReplaceAll(value, "_", " ")
	}
	s := strings.ToLower(strings.ReplaceAll(value, "_", " "))
	return strings.ToUpper(s[:1]) + s[1:]
}

// EnumValue is one value of an enumeration with its label and description.
type EnumValue struct {
	Value, Label, Description string
}

// Enum lists the values of an enumeration (by its GraphQL name) in l, in the
// schema's order; ok is false for an unknown enumeration.
func Enum(l Lang, enum string) (vals []EnumValue, ok bool) {
	ds, ok := domain.Enums[enum]
	if !ok {
		return nil, false
	}
	out := make([]EnumValue, len(ds))
	for i, d := range ds {
		out[i] = EnumValue{Value: d.Value, Label: Label(l, enum, d.Value), Description: T(l, d.Description)}
	}
	return out, true
}
