package server

import (
	"encoding/json"
	"errors"
	"fmt"
	"net/http"
	"time"

	"drey/cloud/store"
)

// LogEntry is one line of GET /v1/devices/{id}/logs.
type LogEntry struct {
	Seq    int64     `json:"seq"`
	Time   time.Time `json:"time"`
	Source string    `json:"source"`
	Level  string    `json:"level"`
	Text   string    `json:"text"`
}

// followPoll is how often a followed log is checked for new lines.
const followPoll = 200 * time.Millisecond

// logs returns a device's recent log lines as JSON or, with ?follow=1,
// streams them as Server-Sent Events: the recent lines, then each new
// one as it is stored, each event a LogEntry in JSON with the line's seq
// as its id.
func (a *API) logs(w http.ResponseWriter, r *http.Request, owner store.Owner) {
	id := r.PathValue("id")
	if _, err := a.Store.DeviceForOwner(r.Context(), owner.ID, id); err != nil {
		if errors.Is(err, store.ErrNotFound) {
			httpError(w, http.StatusNotFound, "device not found")
			return
		}
		httpError(w, http.StatusInternalServerError, err.Error())
		return
	}
	lines, err := a.Store.Logs(r.Context(), owner.ID, id, time.Time{}, 1000)
	if err != nil {
		httpError(w, http.StatusInternalServerError, err.Error())
		return
	}
	if r.URL.Query().Get("follow") == "" {
		out := []LogEntry{}
		for _, l := range lines {
			out = append(out, entry(l))
		}
		writeJSON(w, http.StatusOK, out)
		return
	}
	flusher, ok := w.(http.Flusher)
	if !ok {
		httpError(w, http.StatusInternalServerError, "streaming not supported")
		return
	}
	w.Header().Set("Content-Type", "text/event-stream")
	w.Header().Set("Cache-Control", "no-cache")
	w.WriteHeader(http.StatusOK)
	var last int64
	var since time.Time
	send := func(ls []store.LogLine) error {
		for _, l := range ls {
			if l.Seq <= last {
				continue
			}
			last, since = l.Seq, l.Time
			b, _ := json.Marshal(entry(l))
			if _, err := fmt.Fprintf(w, "id: %d\nevent: log\ndata: %s\n\n", l.Seq, b); err != nil {
				return err
			}
		}
		flusher.Flush()
		return nil
	}
	if send(lines) != nil {
		return
	}
	t := time.NewTicker(followPoll)
	defer t.Stop()
	for {
		select {
		case <-r.Context().Done():
			return
		case <-t.C:
		}
		ls, err := a.Store.Logs(r.Context(), owner.ID, id, since, 0)
		if err != nil || send(ls) != nil {
			return
		}
	}
}

func entry(l store.LogLine) LogEntry {
	return LogEntry{Seq: l.Seq, Time: l.Time, Source: string(l.Source), Level: string(l.Level), Text: l.Text}
}
