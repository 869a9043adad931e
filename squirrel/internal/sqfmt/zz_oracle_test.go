//go:build oracle

package sqfmt

import (
	"bufio"
	"encoding/hex"
	"fmt"
	"math"
	"math/rand"
	"os"
	"os/exec"
	"strings"
	"testing"
)

var fpieces = []string{"%", "d", "i", "u", "o", "x", "X", "c", "f", "e", "E", "g", "G", "s", "-", "+", " ", "#", "0", "1", "2", "5", "9", ".", "%%", "a", "q", "*", "\x00"}

var floats = []float64{0, math.Copysign(0, -1), 1, -1, 0.5, 1.5, 2.5, 0.1, 123.456, 1e-5, 1e-4, 9.9999e-5, 99999.5, 999999.5, 1e6, 1e15, 1e21, 1e100, 1e300, 1.7976931348623157e308, 5e-324, 2.2250738585072014e-308, 3.14159265358979, math.Inf(1), math.Inf(-1), math.NaN(), math.Copysign(math.NaN(), -1), 2147483647.9, -2147483648.5, 4e9, -4e9, 0.000123456, 123456789.0, 0.95, 0.995, 9.5, 99.5}
var ints = []int32{0, 1, -1, 7, 8, 10, 65, 255, 256, -255, 1000000, math.MaxInt32, math.MinInt32, 0x7f, 9, 99}

func TestOracle(t *testing.T) {
	cmd := exec.Command("/tmp/oracle/fmtoracle")
	in, _ := cmd.StdinPipe()
	outp, _ := cmd.StdoutPipe()
	if err := cmd.Start(); err != nil {
		t.Fatal(err)
	}
	rd := bufio.NewReader(outp)
	r := rand.New(rand.NewSource(int64(os.Getpid())))
	n, diffs, oks := 0, 0, 0
	for i := 0; i < 300000; i++ {
		var fb strings.Builder
		if i%2 == 0 {
			for k := r.Intn(8) + 1; k > 0; k-- {
				fb.WriteString(fpieces[r.Intn(len(fpieces))])
			}
		} else {
			for k := r.Intn(3) + 1; k > 0; k-- {
				fb.WriteString("%")
				for j := r.Intn(3); j > 0; j-- {
					fb.WriteByte("-+ #0"[r.Intn(5)])
				}
				if r.Intn(2) == 0 {
					fmt.Fprintf(&fb, "%d", r.Intn(30))
				}
				if r.Intn(2) == 0 {
					fb.WriteString(".")
					if r.Intn(4) != 0 {
						fmt.Fprintf(&fb, "%d", r.Intn(25))
					}
				}
				fb.WriteByte("diuoxXcfeEgGs"[r.Intn(13)])
				fb.WriteString("|")
			}
		}
		f := fb.String()
		var args []Arg
		line := hex.EncodeToString([]byte(cutNUL(f)))
		if line == "" {
			line = "-"
		}
		for k := r.Intn(4); k > 0; k-- {
			var a Arg
			switch r.Intn(5) {
			case 0, 1:
				a = Arg{Kind: ArgInt, Int: ints[r.Intn(len(ints))]}
				if r.Intn(3) == 0 {
					a.Int = int32(r.Uint32())
				}
				line += fmt.Sprintf(" i:%d", a.Int)
			case 2, 3:
				a = Arg{Kind: ArgFloat, Float: floats[r.Intn(len(floats))]}
				if r.Intn(3) == 0 {
					a.Float = math.Float64frombits(r.Uint64())
				} else if r.Intn(3) == 0 {
					a.Float = r.NormFloat64() * math.Pow(10, float64(r.Intn(40)-20))
				}
				line += fmt.Sprintf(" f:%016x", math.Float64bits(a.Float))
			case 4:
				s := []string{"", "hi", "hello world", "a\x00b", "xyz"}[r.Intn(5)]
				a = Arg{Kind: ArgString, Str: s}
				h := hex.EncodeToString([]byte(cutNUL(s)))
				if h == "" {
					h = "-"
				}
				line += " s:" + h
			}
			args = append(args, a)
		}
		if r.Intn(10) == 0 {
			args = append(args, Arg{Kind: ArgOther, Str: "table"})
			line += " o:table"
		}
		fmt.Fprintln(in, line)
		want, _ := rd.ReadString('\n')
		want = strings.TrimSpace(want)
		res, err := Format(f, args)
		got := ""
		if err != nil {
			got = "ERR " + err.Error()
		} else {
			got = "OK " + hex.EncodeToString([]byte(res))
			oks++
		}
		n++
		if got = strings.TrimSpace(got); got != want {
			diffs++
			if diffs < 30 {
				t.Errorf("format %q args %+v\n got  %s\n want %s", f, args, got, want)
			}
		}
	}
	in.Close()
	cmd.Wait()
	t.Logf("compared %d, ok %d, diffs %d", n, oks, diffs)
}
