package demo

import (
	"context"
	"fmt"

	"github.com/exportiva/exportiva/ent"
	"github.com/exportiva/exportiva/ent/account"
	"github.com/exportiva/exportiva/ent/buyer"
	"github.com/exportiva/exportiva/ent/producer"
	"github.com/exportiva/exportiva/internal/auth"
	"github.com/exportiva/exportiva/internal/authz"
	"github.com/exportiva/exportiva/internal/domain"
)

// Password is the password of every demo account. Demo accounts exist only in a
// database loaded in demo mode.
const Password = "lamongan-demo" //nolint:gosec // G101: the published password of the demo accounts (README)

// Account is a demo account and what it acts for.
type Account struct {
	Email, Role, Of string
}

var demoAccounts = []struct {
	email, name string
	role        domain.Role
	producer    string // by name
	buyer       string // by company
}{
	{"admin@demo.exportiva.test", "Trade office (demo)", domain.RoleAdmin, "", ""},
	{"producer1@demo.exportiva.test", "Budi Santoso", domain.RoleProducer, "Samudra Tengiri Brondong", ""},
	{"producer2@demo.exportiva.test", "Siti Aminah", domain.RoleProducer, "Mina Jaya Paciran", ""},
	{"buyer1@demo.exportiva.test", "Somchai (Siam Ocean Foods)", domain.RoleBuyer, "", "Siam Ocean Foods Co., Ltd."},
	{"buyer2@demo.exportiva.test", "Aisyah (Penang Marine Products)", domain.RoleBuyer, "", "Penang Marine Products Sdn Bhd"},
}

// Accounts creates the demo accounts that do not exist yet (all with Password)
// and lists them all.
func Accounts(ctx context.Context, db *ent.Client, a *auth.Service) ([]Account, error) {
	ctx = authz.System(ctx)
	var out []Account
	for _, d := range demoAccounts {
		of := "the trade office"
		acc, err := db.Account.Query().Where(account.Email(d.email)).Only(ctx)
		if ent.IsNotFound(err) {
			if acc, err = a.Create(ctx, d.email, Password, d.name, d.role); err != nil {
				return nil, fmt.Errorf("demo account %s: %w", d.email, err)
			}
		} else if err != nil {
			return nil, err
		}
		switch {
		case d.producer != "":
			p, err := db.Producer.Query().Where(producer.Name(d.producer)).Only(ctx)
			if err != nil {
				return nil, fmt.Errorf("demo producer %s: %w", d.producer, err)
			}
			if err := acc.Update().SetProducerID(p.ID).Exec(ctx); err != nil {
				return nil, err
			}
			of = p.Name
		case d.buyer != "":
			b, err := db.Buyer.Query().Where(buyer.Company(d.buyer)).Only(ctx)
			if err != nil {
				return nil, fmt.Errorf("demo buyer %s: %w", d.buyer, err)
			}
			if err := acc.Update().SetBuyerID(b.ID).Exec(ctx); err != nil {
				return nil, err
			}
			of = b.Company
		}
		out = append(out, Account{Email: d.email, Role: string(d.role), Of: of})
	}
	return out, nil
}
