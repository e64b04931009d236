package node

import (
	"context"
	"fmt"
	"net"
	"os"
	"sort"
	"strings"
	"syscall"
	"time"

	cmtcfg "github.com/cometbft/cometbft/config"
	cmtjson "github.com/cometbft/cometbft/libs/json"
	"github.com/cometbft/cometbft/privval"

	"github.com/bttc-network/bttc/bridge"
	"github.com/bttc-network/bttc/bridge/relay"
	"github.com/bttc-network/bttc/chain/rpcclient"
	"github.com/bttc-network/bttc/core/address"
	"github.com/bttc-network/bttc/genesis"
	"github.com/bttc-network/bttc/staking"
)

// Level is how a check of `bttcd doctor` came out.
type Level string

// The levels, mildest first.
const (
	OK      Level = "ok"
	Warning Level = "warning"
	Problem Level = "problem"
)

// Check is one line of `bttcd doctor`: what was checked, how it came out,
// and, unless it is fine, what to do.
type Check struct {
	Name   string `json:"name"`
	Level  Level  `json:"level"`
	Detail string `json:"detail"`
	Fix    string `json:"fix,omitempty"`
}

// Thresholds of the doctor's checks.
const (
	diskWarn     = 20 << 30 // bytes free under which disk is a warning
	diskProblem  = 2 << 30  // and a problem
	clockWarn    = 15 * time.Second
	clockProblem = 60 * time.Second
)

// Doctor checks a home, stopped or running, and returns one Check a
// concern. It never changes anything. A running node (it holds the home's
// lock) is asked through its RPC for what only it knows: its height,
// peers, validator and clock; a stopped one has its files read instead.
func Doctor(ctx context.Context, cfg *cmtcfg.Config, app AppConfig) []Check {
	var out []Check
	add := func(name string, l Level, detail, fix string) {
		out = append(out, Check{Name: name, Level: l, Detail: detail, Fix: fix})
	}
	if _, err := app.Validate(); err != nil {
		add("app.toml", Problem, err.Error(), "correct the named setting in config/app.toml")
	} else {
		add("app.toml", OK, "valid", "")
	}
	doc, _, err := genesis.Load(cfg.GenesisFile())
	if err != nil {
		add("genesis", Problem, err.Error(), "fetch the network's genesis.json again (bttcd join does)")
	} else {
		add("genesis", OK, fmt.Sprintf("chain %s, initial height %d", doc.ChainID, doc.InitialHeight), "")
	}
	if _, err := loadNodeKey(cfg); err != nil {
		add("node key", Problem, err.Error(), "restore config/node_key.json from a backup, or make a new one (the node's id changes)")
	} else {
		add("node key", OK, cfg.NodeKeyFile(), "")
	}
	key, err := loadPVKey(cfg)
	if err != nil {
		add("validator key", Problem, err.Error(), "restore config/priv_validator_key.json from your backup")
	} else {
		add("validator key", OK, fmt.Sprintf("consensus address %X", key.Address), "")
	}

	running := CheckHomeFree(cfg.RootDir) != nil
	if !running && err == nil {
		out = append(out, signingStateCheck(cfg, key))
	}
	out = append(out, portChecks(cfg, running)...)
	out = append(out, diskCheck(cfg.DBDir()))
	var live *liveState
	if running {
		var checks []Check
		checks, live = liveChecks(ctx, cfg, key.Address.String())
		out = append(out, checks...)
	} else {
		add("node", OK, "stopped: the checks of a running node were skipped", "")
	}
	return append(out, bridgeChecks(ctx, cfg, app, live)...)
}

// liveState is what the running node told the doctor that the bridge's
// checks need.
type liveState struct {
	validator *staking.ValidatorView // nil: not a validator
	chains    []bridge.ChainView     // the registered root chains
}

