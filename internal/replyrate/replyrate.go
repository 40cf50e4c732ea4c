// Package replyrate computes how fast producers and buyers answer on inquiry
// threads: the share of the inquiries they had to answer in the last 30 days
// that got a first reply within 24 hours, and the median first-reply time.
//
// The figures come in two steps, neither of which scans threads when a profile
// is read:
//
//   - Incrementally, when a message or a quote is written (Record, run by the
//     Message and Quote hooks in the write's transaction): the producer's
//     first write on a thread sets Inquiry.first_reply_at and
//     first_reply_seconds, the buyer's first write after it sets
//     buyer_reply_at and buyer_reply_seconds. Each is a conditional update
//     (WHERE … IS NULL), so concurrent writes set it once; a write by the side
//     that spoke last (the asker writing again) sets nothing.
//   - Materialised, by Refresh: two grouped SQL queries per side over the
//     inquiries of the window (an index on created_at, one on
//     first_reply_at), the median by ROW_NUMBER() and COUNT(*) window
//     functions (SQLite and PostgreSQL alike), written to the firms'
//     response_* columns. The server runs it in every replica (RunRefresh,
//     --response-refresh); replicas computing at once write the same figures.
//
// Inquiries are opened by buyers, so a producer answers the buyer's opening
// message, and a buyer answers the producer's first reply. An inquiry counts
// for a producer when it was opened between 30 days and 24 hours ago (every one
// has had its full 24 hours); for a buyer when the producer's first reply came
// in that window. The median is over those answered at all (at any time).
// Figures on fewer than MinSample inquiries are not shown.
package replyrate

import (
	"context"
	"fmt"
	"log/slog"
	"strings"
	"time"

	"entgo.io/ent/dialect"

	"github.com/exportiva/exportiva/ent"
	"github.com/exportiva/exportiva/ent/inquiry"
	"github.com/exportiva/exportiva/internal/authz"
	"github.com/exportiva/exportiva/internal/domain"
)

// Window is how far back inquiries count.
const Window = 30 * 24 * time.Hour

// Deadline is how soon a first reply must come to count as replied.
const Deadline = 24 * time.Hour

// MinSample is the fewest inquiries a firm's figures are shown on (fewer say
// more about chance than about the firm).
const MinSample = 5

// Stats are a firm's response figures as stored.
type Stats struct {
	// Received counts the inquiries the firm had to answer in the window.
	Received int
	// Replied counts those it first answered within Deadline.
	Replied int
	// MedianSeconds is the median first-reply time of those it answered (nil: none).
	MedianSeconds *int
	// ComputedAt is when the figures were computed; the window is the 30 days before it.
	ComputedAt time.Time
}

// Rate is Replied over Received (0 with nothing received).
func (s Stats) Rate() float64 {
	if s.Received == 0 {
		return 0
	}
	return float64(s.Replied) / float64(s.Received)
}

// Since is the start of the window the figures cover.
func (s Stats) Since() time.Time { return s.ComputedAt.Add(-Window) }

// Shown returns the figures if they rest on at least MinSample inquiries.
func Shown(received, replied int, median *int, computedAt *time.Time) (Stats, bool) {
	if computedAt == nil || received < MinSample {
		return Stats{}, false
	}
	return Stats{Received: received, Replied: replied, MedianSeconds: median, ComputedAt: *computedAt}, true
}

// OfProducer returns a producer's shown figures.
func OfProducer(p *ent.Producer) (Stats, bool) {
	return Shown(p.ResponseReceived, p.ResponseReplied, p.ResponseMedianSeconds, p.ResponseComputedAt)
}

// OfBuyer returns a buyer's shown figures.
func OfBuyer(b *ent.Buyer) (Stats, bool) {
	return Shown(b.ResponseReceived, b.ResponseReplied, b.ResponseMedianSeconds, b.ResponseComputedAt)
}

