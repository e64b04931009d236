package chain

import (
	"bufio"
	"bytes"
	"context"
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"flag"
	"fmt"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"testing"
	"time"

	abci "github.com/cometbft/cometbft/abci/types"
	"github.com/cometbft/cometbft/crypto/ed25519"
	cmtproto "github.com/cometbft/cometbft/proto/tendermint/types"
	"github.com/ethereum/go-ethereum/crypto"
	"github.com/ethereum/go-ethereum/rlp"
	"github.com/holiman/uint256"

	"github.com/bttc-network/bttc/bridge"
	"github.com/bttc-network/bttc/core/address"
	"github.com/bttc-network/bttc/core/bank"
	"github.com/bttc-network/bttc/core/btt"
	"github.com/bttc-network/bttc/core/dec"
	"github.com/bttc-network/bttc/core/state"
	"github.com/bttc-network/bttc/core/tx"
	"github.com/bttc-network/bttc/genesis"
	"github.com/bttc-network/bttc/governance"
	"github.com/bttc-network/bttc/staking"
)

// The golden tests in testdata/*.txt drive the application through its
// ABCI calls from scripts, in the style of etcd raft's datadriven tests,
// and compare every answer (codes, logs, events, validator updates, app
// hashes) with the expected output written under each command. A change
// that moves an app hash or a result shows up in review as a diff of these
// files; `go test ./chain -run TestScripts -rewrite` writes the new
// answers for a change that means to make it.
//
// A file is a list of cases:
//
//	command arg arg key=value
//	input line
//	----
//	expected output
//	(a blank line ends the case)
//
// Commands:
//
//	init-chain                 input: account NAME AMOUNT | validator NAME SELFBOND | gov-fast | block-reward AMOUNT
//	                           | root-chain NAME CHAIN_ID INTERVAL RATE_LIMIT MIN MAX
//	sign TX from=NAME [gas=N] [price=WEI] [nonce=N] [chain=ID] [memo=TEXT]
//	                           input: one message a line (see scriptMsg)
//	raw TX HEX                 a transaction of arbitrary bytes
//	check-tx TX...             CheckTx of each
//	prepare TX...              what PrepareProposal keeps
//	process TX...              ProcessProposal's verdict on exactly these
//	block TX... [skip=N]       prepare, process, finalize, commit (skip: pass N seconds before it)
//	finalize TX...             FinalizeBlock and Commit on exactly these, as a block from block sync
//	query PATH                 an ABCI query, JSON answer
//	bridge-votes TX VAL...     an injected extended commit in which each VAL signs the pending checkpoints
//	                           and reports the deposits of its input: [VAL:] deposit CHAIN NONCE DEPOSITOR RECIPIENT AMOUNT
//
// Keys are derived from names, so addresses and signatures, and with them
// the app hashes, are the same in every run; addresses print as names.

var rewrite = flag.Bool("rewrite", false, "rewrite the expected outputs of testdata/*.txt with the actual ones")

func TestScripts(t *testing.T) {
	files, err := filepath.Glob(filepath.Join("testdata", "*.txt"))
	if err != nil || len(files) == 0 {
		t.Fatalf("no scripts in testdata (%v)", err)
	}
	for _, f := range files {
		t.Run(strings.TrimSuffix(filepath.Base(f), ".txt"), func(t *testing.T) { runScript(t, f) })
	}
}

// scriptCase is one command of a script and its expected output.
type scriptCase struct {
	line     int
	command  string
	input    []string
	expected []string
}

func parseScript(t *testing.T, path string) []scriptCase {
	f, err := os.Open(path)
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	var cases []scriptCase
	var cur *scriptCase
	inExpected := false
	sc := bufio.NewScanner(f)
	for n := 1; sc.Scan(); n++ {
		line := sc.Text()
		switch {
		case cur == nil && (strings.TrimSpace(line) == "" || strings.HasPrefix(line, "#")):
		case cur == nil:
			cases = append(cases, scriptCase{line: n, command: line})
			cur = &cases[len(cases)-1]
		case !inExpected && line == "----":
			inExpected = true
		case !inExpected:
			cur.input = append(cur.input, line)
		case line == "":
			cur, inExpected = nil, false
		default:
			cur.expected = append(cur.expected, line)
		}
	}
	if err := sc.Err(); err != nil {
		t.Fatal(err)
	}
	return cases
}

