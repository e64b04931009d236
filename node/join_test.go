package node

import (
	"bytes"
	"errors"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

func TestJoinHome(t *testing.T) {
	network := initTestHome(t)
	gen := filepath.Join(network, "config", "genesis.json")
	peer := "0a4d383b0cd58ebaebade66269c903bb12941791@127.0.0.1:26656"
	home := filepath.Join(t.TempDir(), "joiner")

	for _, tc := range []struct {
		name string
		o    JoinOptions
		want string
	}{
		{"another chain's id", JoinOptions{ChainID: "bttc-other"}, "not bttc-other's"},
		{"a peer without an id", JoinOptions{Peers: []string{"127.0.0.1:26656"}}, "NODE_ID@HOST:PORT"},
		{"a genesis that is not one", JoinOptions{GenesisFile: filepath.Join(network, "config", "config.toml")}, "config.toml"},
	} {
		o := tc.o
		o.Home, o.Moniker = home, "j"
		if o.GenesisFile == "" {
			o.GenesisFile = gen
		}
		if _, err := JoinHome(o); err == nil || !strings.Contains(err.Error(), tc.want) {
			t.Errorf("%s: %v, want an error mentioning %q", tc.name, err, tc.want)
		}
	}
	if _, err := os.Stat(home); !errors.Is(err, os.ErrNotExist) {
		t.Fatal("a refused join left a home behind")
	}

	res, err := JoinHome(JoinOptions{Home: home, Moniker: "j", GenesisFile: gen, ChainID: "bttc-local-1", Peers: []string{peer}})
	if err != nil {
		t.Fatal(err)
	}
	want, _ := os.ReadFile(gen)
	if got, _ := os.ReadFile(filepath.Join(home, "config", "genesis.json")); !bytes.Equal(got, want) {
		t.Fatal("the genesis was not copied byte for byte")
	}
	if toml, _ := os.ReadFile(filepath.Join(home, "config", "config.toml")); !strings.Contains(string(toml), `persistent_peers = "`+peer+`"`) {
		t.Fatal("persistent_peers not written")
	}
	theirs, err := ValidatorPubKey(DefaultCometConfig(network, "m"))
	if err != nil {
		t.Fatal(err)
	}
	if res.ChainID != "bttc-local-1" || res.ConsensusKey.Equals(theirs) {
		t.Fatalf("join result %+v", res)
	}
	if _, err := JoinHome(JoinOptions{Home: home, Moniker: "j", GenesisFile: gen}); !errors.Is(err, ErrHomeExists) {
		t.Fatalf("second join: %v", err)
	}
}
