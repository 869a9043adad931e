//go:build oracle

package rex

import (
	"bufio"
	"encoding/hex"
	"fmt"
	"math/rand"
	"os"
	"os/exec"
	"strings"
	"testing"
)

func goLine(p, s string, start int) (string, bool) {
	re, err := Compile(p)
	if err != nil {
		return "ERR " + err.Error(), false
	}
	ab := false
	m, err := re.MatchLimit(s, 1<<22)
	ab = ab || err != nil
	out := fmt.Sprintf("M%d", b2i(m))
	b, e, ok, err := re.SearchLimit(s, start, 1<<22)
	ab = ab || err != nil
	if ok {
		out += fmt.Sprintf(" S%d,%d", b, e)
	} else {
		out += " S-"
	}
	sp, ok, err := re.CaptureLimit(s, start, 1<<22)
	ab = ab || err != nil
	if ok {
		out += " C"
		for _, x := range sp {
			out += fmt.Sprintf("[%d,%d]", x.Begin, x.End)
		}
	} else {
		out += " C-"
	}
	return out, ab
}

func b2i(b bool) int {
	if b {
		return 1
	}
	return 0
}

var pieces = []string{"a", "b", "c", " ", "x", "(", ")", "(?:", "[", "]", "^", "-", "$", ".", "*", "+", "?", "{", "}", "{2}", "{1,}", "{0,2}", ",", "|", "\\", "\\w", "\\s", "\\S", "\\d", "\\b", "\\B", "\\m()", "\\p", "\\a", "\\n", "1", "0", "\t", "\x80", "[a-c]", "[^ab]", "a*", "(a)", "(b)*", ".*"}
var subjPieces = []string{"aaa", "ab ", "(a(b))", " x ", "a", "b", "c", "x", " ", "(", ")", "1", "2", "-", "\n", "\t", ".", "ab", "aab", "\x00", "\x80", "_", ";"}

func TestOracle(t *testing.T) {
	cmd := exec.Command("/tmp/oracle/rexoracle")
	in, _ := cmd.StdinPipe()
	outp, _ := cmd.StdoutPipe()
	if err := cmd.Start(); err != nil {
		t.Fatal(err)
	}
	rd := bufio.NewReader(outp)
	r := rand.New(rand.NewSource(int64(os.Getpid())))
	n, diffs, skipped, errs, hits := 0, 0, 0, 0, 0
	for i := 0; i < 200000; i++ {
		var pb, sb strings.Builder
		if i%2 == 0 {
			for k := r.Intn(7) + 1; k > 0; k-- {
				pb.WriteString(pieces[r.Intn(len(pieces))])
			}
		} else {
			pb.WriteString(genPat(r, 3))
		}
		for k := r.Intn(10); k > 0; k-- {
			sb.WriteString(subjPieces[r.Intn(len(subjPieces))])
		}
		p, s := pb.String(), sb.String()
		if strings.HasSuffix(cutNUL(p), "\\") || strings.Contains(p, "\\m") && strings.HasSuffix(cutNUL(p), "\\m") || strings.HasSuffix(cutNUL(p), "\\m(") {
			continue
		}
		start := 0
		if len(s) > 0 && r.Intn(3) == 0 {
			start = r.Intn(len(s) + 1)
		}
		fmt.Fprintf(in, "%s\t%s\t%d\n", hex.EncodeToString([]byte(cutNUL(p))), hex.EncodeToString([]byte(s)), start)
		want, _ := rd.ReadString('\n')
		want = strings.TrimSpace(want)
		got, ab := goLine(p, s, start)
		if ab || strings.Contains(want, "!") {
			skipped++
			continue
		}
		n++
		if strings.HasPrefix(want, "ERR") {
			errs++
		} else if strings.Contains(want, "C[") {
			hits++
		}
		if got != want {
			diffs++
			if diffs < 30 {
				t.Errorf("pattern %q subject %q start %d\n got  %s\n want %s", p, s, start, got, want)
			}
		}
	}
	in.Close()
	cmd.Wait()
	t.Logf("compared %d, diffs %d, skipped %d, errs %d, hits %d", n, diffs, skipped, errs, hits)
}

var atoms = []string{"a", "b", "x", " ", ".", "\\w", "\\s", "\\S", "\\d", "[ab]", "[^a]", "[a-x]", "\\b", "\\B", "$", "\\m()", "\\(", "\\)", "\\p", "[\\s(]"}
var quants = []string{"", "", "", "*", "+", "?", "{2}", "{1,}", "{0,2}", "{1,2}", "{0}", "*?"}

func genPat(r *rand.Rand, d int) string {
	var b strings.Builder
	if r.Intn(6) == 0 {
		b.WriteString("^")
	}
	for k := r.Intn(4) + 1; k > 0; k-- {
		if d > 0 && r.Intn(4) == 0 {
			if r.Intn(3) == 0 {
				b.WriteString("(?:" + genPat(r, d-1) + ")")
			} else {
				b.WriteString("(" + genPat(r, d-1) + ")")
			}
		} else {
			b.WriteString(atoms[r.Intn(len(atoms))])
		}
		b.WriteString(quants[r.Intn(len(quants))])
	}
	if d > 0 && r.Intn(4) == 0 {
		b.WriteString("|" + genPat(r, d-1))
	}
	return b.String()
}