func runScript(t *testing.T, path string) {
	cases := parseScript(t, path)
	r := &scriptRunner{t: t, txs: map[string][]byte{}, users: map[string]*user{}, names: map[string]string{}}
	var out strings.Builder
	failed := false
	for _, c := range cases {
		have := r.run(c)
		if !*rewrite && strings.Join(have, "\n") != strings.Join(c.expected, "\n") {
			t.Errorf("%s:%d: %s\nhave:\n%s\nwant:\n%s", path, c.line, c.command, strings.Join(have, "\n"), strings.Join(c.expected, "\n"))
			failed = true
		}
		out.WriteString(c.command + "\n")
		for _, in := range c.input {
			out.WriteString(in + "\n")
		}
		out.WriteString("----\n")
		for _, h := range have {
			out.WriteString(h + "\n")
		}
		out.WriteString("\n")
	}
	if *rewrite {
		if err := os.WriteFile(path, []byte(header(t, path)+out.String()), 0o644); err != nil {
			t.Fatal(err)
		}
	} else if failed {
		t.Log("if the change means to move these answers: go test ./chain -run TestScripts -rewrite")
	}
}

// header keeps a script's leading comment block across a rewrite.
func header(t *testing.T, path string) string {
	raw, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	var h strings.Builder
	for _, line := range strings.Split(string(raw), "\n") {
		if !strings.HasPrefix(line, "#") {
			break
		}
		h.WriteString(line + "\n")
	}
	if h.Len() > 0 {
		h.WriteString("\n")
	}
	return h.String()
}

// scriptRunner holds a script's chain, keys and named transactions.
type scriptRunner struct {
	t       *testing.T
	c       *testChain
	users   map[string]*user
	txs     map[string][]byte
	names   map[string]string // lower-case hex address → name, for output
	cons    []byte            // the first genesis validator's consensus key
	power   int64             // and its voting power
	valCons map[string][]byte // every validator's consensus key by name
}

// userNamed returns the key of name, made from the name.
func (r *scriptRunner) userNamed(name string) *user {
	if u, ok := r.users[name]; ok {
		return u
	}
	seed := sha256.Sum256([]byte("script user " + name))
	k, err := crypto.ToECDSA(seed[:])
	if err != nil {
		r.t.Fatal(err)
	}
	u := &user{key: k, addr: address.FromPublicKey(&k.PublicKey)}
	r.users[name] = u
	r.names[strings.ToLower(u.addr.Hex())] = name
	return u
}

// addr reads a name or a literal address.
func (r *scriptRunner) addr(s string) address.Address {
	if a, err := address.Parse(s); err == nil {
		return a
	}
	return r.userNamed(s).addr
}

func (r *scriptRunner) amount(s string) *uint256.Int {
	v, err := btt.Parse(s)
	if err != nil {
		r.t.Fatal(err)
	}
	return v
}

// named replaces the addresses r knows with their names.
func (r *scriptRunner) named(s string) string {
	for hexAddr, name := range r.names {
		if strings.Contains(strings.ToLower(s), hexAddr) {
			s = replaceFold(s, hexAddr, name)
		}
	}
	return s
}

func replaceFold(s, old, new string) string {
	lower := strings.ToLower(s)
	var b strings.Builder
	for {
		i := strings.Index(lower, old)
		if i < 0 {
			b.WriteString(s)
			return b.String()
		}
		b.WriteString(s[:i] + new)
		s, lower = s[i+len(old):], lower[i+len(old):]
	}
}

