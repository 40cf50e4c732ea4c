package demo

import (
	"context"
	"fmt"
	"time"

	"github.com/exportiva/exportiva/ent"
	"github.com/exportiva/exportiva/ent/meeting"
	d "github.com/exportiva/exportiva/internal/domain"
	"github.com/exportiva/exportiva/internal/fair"
	"github.com/exportiva/exportiva/internal/money"
	"github.com/exportiva/exportiva/internal/viewer"
)

// The fair: Lamongan Exportiva 2024, 5-9 June 2024 at the Lamongan Sport
// Center, 120 booths (the demo producers, and the SMEs moving up, banks,
// export services, national companies and food stalls that exhibited as
// organisations), 30 registered buyers, their requests, the meetings the
// scheduler placed and what they led to: among them Siam Ocean Foods
// (Bangkok) meeting Samudra Tengiri Brondong about frozen tengiri and tuna,
// the meeting behind the 8 t shipment of June 2024.

// fairBuyers are the buyers who came for the fair besides the catalog's.
var fairBuyers = []buyerSpec{
	{"Bangkok Frozen Trading Co.", "TH", "Bangkok", "DISTRIBUTOR", true},
	{"Manila Bay Seafood Importers Inc.", "PH", "Manila", "IMPORTER", true},
	{"Hanoi Food Import JSC", "VN", "Hanoi", "IMPORTER", true},
	{"Shanghai Blue Sea Supply Co.", "CN", "Shanghai", "DISTRIBUTOR", true},
	{"Taipei Ocean Foods Corp.", "TW", "Taipei", "IMPORTER", true},
	{"Colombo Fish Traders (Pvt) Ltd", "LK", "Colombo", "IMPORTER", false},
	{"Doha Food Trading WLL", "QA", "Doha", "DISTRIBUTOR", true},
	{"Kuala Lumpur Halal Mart Sdn Bhd", "MY", "Kuala Lumpur", "RETAILER", true},
}

type orgBooth struct {
	name     string
	category d.BoothCategory
}

var fairOrganisations = func() []orgBooth {
	var out []orgBooth
	for _, n := range []string{"Bank Jatim", "Bank Rakyat Indonesia", "Bank Negara Indonesia", "Bank Mandiri", "Bank Syariah Indonesia",
		"Indonesia Eximbank (LPEI)", "Bank Tabungan Negara", "BPR Bank Daerah Lamongan", "Bank Central Asia", "Bank Muamalat"} {
		out = append(out, orgBooth{n, d.BoothBank})
	}
	for _, n := range []string{"Bea Cukai Tanjung Perak", "Balai Karantina Ikan Surabaya", "Disperindag Kabupaten Lamongan",
		"Kementerian Perdagangan - Ditjen PEN", "Klinik Ekspor Jawa Timur", "Kadin Lamongan", "P3DN Jawa Timur",
		"Lembaga Sertifikasi Halal Jawa Timur", "Pos Logistik Indonesia", "Asosiasi Eksportir Lamongan"} {
		out = append(out, orgBooth{n, d.BoothExportService})
	}
	for _, n := range []string{"Pertamina", "PLN UID Jawa Timur", "Telkom Indonesia", "Semen Indonesia", "Petrokimia Gresik", "Pelindo"} {
		out = append(out, orgBooth{n, d.BoothNationalCompany})
	}
	for i := 1; i <= 40; i++ {
		out = append(out, orgBooth{fmt.Sprintf("UMKM Naik Kelas Lamongan %02d", i), d.BoothSME})
	}
	for _, n := range []string{"Soto Lamongan Cak Har", "Pecel Lele Lamongan", "Tahu Campur Mbok Ti", "Nasi Boranan Bu Yah",
		"Wingko Babat", "Jumbrek Sendang", "Kopi Tuban-Lamongan", "Es Dawet Siwalan", "Ikan Bakar Brondong", "Kerupuk Udang Paciran"} {
		out = append(out, orgBooth{n, d.BoothFood})
	}
	return out
}()

// FairName is the demo fair's name.
const FairName = "Lamongan Exportiva 2024"

