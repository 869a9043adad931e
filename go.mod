module drey

go 1.26.0

require (
	github.com/fxamacker/cbor/v2 v2.10.0
	github.com/veraison/go-cose v1.3.0
	github.com/yuin/gopher-lua v1.1.2
	golang.org/x/crypto v0.59.0
)

require github.com/x448/float16 v0.8.4 // indirect
