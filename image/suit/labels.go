package suit

import "strconv"

// Labels of the SUIT_Envelope map (draft-ietf-suit-manifest-33 §11.1).
// The severable members use the same label in the envelope and in the
// manifest.
const (
	EnvelopeAuth     = 2  // suit-authentication-wrapper
	EnvelopeManifest = 3  // suit-manifest
	MemberFetch      = 16 // suit-payload-fetch (severable)
	MemberInstall    = 20 // suit-install (severable)
	MemberText       = 23 // suit-text (severable)
)

// Labels of the SUIT_Manifest map (§11.2).
const (
	ManifestVersion      = 1
	ManifestSequence     = 2
	ManifestCommon       = 3
	ManifestReferenceURI = 4
	ManifestValidate     = 7
	ManifestLoad         = 8
	ManifestInvoke       = 9
)

// Labels of the SUIT_Common map (§11.3).
const (
	CommonComponents = 2
	CommonShared     = 4
)

// Command codes (§11.4): conditions and directives.
const (
	CondVendorID      = 1
	CondClassID       = 2
	CondImageMatch    = 3
	CondComponentSlot = 5
	CondAbort         = 14
	DirSetIndex       = 12
	DirTryEach        = 15
	DirOverride       = 20
	DirFetch          = 21
	DirCopy           = 22
	DirInvoke         = 23
	DirRunSequence    = 32
)

// Parameter labels (§11.5), plus encryption-info from
// draft-ietf-suit-firmware-encryption (TBD19, proposed value 19).
const (
	ParamVendorID        = 1
	ParamClassID         = 2
	ParamImageDigest     = 3
	ParamComponentSlot   = 5
	ParamStrictOrder     = 12
	ParamSoftFailure     = 13
	ParamImageSize       = 14
	ParamEncryptionInfo  = 19
	ParamURI             = 21
	ParamSourceComponent = 22
)

// Drey's own parameters, in the private-use range: the draft reserves
// -255..-1 for Standards Action and leaves labels below -256 to private
// use.
const (
	ParamDreyModel          = -257 // tstr, e.g. "imp001"
	ParamDreySlot           = -258 // tstr, "bootrom" or "improm"
	ParamDreyVersion        = -259 // tstr, e.g. "36.10"
	ParamDreyMinBootrom     = -260 // tstr version
	ParamDreyBlockSize      = -261 // uint
	ParamDreyChainRoot      = -262 // bstr 32: SHA-256 hash-chain root over the stored blocks
	ParamDreyStoredSize     = -263 // uint: size of the payload as stored/transmitted
	ParamDreyCEKCommitment  = -264 // bstr 32
	ParamDreyEncryptionMode = -265 // uint: 0 none, 1 model, 2 device
)

// Text labels (§8.4.4): manifest-wide keys and per-component keys.
const (
	TextManifestDescription = 1
	TextUpdateDescription   = 2
	TextManifestJSONSource  = 3
	TextManifestYAMLSource  = 4

	TextVendorName           = 1
	TextModelName            = 2
	TextVendorDomain         = 3
	TextModelInfo            = 4
	TextComponentDescription = 5
	TextComponentVersion     = 6
)

// AlgSHA256 is the COSE algorithm id of SHA-256, the one digest algorithm
// this package accepts (the draft makes it mandatory; §10).
const AlgSHA256 = -16

var commandNames = map[int64]string{
	CondVendorID:      "condition-vendor-identifier",
	CondClassID:       "condition-class-identifier",
	CondImageMatch:    "condition-image-match",
	CondComponentSlot: "condition-component-slot",
	CondAbort:         "condition-abort",
	DirSetIndex:       "directive-set-component-index",
	DirTryEach:        "directive-try-each",
	DirOverride:       "directive-override-parameters",
	DirFetch:          "directive-fetch",
	DirCopy:           "directive-copy",
	DirInvoke:         "directive-invoke",
	DirRunSequence:    "directive-run-sequence",
}

// CommandName returns the draft's name for a command code, or "command N"
// for codes this package does not support.
func CommandName(code int64) string {
	if n, ok := commandNames[code]; ok {
		return n
	}
	return "command " + strconv.FormatInt(code, 10)
}

var memberNames = map[int64]string{
	MemberFetch:      "payload-fetch",
	MemberInstall:    "install",
	MemberText:       "text",
	ManifestValidate: "validate",
	ManifestLoad:     "load",
	ManifestInvoke:   "invoke",
}

// MemberName returns the draft's name for a manifest member label.
func MemberName(label int64) string {
	if n, ok := memberNames[label]; ok {
		return n
	}
	return "member " + strconv.FormatInt(label, 10)
}

func itoa(v int64) string { return strconv.FormatInt(v, 10) }
