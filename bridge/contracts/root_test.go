package contracts_test

import (
	"context"
	"crypto/ecdsa"
	"crypto/sha256"
	"errors"
	"fmt"
	"math/big"
	"slices"
	"testing"
	"time"

	"github.com/ethereum/go-ethereum/accounts/abi/bind"
	bindv2 "github.com/ethereum/go-ethereum/accounts/abi/bind/v2"
	"github.com/ethereum/go-ethereum/common"
	"github.com/ethereum/go-ethereum/core/types"
	"github.com/ethereum/go-ethereum/crypto"
	"github.com/ethereum/go-ethereum/ethclient/simulated"
	"github.com/ethereum/go-ethereum/params"
	"github.com/holiman/uint256"

	"github.com/bttc-network/bttc/bridge"
	"github.com/bttc-network/bttc/bridge/contracts"
	"github.com/bttc-network/bttc/core/address"
)

const bttcChainID = "bttc-test"

// rootChain is a real go-ethereum chain in the test process with the root
// contract and a token deployed, and four BTTC bridge signers.
type rootChain struct {
	t        *testing.T
	sim      *simulated.Backend
	chainID  *big.Int
	owner    *bind.TransactOpts
	user     *bind.TransactOpts
	guardian *bind.TransactOpts
	root     *bind.BoundContract
	rootAddr common.Address
	token    *bind.BoundContract
	tokAddr  common.Address
	keys     []*ecdsa.PrivateKey // the signers, sorted by address
	set      bridge.SignerSet
	bttcID   string
	url      string // the JSON-RPC, for chains served over HTTP
}

// newKey makes the key named name: the same in every run, so that
// addresses, digests and signatures, and with them gas, repeat exactly.
func newKey(t *testing.T, name string) (*ecdsa.PrivateKey, *bind.TransactOpts) {
	seed := sha256.Sum256([]byte(name))
	k, err := crypto.ToECDSA(seed[:])
	if err != nil {
		t.Fatal(err)
	}
	opts, err := bind.NewKeyedTransactorWithChainID(k, params.AllDevChainProtocolChanges.ChainID)
	if err != nil {
		t.Fatal(err)
	}
	return k, opts
}

func newRootChain(t *testing.T, tokenMode uint8, powers []uint64) *rootChain {
	// Keys sorted by address, and powers given in that order, so that
	// index i is signer i with powers[i].
	keys := make([]*ecdsa.PrivateKey, len(powers))
	for i := range keys {
		keys[i], _ = newKey(t, fmt.Sprintf("bridge signer %d", i))
	}
	slices.SortFunc(keys, func(a, b *ecdsa.PrivateKey) int {
		return crypto.PubkeyToAddress(a.PublicKey).Cmp(crypto.PubkeyToAddress(b.PublicKey))
	})
	signers := make([]address.Address, len(keys))
	for i, k := range keys {
		signers[i] = address.FromPublicKey(&k.PublicKey)
	}
	r := newRootChainWithSet(t, tokenMode, bridge.NewSignerSet(signers, powers), bttcChainID)
	r.keys = keys
	return r
}

