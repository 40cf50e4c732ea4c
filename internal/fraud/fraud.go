// Package fraud is the fraud shield of conversations: it reads the text of a
// message or a quote for what payment fraud between strangers looks like —
// bank-account numbers and IBANs to pay to, a change of payment details, links
// to domains made to look like the platform's, a firm's or a bank's — with
// documented patterns and no external service (docs/FRAUD.md lists them, with
// examples and known false positives).
//
// Scan runs when a message or a quote is written (the Message and Quote
// hooks); the kinds found are stored with it, and its recipient reads a
// warning in their language (Message.fraudWarning, Quote.fraudWarning). A
// flag is a warning, never a refusal: the text is delivered as written.
package fraud

import (
	"io"
	"regexp"
	"slices"
	"strings"
	"unicode"

	"golang.org/x/net/idna"

	"github.com/exportiva/exportiva/internal/domain"
	"github.com/exportiva/exportiva/internal/i18n"
)

// Kind is one pattern the shield found.
type Kind string

// Kinds of findings.
const (
	IBAN          Kind = "IBAN"
	BankAccount   Kind = "BANK_ACCOUNT"
	PaymentChange Kind = "PAYMENT_DETAILS_CHANGE"
	LookalikeLink Kind = "LOOKALIKE_LINK"
)

// Kinds is the table of the kinds, with their labels in both languages.
var Kinds = domain.NewTable[Kind]("FraudKind", "A pattern of payment fraud found in a message or a quote (docs/FRAUD.md lists each with examples and known false positives).",
	domain.V("IBAN", "An international bank account number (IBAN) whose check digits are valid (mod 97).", "Bank account (IBAN)", "Rekening bank (IBAN)"),
	domain.V("BANK_ACCOUNT", "A run of 8 to 18 digits next to words about a bank account (rekening, no. rek, account, a.n., a bank's name).", "Bank account number", "Nomor rekening bank"),
	domain.V("PAYMENT_DETAILS_CHANGE", "Words announcing new or changed payment details (\"new account\", \"our bank details have changed\", \"rekening baru\", \"ganti rekening\").", "Changed payment details", "Perubahan rincian pembayaran"),
	domain.V("LOOKALIKE_LINK", "A link to a domain that looks like the platform's, the sender's or the recipient's web site, or a bank's, without being it (a letter changed, added or swapped, look-alike characters, punycode).", "Look-alike link", "Tautan tiruan"),
)

// Values lists the kinds (ent's enum interface).
func (Kind) Values() []string { return Kinds.Strings() }

// Context is what a text is judged against: the domains a lookalike imitates.
type Context struct {
	// Firms are the web sites (URLs or hosts) of the sender's and the
	// recipient's firms; empty ones are skipped.
	Firms []string
}

// Platform are the platform's own domains (the server adds its app URL's).
var Platform = []string{"exportiva.id", "exportiva.com"}

// Banks are the domains of banks and payment services a lookalike imitates
// (Indonesian banks first).
var Banks = []string{
	"bca.co.id", "klikbca.com", "bri.co.id", "bni.co.id", "bankmandiri.co.id", "bsi.co.id", "btn.co.id",
	"cimbniaga.co.id", "permatabank.com", "danamon.co.id", "maybank.co.id", "ocbc.id", "uob.co.id", "panin.co.id",
	"paypal.com", "wise.com", "payoneer.com", "hsbc.com", "citibank.com", "dbs.com", "standardchartered.com",
	"jpmorgan.com", "bankofamerica.com", "wellsfargo.com", "bangkokbank.com", "kasikornbank.com", "scb.co.th",
}

// Scan returns the kinds of pattern found in text, each once, in the order of
// Kinds.
func Scan(text string, c Context) []Kind {
	found := map[Kind]bool{}
	masked := text
	upper := strings.ToUpper(text)
	for _, m := range ibanRE.FindAllStringIndex(upper, -1) {
		if end := ibanEnd(upper[m[0]:m[1]]); end > 0 {
			found[IBAN] = true
			masked = masked[:m[0]] + strings.Repeat(" ", end) + masked[m[0]+end:]
		}
	}
	if bankAccount(masked) {
		found[BankAccount] = true
	}
	lower := strings.ToLower(strings.Join(strings.Fields(text), " "))
	for _, re := range changeREs {
		if re.MatchString(lower) {
			found[PaymentChange] = true
			break
		}
	}
	if lookalike(text, c) {
		found[LookalikeLink] = true
	}
	var out []Kind
	for _, k := range Kinds.Strings() {
		if found[Kind(k)] {
			out = append(out, Kind(k))
		}
	}
	return out
}

