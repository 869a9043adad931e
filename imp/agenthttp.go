package imp

import (
	"context"
	"encoding/base64"
	"errors"
	"fmt"
	"sort"
	"strings"

	"drey/cloud/egress"
	"drey/squirrel"
	"drey/squirrel/lib"
	"drey/squirrel/msg"
)

// MaxHTTPInFlight bounds an agent's outbound requests waiting for their
// sendasync callback; beyond it a request fails at once.
const MaxHTTPInFlight = 16

// MaxSaved bounds what an agent keeps with server.save, encoded.
const MaxSaved = 64 << 10

// Status codes below 100 report a request that got no HTTP response, as
// the imp's agents see them (libcurl's numbers).
const (
	statusCouldNotConnect = 7  // refused, blocked, or unreachable
	statusTimeout         = 28 // the request timed out
	statusTooLarge        = 63 // the response was over the size limit
	statusBadRequest      = 3  // the request itself was malformed
)

// Storage keeps an agent's server.save data across restarts.
type Storage interface {
	Save(data []byte) error
	Load() ([]byte, error)
}

// agentHTTP is an agent's http state.
type agentHTTP struct {
	onRequest *callback
	inFlight  int
	reqDeleg  *squirrel.Table // methods of an outbound request
	respDeleg *squirrel.Table // methods of an incoming request's response
}

// outbound is an outbound request built by http.get and friends.
type outbound struct {
	req  egress.Request
	sent bool
}

func (r *Runtime) installHTTP() {
	t := r.table("http")
	for _, m := range []struct {
		name, method string
		body         bool
	}{{"get", "GET", false}, {"post", "POST", true}, {"put", "PUT", true}, {"httpdelete", "DELETE", false}, {"patch", "PATCH", true}} {
		m := m
		n := 3
		if m.body {
			n = 4
		}
		r.fn(t, m.name, -2, func(vm *squirrel.VM, a []squirrel.Value) (squirrel.Value, error) {
			if len(a) > n {
				return squirrel.Null, vm.Errorf("wrong number of parameters")
			}
			args := make([]squirrel.Value, 4)
			copy(args, a)
			if !m.body {
				args[3] = squirrel.Null
			}
			return r.newRequest(vm, m.method, args[1], args[2], args[3])
		})
	}
	r.fn(t, "request", -3, func(vm *squirrel.VM, a []squirrel.Value) (squirrel.Value, error) {
		method, err := vm.StringArg(a, 1)
		if err != nil {
			return squirrel.Null, err
		}
		args := make([]squirrel.Value, 5)
		copy(args, a)
		return r.newRequest(vm, strings.ToUpper(method), args[2], args[3], args[4])
	})
	r.fn(t, "onrequest", 2, r.setHandler(&r.web.onRequest))
	r.fn(t, "agenturl", 1, func(vm *squirrel.VM, a []squirrel.Value) (squirrel.Value, error) {
		return vm.Str(r.cfg.AgentURL), nil
	})
	r.fn(t, "jsonencode", -2, func(vm *squirrel.VM, a []squirrel.Value) (squirrel.Value, error) {
		s, err := egress.EncodeJSON(a[1])
		if err != nil {
			return squirrel.Null, vm.Errorf("http.jsonencode: %v", err)
		}
		return vm.Str(s), nil
	})
	r.fn(t, "jsondecode", 2, func(vm *squirrel.VM, a []squirrel.Value) (squirrel.Value, error) {
		s, err := vm.StringArg(a, 1)
		if err != nil {
			return squirrel.Null, err
		}
		v, err := egress.DecodeJSON(vm, s)
		if err != nil {
			return squirrel.Null, vm.Errorf("http.jsondecode: %v", err)
		}
		return v, nil
	})
	r.fn(t, "urlencode", 2, func(vm *squirrel.VM, a []squirrel.Value) (squirrel.Value, error) {
		tb := a[1].Table()
		if tb == nil {
			return squirrel.Null, vm.ArgError(1, a[1], "table")
		}
		s, err := egress.URLEncode(tb)
		if err != nil {
			return squirrel.Null, vm.Errorf("http.urlencode: %v", err)
		}
		return vm.Str(s), nil
	})
	r.fn(t, "urldecode", 2, func(vm *squirrel.VM, a []squirrel.Value) (squirrel.Value, error) {
		s, err := vm.StringArg(a, 1)
		if err != nil {
			return squirrel.Null, err
		}
		v, err := egress.URLDecode(vm, s)
		if err != nil {
			return squirrel.Null, vm.Errorf("http.urldecode: %v", err)
		}
		return v, nil
	})
	r.fn(t, "base64encode", 2, func(vm *squirrel.VM, a []squirrel.Value) (squirrel.Value, error) {
		b, err := bytesArg(vm, a, 1)
		if err != nil {
			return squirrel.Null, err
		}
		return vm.Str(base64.StdEncoding.EncodeToString(b)), nil
	})
	r.fn(t, "base64decode", 2, func(vm *squirrel.VM, a []squirrel.Value) (squirrel.Value, error) {
		s, err := vm.StringArg(a, 1)
		if err != nil {
			return squirrel.Null, err
		}
		b, err := base64.StdEncoding.DecodeString(s)
		if err != nil {
			return squirrel.Null, vm.Errorf("http.base64decode: %v", err)
		}
		return lib.BlobBytes(vm, b), nil
	})
	r.installRequestMethods()
	r.installResponseMethods()
	r.installSave()
}