// newRootChainWithSet deploys the token and the root contract holding set,
// for the BTTC chain bttcID.
func newRootChainWithSet(t *testing.T, tokenMode uint8, set bridge.SignerSet, bttcID string) *rootChain {
	_, owner := newKey(t, "owner")
	_, user := newKey(t, "user")
	_, guardian := newKey(t, "guardian")
	eth := new(big.Int).Mul(big.NewInt(1000), big.NewInt(params.Ether))
	sim := simulated.NewBackend(types.GenesisAlloc{owner.From: {Balance: eth}, user.From: {Balance: eth}, guardian.From: {Balance: eth}})
	t.Cleanup(func() { sim.Close() })
	r := &rootChain{t: t, sim: sim, chainID: params.AllDevChainProtocolChanges.ChainID, owner: owner, user: user, guardian: guardian, set: set, bttcID: bttcID}
	var err error
	r.tokAddr, _, r.token, err = bind.DeployContract(owner, contracts.TestTokenArtifact.ABI, contracts.TestTokenArtifact.Bytecode, sim.Client(), tokenMode)
	if err != nil {
		t.Fatal(err)
	}
	sim.Commit()
	setHash := r.set.Hash()
	r.rootAddr, _, r.root, err = bind.DeployContract(owner, contracts.RootArtifact.ABI, contracts.RootArtifact.Bytecode, sim.Client(),
		r.chainID, crypto.Keccak256Hash([]byte(bttcID)), r.tokAddr, setHash, guardian.From,
		new(big.Int).Mul(big.NewInt(1_000_000), big.NewInt(1e18)), big.NewInt(3600), new(big.Int).Mul(big.NewInt(500_000), big.NewInt(1e18)), big.NewInt(600))
	if err != nil {
		t.Fatal(err)
	}
	sim.Commit()
	return r
}

func (r *rootChain) domain() bridge.Domain {
	return bridge.Domain{RootChainID: r.chainID.Uint64(), Contract: address.Address(r.rootAddr), BTTCChainID: r.bttcID}
}

// send makes a transaction, mines it and fails the test unless it
// succeeds; it returns the receipt.
func (r *rootChain) send(c *bind.BoundContract, from *bind.TransactOpts, method string, args ...any) *types.Receipt {
	r.t.Helper()
	rc, err := r.try(c, from, method, args...)
	if err != nil {
		r.t.Fatalf("%s: %v", method, err)
	}
	return rc
}

// try makes a transaction and mines it; a revert comes back as the
// contract's error name.
func (r *rootChain) try(c *bind.BoundContract, from *bind.TransactOpts, method string, args ...any) (*types.Receipt, error) {
	tx, err := c.Transact(from, method, args...)
	if err != nil {
		return nil, revertName(err)
	}
	r.sim.Commit()
	rc, err := bind.WaitMined(context.Background(), r.sim.Client(), tx)
	if err != nil {
		return nil, err
	}
	if rc.Status != types.ReceiptStatusSuccessful {
		return rc, errors.New("reverted")
	}
	return rc, nil
}

// revertName turns a revert's data into the custom error's name.
func revertName(err error) error {
	var de interface{ ErrorData() interface{} }
	if !errors.As(err, &de) {
		return err
	}
	data, _ := de.ErrorData().(string)
	raw := common.FromHex(data)
	if len(raw) < 4 {
		return err
	}
	for name, e := range contracts.RootArtifact.ABI.Errors {
		if string(e.ID[:4]) == string(raw[:4]) {
			return errors.New(name)
		}
	}
	return err
}

func (r *rootChain) call(c *bind.BoundContract, method string, args ...any) []any {
	r.t.Helper()
	var out []any
	if err := c.Call(&bind.CallOpts{}, &out, method, args...); err != nil {
		r.t.Fatalf("%s: %v", method, err)
	}
	return out
}

func (r *rootChain) balance(a common.Address) *big.Int {
	return r.call(r.token, "balanceOf", a)[0].(*big.Int)
}

// cpArg is a checkpoint in the contract's tuple form.
type cpArg struct {
	Number          *big.Int
	StartHeight     *big.Int
	EndHeight       *big.Int
	FirstWithdrawal *big.Int
	Withdrawals     *big.Int
	WithdrawalsRoot [32]byte
	SetHash         [32]byte
	NextSetHash     [32]byte
}

func toArg(c *bridge.Checkpoint) cpArg {
	u := func(v uint64) *big.Int { return new(big.Int).SetUint64(v) }
	return cpArg{u(c.Number), u(c.StartHeight), u(c.EndHeight), u(c.FirstWithdrawal), u(c.Withdrawals), c.WithdrawalsRoot, c.Set.Hash(), c.Next.Hash()}
}

