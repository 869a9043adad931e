package boot

import (
	"bytes"
	"crypto/sha256"
	"encoding/binary"
	"errors"
	"fmt"
)

// The boot state lives in two journal sectors. Each update writes a
// complete record, with a sequence number one higher than the newest,
// into the sector that does not hold the newest record: erase, then
// program. A power cut during the update leaves a record whose digest
// does not match, which is ignored, and the previous record stands. So
// the state changes atomically, and the last write of any update (the
// record's final word) is what makes it take effect.
//
// Record: "DBST" | version 1 | length (4, big-endian) | body | SHA-256 of
// everything before it.

// Image describes an image in a slot, as the journal records it.
type Image struct {
	Valid    bool
	Version  string
	Sequence uint64
	Size     int64
	Digest   [32]byte // SHA-256 of the slot's first Size bytes
}

// State is the device's persistent boot state.
type State struct {
	Seq     uint64 // record sequence number
	Counter uint64 // highest accepted image sequence number (anti-rollback)
	Bootrom Image
	Improm  Image
	Code    [2]Image
	Active  int    // the code slot in use, or -1
	Pending bool   // the improm asked the bootrom to install an upgrade
	Root    []byte // the trusted root metadata, as last updated
}

const (
	journalMagic   = "DBST"
	journalVersion = 1
	maxRecord      = 15 << 10
)

// ErrNoState means neither journal copy holds a valid record.
var ErrNoState = errors.New("no valid boot state")

func putImage(b []byte, im Image) []byte {
	if im.Valid {
		b = append(b, 1)
	} else {
		b = append(b, 0)
	}
	b = binary.BigEndian.AppendUint64(b, im.Sequence)
	b = binary.BigEndian.AppendUint64(b, uint64(im.Size))
	b = append(b, im.Digest[:]...)
	b = append(b, byte(len(im.Version)))
	return append(b, im.Version...)
}

func (s *State) encode() []byte {
	var body []byte
	body = binary.BigEndian.AppendUint64(body, s.Seq)
	body = binary.BigEndian.AppendUint64(body, s.Counter)
	body = putImage(body, s.Bootrom)
	body = putImage(body, s.Improm)
	body = putImage(body, s.Code[0])
	body = putImage(body, s.Code[1])
	body = append(body, byte(int8(s.Active)))
	if s.Pending {
		body = append(body, 1)
	} else {
		body = append(body, 0)
	}
	body = binary.BigEndian.AppendUint32(body, uint32(len(s.Root)))
	body = append(body, s.Root...)
	rec := []byte(journalMagic)
	rec = append(rec, journalVersion)
	rec = binary.BigEndian.AppendUint32(rec, uint32(len(body)))
	rec = append(rec, body...)
	sum := sha256.Sum256(rec)
	return append(rec, sum[:]...)
}

// reader reads fields from a record body, remembering the first error.
type reader struct {
	b   []byte
	err error
}

func (r *reader) take(n int) []byte {
	if r.err != nil || n > len(r.b) || n < 0 {
		r.err = errors.New("record too short")
		return make([]byte, max(n, 0))
	}
	p := r.b[:n]
	r.b = r.b[n:]
	return p
}

func (r *reader) u64() uint64 { return binary.BigEndian.Uint64(r.take(8)) }

func (r *reader) image() Image {
	var im Image
	im.Valid = r.take(1)[0] == 1
	im.Sequence = r.u64()
	im.Size = int64(r.u64())
	copy(im.Digest[:], r.take(32))
	im.Version = string(r.take(int(r.take(1)[0])))
	return im
}

// decodeState parses a record read from a journal sector.
func decodeState(sector []byte) (*State, error) {
	if len(sector) < 9 || string(sector[:4]) != journalMagic || sector[4] != journalVersion {
		return nil, errors.New("no record")
	}
	n := int(binary.BigEndian.Uint32(sector[5:9]))
	if n > maxRecord || 9+n+32 > len(sector) {
		return nil, fmt.Errorf("record length %d", n)
	}
	rec := sector[:9+n]
	sum := sha256.Sum256(rec)
	if !bytes.Equal(sum[:], sector[9+n:9+n+32]) {
		return nil, errors.New("record digest mismatch (interrupted write)")
	}
	r := &reader{b: rec[9:]}
	s := &State{}
	s.Seq = r.u64()
	s.Counter = r.u64()
	s.Bootrom = r.image()
	s.Improm = r.image()
	s.Code[0] = r.image()
	s.Code[1] = r.image()
	s.Active = int(int8(r.take(1)[0]))
	s.Pending = r.take(1)[0] == 1
	s.Root = bytes.Clone(r.take(int(binary.BigEndian.Uint32(r.take(4)))))
	if r.err != nil {
		return nil, r.err
	}
	return s, nil
}

// ReadState returns the newest valid boot state and the journal copy it
// is in.
func ReadState(f Flash, m Map) (*State, int, error) {
	var best *State
	which := -1
	for i, reg := range m.Journal {
		buf := make([]byte, reg.Size)
		if err := f.Read(reg.Start, buf); err != nil {
			return nil, -1, err
		}
		s, err := decodeState(buf)
		if err != nil {
			continue
		}
		if best == nil || s.Seq > best.Seq {
			best, which = s, i
		}
	}
	if best == nil {
		return nil, -1, ErrNoState
	}
	return best, which, nil
}

// WriteState makes s the boot state: it writes s, with the next sequence
// number, over the journal copy that does not hold the current state.
// When it returns without error the new state is in effect; if power is
// lost during it, the old state still is.
func WriteState(f Flash, m Map, s *State) error {
	cur, which, err := ReadState(f, m)
	target := 0
	switch {
	case err == nil:
		s.Seq = cur.Seq + 1
		target = 1 - which
	case errors.Is(err, ErrNoState):
		s.Seq = 1
	default:
		return err
	}
	rec := s.encode()
	if len(rec) > m.Journal[target].Size {
		return fmt.Errorf("boot state of %d bytes does not fit the %d-byte journal", len(rec), m.Journal[target].Size)
	}
	reg := m.Journal[target]
	for _, sec := range reg.Sectors {
		if err := f.Erase(sec); err != nil {
			return err
		}
	}
	return f.Program(reg.Start, padWord(rec, m.WordSize))
}

// padWord pads b with 0xFF (erased flash) to a whole number of words.
func padWord(b []byte, word int) []byte {
	if r := len(b) % word; r != 0 {
		b = append(b, bytes.Repeat([]byte{0xff}, word-r)...)
	}
	return b
}
