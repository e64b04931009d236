package node

import (
	"crypto/ecdsa"
	"encoding/hex"
	"encoding/json"
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"strings"

	cmtcfg "github.com/cometbft/cometbft/config"
	"github.com/ethereum/go-ethereum/crypto"

	"github.com/bttc-network/bttc/core/address"
)

// The bridge-signer key signs bridge checkpoints in this validator's vote
// extensions, every block, so the node reads it unattended, like the
// consensus key: a plain key file beside priv_validator_key.json, readable
// by the node's user only. It is a secp256k1 key; its address is the
// bridge signer the validator registers in staking (the genesis validator
// of `init` and `testnet init-files` starts with it; `tx staking
// set-bridge-signer` rotates it). A node without the file votes but signs
// nothing.

// BridgeKeyFile is where a home keeps its bridge-signer key.
func BridgeKeyFile(cfg *cmtcfg.Config) string {
	return filepath.Join(cfg.RootDir, "config", "bridge_signer_key.json")
}

type bridgeKeyJSON struct {
	Address address.Address `json:"address"`
	PrivKey string          `json:"priv_key"` // hex
}

// LoadBridgeKey reads the home's bridge-signer key; ok is false when the
// home has none.
func LoadBridgeKey(cfg *cmtcfg.Config) (key *ecdsa.PrivateKey, ok bool, err error) {
	path := BridgeKeyFile(cfg)
	raw, err := os.ReadFile(path)
	if errors.Is(err, os.ErrNotExist) {
		return nil, false, nil
	}
	if err != nil {
		return nil, false, fmt.Errorf("bridge signer key: %w", err)
	}
	var f bridgeKeyJSON
	if err := json.Unmarshal(raw, &f); err != nil {
		return nil, false, fmt.Errorf("%w: %s is not a bridge signer key file: %v", ErrBadKeyFile, path, err)
	}
	b, err := hex.DecodeString(strings.TrimPrefix(f.PrivKey, "0x"))
	if err != nil {
		return nil, false, fmt.Errorf("%w: %s: priv_key is not hex", ErrBadKeyFile, path)
	}
	key, err = crypto.ToECDSA(b)
	if err != nil {
		return nil, false, fmt.Errorf("%w: %s: %v", ErrBadKeyFile, path, err)
	}
	if a := address.FromPublicKey(&key.PublicKey); a != f.Address {
		return nil, false, fmt.Errorf("%w: %s: address %s is not the key's (%s)", ErrBadKeyFile, path, f.Address, a)
	}
	return key, true, nil
}

// WriteBridgeKey writes key as the home's bridge-signer key, for a home
// whose signer must be known before init (init keeps it).
func WriteBridgeKey(cfg *cmtcfg.Config, key *ecdsa.PrivateKey) error {
	raw, err := json.MarshalIndent(bridgeKeyJSON{Address: address.FromPublicKey(&key.PublicKey), PrivKey: hex.EncodeToString(crypto.FromECDSA(key))}, "", "  ")
	if err != nil {
		return err
	}
	if err := os.MkdirAll(filepath.Dir(BridgeKeyFile(cfg)), 0o700); err != nil {
		return err
	}
	return os.WriteFile(BridgeKeyFile(cfg), raw, 0o600)
}

// loadOrGenBridgeKey keeps the home's bridge-signer key or makes one, and
// returns its address.
func loadOrGenBridgeKey(cfg *cmtcfg.Config) (address.Address, error) {
	key, ok, err := LoadBridgeKey(cfg)
	if err != nil {
		return address.Address{}, err
	}
	if !ok {
		if key, err = crypto.GenerateKey(); err != nil {
			return address.Address{}, err
		}
		if err := WriteBridgeKey(cfg, key); err != nil {
			return address.Address{}, err
		}
	}
	return address.FromPublicKey(&key.PublicKey), nil
}