// signed returns the contract's signers, powers and packed signatures of
// digest by the signers whose indexes are in by: 65 bytes a signer, zero
// for those that did not sign.
func (r *rootChain) signed(digest bridge.Hash, by ...int) ([]common.Address, []*big.Int, []byte) {
	signers := make([]common.Address, len(r.keys))
	powers := make([]*big.Int, len(r.keys))
	sigs := make([]byte, 65*len(r.keys))
	h := bridge.SigningHash(digest)
	for i, k := range r.keys {
		signers[i] = crypto.PubkeyToAddress(k.PublicKey)
		powers[i] = new(big.Int).SetUint64(r.set.Powers[i])
	}
	for _, i := range by {
		sig, err := crypto.Sign(h[:], r.keys[i])
		if err != nil {
			r.t.Fatal(err)
		}
		sig[64] += 27
		copy(sigs[65*i:], sig)
	}
	return signers, powers, sigs
}

// sigAt is the i-th signature of packed sigs, for tests that tamper.
func sigAt(sigs []byte, i int) []byte { return sigs[65*i : 65*i+65] }

type withdrawal struct {
	id     uint64
	to     common.Address
	amount *uint256.Int
}

// checkpoint makes checkpoint number n over ws, moving to the same set.
func (r *rootChain) checkpoint(n uint64, ws []withdrawal) (*bridge.Checkpoint, []bridge.Hash) {
	leaves := make([]bridge.Hash, len(ws))
	for i, w := range ws {
		leaves[i] = bridge.Leaf(r.chainID.Uint64(), address.Address(r.rootAddr), w.id, address.Address(w.to), w.amount)
	}
	cp := &bridge.Checkpoint{Number: n, StartHeight: 10 * n, EndHeight: 10*n + 9, Set: r.set, Next: r.set, WithdrawalsRoot: bridge.Root(leaves)}
	if len(ws) > 0 {
		cp.FirstWithdrawal, cp.Withdrawals = ws[0].id, uint64(len(ws))
	}
	return cp, leaves
}

// The digest is one function in two languages: Go's and the contract's
// agree.
func TestDigestMatchesTheContract(t *testing.T) {
	r := newRootChain(t, 0, []uint64{10, 20, 30, 40})
	cp, _ := r.checkpoint(1, []withdrawal{{1, common.Address{1}, uint256.NewInt(5)}})
	got := r.call(r.root, "checkpointDigest", toArg(cp))[0].([32]byte)
	if want := r.domain().CheckpointDigest(cp); got != want {
		t.Fatalf("contract digest %x, Go digest %x", got, want)
	}
	// The same through the typed abigen bindings.
	c := contracts.NewBTTCRoot()
	a := toArg(cp)
	typed, err := bindv2.Call(c.Instance(r.sim.Client(), r.rootAddr), nil, c.PackCheckpointDigest(contracts.BTTCRootCheckpoint(a)), c.UnpackCheckpointDigest)
	if err != nil || typed != got {
		t.Fatalf("through the bindings: %x %v", typed, err)
	}
	if got := r.call(r.root, "signerSetHash")[0].([32]byte); got != r.set.Hash() {
		t.Fatalf("contract set hash %x, Go %x", got, r.set.Hash())
	}
}

