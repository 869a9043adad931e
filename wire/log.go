package wire

// Log is one line of the device's log: server.log and server.error in
// device code, and the platform's own messages. The server stamps it with
// the time it arrived.
type Log struct {
	Level LogLevel
	Text  string // at most MaxLogText bytes: the device cuts longer lines (see CutText)
}

// Type returns TypeLog.
func (*Log) Type() Type { return TypeLog }

// Encode appends the body of l to b.
func (l *Log) Encode(b []byte) ([]byte, error) {
	e := newEncoder(TypeLog, b)
	e.enum("level", byte(l.Level), levelNames)
	e.string("text", l.Text, MaxLogText)
	return e.result()
}

func (l *Log) decode(d *decoder) {
	l.Level = LogLevel(d.enum("level", levelNames))
	l.Text = d.string("text", MaxLogText)
}

// LogLevel is a log line's severity.
type LogLevel byte

// The log levels.
const (
	LogInfo  LogLevel = iota // server.log
	LogError                 // server.error
)

var levelNames = enum{"info", "error"}

// String returns "info" or "error".
func (l LogLevel) String() string { return levelNames.name(byte(l)) }

// CutText returns s cut to at most max bytes, at a UTF-8 boundary when s
// is UTF-8, for senders that would rather shorten a line than drop it.
func CutText(s string, max int) string {
	if len(s) <= max {
		return s
	}
	if max <= 0 {
		return ""
	}
	cut := max
	// Step back over continuation bytes (10xxxxxx) to a rune start, at
	// most three: a string that is not UTF-8 is cut where it is.
	for i := 0; i < 3 && cut > 0 && s[cut]&0xC0 == 0x80; i++ {
		cut--
	}
	if s[cut]&0xC0 == 0x80 {
		cut = max
	}
	return s[:cut]
}
