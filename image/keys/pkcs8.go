package keys

// Encrypted private keys are PKCS#8 EncryptedPrivateKeyInfo (RFC 5958 §3)
// with PBES2 (RFC 8018 §6.2), scrypt as the key derivation function
// (RFC 7914 §7) and AES-256-CBC as the encryption scheme (RFC 8018 §B.2.5),
// in a PEM block "ENCRYPTED PRIVATE KEY" (RFC 7468 §11). It is the format
// `openssl pkcs8 -topk8 -scrypt` writes, so OpenSSL reads Drey's keys and
// Drey reads OpenSSL's:
//
//	EncryptedPrivateKeyInfo ::= SEQUENCE {
//	  encryptionAlgorithm SEQUENCE {
//	    algorithm   OID 1.2.840.113549.1.5.13 (PBES2)
//	    parameters  SEQUENCE {                            -- PBES2-params
//	      keyDerivationFunc SEQUENCE {
//	        algorithm   OID 1.3.6.1.4.1.11591.4.11 (scrypt)
//	        parameters  SEQUENCE {                        -- scrypt-params
//	          salt                      OCTET STRING      -- written: 16 random bytes; read: 1..64 bytes
//	          costParameter             INTEGER           -- N, a power of 2; written: 2^14; read: 2..2^20
//	          blockSize                 INTEGER           -- r; written: 8
//	          parallelizationParameter  INTEGER           -- p; written: 1
//	          keyLength                 INTEGER OPTIONAL  -- written: 32; read: absent or 32
//	        } }
//	      encryptionScheme SEQUENCE {
//	        algorithm   OID 2.16.840.1.101.3.4.1.42 (aes256-CBC)
//	        parameters  OCTET STRING                      -- IV, 16 random bytes
//	      } } }
//	  encryptedData OCTET STRING                          -- 16..8192 bytes, a multiple of 16
//	}
//
// encryptedData is AES-256-CBC, under the key scrypt(passphrase, salt, N,
// r, p, 32) and the IV, of the PKCS#7-padded DER of the unencrypted PKCS#8
// PrivateKeyInfo (x25519 keys use OID 1.3.101.110, RFC 8410).
//
// The limits on reading bound the work a hostile file can demand: N·r·p is
// at most 2^23 (N = 2^20 with r = 8 and p = 1: about 1 GiB of memory and a
// few seconds). N = 2^14 is written because OpenSSL 3 refuses to derive
// keys that need more than 32 MiB (N = 2^15 with r = 8 needs slightly
// more), so a larger default would make Drey's keys unreadable by OpenSSL.
//
// PBES2 has no integrity check. A wrong passphrase is detected by the
// padding and the PKCS#8 structure of the plaintext; both failures give
// the same ErrBadPassphrase, and the padding is checked in constant time,
// so error messages do not act as a padding oracle.

import (
	"crypto"
	"crypto/aes"
	"crypto/cipher"
	"crypto/rand"
	"crypto/subtle"
	"crypto/x509"
	"crypto/x509/pkix"
	"encoding/asn1"
	"fmt"

	"golang.org/x/crypto/scrypt"
)

// DefaultScryptLogN is log2 of the scrypt cost N used when writing a key:
// 2^14 with r = 8 takes 16 MiB and about 50 ms, and is OpenSSL's default.
const DefaultScryptLogN = 14

// MaxScryptLogN is log2 of the largest scrypt cost N accepted when reading
// a key.
const MaxScryptLogN = 20

// MinScryptLogN is log2 of the smallest scrypt cost N used when writing a
// key: cheap enough for tests, and a floor against a careless caller.
// Reading accepts any N from 2, as OpenSSL may write.
const MinScryptLogN = 10

const (
	scryptR          = 8
	scryptP          = 1
	aesKeyLen        = 32
	saltLen          = 16
	maxSaltLen       = 64
	maxEncryptedData = 8192
)

var (
	oidPBES2     = asn1.ObjectIdentifier{1, 2, 840, 113549, 1, 5, 13}
	oidScrypt    = asn1.ObjectIdentifier{1, 3, 6, 1, 4, 1, 11591, 4, 11}
	oidAES256CBC = asn1.ObjectIdentifier{2, 16, 840, 1, 101, 3, 4, 1, 42}
)

type encryptedPrivateKeyInfo struct {
	Algorithm     pkix.AlgorithmIdentifier
	EncryptedData []byte
}

type pbes2Params struct {
	KeyDerivationFunc pkix.AlgorithmIdentifier
	EncryptionScheme  pkix.AlgorithmIdentifier
}