// The whole exit path: a deposit locks tokens; a checkpoint signed by more
// than 2/3 of the power lands; an exit with the Merkle proof package
// bridge makes pays once.
func TestDepositCheckpointExit(t *testing.T) {
	for _, mode := range []uint8{0, 1, 2} {
		t.Run([]string{"standard", "returns false", "fee on transfer"}[mode], func(t *testing.T) {
			r := newRootChain(t, mode, []uint64{10, 20, 30, 40})
			r.send(r.token, r.owner, "mint", r.user.From, big.NewInt(100_000))
			r.send(r.token, r.user, "approve", r.rootAddr, big.NewInt(100_000))
			rc := r.send(r.root, r.user, "deposit", common.Address{0xbb}, big.NewInt(50_000))
			ev := map[string]any{}
			if err := r.root.UnpackLogIntoMap(ev, "Deposit", *rc.Logs[len(rc.Logs)-1]); err != nil {
				t.Fatal(err)
			}
			wantIn := int64(50_000)
			if mode == 2 {
				wantIn = 49_500
			}
			if ev["amount"].(*big.Int).Int64() != wantIn || r.balance(r.rootAddr).Int64() != wantIn {
				t.Fatalf("deposit event %v, contract holds %v, want %d", ev, r.balance(r.rootAddr), wantIn)
			}
			if _, err := r.try(r.root, r.user, "deposit", common.Address{}, big.NewInt(1)); err == nil || err.Error() != "ZeroAddress" {
				t.Fatalf("a deposit for the zero address: %v", err)
			}

			alice, bob := common.Address{0xa1}, common.Address{0xb0}
			ws := []withdrawal{{1, alice, uint256.NewInt(1_000)}, {2, bob, uint256.NewInt(2_000)}, {3, alice, uint256.NewInt(3_000)}}
			cp, leaves := r.checkpoint(1, ws)
			d := r.domain().CheckpointDigest(cp)
			signers, powers, sigs := r.signed(d, 1, 2, 3) // 90 of 100
			r.send(r.root, r.owner, "submitCheckpoint", toArg(cp), signers, powers, sigs)

			proof, _ := bridge.Proof(leaves, 1)
			arg := make([][32]byte, len(proof))
			for i, p := range proof {
				arg[i] = p
			}
			r.send(r.root, r.user, "exit", big.NewInt(1), big.NewInt(2), bob, big.NewInt(2_000), arg)
			wantOut := int64(2_000)
			if mode == 2 {
				wantOut = 1_980
			}
			if got := r.balance(bob).Int64(); got != wantOut {
				t.Fatalf("bob holds %d after his exit, want %d", got, wantOut)
			}
			for name, args := range map[string][]any{
				"AlreadyExited":    {big.NewInt(1), big.NewInt(2), bob, big.NewInt(2_000), arg},
				"BadProof":         {big.NewInt(1), big.NewInt(1), alice, big.NewInt(1_000), arg},
				"NotInCheckpoint":  {big.NewInt(1), big.NewInt(4), alice, big.NewInt(1_000), arg},
				"NoSuchCheckpoint": {big.NewInt(2), big.NewInt(1), alice, big.NewInt(1_000), arg},
			} {
				if _, err := r.try(r.root, r.user, "exit", args...); err == nil || err.Error() != name {
					t.Errorf("exit expecting %s: %v", name, err)
				}
			}
		})
	}
}

// Every way a checkpoint can be refused is refused, by name.
func TestCheckpointReverts(t *testing.T) {
	r := newRootChain(t, 0, []uint64{10, 20, 30, 40})
	cp, _ := r.checkpoint(1, nil)
	d := r.domain().CheckpointDigest(cp)
	submit := func(c *bridge.Checkpoint, signers []common.Address, powers []*big.Int, sigs []byte) error {
		_, err := r.try(r.root, r.owner, "submitCheckpoint", toArg(c), signers, powers, sigs)
		return err
	}
	expect := func(name string, err error) {
		t.Helper()
		if err == nil || err.Error() != name {
			t.Errorf("want %s, got %v", name, err)
		}
	}
	// 60 of 100 is not more than 2/3.
	s, p, sig := r.signed(d, 0, 1, 2)
	expect("NotEnoughPower", submit(cp, s, p, sig))
	// A signature by another key.
	s, p, sig = r.signed(d, 1, 2, 3)
	one := append([]byte(nil), sigAt(sig, 1)...)
	copy(sigAt(sig, 1), sigAt(sig, 2))
	copy(sigAt(sig, 2), one)
	expect("BadSignature", submit(cp, s, p, sig))
	// Signers out of order: the set no longer hashes to the stored one.
	s, p, sig = r.signed(d, 1, 2, 3)
	s[0], s[1] = s[1], s[0]
	expect("WrongSignerSet", submit(cp, s, p, sig))
	// Powers made up.
	s, p, sig = r.signed(d, 3)
	p[3] = big.NewInt(1000)
	expect("WrongSignerSet", submit(cp, s, p, sig))
	// A signature for another root chain's contract.
	other := r.domain()
	other.RootChainID = 56
	s, p, sig = r.signed(other.CheckpointDigest(cp), 1, 2, 3)
	expect("BadSignature", submit(cp, s, p, sig))
	// A high-S twin of a valid signature.
	s, p, sig = r.signed(d, 1, 2, 3)
	copy(sigAt(sig, 3), highS(sigAt(sig, 3)))
	expect("BadSignature", submit(cp, s, p, sig))
	// Number 2 before 1.
	cp2, _ := r.checkpoint(2, nil)
	s, p, sig = r.signed(r.domain().CheckpointDigest(cp2), 1, 2, 3)
	expect("WrongCheckpointNumber", submit(cp2, s, p, sig))
	// Lengths that differ.
	s, p, sig = r.signed(d, 1, 2, 3)
	expect("LengthMismatch", submit(cp, s, p[:3], sig))
	expect("LengthMismatch", submit(cp, s, p, sig[:len(sig)-1]))
	// And the right one lands, once.
	s, p, sig = r.signed(d, 1, 2, 3)
	if err := submit(cp, s, p, sig); err != nil {
		t.Fatal(err)
	}
	expect("WrongCheckpointNumber", submit(cp, s, p, sig))
}