// IBANs: two letters, two check digits, 11 to 30 letters and digits, in
// groups of four or not.
var ibanRE = regexp.MustCompile(`\b[A-Z]{2}[0-9]{2}(?: ?[A-Z0-9]){11,30}\b`)

// ibanEnd is the length of the longest valid IBAN that s starts with, in
// whole groups when it is written in groups (the words after it may match
// the pattern too), or 0.
func ibanEnd(s string) int {
	if !strings.Contains(s, " ") {
		if validIBAN(s) {
			return len(s)
		}
		return 0
	}
	groups := strings.Split(s, " ")
	for k := len(groups); k >= 1; k-- {
		c := strings.Join(groups[:k], " ")
		if validIBAN(c) {
			return len(c)
		}
	}
	return 0
}

// validIBAN checks an IBAN's length (15 to 34) and its mod-97 check digits.
func validIBAN(s string) bool {
	s = strings.ToUpper(strings.ReplaceAll(s, " ", ""))
	if len(s) < 15 || len(s) > 34 {
		return false
	}
	s = s[4:] + s[:4]
	rem := 0
	for _, r := range s {
		switch {
		case r >= '0' && r <= '9':
			rem = (rem*10 + int(r-'0')) % 97
		case r >= 'A' && r <= 'Z':
			rem = (rem*100 + int(r-'A'+10)) % 97
		default:
			return false
		}
	}
	return rem == 1
}

// Account numbers: 8 to 18 digits, in groups separated by a space, a dot or
// a dash (or none), within 60 characters after (or 30 before) a word about a
// bank account.
var (
	digitsRE  = regexp.MustCompile(`\+?[0-9](?:[ .\-]?[0-9]){7,17}`)
	accountRE = regexp.MustCompile(`(?i)(rekening|\brek\b|\bno\.? ?rek|norek|\bakun bank|account|\bacct\b|\ba/c\b|\ba\.?n\.|atas nama|beneficiary|swift|\bbank\b|\b(bca|bri|bni|mandiri|bsi|btn|cimb|permata|danamon|maybank|ocbc|panin|hsbc|citibank|dbs|uob)\b)`)
	dateRE    = regexp.MustCompile(`^(\d{4}[-.]\d{1,2}[-.]\d{1,2}|\d{1,2}[-.]\d{1,2}[-.]\d{4})$`)
)

func bankAccount(text string) bool {
	for _, m := range digitsRE.FindAllStringIndex(text, -1) {
		run := text[m[0]:m[1]]
		if strings.HasPrefix(run, "+") || dateRE.MatchString(run) {
			continue // an international phone number, a date
		}
		// Part of a longer token (a code with letters, a decimal): not a number of its own.
		if m[0] > 0 && isWordByte(text[m[0]-1]) || m[1] < len(text) && isWordByte(text[m[1]]) {
			continue
		}
		n := 0
		for _, r := range run {
			if r >= '0' && r <= '9' {
				n++
			}
		}
		if n < 8 || n > 18 {
			continue
		}
		before := text[max(0, m[0]-60):m[0]]
		after := text[m[1]:min(len(text), m[1]+30)]
		if accountRE.MatchString(before) || accountRE.MatchString(after) {
			return true
		}
	}
	return false
}

func isWordByte(b byte) bool {
	return b >= 'a' && b <= 'z' || b >= 'A' && b <= 'Z' || b >= '0' && b <= '9' || b == ',' || b == '/'
}

