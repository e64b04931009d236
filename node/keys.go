package node

import (
	"bytes"
	"errors"
	"fmt"
	"os"
	"path/filepath"

	cmtcfg "github.com/cometbft/cometbft/config"
	"github.com/cometbft/cometbft/crypto"
	"github.com/cometbft/cometbft/crypto/ed25519"
	cmtjson "github.com/cometbft/cometbft/libs/json"
	"github.com/cometbft/cometbft/p2p"
	"github.com/cometbft/cometbft/privval"
	"github.com/cometbft/cometbft/store"
	"github.com/cometbft/cometbft/types"
)

// ErrBadKeyFile is returned for a node or validator key file that CometBFT
// would crash on or misuse: not JSON, no key, a key of the wrong type or
// length, or a public key that does not belong to the private one.
var ErrBadKeyFile = errors.New("bad key file")

// ErrSigningStateLost is returned when priv_validator_state.json is
// missing or behind the blocks this validator has signed: starting would
// let it sign those heights again and be slashed for double signing.
var ErrSigningStateLost = errors.New("the validator's signing state is missing or behind what it signed")

// checkEd25519 checks a private key is an Ed25519 key of the right length.
func checkEd25519(path string, k crypto.PrivKey) error {
	switch k := k.(type) {
	case nil:
		return fmt.Errorf("%w: %s holds no private key", ErrBadKeyFile, path)
	case ed25519.PrivKey:
		if len(k) != ed25519.PrivateKeySize {
			return fmt.Errorf("%w: %s: an Ed25519 private key is %d bytes, this one %d", ErrBadKeyFile, path, ed25519.PrivateKeySize, len(k))
		}
		return nil
	default:
		return fmt.Errorf("%w: %s holds a %s key; BTTC consensus and node keys are Ed25519 (tendermint/PrivKeyEd25519)", ErrBadKeyFile, path, k.Type())
	}
}

// loadNodeKey reads the P2P identity after checking its file.
func loadNodeKey(cfg *cmtcfg.Config) (*p2p.NodeKey, error) {
	path := cfg.NodeKeyFile()
	raw, err := os.ReadFile(path)
	if err != nil {
		return nil, fmt.Errorf("node key: %w", err)
	}
	var k p2p.NodeKey
	if err := cmtjson.Unmarshal(raw, &k); err != nil {
		return nil, fmt.Errorf("%w: %s is not a CometBFT node key file: %v", ErrBadKeyFile, path, err)
	}
	if err := checkEd25519(path, k.PrivKey); err != nil {
		return nil, err
	}
	return &k, nil
}

// loadPVKey reads and checks the consensus key file.
func loadPVKey(cfg *cmtcfg.Config) (privval.FilePVKey, error) {
	path := cfg.PrivValidatorKeyFile()
	var key privval.FilePVKey
	raw, err := os.ReadFile(path)
	if err != nil {
		return key, fmt.Errorf("validator key: %w", err)
	}
	if err := cmtjson.Unmarshal(raw, &key); err != nil {
		return key, fmt.Errorf("%w: %s is not a CometBFT validator key file: %v", ErrBadKeyFile, path, err)
	}
	if err := checkEd25519(path, key.PrivKey); err != nil {
		return key, err
	}
	pub := key.PrivKey.PubKey()
	if key.PubKey == nil || !key.PubKey.Equals(pub) {
		return key, fmt.Errorf("%w: %s: pub_key does not belong to priv_key", ErrBadKeyFile, path)
	}
	if !bytes.Equal(key.Address, pub.Address()) {
		return key, fmt.Errorf("%w: %s: address %X is not the key's (%X)", ErrBadKeyFile, path, key.Address, pub.Address())
	}
	return key, nil
}

// checkSigningState refuses to start a validator whose signing state file
// does not cover the last block its key signed in the block store. It reads
// the last stored block's commit, which holds the signatures of the
// height before it, and the seen commit of the last height.
func checkSigningState(cfg *cmtcfg.Config, pvAddr crypto.Address, stateHeight int64, stateExists bool) error {
	if _, err := os.Stat(filepath.Join(cfg.DBDir(), "blockstore.db")); errors.Is(err, os.ErrNotExist) {
		return nil // a new node: nothing signed yet
	}
	db, err := openCometDB(cfg, "blockstore")
	if err != nil {
		return err
	}
	defer db.Close()
	bs := store.NewBlockStore(db)
	last := bs.Height()
	signed := int64(0)
	if sc := bs.LoadSeenCommit(last); sc != nil && signedBy(sc.Signatures, pvAddr) {
		signed = last
	} else if bc := bs.LoadBlockCommit(last - 1); bc != nil && signedBy(bc.Signatures, pvAddr) {
		signed = last - 1
	}
	if signed == 0 || (stateExists && stateHeight >= signed) {
		return nil
	}
	what := "is missing"
	if stateExists {
		what = fmt.Sprintf("says height %d", stateHeight)
	}
	return fmt.Errorf("%w: %s %s, but this validator signed block %d. Restore the file from a backup (or copy it from where the validator ran last); starting without it risks signing twice and being slashed and tombstoned",
		ErrSigningStateLost, cfg.PrivValidatorStateFile(), what, signed)
}

func signedBy(sigs []types.CommitSig, addr crypto.Address) bool {
	for _, s := range sigs {
		if s.BlockIDFlag == types.BlockIDFlagCommit && bytes.Equal(s.ValidatorAddress, addr) {
			return true
		}
	}
	return false
}