// highS returns the other valid signature of the same message, whose s is
// above half the group order.
func highS(sig []byte) []byte {
	n := crypto.S256().Params().N
	s := new(big.Int).SetBytes(sig[32:64])
	s.Sub(n, s)
	out := append([]byte(nil), sig...)
	s.FillBytes(out[32:64])
	out[64] ^= 1 // 27 <-> 28
	return out
}

// The guardian may only pause; resuming takes the signer set.
func TestPause(t *testing.T) {
	r := newRootChain(t, 0, []uint64{10, 20, 30, 40})
	if _, err := r.try(r.root, r.user, "pause"); err == nil || err.Error() != "NotGuardian" {
		t.Fatalf("pause by a stranger: %v", err)
	}
	r.send(r.root, r.guardian, "pause")
	r.send(r.token, r.owner, "mint", r.user.From, big.NewInt(10))
	r.send(r.token, r.user, "approve", r.rootAddr, big.NewInt(10))
	if _, err := r.try(r.root, r.user, "deposit", common.Address{1}, big.NewInt(10)); err == nil || err.Error() != "IsPaused" {
		t.Fatalf("a deposit while paused: %v", err)
	}
	d := r.domain().AdminDigest(0, bridge.ActionUnpause, []byte{})
	s, p, sig := r.signed(d, 0, 1, 2) // 60: not enough
	if _, err := r.try(r.root, r.guardian, "admin", uint8(1), []byte{}, s, p, sig); err == nil || err.Error() != "NotEnoughPower" {
		t.Fatalf("unpause by 60%%: %v", err)
	}
	s, p, sig = r.signed(d, 1, 2, 3)
	r.send(r.root, r.guardian, "admin", uint8(1), []byte{}, s, p, sig)
	r.send(r.root, r.user, "deposit", common.Address{1}, big.NewInt(10))
	// The same signed message cannot be replayed: the nonce moved.
	r.send(r.root, r.guardian, "pause")
	if _, err := r.try(r.root, r.guardian, "admin", uint8(1), []byte{}, s, p, sig); err == nil || err.Error() != "BadSignature" {
		t.Fatalf("a replayed unpause: %v", err)
	}
}

