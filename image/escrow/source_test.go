package escrow

import (
	"context"
	"errors"
	"os"
	"path/filepath"
	"runtime"
	"strings"
	"testing"
)

// fakeGit makes PATH hold only a shell script called git whose body is
// script, and returns the file it logs its arguments to. The tests
// never run the real git.
func fakeGit(t *testing.T, script string) (log string) {
	t.Helper()
	if runtime.GOOS == "windows" {
		t.Skip("the fake git is a shell script")
	}
	sh, err := os.ReadFile("/bin/sh")
	if err != nil || len(sh) == 0 {
		t.Skip("no /bin/sh")
	}
	bin := t.TempDir()
	log = filepath.Join(bin, "log")
	if script != "" {
		body := "#!/bin/sh\necho \"$@\" >> " + log + "\n" + script
		if err := os.WriteFile(filepath.Join(bin, "git"), []byte(body), 0o755); err != nil {
			t.Fatal(err)
		}
	}
	t.Setenv("PATH", bin)
	return log
}

// The source goes in as a git bundle of every ref, made by git; its HEAD
// and uncommitted changes are reported (REQ-LIFE-4: source code and build
// instructions).
func TestSourceBundle(t *testing.T) {
	log := fakeGit(t, `case "$3" in
rev-parse) echo 0123456789abcdef0123456789abcdef01234567 ;;
status) echo " M cmd/drey/main.go" ;;
bundle) echo "fake bundle of $2" > "$5" ;;
esac
`)
	f := newFixture(t)
	src := t.TempDir()
	dir := filepath.Join(t.TempDir(), "escrow")
	spec := f.spec()
	spec.Source, spec.RequireSource = src, true
	s, err := Seal(context.Background(), dir, spec)
	if err != nil {
		t.Fatal(err)
	}
	if s.Source == nil || s.Source.Commit != "0123456789abcdef0123456789abcdef01234567" || !s.Source.Dirty || s.SourceErr != nil {
		t.Errorf("Seal reports source %+v, %v", s.Source, s.SourceErr)
	}
	calls, _ := os.ReadFile(log)
	abs, _ := filepath.Abs(filepath.Join(dir, "source.bundle"))
	want := "-C " + src + " rev-parse --verify HEAD\n-C " + src + " status --porcelain\n-C " + src + " bundle create " + abs + " --all\n"
	if string(calls) != want {
		t.Errorf("git was run as\n%s\nwant\n%s", calls, want)
	}
	if b, _ := os.ReadFile(abs); string(b) != "fake bundle of "+src+"\n" {
		t.Errorf("source.bundle holds %q", b)
	}
	p, err := Verify(dir)
	if err != nil {
		t.Fatal(err)
	}
	if !strings.Contains(string(p.Manifest.Marshal()), " source.bundle\n") {
		t.Errorf("MANIFEST does not list source.bundle:\n%s", p.Manifest.Marshal())
	}
	doc, _ := os.ReadFile(filepath.Join(dir, "BUILD.md"))
	for _, want := range []string{
		"git bundle of every branch and tag of the source, HEAD at 0123456789abcdef0123456789abcdef01234567",
		"uncommitted changes; they are not in the bundle",
		"git clone escrow/source.bundle drey-src\n",
		"(cd drey-src && git checkout 0123456789abcdef0123456789abcdef01234567 && go build -o ../drey ./cmd/drey)",
	} {
		if !strings.Contains(string(doc), want) {
			t.Errorf("BUILD.md lacks %q", want)
		}
	}
}

// Without git, or outside a checkout, Seal says so and seals the rest,
// unless the source is required.
func TestSourceMissing(t *testing.T) {
	for _, tt := range []struct {
		name, script, want string
	}{
		{"no git", "", "git is not installed"},
		{"not a checkout", "echo 'fatal: not a git repository (or any of the parent directories): .git' >&2\nexit 128\n",
			"is not a git checkout with a commit (git rev-parse: fatal: not a git repository"},
	} {
		t.Run(tt.name, func(t *testing.T) {
			fakeGit(t, tt.script)
			f := newFixture(t)
			spec := f.spec()
			spec.Source = t.TempDir()
			dir := filepath.Join(t.TempDir(), "escrow")
			s, err := Seal(context.Background(), dir, spec)
			if err != nil {
				t.Fatal(err)
			}
			if s.Source != nil || !errors.Is(s.SourceErr, ErrNoSource) || !strings.Contains(s.SourceErr.Error(), tt.want) {
				t.Errorf("source %+v, %v; want ErrNoSource with %q", s.Source, s.SourceErr, tt.want)
			}
			if _, err := Verify(dir); err != nil {
				t.Errorf("the package without source: %v", err)
			}
			doc, _ := os.ReadFile(filepath.Join(dir, "BUILD.md"))
			if !strings.Contains(string(doc), "No source: "+s.SourceErr.Error()) {
				t.Errorf("BUILD.md does not say why there is no source:\n%s", doc)
			}

			spec.RequireSource = true
			dir2 := filepath.Join(t.TempDir(), "escrow")
			if _, err := Seal(context.Background(), dir2, spec); !errors.Is(err, ErrNoSource) {
				t.Errorf("with the source required: %v", err)
			}
			if _, err := os.Stat(dir2); err == nil {
				t.Errorf("a refused seal left %s behind", dir2)
			}
		})
	}
}