// Record notes a write by sender on an inquiry at a moment: the producer's
// first write sets the inquiry's first reply, the buyer's first write after
// that sets the buyer's reply. Each is set once (conditional update). It runs
// as the system: the figures are derived data, whoever wrote.
func Record(ctx context.Context, db *ent.Client, inquiryID int, sender domain.Party, at time.Time) error {
	ctx = authz.System(ctx)
	inq, err := db.Inquiry.Query().Where(inquiry.ID(inquiryID)).
		Select(inquiry.FieldCreatedAt, inquiry.FieldFirstReplyAt, inquiry.FieldBuyerReplyAt).Only(ctx)
	if err != nil {
		return err
	}
	switch {
	case sender == domain.PartyProducer && inq.FirstReplyAt == nil:
		return db.Inquiry.Update().Where(inquiry.ID(inquiryID), inquiry.FirstReplyAtIsNil()).
			SetFirstReplyAt(at).SetFirstReplySeconds(seconds(at.Sub(inq.CreatedAt))).Exec(ctx)
	case sender == domain.PartyBuyer && inq.FirstReplyAt != nil && inq.BuyerReplyAt == nil:
		return db.Inquiry.Update().Where(inquiry.ID(inquiryID), inquiry.FirstReplyAtNotNil(), inquiry.BuyerReplyAtIsNil()).
			SetBuyerReplyAt(at).SetBuyerReplySeconds(seconds(at.Sub(*inq.FirstReplyAt))).Exec(ctx)
	}
	return nil
}

func seconds(d time.Duration) int {
	if d < 0 {
		return 0
	}
	return int(d / time.Second)
}

// side is one kind of firm's figures: which inquiries it answers and how
// its replies are timed.
type side struct {
	table  string // the firms' table
	firm   string // the inquiries' column naming the firm
	anchor string // the moment the firm's turn began
	secs   string // seconds from anchor to its reply
}

var sides = []side{
	{table: "producers", firm: inquiry.FieldProducerID, anchor: inquiry.FieldCreatedAt, secs: inquiry.FieldFirstReplySeconds},
	{table: "buyers", firm: inquiry.FieldBuyerID, anchor: inquiry.FieldFirstReplyAt, secs: inquiry.FieldBuyerReplySeconds},
}

// Refreshed is what one Refresh wrote.
type Refreshed struct {
	// Producers and Buyers count the firms with inquiries in the window.
	Producers, Buyers int
	// Cleared counts the firms whose figures fell to nothing.
	Cleared int
}

// Refresh recomputes every firm's figures as of now, in one transaction per
// side. d is the database's dialect (dialect.SQLite or dialect.Postgres).
func Refresh(ctx context.Context, db *ent.Client, d string, now time.Time) (Refreshed, error) {
	var r Refreshed
	now = now.UTC().Truncate(time.Second)
	for i, s := range sides {
		n, cleared, err := refreshSide(authz.System(ctx), db, d, s, now)
		if err != nil {
			return r, fmt.Errorf("response figures of %s: %w", s.table, err)
		}
		if i == 0 {
			r.Producers = n
		} else {
			r.Buyers = n
		}
		r.Cleared += cleared
	}
	return r, nil
}

type figures struct {
	received, replied int
	median            *int
}

func refreshSide(ctx context.Context, db *ent.Client, d string, s side, now time.Time) (int, int, error) {
	tx, err := db.Tx(ctx)
	if err != nil {
		return 0, 0, err
	}
	n, cleared, err := refreshIn(ctx, tx, d, s, now)
	if err != nil {
		_ = tx.Rollback()
		return 0, 0, err
	}
	return n, cleared, tx.Commit()
}

