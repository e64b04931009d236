package keyring

import (
	"crypto/ecdsa"
	"encoding/json"
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"regexp"
	"sort"
	"strings"

	"github.com/ethereum/go-ethereum/accounts/keystore"
	"github.com/google/uuid"
	bip39 "github.com/tyler-smith/go-bip39"

	"github.com/bttc-network/bttc/core/address"
)

// Backend names.
const (
	BackendFile = "file"
	BackendTest = "test"
)

// Errors of the keyring.
var (
	// ErrWrongPassphrase is returned when a passphrase does not decrypt a key.
	ErrWrongPassphrase = errors.New("wrong passphrase")
	// ErrNotFound is returned for a key name that has no file.
	ErrNotFound = errors.New("no such key")
	// ErrExists is returned when adding a name that is taken.
	ErrExists = errors.New("a key with that name exists")
	// ErrBadName is returned for a name that is not a safe file name.
	ErrBadName = errors.New("key names are 1-64 letters, digits, '-' or '_'")
	// ErrBadMnemonic is returned for a mnemonic that fails its BIP-39 checksum.
	ErrBadMnemonic = errors.New("invalid mnemonic")
	// ErrBadBackend is returned for an unknown backend name.
	ErrBadBackend = errors.New("unknown keyring backend")
)

var nameRE = regexp.MustCompile(`^[A-Za-z0-9_-]{1,64}$`)

// Keyring is a directory of key files.
type Keyring struct {
	dir     string
	backend string
	scryptN int
	scryptP int
}

// Open returns the keyring of a backend under dir (created on first write).
func Open(dir, backend string) (*Keyring, error) {
	switch backend {
	case BackendFile:
		return &Keyring{dir: dir, backend: backend, scryptN: keystore.StandardScryptN, scryptP: keystore.StandardScryptP}, nil
	case BackendTest:
		return &Keyring{dir: dir, backend: backend, scryptN: keystore.LightScryptN, scryptP: keystore.LightScryptP}, nil
	}
	return nil, fmt.Errorf("%w %q: use %q or %q", ErrBadBackend, backend, BackendFile, BackendTest)
}

// WithLightScrypt makes new files cheap to encrypt; tests use it.
func (k *Keyring) WithLightScrypt() *Keyring {
	c := *k
	c.scryptN, c.scryptP = keystore.LightScryptN, keystore.LightScryptP
	return &c
}

// Backend is the backend's name.
func (k *Keyring) Backend() string { return k.backend }

// NeedsPassphrase reports whether keys are protected by a passphrase; the
// test backend's keys are not.
func (k *Keyring) NeedsPassphrase() bool { return k.backend == BackendFile }

// Info is what is known of a key without its passphrase.
type Info struct {
	Name    string          `json:"name"`
	Address address.Address `json:"address"`
}

func (k *Keyring) path(name string) (string, error) {
	if !nameRE.MatchString(name) {
		return "", fmt.Errorf("%w: %q", ErrBadName, name)
	}
	return filepath.Join(k.dir, name+".json"), nil
}

// NewMnemonic returns a fresh 24-word mnemonic.
func NewMnemonic() (string, error) {
	entropy, err := bip39.NewEntropy(256)
	if err != nil {
		return "", err
	}
	return bip39.NewMnemonic(entropy)
}

// KeyFromMnemonic derives the key at m/44'/60'/0'/0/index.
func KeyFromMnemonic(mnemonic string, index uint32) (*ecdsa.PrivateKey, error) {
	mnemonic = strings.Join(strings.Fields(mnemonic), " ")
	if !bip39.IsMnemonicValid(mnemonic) {
		return nil, fmt.Errorf("%w: check the words and their order", ErrBadMnemonic)
	}
	seed := bip39.NewSeed(mnemonic, "")
	return deriveKey(seed, fmt.Sprintf("%s%d", HDPathPrefix, index))
}

// Add stores key under name, encrypted with passphrase.
func (k *Keyring) Add(name string, key *ecdsa.PrivateKey, passphrase string) (Info, error) {
	p, err := k.path(name)
	if err != nil {
		return Info{}, err
	}
	if _, err := os.Stat(p); err == nil {
		return Info{}, fmt.Errorf("%w: %q", ErrExists, name)
	}
	id, err := uuid.NewRandom()
	if err != nil {
		return Info{}, err
	}
	blob, err := keystore.EncryptKey(&keystore.Key{Id: id, Address: address.FromPublicKey(&key.PublicKey).Bytes20(), PrivateKey: key}, k.pass(passphrase), k.scryptN, k.scryptP)
	if err != nil {
		return Info{}, err
	}
	if err := os.MkdirAll(k.dir, 0o700); err != nil {
		return Info{}, err
	}
	if err := writeFileAtomic(p, blob); err != nil {
		return Info{}, err
	}
	return Info{Name: name, Address: address.FromPublicKey(&key.PublicKey)}, nil
}