func (r *scriptRunner) run(c scriptCase) []string {
	fields := strings.Fields(c.command)
	args, opts := splitOpts(fields[1:])
	if fields[0] != "init-chain" && r.c == nil {
		r.t.Fatalf("line %d: init-chain first", c.line)
	}
	switch fields[0] {
	case "init-chain":
		return r.initChain(c.input)
	case "sign":
		return r.sign(args[0], opts, c.input)
	case "raw":
		b, err := hex.DecodeString(args[1])
		if err != nil {
			r.t.Fatal(err)
		}
		r.txs[args[0]] = b
		return nil
	case "check-tx":
		var out []string
		for _, name := range args {
			res := r.c.checkTx(r.tx(name))
			out = append(out, fmt.Sprintf("%s: %s", name, r.result(res.Code, res.Codespace, res.Log, 0, 0)))
		}
		return out
	case "prepare":
		prep, err := r.c.app.PrepareProposal(context.Background(), &abci.RequestPrepareProposal{Txs: r.txList(args), MaxTxBytes: 20 << 20, Height: r.c.height + 1, Time: r.c.time})
		if err != nil {
			return []string{"error: " + r.named(err.Error())}
		}
		if len(prep.Txs) == 0 {
			return []string{"kept: none"}
		}
		return []string{"kept: " + strings.Join(r.nameTxs(prep.Txs), " ")}
	case "process":
		proc, err := r.c.app.ProcessProposal(context.Background(), &abci.RequestProcessProposal{Txs: r.txList(args), Height: r.c.height + 1, Time: r.c.time})
		if err != nil {
			return []string{"error: " + r.named(err.Error())}
		}
		return []string{proc.Status.String()}
	case "block", "finalize":
		if s, ok := opts["skip"]; ok {
			n, err := strconv.Atoi(s)
			if err != nil {
				r.t.Fatal(err)
			}
			r.c.time = r.c.time.Add(time.Duration(n) * time.Second)
		}
		txs := r.txList(args)
		if fields[0] == "block" {
			prep, err := r.c.app.PrepareProposal(context.Background(), &abci.RequestPrepareProposal{Txs: txs, MaxTxBytes: 20 << 20, Height: r.c.height + 1, Time: r.c.time})
			if err != nil {
				return []string{"error: " + r.named(err.Error())}
			}
			txs = prep.Txs
		}
		return r.finalize(txs)
	case "bridge-votes":
		obs := map[string][]bridge.Observation{}
		for _, line := range c.input {
			// [VAL:] deposit CHAIN NONCE DEPOSITOR RECIPIENT AMOUNT
			f := strings.Fields(line)
			who := args[1:]
			if strings.HasSuffix(f[0], ":") {
				who, f = []string{strings.TrimSuffix(f[0], ":")}, f[1:]
			}
			n, err := strconv.ParseUint(f[2], 10, 64)
			if err != nil {
				r.t.Fatal(err)
			}
			for _, v := range who {
				obs[v] = append(obs[v], bridge.Observation{Chain: f[1], Nonce: n, Depositor: r.addr(f[3]), Recipient: r.addr(f[4]), Amount: r.amount(f[5])})
			}
		}
		r.txs[args[0]] = r.bridgeVotesWith(args[1:], obs)
		return nil
	case "query":
		parts := strings.Split(args[0], "/")
		for i, p := range parts {
			if _, ok := r.users[p]; ok {
				parts[i] = r.users[p].addr.Hex()
			}
		}
		res := r.c.query(strings.Join(parts, "/"), nil, 0, false)
		if res.Code != 0 {
			return []string{fmt.Sprintf("code=%d (%s) %s", res.Code, res.Codespace, r.named(res.Log))}
		}
		return []string{r.named(string(res.Value))}
	}
	r.t.Fatalf("line %d: unknown command %q", c.line, fields[0])
	return nil
}

func splitOpts(fields []string) (args []string, opts map[string]string) {
	opts = map[string]string{}
	for _, f := range fields {
		if k, v, ok := strings.Cut(f, "="); ok && !strings.Contains(k, "/") {
			opts[k] = v
		} else {
			args = append(args, f)
		}
	}
	return args, opts
}

func (r *scriptRunner) tx(name string) []byte {
	raw, ok := r.txs[name]
	if !ok {
		r.t.Fatalf("no transaction %q", name)
	}
	return raw
}

func (r *scriptRunner) txList(names []string) [][]byte {
	out := make([][]byte, len(names))
	for i, n := range names {
		out[i] = r.tx(n)
	}
	return out
}

// nameTxs names raw transactions by the script's names for them.
func (r *scriptRunner) nameTxs(raws [][]byte) []string {
	out := make([]string, len(raws))
	for i, raw := range raws {
		out[i] = "?"
		for name, b := range r.txs {
			if string(b) == string(raw) {
				out[i] = name
			}
		}
	}
	return out
}

func (r *scriptRunner) result(code uint32, space, log string, wanted, used int64) string {
	s := "ok"
	if code != 0 {
		s = fmt.Sprintf("code=%d (%s) %s", code, space, r.named(log))
	}
	if wanted > 0 {
		s += fmt.Sprintf(" gas=%d/%d", used, wanted)
	}
	return s
}

