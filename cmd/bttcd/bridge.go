package main

import (
	"context"
	"encoding/hex"
	"errors"
	"fmt"
	"io"
	"strconv"
	"strings"
	"time"

	"github.com/ethereum/go-ethereum/crypto"
	"github.com/holiman/uint256"
	"github.com/spf13/cobra"

	"github.com/bttc-network/bttc/bridge"
	"github.com/bttc-network/bttc/bridge/relay"
	"github.com/bttc-network/bttc/chain/rpcclient"
	"github.com/bttc-network/bttc/core/address"
	"github.com/bttc-network/bttc/core/btt"
	"github.com/bttc-network/bttc/internal/cli"
	"github.com/bttc-network/bttc/node"
)

func newTxBridgeCmd() *cobra.Command {
	c := &cobra.Command{Use: "bridge", Short: "Move BTT to Ethereum, BNB Chain or TRON"}
	w := &cobra.Command{
		Use:   "withdraw AMOUNT --chain NAME --to ROOT_ADDRESS --from KEY",
		Short: "Burn BTT here for an address on a root chain; exit there once a checkpoint carries it",
		Long: `Burn AMOUNT on BTTC for ROOT_ADDRESS (0x… or TRON's T…) on the root chain NAME
(see 'bttcd query bridge chains'). The next checkpoint to that chain carries the
withdrawal; once validators holding more than 2/3 of the stake have signed it,
'bttcd query bridge withdrawal-proof NAME ID' gives what the root contract's
exit call needs. Refused while the chain is paused, below its minimum, above
its maximum, or past its rate limit (the error says when capacity frees).`,
		Example: "  bttcd tx bridge withdraw 250btt --chain ethereum --to 0x70997970C51812dc3A010C7d01b50e0d17dc79C8 --from alice",
		Args:    cli.ExactArgs(1, "AMOUNT"),
		RunE: func(c *cobra.Command, args []string) error {
			amount, err := btt.Parse(args[0])
			if err != nil {
				return cli.Usage(c, err)
			}
			chain, _ := c.Flags().GetString("chain")
			toText, _ := c.Flags().GetString("to")
			if chain == "" || toText == "" {
				return cli.Usage(c, errors.New("--chain and --to are required"))
			}
			to, err := address.Parse(toText)
			if err != nil {
				return cli.Usage(c, fmt.Errorf("--to: %w", err))
			}
			return runTx(c, &bridge.MsgWithdraw{Chain: chain, To: to, Amount: amount})
		},
	}
	w.Flags().String("chain", "", "root chain name: ethereum, bsc or tron")
	w.Flags().String("to", "", "recipient on the root chain (0x… or T…)")
	addTxFlags(w)
	c.AddCommand(w)
	return c
}

