package suit

import (
	"fmt"
)

// Parameters is a set of SUIT parameters (§8.4.8), as carried by
// override-parameters and as held per component while processing. A nil
// field is unset. Drey's own parameters use negative labels (labels.go).
type Parameters struct {
	VendorID        []byte  // 1: RFC 9562 UUID, 16 bytes
	ClassID         []byte  // 2: RFC 9562 UUID, 16 bytes
	ImageDigest     *Digest // 3: bstr .cbor SUIT_Digest
	ComponentSlot   *uint64 // 5
	StrictOrder     *bool   // 12
	SoftFailure     *bool   // 13: only inside try-each and run-sequence
	ImageSize       *uint64 // 14
	EncryptionInfo  []byte  // 19: bstr .cbor SUIT_Encryption_Info, kept raw for the decrypting package
	URI             *string // 21
	SourceComponent *uint64 // 22: index into the component list

	DreyModel          *string // -257: e.g. "imp001"
	DreySlot           *string // -258: "bootrom" or "improm"
	DreyVersion        *string // -259: dotted decimal, e.g. "36.10"
	DreyMinBootrom     *string // -260: dotted decimal
	DreyBlockSize      *uint64 // -261: bytes, at least 1
	DreyChainRoot      []byte  // -262: 32 bytes
	DreyStoredSize     *uint64 // -263: bytes as stored and transmitted
	DreyCEKCommitment  []byte  // -264: 32 bytes
	DreyEncryptionMode *uint64 // -265: EncryptionNone, EncryptionModel or EncryptionDevice
}

// paramSpec describes one parameter: its label, its name for errors, the
// field that holds it, and, for byte strings, the exact length (0 for any
// non-empty length).
type paramSpec struct {
	label int64
	name  string
	field func(*Parameters) any
	size  int
	check func(v any) error
}

var paramSpecs = []paramSpec{
	{label: ParamVendorID, name: "vendor-id", field: func(p *Parameters) any { return &p.VendorID }, size: 16},
	{label: ParamClassID, name: "class-id", field: func(p *Parameters) any { return &p.ClassID }, size: 16},
	{label: ParamImageDigest, name: "image-digest", field: func(p *Parameters) any { return &p.ImageDigest }},
	{label: ParamComponentSlot, name: "component-slot", field: func(p *Parameters) any { return &p.ComponentSlot }},
	{label: ParamStrictOrder, name: "strict-order", field: func(p *Parameters) any { return &p.StrictOrder }},
	{label: ParamSoftFailure, name: "soft-failure", field: func(p *Parameters) any { return &p.SoftFailure }},
	{label: ParamImageSize, name: "image-size", field: func(p *Parameters) any { return &p.ImageSize }},
	{label: ParamEncryptionInfo, name: "encryption-info", field: func(p *Parameters) any { return &p.EncryptionInfo }},
	{label: ParamURI, name: "uri", field: func(p *Parameters) any { return &p.URI }},
	{label: ParamSourceComponent, name: "source-component", field: func(p *Parameters) any { return &p.SourceComponent }},
	{label: ParamDreyModel, name: "drey-model", field: func(p *Parameters) any { return &p.DreyModel }, check: checkModel},
	{label: ParamDreySlot, name: "drey-slot", field: func(p *Parameters) any { return &p.DreySlot }, check: checkSlot},
	{label: ParamDreyVersion, name: "drey-version", field: func(p *Parameters) any { return &p.DreyVersion }, check: checkVersion},
	{label: ParamDreyMinBootrom, name: "drey-min-bootrom", field: func(p *Parameters) any { return &p.DreyMinBootrom }, check: checkVersion},
	{label: ParamDreyBlockSize, name: "drey-block-size", field: func(p *Parameters) any { return &p.DreyBlockSize }, check: checkBlockSize},
	{label: ParamDreyChainRoot, name: "drey-chain-root", field: func(p *Parameters) any { return &p.DreyChainRoot }, size: 32},
	{label: ParamDreyStoredSize, name: "drey-stored-size", field: func(p *Parameters) any { return &p.DreyStoredSize }},
	{label: ParamDreyCEKCommitment, name: "drey-cek-commitment", field: func(p *Parameters) any { return &p.DreyCEKCommitment }, size: 32},
	{label: ParamDreyEncryptionMode, name: "drey-encryption-mode", field: func(p *Parameters) any { return &p.DreyEncryptionMode }, check: checkEncryptionMode},
}

func paramSpecFor(label int64) *paramSpec {
	for i := range paramSpecs {
		if paramSpecs[i].label == label {
			return &paramSpecs[i]
		}
	}
	return nil
}

