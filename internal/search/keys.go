package search

import (
	"slices"

	"github.com/exportiva/exportiva/ent"
)

// AnyKey is the key of a need that names neither an HS prefix nor a word
// (only product forms, "frozen"): every product answers to it.
const AnyKey = "*"

// NeedKeys are the keys of a need (a saved search, a buy request), given its
// normalized HS prefixes and its text: every product that can fit the need has
// at least one of them among its ProductKeys. With HS prefixes they are those
// ("hs:0303"); otherwise the first term of each alternative of the text
// ("t:tengiri"), since a product must hold every term of one alternative; with
// neither, AnyKey. Sorted, without repeats.
func NeedKeys(hsCodes []string, query string) []string {
	var keys []string
	if len(hsCodes) > 0 {
		for _, h := range hsCodes {
			keys = append(keys, "hs:"+h)
		}
	} else {
		for _, alt := range Parse(query).Alternatives {
			keys = append(keys, "t:"+alt[0])
		}
	}
	if len(keys) == 0 {
		return []string{AnyKey}
	}
	slices.Sort(keys)
	return slices.Compact(keys)
}

// ProductKeys are the keys a product answers to: every prefix of its HS code
// (2 digits and more), its search terms (ProductTerms) and AnyKey.
func ProductKeys(p *ent.Product) []string {
	keys := make([]string, 0, 16)
	for n := 2; n <= len(p.HsCode); n++ {
		keys = append(keys, "hs:"+p.HsCode[:n])
	}
	for _, t := range ProductTerms(p) {
		keys = append(keys, "t:"+t)
	}
	return append(keys, AnyKey)
}
