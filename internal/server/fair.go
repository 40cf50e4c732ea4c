package server

import (
	"log/slog"
	"net/http"
	"strconv"
	"strings"
	"time"

	"github.com/go-chi/chi/v5"

	"github.com/exportiva/exportiva/internal/apperr"
	"github.com/exportiva/exportiva/internal/fair"
	"github.com/exportiva/exportiva/internal/requestid"
	"github.com/exportiva/exportiva/internal/store"
)

// statusOf maps a domain error code to an HTTP status for the plain HTTP
// routes (the GraphQL ones answer 200 with extensions.code).
func statusOf(code string) int {
	switch code {
	case apperr.CodeUnauthenticated:
		return http.StatusUnauthorized
	case apperr.CodeForbidden:
		return http.StatusForbidden
	case apperr.CodeNotFound:
		return http.StatusNotFound
	case apperr.CodeBadUserInput:
		return http.StatusBadRequest
	}
	return http.StatusInternalServerError
}

// reportExport answers /events/{id}/report.csv and .xlsx: the organiser's
// report of an event, for the trade office (bearer token).
func reportExport(db *store.DB, clock func() time.Time, log *slog.Logger, format string) http.HandlerFunc {
	return func(w http.ResponseWriter, r *http.Request) {
		id, err := strconv.Atoi(chi.URLParam(r, "id"))
		if err != nil {
			writeError(w, r, http.StatusNotFound, apperr.CodeNotFound, "no such event")
			return
		}
		rep, err := fair.BuildReport(r.Context(), db.Client, id, clock())
		if err != nil {
			code := apperr.CodeOf(err)
			if code == "" {
				log.ErrorContext(r.Context(), "event report", "request_id", requestid.From(r.Context()), "err", err.Error())
				writeError(w, r, http.StatusInternalServerError, apperr.CodeInternal, "cannot build the report now")
				return
			}
			writeError(w, r, statusOf(code), code, err.Error())
			return
		}
		var body []byte
		ctype := "text/csv; charset=utf-8"
		if format == "xlsx" {
			body, err = rep.XLSX()
			ctype = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
		} else {
			body, err = rep.CSV()
		}
		if err != nil {
			log.ErrorContext(r.Context(), "event report export", "request_id", requestid.From(r.Context()), "err", err.Error())
			writeError(w, r, http.StatusInternalServerError, apperr.CodeInternal, "cannot build the report now")
			return
		}
		w.Header().Set("Content-Type", ctype)
		w.Header().Set("Content-Disposition", `attachment; filename="event-`+strconv.Itoa(id)+`-report.`+format+`"`)
		w.Header().Set("Cache-Control", "private, no-store")
		_, _ = w.Write(body)
	}
}

// agendaFeed answers /events/{id}/agenda/{token}.ics (a participant's
// iCalendar feed) and .pdf (its printable agenda), and
// /events/{id}/booth/{token}.pdf (an exhibitor's booth sheet) when booth is
// set; the token in the URL is the credential (calendar clients and
// printers send no bearer token). appURL is where the QR codes point.
func agendaFeed(db *store.DB, clock func() time.Time, log *slog.Logger, appURL string, booth bool) http.HandlerFunc {
	return func(w http.ResponseWriter, r *http.Request) {
		id, err := strconv.Atoi(chi.URLParam(r, "id"))
		file := chi.URLParam(r, "file")
		token, ext, _ := strings.Cut(file, ".")
		if err != nil || token == "" || len(token) > 64 || ext != "ics" && ext != "pdf" || booth && ext != "pdf" {
			writeError(w, r, http.StatusNotFound, apperr.CodeNotFound, "no such agenda")
			return
		}
		var body []byte
		ctype := "text/calendar; charset=utf-8"
		switch ext {
		case "ics":
			body, err = fair.Agenda(r.Context(), db.Client, id, token, clock())
		default:
			var s *fair.Sheet
			if booth {
				s, err = fair.BoothSheet(r.Context(), db.Client, id, token, appURL)
			} else {
				s, err = fair.AgendaPDF(r.Context(), db.Client, id, token, appURL)
			}
			if err == nil {
				body, ctype = s.PDF, "application/pdf"
			}
		}
		if err != nil {
			if code := apperr.CodeOf(err); code != "" {
				writeError(w, r, statusOf(code), code, err.Error())
				return
			}
			log.ErrorContext(r.Context(), "agenda", "request_id", requestid.From(r.Context()), "err", err.Error())
			writeError(w, r, http.StatusInternalServerError, apperr.CodeInternal, "cannot build the agenda now")
			return
		}
		w.Header().Set("Content-Type", ctype)
		w.Header().Set("Cache-Control", "private, max-age=300")
		if ext == "pdf" {
			name := "agenda"
			if booth {
				name = "booth"
			}
			w.Header().Set("Content-Disposition", `inline; filename="event-`+strconv.Itoa(id)+`-`+name+`.pdf"`)
		}
		_, _ = w.Write(body) //nolint:gosec // text/calendar or a PDF, not HTML
	}
}
