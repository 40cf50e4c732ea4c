package server_test

import (
	"testing"
	"time"

	"github.com/stretchr/testify/require"
)

const fraudWarningOf = `query($i: ID!) { node(id: $i) { ... on Inquiry { messages(first: 10) { edges { node { sender body fraudWarning { kinds text } } } }
  quotes(first: 10) { edges { node { note fraudWarning { kinds text } } } } } } }`

type warned struct {
	Node struct {
		Messages struct {
			Edges []struct {
				Node struct {
					Sender       string
					Body         string
					FraudWarning *struct {
						Kinds []string
						Text  string
					}
				}
			}
		}
		Quotes struct {
			Edges []struct {
				Node struct {
					Note         string
					FraudWarning *struct {
						Kinds []string
						Text  string
					}
				}
			}
		}
	}
}

// TestFraudShield: a buyer's message with bank details and a producer's quote
// whose note announces a new account are delivered as written; each
// recipient reads a warning in its language, the sender none; the trade
// office sees both in its queues; nobody else reads the queues. On SQLite
// and PostgreSQL (testdb).
func TestFraudShield(t *testing.T) {
	w := newWorld(t)
	e := w.e
	e.as(w.tokens["buyerA"]).ok(sendMessage, map[string]any{"i": w.inquiryA,
		"b": "Our bank details have changed: please pay to IBAN GB82 WEST 1234 5698 7654 32 from now on."}, nil)
	e.as(w.tokens["producerA"]).ok(`mutation($in: SendQuoteInput!) { sendQuote(input: $in) { quote { id } } }`, map[string]any{"in": map[string]any{
		"inquiryID": w.inquiryA, "price": map[string]any{"amount": "3.4", "currency": "USD"}, "priceUnit": "KG",
		"quantity": map[string]any{"amount": 8, "unit": "TONNE"}, "incoterm": "CFR", "validUntil": now.AddDate(0, 0, 7).Format(time.RFC3339),
		"note": "Harga 8000 kg, DP 30% transfer ke rekening BRI 0012 3456 7890 123 a.n. CV Mina (rekening baru)."}}, nil)

	read := func(token, lang string) warned {
		var out warned
		e.as(token).in(lang).ok(fraudWarningOf, map[string]any{"i": w.inquiryA}, &out)
		require.Len(t, out.Node.Messages.Edges, 2)
		require.Len(t, out.Node.Quotes.Edges, 1)
		return out
	}
	// The producer reads the buyer's message with a warning, in Indonesian.
	p := read(w.tokens["producerA"], "id")
	require.Nil(t, p.Node.Messages.Edges[0].Node.FraudWarning, "the opening message is plain")
	m := p.Node.Messages.Edges[1].Node
	require.Contains(t, m.Body, "IBAN GB82", "delivered as written")
	require.NotNil(t, m.FraudWarning)
	require.Equal(t, []string{"IBAN", "PAYMENT_DETAILS_CHANGE"}, m.FraudWarning.Kinds)
	require.Contains(t, m.FraudWarning.Text, "Waspada: teks ini memuat Rekening bank (IBAN), Perubahan rincian pembayaran.")
	require.Nil(t, p.Node.Quotes.Edges[0].Node.FraudWarning, "the producer wrote the quote")

	// The buyer reads the quote with a warning, in English; not its own message.
	b := read(w.tokens["buyerA"], "en")
	require.Nil(t, b.Node.Messages.Edges[1].Node.FraudWarning, "the sender sees no warning")
	q := b.Node.Quotes.Edges[0].Node
	require.NotNil(t, q.FraudWarning)
	require.Equal(t, []string{"BANK_ACCOUNT", "PAYMENT_DETAILS_CHANGE"}, q.FraudWarning.Kinds)
	require.Contains(t, q.FraudWarning.Text, "Caution: this text contains Bank account number, Changed payment details.")

	// The trade office's queues.
	var queue struct {
		FlaggedMessages struct {
			TotalCount int
			Edges      []struct {
				Node struct {
					Body         string
					Inquiry      struct{ ID string }
					FraudWarning struct{ Kinds []string }
				}
			}
		}
		FlaggedQuotes struct {
			TotalCount int
			Edges      []struct {
				Node struct{ FraudWarning struct{ Kinds []string } }
			}
		}
	}
	e.ok(`{ flaggedMessages(first: 10) { totalCount edges { node { body inquiry { id } fraudWarning { kinds } } } }
	  flaggedQuotes(first: 10) { totalCount edges { node { fraudWarning { kinds } } } } }`, nil, &queue)
	require.Equal(t, 1, queue.FlaggedMessages.TotalCount)
	require.Equal(t, w.inquiryA, queue.FlaggedMessages.Edges[0].Node.Inquiry.ID)
	require.Equal(t, []string{"IBAN", "PAYMENT_DETAILS_CHANGE"}, queue.FlaggedMessages.Edges[0].Node.FraudWarning.Kinds)
	require.Equal(t, 1, queue.FlaggedQuotes.TotalCount)
	require.Equal(t, []string{"BANK_ACCOUNT", "PAYMENT_DETAILS_CHANGE"}, queue.FlaggedQuotes.Edges[0].Node.FraudWarning.Kinds)

	r := e.as(w.tokens["producerA"]).do(`{ flaggedMessages(first: 10) { totalCount } }`, nil)
	require.NotEmpty(t, r.Errors)
	require.Equal(t, "FORBIDDEN", r.Errors[0].Extensions["code"])
	r = e.do(`{ flaggedMessages(first: 1000) { totalCount } }`, nil)
	require.NotEmpty(t, r.Errors, "pages are bounded")
}