func newQueryBridgeCmd() *cobra.Command {
	c := &cobra.Command{Use: "bridge", Short: "Root chains, checkpoints, withdrawals and their proofs"}
	ask := func(use, short string, nargs int, path func(c *cobra.Command, args []string) (string, error), out func() any) *cobra.Command {
		return moduleQueryCmd((*rpcclient.Client).Bridge, use, short, nargs, path, out, nil)
	}
	plain := func(name string) func(*cobra.Command, []string) (string, error) {
		return func(_ *cobra.Command, args []string) (string, error) {
			return strings.Join(append([]string{name}, args...), "/"), nil
		}
	}
	numbered := func(name, what string) func(*cobra.Command, []string) (string, error) {
		return func(c *cobra.Command, args []string) (string, error) {
			if _, err := strconv.ParseUint(args[1], 10, 64); err != nil {
				return "", cli.Usage(c, fmt.Errorf("%s %q: want a number", what, args[1]))
			}
			return name + "/" + args[0] + "/" + args[1], nil
		}
	}
	c.AddCommand(
		ask("chains", "List the registered root chains", 0, plain("chains"), func() any { return new([]bridge.ChainView) }),
		ask("chain NAME", "Show a root chain's settings and totals", 1, plain("chain"), func() any { return new(bridge.ChainView) }),
		ask("checkpoints CHAIN", "List a root chain's checkpoints, newest first", 1, plain("checkpoints"), func() any { return new([]bridge.CheckpointView) }),
		ask("checkpoint CHAIN NUMBER", "Show a checkpoint with its signer set and signatures, sorted as the contract wants them", 2,
			numbered("checkpoint", "NUMBER"), func() any { return new(bridge.CheckpointView) }),
		ask("deposits CHAIN", "List the deposits minted from a root chain, newest first (the last 100)", 1, plain("deposits"),
			func() any { return new([]bridge.DepositView) }),
		ask("withdrawals ADDRESS|KEY", "List an account's withdrawals and the checkpoints carrying them", 1,
			func(c *cobra.Command, args []string) (string, error) {
				a, err := resolveAddress(c, args[0])
				if err != nil {
					return "", err
				}
				return "withdrawals/" + a.Hex(), nil
			}, func() any { return new([]bridge.WithdrawalView) }),
		ask("withdrawal-proof CHAIN ID", "Print what the root contract's exit call needs for a withdrawal", 2,
			numbered("withdrawal-proof", "ID"), func() any { return new(bridge.ProofView) }),
		ask("params", "Show the bridge parameters", 0, plain("params"), func() any { return new(bridge.Params) }),
		ask("signers", "Show the bonded validators' bridge signer set, which a root contract deployed now must hold", 0,
			plain("signers"), func() any { return new(bridge.SetView) }),
	)
	return c
}

