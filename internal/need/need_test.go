package need_test

import (
	"context"
	"strings"
	"testing"
	"time"

	"github.com/stretchr/testify/require"

	"github.com/exportiva/exportiva/ent"
	"github.com/exportiva/exportiva/internal/apperr"
	"github.com/exportiva/exportiva/internal/domain"
	"github.com/exportiva/exportiva/internal/match"
	"github.com/exportiva/exportiva/internal/money"
	"github.com/exportiva/exportiva/internal/need"
	"github.com/exportiva/exportiva/internal/trade"
	"github.com/exportiva/exportiva/internal/validate"
)

var now = time.Date(2026, 6, 5, 9, 0, 0, 0, time.UTC)

func tengiri() domain.Need {
	return domain.Need{
		HSCodes:  []string{"0303.59"},
		Query:    "tengiri beku",
		Quantity: domain.Quantity{Amount: 8, Unit: domain.UnitTonne, Per: domain.PerMonth},
		Country:  "TH", Port: "THLCH",
		MaxPrice: &domain.Money{Amount: money.MustParse("3.2"), Currency: "USD"},
	}
}

// TestCheckReportsEveryField: a need that breaks a rule in each of its
// fields gets one error per field, named as the need names them, in the
// need's order.
func TestCheckReportsEveryField(t *testing.T) {
	past := now.Add(-time.Hour)
	bad := domain.Need{
		HSCodes:        []string{"03a"},
		Query:          strings.Repeat("x", validate.MaxQueryLength+1),
		Quantity:       domain.Quantity{Amount: -1, Unit: "BARREL"},
		Country:        "XX",
		Port:           "MYPKG",
		Certifications: []domain.CertificationType{"ISO9001X"},
		MaxPrice:       &domain.Money{Amount: -5, Currency: "usdollar"},
		DeliverBy:      &past,
	}
	err := need.Check(need.Normalize(bad), now)
	require.Equal(t, apperr.CodeBadUserInput, apperr.CodeOf(err))
	require.Equal(t, []string{
		need.FieldHSCodes, need.FieldQuery, need.FieldQuantityAmount, need.FieldQuantityUnit,
		need.FieldCountry, need.FieldPort, need.FieldCertifications,
		need.FieldMaxPriceAmount, need.FieldMaxPriceCurrency, need.FieldDeliverBy,
	}, validate.Fields(err), "%v", err)

	require.NoError(t, need.Check(need.Normalize(tengiri()), now))
}

func TestCheckRules(t *testing.T) {
	cases := []struct {
		name  string
		edit  func(*domain.Need)
		field string
	}{
		{"no commodity", func(n *domain.Need) { n.HSCodes, n.Query = nil, "" }, need.FieldHSCodes},
		{"stop words only", func(n *domain.Need) { n.HSCodes, n.Query = nil, "or and atau" }, need.FieldHSCodes},
		{"too many HS codes", func(n *domain.Need) { n.HSCodes = make([]string, validate.MaxHSCodes+1); fill(n.HSCodes) }, need.FieldHSCodes},
		{"port of another country", func(n *domain.Need) { n.Port = "MYPKG" }, need.FieldPort},
		{"port not a LOCODE", func(n *domain.Need) { n.Port = "TH1" }, need.FieldPort},
		{"delivery now", func(n *domain.Need) { n.DeliverBy = &now }, need.FieldDeliverBy},
		{"price over the bound", func(n *domain.Need) { n.MaxPrice.Amount = validate.MaxPrice + 1 }, need.FieldMaxPriceAmount},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			n := tengiri()
			tc.edit(&n)
			require.Equal(t, []string{tc.field}, validate.Fields(need.Check(need.Normalize(n), now)))
		})
	}
	t.Run("text alone", func(t *testing.T) {
		n := tengiri()
		n.HSCodes = nil
		require.NoError(t, need.Check(need.Normalize(n), now))
	})
}

func fill(codes []string) {
	for i := range codes {
		codes[i] = "03" + string(rune('0'+i/10%10)) + string(rune('0'+i%10))
	}
}

func TestNormalize(t *testing.T) {
	n := domain.Need{
		HSCodes:  []string{"0303.59", "030359", " 16 04 "},
		Query:    "  tengiri  ",
		Quantity: domain.Quantity{Amount: 8, Unit: domain.UnitTonne},
		Country:  " th ", Port: "thlch",
		MaxPrice: &domain.Money{Amount: 1, Currency: "usd"},
	}
	price := n.MaxPrice
	got := need.Normalize(n)
	require.Equal(t, []string{"030359", "1604"}, got.HSCodes)
	require.Equal(t, "tengiri", got.Query)
	require.Equal(t, domain.PerMonth, got.Quantity.Per)
	require.Equal(t, "TH", got.Country)
	require.Equal(t, "THLCH", got.Port)
	require.Equal(t, "USD", got.MaxPrice.Currency)
	require.Equal(t, "usd", price.Currency, "the caller's price is not changed")
	require.Equal(t, "0303.59", n.HSCodes[0], "nor its codes")
}

// TestMatchesAndBuyRequestsShareTheRules: a need refused as a match query is
// refused as a buy request, on the same fields, and the reverse.
func TestMatchesAndBuyRequestsShareTheRules(t *testing.T) {
	past := now.Add(-time.Hour)
	edits := map[string]func(*domain.Need){
		"valid":            func(*domain.Need) {},
		"no commodity":     func(n *domain.Need) { n.HSCodes, n.Query = nil, " " },
		"bad HS":           func(n *domain.Need) { n.HSCodes = []string{"9"} },
		"port elsewhere":   func(n *domain.Need) { n.Port = "SGSIN" },
		"unknown cert":     func(n *domain.Need) { n.Certifications = []domain.CertificationType{"NOPE"} },
		"past delivery":    func(n *domain.Need) { n.DeliverBy = &past },
		"several at once":  func(n *domain.Need) { n.Country, n.Quantity.Amount, n.MaxPrice.Currency = "ZZ", 0, "" },
		"unit of no count": func(n *domain.Need) { n.Quantity.Unit = "GALLON" },
	}
	for name, edit := range edits {
		t.Run(name, func(t *testing.T) {
			n := tengiri()
			edit(&n)
			asMatch := match.Check(context.Background(), (*ent.Client)(nil), match.Request{Need: n, Now: now})
			asRequest := trade.NewBuyRequest{Title: "Tengiri", Need: n, ValidUntil: now.AddDate(0, 1, 0)}.Validate(now)
			require.Equal(t, validate.Fields(asMatch), validate.Fields(asRequest), "match: %v; buy request: %v", asMatch, asRequest)
			if name != "valid" {
				require.NotEmpty(t, validate.Fields(asMatch))
			}
		})
	}
}

func TestOfBuyRequest(t *testing.T) {
	port, amount, currency := "THLCH", money.MustParse("3.2"), "USD"
	br := &ent.BuyRequest{HsCodes: []string{"030359"}, Query: "tengiri", QuantityAmount: 8, QuantityUnit: domain.UnitTonne,
		QuantityPer: domain.PerMonth, DestinationCountry: "TH", DestinationPort: &port, MaxPriceAmount: &amount, MaxPriceCurrency: &currency}
	n := need.OfBuyRequest(br)
	want := tengiri()
	want.HSCodes, want.Query = []string{"030359"}, "tengiri"
	require.Equal(t, want, n)
	br.MaxPriceCurrency = nil
	require.Nil(t, need.OfBuyRequest(br).MaxPrice, "an amount without its currency is no price")
}
