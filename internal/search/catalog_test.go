package search

import (
	"slices"
	"testing"

	"github.com/stretchr/testify/require"
)

func weightOf(ws []Weighted, term string) int {
	for _, w := range ws {
		if w.Term == term {
			return w.Weight
		}
	}
	return 0
}

// TestWeights: a name over a species over a description; the word itself over a
// synonym over a broader term; matching's terms are the weights of 4 and more.
func TestWeights(t *testing.T) {
	ws := WeightedTerms([]string{"Frozen Spanish mackerel", "Ikan tengiri beku"}, []string{"Scomberomorus commerson"},
		[]string{"Caught off Brondong, blast frozen in 10 kg blocks; tuna-grade handling."})
	require.Equal(t, 9, weightOf(ws, "tengiri"), "the Indonesian name has the word")
	require.Equal(t, 9, weightOf(ws, "mackerel"), "the English name has the word")
	require.Equal(t, 8, weightOf(ws, "fish"), "ikan is a synonym of fish in a name")
	require.Equal(t, 3, weightOf(ws, "brondong"), "a description word")
	require.Equal(t, 3, weightOf(ws, "tuna"))
	require.Zero(t, weightOf(ws, "frozen"), "form words are no terms")

	ws = WeightedTerms([]string{"Seerfish steaks"}, nil, nil)
	require.Equal(t, 8, weightOf(ws, "tengiri"), "a synonym in a name")
	require.Equal(t, 7, weightOf(ws, "mackerel"), "a broader term of a name")
	ws = WeightedTerms([]string{"Frozen fillets"}, []string{"Scomberomorus commerson"}, nil)
	require.Equal(t, 5, weightOf(ws, "tengiri"), "a synonym in the species")
	require.Equal(t, 4, weightOf(ws, "fish"), "a broader term of the species")

	// The matching terms are exactly Terms(names, species).
	ws = WeightedTerms([]string{"Frozen skipjack tuna", "Cakalang beku"}, []string{"Katsuwonus pelamis"}, []string{"Sashimi grade shrimp"})
	var strong []string
	for _, w := range ws {
		if w.Weight >= MinMatchWeight {
			strong = append(strong, w.Term)
		}
	}
	require.Equal(t, Terms("Frozen skipjack tuna", "Cakalang beku", "Katsuwonus pelamis"), strong)
	require.Equal(t, 2, weightOf(ws, "udang"), "shrimp, a synonym of udang, in a description")
}

func TestEdits(t *testing.T) {
	e := edits("tengri")
	require.Contains(t, e, "tengiri")   // insertion
	require.Contains(t, e, "tengr")     // deletion
	require.Contains(t, e, "tnegri")    // transposition
	require.Contains(t, e, "tangri")    // substitution
	require.NotContains(t, e, "tengri") // itself
	require.Len(t, slices.Compact(slices.Sorted(slices.Values(e))), len(e), "each once")
	require.Less(t, len(e), maxLookup)
	require.True(t, fuzzy("tengri"))
	require.False(t, fuzzy("tuna"), "four letters: no typo tolerance")
	require.False(t, fuzzy("0303x"))
}

func TestScore(t *testing.T) {
	r := Resolved{Alternatives: [][][]string{{{"tengiri"}, {"fish"}}}}
	ws := WeightedTerms([]string{"Ikan tengiri beku"}, nil, nil)
	require.Equal(t, 9+8, r.Score(ws))
	require.Equal(t, []string{"fish", "tengiri"}, r.Terms())
}
