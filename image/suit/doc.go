// Package suit reads, verifies, writes and processes the SUIT envelopes
// that carry Drey's platform firmware: the IETF SUIT manifest
// (draft-ietf-suit-manifest-33), encoded in CBOR and signed with COSE_Sign1
// (RFC 9052).
//
// Data flows one way:
//
//	Decode(envelope)           the envelope's structure only: the manifest stays raw bytes
//	  → (*Envelope).Verify     digest, then k-of-n signatures, then the manifest is decoded
//	  → Process / Boot         the command sequences run against an Env
//
// and, to build one, (*Manifest).Marshal or MarshalSevered, then Sign or
// SignSevered.
//
// # Wire format
//
//	envelope      = #6.107({ 2: bstr .cbor auth, 3: bstr .cbor manifest,
//	                         ? 16: bstr .cbor sequence, ? 20: bstr .cbor sequence,
//	                         ? 23: bstr .cbor text })
//	auth          = [ bstr .cbor digest, 1*8 bstr .cbor #6.18(COSE_Sign1) ]
//	digest        = [ -16, bstr .size 32 ]              ; SHA-256 of the bstr-wrapped manifest
//	COSE_Sign1    = [ bstr .cbor { 1: alg, ? 4: kid }, { ? 4: kid }, null, bstr ]
//	                ; detached payload: the digest encoding, as it appears in auth
//	manifest      = { 1: 1, 2: uint, 3: bstr .cbor common, ? 4: tstr,
//	                  ? 7: bstr .cbor sequence, ? 8: bstr .cbor sequence, ? 9: bstr .cbor sequence,
//	                  ? 16: digest / bstr .cbor sequence, ? 20: digest / bstr .cbor sequence,
//	                  ? 23: digest / bstr .cbor text }
//	common        = { 2: [ 1*16 [ * bstr ] ], ? 4: bstr .cbor sequence }
//	sequence      = [ 1* (command, argument) ]
//
// Every map and head must be in core deterministic encoding (RFC 8949
// §4.2.1; the draft requires canonical maps, §8.1): Verify re-encodes the
// manifest it decoded and requires the signed bytes back, so the Manifest
// it returns says exactly what was signed. Indefinite lengths, tags other
// than 107 and 18 at their places, duplicate keys, floats, invalid UTF-8 and
// trailing bytes are refused, and sizes are bounded (MaxEnvelopeSize,
// MaxSignatures, MaxComponents, MaxSequenceDepth, and at most 512 array
// elements, 64 map pairs and 8 levels of nesting within one element).
//
// # Elements
//
// Supported elements are decoded, encoded and (for commands) executed;
// everything else is refused with ErrUnsupportedElement, since a processor
// must not accept a manifest it cannot fully carry out (§6.1).
//
//	element                                   label   status
//	envelope: authentication-wrapper          2       supported: SHA-256 digest, COSE_Sign1 (ES256/384/512, PS256/384/512, EdDSA)
//	envelope: manifest                        3       supported
//	envelope: severed payload-fetch/install   16/20   supported, checked against the manifest's digest
//	envelope: severed text                    23      supported, checked against the manifest's digest
//	envelope: delegation                      1       rejected
//	envelope: integrated payloads (tstr keys) -       rejected
//	envelope: other keys                      -       rejected
//	auth: COSE_Sign, COSE_Mac, COSE_Mac0      98/97/17 rejected
//	auth: attached payload; header labels other than alg (1) and kid (4)   rejected
//	manifest-version (must be 1)              1       supported; other values: ErrUnsupportedVersion
//	sequence-number, common, reference-uri    2/3/4   supported
//	validate, load, invoke                    7/8/9   supported
//	payload-fetch, install, text              16/20/23 supported, inline or severed
//	common: components (1 to 16)              2       supported
//	common: shared sequence                   4       supported (conditions and parameter setting only)
//	common: dependencies                      1       rejected
//	digest algorithms other than SHA-256      -       rejected
//	condition-vendor-identifier               1       supported
//	condition-class-identifier                2       supported
//	condition-image-match                     3       supported
//	condition-component-slot                  5       supported
//	condition-abort                           14      supported
//	directive-set-component-index             12      supported (index, list, true)
//	directive-try-each                        15      supported (with a nil last alternative)
//	directive-override-parameters             20      supported
//	directive-fetch                           21      supported
//	directive-copy                            22      supported
//	directive-invoke                          23      supported
//	directive-run-sequence                    32      supported
//	condition-check-content, directive-write  6/18    rejected
//	condition-device-identifier               24      rejected
//	directive-swap                            31      rejected
//	directive-set-parameters                  19      rejected (not in draft 33's registry)
//	custom commands                           < -256  rejected
//	parameters vendor-id, class-id (UUID)     1/2     supported (CBOR PEN vendor ids rejected)
//	parameters image-digest, component-slot   3/5     supported
//	parameters strict-order, soft-failure     12/13   supported
//	parameter image-size                      14      supported
//	parameter encryption-info                 19      supported, kept raw (draft-ietf-suit-firmware-encryption)
//	parameters uri, source-component          21/22   supported
//	parameters content, invoke-args, device-id 18/23/24 rejected
//	Drey parameters                     -257..-265  supported (see Parameters)
//	other parameters, standard or custom      -       rejected
//	text: manifest keys 1-4, component keys 1-6       supported; other text keys rejected
package suit
