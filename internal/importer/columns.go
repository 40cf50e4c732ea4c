package importer

import (
	"strings"
	"unicode"

	"golang.org/x/text/runes"
	"golang.org/x/text/transform"
	"golang.org/x/text/unicode/norm"

	"github.com/exportiva/exportiva/internal/i18n"
)

// kind is how a column's cells are read.
type kind int

const (
	kindText kind = iota
	kindHS
	kindNumber
	kindInt
	kindMoney
	kindEnum
	kindCurrency
)

// Column is one column of the product sheet.
type Column struct {
	// Field is the product field the column fills (the ent column name).
	Field string
	// English and Indonesian are the header in each language.
	English, Indonesian string
	// Aliases are further headers people write.
	Aliases []string
	// Required columns must be in the header; their cells must be filled in for a
	// new product.
	Required bool
	// Example is the template's example value (written the Indonesian way).
	Example string
	// Help explains the column in the template's instructions (English; translated).
	Help string
	kind kind
	enum string
}

// Header returns the column's header in l.
func (c Column) Header(l i18n.Lang) string {
	if l == i18n.Indonesian {
		return c.Indonesian
	}
	return c.English
}

// ExampleSKU is the code of the template's example row: rows with it are skipped,
// so a producer who leaves the example in the sheet does not list it.
const ExampleSKU = "CONTOH-001"

// Columns lists the columns of the product sheet in template order.
var Columns = []Column{
	{Field: "sku", English: "SKU", Indonesian: "Kode produk", Aliases: []string{"kode", "product code", "code", "kode barang"}, Required: true, Example: ExampleSKU,
		Help: "Your own code for the product; importing again updates the product with the same code."},
	{Field: "name_indonesian", English: "Name (Indonesian)", Indonesian: "Nama (Indonesia)", Aliases: []string{"nama produk", "nama", "nama barang"}, Required: true, Example: "Ikan tengiri beku",
		Help: "Product name in Indonesian."},
	{Field: "name_english", English: "Name (English)", Indonesian: "Nama (Inggris)", Aliases: []string{"product name", "name", "nama inggris", "nama bahasa inggris"}, Required: true, Example: "Frozen Spanish mackerel",
		Help: "Product name in English, as buyers will see it."},
	{Field: "description_indonesian", English: "Description (Indonesian)", Indonesian: "Deskripsi (Indonesia)", Aliases: []string{"deskripsi", "keterangan"}, Example: "Tengiri utuh, beku blok 10 kg",
		Help: "Description in Indonesian (optional)."},
	{Field: "description_english", English: "Description (English)", Indonesian: "Deskripsi (Inggris)", Aliases: []string{"description"}, Example: "Whole round, 10 kg blocks",
		Help: "Description in English (optional)."},
	{Field: "hs_code", English: "HS code", Indonesian: "Kode HS", Aliases: []string{"hs", "pos tarif", "kode pos tarif", "hs code 6 10 digits"}, Required: true, Example: "0303.59", kind: kindHS,
		Help: "Harmonized System code, 6 to 10 digits; dots are fine (0303.59)."},
	{Field: "species", English: "Species", Indonesian: "Spesies", Aliases: []string{"jenis ikan", "nama latin"}, Example: "Scomberomorus commerson",
		Help: "Species for food products, the scientific name if you know it (optional)."},
	{Field: "material", English: "Material", Indonesian: "Bahan", Aliases: []string{"bahan baku"},
		Help: "Main material of manufactured goods (optional)."},
	{Field: "form", English: "Form", Indonesian: "Bentuk", Aliases: []string{"kondisi", "product form"}, Required: true, Example: "Beku", kind: kindEnum, enum: "ProductForm",
		Help: "How the product is sold: fresh, chilled, frozen, dried, canned, processed or manufactured."},
	{Field: "unit", English: "Unit of sale", Indonesian: "Satuan jual", Aliases: []string{"satuan", "unit"}, Required: true, Example: "kg", kind: kindEnum, enum: "Unit",
		Help: "Unit that prices and the minimum order are in: kg, ton, pasang (pairs), buah (pieces), lusin, liter, m3, karton."},
	{Field: "moq", English: "Minimum order", Indonesian: "Pesanan minimum", Aliases: []string{"moq", "min order", "minimal order", "minimum pesanan"}, Example: "1.000", kind: kindNumber,
		Help: "Smallest order you accept, in the unit of sale (optional)."},
	{Field: "capacity_amount", English: "Capacity", Indonesian: "Kapasitas", Aliases: []string{"kapasitas produksi", "production capacity", "supply capacity"}, Required: true, Example: "20", kind: kindNumber,
		Help: "How much you can supply per capacity period."},
	{Field: "capacity_unit", English: "Capacity unit", Indonesian: "Satuan kapasitas", Example: "ton", kind: kindEnum, enum: "Unit",
		Help: "Unit of the capacity; the unit of sale when empty."},
	{Field: "capacity_period", English: "Capacity period", Indonesian: "Periode kapasitas", Aliases: []string{"per", "periode"}, Example: "bulan", kind: kindEnum, enum: "Period",
		Help: "Per week, month or year; per month when empty."},
	{Field: "price_min", English: "Price from", Indonesian: "Harga dari", Aliases: []string{"harga", "price", "harga minimum", "min price"}, Example: "3,20", kind: kindMoney,
		Help: "Lowest price per unit of sale (optional)."},
	{Field: "price_max", English: "Price to", Indonesian: "Harga sampai", Aliases: []string{"harga maksimum", "max price"}, Example: "3,60", kind: kindMoney,
		Help: "Highest price per unit of sale (optional)."},
	{Field: "price_currency", English: "Currency", Indonesian: "Mata uang", Aliases: []string{"kurs", "valuta"}, Example: "USD", kind: kindCurrency,
		Help: "Currency of the prices: USD, IDR (Rp), EUR … Required with a price."},
	{Field: "incoterm", English: "Incoterm", Indonesian: "Incoterm", Aliases: []string{"syarat penyerahan"}, Example: "FOB", kind: kindEnum, enum: "Incoterm",
		Help: "Incoterms 2020 term of the prices: FOB, CFR, CIF, EXW … (optional)."},
	{Field: "lead_time_days", English: "Lead time (days)", Indonesian: "Waktu kirim (hari)", Aliases: []string{"lead time", "waktu produksi", "waktu produksi hari"}, Example: "14", kind: kindInt,
		Help: "Days from order to shipment (optional)."},
	{Field: "shelf_life_days", English: "Shelf life (days)", Indonesian: "Masa simpan (hari)", Aliases: []string{"shelf life", "masa simpan", "daya simpan"}, Example: "540", kind: kindInt,
		Help: "Shelf life in days, for food (optional)."},
	{Field: "pack_size", English: "Pack size", Indonesian: "Isi kemasan", Aliases: []string{"isi karton", "ukuran kemasan"}, Example: "10", kind: kindNumber,
		Help: "Contents of one carton, in the pack unit (optional)."},
	{Field: "pack_unit", English: "Pack unit", Indonesian: "Satuan kemasan", Aliases: []string{"satuan isi"}, Example: "kg", kind: kindEnum, enum: "Unit",
		Help: "Unit of the pack size; required with a pack size."},
	{Field: "packaging", English: "Packaging", Indonesian: "Kemasan", Aliases: []string{"packing", "pengemasan"}, Example: "Blok 10 kg, 2 blok per master karton",
		Help: "How the product is packed (optional)."},
	{Field: "status", English: "Status", Indonesian: "Status", Example: "Aktif", kind: kindEnum, enum: "ProductStatus",
		Help: "Aktif (matched with buyers), Draf, Dijeda or Diarsipkan; Aktif when empty."},
}

