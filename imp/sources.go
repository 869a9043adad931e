package imp

import (
	"bytes"
	"fmt"
	"sort"
)

// A Source is one file of a program.
type Source struct {
	Name string
	Text []byte
}

// Sources is several files concatenated into one program, as the imp's
// build tools concatenate a library, its test framework and its tests,
// with the map back from lines of the whole to lines of each file.
type Sources struct {
	Name   string // the name the concatenation is compiled under
	Text   []byte
	starts []int // the first line of each file in Text
	files  []Source
}

// Concat joins files in order, each starting on a new line.
func Concat(files []Source) *Sources {
	s := &Sources{Name: "main.nut"}
	if len(files) == 1 {
		s.Name = files[0].Name
	}
	var buf bytes.Buffer
	line := 1
	for _, f := range files {
		s.starts = append(s.starts, line)
		s.files = append(s.files, f)
		buf.Write(f.Text)
		if len(f.Text) > 0 && f.Text[len(f.Text)-1] != '\n' {
			buf.WriteByte('\n')
		}
		line += bytes.Count(f.Text, []byte("\n"))
		if len(f.Text) > 0 && f.Text[len(f.Text)-1] != '\n' {
			line++
		}
	}
	s.Text = buf.Bytes()
	return s
}

// Locate maps a line of the concatenation to a file and a line in it.
func (s *Sources) Locate(line int) (string, int) {
	i := sort.Search(len(s.starts), func(i int) bool { return s.starts[i] > line }) - 1
	if i < 0 {
		return s.Name, line
	}
	return s.files[i].Name, line - s.starts[i] + 1
}

// Position formats a line of the concatenation as file:line.
func (s *Sources) Position(line int) string {
	f, l := s.Locate(line)
	return fmt.Sprintf("%s:%d", f, l)
}
