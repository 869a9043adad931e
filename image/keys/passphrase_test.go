package keys

import (
	"errors"
	"io"
	"strings"
	"testing"
)

func TestPassphrase(t *testing.T) {
	long := strings.Repeat("x", maxPassphrase+1) + "\n"
	tests := []struct {
		name, env, input string
		want             string
		wantErr          error // nil: no error; errAny: some error
		prompted         bool
		left             string // unread input
	}{
		{"environment", "from env", "typed\n", "from env", nil, false, "typed\n"},
		{"typed", "", "typed pass\nnext line\n", "typed pass", nil, true, "next line\n"},
		{"CRLF", "", "typed\r\n", "typed", nil, true, ""},
		{"no newline", "", "typed", "typed", nil, true, ""},
		{"spaces kept", "", " a b \n", " a b ", nil, true, ""},
		{"empty line", "", "\nmore", "", ErrEmptyPassphrase, true, "more"},
		{"no input", "", "", "", ErrEmptyPassphrase, true, ""},
		{"too long", "", long, "", errAny, true, ""},
	}
	for _, tt := range tests {
		var prompt strings.Builder
		in := strings.NewReader(tt.input)
		getenv := func(k string) string {
			if k == PassphraseEnv {
				return tt.env
			}
			return "other"
		}
		got, err := Passphrase(getenv, &prompt, in)
		switch {
		case tt.wantErr == nil && err != nil:
			t.Errorf("%s: %v", tt.name, err)
		case tt.wantErr == errAny && err == nil, tt.wantErr != nil && tt.wantErr != errAny && !errors.Is(err, tt.wantErr):
			t.Errorf("%s: error %v, want %v", tt.name, err, tt.wantErr)
		case got != tt.want:
			t.Errorf("%s: got %q, want %q", tt.name, got, tt.want)
		}
		if (prompt.Len() > 0) != tt.prompted {
			t.Errorf("%s: prompt %q", tt.name, prompt.String())
		}
		if rest, _ := io.ReadAll(in); tt.left != "" && string(rest) != tt.left {
			t.Errorf("%s: left %q unread, want %q", tt.name, rest, tt.left)
		}
	}
}

var errAny = errors.New("any error")

type failingReader struct{}

func (failingReader) Read([]byte) (int, error) { return 0, errors.New("terminal gone") }

func TestPassphraseReadError(t *testing.T) {
	_, err := Passphrase(func(string) string { return "" }, io.Discard, failingReader{})
	if err == nil || !strings.Contains(err.Error(), "terminal gone") {
		t.Errorf("got %v, want the read error", err)
	}
}