func (r *scriptRunner) initChain(input []string) []string {
	st := genesis.DefaultAppState()
	balances := map[address.Address]*uint256.Int{}
	var vals []string
	for _, line := range input {
		f := strings.Fields(line)
		switch f[0] {
		case "account":
			balances[r.userNamed(f[1]).addr] = r.amount(f[2])
		case "validator":
			vals = append(vals, f[1], f[2])
		case "gov-fast":
			g := &st.Governance.Params
			g.MinDeposit, g.ExpeditedMinDeposit = btt.NewAmount(btt.FromBTT(10)), btt.NewAmount(btt.FromBTT(50))
			g.MaxDepositPeriod, g.VotingPeriod, g.ExpeditedVotingPeriod = dec.Of(time.Minute), dec.Of(5*time.Second), dec.Of(2*time.Second)
		case "root-chain":
			id, err := strconv.ParseUint(f[2], 10, 64)
			if err != nil {
				r.t.Fatal(err)
			}
			interval, err := strconv.ParseUint(f[3], 10, 64)
			if err != nil {
				r.t.Fatal(err)
			}
			st.Bridge.Chains = append(st.Bridge.Chains, bridge.RootChain{Name: f[1], ChainID: id,
				Contract: r.addr(f[1] + "-contract"), Token: r.addr(f[1] + "-token"), CheckpointInterval: interval,
				RateLimit: btt.NewAmount(r.amount(f[4])), RateWindow: dec.Of(time.Hour),
				MinWithdrawal: btt.NewAmount(r.amount(f[5])), MaxWithdrawal: btt.NewAmount(r.amount(f[6]))})
		case "block-reward":
			st.Staking.Params.BlockReward = btt.NewAmount(r.amount(f[1]))
			balances[address.Module(bank.RewardPool)] = btt.FromBTT(1_000_000)
		default:
			r.t.Fatalf("init-chain: unknown line %q", line)
		}
	}
	st.Bank.Accounts = bank.Funded(balances)
	sortAccounts(st.Bank.Accounts)
	for i := 0; i < len(vals); i += 2 {
		cons := ed25519.GenPrivKeyFromSecret([]byte("script validator " + vals[i])).PubKey().Bytes()
		if r.valCons == nil {
			r.valCons = map[string][]byte{}
		}
		r.valCons[vals[i]] = cons
		if err := genesis.AddValidator(&st, r.userNamed(vals[i]).addr, cons, vals[i], r.amount(vals[i+1])); err != nil {
			r.t.Fatal(err)
		}
		if r.cons == nil {
			r.cons = cons
			r.power = int64(new(uint256.Int).Div(r.amount(vals[i+1]), btt.OneBTT()).Uint64())
		}
	}
	raw, err := json.Marshal(st)
	if err != nil {
		r.t.Fatal(err)
	}
	store, err := state.OpenMemory(state.Options{})
	if err != nil {
		r.t.Fatal(err)
	}
	r.c = newTestChain(r.t, store, raw, Config{Upgrades: []Upgrade{{Name: "known", Apply: func(state.KV, tx.Env) error { return nil }}}})
	r.names[strings.ToLower(address.Module(bank.FeeCollector).Hex())] = "fee_collector"
	r.names[strings.ToLower(address.Module(bank.RewardPool).Hex())] = "reward_pool"
	if r.cons != nil {
		// The genesis validator signs every block.
		r.c.lastCommit = abci.CommitInfo{Votes: []abci.VoteInfo{{
			Validator:   abci.Validator{Address: ed25519.PubKey(r.cons).Address(), Power: r.power},
			BlockIdFlag: cmtproto.BlockIDFlagCommit,
		}}}
	}
	return []string{fmt.Sprintf("app hash: %X", r.c.app.store.WorkingHash())}
}

func (r *scriptRunner) sign(name string, opts map[string]string, input []string) []string {
	u := r.userNamed(opts["from"])
	num := func(k string, def uint64) uint64 {
		if s, ok := opts[k]; ok {
			n, err := strconv.ParseUint(s, 10, 64)
			if err != nil {
				r.t.Fatal(err)
			}
			return n
		}
		return def
	}
	var raws []tx.RawMsg
	for _, line := range input {
		raw, err := tx.EncodeMsg(r.scriptMsg(strings.Fields(line)))
		if err != nil {
			r.t.Fatal(err)
		}
		raws = append(raws, raw)
	}
	chainID := testChainID
	if c, ok := opts["chain"]; ok {
		chainID = c
	}
	nonce := num("nonce", u.nonce)
	body := tx.Body{ChainID: chainID, Nonce: nonce, GasLimit: num("gas", 200_000), GasPrice: uint256.NewInt(num("price", 1_000)), Memo: opts["memo"], Msgs: raws}
	signed, err := tx.Sign(body, tx.KeySigner{Key: u.key})
	if err != nil {
		return []string{"error: " + err.Error()}
	}
	enc, err := signed.Encode()
	if err != nil {
		r.t.Fatal(err)
	}
	if _, ok := opts["nonce"]; !ok {
		u.nonce++
	}
	r.txs[name] = enc
	return nil
}