// The gas of submitCheckpoint for 4, 21 and 100 signers, all signing: per
// signature it must stay within 6,000 (ecrecover alone is 3,000). Gas is
// deterministic, so this is a measurement, not a timing; docs/PERFORMANCE.md
// records the figures `go test -v -run TestCheckpointGas` prints.
func TestCheckpointGas(t *testing.T) {
	var prev struct {
		n   int
		gas uint64
	}
	for _, n := range []int{4, 21, 100} {
		powers := make([]uint64, n)
		all := make([]int, n)
		for i := range powers {
			powers[i], all[i] = uint64(10+i), i
		}
		r := newRootChain(t, 0, powers)
		cp, _ := r.checkpoint(1, nil)
		s, p, sig := r.signed(r.domain().CheckpointDigest(cp), all...)
		rc := r.send(r.root, r.owner, "submitCheckpoint", toArg(cp), s, p, sig)
		t.Logf("submitCheckpoint, %3d signers: %7d gas, %5d per signer", n, rc.GasUsed, rc.GasUsed/uint64(n))
		if prev.n > 0 {
			marginal := (rc.GasUsed - prev.gas) / uint64(n-prev.n)
			t.Logf("  marginal gas per signature from %d to %d signers: %d", prev.n, n, marginal)
			if marginal > 6_000 {
				t.Errorf("each signature costs %d gas, the target is at most 6,000", marginal)
			}
		}
		prev.n, prev.gas = n, rc.GasUsed
	}
}

// Exits pass the rate limit per window, large ones wait for the delay, and
// the signer set changes the limits and the guardian.
func TestExitLimitsAndAdmin(t *testing.T) {
	r := newRootChain(t, 0, []uint64{10, 20, 30, 40})
	r.send(r.token, r.owner, "mint", r.user.From, new(big.Int).Mul(big.NewInt(10), big.NewInt(1e18)))
	r.send(r.token, r.user, "approve", r.rootAddr, new(big.Int).Mul(big.NewInt(10), big.NewInt(1e18)))
	r.send(r.root, r.user, "deposit", common.Address{1}, big.NewInt(100_000))
	if _, err := r.try(r.root, r.user, "deposit", common.Address{1}, big.NewInt(0)); err == nil || err.Error() != "ZeroAmount" {
		t.Fatalf("a deposit of nothing: %v", err)
	}
	admin := func(action uint8, data []byte, by ...int) error {
		nonce := r.call(r.root, "adminNonce")[0].(*big.Int).Uint64()
		s, p, sig := r.signed(r.domain().AdminDigest(nonce, action, data), by...)
		_, err := r.try(r.root, r.guardian, "admin", action, data, s, p, sig)
		return err
	}
	// Limits: 5,000 per hour, exits above 2,500 wait 600 s.
	limits, err := bridge.AdminData(bridge.ActionSetLimits, address.Address{},
		[4]*uint256.Int{uint256.NewInt(5_000), uint256.NewInt(3600), uint256.NewInt(2_500), uint256.NewInt(600)})
	if err != nil {
		t.Fatal(err)
	}
	if err := admin(bridge.ActionSetLimits, limits, 1, 2, 3); err != nil {
		t.Fatalf("set limits: %v", err)
	}
	alice := common.Address{0xa1}
	ws := []withdrawal{{1, alice, uint256.NewInt(2_000)}, {2, alice, uint256.NewInt(3_000)}, {3, alice, uint256.NewInt(1_000)}}
	cp, leaves := r.checkpoint(1, ws)
	s, p, sig := r.signed(r.domain().CheckpointDigest(cp), 1, 2, 3)
	r.send(r.root, r.owner, "submitCheckpoint", toArg(cp), s, p, sig)
	exit := func(i int) error {
		proof, _ := bridge.Proof(leaves, i)
		arg := make([][32]byte, len(proof))
		for j, h := range proof {
			arg[j] = h
		}
		_, err := r.try(r.root, r.user, "exit", big.NewInt(1), new(big.Int).SetUint64(ws[i].id), alice, ws[i].amount.ToBig(), arg)
		return err
	}
	if err := exit(0); err != nil || r.balance(alice).Int64() != 2_000 {
		t.Fatalf("a small exit: %v, alice holds %v", err, r.balance(alice))
	}
	// 3,000 is above the threshold: queued, not paid.
	if err := exit(1); err != nil || r.balance(alice).Int64() != 2_000 {
		t.Fatalf("a large exit: %v, alice holds %v", err, r.balance(alice))
	}
	if _, err := r.try(r.root, r.user, "claim", big.NewInt(2)); err == nil || err.Error() != "StillDelayed" {
		t.Fatalf("a claim before the delay: %v", err)
	}
	if _, err := r.try(r.root, r.user, "claim", big.NewInt(3)); err == nil || err.Error() != "NotQueued" {
		t.Fatalf("a claim of nothing queued: %v", err)
	}
	// 2,000 + 3,000 used the window's 5,000: the third waits for the next.
	if err := exit(2); err == nil || err.Error() != "RateLimited" {
		t.Fatalf("an exit past the rate limit: %v", err)
	}
	if err := r.sim.AdjustTime(3601 * time.Second); err != nil {
		t.Fatal(err)
	}
	r.sim.Commit()
	r.send(r.root, r.user, "claim", big.NewInt(2))
	if err := exit(2); err != nil || r.balance(alice).Int64() != 6_000 {
		t.Fatalf("after the window and the delay: %v, alice holds %v", err, r.balance(alice))
	}
	// A new guardian, by the set; the old one may no longer pause.
	guardian, err := bridge.AdminData(bridge.ActionSetGuardian, address.Address(r.user.From), [4]*uint256.Int{})
	if err != nil {
		t.Fatal(err)
	}
	if err := admin(bridge.ActionSetGuardian, guardian, 1, 2, 3); err != nil {
		t.Fatalf("set guardian: %v", err)
	}
	if _, err := r.try(r.root, r.guardian, "pause"); err == nil || err.Error() != "NotGuardian" {
		t.Fatalf("the old guardian pauses: %v", err)
	}
	r.send(r.root, r.user, "pause")
	if err := admin(9, nil, 1, 2, 3); err == nil || err.Error() != "UnknownAction" {
		t.Fatalf("an unknown action: %v", err)
	}
}