// Payment-detail changes, in English and Indonesian, on lower-cased text with
// single spaces.
var changeREs = []*regexp.Regexp{
	regexp.MustCompile(`\b(new|updated|changed|different|another|alternative) (bank |banking |receiving |beneficiary )?(account|bank details|banking details|payment details|bank information|remittance details)\b`),
	regexp.MustCompile(`\b(bank|banking|payment|account|remittance) (details|information|info|account) (have|has) (been )?(changed|updated|moved)\b`),
	regexp.MustCompile(`\b(changed|updated|moved) (our|my|the) (bank|banking|payment|receiving) (account|details)\b`),
	regexp.MustCompile(`\b(do not|don't|dont) (pay|transfer|send) (to|into) (the|our) (old|previous|usual) (account|bank)\b`),
	regexp.MustCompile(`\brekening (baru|lain|pengganti|berubah|yang baru)\b`),
	regexp.MustCompile(`\b(ganti|pergantian|penggantian|perubahan|ubah|pindah) (nomor |no\.? |no )?(rekening|rek\b|norek)`),
	regexp.MustCompile(`\b(transfer|transfernya|kirim|kirimkan|bayar|bayarkan|setor|setorkan) (\S+ ){0,3}(ke|kepada) (nomor |no\.? )?rekening\b`),
	regexp.MustCompile(`\b(jangan) (transfer|kirim|bayar) ke rekening (lama|sebelumnya)\b`),
}

// Links and bare domains: labels of letters, digits and hyphens (any
// script), a dot-separated top-level domain of letters.
var hostRE = regexp.MustCompile(`(?i)(?:https?://)?((?:[\p{L}\p{N}](?:[\p{L}\p{N}\-]{0,61}[\p{L}\p{N}])?\.)+(?:[\p{L}]{2,63}|xn--[a-z0-9\-]{1,59}))\b`)

func lookalike(text string, c Context) bool {
	targets := slices.Clone(Platform)
	targets = append(targets, Banks...)
	for _, f := range c.Firms {
		if h := hostOf(f); h != "" {
			targets = append(targets, h)
		}
	}
	for _, m := range hostRE.FindAllStringSubmatch(text, -1) {
		host := strings.TrimPrefix(strings.ToLower(m[1]), "www.")
		if imitates(host, targets) {
			return true
		}
	}
	return false
}

// hostOf is the host of a web-site address ("https://www.x.co.id/a" → x.co.id).
func hostOf(site string) string {
	s := strings.ToLower(strings.TrimSpace(site))
	if i := strings.Index(s, "://"); i >= 0 {
		s = s[i+3:]
	}
	if i := strings.IndexAny(s, "/?#:"); i >= 0 {
		s = s[:i]
	}
	return strings.TrimPrefix(s, "www.")
}

// imitates reports whether host looks like one of the targets without being
// it or under it.
func imitates(host string, targets []string) bool {
	uni := host
	if strings.Contains(host, "xn--") {
		if u, err := idna.ToUnicode(host); err == nil {
			uni = u
		}
	}
	nonASCII := strings.ContainsFunc(uni, func(r rune) bool { return r > unicode.MaxASCII })
	hostReg := registrable(uni)
	skel := skeleton(uni)
	for _, t := range targets {
		if t == "" {
			continue
		}
		treg := registrable(t)
		if hostReg == treg || strings.HasSuffix(uni, "."+treg) {
			return false // the target itself, or under it
		}
	}
	for _, t := range targets {
		treg := registrable(t)
		hn, tn := nameOf(hostReg), nameOf(treg)
		if tn == "" || hn == "" {
			continue
		}
		switch {
		case skeleton(hostReg) == treg, skeleton(hn) == tn:
			return true // look-alike characters (Cyrillic а, digit 0 for o, rn for m)
		case hn == tn:
			return true // the same name under another domain (exportiva.co, bca.com)
		case strings.HasPrefix(skel, treg+"."), strings.Contains(skel, "."+treg+"."):
			return true // the target as a subdomain of another (bca.co.id.secure-login.com)
		case len(tn) >= 5 && distance(skeleton(hn), tn) <= 2 && distance(skeleton(hn), tn) < len(tn)/3+1:
			return true // a letter changed, added, dropped or swapped
		case slices.Contains(strings.Split(skeleton(hn), "-"), tn):
			return true // the name with a word added (bca-verify, exportiva-pay)
		case len(tn) >= 5 && strings.Contains(skeleton(hn), tn):
			return true // the name inside a longer one (klikbcasecure, myexportiva)
		case nonASCII && distance(skeleton(hn), tn) <= 1:
			return true
		}
	}
	return false
}

// multiSuffixes are second-level public suffixes the registrable domain is
// read under (x.co.id is x's, not co's).
var multiSuffixes = map[string]bool{
	"co.id": true, "or.id": true, "ac.id": true, "go.id": true, "web.id": true, "my.id": true, "biz.id": true, "sch.id": true,
	"co.th": true, "in.th": true, "co.uk": true, "com.au": true, "com.sg": true, "com.my": true, "co.jp": true, "com.cn": true,
	"co.kr": true, "com.vn": true, "com.ph": true, "co.nz": true, "com.br": true, "co.za": true, "com.tr": true, "com.hk": true,
}