// newRequest builds an outbound request object; nothing is sent until
// sendsync or sendasync.
func (r *Runtime) newRequest(vm *squirrel.VM, method string, url, headers, body squirrel.Value) (squirrel.Value, error) {
	u, ok := url.AsString()
	if !ok {
		return squirrel.Null, vm.Errorf("http request: the URL must be a string, not %s", url.Kind())
	}
	req := egress.Request{Method: method, URL: u, Headers: map[string]string{}}
	if !headers.IsNull() {
		ht := headers.Table()
		if ht == nil {
			return squirrel.Null, vm.Errorf("http request: headers must be a table, not %s", headers.Kind())
		}
		for pos := 0; ; {
			k, v, next, ok := ht.Next(pos)
			if !ok {
				break
			}
			pos = next
			ks, err := vm.ToString(k)
			if err != nil {
				return squirrel.Null, err
			}
			vs, err := vm.ToString(v)
			if err != nil {
				return squirrel.Null, err
			}
			req.Headers[ks] = vs
		}
	}
	if !body.IsNull() {
		if s, ok := body.AsString(); ok {
			req.Body = []byte(s)
		} else if b := blobBytes(body); b != nil {
			req.Body = b
		} else {
			return squirrel.Null, vm.Errorf("http request: the body must be a string or blob, not %s", body.Kind())
		}
	}
	return squirrel.ObjectValue(squirrel.NewUserData(&outbound{req: req}, r.web.reqDeleg, "httprequest")), nil
}

func (r *Runtime) installRequestMethods() {
	d := r.vm.NewTable(4)
	r.web.reqDeleg = d
	r.vm.Pin(squirrel.TableValue(d))
	self := func(vm *squirrel.VM, a []squirrel.Value) (*outbound, error) {
		if u := a[0].UserData(); u != nil {
			if o, ok := u.Data.(*outbound); ok {
				if o.sent {
					return nil, vm.Errorf("http request already sent")
				}
				o.sent = true
				return o, nil
			}
		}
		return nil, vm.ArgError(0, a[0], "httprequest")
	}
	r.fn(d, "sendsync", 1, func(vm *squirrel.VM, a []squirrel.Value) (squirrel.Value, error) {
		o, err := self(vm, a)
		if err != nil {
			return squirrel.Null, err
		}
		resp, err := r.do(r.ctx, o.req)
		return r.responseTable(resp, err), nil
	})
	r.fn(d, "sendasync", -2, func(vm *squirrel.VM, a []squirrel.Value) (squirrel.Value, error) {
		if !squirrel.IsCallable(a[1]) {
			return squirrel.Null, vm.ArgError(1, a[1], "function")
		}
		o, err := self(vm, a)
		if err != nil {
			return squirrel.Null, err
		}
		cb := r.newCallback(a[1])
		if r.web.inFlight >= MaxHTTPInFlight {
			err := fmt.Errorf("more than %d requests in flight", MaxHTTPInFlight)
			r.post(func(ctx context.Context) { r.invoke(ctx, &cb, r.responseTable(egress.Response{}, err)) })
			return squirrel.Null, nil
		}
		r.web.inFlight++
		go func() {
			resp, err := r.do(context.Background(), o.req)
			r.post(func(ctx context.Context) {
				r.web.inFlight--
				r.invoke(ctx, &cb, r.responseTable(resp, err))
			})
		}()
		return squirrel.Null, nil
	})
}

