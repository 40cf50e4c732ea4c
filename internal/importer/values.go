package importer

import (
	"errors"
	"math"
	"strconv"
	"strings"
	"unicode"

	"github.com/exportiva/exportiva/internal/domain"
	"github.com/exportiva/exportiva/internal/i18n"
	"github.com/exportiva/exportiva/internal/money"
	"github.com/exportiva/exportiva/internal/validate"
)

// Problems with a cell's value (the English text is the message key; see i18n).
var (
	errNumber   = errors.New("not a number")
	errWhole    = errors.New("must be a whole number")
	errNegative = errors.New("must not be negative")
	errUnknown  = errors.New("not a known value")
	errRequired = errors.New("is required")
	errPrice    = errors.New("not a price (e.g. 3,20 or 45.000)")
)

// numberStyle says how a file writes decimals.
type numberStyle int

const (
	// styleAuto guesses from each value (XLSX cells, tab-separated text).
	styleAuto numberStyle = iota
	// styleComma: decimal comma, thousands dot ("1.234,5"): semicolon CSV from
	// an Indonesian (or most European) Excel.
	styleComma
	// styleDot: decimal dot, thousands comma ("1,234.5"): comma CSV.
	styleDot
)

// parseNumber reads a number written in any of the usual ways: "8", "8,5",
// "1.234,5", "1,234.5", "1 234,5", "20 ton" (the unit is returned apart).
func parseNumber(s string, style numberStyle) (float64, string, error) {
	s = strings.TrimSpace(strings.ReplaceAll(s, "\u00a0", " "))
	if f, err := strconv.ParseFloat(s, 64); err == nil && (strings.ContainsAny(s, "eE") || style != styleComma || !thousandsDot(s)) {
		// As a spreadsheet stores it (1234.5, 1.5E+4), or plain (8, 8.5) — but not
		// "1.000", a thousand in a file written with decimal commas.
		if math.IsNaN(f) || math.IsInf(f, 0) {
			return 0, "", errNumber
		}
		return f, "", nil
	}
	num, rest := splitUnit(s)
	num = strings.ReplaceAll(num, " ", "")
	num = strings.ReplaceAll(num, "'", "")
	if num == "" {
		return 0, "", errNumber
	}
	dots, commas := strings.Count(num, "."), strings.Count(num, ",")
	lastDot, lastComma := strings.LastIndex(num, "."), strings.LastIndex(num, ",")
	switch {
	case dots > 0 && commas > 0:
		if lastComma > lastDot { // 1.234,5
			num = strings.ReplaceAll(num, ".", "")
			num = strings.Replace(num, ",", ".", 1)
		} else { // 1,234.5
			num = strings.ReplaceAll(num, ",", "")
		}
	case commas > 1: // 1,234,567
		num = strings.ReplaceAll(num, ",", "")
	case dots > 1: // 1.234.567
		num = strings.ReplaceAll(num, ".", "")
	case commas == 1:
		if style == styleDot && len(num)-lastComma-1 == 3 {
			num = strings.ReplaceAll(num, ",", "") // 1,234 in an English file
		} else {
			num = strings.Replace(num, ",", ".", 1) // 8,5
		}
	case dots == 1:
		if style == styleComma && len(num)-lastDot-1 == 3 {
			num = strings.ReplaceAll(num, ".", "") // 1.000 in an Indonesian file
		}
	}
	f, err := strconv.ParseFloat(num, 64)
	if err != nil || math.IsNaN(f) || math.IsInf(f, 0) {
		return 0, "", errNumber
	}
	return f, rest, nil
}

// thousandsDot reports whether a number reads as thousands with a dot (1.000,
// 12.500) rather than as a decimal.
func thousandsDot(s string) bool {
	i := strings.IndexByte(s, '.')
	return i > 0 && strings.Count(s, ".") == 1 && len(s)-i-1 == 3
}

