package server

import (
	"context"
	"errors"
	"log/slog"
	"net"
	"net/http"
	"time"

	"drey/cloud/gateway"
)

// Addrs are where a running service listens.
type Addrs struct {
	Gateway, HTTP net.Addr
}

// Run serves the device gateway on gwAddr and the HTTP API on httpAddr
// until ctx is done, then shuts down cleanly: devices are told the server
// is going away and in-flight API requests finish. ready, if not nil, is
// called once both listen.
func Run(ctx context.Context, d *Data, gwAddr, httpAddr string, log *slog.Logger, ready func(Addrs)) error {
	tlsConf, err := d.ServerTLS()
	if err != nil {
		return err
	}
	gl, err := net.Listen("tcp", gwAddr)
	if err != nil {
		return err
	}
	hl, err := net.Listen("tcp", httpAddr)
	if err != nil {
		gl.Close()
		return err
	}
	gw := &gateway.Gateway{Store: d.Store, TLS: tlsConf, Log: log}
	api := &API{Store: d.Store, Gateway: gw}
	srv := &http.Server{Handler: api.Handler(), ReadHeaderTimeout: 10 * time.Second}
	errs := make(chan error, 2)
	go func() { errs <- gw.Serve(ctx, gl) }()
	go func() {
		if err := srv.Serve(hl); err != nil && !errors.Is(err, http.ErrServerClosed) {
			errs <- err
			return
		}
		errs <- nil
	}()
	log.Info("serving", "gateway", gl.Addr().String(), "http", hl.Addr().String())
	if ready != nil {
		ready(Addrs{Gateway: gl.Addr(), HTTP: hl.Addr()})
	}
	select {
	case <-ctx.Done():
	case err := <-errs:
		if err != nil {
			return err
		}
	}
	shut, cancel := context.WithTimeout(context.Background(), 5*time.Second)
	defer cancel()
	srv.Shutdown(shut)
	log.Info("stopped")
	return nil
}
