package keyring

import (
	"crypto/ecdsa"
	"crypto/hmac"
	"crypto/sha512"
	"encoding/binary"
	"errors"
	"fmt"
	"math/big"
	"strconv"
	"strings"

	"github.com/ethereum/go-ethereum/crypto"
)

// HDPathPrefix is the Ethereum BIP-44 path; the account index follows.
const HDPathPrefix = "m/44'/60'/0'/0/"

const hardened uint32 = 1 << 31

var errBadPath = errors.New("bad HD path")

// parsePath reads m/a'/b/... into child indexes.
func parsePath(path string) ([]uint32, error) {
	parts := strings.Split(path, "/")
	if len(parts) < 2 || parts[0] != "m" {
		return nil, fmt.Errorf("%w %q: must start with m/", errBadPath, path)
	}
	out := make([]uint32, 0, len(parts)-1)
	for _, p := range parts[1:] {
		var h uint32
		if strings.HasSuffix(p, "'") {
			h, p = hardened, strings.TrimSuffix(p, "'")
		}
		n, err := strconv.ParseUint(p, 10, 31)
		if err != nil {
			return nil, fmt.Errorf("%w %q: %q is not an index", errBadPath, path, p)
		}
		out = append(out, uint32(n)|h)
	}
	return out, nil
}

// deriveKey derives the private key at path from a BIP-39 seed (BIP-32).
func deriveKey(seed []byte, path string) (*ecdsa.PrivateKey, error) {
	indexes, err := parsePath(path)
	if err != nil {
		return nil, err
	}
	mac := hmac.New(sha512.New, []byte("Bitcoin seed"))
	mac.Write(seed)
	sum := mac.Sum(nil)
	key, chain := new(big.Int).SetBytes(sum[:32]), sum[32:]
	n := crypto.S256().Params().N
	for _, idx := range indexes {
		var data []byte
		if idx >= hardened {
			data = append([]byte{0}, key.FillBytes(make([]byte, 32))...)
		} else {
			priv, err := crypto.ToECDSA(key.FillBytes(make([]byte, 32)))
			if err != nil {
				return nil, err
			}
			data = crypto.CompressPubkey(&priv.PublicKey)
		}
		data = binary.BigEndian.AppendUint32(data, idx)
		mac := hmac.New(sha512.New, chain)
		mac.Write(data)
		sum := mac.Sum(nil)
		il := new(big.Int).SetBytes(sum[:32])
		if il.Cmp(n) >= 0 {
			return nil, fmt.Errorf("%w: index %d gives an invalid key; use another index", errBadPath, idx)
		}
		key = il.Add(il, key).Mod(il, n)
		if key.Sign() == 0 {
			return nil, fmt.Errorf("%w: index %d gives an invalid key; use another index", errBadPath, idx)
		}
		chain = sum[32:]
	}
	return crypto.ToECDSA(key.FillBytes(make([]byte, 32)))
}