// scriptMsg builds a message from a script line.
func (r *scriptRunner) scriptMsg(f []string) tx.Msg {
	switch f[0] {
	case "send":
		return &bank.MsgSend{To: r.addr(f[1]), Amount: r.amount(f[2])}
	case "multi-send":
		m := &bank.MsgMultiSend{}
		for _, o := range f[1:] {
			to, amt, _ := strings.Cut(o, "=")
			m.Outputs = append(m.Outputs, bank.Output{To: r.addr(to), Amount: r.amount(amt)})
		}
		return m
	case "delegate":
		return &staking.MsgDelegate{Validator: r.addr(f[1]), Amount: r.amount(f[2])}
	case "unbond":
		return &staking.MsgUndelegate{Validator: r.addr(f[1]), Amount: r.amount(f[2])}
	case "withdraw":
		return &bridge.MsgWithdraw{Chain: f[1], To: r.addr(f[2]), Amount: r.amount(f[3])}
	case "withdraw-rewards":
		return &staking.MsgWithdrawRewards{}
	case "unhalt-lane":
		// unhalt-lane TITLE DEPOSIT NAME NONCE
		n, err := strconv.ParseUint(f[4], 10, 64)
		if err != nil {
			r.t.Fatal(err)
		}
		raw, err := tx.EncodeMsg(&bridge.MsgUnhaltLane{Chain: f[3], Nonce: n})
		if err != nil {
			r.t.Fatal(err)
		}
		return &governance.MsgSubmitProposal{Title: f[1], InitialDeposit: r.amount(f[2]), Contents: []tx.RawMsg{raw}}
	case "register-chain", "pause-chain":
		// register-chain TITLE DEPOSIT NAME CHAIN_ID INTERVAL
		// pause-chain TITLE DEPOSIT NAME true|false
		var content tx.Msg
		if f[0] == "register-chain" {
			id, err := strconv.ParseUint(f[4], 10, 64)
			if err != nil {
				r.t.Fatal(err)
			}
			interval, err := strconv.ParseUint(f[5], 10, 64)
			if err != nil {
				r.t.Fatal(err)
			}
			content = &bridge.MsgRegisterChain{Chain: bridge.RootChain{Name: f[3], ChainID: id, Contract: r.addr(f[3] + "-contract"),
				Token: r.addr(f[3] + "-token"), CheckpointInterval: interval, RateLimit: btt.NewAmount(btt.FromBTT(100)),
				RateWindow: dec.Of(time.Hour), MinWithdrawal: btt.NewAmount(btt.FromBTT(1)), MaxWithdrawal: btt.NewAmount(btt.FromBTT(50))}}
		} else {
			content = &bridge.MsgPauseChain{Chain: f[3], Paused: f[4] == "true"}
		}
		raw, err := tx.EncodeMsg(content)
		if err != nil {
			r.t.Fatal(err)
		}
		return &governance.MsgSubmitProposal{Title: f[1], InitialDeposit: r.amount(f[2]), Contents: []tx.RawMsg{raw}}
	case "param-change", "software-upgrade":
		// param-change TITLE DEPOSIT module.key=value...
		// software-upgrade TITLE DEPOSIT NAME HEIGHT
		var content tx.Msg
		if f[0] == "param-change" {
			pc, err := governance.ParseParamChanges(f[3:])
			if err != nil {
				r.t.Fatal(err)
			}
			content = pc
		} else {
			h, err := strconv.ParseUint(f[4], 10, 64)
			if err != nil {
				r.t.Fatal(err)
			}
			content = &governance.MsgSoftwareUpgrade{Plan: governance.Plan{Name: f[3], Height: h}}
		}
		raw, err := tx.EncodeMsg(content)
		if err != nil {
			r.t.Fatal(err)
		}
		return &governance.MsgSubmitProposal{Title: f[1], InitialDeposit: r.amount(f[2]), Contents: []tx.RawMsg{raw}}
	case "vote":
		id, err := strconv.ParseUint(f[1], 10, 64)
		if err != nil {
			r.t.Fatal(err)
		}
		o, err := governance.ParseOption(f[2])
		if err != nil {
			r.t.Fatal(err)
		}
		return &governance.MsgVote{ProposalID: id, Options: []governance.WeightedOption{{Option: o, Weight: dec.One()}}}
	}
	r.t.Fatalf("unknown message %q", strings.Join(f, " "))
	return nil
}

