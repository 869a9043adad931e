package suit

import (
	"fmt"
	"sort"
)

// Text is suit-text (§8.4.4): for each language tag, such as "en-US", the
// human-readable description of the manifest and of its components. Nothing
// in it is used for processing.
//
//	SUIT_Text_Map = { + tag38-ltag => SUIT_Text_LMap }
//	SUIT_Text_LMap = { * int => tstr, * SUIT_Component_Identifier => { * int => tstr } }
type Text map[string]LangText

// LangText is the text in one language.
type LangText struct {
	// Manifest maps TextManifestDescription etc. to text.
	Manifest map[int64]string
	// Components holds the text about each component, by identifier.
	Components []ComponentText
}

// ComponentText is the text about one component.
type ComponentText struct {
	ID ComponentID
	// Fields maps TextVendorName etc. to text.
	Fields map[int64]string
}

func decodeText(field string, wrapped []byte) (Text, error) {
	inner, err := readWrapped(field, wrapped)
	if err != nil {
		return nil, err
	}
	langs, err := readMap(field, inner)
	if err != nil {
		return nil, err
	}
	if len(langs) == 0 {
		return nil, fail(ErrMalformed, field, "no language")
	}
	t := make(Text, len(langs))
	for _, l := range langs {
		tag, err := readTstr(field+" language tag", l.key)
		if err != nil {
			return nil, err
		}
		if !validLangTag(tag) {
			return nil, fail(ErrMalformed, field, "language tag %q", tag)
		}
		if t[tag], err = decodeLangText(field+" "+tag, l.val); err != nil {
			return nil, err
		}
	}
	return t, nil
}

func decodeLangText(field string, raw []byte) (LangText, error) {
	entries, err := readMap(field, raw)
	if err != nil {
		return LangText{}, err
	}
	lt := LangText{Manifest: map[int64]string{}}
	for _, e := range entries {
		if major(e.key) == majorArray {
			id, err := decodeComponentID(field+" component", e.key)
			if err != nil {
				return LangText{}, err
			}
			f := fmt.Sprintf("%s %s", field, id)
			fields, err := decodeTextFields(f, e.val, TextComponentVersion)
			if err != nil {
				return LangText{}, err
			}
			lt.Components = append(lt.Components, ComponentText{ID: id, Fields: fields})
			continue
		}
		key, err := readInt(field+" key", e.key)
		if err != nil {
			return LangText{}, err
		}
		if key < TextManifestDescription || key > TextManifestYAMLSource {
			return LangText{}, fail(ErrUnsupportedElement, field, "text key %d", key)
		}
		if lt.Manifest[key], err = readTstr(fmt.Sprintf("%s key %d", field, key), e.val); err != nil {
			return LangText{}, err
		}
	}
	return lt, nil
}

func decodeTextFields(field string, raw []byte, maxKey int64) (map[int64]string, error) {
	entries, err := readIntMap(field, raw)
	if err != nil {
		return nil, err
	}
	out := make(map[int64]string, len(entries))
	for _, e := range entries {
		if e.key < 1 || e.key > maxKey {
			return nil, fail(ErrUnsupportedElement, field, "text key %d", e.key)
		}
		if out[e.key], err = readTstr(fmt.Sprintf("%s key %d", field, e.key), e.val); err != nil {
			return nil, err
		}
	}
	return out, nil
}

// validLangTag checks the form tag38-ltag: [a-zA-Z]{1,8}(-[a-zA-Z0-9]{1,8})*.
func validLangTag(s string) bool {
	n, first := 0, true
	for i := 0; i <= len(s); i++ {
		if i == len(s) || s[i] == '-' {
			if n < 1 || n > 8 {
				return false
			}
			n, first = 0, false
			continue
		}
		c := s[i]
		alpha := c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z'
		if !alpha && (first || c < '0' || c > '9') {
			return false
		}
		n++
	}
	return true
}

func (t Text) encode() []byte {
	tags := make([]string, 0, len(t))
	for tag := range t {
		tags = append(tags, tag)
	}
	sort.Strings(tags)
	var langs []encPair
	for _, tag := range tags {
		lt := t[tag]
		pairs := textPairs(lt.Manifest)
		for _, ct := range lt.Components {
			pairs = append(pairs, encPair{ct.ID.encode(), encMap(textPairs(ct.Fields))})
		}
		langs = append(langs, encPair{encTstr(tag), encMap(pairs)})
	}
	return encMap(langs)
}

func textPairs(m map[int64]string) []encPair {
	pairs := make([]encPair, 0, len(m))
	for k, v := range m {
		pairs = append(pairs, encPair{encInt(k), encTstr(v)})
	}
	return pairs
}