// columnOf returns the column filling an ent field.
func columnOf(field string) (Column, bool) {
	for _, c := range Columns {
		if c.Field == field {
			return c, true
		}
	}
	return Column{}, false
}

func isASCII(s string) bool {
	for i := 0; i < len(s); i++ {
		if s[i] >= 0x80 {
			return false
		}
	}
	return true
}

// fold normalizes text for comparison: lower case, accents and punctuation
// removed, spaces collapsed ("Kode HS*" → "kode hs", "Waktu kirim (hari)" →
// "waktu kirim hari").
func fold(s string) string {
	if !isASCII(s) { // accents to remove; the transform allocates its buffers
		t := transform.Chain(norm.NFD, runes.Remove(runes.In(unicode.Mn)), norm.NFC)
		if r, _, err := transform.String(t, s); err == nil {
			s = r
		}
	}
	var b strings.Builder
	space := false
	for _, r := range strings.ToLower(s) {
		switch {
		case unicode.IsLetter(r) || unicode.IsDigit(r) || r == '³':
			if space && b.Len() > 0 {
				b.WriteByte(' ')
			}
			space = false
			b.WriteRune(r)
		default:
			space = true
		}
	}
	return b.String()
}

// headerIndex maps folded header text to column positions in Columns.
var headerIndex = func() map[string]int {
	m := map[string]int{}
	for i, c := range Columns {
		for _, h := range append([]string{c.English, c.Indonesian, strings.ReplaceAll(c.Field, "_", " ")}, c.Aliases...) {
			m[fold(h)] = i
		}
	}
	return m
}()

// matchHeader finds the column a header cell names: in English, in Indonesian, or
// both as the template writes them ("Kode produk / SKU").
func matchHeader(h string) (int, bool) {
	if i, ok := headerIndex[fold(h)]; ok {
		return i, true
	}
	for _, part := range strings.Split(h, "/") {
		if i, ok := headerIndex[fold(part)]; ok {
			return i, true
		}
	}
	return 0, false
}