// The reverts no well-formed call reaches: a token that reenters, a
// transfer that fails, and signers out of order in a set whose hash the
// contract was (wrongly) deployed with.
func TestDefensiveReverts(t *testing.T) {
	hostile := newRootChain(t, 3, []uint64{10, 20, 30, 40})
	hostile.send(hostile.token, hostile.owner, "mint", hostile.user.From, big.NewInt(100))
	hostile.send(hostile.token, hostile.user, "approve", hostile.rootAddr, big.NewInt(100))
	// The inner call's Reentered makes the token's call fail; without the
	// guard both deposits would land.
	if _, err := hostile.try(hostile.root, hostile.user, "deposit", common.Address{1}, big.NewInt(10)); err == nil || err.Error() != "TransferFailed" {
		t.Fatalf("a reentering token: %v", err)
	}
	if n := hostile.call(hostile.root, "depositNonce")[0].(*big.Int); n.Sign() != 0 {
		t.Fatalf("%v deposits landed through a reentering token", n)
	}

	r := newRootChain(t, 0, []uint64{10, 20, 30, 40})
	if _, err := r.try(r.root, r.user, "deposit", common.Address{1}, big.NewInt(10)); err == nil || err.Error() != "TransferFailed" {
		t.Fatalf("a deposit without allowance: %v", err)
	}

	// A contract deployed with the hash of an unsorted set.
	unsorted := bridge.SignerSet{Signers: []address.Address{r.set.Signers[1], r.set.Signers[0]}, Powers: []uint64{1, 1}}
	u := newRootChainWithSet(t, 0, unsorted, bttcChainID)
	cp, _ := u.checkpoint(1, nil)
	cp.Set = unsorted
	sigs := make([]byte, 130)
	signers := []common.Address{common.Address(unsorted.Signers[0]), common.Address(unsorted.Signers[1])}
	if _, err := u.try(u.root, u.owner, "submitCheckpoint", toArg(cp), signers, []*big.Int{big.NewInt(1), big.NewInt(1)}, sigs); err == nil || err.Error() != "SignersNotAscending" {
		t.Fatalf("unsorted signers: %v", err)
	}
}
