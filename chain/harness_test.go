package chain

import (
	"context"
	"crypto/ecdsa"
	"crypto/sha256"
	"encoding/json"
	"fmt"
	"testing"
	"time"

	abci "github.com/cometbft/cometbft/abci/types"
	"github.com/cometbft/cometbft/crypto/ed25519"
	"github.com/ethereum/go-ethereum/crypto"
	"github.com/holiman/uint256"

	"github.com/bttc-network/bttc/chain/api"
	"github.com/bttc-network/bttc/core/address"
	"github.com/bttc-network/bttc/core/bank"
	"github.com/bttc-network/bttc/core/btt"
	"github.com/bttc-network/bttc/core/state"
	"github.com/bttc-network/bttc/core/tx"
	"github.com/bttc-network/bttc/genesis"
)

const testChainID = "bttc-test"

// user is a funded key in a test chain.
type user struct {
	key   *ecdsa.PrivateKey
	addr  address.Address
	nonce uint64
}

func newUser(tb testing.TB) *user {
	tb.Helper()
	k, err := crypto.GenerateKey()
	if err != nil {
		tb.Fatal(err)
	}
	return &user{key: k, addr: address.FromPublicKey(&k.PublicKey)}
}

// testGasPrice is what test transactions pay per gas.
var testGasPrice = uint256.NewInt(1_000)

// sign builds and signs a transaction of msgs with the next nonce.
func (u *user) sign(tb testing.TB, chainID string, gas uint64, msgs ...tx.Msg) []byte {
	tb.Helper()
	raws := make([]tx.RawMsg, len(msgs))
	for i, m := range msgs {
		r, err := tx.EncodeMsg(m)
		if err != nil {
			tb.Fatal(err)
		}
		raws[i] = r
	}
	body := tx.Body{ChainID: chainID, Nonce: u.nonce, GasLimit: gas, GasPrice: testGasPrice, Msgs: raws}
	signed, err := tx.Sign(body, tx.KeySigner{Key: u.key})
	if err != nil {
		tb.Fatal(err)
	}
	raw, err := signed.Encode()
	if err != nil {
		tb.Fatal(err)
	}
	u.nonce++
	return raw
}

// testChain drives an App through the ABCI calls in process.
type testChain struct {
	tb     testing.TB
	app    *App
	height int64
	time   time.Time
	hashes [][]byte // app hash after each height
	// Given to the next FinalizeBlock, as CometBFT would.
	lastCommit  abci.CommitInfo
	misbehavior []abci.Misbehavior
}

// genesisOperator runs the test chain's genesis validator.
var (
	genesisOperator = address.Address{0xee}
	genesisConsKey  = ed25519.GenPrivKeyFromSecret([]byte("genesis validator")).PubKey().Bytes()
	genesisSelfBond = btt.FromBTT(1_000)
)

func appStateFor(balances map[address.Address]*uint256.Int) []byte {
	return appStateWith(balances, nil)
}

// appStateWith is appStateFor with a last change to the app state.
func appStateWith(balances map[address.Address]*uint256.Int, tune func(*genesis.AppState)) []byte {
	st := genesis.DefaultAppState()
	st.Bank.Accounts = bank.Funded(balances)
	if err := genesis.AddValidator(&st, genesisOperator, genesisConsKey, "genesis", genesisSelfBond); err != nil {
		panic(err)
	}
	if tune != nil {
		tune(&st)
	}
	raw, err := json.Marshal(st)
	if err != nil {
		panic(err)
	}
	return raw
}

func newTestChain(tb testing.TB, store *state.Store, appState []byte, cfg Config) *testChain {
	tb.Helper()
	app, err := New(store, cfg)
	if err != nil {
		tb.Fatal(err)
	}
	c := &testChain{tb: tb, app: app, time: time.Unix(1_700_000_000, 0).UTC()}
	if _, err := app.InitChain(context.Background(), &abci.RequestInitChain{ChainId: testChainID, InitialHeight: 1, AppStateBytes: appState, Time: c.time}); err != nil {
		tb.Fatal(err)
	}
	return c
}

