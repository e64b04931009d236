package rootchain

import (
	"errors"
	"fmt"
	"math/big"
	"net"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"sync"
	"sync/atomic"
	"time"

	"github.com/ethereum/go-ethereum/common"
	"github.com/ethereum/go-ethereum/core"
	"github.com/ethereum/go-ethereum/core/types"
	"github.com/ethereum/go-ethereum/eth"
	"github.com/ethereum/go-ethereum/eth/catalyst"
	"github.com/ethereum/go-ethereum/eth/ethconfig"
	"github.com/ethereum/go-ethereum/eth/filters"
	"github.com/ethereum/go-ethereum/ethclient"
	"github.com/ethereum/go-ethereum/node"
	"github.com/ethereum/go-ethereum/p2p"
	"github.com/ethereum/go-ethereum/params"
	"github.com/ethereum/go-ethereum/rpc"
)

// DefaultChainID is go-ethereum's dev chain id, which wallets and tools
// expect of a local chain.
const DefaultChainID = 1337

// Options configure a local root chain.
type Options struct {
	// ChainID defaults to DefaultChainID.
	ChainID uint64
	// Addr is the JSON-RPC's host:port; port 0 picks a free one. The
	// default is 127.0.0.1 on a free port.
	Addr string
	// DataDir keeps the chain across restarts; empty keeps it in memory.
	DataDir string
	// BlockTime between blocks; 0 makes blocks only on Commit.
	BlockTime time.Duration
	// Fund each get 1,000 coins in the genesis.
	Fund []common.Address
}

// Chain is a running local root chain.
type Chain struct {
	// URL is the JSON-RPC endpoint.
	URL     string
	ChainID *big.Int

	stack  *node.Node
	eth    *eth.Ethereum
	beacon *catalyst.SimulatedBeacon
	client *ethclient.Client

	mu        sync.Mutex // serializes Commit with the block ticker
	held      atomic.Bool
	stop      chan struct{}
	ticking   sync.WaitGroup
	closeOnce sync.Once
}

// Coins is 1,000 of the chain's coin in wei: what each funded address gets.
var Coins = new(big.Int).Mul(big.NewInt(1000), big.NewInt(params.Ether))

// Start opens (or creates) the chain and serves its JSON-RPC.
func Start(o Options) (*Chain, error) {
	if o.ChainID == 0 {
		o.ChainID = DefaultChainID
	}
	if o.Addr == "" {
		o.Addr = "127.0.0.1:0"
	}
	host, portText, err := net.SplitHostPort(o.Addr)
	if err != nil {
		return nil, fmt.Errorf("address %q: want host:port", o.Addr)
	}
	port, err := strconv.Atoi(portText)
	if err != nil || port < 0 || port > 65535 {
		return nil, fmt.Errorf("address %q: %q is not a port", o.Addr, portText)
	}
	// go-ethereum logs a failed listen and goes on without it: claim the
	// port first, so that a port in use is the one clear error.
	l, err := net.Listen("tcp", net.JoinHostPort(host, portText))
	if err != nil {
		return nil, fmt.Errorf("cannot serve JSON-RPC on %s: %w", o.Addr, err)
	}
	port = l.Addr().(*net.TCPAddr).Port
	l.Close()

	if err := claimDataDir(o.DataDir, o.ChainID); err != nil {
		return nil, err
	}
	stack, err := node.New(&node.Config{
		Name:     "bttc-rootchain",
		DataDir:  o.DataDir,
		P2P:      p2p.Config{NoDiscovery: true, MaxPeers: 0},
		HTTPHost: host, HTTPPort: port, HTTPModules: []string{"eth", "net", "web3"},
		HTTPVirtualHosts: []string{"*"}, HTTPCors: []string{"*"},
	})
	if err != nil {
		return nil, fmt.Errorf("root chain in %q: %w", o.DataDir, err)
	}
	c := &Chain{URL: "http://" + net.JoinHostPort(host, strconv.Itoa(port)), ChainID: new(big.Int).SetUint64(o.ChainID),
		stack: stack, stop: make(chan struct{})}
	if err := c.open(o); err != nil {
		stack.Close()
		return nil, err
	}
	if o.BlockTime > 0 {
		c.ticking.Add(1)
		go c.tick(o.BlockTime)
	}
	return c, nil
}