// splitUnit cuts a trailing word off a number ("20 ton" → "20", "ton").
func splitUnit(s string) (string, string) {
	i := strings.IndexFunc(s, func(r rune) bool { return unicode.IsLetter(r) || r == '³' })
	if i <= 0 {
		return s, ""
	}
	return strings.TrimSpace(s[:i]), strings.TrimSpace(s[i:])
}

// parseMoney reads a price: a number as parseNumber reads it, with an optional
// currency written before or after ("Rp 45.000", "US$ 3,20", "3.20 USD"),
// kept exact to four decimals.
func parseMoney(s string, style numberStyle) (money.Amount, string, error) {
	s = strings.TrimSpace(s)
	cur := ""
	for _, p := range []struct{ sign, code string }{{"US$", "USD"}, {"Rp.", "IDR"}, {"Rp", "IDR"}, {"$", "USD"}, {"€", "EUR"}} {
		if strings.HasPrefix(s, p.sign) {
			cur, s = p.code, strings.TrimSpace(s[len(p.sign):])
			break
		}
	}
	if cur == "" {
		// A code before the amount: "USD 3.20", "IDR45.000".
		if i := strings.IndexFunc(s, func(r rune) bool { return !unicode.IsLetter(r) }); i == 3 {
			if c, ok := parseCurrency(s[:3]); ok {
				cur, s = c, strings.TrimSpace(s[3:])
			}
		}
	}
	f, rest, err := parseNumber(s, style)
	if err != nil {
		return 0, "", errPrice
	}
	if rest != "" {
		c, ok := parseCurrency(rest)
		if !ok {
			return 0, "", errPrice
		}
		cur = c
	}
	a, err := money.Parse(strconv.FormatFloat(f, 'f', -1, 64))
	if err != nil {
		return 0, "", errPrice
	}
	return a, cur, nil
}

// parseCurrency reads an ISO 4217 code or a common sign or word.
func parseCurrency(s string) (string, bool) {
	f := fold(s)
	switch f {
	case "rp", "rupiah", "idr":
		return "IDR", true
	case "us", "us dollar", "dollar", "usd", "dolar":
		return "USD", true
	case "euro":
		return "EUR", true
	}
	code := strings.ToUpper(strings.TrimSpace(s))
	if validate.Currency(code) != nil {
		return "", false
	}
	return code, true
}

// enumIndex maps folded words to enum values, per enumeration.
var enumIndex = func() map[string]map[string]string {
	out := map[string]map[string]string{}
	for enum, values := range domain.Enums {
		m := map[string]string{}
		for _, v := range values {
			m[fold(v.Value)] = v.Value
			for _, l := range i18n.Langs {
				m[fold(i18n.Label(l, enum, v.Value))] = v.Value
			}
			for _, a := range v.Aliases {
				m[fold(a)] = v.Value
			}
		}
		out[enum] = m
	}
	return out
}()

// parseEnum reads an enum value written as the API writes it, as its label in
// either language, or as a common abbreviation ("Kg", "pasang", "beku").
func parseEnum(enum, s string) (string, error) {
	if v, ok := enumIndex[enum][fold(s)]; ok {
		return v, nil
	}
	return "", errUnknown
}

// parseHS reads an HS code with or without dots. A spreadsheet that took the code
// for a number drops its leading zero (0303.59 → 303.59): an odd number of digits
// gets it back.
func parseHS(s string) (string, error) {
	code := validate.NormalizeHS(s)
	if len(code)%2 == 1 && len(code) >= 5 && len(code) <= 9 {
		code = "0" + code
	}
	if err := validate.HSCode(code); err != nil {
		return "", validate.ErrHSCode
	}
	return code, nil
}

// parseInt reads a whole number (days).
func parseInt(s string, style numberStyle) (int, error) {
	f, rest, err := parseNumber(s, style)
	if err != nil {
		return 0, err
	}
	if r := fold(rest); r != "" && r != "hari" && r != "days" && r != "day" && r != "hr" {
		return 0, errNumber
	}
	if f != math.Trunc(f) || f > math.MaxInt32 {
		return 0, errWhole
	}
	if f < 0 {
		return 0, errNegative
	}
	return int(f), nil
}
