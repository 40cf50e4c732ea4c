// Package scenarios holds the GraphQL operations of the benchmark scenarios
// (docs/BENCHMARKS.md): the load tool sends them, and the statement-count tests
// of internal/server run the very same text.
package scenarios

// The read scenarios.
const (
	// Catalog is scenario 1: a catalog page of frozen fish with at least 8 t a
	// month, largest first, with producers and their certificates.
	Catalog = `query Catalog { products(first: 20, where: {hsCodeHasPrefix: "0303", capacityDimension: "MASS", capacityMonthlyGTE: 8000, status: ACTIVE}, orderBy: {field: CAPACITY, direction: DESC}) { edges { node { id nameEnglish hsCode capacityMonthly producer { id name district verified certifications { type validUntil } } } } } }`
	// CatalogPage is the catalog page of the realistic anonymous mix: any filter,
	// order and page size ($where, $orderBy, $first), any page ($after).
	CatalogPage = `query CatalogPage($first: Int!, $after: Cursor, $where: ProductWhereInput, $orderBy: ProductOrder) { products(first: $first, after: $after, where: $where, orderBy: $orderBy) { pageInfo { hasNextPage endCursor } edges { node { id nameEnglish hsCode capacityMonthly producer { id name district verified certifications { type validUntil } } } } } }`
	// ByID is scenario 2: a product by id with its producer ($id).
	ByID = `query Product($id: ID!) { node(id: $id) { ... on Product { id nameEnglish hsCode capacityMonthly producer { id name district verified } } } }`
	// Matches is scenario 3: the brief's Thailand request.
	Matches = `query Thailand { matches(first: 20, input: {hsCodes: ["0303"], query: "frozen tengiri or tuna", quantity: {amount: 8, unit: TONNE, per: MONTH}, destination: {country: "TH", port: "THLCH"}, incoterm: CFR}) { totalCount edges { node { score fit product { id nameEnglish } producer { name } criteria { criterion status points } } } } }`
	// Need is a match query for any need ($in: MatchInput), for streams of
	// distinct needs.
	Need = `query Need($in: MatchInput!) { matches(first: 20, input: $in) { totalCount edges { node { score fit product { id nameEnglish } producer { name } criteria { criterion status points detail } } } pools { score } } }`
	// NeedPage is Need without the totalCount: the first page alone, which
	// the top-k match engine answers without ranking the whole list.
	NeedPage = `query NeedPage($in: MatchInput!) { matches(first: 20, input: $in) { edges { node { score fit product { id nameEnglish } producer { name } criteria { criterion status points detail } } } pools { score } } }`
	// Leads is scenario 4: the leads of a producer ($p).
	Leads = `query Leads($p: ID!) { leads(producerId: $p, first: 20) { totalCount edges { node { score buyRequest { id title } product { id } } } } }`
)

// The writes of scenario 5 (the 90/10 mix).
const (
	// CreateBuyRequest posts a buy request ($in: CreateBuyRequestInput).
	CreateBuyRequest = `mutation($in: CreateBuyRequestInput!) { createBuyRequest(input: $in) { buyRequest { id } } }`
	// SendMessage writes on an inquiry ($in: SendMessageInput).
	SendMessage = `mutation($in: SendMessageInput!) { sendMessage(input: $in) { message { id } } }`
	// UpdateProduct changes a product's lead time ($id, $d).
	UpdateProduct = `mutation($id: ID!, $d: Int!) { updateProduct(id: $id, input: {leadTimeDays: $d}) { product { id } } }`
)

// The dimensions of the catalog combinations: what visitors filter and sort by.
var (
	catalogPrefixes   = []string{"", "03", "0302", "0303", "0304", "0306", "16", "1604", "1605", "19", "64", "6402", "6403", "6404", "39", "3923", "44", "4407", "94", "9403"}
	catalogForms      = []string{"", "FROZEN", "FRESH", "CHILLED", "DRIED", "CANNED", "PROCESSED", "MANUFACTURED"}
	catalogCapacities = []float64{0, 1000, 8000, 20000}
	catalogOrders     = [][2]string{{"CAPACITY", "DESC"}, {"CAPACITY", "ASC"}, {"NAME", "ASC"}, {"PRICE", "ASC"}, {"LEAD_TIME", "ASC"}, {"CREATED_AT", "DESC"}}
	catalogSizes      = []int{10, 20, 50}
)

// CatalogCombinations is how many distinct first pages CatalogCombination
// describes.
var CatalogCombinations = len(catalogPrefixes) * len(catalogForms) * len(catalogCapacities) * len(catalogOrders) * len(catalogSizes)

// CatalogCombination returns the variables of CatalogPage for the i-th
// combination of filter, order and page size (0 <= i < CatalogCombinations),
// first page; every i gives a different one.
func CatalogCombination(i int) map[string]any {
	pick := func(n int) int { k := i % n; i /= n; return k }
	where := map[string]any{"status": "ACTIVE"}
	if p := catalogPrefixes[pick(len(catalogPrefixes))]; p != "" {
		where["hsCodeHasPrefix"] = p
	}
	if f := catalogForms[pick(len(catalogForms))]; f != "" {
		where["form"] = f
	}
	if c := catalogCapacities[pick(len(catalogCapacities))]; c > 0 {
		where["capacityDimension"] = "MASS"
		where["capacityMonthlyGTE"] = c
	}
	o := catalogOrders[pick(len(catalogOrders))]
	return map[string]any{
		"first":   catalogSizes[pick(len(catalogSizes))],
		"where":   where,
		"orderBy": map[string]any{"field": o[0], "direction": o[1]},
	}
}