// open starts the execution client and the beacon that drives it.
func (c *Chain) open(o Options) error {
	cfg := *params.AllDevChainProtocolChanges
	cfg.ChainID = c.ChainID
	alloc := core.SystemContractAllocs() // the dev chain runs every fork from genesis
	for _, a := range o.Fund {
		alloc[a] = types.Account{Balance: Coins}
	}
	conf := ethconfig.Defaults
	conf.Genesis = &core.Genesis{Config: &cfg, GasLimit: ethconfig.Defaults.Miner.GasCeil, Alloc: alloc}
	conf.SyncMode = ethconfig.FullSync
	conf.TxPool.NoLocals = true
	conf.LogNoHistory = true // logs are searched block by block: the chain is small
	backend, err := eth.New(c.stack, &conf)
	if err != nil {
		return fmt.Errorf("root chain: %w", err)
	}
	c.eth = backend
	c.stack.RegisterAPIs([]rpc.API{{Namespace: "eth", Service: filters.NewFilterAPI(filters.NewFilterSystem(backend.APIBackend, filters.Config{}))}})
	if err := c.stack.Start(); err != nil {
		return fmt.Errorf("root chain: %w", err)
	}
	if c.beacon, err = catalyst.NewSimulatedBeacon(0, common.Address{}, backend); err != nil {
		return fmt.Errorf("root chain beacon: %w", err)
	}
	c.client = ethclient.NewClient(c.stack.Attach())
	return nil
}

// claimDataDir records the chain id in a new data directory and refuses
// one made for another: go-ethereum would serve the old chain under the new
// id, and the contracts there would refuse every signature.
func claimDataDir(dir string, chainID uint64) error {
	if dir == "" {
		return nil
	}
	mark := filepath.Join(dir, "chain-id")
	raw, err := os.ReadFile(mark)
	switch {
	case errors.Is(err, os.ErrNotExist):
		if err := os.MkdirAll(dir, 0o700); err != nil {
			return err
		}
		return os.WriteFile(mark, []byte(strconv.FormatUint(chainID, 10)+"\n"), 0o600)
	case err != nil:
		return err
	}
	if had := strings.TrimSpace(string(raw)); had != strconv.FormatUint(chainID, 10) {
		return fmt.Errorf("the root chain in %s has chain id %s, not %d: use --chain-id %s, or delete the directory to start afresh", dir, had, chainID, had)
	}
	return nil
}

func (c *Chain) tick(every time.Duration) {
	defer c.ticking.Done()
	t := time.NewTicker(every)
	defer t.Stop()
	for {
		select {
		case <-c.stop:
			return
		case <-t.C:
			if !c.held.Load() {
				c.Commit()
			}
		}
	}
}

// Client reaches the chain in process.
func (c *Chain) Client() *ethclient.Client { return c.client }

// Commit makes a block of the pending transactions.
func (c *Chain) Commit() common.Hash {
	c.mu.Lock()
	defer c.mu.Unlock()
	return c.beacon.Commit()
}

// Hold stops (true) or restarts (false) the blocks BlockTime makes, so
// that a test places transactions in blocks of its choosing with Commit.
func (c *Chain) Hold(held bool) { c.held.Store(held) }

// Rewind makes block to the head, dropping the blocks above it and the
// transactions they held, as a reorg below finality would: the next
// blocks build on to. It is refused with transactions pending.
func (c *Chain) Rewind(to uint64) error {
	c.mu.Lock()
	defer c.mu.Unlock()
	b := c.eth.BlockChain().GetBlockByNumber(to)
	if b == nil {
		return fmt.Errorf("no block %d", to)
	}
	if err := c.beacon.Fork(b.Hash()); err != nil {
		return err
	}
	// The pool takes the dropped blocks' transactions back: drop them.
	c.eth.TxPool().Sync()
	c.beacon.Rollback()
	return nil
}

// Head is the latest block's number.
func (c *Chain) Head() uint64 { return c.eth.BlockChain().CurrentBlock().Number.Uint64() }

// Close stops the chain; a chain in a data directory keeps what it has.
func (c *Chain) Close() error {
	var err error
	c.closeOnce.Do(func() {
		close(c.stop)
		c.ticking.Wait()
		c.client.Close()
		err = errors.Join(c.beacon.Stop(), c.stack.Close())
	})
	return err
}
