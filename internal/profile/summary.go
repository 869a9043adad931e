package profile

import (
	"fmt"
	"io"
	"text/tabwriter"
)

// WriteSummary writes a table of requirement counts by group and status.
func (p *Profile) WriteSummary(w io.Writer) error {
	groups, counts := p.Counts()
	tw := tabwriter.NewWriter(w, 0, 8, 2, ' ', tabwriter.AlignRight)
	fmt.Fprintf(tw, "group\tmet\tpartial\tplanned\t\n")
	var total [3]int
	for _, g := range groups {
		c := counts[g]
		fmt.Fprintf(tw, "REQ-%s\t%d\t%d\t%d\t\n", g, c[Met], c[Partial], c[Planned])
		total[0] += c[Met]
		total[1] += c[Partial]
		total[2] += c[Planned]
	}
	fmt.Fprintf(tw, "all\t%d\t%d\t%d\t\n", total[0], total[1], total[2])
	return tw.Flush()
}
