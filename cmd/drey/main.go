// Command drey is the one binary of the Drey IoT platform: the cloud
// server, the device simulator, the Squirrel tools and the offline key and
// image tools are all subcommands of it. This package only parses flags and
// wires library packages together; the logic lives in those packages.
package main

import (
	"context"
	"errors"
	"flag"
	"fmt"
	"io"
	"os"
	"os/signal"
	"syscall"
)

func main() {
	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt, syscall.SIGTERM)
	code := run(ctx, os.Args[1:], &env{stdin: os.Stdin, stdout: os.Stdout, stderr: os.Stderr, getenv: os.Getenv})
	stop()
	os.Exit(code)
}

// env is what a command may touch of the outside world, so tests can run
// commands in-process.
type env struct {
	stdin          io.Reader
	stdout, stderr io.Writer
	getenv         func(string) string
}

// command is one subcommand. setup registers the command's flags on fs and
// returns the function that runs it once fs has been parsed; help uses
// setup alone to list a command's flags.
type command struct {
	name    string
	summary string // one line, for `drey help`
	usage   string // arguments after the command name
	help    string // paragraphs, for `drey help CMD`
	setup   func(fs *flag.FlagSet, e *env) func(ctx context.Context, args []string) error
}

// reportedError is returned by a command that has already told the user
// what went wrong (a Squirrel stack trace, say); it exits with status 1
// and prints nothing more.
type reportedError struct{}

func (reportedError) Error() string { return "failed" }

// usageError is returned by a command whose arguments are wrong; it exits
// with status 2, like a flag parsing error.
type usageError struct{ msg string }

func (u usageError) Error() string { return u.msg }

// commands returns the subcommands in the order `drey help` lists them.
func commands() []*command {
	return []*command{demoCmd(), serveCmd(), factoryCmd(), deployCmd(), logsCmd(), groupCmd(), tokenCmd(), ownerCmd(), noticesCmd(), releaseCmd(), rootCmd(), rolloutCmd(), advisoryCmd(), fleetCmd(), modelCmd(), deviceCmd(), sqCmd(), keysCmd(), imageCmd(), escrowCmd(), profileCmd(), versionCmd(), helpCmd()}
}

func lookup(name string) *command {
	for _, c := range commands() {
		if c.name == name {
			return c
		}
	}
	return nil
}

// run executes the command line args and returns the process exit status:
// 0 on success, 1 when the command failed, 2 on a usage error.
func run(ctx context.Context, args []string, e *env) int {
	if len(args) == 0 {
		printOverview(e.stderr)
		return 2
	}
	name := args[0]
	if name == "-h" || name == "-help" || name == "--help" {
		name = "help"
	}
	c := lookup(name)
	if c == nil {
		fmt.Fprintf(e.stderr, "drey: unknown command %q; run 'drey help' for the list\n", args[0])
		return 2
	}
	fs := flag.NewFlagSet("drey "+c.name, flag.ContinueOnError)
	fs.SetOutput(e.stderr)
	fs.Usage = func() { printCommandHelp(e.stderr, c) }
	runner := c.setup(fs, e)
	if err := fs.Parse(args[1:]); err != nil {
		if errors.Is(err, flag.ErrHelp) {
			return 0
		}
		return 2
	}
	err := runner(ctx, fs.Args())
	var ue usageError
	switch {
	case err == nil:
		return 0
	case errors.Is(err, reportedError{}):
		return 1
	case errors.As(err, &ue):
		fmt.Fprintf(e.stderr, "drey %s: %s\nusage: drey %s %s\n", c.name, ue.msg, c.name, c.usage)
		return 2
	default:
		fmt.Fprintf(e.stderr, "drey %s: %v\n", c.name, err)
		return 1
	}
}
