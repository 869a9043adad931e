package agent

import (
	"context"
	"errors"
	"io"
	"net/http"
	"strings"
	"time"

	"drey/imp"
)

// ServeHTTP serves agent URLs: a request to PREFIX/<agent id>/rest is
// handed to that agent's http.onrequest handler with path "/rest". The
// handler is mounted at a prefix with http.StripPrefix, so r.URL.Path
// starts with the agent id. An unknown agent is 404; an agent that does
// not answer within Limits.Request is 504; one whose queue is full, 503.
func (h *Host) ServeHTTP(w http.ResponseWriter, r *http.Request) {
	p := strings.TrimPrefix(r.URL.Path, "/")
	id, rest, _ := strings.Cut(p, "/")
	a := h.Lookup(id)
	if a == nil {
		http.Error(w, "no such agent", http.StatusNotFound)
		return
	}
	body, err := io.ReadAll(http.MaxBytesReader(w, r.Body, h.Limits.Body))
	if err != nil {
		var tooBig *http.MaxBytesError
		if errors.As(err, &tooBig) {
			http.Error(w, "request body too large", http.StatusRequestEntityTooLarge)
			return
		}
		http.Error(w, "reading request body: "+err.Error(), http.StatusBadRequest)
		return
	}
	req := imp.IncomingRequest{Method: r.Method, Path: "/" + rest, Query: map[string]string{}, Headers: map[string]string{}, Body: body}
	for k, v := range r.URL.Query() {
		req.Query[k] = v[0]
	}
	for k, v := range r.Header {
		req.Headers[strings.ToLower(k)] = strings.Join(v, ", ")
	}
	type answer struct {
		status  int
		headers map[string]string
		body    []byte
	}
	ch := make(chan answer, 1)
	respond := func(status int, headers map[string]string, body []byte) {
		hs := make(map[string]string, len(headers))
		for k, v := range headers {
			hs[k] = v
		}
		ch <- answer{status, hs, body}
	}
	if err := a.rt.Post(func(ctx context.Context) { a.rt.HandleRequest(ctx, req, respond) }); err != nil {
		http.Error(w, "agent busy", http.StatusServiceUnavailable)
		return
	}
	t := time.NewTimer(h.Limits.Request)
	defer t.Stop()
	select {
	case ans := <-ch:
		for k, v := range ans.headers {
			w.Header().Set(k, v)
		}
		w.WriteHeader(ans.status)
		w.Write(ans.body)
	case <-t.C:
		http.Error(w, "agent did not answer in time", http.StatusGatewayTimeout)
	case <-r.Context().Done():
	}
}