func refreshIn(ctx context.Context, tx *ent.Tx, d string, s side, now time.Time) (int, int, error) {
	from, to := now.Add(-Window), now.Add(-Deadline)
	window := fmt.Sprintf("%s >= ? AND %s < ?", s.anchor, s.anchor)
	figs := map[int]*figures{}
	var order []int
	counts := fmt.Sprintf(`SELECT %[1]s, COUNT(*), SUM(CASE WHEN %[2]s IS NOT NULL AND %[2]s <= %[3]d THEN 1 ELSE 0 END)
FROM inquiries WHERE %[4]s GROUP BY %[1]s`, s.firm, s.secs, int(Deadline/time.Second), window)
	rows, err := tx.QueryContext(ctx, rebind(d, counts), from, to)
	if err != nil {
		return 0, 0, err
	}
	for rows.Next() {
		var id int
		f := &figures{}
		if err := rows.Scan(&id, &f.received, &f.replied); err != nil {
			_ = rows.Close()
			return 0, 0, err
		}
		figs[id] = f
		order = append(order, id)
	}
	if err := closeRows(rows); err != nil {
		return 0, 0, err
	}
	// The median: the middle row, or the mean of the two middle rows, of each
	// firm's reply times in order (integer seconds, rounded down).
	median := fmt.Sprintf(`SELECT %[1]s, (MIN(%[2]s) + MAX(%[2]s)) / 2 FROM (
  SELECT %[1]s, %[2]s,
    ROW_NUMBER() OVER (PARTITION BY %[1]s ORDER BY %[2]s) AS rn,
    COUNT(*) OVER (PARTITION BY %[1]s) AS cnt
  FROM inquiries WHERE %[3]s AND %[2]s IS NOT NULL
) ranked WHERE rn IN ((cnt + 1) / 2, (cnt + 2) / 2) GROUP BY %[1]s`, s.firm, s.secs, window)
	rows, err = tx.QueryContext(ctx, rebind(d, median), from, to)
	if err != nil {
		return 0, 0, err
	}
	for rows.Next() {
		var id, m int
		if err := rows.Scan(&id, &m); err != nil {
			_ = rows.Close()
			return 0, 0, err
		}
		if f := figs[id]; f != nil {
			f.median = &m
		}
	}
	if err := closeRows(rows); err != nil {
		return 0, 0, err
	}
	set := fmt.Sprintf(`UPDATE %s SET response_received = ?, response_replied = ?, response_median_seconds = ?, response_computed_at = ? WHERE id = ?`, s.table)
	for _, id := range order {
		f := figs[id]
		if _, err := tx.ExecContext(ctx, rebind(d, set), f.received, f.replied, f.median, now, id); err != nil {
			return 0, 0, err
		}
	}
	// Firms with figures from an earlier run and no inquiry in this window.
	clearing := fmt.Sprintf(`UPDATE %s SET response_received = 0, response_replied = 0, response_median_seconds = NULL, response_computed_at = ?
WHERE response_computed_at IS NOT NULL AND response_computed_at < ? AND (response_received > 0 OR response_median_seconds IS NOT NULL)`, s.table)
	res, err := tx.ExecContext(ctx, rebind(d, clearing), now, now)
	if err != nil {
		return 0, 0, err
	}
	cleared, _ := res.RowsAffected()
	return len(order), int(cleared), nil
}

type closer interface {
	Close() error
	Err() error
}

func closeRows(rows closer) error {
	if err := rows.Err(); err != nil {
		_ = rows.Close()
		return err
	}
	return rows.Close()
}

// rebind writes the ? placeholders of q as PostgreSQL's $1, $2 …
func rebind(d, q string) string {
	if d != dialect.Postgres {
		return q
	}
	var b strings.Builder
	n := 0
	for _, r := range q {
		if r == '?' {
			n++
			fmt.Fprintf(&b, "$%d", n)
			continue
		}
		b.WriteRune(r)
	}
	return b.String()
}

// RunRefresh refreshes the figures now and then every interval until ctx
// ends (every replica runs it: each run writes the same figures).
func RunRefresh(ctx context.Context, db *ent.Client, d string, every time.Duration, now func() time.Time, log *slog.Logger) {
	for {
		if r, err := Refresh(ctx, db, d, now()); err != nil {
			if ctx.Err() != nil {
				return
			}
			log.Warn("response figures", "err", err.Error())
		} else if r.Producers+r.Buyers+r.Cleared > 0 {
			log.Debug("response figures", "producers", r.Producers, "buyers", r.Buyers, "cleared", r.Cleared)
		}
		select {
		case <-ctx.Done():
			return
		case <-time.After(every):
		}
	}
}