// ParameterName returns the name of a parameter label, or "parameter N" for
// labels this package does not support.
func ParameterName(label int64) string {
	if s := paramSpecFor(label); s != nil {
		return s.name
	}
	return "parameter " + itoa(label)
}

// decodeParams decodes the argument of override-parameters: { + label =>
// value }. Every label must be known; an unknown one, standard or in Drey's
// negative range, is refused.
func decodeParams(field string, raw []byte, components int) (*Parameters, error) {
	entries, err := readIntMap(field, raw)
	if err != nil {
		return nil, err
	}
	if len(entries) == 0 {
		return nil, fail(ErrMalformed, field, "no parameters")
	}
	p := &Parameters{}
	for _, e := range entries {
		spec := paramSpecFor(e.key)
		if spec == nil {
			return nil, fail(ErrUnsupportedElement, field, "parameter %d", e.key)
		}
		f := field + " " + spec.name
		if err := spec.decode(f, e.val, p); err != nil {
			return nil, err
		}
	}
	if p.SourceComponent != nil && *p.SourceComponent >= uint64(components) {
		return nil, fail(ErrMalformed, field+" source-component", "index %d with %d components", *p.SourceComponent, components)
	}
	return p, nil
}

func (s *paramSpec) decode(field string, raw []byte, p *Parameters) error {
	var v any
	switch ptr := s.field(p).(type) {
	case *[]byte:
		b, err := readBstr(field, raw)
		if err != nil {
			return err
		}
		if s.size > 0 && len(b) != s.size {
			return fail(ErrMalformed, field, "%s of %d bytes (want %d)", quote(b), len(b), s.size)
		}
		if len(b) == 0 {
			return fail(ErrMalformed, field, "empty byte string")
		}
		*ptr, v = b, b
	case **string:
		str, err := readTstr(field, raw)
		if err != nil {
			return err
		}
		*ptr, v = &str, str
	case **uint64:
		u, err := readUint(field, raw)
		if err != nil {
			return err
		}
		*ptr, v = &u, u
	case **bool:
		b, err := readBool(field, raw)
		if err != nil {
			return err
		}
		*ptr, v = &b, b
	case **Digest:
		inner, err := readWrapped(field, raw)
		if err != nil {
			return err
		}
		d, err := decodeDigest(field, inner)
		if err != nil {
			return err
		}
		*ptr, v = &d, d
	default:
		return fmt.Errorf("suit: parameter %s has field type %T", s.name, ptr)
	}
	if s.check != nil {
		if err := s.check(v); err != nil {
			return fail(ErrMalformed, field, "%v", err)
		}
	}
	return nil
}

// encodeValue returns the encoded value of the parameter in p, or nil when
// it is unset.
func (s *paramSpec) encodeValue(p *Parameters) []byte {
	switch ptr := s.field(p).(type) {
	case *[]byte:
		if *ptr != nil {
			return encBstr(*ptr)
		}
	case **string:
		if *ptr != nil {
			return encTstr(**ptr)
		}
	case **uint64:
		if *ptr != nil {
			return encUint(**ptr)
		}
	case **bool:
		if *ptr != nil {
			return encBool(**ptr)
		}
	case **Digest:
		if *ptr != nil {
			return encBstr((*ptr).encode())
		}
	}
	return nil
}

func (p *Parameters) encode() []byte {
	var pairs []encPair
	for i := range paramSpecs {
		if v := paramSpecs[i].encodeValue(p); v != nil {
			pairs = append(pairs, encPair{encInt(paramSpecs[i].label), v})
		}
	}
	return encMap(pairs)
}

// Merge sets in p every parameter that is set in o, as override-parameters
// does: current.params[k] := v for each k, v in the argument (§6.4).
func (p *Parameters) Merge(o *Parameters) {
	for i := range paramSpecs {
		switch dst := paramSpecs[i].field(p).(type) {
		case *[]byte:
			if src := *paramSpecs[i].field(o).(*[]byte); src != nil {
				*dst = src
			}
		case **string:
			if src := *paramSpecs[i].field(o).(**string); src != nil {
				*dst = src
			}
		case **uint64:
			if src := *paramSpecs[i].field(o).(**uint64); src != nil {
				*dst = src
			}
		case **bool:
			if src := *paramSpecs[i].field(o).(**bool); src != nil {
				*dst = src
			}
		case **Digest:
			if src := *paramSpecs[i].field(o).(**Digest); src != nil {
				*dst = src
			}
		}
	}
}

// Labels returns the labels of the parameters set in p, in the order of the
// parameter table.
func (p *Parameters) Labels() []int64 {
	var out []int64
	for i := range paramSpecs {
		if paramSpecs[i].encodeValue(p) != nil {
			out = append(out, paramSpecs[i].label)
		}
	}
	return out
}
