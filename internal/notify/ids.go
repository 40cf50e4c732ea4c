package notify

import (
	"github.com/exportiva/exportiva/ent/buyrequest"
	"github.com/exportiva/exportiva/ent/inquiry"
	"github.com/exportiva/exportiva/ent/predicate"
)

func inquiryIDIs(id int) predicate.Inquiry       { return inquiry.ID(id) }
func buyRequestIDIs(id int) predicate.BuyRequest { return buyrequest.ID(id) }