func (l *loader) fair(ctx context.Context) error {
	for i, b := range fairBuyers {
		nb, err := l.db.Buyer.Create().SetCompany(b.company).SetCountry(b.country).SetCity(b.city).SetType(b.typ).
			SetVerified(b.verified).SetContactName(fmt.Sprintf("Fair delegate %d", i+1)).
			SetContactEmail(fmt.Sprintf("fair%d@buyers.example.com", i+1)).SetDescription("Met Lamongan producers at Exportiva 2024.").Save(ctx)
		if err != nil {
			return fmt.Errorf("fair buyer %s: %w", b.company, err)
		}
		l.byrs = append(l.byrs, nb)
		l.s.Buyers++
	}
	jkt, err := time.LoadLocation("Asia/Jakarta")
	if err != nil {
		return err
	}
	opens := time.Date(2024, 4, 15, 0, 0, 0, 0, jkt)
	closes := time.Date(2024, 6, 4, 17, 0, 0, 0, jkt)
	ev, err := l.db.Event.Create().SetName(FairName).SetVenue("Lamongan Sport Center").SetTimeZone("Asia/Jakarta").
		SetFirstDay("2024-06-05").SetLastDay("2024-06-09").SetSessions([]string{"09:00-12:00", "13:30-16:00"}).
		SetMeetingMinutes(30).SetTables(12).SetMaxPendingRequests(20).
		SetRegistrationOpens(opens).SetRegistrationCloses(closes).SetStatus(d.EventRunning).Save(ctx)
	if err != nil {
		return err
	}
	l.s.Events++
	// Booths: the producers first (hall A: exporters, hall B: SMEs), then
	// the organisations.
	var booths []*ent.BoothCreate
	for i, p := range l.prods {
		cat, hall := d.BoothExporter, "A"
		if producers[i].size == d.SizeMicro {
			cat, hall = d.BoothSME, "B"
		}
		booths = append(booths, l.db.Booth.Create().SetEventID(ev.ID).SetNumber(fmt.Sprintf("%s-%02d", hall, i+1)).SetHall("Hall "+hall).
			SetSize("3x3 m").SetCategory(cat).SetProducerID(p.ID).
			SetPitchEnglish(fmt.Sprintf("%s from %s, Lamongan.", titleCase(string(producers[i].sector)), titleCase(string(producers[i].district)))).
			SetPitchIndonesian(fmt.Sprintf("Produk %s dari %s, Lamongan.", d.Sectors.Row(producers[i].sector).Indonesian, titleCase(string(producers[i].district)))))
	}
	halls := map[d.BoothCategory]string{d.BoothBank: "C", d.BoothExportService: "C", d.BoothNationalCompany: "C", d.BoothSME: "B", d.BoothFood: "F"}
	for i, o := range fairOrganisations {
		booths = append(booths, l.db.Booth.Create().SetEventID(ev.ID).SetNumber(fmt.Sprintf("%s-%03d", halls[o.category], 100+i)).
			SetHall("Hall "+halls[o.category]).SetSize("3x2 m").SetCategory(o.category).SetOrganisation(o.name))
	}
	if err := l.db.Booth.CreateBulk(booths...).Exec(ctx); err != nil {
		return fmt.Errorf("booths: %w", err)
	}
	l.s.Booths = len(booths)
	// Participants: every verified producer and the 30 buyers, validated;
	// the unverified producers registered but were not validated.
	var parts []*ent.ParticipantCreate
	for i, p := range l.prods {
		parts = append(parts, l.db.Participant.Create().SetEventID(ev.ID).SetSide(d.PartyProducer).SetProducerID(p.ID).SetAccountID(0).
			SetValidated(producers[i].verified).SetBadgeCode(fmt.Sprintf("LX24-P%03d", i+1)).SetAgendaToken(fmt.Sprintf("demo-agenda-p%03d-%x", i+1, l.rnd.Uint64())))
	}
	for i, b := range l.byrs {
		parts = append(parts, l.db.Participant.Create().SetEventID(ev.ID).SetSide(d.PartyBuyer).SetBuyerID(b.ID).SetAccountID(0).
			SetValidated(true).SetMode(map[bool]d.AttendanceMode{true: d.AttendOnline, false: d.AttendOnSite}[i%7 == 6]).
			SetBadgeCode(fmt.Sprintf("LX24-B%03d", i+1)).SetAgendaToken(fmt.Sprintf("demo-agenda-b%03d-%x", i+1, l.rnd.Uint64())))
	}
	ps, err := l.db.Participant.CreateBulk(parts...).Save(ctx)
	if err != nil {
		return fmt.Errorf("participants: %w", err)
	}
	l.s.Participants = len(ps)
	pp, bp := ps[:len(l.prods)], ps[len(l.prods):]
	// Requests: each buyer asks 6 producers of the sectors it buys from;
	// about half are accepted, a third declined, the rest left waiting or
	// withdrawn.
	sectorsOf := func(b *ent.Buyer) []d.Sector {
		switch b.Company {
		case "Guangzhou Footwear Sourcing Ltd", "Berlin Schuh Vertrieb GmbH":
			return []d.Sector{d.SectorFootwear}
		case "Hamburger Holzhandel GmbH":
			return []d.Sector{d.SectorForestProducts, d.SectorFurniture}
		case "Melbourne Outdoor Living Pty Ltd", "London Garden Furniture Ltd":
			return []d.Sector{d.SectorFurniture, d.SectorPlastics}
		case "Klang Valley Snacks Sdn Bhd", "Kuala Lumpur Halal Mart Sdn Bhd", "Doha Food Trading WLL":
			return []d.Sector{d.SectorFoodBeverage}
		case "Dubai Gulf Trading LLC":
			return []d.Sector{d.SectorFootwear, d.SectorPlastics, d.SectorFoodBeverage}
		}
		return []d.Sector{d.SectorFishery, d.SectorFoodBeverage}
	}
	created := time.Date(2024, 5, 20, 10, 0, 0, 0, jkt)
	type pair struct{ b, p int }
	seen := map[pair]bool{}
	var reqs []*ent.MeetingCreate
	n := 0
	for bi, b := range l.byrs {
		var fits []int
		for pi := range l.prods {
			if !producers[pi].verified {
				continue
			}
			for _, s := range sectorsOf(b) {
				if producers[pi].sector == s {
					fits = append(fits, pi)
				}
			}
		}
		for k := 0; k < 6 && len(fits) > 0; k++ {
			pi := fits[l.rnd.IntN(len(fits))]
			if bi == 0 && k == 0 {
				pi = 0 // Siam Ocean Foods asks Samudra Tengiri Brondong first.
			}
			if seen[pair{bi, pi}] {
				continue
			}
			seen[pair{bi, pi}] = true
			n++
			status := d.MeetingAccepted
			switch r := n % 20; {
			case bi == 0 && pi == 0:
			case r < 6:
				status = d.MeetingDeclined
			case r < 8:
				status = d.MeetingRequested
			case r == 8:
				status = d.MeetingCancelled
			}
			c := l.db.Meeting.Create().SetEventID(ev.ID).SetBuyerParticipantID(bp[bi].ID).SetProducerParticipantID(pp[pi].ID).
				SetBuyerID(b.ID).SetProducerID(l.prods[pi].ID).SetRequestedBy(d.PartyBuyer).SetStatus(status).
				SetScore(40 + l.rnd.IntN(60)).SetCreatedAt(created.Add(time.Duration(n) * 37 * time.Minute)).
				SetMessage(fmt.Sprintf("%s would like to meet %s at the fair.", b.Company, l.prods[pi].Name))
			if ps := l.products[l.prods[pi].ID]; len(ps) > 0 {
				c.SetProductID(ps[0].ID)
			}
			if bi == 0 && pi == 0 {
				c.SetMessage("Siam Ocean Foods is looking for frozen tengiri (Spanish mackerel) and tuna, about 8 t a month CFR Laem Chabang.")
			}
			switch status {
			case d.MeetingDeclined:
				c.SetDeclineReason("Our capacity for June is already committed.").SetRespondedAt(created.AddDate(0, 0, 3))
			case d.MeetingAccepted:
				c.SetRespondedAt(created.AddDate(0, 0, 2))
			}
			reqs = append(reqs, c)
		}
	}
	ms, err := l.db.Meeting.CreateBulk(reqs...).Save(ctx)
	if err != nil {
		return fmt.Errorf("meetings: %w", err)
	}
	l.s.Meetings = len(ms)
	// The flagship meeting: 5 June, 10:00, at Samudra Tengiri's booth, about
	// frozen tengiri and tuna.
	before := time.Date(2024, 6, 1, 0, 0, 0, 0, jkt)
	flagship := ms[0]
	slot := time.Date(2024, 6, 5, 10, 0, 0, 0, jkt)
	place, err := fair.Book(ctx, l.db, ev, flagship, slot, before)
	if err != nil {
		return fmt.Errorf("the flagship meeting: %w", err)
	}
	flagship, err = flagship.Update().SetSlotStart(slot.UTC()).SetNillableBoothID(place.BoothID).Save(ctx)
	if err != nil {
		return err
	}
	// Everything else accepted: placed by the scheduler, as the trade office
	// did before the fair.
	office := viewer.NewContext(ctx, &viewer.Viewer{Role: d.RoleAdmin})
	if _, err := fair.Schedule(office, l.db, ev.ID, before); err != nil {
		return fmt.Errorf("scheduling the fair: %w", err)
	}
	booked, err := l.db.Meeting.Query().Where(meeting.EventID(ev.ID), meeting.SlotStartNotNil()).Order(ent.Asc(meeting.FieldID)).All(ctx)
	if err != nil {
		return err
	}
	// Outcomes: about one meeting in twelve a no-show; each side records
	// what the others led to.
	kinds := []d.OutcomeType{d.OutcomeInterested, d.OutcomeInterested, d.OutcomeSampleRequested, d.OutcomeQuoteRequested,
		d.OutcomeNotInterested, d.OutcomeInterested, d.OutcomeQuoteRequested, d.OutcomeDeal, d.OutcomeSampleRequested, d.OutcomeInterested}
	var outs []*ent.OutcomeCreate
	for i, m := range booked {
		out := func(side d.Party, t d.OutcomeType) *ent.OutcomeCreate {
			return l.db.Outcome.Create().SetMeetingID(m.ID).SetParty(side).SetBuyerID(m.BuyerID).SetProducerID(m.ProducerID).
				SetType(t).SetCreatedAt(m.SlotStart.Add(time.Hour))
		}
		if m.ID == flagship.ID {
			for _, side := range []d.Party{d.PartyProducer, d.PartyBuyer} {
				outs = append(outs, out(side, d.OutcomeDeal).SetVolumeKg(8000).SetValue(money.MustParse("23150")).SetCurrency("USD").
					SetDestinationCountry("TH").SetHsCode("030359").SetHsChapter("03").SetShipmentMonth("2024-06").
					SetNote("5 t frozen tengiri and 3 t skipjack, CFR Laem Chabang, shipping mid-June."))
			}
			continue
		}
		if i%12 == 5 {
			if err := m.Update().SetNoShow(d.PartyBuyer).Exec(ctx); err != nil {
				return err
			}
			outs = append(outs, out(d.PartyProducer, d.OutcomeNoShow))
			continue
		}
		t := kinds[i%len(kinds)]
		o := out(d.PartyProducer, t)
		if t == d.OutcomeDeal {
			hs := "030359"
			if ps := l.products[m.ProducerID]; len(ps) > 0 {
				hs = ps[0].HsCode
			}
			b, _ := l.buyerByID(m.BuyerID)
			kg := round(1000+l.rnd.Float64()*9000, 100)
			o.SetVolumeKg(kg).SetValue(money.MustParse(fmt.Sprintf("%.0f", kg*(2+l.rnd.Float64()*3)))).SetCurrency("USD").
				SetDestinationCountry(b.Country).SetHsCode(hs).SetHsChapter(hs[:2]).SetShipmentMonth(fmt.Sprintf("2024-%02d", 7+i%4))
		}
		outs = append(outs, o)
		if i%3 == 0 {
			outs = append(outs, out(d.PartyBuyer, t).SetNote("Follow up after the fair."))
		}
	}
	if err := l.db.Outcome.CreateBulk(outs...).Exec(ctx); err != nil {
		return fmt.Errorf("outcomes: %w", err)
	}
	// The flagship's follow-up: the inquiry that led to the June quote.
	opened := time.Date(2024, 6, 6, 8, 30, 0, 0, jkt)
	inq, err := l.db.Inquiry.Create().SetBuyerID(flagship.BuyerID).SetProducerID(flagship.ProducerID).
		SetNillableProductID(flagship.ProductID).SetSubject("Fair meeting follow-up: tengiri and tuna, 8 t").
		SetCreatedAt(opened).Save(ctx)
	if err != nil {
		return err
	}
	if err := l.db.Message.Create().SetInquiryID(inq.ID).SetSender(d.PartyBuyer).SetCreatedAt(opened).
		SetBody("Thank you for the meeting at Exportiva. Please quote 5 t frozen tengiri and 3 t skipjack CFR Laem Chabang.").Exec(ctx); err != nil {
		return err
	}
	if err := flagship.Update().SetInquiryID(inq.ID).Exec(ctx); err != nil {
		return err
	}
	return l.db.Event.UpdateOne(ev).SetStatus(d.EventClosed).Exec(ctx)
}

func (l *loader) buyerByID(id int) (*ent.Buyer, bool) {
	for _, b := range l.byrs {
		if b.ID == id {
			return b, true
		}
	}
	return nil, false
}
