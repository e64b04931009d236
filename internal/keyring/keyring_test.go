package keyring

import (
	"errors"
	"testing"

	"github.com/ethereum/go-ethereum/accounts/keystore"
	"github.com/ethereum/go-ethereum/crypto"

	"github.com/bttc-network/bttc/core/address"
)

// Published vectors: the same mnemonics give these addresses in MetaMask,
// ethers and Hardhat.
func TestMnemonicVectors(t *testing.T) {
	tests := []struct {
		mnemonic string
		index    uint32
		want     string
	}{
		{"abandon abandon abandon abandon abandon abandon abandon abandon abandon abandon abandon about", 0, "0x9858EfFD232B4033E47d90003D41EC34EcaEda94"},
		{"test test test test test test test test test test test junk", 0, "0xf39Fd6e51aad88F6F4ce6aB8827279cffFb92266"},
		{"test test test test test test test test test test test junk", 1, "0x70997970C51812dc3A010C7d01b50e0d17dc79C8"},
	}
	for _, tt := range tests {
		key, err := KeyFromMnemonic(tt.mnemonic, tt.index)
		if err != nil {
			t.Fatal(err)
		}
		if have := address.FromPublicKey(&key.PublicKey).Hex(); have != tt.want {
			t.Errorf("%q/%d gives %s, want %s", tt.mnemonic[:20], tt.index, have, tt.want)
		}
	}
	if _, err := KeyFromMnemonic("test test test test test test test test test test test test", 0); !errors.Is(err, ErrBadMnemonic) {
		t.Fatalf("bad checksum: %v", err)
	}
}

func TestAddListShowKeyDelete(t *testing.T) {
	kr, err := Open(t.TempDir(), BackendFile)
	if err != nil {
		t.Fatal(err)
	}
	kr = kr.WithLightScrypt()
	key, _ := crypto.GenerateKey()
	info, err := kr.Add("alice", key, "right horse")
	if err != nil {
		t.Fatal(err)
	}
	if _, err := kr.Add("alice", key, "x"); !errors.Is(err, ErrExists) {
		t.Fatalf("second add: %v", err)
	}
	if _, err := kr.Add("../evil", key, "x"); !errors.Is(err, ErrBadName) {
		t.Fatalf("path name: %v", err)
	}
	list, err := kr.List()
	if err != nil || len(list) != 1 || list[0] != info {
		t.Fatalf("List = %v, %v", list, err)
	}
	if _, err := kr.Key("alice", "wrong horse"); !errors.Is(err, ErrWrongPassphrase) {
		t.Fatalf("wrong passphrase: %v", err)
	}
	back, err := kr.Key("alice", "right horse")
	if err != nil || !back.Equal(key) {
		t.Fatalf("Key = %v", err)
	}
	if err := kr.Delete("alice"); err != nil {
		t.Fatal(err)
	}
	if _, err := kr.Show("alice"); !errors.Is(err, ErrNotFound) {
		t.Fatalf("after delete: %v", err)
	}
}

// Export gives a file geth decrypts; Import takes a file geth wrote.
func TestEthKeystoreInterop(t *testing.T) {
	kr, _ := Open(t.TempDir(), BackendFile)
	kr = kr.WithLightScrypt()
	key, _ := crypto.GenerateKey()
	if _, err := kr.Add("a", key, "pw"); err != nil {
		t.Fatal(err)
	}
	blob, err := kr.Export("a")
	if err != nil {
		t.Fatal(err)
	}
	k, err := keystore.DecryptKey(blob, "pw")
	if err != nil || !k.PrivateKey.Equal(key) {
		t.Fatalf("geth cannot read the exported file: %v", err)
	}
	gethDir := t.TempDir()
	ks := keystore.NewKeyStore(gethDir, keystore.LightScryptN, keystore.LightScryptP)
	acct, err := ks.ImportECDSA(key, "geth-pw")
	if err != nil {
		t.Fatal(err)
	}
	gethBlob, err := ks.Export(acct, "geth-pw", "geth-pw")
	if err != nil {
		t.Fatal(err)
	}
	if _, err := kr.Import("b", gethBlob, "nope", "new"); !errors.Is(err, ErrWrongPassphrase) {
		t.Fatalf("import with the wrong passphrase: %v", err)
	}
	info, err := kr.Import("b", gethBlob, "geth-pw", "new")
	if err != nil {
		t.Fatal(err)
	}
	if info.Address.Bytes20() != acct.Address {
		t.Fatalf("imported %s, geth has %s", info.Address, acct.Address.Hex())
	}
}

func TestTestBackendAndLocalChains(t *testing.T) {
	kr, err := Open(t.TempDir(), BackendTest)
	if err != nil {
		t.Fatal(err)
	}
	key, _ := crypto.GenerateKey()
	if _, err := kr.Add("dev", key, "ignored"); err != nil {
		t.Fatal(err)
	}
	if _, err := kr.Key("dev", "anything"); err != nil {
		t.Fatalf("test backend key: %v", err)
	}
	if _, err := Open(t.TempDir(), "os"); !errors.Is(err, ErrBadBackend) {
		t.Fatalf("unknown backend: %v", err)
	}
	for id, want := range map[string]bool{"bttc-dev": true, "bttc-local-1": true, "localnet": true, "bttc-mainnet": false, "bttc-test-1": false, "devastation": false} {
		if IsLocalChain(id) != want {
			t.Errorf("IsLocalChain(%q) = %v", id, !want)
		}
	}
}
