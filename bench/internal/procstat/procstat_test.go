package procstat

import (
	"runtime"
	"testing"
	"time"
)

// On Linux this process has a resident size and, after some work, CPU
// time; an unknown pid reads as zero.
func TestSelf(t *testing.T) {
	if runtime.GOOS != "linux" {
		t.Skip("/proc is Linux's")
	}
	start := CPUTime("self")
	for x := 0; CPUTime("self")-start < 20*time.Millisecond; x++ {
		_ = x * x
	}
	if RSS("self") <= 0 {
		t.Error("no resident memory")
	}
	if RSS("no-such-pid") != 0 || CPUTime("no-such-pid") != 0 {
		t.Error("an unknown pid reads as non-zero")
	}
}