// newBridgeCmd holds a validator operator's tools for the root contracts.
func newBridgeCmd() *cobra.Command {
	c := &cobra.Command{Use: "bridge", Short: "Deposit, exit and watch the bridge on the root chains; validators deploy and sign admin actions"}
	s := &cobra.Command{
		Use:   "sign-admin unpause|set-guardian|set-limits --chain NAME --nonce N",
		Short: "Sign a root contract admin action with this node's bridge key",
		Long: `The guardian of a root contract may only pause it. Unpausing it, changing its
guardian and changing its limits take a message signed by validators holding more
than 2/3 of the contract's signer set, each with its bridge key. This prints this
node's signature of such a message, for the operators to gather and submit with
the contract's admin call. --nonce is the contract's adminNonce now; the
contract's address and chain id come from the chain's registry (--node).`,
		Example: "  bttcd bridge sign-admin unpause --chain ethereum --nonce 0\n" +
			"  bttcd bridge sign-admin set-limits --chain bsc --nonce 3 --rate-limit 1000000btt --rate-window 24h --delay-threshold 100000btt --delay 6h",
		Args: cli.ExactArgs(1, "ACTION"),
		RunE: func(c *cobra.Command, args []string) error {
			f := c.Flags()
			action, ok := map[string]uint8{"unpause": bridge.ActionUnpause, "set-guardian": bridge.ActionSetGuardian, "set-limits": bridge.ActionSetLimits}[args[0]]
			if !ok {
				return cli.Usage(c, fmt.Errorf("action %q: want unpause, set-guardian or set-limits", args[0]))
			}
			chainName, _ := f.GetString("chain")
			if !f.Changed("nonce") || chainName == "" {
				return cli.Usage(c, errors.New("--chain and --nonce are required"))
			}
			nonce, _ := f.GetUint64("nonce")
			var guardian address.Address
			var limits [4]*uint256.Int
			switch action {
			case bridge.ActionSetGuardian:
				g, _ := f.GetString("guardian")
				a, err := address.Parse(g)
				if err != nil {
					return cli.Usage(c, fmt.Errorf("--guardian: %w", err))
				}
				guardian = a
			case bridge.ActionSetLimits:
				for i, name := range []string{"rate-limit", "rate-window", "delay-threshold", "delay"} {
					text, _ := f.GetString(name)
					if text == "" {
						return cli.Usage(c, fmt.Errorf("set-limits needs --%s", name))
					}
					if name == "rate-window" || name == "delay" {
						d, err := time.ParseDuration(text)
						if err != nil || d < 0 {
							return cli.Usage(c, fmt.Errorf("--%s %q: want a duration such as 24h", name, text))
						}
						limits[i] = uint256.NewInt(uint64(d / time.Second))
						continue
					}
					v, err := btt.Parse(text)
					if err != nil {
						return cli.Usage(c, fmt.Errorf("--%s: %w", name, err))
					}
					limits[i] = v
				}
			}
			data, err := bridge.AdminData(action, guardian, limits)
			if err != nil {
				return cli.Usage(c, err)
			}
			key, err := homeBridgeKey(c, "this node has no bridge key to sign with")
			if err != nil {
				return err
			}
			client, err := dialNode(c)
			if err != nil {
				return err
			}
			ctx, cancel := context.WithTimeout(c.Context(), 30*time.Second)
			defer cancel()
			var rc bridge.ChainView
			if err := client.Bridge(ctx, "chain/"+chainName, 0, &rc); err != nil {
				return err
			}
			params, err := client.Params(ctx)
			if err != nil {
				return err
			}
			digest := rc.Domain(params.ChainID).AdminDigest(nonce, action, data)
			h := bridge.SigningHash(digest)
			sig, err := crypto.Sign(h[:], key)
			if err != nil {
				return err
			}
			sig[64] += 27
			out := struct {
				Chain     string          `json:"chain"`
				Contract  address.Address `json:"contract"`
				Action    uint8           `json:"action"`
				Nonce     uint64          `json:"nonce"`
				Data      string          `json:"data"`
				Digest    string          `json:"digest"`
				Signer    address.Address `json:"signer"`
				Signature string          `json:"signature"`
			}{chainName, rc.Contract, action, nonce, "0x" + hex.EncodeToString(data), "0x" + hex.EncodeToString(digest[:]),
				address.FromPublicKey(&key.PublicKey), "0x" + hex.EncodeToString(sig)}
			return printOut(c, out, func(w io.Writer) { _ = printText(w, out) })
		},
	}
	f := s.Flags()
	f.String("chain", "", "the root chain whose contract the action is for")
	f.Uint64("nonce", 0, "the contract's adminNonce now")
	f.String("guardian", "", "set-guardian: the new guardian (0x…)")
	f.String("rate-limit", "", "set-limits: amount per window, e.g. 1000000btt")
	f.String("rate-window", "", "set-limits: window, e.g. 24h")
	f.String("delay-threshold", "", "set-limits: exits above this amount wait, e.g. 100000btt")
	f.String("delay", "", "set-limits: how long they wait, e.g. 6h")
	addNodeFlag(s)
	addOutputFlag(s)
	c.AddCommand(s, newBridgeStatusCmd(), newBridgeDeployCmd(), newBridgeDepositCmd(), newBridgeExitCmd(), newBridgeClaimCmd())
	return c
}

// bridgeStatus is one root chain as BTTC and, when an RPC is known, the
// root chain itself see it.
type bridgeStatus struct {
	Chain          string            `json:"chain"`
	BTTCCheckpoint uint64            `json:"bttc_checkpoint"`
	NextDeposit    uint64            `json:"next_deposit"`
	Withdrawals    uint64            `json:"withdrawals"`
	Paused         bool              `json:"paused"`
	Halted         bool              `json:"halted"`
	HaltReason     string            `json:"halt_reason,omitempty"`
	RPC            string            `json:"rpc,omitempty"`
	Root           *relay.RootStatus `json:"root,omitempty"`
	RootError      string            `json:"root_error,omitempty"`
}