// registrable is the domain a firm registers: the last two labels, or three
// under a second-level public suffix.
func registrable(host string) string {
	labels := strings.Split(strings.Trim(host, "."), ".")
	n := 2
	if len(labels) >= 3 && multiSuffixes[strings.Join(labels[len(labels)-2:], ".")] {
		n = 3
	}
	if len(labels) <= n {
		return strings.Join(labels, ".")
	}
	return strings.Join(labels[len(labels)-n:], ".")
}

// nameOf is the first label of a registrable domain (bankmandiri of
// bankmandiri.co.id).
func nameOf(reg string) string {
	name, _, _ := strings.Cut(reg, ".")
	return name
}

// confusables map look-alike characters to the Latin letter they imitate.
var confusables = map[rune]string{
	'а': "a", 'е': "e", 'о': "o", 'р': "p", 'с': "c", 'х': "x", 'у': "y", 'і': "i", 'ј': "j", 'ѕ': "s",
	'ԁ': "d", 'ɡ': "g", 'һ': "h", 'ӏ': "l", 'ո': "n", 'ν': "v", 'ο': "o", 'α': "a", 'ι': "i", 'κ': "k",
	'ϲ': "c", 'τ': "t", 'ѡ': "w", 'ԝ': "w", 'ʏ': "y", 'ı': "i", 'ł': "l", 'ø': "o", 'á': "a", 'à': "a",
	'â': "a", 'ä': "a", 'é': "e", 'è': "e", 'ê': "e", 'ë': "e", 'í': "i", 'ì': "i", 'ï': "i", 'ó': "o",
	'ò': "o", 'ô': "o", 'ö': "o", 'ú': "u", 'ù': "u", 'û': "u", 'ü': "u", 'ñ': "n", 'ç': "c",
	'0': "o", '1': "l", '3': "e", '5': "s", '7': "t",
}

// skeleton writes s with look-alike characters replaced ("rn" and "vv" read
// as "m" and "w").
func skeleton(s string) string {
	var b strings.Builder
	for _, r := range s {
		if x, ok := confusables[r]; ok {
			b.WriteString(x)
			continue
		}
		b.WriteRune(r)
	}
	return strings.NewReplacer("rn", "m", "vv", "w").Replace(b.String())
}

// distance is the Damerau–Levenshtein distance (optimal string alignment)
// of a and b.
func distance(a, b string) int {
	x, y := []rune(a), []rune(b)
	d := make([][]int, len(x)+1)
	for i := range d {
		d[i] = make([]int, len(y)+1)
		d[i][0] = i
	}
	for j := range d[0] {
		d[0][j] = j
	}
	for i := 1; i <= len(x); i++ {
		for j := 1; j <= len(y); j++ {
			cost := 1
			if x[i-1] == y[j-1] {
				cost = 0
			}
			d[i][j] = min(d[i-1][j]+1, d[i][j-1]+1, d[i-1][j-1]+cost)
			if i > 1 && j > 1 && x[i-1] == y[j-2] && x[i-2] == y[j-1] {
				d[i][j] = min(d[i][j], d[i-2][j-2]+1)
			}
		}
	}
	return d[len(x)][len(y)]
}

// MarshalGQL writes the kind as a GraphQL enum value.
func (k Kind) MarshalGQL(w io.Writer) { Kinds.Marshal(w, k) }

// UnmarshalGQL reads a kind.
func (k *Kind) UnmarshalGQL(v any) error { return Kinds.Unmarshal(v, k) }

// Warning is the warning a recipient reads about kinds, in l.
func Warning(l i18n.Lang, kinds []Kind) string {
	names := make([]string, len(kinds))
	for i, k := range kinds {
		row := Kinds.Row(k)
		names[i] = row.English
		if l == i18n.Indonesian && row.Indonesian != "" {
			names[i] = row.Indonesian
		}
	}
	return i18n.T(l, "Caution: this text contains %s. Fraudsters pose as trading partners and send their own bank details or look-alike links. Before paying, confirm the payment details by telephone with a number you already know, never with one given in this message, and report anything suspicious to the trade office.", strings.Join(names, ", "))
}
