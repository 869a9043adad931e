package keys

import (
	"errors"
	"testing"
)

// fuzzMaxLogN caps scrypt while fuzzing so each input takes microseconds
// and the fuzzer explores the parser rather than scrypt; the seeds use
// N = 2^2. The real cap, MaxScryptLogN, is tested by TestScryptLimits and
// TestRFC7914Vector.
const fuzzMaxLogN = 6

// FuzzParsePrivate feeds arbitrary bytes, as PEM and as DER, and an
// arbitrary passphrase to the private key parser: it must not panic, must
// bound its work, and must either return a usable key or an error that
// wraps one of the package's sentinel errors. Seeds are in
// testdata/fuzz/FuzzParsePrivate.
func FuzzParsePrivate(f *testing.F) {
	f.Fuzz(func(t *testing.T, data []byte, passphrase string) {
		k, err := parsePrivatePEM(data, passphrase, fuzzMaxLogN)
		checkParsed(t, k, err)
		k, err = parsePrivateDER(data, passphrase, fuzzMaxLogN)
		checkParsed(t, k, err)
	})
}

func checkParsed(t *testing.T, k PrivateKey, err error) {
	t.Helper()
	if err != nil {
		if k.k != nil {
			t.Fatalf("error %v with a key", err)
		}
		for _, e := range []error{ErrFormat, ErrBadPassphrase, ErrWeakKey, ErrUnsupportedKey} {
			if errors.Is(err, e) {
				return
			}
		}
		t.Fatalf("error %q wraps no sentinel error", err)
	}
	// A key that parsed must be whole: it re-encrypts and reads back.
	der, err := encryptPKCS8(k.key(), []byte("p"), 1)
	if err != nil {
		t.Fatalf("%v does not re-encrypt: %v", k, err)
	}
	k2, err := parsePrivateDER(der, "p", fuzzMaxLogN)
	if err != nil || !k2.Public().Equal(k.Public()) {
		t.Fatalf("%v does not round-trip: %v", k, err)
	}
	if k.Public().Alg() != 0 {
		if _, err := Sign(k, []byte("m")); err != nil {
			t.Fatalf("%v cannot sign: %v", k, err)
		}
	}
}