func (k *Keyring) pass(p string) string {
	if k.backend == BackendTest {
		return ""
	}
	return p
}

// List returns every key, sorted by name.
func (k *Keyring) List() ([]Info, error) {
	files, err := filepath.Glob(filepath.Join(k.dir, "*.json"))
	if err != nil {
		return nil, err
	}
	out := make([]Info, 0, len(files))
	for _, f := range files {
		name := strings.TrimSuffix(filepath.Base(f), ".json")
		info, err := k.Show(name)
		if err != nil {
			return nil, err
		}
		out = append(out, info)
	}
	sort.Slice(out, func(i, j int) bool { return out[i].Name < out[j].Name })
	return out, nil
}

// Show returns a key's address without decrypting it. A name that is not a
// key is also looked up as an address among the keys.
func (k *Keyring) Show(name string) (Info, error) {
	p, err := k.path(name)
	if err != nil {
		return Info{}, err
	}
	blob, err := os.ReadFile(p)
	if errors.Is(err, os.ErrNotExist) {
		return Info{}, fmt.Errorf("%w %q in %s", ErrNotFound, name, k.dir)
	}
	if err != nil {
		return Info{}, err
	}
	var head struct {
		Address string `json:"address"`
	}
	if err := json.Unmarshal(blob, &head); err != nil {
		return Info{}, fmt.Errorf("key file %s is not a keystore file: %v", p, err)
	}
	a, err := address.Parse("0x" + strings.TrimPrefix(head.Address, "0x"))
	if err != nil {
		return Info{}, fmt.Errorf("key file %s: %w", p, err)
	}
	return Info{Name: name, Address: a}, nil
}

// Key decrypts a key.
func (k *Keyring) Key(name, passphrase string) (*ecdsa.PrivateKey, error) {
	blob, err := k.Export(name)
	if err != nil {
		return nil, err
	}
	key, err := keystore.DecryptKey(blob, k.pass(passphrase))
	if errors.Is(err, keystore.ErrDecrypt) {
		return nil, fmt.Errorf("%w for key %q", ErrWrongPassphrase, name)
	}
	if err != nil {
		return nil, fmt.Errorf("key %q: %w", name, err)
	}
	return key.PrivateKey, nil
}

// Delete removes a key file.
func (k *Keyring) Delete(name string) error {
	p, err := k.path(name)
	if err != nil {
		return err
	}
	if err := os.Remove(p); errors.Is(err, os.ErrNotExist) {
		return fmt.Errorf("%w %q in %s", ErrNotFound, name, k.dir)
	} else if err != nil {
		return err
	}
	return nil
}

// Export returns a key's keystore file as it is on disk: geth and MetaMask
// import it with the same passphrase.
func (k *Keyring) Export(name string) ([]byte, error) {
	p, err := k.path(name)
	if err != nil {
		return nil, err
	}
	blob, err := os.ReadFile(p)
	if errors.Is(err, os.ErrNotExist) {
		return nil, fmt.Errorf("%w %q in %s", ErrNotFound, name, k.dir)
	}
	return blob, err
}

// Import decrypts a keystore file from geth or MetaMask with its passphrase
// and stores it under name, encrypted with this keyring's passphrase.
func (k *Keyring) Import(name string, blob []byte, oldPassphrase, newPassphrase string) (Info, error) {
	key, err := keystore.DecryptKey(blob, oldPassphrase)
	if errors.Is(err, keystore.ErrDecrypt) {
		return Info{}, fmt.Errorf("%w for the imported keystore file", ErrWrongPassphrase)
	}
	if err != nil {
		return Info{}, fmt.Errorf("not a keystore file: %w", err)
	}
	return k.Add(name, key.PrivateKey, newPassphrase)
}

func writeFileAtomic(path string, data []byte) error {
	tmp := path + ".tmp"
	if err := os.WriteFile(tmp, data, 0o600); err != nil {
		return err
	}
	return os.Rename(tmp, path)
}

// IsLocalChain reports whether a chain id names a local development chain,
// the only kind the test backend may be used with: one of its words
// (split at '-' and '_') is dev, devnet, local or localnet.
func IsLocalChain(chainID string) bool {
	for _, w := range strings.FieldsFunc(strings.ToLower(chainID), func(r rune) bool { return r == '-' || r == '_' }) {
		switch w {
		case "dev", "devnet", "local", "localnet":
			return true
		}
	}
	return false
}
