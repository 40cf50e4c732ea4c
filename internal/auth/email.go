package auth

import (
	"strings"
	"unicode"

	"golang.org/x/text/unicode/norm"
)

// NormalizeEmail is the form an e-mail address is compared and stored in:
// default-ignorable code points (zero-width spaces and joiners, soft hyphens,
// bidi controls, variation selectors …) removed, compatibility-decomposed and
// recomposed (NFKC: fullwidth "ａdmin" is "admin"), lower-cased and trimmed. Two
// addresses that look the same on screen for these reasons are one account.
func NormalizeEmail(s string) string {
	s = strings.Map(func(r rune) rune {
		if ignorable(r) {
			return -1
		}
		return r
	}, s)
	s = norm.NFKC.String(s)
	s = strings.ToLower(s)
	return strings.TrimSpace(norm.NFKC.String(s))
}

// ignorable approximates Unicode's Default_Ignorable_Code_Point: format
// characters (Cf), the other default-ignorables and variation selectors.
func ignorable(r rune) bool {
	return unicode.Is(unicode.Cf, r) || unicode.Is(unicode.Other_Default_Ignorable_Code_Point, r) ||
		unicode.Is(unicode.Variation_Selector, r)
}
