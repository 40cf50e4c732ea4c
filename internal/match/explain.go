package match

import (
	"fmt"
	"strings"
	"sync"
	"time"

	"golang.org/x/text/language"
	"golang.org/x/text/language/display"

	"github.com/exportiva/exportiva/internal/domain"
	"github.com/exportiva/exportiva/internal/geo"
	"github.com/exportiva/exportiva/internal/i18n"
	"github.com/exportiva/exportiva/internal/units"
)

// Note is the explanation of a criterion as facts: an English sentence (a fmt
// format, the key of its translations in internal/i18n) and its arguments,
// kept as what they are — quantities with their unit, countries, certificates,
// dates, counts — so that the sentence is written in the reader's language
// only when it is read, and only for the matches of the page returned.
type Note struct {
	Format string
	Args   []any
}

// Text writes the note in l.
func (n Note) Text(l i18n.Lang) string {
	args := make([]any, len(n.Args))
	for i, a := range n.Args {
		if f, ok := a.(fact); ok {
			args[i] = f.in(l)
		} else {
			args[i] = a
		}
	}
	return i18n.T(l, n.Format, args...)
}

func note(format string, args ...any) Note { return Note{Format: format, Args: args} }

// fact is an argument of a note written differently in each language.
type fact interface{ in(l i18n.Lang) string }

// qtyFact is an amount of a unit ("8 t", "1000 pasang").
type qtyFact struct {
	Amount float64
	Unit   domain.Unit
}

func (q qtyFact) in(l i18n.Lang) string {
	s := fmt.Sprintf("%.3f", q.Amount)
	s = strings.TrimRight(strings.TrimRight(s, "0"), ".")
	return s + " " + unitFact{q.Unit, q.Amount}.in(l)
}

// unitFact names n of a unit.
type unitFact struct {
	Unit domain.Unit
	N    float64
}

func (u unitFact) in(l i18n.Lang) string {
	if l == i18n.Indonesian {
		if d, ok := domain.Units.Lookup(string(u.Unit)); ok && d.Indonesian != "" {
			return strings.ToLower(d.Indonesian)
		}
	}
	return unitName(u.Unit, u.N)
}

// countryFact is a country by its ISO code.
type countryFact string

var indonesianNames sync.Map

func (c countryFact) in(l i18n.Lang) string {
	if l != i18n.Indonesian {
		return geo.CountryName(string(c))
	}
	if n, ok := indonesianNames.Load(string(c)); ok {
		return n.(string)
	}
	r, err := language.ParseRegion(string(c))
	if err != nil {
		return string(c)
	}
	n := display.Regions(language.Indonesian).Name(r)
	if n == "" {
		n = geo.CountryName(string(c))
	}
	indonesianNames.Store(string(c), n) // valid region codes only
	return n
}

// certFact is a certificate type.
type certFact domain.CertificationType

func (c certFact) in(l i18n.Lang) string {
	row := domain.CertificationTypes.Row(domain.CertificationType(c))
	if l == i18n.Indonesian && row.Indonesian != "" {
		return inProse(row.Indonesian)
	}
	return certName(domain.CertificationType(c))
}

// scopeFact is a verification scope, as its badge reads.
type scopeFact domain.VerificationScope

func (s scopeFact) in(l i18n.Lang) string {
	row := domain.VerificationScopes.Row(domain.VerificationScope(s))
	if l == i18n.Indonesian && row.Indonesian != "" {
		return inProse(row.Indonesian)
	}
	return inProse(row.English)
}

// missingFact is a required certificate not held, with when it lapsed if it
// did.
type missingFact struct {
	Type    domain.CertificationType
	Expired *time.Time
}

func (m missingFact) in(l i18n.Lang) string {
	name := certFact(m.Type).in(l)
	if m.Expired == nil {
		return name
	}
	return i18n.T(l, "%s (expired %s)", name, dateFact(*m.Expired).in(l))
}

// listFact joins facts with commas.
type listFact []fact

func (f listFact) in(l i18n.Lang) string {
	parts := make([]string, len(f))
	for i, x := range f {
		parts[i] = x.in(l)
	}
	return strings.Join(parts, ", ")
}

// dateFact is a day ("2 Jan 2006", "2 Agu 2006").
type dateFact time.Time

var indonesianMonths = [...]string{"Jan", "Feb", "Mar", "Apr", "Mei", "Jun", "Jul", "Agu", "Sep", "Okt", "Nov", "Des"}

func (d dateFact) in(l i18n.Lang) string {
	t := time.Time(d)
	if l == i18n.Indonesian {
		return fmt.Sprintf("%d %s %d", t.Day(), indonesianMonths[t.Month()-1], t.Year())
	}
	return t.Format("2 Jan 2006")
}

// dimFact is a dimension of units.
type dimFact units.Dimension

func (d dimFact) in(l i18n.Lang) string { return i18n.T(l, dimName(units.Dimension(d))) }

// periodFact is the period of a need.
type periodFact struct {
	Per    domain.Period
	Window float64 // months to the delivery date, for a shipment
}

func (p periodFact) in(l i18n.Lang) string {
	if p.Per == domain.PerShipment {
		return i18n.T(l, "by your delivery date (%.1f months)", p.Window)
	}
	return i18n.T(l, periodPhrase(p.Per, p.Window))
}

// timesFact is how many times ("once", "3 times").
type timesFact int

func (n timesFact) in(l i18n.Lang) string {
	if n == 1 {
		return i18n.T(l, "once")
	}
	return i18n.T(l, "%d times", int(n))
}

// regionFact is a UN M49 region by its English name.
type regionFact string

func (r regionFact) in(l i18n.Lang) string { return i18n.T(l, string(r)) }

// nameFact is a product's name, in each language.
type nameFact struct{ English, Indonesian string }

func (n nameFact) in(l i18n.Lang) string {
	if l == i18n.Indonesian && n.Indonesian != "" {
		return n.Indonesian
	}
	return n.English
}

// priceFact is a price per unit ("USD 3.20 per kg").
type priceFact struct {
	Currency string
	Amount   float64
	Unit     domain.Unit
}

func (p priceFact) in(l i18n.Lang) string {
	return i18n.T(l, "%s %.2f per %s", p.Currency, p.Amount, unitFact{p.Unit, 1}.in(l))
}

// errFact is a conversion error (its English text: units explain themselves).
type errFact struct{ err error }

func (e errFact) in(l i18n.Lang) string { return i18n.Err(l, e.err) }

// inProse lowers the first letter of a label inside a sentence, unless the
// label is an acronym ("Sertifikat kesehatan" → "sertifikat kesehatan",
// "HACCP" stays).
func inProse(label string) string {
	if len(label) > 1 && label[1] >= 'a' && label[1] <= 'z' && label[0] >= 'A' && label[0] <= 'Z' {
		return string(label[0]+'a'-'A') + label[1:]
	}
	return label
}