func newBridgeStatusCmd() *cobra.Command {
	c := &cobra.Command{
		Use:   "status [--chain NAME]",
		Short: "Each root chain as BTTC and the root chain see it: checkpoints, deposits, pause, signer gas",
		Long: `For each registered root chain (or --chain): BTTC's last checkpoint, next deposit
nonce and withdrawals, whether the chain is paused or its lane halted; and, for
the chains app.toml gives an RPC for ([bridge.NAME] rpc, or --rpc with
--chain), what the root contract says: its last checkpoint (behind BTTC's while
one is on its way), its deposit nonce, whether it is paused, and this node's
bridge signer's balance there, which pays for checkpoint submissions.`,
		Args: cli.ExactArgs(0, "none"),
		RunE: func(c *cobra.Command, _ []string) error {
			only, _ := c.Flags().GetString("chain")
			rpcFlag, _ := c.Flags().GetString("rpc")
			if rpcFlag != "" && only == "" {
				return cli.Usage(c, errors.New("--rpc goes with --chain"))
			}
			client, err := dialNode(c)
			if err != nil {
				return err
			}
			ctx, cancel := context.WithTimeout(c.Context(), time.Minute)
			defer cancel()
			var chains []bridge.ChainView
			if err := client.Bridge(ctx, "chains", 0, &chains); err != nil {
				return err
			}
			rpcs := map[string]string{}
			var signer address.Address
			if cfg, err := loadCometConfig(c, homeOf(c)); err == nil {
				if app, err := loadAppConfig(c, homeOf(c)); err == nil {
					for name, b := range app.Bridge {
						rpcs[name] = b.RPC
					}
				}
				if key, ok, err := node.LoadBridgeKey(cfg); err == nil && ok {
					signer = address.FromPublicKey(&key.PublicKey)
				}
			}
			if rpcFlag != "" {
				rpcs[only] = rpcFlag
			}
			var out []bridgeStatus
			for _, ch := range chains {
				if only != "" && ch.Name != only {
					continue
				}
				st := bridgeStatus{Chain: ch.Name, BTTCCheckpoint: ch.LastCheckpoint, NextDeposit: ch.NextDeposit, Withdrawals: ch.Withdrawals,
					Paused: ch.Paused, Halted: ch.Halted, HaltReason: ch.HaltReason, RPC: rpcs[ch.Name]}
				if st.RPC != "" {
					if st.Root, err = relay.ReadRootStatus(ctx, st.RPC, ch.Contract, signer); err != nil {
						st.RootError = err.Error()
					}
				}
				out = append(out, st)
			}
			if only != "" && len(out) == 0 {
				return fmt.Errorf("%w %q (see bttcd query bridge chains)", bridge.ErrUnknownChain, only)
			}
			return printOut(c, out, func(w io.Writer) {
				if len(out) == 0 {
					fmt.Fprintln(w, "no root chains are registered")
				}
				for _, s := range out {
					state := "open"
					switch {
					case s.Halted:
						state = "deposits halted: " + s.HaltReason
					case s.Paused:
						state = "paused"
					}
					fmt.Fprintf(w, "%s: %s\n  on BTTC:   checkpoint %d, next deposit %d, %d withdrawals\n", s.Chain, state, s.BTTCCheckpoint, s.NextDeposit, s.Withdrawals)
					switch {
					case s.Root != nil:
						low, unit, who := "", "(native coin)", signer.Hex()
						if s.Root.Low {
							low = " (low: fund it to pay for checkpoints)"
						}
						if s.Root.Tron {
							unit, who = "TRX", signer.Tron()
						}
						unminted := s.Root.DepositNonce - min(s.Root.DepositNonce, s.NextDeposit-1)
						fmt.Fprintf(w, "  on chain %d: checkpoint %d, %d deposits (%d not yet minted), paused %v, block %d; signer %s holds %s %s%s\n",
							s.Root.ChainID, s.Root.LastCheckpoint, s.Root.DepositNonce, unminted, s.Root.Paused, s.Root.Latest, who,
							s.Root.SignerCoins, unit, low)
					case s.RootError != "":
						fmt.Fprintf(w, "  root chain: %s\n", s.RootError)
					default:
						fmt.Fprintln(w, "  root chain: no RPC in app.toml ([bridge."+s.Chain+"] rpc) or --rpc")
					}
				}
			})
		},
	}
	c.Flags().String("chain", "", "only this root chain")
	c.Flags().String("rpc", "", "the root chain's JSON-RPC, instead of app.toml's (with --chain)")
	addNodeFlag(c)
	addOutputFlag(c)
	return c
}