// do sends a request with the operator's client.
func (r *Runtime) do(ctx context.Context, req egress.Request) (egress.Response, error) {
	if r.cfg.HTTP == nil {
		return egress.Response{}, errors.New("outbound HTTP is not enabled")
	}
	if ctx == nil {
		ctx = context.Background()
	}
	return egress.Do(ctx, r.cfg.HTTP, req)
}

// responseTable is what sendsync returns and sendasync's callback gets:
// {statuscode, headers, body}; a request that got no response has a
// status code below 100 and the reason as its body.
func (r *Runtime) responseTable(resp egress.Response, err error) squirrel.Value {
	vm := r.vm
	t := vm.NewTable(4)
	h := vm.NewTable(len(resp.Headers))
	status, body := resp.Status, string(resp.Body)
	if err != nil {
		status, body = statusCouldNotConnect, err.Error()
		switch {
		case errors.Is(err, egress.ErrTimeout):
			status = statusTimeout
		case errors.Is(err, egress.ErrResponseTooLarge):
			status = statusTooLarge
		case errors.Is(err, egress.ErrBadRequest), errors.Is(err, egress.ErrRequestTooLarge):
			status = statusBadRequest
		}
	}
	keys := make([]string, 0, len(resp.Headers))
	for k := range resp.Headers {
		keys = append(keys, k)
	}
	sort.Strings(keys)
	for _, k := range keys {
		h.NewSlot(vm.Str(k), vm.Str(resp.Headers[k]))
	}
	t.NewSlot(vm.Str("statuscode"), squirrel.Int(int32(status)))
	t.NewSlot(vm.Str("headers"), squirrel.TableValue(h))
	t.NewSlot(vm.Str("body"), vm.Str(body))
	return squirrel.TableValue(t)
}

// IncomingRequest is a request to an agent's URL.
type IncomingRequest struct {
	Method  string
	Path    string // below the agent's URL, starting with "/"
	Query   map[string]string
	Headers map[string]string // lower-case names
	Body    []byte
}

// Respond delivers an agent's answer to an incoming request.
type Respond func(status int, headers map[string]string, body []byte)

// incoming is the response object of one incoming request.
type incoming struct {
	headers map[string]string
	respond Respond
	sent    bool
}

// NoHandlerStatus is the status of a request to an agent whose code has
// registered no http.onrequest handler.
const NoHandlerStatus = 404

// HandleRequest runs the agent's http.onrequest handler for req. The
// handler answers with response.send, now or later; respond is called
// exactly once if it does, on the loop's goroutine. If the code has no
// handler, or the handler throws before answering, HandleRequest answers
// itself (404, 500). It must run on the loop's goroutine.
func (r *Runtime) HandleRequest(ctx context.Context, req IncomingRequest, respond Respond) {
	if r.web.onRequest == nil {
		respond(NoHandlerStatus, nil, []byte("no http.onrequest handler\n"))
		return
	}
	vm := r.vm
	t := vm.NewTable(6)
	t.NewSlot(vm.Str("method"), vm.Str(req.Method))
	t.NewSlot(vm.Str("path"), vm.Str(req.Path))
	t.NewSlot(vm.Str("query"), stringTable(vm, req.Query))
	t.NewSlot(vm.Str("headers"), stringTable(vm, req.Headers))
	t.NewSlot(vm.Str("body"), vm.Str(string(req.Body)))
	in := &incoming{headers: map[string]string{}, respond: respond}
	resp := squirrel.ObjectValue(squirrel.NewUserData(in, r.web.respDeleg, "httpresponse"))
	_, err := vm.Call(ctx, r.web.onRequest.fn, r.web.onRequest.this, squirrel.TableValue(t), resp)
	r.report(err)
	if err != nil && !in.sent {
		in.sent = true
		respond(500, nil, []byte("agent error\n"))
	}
}