// signingStateCheck compares priv_validator_state.json with the blocks
// this key signed.
func signingStateCheck(cfg *cmtcfg.Config, key privval.FilePVKey) Check {
	c := Check{Name: "signing state"}
	raw, err := os.ReadFile(cfg.PrivValidatorStateFile())
	var st privval.FilePVLastSignState
	exists := err == nil
	if exists {
		if err := cmtjson.Unmarshal(raw, &st); err != nil {
			c.Level, c.Detail = Problem, fmt.Sprintf("%s does not read: %v", cfg.PrivValidatorStateFile(), err)
			c.Fix = "restore it from a backup; never start a validator without it"
			return c
		}
	}
	if err := checkSigningState(cfg, key.Address, st.Height, exists); err != nil {
		c.Level, c.Detail, c.Fix = Problem, err.Error(), "restore data/priv_validator_state.json from a backup"
		return c
	}
	c.Level, c.Detail = OK, fmt.Sprintf("last signed height %d", st.Height)
	return c
}

// portChecks sees whether the node's addresses are free, or held by the
// node itself when it runs.
func portChecks(cfg *cmtcfg.Config, running bool) []Check {
	var out []Check
	addrs := []struct{ name, addr string }{{"P2P port", cfg.P2P.ListenAddress}, {"RPC port", cfg.RPC.ListenAddress}}
	if cfg.Instrumentation.IsPrometheusEnabled() {
		addrs = append(addrs, struct{ name, addr string }{"metrics port", cfg.Instrumentation.PrometheusListenAddr})
	}
	for _, a := range addrs {
		hostPort := strings.TrimPrefix(a.addr, "tcp://")
		ln, err := net.Listen("tcp", hostPort)
		switch {
		case err == nil:
			ln.Close()
			l := OK
			detail := hostPort + " is free"
			fix := ""
			if running {
				l, detail, fix = Warning, hostPort+" is free, yet the node runs: it is not listening there", "check the node's log for why it did not listen"
			}
			out = append(out, Check{Name: a.name, Level: l, Detail: detail, Fix: fix})
		case running:
			out = append(out, Check{Name: a.name, Level: OK, Detail: hostPort + " is in use, by the running node presumably"})
		default:
			out = append(out, Check{Name: a.name, Level: Problem, Detail: fmt.Sprintf("%s: %v", hostPort, err),
				Fix: "stop the program holding it, or give the node another address in config.toml"})
		}
	}
	return out
}

// diskCheck looks at the free space where the data grows.
func diskCheck(dir string) Check {
	c := Check{Name: "disk"}
	for dir != "/" {
		if _, err := os.Stat(dir); err == nil {
			break
		}
		dir = parentDir(dir)
	}
	var fs syscall.Statfs_t
	if err := syscall.Statfs(dir, &fs); err != nil {
		c.Level, c.Detail = Warning, fmt.Sprintf("cannot read the free space of %s: %v", dir, err)
		return c
	}
	free := fs.Bavail * uint64(fs.Bsize)
	c.Detail = fmt.Sprintf("%.1f GiB free under %s", float64(free)/(1<<30), dir)
	switch {
	case free < diskProblem:
		c.Level, c.Fix = Problem, "free space now: a node that cannot write stops"
	case free < diskWarn:
		c.Level, c.Fix = Warning, "plan more space: the chain's data only grows"
	default:
		c.Level = OK
	}
	return c
}

func parentDir(p string) string {
	if i := strings.LastIndexByte(strings.TrimRight(p, "/"), '/'); i > 0 {
		return p[:i]
	}
	return "/"
}

