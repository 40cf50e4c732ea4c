package search

import (
	"sync"
	"testing"

	"github.com/stretchr/testify/require"

	"github.com/exportiva/exportiva/internal/domain"
)

func TestTermsFoldSynonymsBothLanguages(t *testing.T) {
	tengiri := Terms("Frozen Spanish mackerel (tengiri), whole round", "Ikan tengiri beku utuh", "Scomberomorus commerson")
	require.Subset(t, tengiri, []string{"tengiri", "mackerel", "fish"})
	require.NotContains(t, tengiri, "frozen", "form words are not terms")
	require.NotContains(t, tengiri, "spanish")

	skipjack := Terms("Frozen skipjack tuna", "Ikan cakalang beku", "Katsuwonus pelamis")
	require.Subset(t, skipjack, []string{"cakalang", "tuna", "fish"})

	crab := Terms("Pasteurised blue swimming crab meat", "Daging rajungan pasteurisasi")
	require.Subset(t, crab, []string{"rajungan", "crab"})

	shoes := Terms("Men's leather shoes", "Sepatu kulit pria")
	require.Subset(t, shoes, []string{"sepatu", "footwear", "leather"})
	require.Subset(t, Terms("Raw fish crackers (kerupuk ikan)"), []string{"kerupuk", "fish"})
	require.Subset(t, Terms("Frozen vannamei shrimp"), []string{"udang"})
}

func TestParseAndMatch(t *testing.T) {
	q := Parse("frozen tengiri or tuna")
	require.Equal(t, [][]string{{"tengiri"}, {"tuna"}}, q.Alternatives)
	require.Equal(t, []domain.ProductForm{domain.FormFrozen}, q.Forms)

	cases := []struct {
		query string
		texts []string
		form  domain.ProductForm
		want  bool
	}{
		{"frozen tengiri or tuna", []string{"Frozen Spanish mackerel"}, domain.FormFrozen, true},
		{"frozen tengiri or tuna", []string{"Frozen mackerel tuna (tongkol)"}, domain.FormFrozen, true},
		{"frozen tengiri or tuna", []string{"Canned tuna in oil"}, domain.FormCanned, false},
		{"frozen tengiri or tuna", []string{"Frozen vannamei shrimp"}, domain.FormFrozen, false},
		{"seerfish", []string{"Ikan tengiri beku"}, domain.FormFrozen, true},
		{"ikan tengiri beku", []string{"Frozen Spanish mackerel steaks"}, domain.FormFrozen, true},
		{"udang beku", []string{"Frozen vannamei shrimp"}, domain.FormFrozen, true},
		{"rajungan", []string{"Pasteurised blue swimming crab meat"}, domain.FormProcessed, true},
		{"cakalang", []string{"Frozen skipjack tuna"}, domain.FormFrozen, true},
		{"skipjack", []string{"Ikan cakalang beku"}, domain.FormFrozen, true},
		{"sepatu", []string{"Men's leather shoes"}, domain.FormManufactured, true},
		{"alas kaki", []string{"Rubber flip-flops"}, domain.FormManufactured, true},
		{"kerupuk udang", []string{"Prawn crackers (kerupuk udang)"}, domain.FormProcessed, true},
		{"kerupuk udang", []string{"Raw fish crackers"}, domain.FormProcessed, false},
		{"fish crackers", []string{"Raw fish crackers (kerupuk ikan)"}, domain.FormProcessed, true},
		{"fish crackers", []string{"Frozen squid"}, domain.FormFrozen, false},
	}
	for _, c := range cases {
		got := Parse(c.query).Matches(Terms(c.texts...), c.form)
		require.Equal(t, c.want, got, "%q ~ %v", c.query, c.texts)
	}
	require.True(t, Parse("or , atau").Empty())
}

// TestConcurrentUse: requests normalize text at once; nothing may be shared
// unsafely (run with -race).
func TestConcurrentUse(t *testing.T) {
	var wg sync.WaitGroup
	for g := 0; g < 8; g++ {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for i := 0; i < 300; i++ {
				require.Equal(t, [][]string{{"fish", "tengiri"}}, Parse("ikan tengiri beku").Alternatives)
				require.Contains(t, Terms("Crevettes décortiquées", "Frozen Spanish mackerel"), "tengiri")
			}
		}()
	}
	wg.Wait()
}
