// Command bttc-rootchain runs a local root chain for the BTTC dev chain's
// bridge: a go-ethereum dev chain on 127.0.0.1:8545 whose dev key (the
// well-known "test test ... junk" mnemonic's first key) holds 1,000 ether.
// `bttcd dev --bridge http://127.0.0.1:8545` deploys a test BTT token and
// the root contract there and registers it; `make run` starts both.
//
// It is a command of its own because go-ethereum's execution client would
// almost double bttcd's size; validators never need it.
package main

import (
	"errors"
	"flag"
	"fmt"
	"io"
	"os"
	"os/signal"
	"path/filepath"
	"syscall"
	"time"

	"github.com/ethereum/go-ethereum/common"
	gethlog "github.com/ethereum/go-ethereum/log"

	"github.com/bttc-network/bttc/core/address"
	"github.com/bttc-network/bttc/genesis"
	"github.com/bttc-network/bttc/internal/keyring"
	"github.com/bttc-network/bttc/internal/rootchain"
)

func main() {
	if err := run(os.Args[1:], os.Stderr); err != nil {
		if errors.Is(err, flag.ErrHelp) {
			return
		}
		fmt.Fprintf(os.Stderr, "Error: %s\n", err)
		os.Exit(1)
	}
}

func run(args []string, w io.Writer) error {
	home, _ := os.UserHomeDir()
	fs := flag.NewFlagSet("bttc-rootchain", flag.ContinueOnError)
	fs.SetOutput(w)
	addr := fs.String("addr", "127.0.0.1:8545", "host:port of the JSON-RPC")
	chainID := fs.Uint64("chain-id", rootchain.DefaultChainID, "the chain id")
	dataDir := fs.String("datadir", filepath.Join(home, ".bttc-rootchain"), "where the chain is kept (\"\" keeps it in memory)")
	blockTime := fs.Duration("block-time", time.Second, "time between blocks")
	var fund addressList
	fs.Var(&fund, "fund", "an address to give 1,000 ether in a new chain (repeatable)")
	fs.Usage = func() {
		fmt.Fprintf(w, `Usage: bttc-rootchain [flags]

A local root chain for the BTTC dev chain's bridge: a go-ethereum dev chain
serving JSON-RPC on --addr. In a new chain the dev key (mnemonic "%s",
never for real funds) and each --fund address hold 1,000 ether. Blocks
come every --block-time; a block is final 32 blocks later at most. The
chain is kept in --datadir and continues where it stopped.

Then: bttcd dev --bridge http://127.0.0.1:8545

Flags:
`, genesis.DevMnemonic)
		fs.PrintDefaults()
	}
	if err := fs.Parse(args); err != nil {
		return err
	}
	if fs.NArg() > 0 {
		return fmt.Errorf("unexpected argument %q (see --help)", fs.Arg(0))
	}
	if *blockTime < 10*time.Millisecond {
		return fmt.Errorf("--block-time %s is too short: at least 10ms", *blockTime)
	}
	key, err := keyring.KeyFromMnemonic(genesis.DevMnemonic, 0)
	if err != nil {
		return err
	}
	dev := address.FromPublicKey(&key.PublicKey)
	gethlog.SetDefault(gethlog.NewLogger(gethlog.DiscardHandler()))
	c, err := rootchain.Start(rootchain.Options{ChainID: *chainID, Addr: *addr, DataDir: *dataDir, BlockTime: *blockTime,
		Fund: append([]common.Address{common.Address(dev)}, fund...)})
	if err != nil {
		return err
	}
	defer c.Close()
	where := *dataDir
	if where == "" {
		where = "memory"
	}
	fmt.Fprintf(w, "\nLocal root chain %d is running (kept in %s)\n", *chainID, where)
	fmt.Fprintf(w, "  JSON-RPC:  %s\n", c.URL)
	fmt.Fprintf(w, "  dev key:   %s holds 1,000 ether\n", dev.Hex())
	fmt.Fprintf(w, "Next: bttcd dev --bridge %s. Ctrl-C stops the chain.\n\n", c.URL)

	stop := make(chan os.Signal, 1)
	signal.Notify(stop, syscall.SIGINT, syscall.SIGTERM)
	<-stop
	return nil
}

// addressList is a repeatable address flag.
type addressList []common.Address

func (l *addressList) String() string { return fmt.Sprint(*l) }

func (l *addressList) Set(s string) error {
	a, err := address.Parse(s)
	if err != nil {
		return err
	}
	*l = append(*l, common.Address(a))
	return nil
}
