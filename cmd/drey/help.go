package main

import (
	"context"
	"flag"
	"fmt"
	"io"
	"strings"
	"text/tabwriter"
)

func helpCmd() *command {
	return &command{
		name:    "help",
		summary: "list the commands, or explain one",
		usage:   "[COMMAND]",
		help:    "With no argument, help lists every command with a line about it. With a command name, it prints that command's usage, description and flags.",
		setup: func(fs *flag.FlagSet, e *env) func(context.Context, []string) error {
			return func(_ context.Context, args []string) error {
				switch len(args) {
				case 0:
					printOverview(e.stdout)
					return nil
				case 1:
					c := lookup(args[0])
					if c == nil {
						return usageError{fmt.Sprintf("unknown command %q", args[0])}
					}
					printCommandHelp(e.stdout, c)
					return nil
				default:
					return usageError{"help takes at most one command name"}
				}
			}
		},
	}
}

func printOverview(w io.Writer) {
	fmt.Fprint(w, "Drey runs fleets of IoT devices: Squirrel code on simulated imps and their\ncloud agents, with signed, crash-safe platform upgrades.\n\nUsage: drey COMMAND [flags] [args]\n\nCommands:\n")
	tw := tabwriter.NewWriter(w, 0, 8, 2, ' ', 0)
	for _, c := range commands() {
		fmt.Fprintf(tw, "  %s\t%s\n", c.name, c.summary)
	}
	tw.Flush()
	fmt.Fprint(w, "\nRun 'drey help COMMAND' for a command's flags and details.\n")
}

func printCommandHelp(w io.Writer, c *command) {
	fmt.Fprintf(w, "Usage: drey %s %s\n\n%s\n", c.name, c.usage, wrap(c.help, 76))
	fs := flag.NewFlagSet(c.name, flag.ContinueOnError)
	c.setup(fs, &env{})
	hasFlags := false
	fs.VisitAll(func(*flag.Flag) { hasFlags = true })
	if hasFlags {
		fmt.Fprint(w, "\nFlags:\n")
		fs.SetOutput(w)
		fs.PrintDefaults()
	}
}

// wrap fills each blank-line-separated paragraph of s to width columns.
func wrap(s string, width int) string {
	var out strings.Builder
	for i, para := range strings.Split(s, "\n\n") {
		if i > 0 {
			out.WriteString("\n\n")
		}
		col := 0
		for _, word := range strings.Fields(para) {
			if col > 0 && col+1+len(word) > width {
				out.WriteByte('\n')
				col = 0
			} else if col > 0 {
				out.WriteByte(' ')
				col++
			}
			out.WriteString(word)
			col += len(word)
		}
	}
	return out.String()
}