func stringTable(vm *squirrel.VM, m map[string]string) squirrel.Value {
	keys := make([]string, 0, len(m))
	for k := range m {
		keys = append(keys, k)
	}
	sort.Strings(keys)
	t := vm.NewTable(len(m))
	for _, k := range keys {
		t.NewSlot(vm.Str(k), vm.Str(m[k]))
	}
	return squirrel.TableValue(t)
}

func (r *Runtime) installResponseMethods() {
	d := r.vm.NewTable(2)
	r.web.respDeleg = d
	r.vm.Pin(squirrel.TableValue(d))
	self := func(vm *squirrel.VM, a []squirrel.Value) (*incoming, error) {
		if u := a[0].UserData(); u != nil {
			if in, ok := u.Data.(*incoming); ok {
				return in, nil
			}
		}
		return nil, vm.ArgError(0, a[0], "httpresponse")
	}
	r.fn(d, "header", 3, func(vm *squirrel.VM, a []squirrel.Value) (squirrel.Value, error) {
		in, err := self(vm, a)
		if err != nil {
			return squirrel.Null, err
		}
		k, err := vm.StringArg(a, 1)
		if err != nil {
			return squirrel.Null, err
		}
		v, err := vm.ToString(a[2])
		if err != nil {
			return squirrel.Null, err
		}
		if strings.ContainsAny(k+v, "\r\n") || k == "" {
			return squirrel.Null, vm.Errorf("response.header: invalid header %q", k)
		}
		in.headers[strings.ToLower(k)] = v
		return squirrel.Null, nil
	})
	r.fn(d, "send", 3, func(vm *squirrel.VM, a []squirrel.Value) (squirrel.Value, error) {
		in, err := self(vm, a)
		if err != nil {
			return squirrel.Null, err
		}
		code, err := vm.IntArg(a, 1)
		if err != nil {
			return squirrel.Null, err
		}
		if code < 100 || code > 599 {
			return squirrel.Null, vm.Errorf("response.send: invalid status code %d", code)
		}
		var body []byte
		if s, ok := a[2].AsString(); ok {
			body = []byte(s)
		} else if b := blobBytes(a[2]); b != nil {
			body = b
		} else {
			s, err := vm.ToString(a[2])
			if err != nil {
				return squirrel.Null, err
			}
			body = []byte(s)
		}
		if in.sent {
			return squirrel.Null, vm.Errorf("response.send: the response was already sent")
		}
		in.sent = true
		in.respond(int(code), in.headers, body)
		return squirrel.Null, nil
	})
}

// installSave adds server.save and server.load to an agent.
func (r *Runtime) installSave() {
	srv, _ := r.vm.Root().GetStr("server")
	st := srv.Table()
	r.fn(st, "save", 2, func(vm *squirrel.VM, a []squirrel.Value) (squirrel.Value, error) {
		if a[1].Table() == nil {
			return squirrel.Null, vm.ArgError(1, a[1], "table")
		}
		data, err := msg.Encode(a[1], MaxSaved)
		if err != nil {
			return squirrel.Null, vm.Errorf("server.save: %v", err)
		}
		if r.cfg.Storage == nil {
			r.saved = data
			return squirrel.Int(0), nil
		}
		if err := r.cfg.Storage.Save(data); err != nil {
			return squirrel.Null, vm.Errorf("server.save: %v", err)
		}
		return squirrel.Int(0), nil
	})
	r.fn(st, "load", 1, func(vm *squirrel.VM, a []squirrel.Value) (squirrel.Value, error) {
		data := r.saved
		if r.cfg.Storage != nil {
			d, err := r.cfg.Storage.Load()
			if err != nil {
				return squirrel.Null, vm.Errorf("server.load: %v", err)
			}
			data = d
		}
		if len(data) == 0 {
			return squirrel.TableValue(vm.NewTable(0)), nil
		}
		v, err := msg.Decode(vm, data)
		if err != nil {
			return squirrel.Null, vm.Errorf("server.load: stored data: %v", err)
		}
		return v, nil
	})
}

// blobBytes returns a blob's bytes, or nil if v is not a blob.
func blobBytes(v squirrel.Value) []byte {
	if b := lib.BlobOf(v); b != nil {
		return b.Bytes()
	}
	return nil
}
