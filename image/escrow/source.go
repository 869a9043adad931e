package escrow

// The source code goes into a package as a git bundle: one file holding
// every branch and tag with their whole history, which `git clone
// source.bundle` turns back into a repository. git itself makes it, run
// from PATH; a build without git, or a source directory that is not a
// checkout, gets ErrNoSource, and Seal says so rather than pretend.

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"os/exec"
	"path/filepath"
	"strings"
)

// Source describes the source code bundled into a package.
type Source struct {
	Dir    string // the checkout it was bundled from
	Commit string // its HEAD when bundled
	// Dirty is set when the work tree had changes in no commit: they are
	// not in the bundle.
	Dirty bool
}

// bundleSource writes a git bundle of every ref of the checkout at dir to
// the file out.
func bundleSource(ctx context.Context, dir, out string) (*Source, error) {
	git, err := exec.LookPath("git")
	if err != nil {
		return nil, fmt.Errorf("escrow: source %s: git is not installed (%v): %w", dir, err, ErrNoSource)
	}
	abs, err := filepath.Abs(out)
	if err != nil {
		return nil, err
	}
	run := func(args ...string) (string, error) {
		cmd := exec.CommandContext(ctx, git, append([]string{"-C", dir}, args...)...)
		var stdout, stderr bytes.Buffer
		cmd.Stdout, cmd.Stderr = &stdout, &stderr
		if err := cmd.Run(); err != nil {
			msg := strings.TrimSpace(stderr.String())
			if i := strings.IndexByte(msg, '\n'); i >= 0 {
				msg = msg[:i]
			}
			var exit *exec.ExitError
			if errors.As(err, &exit) && msg != "" {
				return "", fmt.Errorf("git %s: %s", args[0], msg)
			}
			return "", fmt.Errorf("git %s: %w", args[0], err)
		}
		return strings.TrimSpace(stdout.String()), nil
	}
	commit, err := run("rev-parse", "--verify", "HEAD")
	if err != nil {
		return nil, fmt.Errorf("escrow: source %s is not a git checkout with a commit (%v): %w", dir, err, ErrNoSource)
	}
	status, err := run("status", "--porcelain")
	if err != nil {
		return nil, fmt.Errorf("escrow: source %s: %v: %w", dir, err, ErrNoSource)
	}
	if _, err := run("bundle", "create", abs, "--all"); err != nil {
		return nil, fmt.Errorf("escrow: source %s: %v: %w", dir, err, ErrNoSource)
	}
	return &Source{Dir: dir, Commit: commit, Dirty: status != ""}, nil
}
