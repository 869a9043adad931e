package main

import (
	"fmt"
	"io"
	"text/tabwriter"
	"time"

	"drey/cloud/server"
)

// parseConfirmed reads --confirmed: a date (midnight UTC) or an RFC 3339
// time; "" is the zero time, which the service takes as now.
func parseConfirmed(s string) (time.Time, error) {
	if s == "" {
		return time.Time{}, nil
	}
	if t, err := time.Parse(time.DateOnly, s); err == nil {
		return t, nil
	}
	t, err := time.Parse(time.RFC3339, s)
	if err != nil {
		return time.Time{}, fmt.Errorf("--confirmed %q: want YYYY-MM-DD or an RFC 3339 time", s)
	}
	return t, nil
}

// day formats a time as a date.
func day(t time.Time) string { return t.UTC().Format(time.DateOnly) }

// printAdvisories prints advisories with their fix targets and status.
func printAdvisories(w io.Writer, as []server.AdvisoryInfo) {
	tw := tabwriter.NewWriter(w, 0, 8, 2, ' ', 0)
	fmt.Fprintln(tw, "ID\tSEVERITY\tMODEL\tAFFECTED\tFIXED\tCONFIRMED\tTARGET\tSTATUS\tEXPOSED\tSUMMARY")
	for _, a := range as {
		target := "none"
		if a.Target != nil {
			target = day(*a.Target)
		}
		fmt.Fprintf(tw, "%s\t%s\t%s\t%s\t%s\t%s\t%s\t%s\t%d\t%s\n", a.ID, a.Severity, a.Model, a.Affected, a.Fixed, day(a.Confirmed), target, a.Status, a.Exposed, a.Summary)
	}
	tw.Flush()
}

// targetLine says how an advisory's exposure stands against its fix
// target (REQ-VULN-5).
func targetLine(x server.Exposure) string {
	s := fmt.Sprintf("confirmed %s, %d day(s) ago; ", day(x.Confirmed), x.DaysSinceConfirmed)
	if x.Target == nil {
		s += "no fix target"
	} else {
		s += "fix target " + day(*x.Target)
	}
	switch x.Status {
	case "fixed":
		s += "; fixed: no supported device affected"
	case "overdue":
		s += fmt.Sprintf("; OVERDUE: %d supported device(s) still affected", x.Supported)
	default:
		s += fmt.Sprintf("; open: %d supported device(s) still affected", x.Supported)
	}
	return s
}
