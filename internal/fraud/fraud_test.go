package fraud

import (
	"testing"

	"github.com/stretchr/testify/require"

	"github.com/exportiva/exportiva/internal/i18n"
)

var firms = Context{Firms: []string{"https://www.minajaya.co.id", "siamocean.co.th"}}

// TestScan: each pattern of docs/FRAUD.md, in English and Indonesian.
func TestScan(t *testing.T) {
	cases := []struct {
		text string
		want []Kind
	}{
		// IBANs (mod 97).
		{"Please remit to IBAN DE89 3704 0044 0532 0130 00 before shipment.", []Kind{IBAN}},
		{"Silakan transfer ke GB82WEST12345698765432", []Kind{IBAN}},
		{"IBAN DE89 3704 0044 0532 0130 01", nil}, // wrong check digits
		// Account numbers next to account words.
		{"Please pay the deposit to account 1234567890 at Bank Mandiri.", []Kind{BankAccount}},
		{"No. rek BCA 123-456-7890 a.n. PT Samudra", []Kind{BankAccount}},
		{"Silakan transfer DP 30% ke rekening BRI 0012 3456 7890 123 atas nama CV Ikan", []Kind{BankAccount, PaymentChange}},
		{"norek: 8830123456 (BNI)", []Kind{BankAccount}},
		// Payment-detail changes.
		{"Our bank details have changed, please use the new account for this invoice.", []Kind{PaymentChange}},
		{"Kindly note we changed our bank account last week.", []Kind{PaymentChange}},
		{"Mohon maaf, kami ganti rekening. Rekening baru akan kami kirim.", []Kind{PaymentChange}},
		{"Untuk order ini ada perubahan rekening ya pak", []Kind{PaymentChange}},
		{"Do not pay to the old account.", []Kind{PaymentChange}},
		// Look-alike links.
		{"Download the PO at https://exp0rtiva.id/po/123", []Kind{LookalikeLink}},
		{"Sign in at exportiva-payments.com to confirm", []Kind{LookalikeLink}},
		{"Confirm at https://www.klikbca-secure.com/login", []Kind{LookalikeLink}},
		{"See http://bca.co.id.verify-login.net", []Kind{LookalikeLink}},
		{"Invoice: https://minajaya.com/invoice.pdf", []Kind{LookalikeLink}},           // the producer's name, another domain
		{"Invoice: https://mlnajaya.co.id/invoice.pdf", []Kind{LookalikeLink}},         // a letter changed
		{"Lihat https://siamocaen.co.th/po", []Kind{LookalikeLink}},                    // two letters swapped
		{"Masuk ke https://xn--exprtiva-v0g.id untuk membayar", []Kind{LookalikeLink}}, // punycode
		{"Pay at https://pаypal.com/inv (Cyrillic а)", []Kind{LookalikeLink}},
		{"Log in at https://bankmandlri.co.id", []Kind{LookalikeLink}},
		// Genuine domains are not look-alikes.
		{"Our catalogue: https://www.minajaya.co.id/katalog and https://exportiva.id/p/12", nil},
		{"Pay through https://www.klikbca.com or ib.bankmandiri.co.id", nil},
		{"See https://en.wikipedia.org/wiki/Tuna and https://www.fao.org", nil},
		// Several at once.
		{"New bank details: IBAN GB82 WEST 1234 5698 7654 32, see https://exportiva-id.com", []Kind{IBAN, PaymentChange, LookalikeLink}},
	}
	for _, c := range cases {
		t.Run(c.text, func(t *testing.T) {
			require.Equal(t, c.want, Scan(c.text, firms))
		})
	}
}

// TestNoFalsePositives: the numbers of ordinary trade talk are no bank accounts.
func TestNoFalsePositives(t *testing.T) {
	for _, text := range []string{
		"We can supply 8000 kg a month at USD 3.40 per kg CFR Laem Chabang.",
		"Harga Rp 45.000.000 per ton FOB Tanjung Perak, minimal order 20000 kg.",
		"Price IDR 125,000,000 for 2 containers (40ft), 24000 kg each.",
		"HS 0303.89.00 frozen tengiri; HS code 030389 for the customs form; HS 1604.14.10",
		"Call me on +62 812 3456 7890 or WhatsApp 0812-3456-7890.",
		"Shipment on 2026-12-15, arrival 28-12-2026; delivery window 15.01.2027.",
		"Our bank will issue the L/C on 2026-12-15 for 8000 kg.",
		"Invoice no. INV-2026-000123, PO 4500012345-A.",
		"Certificate HACCP no. 12/HACCP/2025, NIB 1234567890123 (business licence).",
		"Kirim 8 ton per bulan, harga USD 3,40/kg, pembayaran 30% DP melalui L/C.",
		"Please open a new inquiry for the squid order.",
		"The e.g. case, i.e. sample 10.5 kg, see file spec.pdf",
		"We visited https://www.bca.co.id and https://exportiva.id/help",
	} {
		require.Empty(t, Scan(text, firms), text)
	}
}

func TestValidIBAN(t *testing.T) {
	for _, s := range []string{"DE89370400440532013000", "GB82WEST12345698765432", "NL91ABNA0417164300", "FR1420041010050500013M02606"} {
		require.True(t, validIBAN(s), s)
	}
	for _, s := range []string{"DE89370400440532013001", "GB82WEST1234569876543", "XX00"} {
		require.False(t, validIBAN(s), s)
	}
}

func TestWarningInBothLanguages(t *testing.T) {
	en := Warning(i18n.English, []Kind{BankAccount, LookalikeLink})
	require.Contains(t, en, "Caution: this text contains Bank account number, Look-alike link.")
	id := Warning(i18n.Indonesian, []Kind{BankAccount, LookalikeLink})
	require.Contains(t, id, "Waspada: teks ini memuat Nomor rekening bank, Tautan tiruan.")
}
