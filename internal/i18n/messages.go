package i18n

import (
	"errors"
	"strings"
)

// Err translates an error: the outermost message of its chain that has a
// translation, with the detail the outer messages add after it (": \"123\"").
// Without any translation the error's own message stays.
func Err(l Lang, err error) string {
	if err == nil {
		return ""
	}
	outer := err.Error()
	if l != Indonesian {
		return outer
	}
	for e := err; e != nil; e = errors.Unwrap(e) {
		msg := e.Error()
		if s, ok := indonesian[msg]; ok {
			if strings.HasPrefix(outer, msg) {
				return s + outer[len(msg):]
			}
			return s
		}
	}
	return outer
}

// indonesian holds the Indonesian text of English messages (fmt formats: the
// verbs stay in order). A message missing here is shown in English.
var indonesian = map[string]string{ //nolint:gosec // G101: translations of messages about passwords, not credentials
	// Rules of values (internal/validate).
	"an HS code has 6 to 10 digits":                            "kode HS terdiri atas 6 sampai 10 angka",
	"an HS prefix has 2 to 10 digits":                          "awalan kode HS terdiri atas 2 sampai 10 angka",
	"an HS chapter has exactly 2 digits (01–97)":               "bab HS terdiri atas tepat 2 angka (01–97)",
	"not an ISO 3166-1 alpha-2 country code (e.g. TH, US)":     "bukan kode negara ISO 3166-1 alpha-2 (mis. TH, US)",
	"not a country code, a trade bloc (ASEAN, EU, GCC) or ALL": "bukan kode negara, blok dagang (ASEAN, EU, GCC) atau ALL",
	"not a UN/LOCODE port code (e.g. THLCH)":                   "bukan kode pelabuhan UN/LOCODE (mis. THLCH)",
	"not an ISO 4217 currency code (e.g. USD, IDR)":            "bukan kode mata uang ISO 4217 (mis. USD, IDR)",
	"an NIB (Nomor Induk Berusaha) has 13 digits":              "NIB (Nomor Induk Berusaha) terdiri atas 13 angka",
	"not a valid e-mail address":                               "alamat e-mail tidak sah",
	"not a language tag (e.g. id, en)":                         "bukan kode bahasa (mis. id, en)",
	"must be a positive number":                                "harus berupa angka lebih dari nol",
	"must not be empty":                                        "tidak boleh kosong",
	"is too long":                                              "terlalu panjang",
	"must lie in the future":                                   "harus di masa depan",
	"exceeds the plausible maximum":                            "melebihi batas wajar",
	"must not be negative":                                     "tidak boleh negatif",
	"the start must be before the end":                         "tanggal mulai harus sebelum tanggal akhir",
	"the minimum price must not exceed the maximum":            "harga terendah tidak boleh melebihi harga tertinggi",
	"must be a unit of fixed size (KG, TONNE, LB, PIECE, PAIR, DOZEN, LITRE, CUBIC_METRE)": "harus satuan berukuran tetap (kg, ton, pon, buah, pasang, lusin, liter, meter kubik)",
	"not a plausible year":                                                     "bukan tahun yang masuk akal",
	"is required together with another field":                                  "wajib diisi bersama kolom lain",
	"give HS codes, a search text, or both":                                    "isi kode HS, teks pencarian, atau keduanya",
	"at most 50 HS codes in one need":                                          "paling banyak 50 kode HS dalam satu kebutuhan",
	"a pool has 2 to 5 producers":                                              "satu gabungan pemasok terdiri atas 2 sampai 5 produsen",
	"the port is not in the destination country":                               "pelabuhan tidak berada di negara tujuan",
	"not a certificate type (e.g. HACCP, HALAL)":                               "bukan jenis sertifikat (mis. HACCP, HALAL)",
	"capacity is a rate: use WEEK, MONTH or YEAR, not SHIPMENT":                "kapasitas adalah laju: gunakan minggu, bulan atau tahun, bukan per pengiriman",
	"pack size and pack unit is required together with another field":          "isi kemasan dan satuan kemasan wajib diisi bersama",
	"a price needs its currency: is required together with another field":      "harga memerlukan mata uangnya: isi kolom mata uang",
	"container loads need their unit: is required together with another field": "muatan kontainer memerlukan satuannya",

	// Cells of an import (internal/importer).
	"not a number":                      "bukan angka",
	"must be a whole number":            "harus bilangan bulat",
	"not a known value":                 "nilai tidak dikenal",
	"is required":                       "wajib diisi",
	"not a price (e.g. 3,20 or 45.000)": "bukan harga (mis. 3,20 atau 45.000)",
	"the same SKU is already on row %d": "kode produk yang sama sudah ada di baris %d",
	"the file could not be read":        "berkas tidak dapat dibaca",
	"the file is larger than %d MB: split it into several files":          "berkas lebih besar dari %d MB: pecah menjadi beberapa berkas",
	"the file has more than %d product rows: split it into several files": "berkas berisi lebih dari %d baris produk: pecah menjadi beberapa berkas",
	"the file is empty": "berkas kosong",
	"this is an old Excel file (.xls): save it as Excel Workbook (.xlsx) or CSV and import again":    "ini berkas Excel lama (.xls): simpan sebagai Excel Workbook (.xlsx) atau CSV lalu impor lagi",
	"the file is not a readable Excel workbook (.xlsx); it may be damaged: save it again, or as CSV": "berkas bukan buku kerja Excel (.xlsx) yang dapat dibaca; mungkin rusak: simpan ulang, atau simpan sebagai CSV",
	"the workbook has no sheets": "buku kerja tidak memiliki lembar",
	"the file is not a spreadsheet: upload an Excel workbook (.xlsx) or a CSV file": "berkas bukan lembar kerja: unggah buku kerja Excel (.xlsx) atau berkas CSV",
	"the CSV file is malformed near line %d: check its quotes":                      "berkas CSV rusak di sekitar baris %d: periksa tanda kutipnya",
	// Limits of an import (internal/importer): what a file may hold.
	"row %d has a value in column %s, right of the first %d columns that an import reads: delete what lies right of the product table and import again": "baris %d berisi nilai di kolom %s, di kanan %d kolom pertama yang dibaca impor: hapus isi di sebelah kanan tabel produk lalu impor lagi",
	"the CSV file has more than %d columns on line %d: check its separators":                                                                            "berkas CSV memiliki lebih dari %d kolom pada baris %d: periksa tanda pemisahnya",
	"the CSV file has a row longer than %d KB from line %d: check its quotes":                                                                           "berkas CSV memiliki baris yang lebih panjang dari %d KB mulai baris %d: periksa tanda kutipnya",
	"the workbook holds more than %d parts (sheets, pictures …): copy the product sheet into a new workbook, or save it as CSV":                         "buku kerja berisi lebih dari %d bagian (lembar, gambar …): salin lembar produk ke buku kerja baru, atau simpan sebagai CSV",
	"the part %s of the workbook is packed more than %d to 1, which no spreadsheet program writes: save the file again, or as CSV":                      "bagian %s dari buku kerja dimampatkan lebih dari %d banding 1, yang tidak pernah ditulis program lembar kerja: simpan ulang berkasnya, atau simpan sebagai CSV",
	"the part %s of the workbook unpacks to more than %d MB, more than an import reads: copy the product sheet into a new workbook, or save it as CSV":  "bagian %s dari buku kerja membuka menjadi lebih dari %d MB, melebihi yang dibaca impor: salin lembar produk ke buku kerja baru, atau simpan sebagai CSV",
	"the part %s of the workbook has a cell or tag longer than %d KB: save the file again, or as CSV":                                                   "bagian %s dari buku kerja memiliki sel atau tag yang lebih panjang dari %d KB: simpan ulang berkasnya, atau simpan sebagai CSV",
	"the part %s of the workbook nests elements more than %d deep: save the file again, or as CSV":                                                      "bagian %s dari buku kerja bersarang lebih dari %d tingkat: simpan ulang berkasnya, atau simpan sebagai CSV",
	"the workbook has more than %d sheets: copy the product sheet into a new workbook, or save it as CSV":                                               "buku kerja memiliki lebih dari %d lembar: salin lembar produk ke buku kerja baru, atau simpan sebagai CSV",
	"the sheet has more than %d cells, most of them empty: copy the product table into a new workbook, or save it as CSV":                               "lembar berisi lebih dari %d sel, sebagian besar kosong: salin tabel produk ke buku kerja baru, atau simpan sebagai CSV",
	"the workbook holds more than %d MB of text: split it into several files":                                                                           "buku kerja berisi lebih dari %d MB teks: pecah menjadi beberapa berkas",
	"the workbook holds more than %d different texts: split it into several files":                                                                      "buku kerja berisi lebih dari %d teks yang berbeda: pecah menjadi beberapa berkas",
	"row %d has a cell longer than %d KB: shorten it (Excel itself keeps at most 32,767 characters in a cell)":                                          "baris %d memiliki sel yang lebih panjang dari %d KB: persingkat isinya (Excel sendiri menyimpan paling banyak 32.767 karakter dalam satu sel)",
	"row %d comes after row %d in the sheet: save the file again with Excel, or as CSV":                                                                 "baris %d muncul setelah baris %d di dalam lembar: simpan ulang berkasnya dengan Excel, atau simpan sebagai CSV",
	"… and %d more problems: fix these and import again":                                                                                                "… dan %d masalah lain: perbaiki yang ini lalu impor lagi",
	"other imports are running: try again in %d seconds":                                                                                                "impor lain sedang berjalan: coba lagi dalam %d detik",
	"the columns %q and %q are the same column: keep one":                                                                                               "kolom %q dan %q adalah kolom yang sama: simpan salah satu",
	"the header row lacks these columns: %s (download the template to see them)":                                                                        "baris judul tidak memiliki kolom berikut: %s (unduh templat untuk melihatnya)",
	"%d rows: %d new, %d updated, %d unchanged, %d with problems, %d skipped":                                                                           "%d baris: %d baru, %d diperbarui, %d tidak berubah, %d bermasalah, %d dilewati",
	"saved":                  "tersimpan",
	"dry run: nothing saved": "uji coba: tidak ada yang disimpan",
	"nothing saved: fix the rows below and import again": "tidak ada yang disimpan: perbaiki baris di bawah lalu impor lagi",
	"producer %d not found":                              "produsen %d tidak ditemukan",
	"an import needs a file":                             "impor memerlukan berkas",
	"import for which producer? give producerId":         "impor untuk produsen yang mana? isi producerId",

	"ignored columns": "kolom yang diabaikan",
	"row":             "baris",
	"column":          "kolom",
	"value":           "isi",
	"problem":         "masalah",

	// Template instructions.
	"Your own code for the product; importing again updates the product with the same code.": "Kode produk Anda sendiri; impor ulang memperbarui produk dengan kode yang sama.",
	"Product name in Indonesian.":                                                                                      "Nama produk dalam bahasa Indonesia.",
	"Product name in English, as buyers will see it.":                                                                  "Nama produk dalam bahasa Inggris, seperti yang dilihat pembeli.",
	"Description in Indonesian (optional).":                                                                            "Deskripsi dalam bahasa Indonesia (boleh kosong).",
	"Description in English (optional).":                                                                               "Deskripsi dalam bahasa Inggris (boleh kosong).",
	"Harmonized System code, 6 to 10 digits; dots are fine (0303.59).":                                                 "Kode HS (pos tarif), 6 sampai 10 angka; boleh memakai titik (0303.59).",
	"Species for food products, the scientific name if you know it (optional).":                                        "Spesies untuk produk pangan, nama ilmiah bila tahu (boleh kosong).",
	"Main material of manufactured goods (optional).":                                                                  "Bahan utama barang jadi (boleh kosong).",
	"How the product is sold: fresh, chilled, frozen, dried, canned, processed or manufactured.":                       "Bentuk produk dijual: segar, dingin, beku, kering, kalengan, olahan atau barang jadi.",
	"Unit that prices and the minimum order are in: kg, ton, pasang (pairs), buah (pieces), lusin, liter, m3, karton.": "Satuan harga dan pesanan minimum: kg, ton, pasang, buah, lusin, liter, m3, karton.",
	"Smallest order you accept, in the unit of sale (optional).":                                                       "Pesanan terkecil yang Anda terima, dalam satuan jual (boleh kosong).",
	"How much you can supply per capacity period.":                                                                     "Jumlah yang dapat Anda pasok per periode kapasitas.",
	"Unit of the capacity; the unit of sale when empty.":                                                               "Satuan kapasitas; sama dengan satuan jual bila kosong.",
	"Per week, month or year; per month when empty.":                                                                   "Per minggu, bulan atau tahun; per bulan bila kosong.",
	"Lowest price per unit of sale (optional).":                                                                        "Harga terendah per satuan jual (boleh kosong).",
	"Highest price per unit of sale (optional).":                                                                       "Harga tertinggi per satuan jual (boleh kosong).",
	"Currency of the prices: USD, IDR (Rp), EUR … Required with a price.":                                              "Mata uang harga: USD, IDR (Rp), EUR … Wajib bila ada harga.",
	"Incoterms 2020 term of the prices: FOB, CFR, CIF, EXW … (optional).":                                              "Syarat Incoterms 2020 untuk harga: FOB, CFR, CIF, EXW … (boleh kosong).",
	"Days from order to shipment (optional).":                                                                          "Jumlah hari dari pesanan sampai pengiriman (boleh kosong).",
	"Shelf life in days, for food (optional).":                                                                         "Masa simpan dalam hari, untuk pangan (boleh kosong).",
	"Contents of one carton, in the pack unit (optional).":                                                             "Isi satu karton, dalam satuan kemasan (boleh kosong).",
	"Unit of the pack size; required with a pack size.":                                                                "Satuan isi kemasan; wajib bila ada isi kemasan.",
	"How the product is packed (optional).":                                                                            "Cara produk dikemas (boleh kosong).",
	"Aktif (matched with buyers), Draf, Dijeda or Diarsipkan; Aktif when empty.":                                       "Aktif (dicocokkan dengan pembeli), Draf, Dijeda atau Diarsipkan; Aktif bila kosong.",

	// API errors (graph, internal/authz, internal/trade, internal/match).
	"not found":   "tidak ditemukan",
	"not allowed": "tidak diizinkan",
	"the input refers to a record that does not exist":                      "masukan merujuk ke data yang tidak ada",
	"the input conflicts with an existing record (a unique value is taken)": "masukan bertentangan dengan data yang sudah ada (nilai unik sudah dipakai)",
	"the request was cancelled":                                             "permintaan dibatalkan",
	"the request took too long":                                             "permintaan terlalu lama",
	"internal error (request %s)":                                           "kesalahan internal (permintaan %s)",
	"not signed in":                                                         "belum masuk",
	"sign in to change data":                                                "masuk untuk mengubah data",
	"sign in to write":                                                      "masuk untuk menulis",
	"sign in as a buyer":                                                    "masuk sebagai pembeli",
	"sign in as a producer to see leads":                                    "masuk sebagai produsen untuk melihat peluang",
	"wrong e-mail or password":                                              "e-mail atau kata sandi salah",
	"a password has %d to %d characters":                                    "kata sandi terdiri atas %d sampai %d karakter",
	"the current password is wrong":                                         "kata sandi saat ini salah",
	"too many attempts; try again later":                                    "terlalu banyak percobaan; coba lagi nanti",
	"this account is disabled; ask the trade office":                        "akun ini dinonaktifkan; hubungi dinas perdagangan",
	"only members of the producer can change its %s":                        "hanya anggota produsen yang dapat mengubah %s miliknya",
	"only members of the producer can change it":                            "hanya anggota produsen yang dapat mengubahnya",
	"only the trade office verifies producers":                              "hanya dinas perdagangan yang memverifikasi produsen",
	"producerId is required: the account acts for no producer":              "producerId wajib diisi: akun ini tidak mewakili produsen",
	"the product belongs to another producer":                               "produk milik produsen lain",
	"the message must not be empty":                                         "pesan tidak boleh kosong",
	"validUntil must lie in the future":                                     "validUntil harus di masa depan",
	"no such inquiry":                                                       "permintaan penawaran tidak ditemukan",
	"Quote declined: %s":                                                    "Penawaran ditolak: %s",
	"the inquiry is closed":                                                 "permintaan penawaran sudah ditutup",
	"the quote changed meanwhile; reload it":                                "penawaran berubah sementara itu; muat ulang",
	"use Authorization: Bearer <token>":                                     "gunakan Authorization: Bearer <token>",
	"cannot check the token now":                                            "token tidak dapat diperiksa sekarang",
	"invalid or expired token: sign in again":                               "token tidak sah atau kedaluwarsa: masuk lagi",
	"too many requests; slow down and retry after the time in Retry-After":  "terlalu banyak permintaan; tunggu sesuai Retry-After lalu coba lagi",
	"request body too large":                                                "isi permintaan terlalu besar",
	"unknown enumeration %q":                                                "enumerasi %q tidak dikenal",
	// Pictures (internal/media).
	"a picture may have at most %d MB":                                   "gambar paling besar %d MB",
	"the file is not a JPEG, PNG or WebP picture":                        "berkas ini bukan gambar JPEG, PNG, atau WebP",
	"a picture may have at most %d megapixels and %d pixels a side":      "gambar paling banyak %d megapiksel dan %d piksel per sisi",
	"other pictures are being processed: try again in %d seconds":        "gambar lain sedang diproses: coba lagi dalam %d detik",
	"a picture's description may have at most %d characters":             "keterangan gambar paling panjang %d karakter",
	"a product has at most 12 photos: delete one first":                  "satu produk paling banyak 12 foto: hapus satu dulu",
	"an upload needs a file":                                             "unggahan memerlukan berkas",
	"name every photo of the product once, in the new order (it has %d)": "sebutkan setiap foto produk satu kali, dalam urutan baru (ada %d)",
	"no such photo":   "foto tidak ditemukan",
	"no such picture": "gambar tidak ditemukan",
	"a picture is either a product photo or a logo":    "gambar adalah foto produk atau logo",
	"a logo belongs to its own producer":               "logo milik produsennya sendiri",
	"this server keeps no pictures":                    "server ini tidak menyimpan gambar",
	"a picture is served 160, 480 or 1200 pixels wide": "gambar tersedia selebar 160, 480, atau 1200 piksel",
	"sign in to change pictures":                       "masuk untuk mengubah gambar",
	"no such product":                                  "produk tidak ditemukan",
	"no such producer":                                 "produsen tidak ditemukan",
}
