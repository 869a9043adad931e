package server

import (
	"bytes"
	"context"
	"crypto"
	"crypto/ed25519"
	"crypto/rand"
	"encoding/json"
	"log/slog"
	"net/http"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"drey/device/link"
	"drey/device/sim"
	"drey/image/trust"
)

func api(t *testing.T, method, url, token string, body any) (int, []byte) {
	t.Helper()
	var rd *bytes.Reader
	if body != nil {
		b, _ := json.Marshal(body)
		rd = bytes.NewReader(b)
	} else {
		rd = bytes.NewReader(nil)
	}
	req, _ := http.NewRequest(method, url, rd)
	req.Header.Set("Authorization", "Bearer "+token)
	resp, err := http.DefaultClient.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	defer resp.Body.Close()
	var buf bytes.Buffer
	buf.ReadFrom(resp.Body)
	return resp.StatusCode, buf.Bytes()
}

// The service end to end on its embedded defaults: initialise, enroll a
// device at the factory, connect it, deploy code through the API (a
// compile error deploys nothing and names file:line:col), read its logs;
// another owner's token sees none of it (REQ-SEP-5, REQ-SEP-3, REQ-OWN-1).
func TestService(t *testing.T) {
	ctx, cancel := context.WithCancel(context.Background())
	defer cancel()
	dir := t.TempDir()
	d, err := OpenData(filepath.Join(dir, "data"))
	if err != nil {
		t.Fatal(err)
	}
	defer d.Close()
	token, err := d.Init(ctx, "pass phrase", []string{"127.0.0.1"})
	if err != nil || token == "" {
		t.Fatalf("init: %q %v", token, err)
	}
	if again, err := d.Init(ctx, "pass phrase", []string{"127.0.0.1"}); err != nil || again != "" {
		t.Fatalf("second init: %q %v", again, err)
	}
	publishSupport(t, d, "imp001")
	creds, err := d.Enroll(ctx, "pass phrase", "imp001", "default", filepath.Join(dir, "dev1"))
	if err != nil {
		t.Fatal(err)
	}
	addrs := make(chan Addrs, 1)
	go Run(ctx, d, Config{GatewayAddr: "127.0.0.1:0", HTTPAddr: "127.0.0.1:0", Log: slog.New(slog.DiscardHandler), Ready: func(a Addrs) { addrs <- a }})
	a := <-addrs
	base := "http://" + a.HTTP.String()

	_, rootKey, _ := ed25519.GenerateKey(rand.Reader)
	_, rel, _ := ed25519.GenerateKey(rand.Reader)
	r, _ := trust.NewRoot(trust.Spec{Expires: time.Now().Add(time.Hour), RootKeys: []crypto.PublicKey{rootKey.Public()}, RootThreshold: 1, ReleaseKeys: []crypto.PublicKey{rel.Public()}, ReleaseThreshold: 1})
	root, _ := r.Sign(rootKey)
	dev, err := sim.Open(sim.Config{Model: "imp001", Root: root, Memory: true})
	if err != nil {
		t.Fatal(err)
	}
	l, err := link.Dial(ctx, a.Gateway.String(), "127.0.0.1", creds, dev.Boot)
	if err != nil {
		t.Fatal(err)
	}
	go l.Run(ctx)

	code, body := api(t, "POST", base+"/v1/deploy", token, DeployRequest{DeviceCode: "local x = \n)", DeviceFile: "app.device.nut"})
	if code != http.StatusUnprocessableEntity || !strings.Contains(string(body), "app.device.nut:2:1") {
		t.Fatalf("compile error: %d %s", code, body)
	}
	code, body = api(t, "POST", base+"/v1/deploy", token, DeployRequest{DeviceCode: `server.log("hi")`})
	if code != http.StatusCreated {
		t.Fatalf("deploy: %d %s", code, body)
	}
	var dr DeployResponse
	json.Unmarshal(body, &dr)
	if dr.Version != 1 || dr.Pushed > 1 { // 0 if the link registered after the push: it gets the code on registering
		t.Fatalf("deploy response %+v (the compile error must not have made a version)", dr)
	}
	select {
	case id := <-l.Deployed:
		if id != dr.ID {
			t.Fatalf("device got %s", id)
		}
	case <-time.After(5 * time.Second):
		t.Fatal("the deployment never reached the device")
	}
	var logs []LogEntry
	for i := 0; i < 100; i++ {
		_, body = api(t, "GET", base+"/v1/devices/"+creds.DeviceID+"/logs", token, nil)
		json.Unmarshal(body, &logs)
		if strings.Contains(string(body), "deployed "+dr.ID) {
			break
		}
		time.Sleep(20 * time.Millisecond)
	}
	if !strings.Contains(string(body), "deployed "+dr.ID) {
		t.Fatalf("logs: %s", body)
	}

	// Another owner.
	other, err := d.Store.CreateOwner(ctx, "mallory")
	if err != nil {
		t.Fatal(err)
	}
	_, otherToken, _ := d.Store.CreateToken(ctx, other.ID, "t")
	if code, _ := api(t, "GET", base+"/v1/devices/"+creds.DeviceID+"/logs", otherToken, nil); code != http.StatusNotFound {
		t.Fatalf("another owner read the logs: %d", code)
	}
	if code, body := api(t, "GET", base+"/v1/devices", otherToken, nil); code != http.StatusOK || string(bytes.TrimSpace(body)) != "[]" {
		t.Fatalf("another owner lists: %d %s", code, body)
	}
	if code, _ := api(t, "POST", base+"/v1/deploy", otherToken, DeployRequest{Group: "default", DeviceCode: `server.log("pwned")`}); code != http.StatusNotFound {
		t.Fatalf("another owner deployed to the default group: %d", code)
	}
	if code, _ := api(t, "GET", base+"/v1/devices", "not-a-token", nil); code != http.StatusUnauthorized {
		t.Fatalf("bad token: %d", code)
	}
}
