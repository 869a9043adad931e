package egress

import (
	"errors"
	"fmt"
	"math"
	"net/url"
	"strconv"
	"strings"

	"drey/squirrel"
)

// This file is the agent API's http.urlencode and http.urldecode: the
// application/x-www-form-urlencoded format of query strings and HTML
// form posts.

// ErrForm means a table cannot be URL-encoded, or a string is not a
// valid URL-encoded form.
var ErrForm = errors.New("invalid URL-encoded form")

// URLEncode encodes a table as key=value pairs joined by &, in the
// table's iteration order, percent-encoding every byte but the
// unreserved characters of RFC 3986 (letters, digits, - . _ ~), so a
// space becomes %20. Keys are strings or integers; values are strings,
// integers, floats, bools or null (an empty value), or arrays of these,
// which repeat the key once per element. The text is bounded by
// DefaultMaxText.
func URLEncode(t *squirrel.Table) (string, error) {
	var b strings.Builder
	pair := func(key string, v squirrel.Value) error {
		text, err := formText(v)
		if err != nil {
			return fmt.Errorf("egress: urlencode: key %q: %w: %w", key, ErrForm, err)
		}
		if b.Len() > 0 {
			b.WriteByte('&')
		}
		b.WriteString(percentEncode(key))
		b.WriteByte('=')
		b.WriteString(percentEncode(text))
		if b.Len() > DefaultMaxText {
			return fmt.Errorf("egress: urlencode: %w: more than %d bytes", ErrForm, DefaultMaxText)
		}
		return nil
	}
	for pos := 0; ; {
		k, v, next, ok := t.Next(pos)
		if !ok {
			break
		}
		pos = next
		var key string
		switch k.Kind() {
		case squirrel.StringKind:
			key, _ = k.AsString()
		case squirrel.IntKind:
			i, _ := k.AsInt()
			key = strconv.Itoa(int(i))
		default:
			return "", fmt.Errorf("egress: urlencode: %w: a %s key", ErrForm, k.Kind())
		}
		if a := v.Array(); a != nil {
			for i := 0; i < a.Len(); i++ {
				if err := pair(key, a.At(i)); err != nil {
					return "", err
				}
			}
			continue
		}
		if err := pair(key, v); err != nil {
			return "", err
		}
	}
	return b.String(), nil
}

// formText returns the text of a form value.
func formText(v squirrel.Value) (string, error) {
	switch v.Kind() {
	case squirrel.NullKind:
		return "", nil
	case squirrel.StringKind:
		s, _ := v.AsString()
		return s, nil
	case squirrel.IntKind:
		i, _ := v.AsInt()
		return strconv.Itoa(int(i)), nil
	case squirrel.FloatKind:
		f, _ := v.AsFloat()
		if math.IsNaN(f) || math.IsInf(f, 0) {
			// As Squirrel's tostring writes them: nan, inf, -inf.
			return strings.ToLower(strings.TrimPrefix(strconv.FormatFloat(f, 'g', -1, 64), "+")), nil
		}
		return string(appendFloat(nil, f, false)), nil
	case squirrel.BoolKind:
		b, _ := v.AsBool()
		return strconv.FormatBool(b), nil
	}
	return "", fmt.Errorf("a %s value (arrays may not nest; send structures as JSON)", v.Kind())
}

// percentEncode escapes every byte of s but RFC 3986's unreserved ones.
func percentEncode(s string) string {
	var b strings.Builder
	for i := 0; i < len(s); i++ {
		c := s[i]
		if 'a' <= c && c <= 'z' || 'A' <= c && c <= 'Z' || '0' <= c && c <= '9' || c == '-' || c == '.' || c == '_' || c == '~' {
			b.WriteByte(c)
			continue
		}
		b.WriteByte('%')
		b.WriteByte("0123456789ABCDEF"[c>>4])
		b.WriteByte("0123456789ABCDEF"[c&0xf])
	}
	return b.String()
}

// URLDecode parses key=value pairs separated by & into a table of vm.
// Keys and values are percent-decoded, with + standing for a space; a
// pair without = has the empty string as its value, and empty pairs are
// skipped. A key that appears once maps to a string; a key repeated
// maps to an array of its values in order. s is bounded by
// DefaultMaxText.
func URLDecode(vm *squirrel.VM, s string) (squirrel.Value, error) {
	if len(s) > DefaultMaxText {
		return squirrel.Null, fmt.Errorf("egress: urldecode: %w: %d bytes, more than the limit of %d", ErrForm, len(s), DefaultMaxText)
	}
	var order []string
	values := map[string][]string{}
	for part := range strings.SplitSeq(s, "&") {
		if part == "" {
			continue
		}
		rawKey, rawValue, _ := strings.Cut(part, "=")
		key, err := url.QueryUnescape(rawKey)
		if err != nil {
			return squirrel.Null, fmt.Errorf("egress: urldecode: %w: %w", ErrForm, err)
		}
		value, err := url.QueryUnescape(rawValue)
		if err != nil {
			return squirrel.Null, fmt.Errorf("egress: urldecode: %w: %w", ErrForm, err)
		}
		if _, ok := values[key]; !ok {
			order = append(order, key)
		}
		values[key] = append(values[key], value)
	}
	t := vm.NewTable(len(order))
	for _, key := range order {
		vs := values[key]
		if len(vs) == 1 {
			t.NewSlot(vm.Str(key), vm.Str(vs[0]))
			continue
		}
		elems := make([]squirrel.Value, len(vs))
		for i, v := range vs {
			elems[i] = vm.Str(v)
		}
		t.NewSlot(vm.Str(key), squirrel.ArrayValue(vm.NewArrayOf(elems)))
	}
	return squirrel.TableValue(t), nil
}
