package i18n

import (
	"strconv"
	"time"
)

func init() {
	for en, id := range map[string]string{
		// Meeting notifications (internal/notify) and fair sheets (internal/fair).
		"%s at %s (%s)":           "%s pukul %s (%s)",
		"reason: %s":              "alasan: %s",
		"Agenda":                  "Agenda",
		"Times in %s.":            "Waktu dalam zona %s.",
		"Day":                     "Hari",
		"Time":                    "Waktu",
		"With":                    "Dengan",
		"Where":                   "Tempat",
		"Status":                  "Status",
		"Booth":                   "Stan",
		"Table":                   "Meja",
		"booked":                  "terjadwal",
		"cancelled":               "dibatalkan",
		"No meetings booked yet.": "Belum ada pertemuan terjadwal.",
		"Badge":                   "Lencana",
		"Scan for our catalog":    "Pindai untuk katalog kami",
		"Meetings at the booth":   "Pertemuan di stan",
	} {
		indonesian[en] = id
	}
}

var (
	weekdaysID = [...]string{"Min", "Sen", "Sel", "Rab", "Kam", "Jum", "Sab"}
	monthsID   = [...]string{"Jan", "Feb", "Mar", "Apr", "Mei", "Jun", "Jul", "Agu", "Sep", "Okt", "Nov", "Des"}
)

// Date writes a day as people read it in l: "Mon 7 Dec 2026", "Sen 7 Des
// 2026" (in t's location).
func Date(l Lang, t time.Time) string {
	if l == Indonesian {
		return weekdaysID[t.Weekday()] + " " + strconv.Itoa(t.Day()) + " " + monthsID[t.Month()-1] + " " + strconv.Itoa(t.Year())
	}
	return t.Format("Mon 2 Jan 2006")
}
