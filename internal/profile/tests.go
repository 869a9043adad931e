package profile

import (
	"fmt"
	"go/ast"
	"go/parser"
	"go/token"
	"io/fs"
	"os"
	"path/filepath"
	"slices"
	"strings"
)

// TestIndex records, for every test and fuzz function in a source tree,
// the requirement ids its doc comment and body comments cite.
type TestIndex struct {
	// Funcs maps "dir.Func" (dir relative to the root, slash-separated) to
	// the ids the function cites.
	Funcs map[string][]string
	// Citations lists every id cited in any Go comment of the tree, with
	// the place it was cited, so that typos can be caught.
	Citations []Citation
}

// Citation is a requirement id found in a Go comment.
type Citation struct {
	ID  string
	Pos string // file:line, relative to the root
}

// IndexTests parses every Go file under root, skipping testdata, vendor,
// node_modules and hidden directories.
func IndexTests(root string) (*TestIndex, error) {
	idx := &TestIndex{Funcs: map[string][]string{}}
	fset := token.NewFileSet()
	err := filepath.WalkDir(root, func(path string, d fs.DirEntry, err error) error {
		if err != nil {
			return err
		}
		name := d.Name()
		if d.IsDir() {
			if path != root && (strings.HasPrefix(name, ".") || name == "testdata" || name == "vendor" || name == "node_modules") {
				return filepath.SkipDir
			}
			return nil
		}
		if !strings.HasSuffix(name, ".go") {
			return nil
		}
		src, err := os.ReadFile(path)
		if err != nil {
			return err
		}
		f, err := parser.ParseFile(fset, path, src, parser.ParseComments|parser.SkipObjectResolution)
		if err != nil {
			return fmt.Errorf("profile: %w", err)
		}
		rel, _ := filepath.Rel(root, path)
		rel = filepath.ToSlash(rel)
		for _, cg := range f.Comments {
			for _, c := range cg.List {
				for _, id := range mentionRE.FindAllString(c.Text, -1) {
					line := fset.Position(c.Pos()).Line
					idx.Citations = append(idx.Citations, Citation{ID: strings.TrimRight(id, "-"), Pos: lineRef(rel, line)})
				}
			}
		}
		if !strings.HasSuffix(name, "_test.go") {
			return nil
		}
		dir := filepath.ToSlash(filepath.Dir(rel))
		for _, decl := range f.Decls {
			fn, ok := decl.(*ast.FuncDecl)
			if !ok || fn.Recv != nil || !(strings.HasPrefix(fn.Name.Name, "Test") || strings.HasPrefix(fn.Name.Name, "Fuzz")) {
				continue
			}
			idx.Funcs[dir+"."+fn.Name.Name] = citedIn(f, fn)
		}
		return nil
	})
	if err != nil {
		return nil, err
	}
	return idx, nil
}

// citedIn returns the ids cited in fn's doc comment and in comments inside
// its body.
func citedIn(f *ast.File, fn *ast.FuncDecl) []string {
	var ids []string
	add := func(text string) {
		for _, id := range mentionRE.FindAllString(text, -1) {
			id = strings.TrimRight(id, "-")
			if !slices.Contains(ids, id) {
				ids = append(ids, id)
			}
		}
	}
	if fn.Doc != nil {
		add(fn.Doc.Text())
	}
	for _, cg := range f.Comments {
		if cg.Pos() >= fn.Pos() && cg.End() <= fn.End() {
			for _, c := range cg.List {
				add(c.Text)
			}
		}
	}
	return ids
}

// CheckTests reports conformance claims that the tests do not back: a
// met or partial row naming a test that does not exist, or a test that
// exists but does not cite the requirement in a comment, and any comment
// in the tree that cites an id the profile does not define.
func (p *Profile) CheckTests(idx *TestIndex, name string) []error {
	var errs []error
	for _, row := range p.Rows {
		if row.Status != Met && row.Status != Partial {
			continue
		}
		for _, t := range row.Tests {
			ref, err := ParseTestRef(t)
			if err != nil {
				continue // reported by Check
			}
			ids, ok := idx.Funcs[ref.String()]
			switch {
			case !ok:
				errs = append(errs, fmt.Errorf("%s: %s names test %s, which does not exist", lineRef(name, row.Line), row.ID, ref))
			case !slices.Contains(ids, row.ID):
				errs = append(errs, fmt.Errorf("%s: %s names test %s, which does not cite %s in a comment", lineRef(name, row.Line), row.ID, ref, row.ID))
			}
		}
	}
	for _, c := range idx.Citations {
		if !idRE.MatchString(c.ID) {
			errs = append(errs, fmt.Errorf("%s: malformed requirement id %q", c.Pos, c.ID))
		} else if p.Find(c.ID) == nil {
			errs = append(errs, fmt.Errorf("%s: cites %s, which %s does not define", c.Pos, c.ID, name))
		}
	}
	return errs
}
