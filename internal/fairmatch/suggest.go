// Package fairmatch suggests whom a fair participant should meet, from the
// matching engine (kept apart from internal/fair, which the demo data uses and
// the matching engine's tests load).
package fairmatch

import (
	"context"
	"sort"
	"time"

	"entgo.io/ent/dialect/sql"

	"github.com/exportiva/exportiva/ent"
	"github.com/exportiva/exportiva/ent/buyrequest"
	"github.com/exportiva/exportiva/ent/meeting"
	"github.com/exportiva/exportiva/ent/participant"
	"github.com/exportiva/exportiva/ent/product"
	"github.com/exportiva/exportiva/internal/apperr"
	"github.com/exportiva/exportiva/internal/authz/visible"
	"github.com/exportiva/exportiva/internal/domain"
	"github.com/exportiva/exportiva/internal/match"
	"github.com/exportiva/exportiva/internal/viewer"
)

// MaxSuggestions is the most suggestions one answer lists.
const MaxSuggestions = 20

// maxRequestsMatched bounds the buy requests of a buyer matched for
// suggestions (the newest open ones).
const maxRequestsMatched = 5

// Suggestion is a participant to meet, with the match behind it.
type Suggestion struct {
	Participant *ent.Participant
	Score       float64
	Match       *match.Match
	BuyRequest  *ent.BuyRequest
}

// Suggest ranks whom the viewer's registration should meet: for a buyer, the
// validated exhibitors whose products fully match one of its open buy
// requests (match.Find, at most 5 requests); for a producer, the validated
// buyers whose open requests its products fit (match.Leads). One suggestion
// per participant (its best match), best score first, ties by participant
// id; participants the pair already has a meeting request with, in any
// state, are left out. Everything is read through the viewer's privacy.
func Suggest(ctx context.Context, db *ent.Client, ev *ent.Event, first int, now time.Time) ([]*Suggestion, error) {
	if first < 1 || first > MaxSuggestions {
		return nil, apperr.BadInput([]string{"first"}, "first must be 1 to %d", MaxSuggestions)
	}
	me, err := db.Participant.Query().Where(participant.EventID(ev.ID), visible.OwnParticipant(viewer.FromContext(ctx))).First(ctx)
	if ent.IsNotFound(err) {
		return []*Suggestion{}, nil
	}
	if err != nil {
		return nil, err
	}
	if !me.Validated {
		return []*Suggestion{}, nil
	}
	// Whom the viewer already asked, met or was declined by.
	var col, otherCol string
	if me.Side == domain.PartyBuyer {
		col, otherCol = meeting.FieldBuyerParticipantID, meeting.FieldProducerParticipantID
	} else {
		col, otherCol = meeting.FieldProducerParticipantID, meeting.FieldBuyerParticipantID
	}
	taken, err := db.Meeting.Query().Where(func(s *sql.Selector) { s.Where(sql.EQ(s.C(col), me.ID)) }).Select(otherCol).Ints(ctx)
	if err != nil {
		return nil, err
	}
	skip := map[int]bool{}
	for _, id := range taken {
		skip[id] = true
	}
	best := map[int]*Suggestion{} // firm id -> suggestion
	if me.Side == domain.PartyBuyer {
		reqs, err := db.BuyRequest.Query().Where(buyrequest.BuyerID(*me.BuyerID), buyrequest.StatusEQ(domain.BuyRequestOpen), buyrequest.ValidUntilGT(now)).
			Order(ent.Desc(buyrequest.FieldID)).Limit(maxRequestsMatched).All(ctx)
		if err != nil {
			return nil, err
		}
		for _, br := range reqs {
			out, err := match.Find(ctx, db, match.RequestOf(br, now))
			if err != nil {
				return nil, err
			}
			for _, m := range out.Matches {
				if m.Fit != match.Full {
					continue
				}
				if s, ok := best[m.Producer.ID]; !ok || m.Score > s.Score {
					best[m.Producer.ID] = &Suggestion{Score: m.Score, Match: m, BuyRequest: br}
				}
			}
		}
	} else {
		products, err := db.Product.Query().Where(product.ProducerID(*me.ProducerID)).WithProducer().WithCertifications().All(ctx)
		if err != nil {
			return nil, err
		}
		leads, err := match.Leads(ctx, db, products, now)
		if err != nil {
			return nil, err
		}
		chosen := map[int]match.Lead{}
		for _, l := range leads {
			if s, ok := best[l.BuyRequest.BuyerID]; !ok || l.Match.Score > s.Score {
				best[l.BuyRequest.BuyerID] = &Suggestion{Score: l.Match.Score, Match: l.Match, BuyRequest: l.BuyRequest}
				chosen[l.BuyRequest.BuyerID] = l
			}
		}
		for buyer, l := range chosen {
			best[buyer].Match = l.Explained() // leads are judged quietly: explain the chosen ones
		}
	}
	if len(best) == 0 {
		return []*Suggestion{}, nil
	}
	firms := make([]int, 0, len(best))
	for id := range best {
		firms = append(firms, id)
	}
	q := db.Participant.Query().Where(participant.EventID(ev.ID), participant.Validated(true))
	if me.Side == domain.PartyBuyer {
		q.Where(participant.ProducerIDIn(firms...))
	} else {
		q.Where(participant.BuyerIDIn(firms...))
	}
	others, err := q.All(ctx)
	if err != nil {
		return nil, err
	}
	var out []*Suggestion
	for _, p := range others {
		if skip[p.ID] {
			continue
		}
		firm := p.BuyerID
		if me.Side == domain.PartyBuyer {
			firm = p.ProducerID
		}
		s := best[*firm]
		s.Participant = p
		out = append(out, s)
	}
	sort.Slice(out, func(i, j int) bool {
		if out[i].Score != out[j].Score {
			return out[i].Score > out[j].Score
		}
		return out[i].Participant.ID < out[j].Participant.ID
	})
	if len(out) > first {
		out = out[:first]
	}
	return out, nil
}