func memStore(tb testing.TB) *state.Store {
	s, err := state.OpenMemory(state.Options{})
	if err != nil {
		tb.Fatal(err)
	}
	return s
}

// checkTx runs CheckTx and returns its response.
func (c *testChain) checkTx(raw []byte) *abci.ResponseCheckTx {
	res, err := c.app.CheckTx(context.Background(), &abci.RequestCheckTx{Tx: raw, Type: abci.CheckTxType_New})
	if err != nil {
		c.tb.Fatal(err)
	}
	return res
}

// propose runs PrepareProposal and ProcessProposal and returns what the
// proposer kept; it fails the test if the block it built is rejected.
func (c *testChain) propose(txs ...[]byte) [][]byte {
	ctx := context.Background()
	prep, err := c.app.PrepareProposal(ctx, &abci.RequestPrepareProposal{Txs: txs, MaxTxBytes: 20 << 20, Height: c.height + 1, Time: c.time})
	if err != nil {
		c.tb.Fatal(err)
	}
	proc, err := c.app.ProcessProposal(ctx, &abci.RequestProcessProposal{Txs: prep.Txs, Height: c.height + 1, Time: c.time})
	if err != nil {
		c.tb.Fatal(err)
	}
	if proc.Status != abci.ResponseProcessProposal_ACCEPT {
		c.tb.Fatal("ProcessProposal rejected PrepareProposal's own block")
	}
	return prep.Txs
}

// finalize runs FinalizeBlock and Commit on exactly txs.
func (c *testChain) finalize(txs ...[]byte) *abci.ResponseFinalizeBlock {
	c.height++
	c.time = c.time.Add(time.Second)
	res, err := c.app.FinalizeBlock(context.Background(), &abci.RequestFinalizeBlock{
		Txs: txs, Height: c.height, Time: c.time, DecidedLastCommit: c.lastCommit, Misbehavior: c.misbehavior,
		Hash: testBlockHash(c.height),
	})
	c.misbehavior = nil
	if err != nil {
		c.tb.Fatal(err)
	}
	if _, err := c.app.Commit(context.Background(), &abci.RequestCommit{}); err != nil {
		c.tb.Fatal(err)
	}
	c.hashes = append(c.hashes, res.AppHash)
	return res
}

// testBlockHash stands in for the hash CometBFT gives each block.
func testBlockHash(height int64) []byte {
	h := sha256.Sum256(fmt.Appendf(nil, "block %d", height))
	return h[:]
}

// block runs the whole cycle: CheckTx for each, propose, finalize, commit.
func (c *testChain) block(txs ...[]byte) *abci.ResponseFinalizeBlock {
	for _, raw := range txs {
		if res := c.checkTx(raw); res.Code != 0 {
			c.tb.Fatalf("CheckTx refused a transaction: %s", res.Log)
		}
	}
	return c.finalize(c.propose(txs...)...)
}

func (c *testChain) query(path string, data []byte, height int64, prove bool) *abci.ResponseQuery {
	res, err := c.app.Query(context.Background(), &abci.RequestQuery{Path: path, Data: data, Height: height, Prove: prove})
	if err != nil {
		c.tb.Fatal(err)
	}
	return res
}

func (c *testChain) account(a address.Address) api.AccountView {
	res := c.query(api.PathAccount+a.Hex(), nil, 0, false)
	if res.Code != 0 {
		c.tb.Fatalf("query account: %s", res.Log)
	}
	var v api.AccountView
	if err := json.Unmarshal(res.Value, &v); err != nil {
		c.tb.Fatal(err)
	}
	return v
}

func (c *testChain) balance(a address.Address) *uint256.Int {
	return uint256.MustFromDecimal(c.account(a).BalanceWei)
}

// feeOf is the fee a transaction of the given gas limit pays.
func feeOf(gas uint64) *uint256.Int {
	return new(uint256.Int).Mul(uint256.NewInt(gas), testGasPrice)
}

func sendMsg(to address.Address, amount *uint256.Int) *bank.MsgSend {
	return &bank.MsgSend{To: to, Amount: amount}
}