type scryptParams struct {
	Salt      []byte
	N         int
	R         int
	P         int
	KeyLength int `asn1:"optional"`
}

// encryptPKCS8 returns the DER EncryptedPrivateKeyInfo of key under
// passphrase with scrypt cost 2^logN.
func encryptPKCS8(key crypto.PrivateKey, passphrase []byte, logN int) ([]byte, error) {
	if len(passphrase) == 0 {
		return nil, ErrEmptyPassphrase
	}
	if logN < 1 || logN > MaxScryptLogN {
		return nil, fmt.Errorf("scrypt cost 2^%d: want 2^1 to 2^%d", logN, MaxScryptLogN)
	}
	plain, err := x509.MarshalPKCS8PrivateKey(key)
	if err != nil {
		return nil, err
	}
	defer clear(plain)
	salt, iv := make([]byte, saltLen), make([]byte, aes.BlockSize)
	if _, err := rand.Read(salt); err != nil {
		return nil, err
	}
	if _, err := rand.Read(iv); err != nil {
		return nil, err
	}
	sp := scryptParams{Salt: salt, N: 1 << logN, R: scryptR, P: scryptP, KeyLength: aesKeyLen}
	block, err := deriveCipher(passphrase, sp)
	if err != nil {
		return nil, err
	}
	ct := pad(plain)
	cipher.NewCBCEncrypter(block, iv).CryptBlocks(ct, ct)

	kdfParams, err := asn1.Marshal(sp)
	if err != nil {
		return nil, err
	}
	ivParam, err := asn1.Marshal(iv)
	if err != nil {
		return nil, err
	}
	params, err := asn1.Marshal(pbes2Params{
		KeyDerivationFunc: pkix.AlgorithmIdentifier{Algorithm: oidScrypt, Parameters: asn1.RawValue{FullBytes: kdfParams}},
		EncryptionScheme:  pkix.AlgorithmIdentifier{Algorithm: oidAES256CBC, Parameters: asn1.RawValue{FullBytes: ivParam}},
	})
	if err != nil {
		return nil, err
	}
	return asn1.Marshal(encryptedPrivateKeyInfo{
		Algorithm:     pkix.AlgorithmIdentifier{Algorithm: oidPBES2, Parameters: asn1.RawValue{FullBytes: params}},
		EncryptedData: ct,
	})
}

// decryptPKCS8 decrypts a DER EncryptedPrivateKeyInfo, refusing scrypt
// costs above 2^maxLogN, and returns the Go private key it holds.
func decryptPKCS8(der, passphrase []byte, maxLogN int) (crypto.PrivateKey, error) {
	var info encryptedPrivateKeyInfo
	if err := unmarshalAll(der, &info, "EncryptedPrivateKeyInfo"); err != nil {
		return nil, err
	}
	if !info.Algorithm.Algorithm.Equal(oidPBES2) {
		return nil, fmt.Errorf("encryption algorithm %v, want PBES2 (%v): %w", info.Algorithm.Algorithm, oidPBES2, ErrFormat)
	}
	var p2 pbes2Params
	if err := unmarshalAll(info.Algorithm.Parameters.FullBytes, &p2, "PBES2 parameters"); err != nil {
		return nil, err
	}
	if !p2.KeyDerivationFunc.Algorithm.Equal(oidScrypt) {
		return nil, fmt.Errorf("key derivation function %v, want scrypt (%v): %w", p2.KeyDerivationFunc.Algorithm, oidScrypt, ErrFormat)
	}
	if !p2.EncryptionScheme.Algorithm.Equal(oidAES256CBC) {
		return nil, fmt.Errorf("encryption scheme %v, want AES-256-CBC (%v): %w", p2.EncryptionScheme.Algorithm, oidAES256CBC, ErrFormat)
	}
	var sp scryptParams
	if err := unmarshalAll(p2.KeyDerivationFunc.Parameters.FullBytes, &sp, "scrypt parameters"); err != nil {
		return nil, err
	}
	if err := checkScryptParams(sp, maxLogN); err != nil {
		return nil, err
	}
	var iv []byte
	if err := unmarshalAll(p2.EncryptionScheme.Parameters.FullBytes, &iv, "AES-256-CBC IV"); err != nil {
		return nil, err
	}
	if len(iv) != aes.BlockSize {
		return nil, fmt.Errorf("AES-256-CBC IV of %d bytes, want %d: %w", len(iv), aes.BlockSize, ErrFormat)
	}
	ct := info.EncryptedData
	if len(ct) == 0 || len(ct)%aes.BlockSize != 0 || len(ct) > maxEncryptedData {
		return nil, fmt.Errorf("encrypted key of %d bytes, want a multiple of %d up to %d: %w", len(ct), aes.BlockSize, maxEncryptedData, ErrFormat)
	}

	block, err := deriveCipher(passphrase, sp)
	if err != nil {
		return nil, err
	}
	plain := make([]byte, len(ct))
	defer clear(plain)
	cipher.NewCBCDecrypter(block, iv).CryptBlocks(plain, ct)
	body, ok := unpad(plain)
	if !ok {
		return nil, ErrBadPassphrase
	}
	key, err := x509.ParsePKCS8PrivateKey(body)
	if err != nil {
		// Valid padding by chance (about 1 in 256 wrong passphrases):
		// the same error as bad padding, and no detail.
		return nil, ErrBadPassphrase
	}
	return key, nil
}

