package imp_test

import (
	"context"
	"io"
	"net/http"
	"net/http/httptest"
	"net/netip"
	"strings"
	"testing"
	"time"

	"drey/cloud/egress"
	"drey/imp"
)

func agent(t *testing.T, client *http.Client, src string) (*imp.Runtime, *strings.Builder) {
	t.Helper()
	var out strings.Builder
	r := imp.New(imp.Config{Kind: imp.Agent, Log: &out, Err: &out, HTTP: client, AgentURL: "https://agents.example/abc"})
	if err := r.Run(context.Background(), "agent.nut", []byte(src)); err != nil {
		t.Fatalf("%v\n%s", err, out.String())
	}
	return r, &out
}

// http.onrequest sees the request and answers with headers and status.
func TestAgentOnRequest(t *testing.T) {
	r, out := agent(t, nil, `
http.onrequest(function(req, res) {
	res.header("Content-Type", "application/json")
	res.send(200, http.jsonencode({method = req.method, path = req.path, n = req.query.n, h = req.headers["x-id"], body = req.body}))
})`)
	var status int
	var hdr map[string]string
	var body string
	r.HandleRequest(context.Background(), imp.IncomingRequest{Method: "POST", Path: "/readings", Query: map[string]string{"n": "3"},
		Headers: map[string]string{"x-id": "7"}, Body: []byte("hello")}, func(s int, h map[string]string, b []byte) {
		status, hdr, body = s, h, string(b)
	})
	if status != 200 || hdr["content-type"] != "application/json" {
		t.Fatalf("status %d headers %v log %s", status, hdr, out)
	}
	for _, want := range []string{`"method":"POST"`, `"path":"/readings"`, `"n":"3"`, `"h":"7"`, `"body":"hello"`} {
		if !strings.Contains(body, want) {
			t.Errorf("body %s lacks %s", body, want)
		}
	}
}

// An agent with no handler answers 404; one whose handler throws answers
// 500 and the error goes to its log.
func TestAgentRequestErrors(t *testing.T) {
	r, _ := agent(t, nil, ``)
	var status int
	r.HandleRequest(context.Background(), imp.IncomingRequest{Method: "GET", Path: "/"}, func(s int, _ map[string]string, _ []byte) { status = s })
	if status != 404 {
		t.Errorf("no handler: status %d", status)
	}
	r, out := agent(t, nil, `http.onrequest(function(req, res) { local x = req.nothere })`)
	r.HandleRequest(context.Background(), imp.IncomingRequest{Method: "GET", Path: "/"}, func(s int, _ map[string]string, _ []byte) { status = s })
	if status != 500 || !strings.Contains(out.String(), "the index 'nothere' does not exist") {
		t.Errorf("throwing handler: status %d log %s", status, out)
	}
}

// Outbound requests reach a public server (the test allows loopback the
// way an operator allows an internal API), synchronously and
// asynchronously; by default loopback is refused (REQ-SEP-6).
func TestAgentOutbound(t *testing.T) {
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		b, _ := io.ReadAll(r.Body)
		w.Header().Set("X-Seen", r.Method+" "+r.Header.Get("X-Key"))
		w.Write([]byte("echo:" + string(b)))
	}))
	defer srv.Close()
	allow := egress.NewClient(egress.Policy{Allow: []netip.Prefix{netip.MustParsePrefix("127.0.0.0/8")}})
	r, out := agent(t, allow, `
local res = http.post("`+srv.URL+`", {"X-Key": "k1"}, "body1").sendsync()
server.log(res.statuscode + " " + res.body + " " + res.headers["x-seen"])
http.get("`+srv.URL+`").sendasync(function(res) { server.log("async " + res.statuscode + " " + res.headers["x-seen"]) })
`)
	r.Drain(context.Background())
	waitFor(t, r, out, "async 200 GET")
	if !strings.Contains(out.String(), "[Agent] 200 echo:body1 POST k1\n") {
		t.Errorf("log:\n%s", out)
	}

	_, out = agent(t, egress.NewClient(egress.Policy{}), `
local res = http.get("`+srv.URL+`").sendsync()
server.log(res.statuscode + " " + res.body)`)
	if !strings.Contains(out.String(), "[Agent] 7 ") || !strings.Contains(out.String(), "loopback 127.0.0.0/8") {
		t.Errorf("loopback not refused:\n%s", out)
	}
}

// waitFor runs the event loop until the log holds want; an async HTTP
// callback arrives from another goroutine.
func waitFor(t *testing.T, r *imp.Runtime, out *strings.Builder, want string) {
	t.Helper()
	ctx, cancel := context.WithTimeout(context.Background(), 10*time.Second)
	defer cancel()
	for !strings.Contains(out.String(), want) {
		if ctx.Err() != nil {
			t.Fatalf("log never had %q:\n%s", want, out)
		}
		r.Drain(ctx)
		time.Sleep(time.Millisecond)
	}
}

// http.jsonencode/jsondecode and urlencode/urldecode round-trip.
func TestAgentCodecs(t *testing.T) {
	_, out := agent(t, nil, `
local v = http.jsondecode(http.jsonencode({a = [1, 2.5, "x", null, true]}))
server.log(v.a[0] + " " + v.a[1] + " " + v.a[2] + " " + (v.a[3] == null) + " " + v.a[4])
local q = http.urldecode(http.urlencode({k = "a b&c"}))
server.log(q.k)
server.log(http.agenturl())`)
	if out.String() != "[Agent] 1 2.5 x true true\n[Agent] a b&c\n[Agent] https://agents.example/abc\n" {
		t.Errorf("log:\n%s", out)
	}
}