// liveChecks ask the running node: caught up, peers, clock, and for a
// validator its place in the set, jail and missed blocks.
func liveChecks(ctx context.Context, cfg *cmtcfg.Config, consAddr string) ([]Check, *liveState) {
	var out []Check
	add := func(name string, l Level, detail, fix string) {
		out = append(out, Check{Name: name, Level: l, Detail: detail, Fix: fix})
	}
	cl, err := rpcclient.Dial(cfg.RPC.ListenAddress)
	if err == nil {
		_, err = cl.Status(ctx)
	}
	if err != nil {
		add("node", Problem, fmt.Sprintf("the home is in use but its RPC at %s does not answer: %v", cfg.RPC.ListenAddress, err),
			"look at the node's log; a node stuck at start holds the lock without serving")
		return out, nil
	}
	st, _ := cl.Status(ctx)
	h := st.SyncInfo.LatestBlockHeight
	if st.SyncInfo.CatchingUp {
		add("sync", Warning, fmt.Sprintf("catching up, at height %d", h), "wait: block sync is running")
	} else {
		add("sync", OK, fmt.Sprintf("caught up at height %d", h), "")
		// A caught-up node's last block is seconds old by a good clock.
		skew := time.Since(st.SyncInfo.LatestBlockTime)
		l, fix := OK, ""
		switch {
		case skew > clockProblem || skew < -clockProblem:
			l, fix = Problem, "the clock or the chain is off: check NTP (timedatectl) and the peers"
		case skew > clockWarn || skew < -clockWarn:
			l, fix = Warning, "check that the clock is synchronised (timedatectl)"
		}
		add("clock", l, fmt.Sprintf("the last block's time is %s from this clock", skew.Round(time.Second)), fix)
	}
	peers := 0
	if ni, err := cl.NetInfo(ctx); err == nil {
		peers = ni.NPeers
	}
	switch {
	case peers > 0:
		add("peers", OK, fmt.Sprintf("%d connected", peers), "")
	case cfg.P2P.PersistentPeers == "" && cfg.P2P.Seeds == "":
		add("peers", OK, "none, and none configured (a lone node)", "")
	default:
		add("peers", Problem, "none connected", "check p2p.persistent_peers and that the peers are up and reachable")
	}
	live := &liveState{}
	vc, v := validatorChecks(ctx, cl, consAddr)
	out = append(out, vc...)
	live.validator = v
	if err := cl.Bridge(ctx, "chains", 0, &live.chains); err != nil {
		add("bridge", Warning, "cannot list the registered root chains: "+err.Error(), "")
	}
	return out, live
}

// validatorChecks find this node's validator by its consensus address.
func validatorChecks(ctx context.Context, cl *rpcclient.Client, consAddr string) ([]Check, *staking.ValidatorView) {
	var vals []staking.ValidatorView
	if err := cl.Staking(ctx, "validators", 0, &vals); err != nil {
		return []Check{{Name: "validator", Level: Warning, Detail: "cannot list the validators: " + err.Error()}}, nil
	}
	for i := range vals {
		v := &vals[i]
		if !strings.EqualFold(v.ConsAddress, consAddr) {
			continue
		}
		out := []Check{}
		switch {
		case v.Tombstoned:
			out = append(out, Check{Name: "validator", Level: Problem, Detail: fmt.Sprintf("%s is tombstoned (double sign): it can never validate again", v.Operator),
				Fix: "create a new validator with a new consensus key"})
		case v.Jailed:
			out = append(out, Check{Name: "validator", Level: Problem, Detail: fmt.Sprintf("%s is jailed", v.Operator),
				Fix: "fix what made it miss blocks, then: bttcd tx staking unjail --from OPERATOR"})
		case v.Status != "bonded":
			out = append(out, Check{Name: "validator", Level: Warning, Detail: fmt.Sprintf("%s is %s: not in the active set", v.Operator, v.Status),
				Fix: "more stake puts it among the top validators by power"})
		default:
			out = append(out, Check{Name: "validator", Level: OK, Detail: fmt.Sprintf("%s is bonded with power %d", v.Operator, v.Power)})
		}
		var si staking.SigningInfoView
		if err := cl.Staking(ctx, "signing-info/"+v.Operator.String(), 0, &si); err == nil {
			l, fix := OK, ""
			if si.MaxMissed > 0 && si.MissedBlocks*2 >= si.MaxMissed {
				l, fix = Warning, "it is half way to being jailed for downtime: check its connectivity and clock"
			}
			out = append(out, Check{Name: "missed blocks", Level: l, Detail: fmt.Sprintf("%d in the window of %d (jailed at %d)", si.MissedBlocks, si.Window, si.MaxMissed), Fix: fix})
		}
		return out, v
	}
	return []Check{{Name: "validator", Level: OK, Detail: "this node's key is not a validator's (a full node)"}}, nil
}

