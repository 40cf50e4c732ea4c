package server_test

import (
	"testing"
	"time"

	"github.com/stretchr/testify/require"
)

// fieldsOf returns the paths and messages of extensions.fields of the first error.
func fieldsOf(t *testing.T, r gqlResponse) (paths [][]string, messages []string) {
	t.Helper()
	require.NotEmpty(t, r.Errors)
	list, ok := r.Errors[0].Extensions["fields"].([]any)
	require.True(t, ok, "no extensions.fields: %+v", r.Errors)
	for _, x := range list {
		m := x.(map[string]any)
		var p []string
		for _, s := range m["field"].([]any) {
			p = append(p, s.(string))
		}
		paths = append(paths, p)
		messages = append(messages, m["message"].(string))
	}
	return paths, messages
}

// TestEveryInvalidFieldAtOnce: one BAD_USER_INPUT error lists every invalid field
// of an input (extensions.fields), in the request's language, and keeps the
// first one as message and extensions.field.
func TestEveryInvalidFieldAtOnce(t *testing.T) {
	w := newWorld(t)
	pa := w.e.as(w.tokens["producerA"])
	in := productInput(w.prodA)
	in["hsCode"], in["capacityAmount"], in["priceMin"], in["priceMax"] = "0303", -1, "5", "4"
	r := pa.do(`mutation($in: CreateProductInput!) { createProduct(input: $in) { product { id } } }`, map[string]any{"in": in})
	require.Len(t, r.Errors, 1)
	require.Equal(t, "BAD_USER_INPUT", r.code())
	paths, msgs := fieldsOf(t, r)
	require.Equal(t, [][]string{{"input", "hsCode"}, {"input", "capacityAmount"}, {"input", "priceMin"}}, paths, "%v", msgs)
	require.Equal(t, []string{"input", "hsCode"}, r.field())
	require.Equal(t, msgs[0], r.Errors[0].Message)
	require.Contains(t, msgs[1], "positive")

	// In Indonesian.
	r = pa.in("id").do(`mutation($in: CreateProductInput!) { createProduct(input: $in) { product { id } } }`, map[string]any{"in": in})
	_, msgs = fieldsOf(t, r)
	require.Contains(t, msgs[0], "kode HS")
	require.Contains(t, msgs[1], "lebih dari nol")
	require.Contains(t, msgs[2], "harga terendah")

	// Export records.
	r = pa.do(`mutation($p: ID!) { recordExport(input: {producerID: $p, destinationCountry: "XX", hsCode: "12", quantityKg: -5, value: "900000000000000", currency: "usd", shippedOn: "2025-06-01T00:00:00Z"}) { exportRecord { id } } }`, map[string]any{"p": w.prodA})
	paths, msgs = fieldsOf(t, r)
	require.Equal(t, [][]string{{"input", "destinationCountry"}, {"input", "hsCode"}, {"input", "quantityKg"}, {"input", "value"}, {"input", "currency"}}, paths, "%v", msgs)

	// Certifications.
	r = pa.do(`mutation($p: ID!, $n: String!) { createCertification(input: {producerID: $p, type: HACCP, number: $n, validFrom: "2026-01-01T00:00:00Z", validUntil: "2025-01-01T00:00:00Z"}) { certification { id } } }`,
		map[string]any{"p": w.prodA, "n": string(make([]byte, 101))})
	paths, msgs = fieldsOf(t, r)
	require.Equal(t, [][]string{{"input", "number"}, {"input", "validUntil"}}, paths, "%v", msgs)

	// Buy requests.
	r = w.e.as(w.tokens["buyerA"]).do(`mutation($in: CreateBuyRequestInput!) { createBuyRequest(input: $in) { buyRequest { id } } }`, map[string]any{"in": map[string]any{
		"title": " ", "quantity": map[string]any{"amount": -1, "unit": "TONNE"},
		"destination": map[string]any{"country": "XX"}, "maxPrice": map[string]any{"amount": "3", "currency": "ABC"},
		"validUntil": now.AddDate(0, -1, 0).Format(time.RFC3339)}})
	paths, msgs = fieldsOf(t, r)
	require.Equal(t, [][]string{{"input", "title"}, {"input", "hsCodes"}, {"input", "quantity", "amount"}, {"input", "destination", "country"}, {"input", "maxPrice", "currency"}, {"input", "validUntil"}}, paths, "%v", msgs)
	require.Equal(t, []string{"input", "title"}, r.field())

	// One invalid field still has its one-element list.
	in = productInput(w.prodA)
	in["hsCode"] = "0303"
	r = pa.do(`mutation($in: CreateProductInput!) { createProduct(input: $in) { product { id } } }`, map[string]any{"in": in})
	paths, _ = fieldsOf(t, r)
	require.Equal(t, [][]string{{"input", "hsCode"}}, paths)
}

// TestErrorCodesField: the enum is reachable (so generated clients keep it) and
// lists the codes clients switch on.
func TestErrorCodesField(t *testing.T) {
	e := newEnv(t, false)
	var out struct{ ErrorCodes []string }
	e.as("").ok(`{ errorCodes }`, nil, &out)
	for _, c := range []string{"BAD_USER_INPUT", "UNAUTHENTICATED", "FORBIDDEN", "NOT_FOUND", "COMPLEXITY_LIMIT_EXCEEDED", "GRAPHQL_VALIDATION_FAILED", "INTERNAL_SERVER_ERROR"} {
		require.Contains(t, out.ErrorCodes, c)
	}
	// And a real error carries one of them.
	r := e.as("").do(`{ nosuchfield }`, nil)
	require.Contains(t, out.ErrorCodes, r.code())
}

// TestQuoteErrorsAtOnce: a quote's invalid fields come together too, and a
// domain error about one field has its one-element list.
func TestQuoteErrorsAtOnce(t *testing.T) {
	w := newWorld(t)
	r := w.e.as(w.tokens["producerA"]).do(`mutation($i: ID!) { sendQuote(input: {inquiryID: $i, price: {amount: "-3", currency: "XYZ"}, priceUnit: KG, quantity: {amount: 0, unit: TONNE}, incoterm: FOB, validUntil: "2020-01-01T00:00:00Z"}) { quote { id } } }`, map[string]any{"i": w.inquiryA})
	paths, msgs := fieldsOf(t, r)
	require.Equal(t, [][]string{{"input", "price", "amount"}, {"input", "price", "currency"}, {"input", "quantity", "amount"}, {"input", "validUntil"}}, paths, "%v", msgs)
	require.Equal(t, []string{"input", "price", "amount"}, r.field())
	r = w.e.as("").do(`{ matches(first: 5, input: {quantity: {amount: 1, unit: TONNE}, destination: {country: "TH"}}) { totalCount } }`, nil)
	paths, _ = fieldsOf(t, r)
	require.Equal(t, [][]string{r.field()}, paths)
}