// checkScryptParams bounds the work and memory a key file can ask for.
func checkScryptParams(sp scryptParams, maxLogN int) error {
	switch {
	case len(sp.Salt) == 0 || len(sp.Salt) > maxSaltLen:
		return fmt.Errorf("scrypt salt of %d bytes, want 1 to %d: %w", len(sp.Salt), maxSaltLen, ErrFormat)
	case sp.N < 2 || sp.N&(sp.N-1) != 0:
		return fmt.Errorf("scrypt cost N = %d is not a power of 2 above 1: %w", sp.N, ErrFormat)
	case sp.N > 1<<maxLogN:
		return fmt.Errorf("scrypt cost N = %d, at most 2^%d accepted: %w", sp.N, maxLogN, ErrFormat)
	case sp.R < 1 || sp.P < 1 || sp.R > 1<<maxLogN || sp.P > 1<<maxLogN:
		return fmt.Errorf("scrypt r = %d, p = %d: %w", sp.R, sp.P, ErrFormat)
	case int64(sp.N)*int64(sp.R)*int64(sp.P) > 1<<(maxLogN+3):
		// Each factor is at most 2^maxLogN, so the product does not overflow.
		return fmt.Errorf("scrypt N·r·p = %d·%d·%d, at most 2^%d accepted: %w", sp.N, sp.R, sp.P, maxLogN+3, ErrFormat)
	case sp.KeyLength != 0 && sp.KeyLength != aesKeyLen:
		return fmt.Errorf("scrypt key length %d, want %d for AES-256: %w", sp.KeyLength, aesKeyLen, ErrFormat)
	}
	return nil
}

// deriveCipher runs scrypt and returns the AES-256 block cipher keyed by it.
func deriveCipher(passphrase []byte, sp scryptParams) (cipher.Block, error) {
	dk, err := scrypt.Key(passphrase, sp.Salt, sp.N, sp.R, sp.P, aesKeyLen)
	if err != nil {
		return nil, fmt.Errorf("scrypt: %v: %w", err, ErrFormat)
	}
	defer clear(dk)
	return aes.NewCipher(dk)
}

// unmarshalAll decodes DER into v and refuses trailing bytes.
func unmarshalAll(der []byte, v any, what string) error {
	rest, err := asn1.Unmarshal(der, v)
	if err != nil {
		return fmt.Errorf("%s: %v: %w", what, err, ErrFormat)
	}
	if len(rest) != 0 {
		return fmt.Errorf("%s: %d bytes of trailing data: %w", what, len(rest), ErrFormat)
	}
	return nil
}

// pad returns a copy of b with PKCS#7 padding to the AES block size.
func pad(b []byte) []byte {
	n := aes.BlockSize - len(b)%aes.BlockSize
	out := make([]byte, len(b)+n)
	copy(out, b)
	for i := len(b); i < len(out); i++ {
		out[i] = byte(n)
	}
	return out
}

// unpad strips PKCS#7 padding from b, whose length is a positive multiple
// of the block size. It reads the whole last block whatever the padding
// says, so its timing does not depend on the padding.
func unpad(b []byte) ([]byte, bool) {
	if len(b) == 0 || len(b)%aes.BlockSize != 0 {
		return nil, false
	}
	last := b[len(b)-1]
	n := int(last)
	good := subtle.ConstantTimeLessOrEq(1, n) & subtle.ConstantTimeLessOrEq(n, aes.BlockSize)
	for i := 1; i <= aes.BlockSize; i++ {
		inPadding := subtle.ConstantTimeLessOrEq(i, n)
		matches := subtle.ConstantTimeByteEq(b[len(b)-i], last)
		good &= subtle.ConstantTimeSelect(inPadding, matches, 1)
	}
	if good != 1 {
		return nil, false
	}
	return b[:len(b)-n], true
}