// bridgeChecks look at the bridge signer key (against the one the chain
// has registered for this validator, when the node runs) and at each root
// chain app.toml names an RPC for: reachable, the registered chain id,
// finality trailing the latest block, and the signer's balance there.
func bridgeChecks(ctx context.Context, cfg *cmtcfg.Config, app AppConfig, live *liveState) []Check {
	var out []Check
	add := func(name string, l Level, detail, fix string) {
		out = append(out, Check{Name: name, Level: l, Detail: detail, Fix: fix})
	}
	key, ok, err := LoadBridgeKey(cfg)
	var signer address.Address
	switch {
	case err != nil:
		add("bridge key", Problem, err.Error(), "restore config/bridge_key.json from a backup")
		return out
	case !ok:
		if live != nil && live.validator != nil {
			add("bridge key", Warning, "none: this validator signs no checkpoints and reports no deposits", "make one with bttcd init's key or import yours, then register it: bttcd tx staking set-bridge-signer")
		}
		return out
	}
	signer = address.FromPublicKey(&key.PublicKey)
	if live != nil && live.validator != nil && live.validator.BridgeSigner != signer {
		add("bridge key", Problem, fmt.Sprintf("this node's bridge key is %s; the chain has %s registered for the validator", signer, live.validator.BridgeSigner),
			"register this key: bttcd tx staking set-bridge-signer "+signer.String()+" --from OPERATOR")
	} else {
		add("bridge key", OK, signer.String(), "")
	}
	names := make([]string, 0, len(app.Bridge))
	for name := range app.Bridge {
		names = append(names, name)
	}
	sort.Strings(names)
	for _, name := range names {
		var reg *bridge.ChainView
		if live != nil {
			for i := range live.chains {
				if live.chains[i].Name == name {
					reg = &live.chains[i]
				}
			}
		}
		var confirmations uint64
		if reg != nil {
			confirmations = reg.Confirmations
		}
		pctx, cancel := context.WithTimeout(ctx, 15*time.Second)
		p, err := relay.Probe(pctx, app.Bridge[name].RPC, confirmations, signer)
		cancel()
		check := "root chain " + name
		switch {
		case p == nil:
			add(check, Problem, err.Error(), "check bridge."+name+".rpc in app.toml and that the endpoint is up")
			continue
		case reg != nil && p.ChainID != reg.ChainID:
			add(check, Problem, fmt.Sprintf("the RPC is chain %d; %s is registered as chain %d", p.ChainID, name, reg.ChainID),
				"point bridge."+name+".rpc at the registered chain")
			continue
		case p.FinalityErr != nil:
			add(check, Warning, fmt.Sprintf("chain %d, latest block %d; finality: %v", p.ChainID, p.Latest, p.FinalityErr),
				"use an RPC that serves the finalized block tag, or set confirmations for the chain")
		default:
			add(check, OK, fmt.Sprintf("chain %d, final block %d, %d behind the latest", p.ChainID, p.Final, p.Latest-p.Final), "")
		}
		switch {
		case err != nil:
			add(check+" signer", Warning, err.Error(), "")
		case p.Low:
			add(check+" signer", Warning, fmt.Sprintf("%s holds %s: too little for a few checkpoints' gas", signer, p.Balance), "fund the bridge key on "+name)
		default:
			add(check+" signer", OK, fmt.Sprintf("%s holds %s", signer, p.Balance), "")
		}
	}
	return out
}

// Worst is the worst level of checks.
func Worst(checks []Check) Level {
	w := OK
	for _, c := range checks {
		if c.Level == Problem {
			return Problem
		}
		if c.Level == Warning {
			w = Warning
		}
	}
	return w
}