// bridgeVotes builds the injected extended commit in which each named
// validator's vote extension signs every pending checkpoint with its
// operator key (the genesis bridge signer), as its node would.
func (r *scriptRunner) bridgeVotes(vals []string) []byte { return r.bridgeVotesWith(vals, nil) }

// bridgeVotesWith is bridgeVotes in which each validator also reports its
// observations.
func (r *scriptRunner) bridgeVotesWith(vals []string, obs map[string][]bridge.Observation) []byte {
	b := bridgeOf(state.ReadOnly{Getter: r.c.app.store.Committed()})
	pending, err := b.Pending(testChainID)
	if err != nil {
		r.t.Fatal(err)
	}
	ic := injectedCommit{}
	for _, name := range vals {
		ext := bridge.Extension{Deposits: obs[name]}
		for _, pc := range pending {
			h := bridge.SigningHash(pc.Digest)
			sig, err := crypto.Sign(h[:], r.userNamed(name).key)
			if err != nil {
				r.t.Fatal(err)
			}
			ext.Signatures = append(ext.Signatures, bridge.CheckpointSignature{Chain: pc.Chain, Number: pc.Number, Signature: sig})
		}
		payload, err := ext.Encode()
		if err != nil {
			r.t.Fatal(err)
		}
		raw, err := rlp.EncodeToBytes([]extensionEntry{{Name: BridgeExtensionName, Payload: payload}})
		if err != nil {
			r.t.Fatal(err)
		}
		ic.Votes = append(ic.Votes, injectedVote{Address: ed25519.PubKey(r.valCons[name]).Address(), Flag: uint32(cmtproto.BlockIDFlagCommit), Extension: raw})
	}
	enc, err := rlp.EncodeToBytes(&ic)
	if err != nil {
		r.t.Fatal(err)
	}
	return append(bytes.Clone(injectedMarker), enc...)
}

// finalize runs FinalizeBlock and Commit on txs and prints the results.
func (r *scriptRunner) finalize(txs [][]byte) []string {
	c := r.c
	c.height++
	c.time = c.time.Add(time.Second)
	res, err := c.app.FinalizeBlock(context.Background(), &abci.RequestFinalizeBlock{Txs: txs, Height: c.height, Time: c.time, DecidedLastCommit: c.lastCommit})
	if err != nil {
		c.height--
		return []string{"error: " + r.named(err.Error())}
	}
	if _, err := c.app.Commit(context.Background(), &abci.RequestCommit{}); err != nil {
		r.t.Fatal(err)
	}
	out := []string{fmt.Sprintf("height %d", c.height)}
	names := r.nameTxs(txs)
	for i, tr := range res.TxResults {
		out = append(out, fmt.Sprintf("%s: %s", names[i], r.result(tr.Code, tr.Codespace, tr.Log, tr.GasWanted, tr.GasUsed)))
		out = append(out, r.events("  ", tr.Events)...)
	}
	out = append(out, r.events("block ", res.Events)...)
	for _, u := range res.ValidatorUpdates {
		out = append(out, fmt.Sprintf("validator update: %X power %d", u.PubKey.GetEd25519(), u.Power))
	}
	out = append(out, fmt.Sprintf("app hash: %X", res.AppHash))
	select {
	case h := <-c.app.Halted():
		out = append(out, "halt: "+h.Error())
	default:
	}
	return out
}

func (r *scriptRunner) events(prefix string, events []abci.Event) []string {
	var out []string
	for _, e := range events {
		var attrs []string
		for _, a := range e.Attributes {
			attrs = append(attrs, a.Key+"="+a.Value)
		}
		out = append(out, r.named(fmt.Sprintf("%sevent %s %s", prefix, e.Type, strings.Join(attrs, " "))))
	}
	return out
}
