package visible_test

import (
	"context"
	"testing"

	"entgo.io/ent/dialect"
	"entgo.io/ent/dialect/sql"
	"github.com/stretchr/testify/require"

	"github.com/exportiva/exportiva/ent/privacy"
	"github.com/exportiva/exportiva/internal/authz/visible"
	"github.com/exportiva/exportiva/internal/domain"
	"github.com/exportiva/exportiva/internal/viewer"
)

func where(ctx context.Context, p func(*sql.Selector)) string {
	s := sql.Dialect(dialect.SQLite).Select("*").From(sql.Table("buy_requests"))
	if ctx != nil {
		s.WithContext(ctx)
	}
	p(s)
	q, _ := s.Query()
	return q
}

func TestBuyRequestVisibility(t *testing.T) {
	buyer := 7
	cases := []struct {
		name string
		ctx  context.Context
		want string
	}{
		{"no context fails closed", nil, "FALSE"},
		{"anonymous", context.Background(), "FALSE"},
		{"producer: open requests", viewer.NewContext(context.Background(), &viewer.Viewer{AccountID: 1, Role: domain.RoleProducer}), "`buy_requests`.`status` = ?"},
		{"buyer: own requests", viewer.NewContext(context.Background(), &viewer.Viewer{AccountID: 2, Role: domain.RoleBuyer, BuyerID: &buyer}), "`buy_requests`.`buyer_id` = ?"},
		{"admin: all", viewer.NewContext(context.Background(), &viewer.Viewer{AccountID: 3, Role: domain.RoleAdmin}), ""},
		{"system: all", privacy.DecisionContext(context.Background(), privacy.Allow), ""},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			q := where(c.ctx, visible.BuyRequest)
			if c.want == "" {
				require.NotContains(t, q, "WHERE")
			} else {
				require.Contains(t, q, "WHERE "+c.want)
			}
		})
	}
}
