package demo

import (
	"context"
	"errors"
	"fmt"
	"io"
	"time"

	"drey/cloud/server"
	"drey/cloud/store"
)

// demoModel is the model of the demo's imps.
const demoModel = "imp001"

// publishSupport publishes the demo model's security support period,
// five years from now, unless the data directory has one: the factory
// refuses to enrol a model before its period is published (REQ-LIFE-1),
// as an operator does with drey model support before the first sale.
func publishSupport(ctx context.Context, d *server.Data, out io.Writer) error {
	_, err := d.Store.ModelSupport(ctx, demoModel)
	if err == nil || !errors.Is(err, store.ErrNotFound) {
		return err
	}
	m, err := d.Store.SetModelSupport(ctx, store.ModelSupport{Model: demoModel, Until: store.Date(time.Now().AddDate(5, 0, 0)),
		By: "drey demo", Note: "the demo's own period: five years from its first run"})
	if err != nil {
		return fmt.Errorf("publish %s's support period: %w", demoModel, err)
	}
	fmt.Fprintf(out, "published %s's security support period: upgrades until %s (drey model support; public at GET /v1/models)\n",
		m.Model, m.Until.Format(store.DateLayout))
	return nil
}
