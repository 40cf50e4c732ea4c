package match

import (
	"context"
	"fmt"
	"strings"
	"testing"

	"github.com/stretchr/testify/require"

	"github.com/exportiva/exportiva/internal/apperr"
	"github.com/exportiva/exportiva/internal/authz"
	"github.com/exportiva/exportiva/internal/demo"
	d "github.com/exportiva/exportiva/internal/domain"
	"github.com/exportiva/exportiva/internal/testdb"
	"github.com/exportiva/exportiva/internal/validate"
	"github.com/exportiva/exportiva/internal/viewer"
)

// ids lists the matches' products in order.
func ids(o *Outcome) []int {
	out := make([]int, 0, len(o.Matches))
	for _, m := range o.Matches {
		out = append(out, m.Product.ID)
	}
	return out
}

// TestIndexedEngineFollowsWritesAndPrivacy: the indexed engine answers as the
// reference does for every viewer (a hidden product is seen by its producer
// and the trade office only; a buyer's blocks leave producers out), answers
// through the SQL engines while a write has made its index stale, and from
// the index again once it is rebuilt.
func TestIndexedEngineFollowsWritesAndPrivacy(t *testing.T) {
	db := testdb.Open(t).Client
	ctx := context.Background()
	_, err := demo.Synthetic(ctx, db, demo.SyntheticOptions{Producers: 60, Products: 300, Buyers: 5, BuyRequests: 5,
		ExportRecords: 100, Seed: 5, Batch: 100}, now)
	require.NoError(t, err)
	index := NewIndex(db, nil)
	require.NoError(t, index.Build(ctx))
	r := broadNeed()
	both := func(ctx context.Context, r Request) (want, got *Outcome) {
		t.Helper()
		want, err := Find(ctx, db, r)
		require.NoError(t, err)
		got, err = Find(WithEngine(WithIndex(ctx, index), WholeList(Indexed)), db, r)
		require.NoError(t, err)
		require.Equal(t, ids(want), ids(got))
		return want, got
	}
	before, _ := both(ctx, r)
	require.Greater(t, len(before.Matches), 5)
	builds := index.Builds()

	// The trade office hides the first match: the index goes stale.
	first := before.Matches[0].Product
	require.NoError(t, db.Product.UpdateOneID(first.ID).SetHiddenAt(now).Exec(authz.System(ctx)))
	index.Invalidate()
	require.Nil(t, index.fresh(), "a write makes the index stale")
	_, got := both(ctx, r)
	require.NotContains(t, ids(got), first.ID, "the SQL engines answer meanwhile, without the hidden product")
	require.Equal(t, builds, index.Builds(), "no build ran: the fallback answered")

	require.NoError(t, index.Build(ctx))
	require.NotNil(t, index.fresh())
	_, got = both(ctx, r)
	require.NotContains(t, ids(got), first.ID, "hidden from anonymous buyers")
	admin := viewer.NewContext(ctx, &viewer.Viewer{AccountID: 1, Role: d.RoleAdmin})
	_, got = both(admin, r)
	require.Contains(t, ids(got), first.ID, "the trade office sees it")
	owner := viewer.NewContext(ctx, &viewer.Viewer{AccountID: 2, Role: d.RoleProducer, ProducerID: &first.ProducerID})
	_, got = both(owner, r)
	require.Contains(t, ids(got), first.ID, "its producer sees it")
	other := first.ProducerID + 1
	stranger := viewer.NewContext(ctx, &viewer.Viewer{AccountID: 3, Role: d.RoleProducer, ProducerID: &other})
	_, got = both(stranger, r)
	require.NotContains(t, ids(got), first.ID, "another producer does not")

	// A buyer blocks the producer of the second match: its products leave
	// that buyer's matches (a new block needs no rebuild: blocks are read
	// per request).
	second := before.Matches[1].Product
	buyer, err := db.Buyer.Query().First(authz.System(ctx))
	require.NoError(t, err)
	_, err = db.FirmBlock.Create().SetBuyerID(buyer.ID).SetProducerID(second.ProducerID).SetBy(d.PartyBuyer).Save(authz.System(ctx))
	require.NoError(t, err)
	r.Buyer = buyer.ID
	_, got = both(ctx, r)
	require.NotNil(t, index.fresh())
	for _, m := range got.Matches {
		require.NotEqual(t, second.ProducerID, m.Product.ProducerID, "a blocked producer is not matched")
	}
}

// TestNeedCommodityIsBounded: a need with more HS codes or a longer query
// than the bounds is refused before any candidate is read, on the field.
func TestNeedCommodityIsBounded(t *testing.T) {
	base := Request{Need: d.Need{Quantity: Quantity{Amount: 1, Unit: d.UnitTonne}, Country: "SG"}, Now: now}
	many := base
	for i := range MaxHSCodes + 1 {
		many.HSCodes = append(many.HSCodes, fmt.Sprintf("03%02d", i))
	}
	_, err := prepare(many)
	requireBadInput(t, err, "hsCodes")
	long := base
	long.Query = strings.Repeat("ikan, ", MaxQueryLength/6+1)
	_, err = prepare(long)
	requireBadInput(t, err, "query")
	ok := base
	ok.HSCodes, ok.Query = many.HSCodes[:MaxHSCodes], strings.Repeat("x", MaxQueryLength)
	_, err = prepare(ok)
	require.NoError(t, err)
}

func requireBadInput(t *testing.T, err error, field string) {
	t.Helper()
	require.Equal(t, apperr.CodeBadUserInput, apperr.CodeOf(err))
	require.Equal(t, []string{field}, validate.Fields(err))
}

// broadNeed is a need as broad as a word: a tonne a month of "ikan" (fish)
// for Singapore, near misses included.
func broadNeed() Request {
	return Request{Need: d.Need{Query: "ikan", Quantity: Quantity{Amount: 1, Unit: d.UnitTonne, Per: d.PerMonth},
		Country: "SG", IncludePartial: true}, Now: now}
}
