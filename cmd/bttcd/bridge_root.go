package main

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"time"

	"github.com/holiman/uint256"
	"github.com/spf13/cobra"

	"github.com/bttc-network/bttc/bridge"
	"github.com/bttc-network/bttc/bridge/relay"
	"github.com/bttc-network/bttc/chain/rpcclient"
	"github.com/bttc-network/bttc/core/address"
	"github.com/bttc-network/bttc/core/btt"
	"github.com/bttc-network/bttc/core/dec"
	"github.com/bttc-network/bttc/governance"
	"github.com/bttc-network/bttc/internal/cli"
)

// What a user does on a root chain: deploy its contract, deposit, exit.

// rootFlags are what deposit and exit need to reach a root chain.
func addRootFlags(c *cobra.Command) {
	c.Flags().String("chain", "", "root chain name as registered, e.g. ethereum, bsc or tron")
	c.Flags().String("rpc", "", "the root chain's JSON-RPC, or a TRON node's HTTP API (default: app.toml's [bridge.NAME] rpc)")
	c.Flags().String(flagFrom, "", "the key that pays on the root chain (the same key works on BTTC and every root chain)")
	c.Flags().Duration("timeout", 10*time.Minute, "how long to wait for BTTC or the root chain")
	addKeyringFlags(c)
	addNodeFlag(c)
}

// rootSession is a user's connection to BTTC and to one root chain, with
// the --from key unlocked, for the length of --timeout.
type rootSession struct {
	ctx    context.Context
	cancel context.CancelFunc
	node   *rpcclient.Client
	root   *relay.Root
	self   address.Address // the --from key's address
}

// openRoot reads the chain's registry entry from BTTC and connects to its
// RPC with the --from key.
func openRoot(c *cobra.Command) (*rootSession, error) {
	f := c.Flags()
	name, _ := f.GetString("chain")
	from, _ := f.GetString(flagFrom)
	if name == "" || from == "" {
		return nil, cli.Usage(c, errors.New("--chain and --from are required"))
	}
	client, err := dialNode(c)
	if err != nil {
		return nil, err
	}
	timeout, _ := f.GetDuration("timeout")
	s := &rootSession{node: client}
	s.ctx, s.cancel = context.WithTimeout(c.Context(), timeout)
	if err := s.open(c, name, from); err != nil {
		s.cancel()
		return nil, err
	}
	return s, nil
}

func (s *rootSession) open(c *cobra.Command, name, from string) error {
	var view bridge.ChainView
	if err := s.node.Bridge(s.ctx, "chain/"+name, 0, &view); err != nil {
		return err
	}
	rpcURL, _ := c.Flags().GetString("rpc")
	if rpcURL == "" {
		if app, err := loadAppConfig(c, homeOf(c)); err == nil {
			rpcURL = app.Bridge[name].RPC
		}
	}
	if rpcURL == "" {
		return cli.Usage(c, fmt.Errorf("no RPC for %s: pass --rpc or set [bridge.%s] rpc in app.toml", name, name))
	}
	kr, err := openKeyring(c)
	if err != nil {
		return err
	}
	info, key, err := unlock(c, kr, from)
	if err != nil {
		return err
	}
	s.self = info.Address
	s.root, err = relay.DialRoot(s.ctx, &view.RootChain, rpcURL, key)
	return err
}

// addWithdrawalFlags are exit's and claim's: the root chain's, and the
// withdrawal's id.
func addWithdrawalFlags(c *cobra.Command) {
	addRootFlags(c)
	c.Flags().Uint64("withdrawal", 0, "the withdrawal's id on its chain")
}

// openWithdrawal reads --withdrawal, which exit and claim require, and
// opens the root chain.
func openWithdrawal(c *cobra.Command) (uint64, *rootSession, error) {
	id, _ := c.Flags().GetUint64("withdrawal")
	if id == 0 {
		return 0, nil, cli.Usage(c, errors.New("--withdrawal ID is required (see bttcd query bridge withdrawals ADDRESS)"))
	}
	s, err := openRoot(c)
	return id, s, err
}

func (s *rootSession) Close() {
	s.root.Close()
	s.cancel()
}

func newBridgeDepositCmd() *cobra.Command {
	c := &cobra.Command{
		Use:   "deposit AMOUNT --chain NAME --from KEY [--to BTTC_ADDRESS]",
		Short: "Lock BTT on a root chain and wait until BTTC has minted it",
		Long: `Approve the root contract for AMOUNT of BTT's token on the root chain and lock it
there for --to on BTTC (default: the --from key's own address, the same on every
chain). Then wait, with progress, until validators holding more than 2/3 of the
stake have seen the deposit final and BTTC has minted it; --no-wait returns at
once. The key pays the root chain's gas.`,
		Example: "  bttcd bridge deposit 100btt --chain ethereum --rpc http://127.0.0.1:8545 --from alice",
		Args:    cli.ExactArgs(1, "AMOUNT"),
		RunE: func(c *cobra.Command, args []string) error {
			amount, err := btt.Parse(args[0])
			if err != nil || amount.IsZero() {
				return cli.Usage(c, fmt.Errorf("amount %q: want a positive amount such as 100btt", args[0]))
			}
			var to address.Address
			if text, _ := c.Flags().GetString("to"); text != "" {
				if to, err = address.Parse(text); err != nil {
					return cli.Usage(c, fmt.Errorf("--to: %w", err))
				}
			}
			s, err := openRoot(c)
			if err != nil {
				return err
			}
			defer s.Close()
			ctx, client, root := s.ctx, s.node, s.root
			if to == (address.Address{}) {
				to = s.self
			}
			nonce, err := root.Deposit(ctx, to, amount)
			if err != nil {
				return err
			}
			w := c.ErrOrStderr()
			fmt.Fprintf(w, "Locked %s on %s for %s: deposit %d.\n", btt.Format(amount), root.Chain.Name, to, nonce)
			if noWait, _ := c.Flags().GetBool("no-wait"); noWait {
				return nil
			}
			start := time.Now()
			for last := start; ; {
				var view bridge.ChainView
				err := client.Bridge(ctx, "chain/"+root.Chain.Name, 0, &view)
				switch {
				case ctx.Err() != nil:
					return fmt.Errorf("deposit %d is locked on %s but not minted after %s: the validators mint it once it is final there and they have seen it; see 'bttcd bridge status'",
						nonce, root.Chain.Name, time.Since(start).Round(time.Second))
				case err != nil:
					return err
				case view.NextDeposit > nonce:
					fmt.Fprintf(c.OutOrStdout(), "Minted on BTTC after %s: %s to %s.\n", time.Since(start).Round(time.Second), btt.Format(amount), to)
					return nil
				case view.Halted:
					return fmt.Errorf("the %s deposit lane is halted (%s): governance must reopen it", root.Chain.Name, view.HaltReason)
				}
				if time.Since(last) > 10*time.Second {
					fmt.Fprintf(w, "waiting for the deposit to be final on %s and seen by the validators (%s)...\n", root.Chain.Name, time.Since(start).Round(time.Second))
					last = time.Now()
				}
				select {
				case <-ctx.Done():
				case <-time.After(time.Second):
				}
			}
		},
	}
	addRootFlags(c)
	c.Flags().String("to", "", "the BTTC address to credit (default: the --from key's)")
	c.Flags().Bool("no-wait", false, "return once the deposit is locked")
	return c
}

func newBridgeExitCmd() *cobra.Command {
	c := &cobra.Command{
		Use:   "exit --chain NAME --withdrawal ID --from KEY",
		Short: "Pay a BTTC withdrawal out on its root chain, with its Merkle proof",
		Long: `Fetch the proof of withdrawal ID from BTTC, wait until the checkpoint carrying it
is signed on BTTC and has landed on the root contract (the validators' relayers submit it), and call the
contract's exit, which pays the recipient. Anyone may send it: --from pays the
gas; the tokens go to the withdrawal's recipient.`,
		Example: "  bttcd bridge exit --chain ethereum --withdrawal 12 --rpc http://127.0.0.1:8545 --from alice",
		Args:    cli.ExactArgs(0, "none"),
		RunE: func(c *cobra.Command, _ []string) error {
			id, s, err := openWithdrawal(c)
			if err != nil {
				return err
			}
			defer s.Close()
			ctx, client, root := s.ctx, s.node, s.root
			w := c.ErrOrStderr()
			var proof bridge.ProofView
			for said := false; ; said = true {
				if err := client.Bridge(ctx, fmt.Sprintf("withdrawal-proof/%s/%d", root.Chain.Name, id), 0, &proof); err != nil {
					return err
				}
				if proof.Final {
					break
				}
				// The validators sign it within a block or two of its interval.
				if !said {
					fmt.Fprintf(w, "waiting for checkpoint %d to be signed on BTTC...\n", proof.Checkpoint)
				}
				select {
				case <-ctx.Done():
					return fmt.Errorf("checkpoint %d of %s is not final on BTTC yet: %w", proof.Checkpoint, root.Chain.Name, ctx.Err())
				case <-time.After(time.Second):
				}
			}
			out, err := root.Exit(ctx, &proof, func(have, want uint64) {
				fmt.Fprintf(w, "waiting for checkpoint %d on %s (it holds %d)...\n", want, root.Chain.Name, have)
			})
			if err != nil {
				return err
			}
			if out.Queued {
				fmt.Fprintf(c.OutOrStdout(), "Queued: %s to %s on %s is above the contract's delay threshold and may be claimed from %s (root chain time): "+
					"bttcd bridge claim --chain %s --withdrawal %d\n", proof.Amount, root.Show(proof.To), root.Chain.Name,
					out.ReleaseAt.Format("2006-01-02 15:04:05 UTC"), root.Chain.Name, id)
				return nil
			}
			fmt.Fprintf(c.OutOrStdout(), "Exited: %s to %s on %s.\n", proof.Amount, root.Show(proof.To), root.Chain.Name)
			return nil
		},
	}
	addWithdrawalFlags(c)
	return c
}

func newBridgeClaimCmd() *cobra.Command {
	c := &cobra.Command{
		Use:   "claim --chain NAME --withdrawal ID --from KEY",
		Short: "Pay out an exit the root contract queued, once its delay has passed",
		Long: `An exit above the root contract's delay threshold is queued rather than paid
('bttcd bridge exit' says until when). Once the delay has passed, claim pays it to
the withdrawal's recipient. Anyone may send it: --from pays the gas.`,
		Example: "  bttcd bridge claim --chain ethereum --withdrawal 12 --from alice",
		Args:    cli.ExactArgs(0, "none"),
		RunE: func(c *cobra.Command, _ []string) error {
			id, s, err := openWithdrawal(c)
			if err != nil {
				return err
			}
			defer s.Close()
			if err := s.root.Claim(s.ctx, id); err != nil {
				return err
			}
			fmt.Fprintf(c.OutOrStdout(), "Claimed: %s withdrawal %d is paid.\n", s.root.Chain.Name, id)
			return nil
		},
	}
	addWithdrawalFlags(c)
	return c
}

func newBridgeDeployCmd() *cobra.Command {
	c := &cobra.Command{
		Use:   "deploy --chain NAME --rpc URL --token ADDRESS --from KEY",
		Short: "Deploy the root contract on a root chain and print the proposal that registers it",
		Long: `Deploy the root contract (bridge/contracts/src/BTTCRoot.sol) on the chain at --rpc,
holding BTTC's current bridge signer set ('bttcd query bridge signers') and
bound to this BTTC chain, for BTT's --token there. --from pays the gas; the
guardian (default: the --from key) may only pause the contract.

It prints a governance proposal registering the chain as NAME, with the BTTC
side's limits from the flags; review it, then 'bttcd tx gov submit-proposal
FILE.json'. For a new network, its content is the entry for the genesis's
app_state.bridge.chains instead (without "signer_set"). The contract holds the
signer set of the moment it was deployed, and the proposal names it: if
validators' stake changes the set before the proposal passes, the registration
fails, and you deploy again.`,
		Example: "  bttcd bridge deploy --chain bsc --rpc http://127.0.0.1:8545 --token 0x… --from alice > register-bsc.json",
		Args:    cli.ExactArgs(0, "none"),
		RunE: func(c *cobra.Command, _ []string) error {
			f := c.Flags()
			usage := func(err error) error { return cli.Usage(c, err) }
			name, _ := f.GetString("chain")
			rpcURL, _ := f.GetString("rpc")
			from, _ := f.GetString(flagFrom)
			tokenText, _ := f.GetString("token")
			if name == "" || rpcURL == "" || from == "" || tokenText == "" {
				return usage(errors.New("--chain, --rpc, --token and --from are required"))
			}
			token, err := address.Parse(tokenText)
			if err != nil {
				return usage(fmt.Errorf("--token: %w", err))
			}
			amount := func(flag string) (*uint256.Int, error) {
				text, _ := f.GetString(flag)
				a, err := btt.Parse(text)
				if err != nil || a.IsZero() {
					return nil, usage(fmt.Errorf("--%s %q: want a positive amount such as 1000btt", flag, text))
				}
				return a, nil
			}
			rateLimit, err := amount("rate-limit")
			if err != nil {
				return err
			}
			threshold, err := amount("delay-threshold")
			if err != nil {
				return err
			}
			minW, err := amount("min-withdrawal")
			if err != nil {
				return err
			}
			window, _ := f.GetDuration("rate-window")
			delay, _ := f.GetDuration("delay")
			interval, _ := f.GetUint64("checkpoint-interval")
			// BTTC's side: withdrawals above the threshold would wait on
			// the contract, so BTTC caps them there.
			entry := bridge.RootChain{Name: name, Contract: address.Address{1}, Token: token, CheckpointInterval: interval,
				RateLimit: btt.NewAmount(rateLimit), RateWindow: dec.Of(window), MinWithdrawal: btt.NewAmount(minW),
				MaxWithdrawal: btt.NewAmount(threshold), ChainID: 1}
			if err := entry.Validate(); err != nil {
				return usage(err)
			}

			client, err := dialNode(c)
			if err != nil {
				return err
			}
			timeout, _ := f.GetDuration("timeout")
			ctx, cancel := context.WithTimeout(c.Context(), timeout)
			defer cancel()
			if err := client.Bridge(ctx, "chain/"+name, 0, new(bridge.ChainView)); err == nil {
				return usage(fmt.Errorf("%q is registered already: pick another name", name))
			}
			var set bridge.SetView
			if err := client.Bridge(ctx, "signers", 0, &set); err != nil {
				return err
			}
			if len(set.Signers) == 0 {
				return errors.New("no bonded validator has a bridge signer: nobody could sign checkpoints for the contract")
			}
			setHash, err := bridge.ParseHash(set.Hash)
			if err != nil {
				return fmt.Errorf("the node's signer set hash: %w", err)
			}
			status, err := client.Status(ctx)
			if err != nil {
				return err
			}
			var gov struct {
				MinDeposit string `json:"min_deposit"`
			}
			if err := client.Gov(ctx, "params", 0, &gov); err != nil {
				return err
			}
			kr, err := openKeyring(c)
			if err != nil {
				return err
			}
			info, key, err := unlock(c, kr, from)
			if err != nil {
				return err
			}
			guardian := info.Address
			if text, _ := f.GetString("guardian"); text != "" {
				if guardian, err = address.Parse(text); err != nil {
					return usage(fmt.Errorf("--guardian: %w", err))
				}
			}
			w := c.ErrOrStderr()
			fmt.Fprintf(w, "Deploying the root contract for %s with %d signers (set %s)...\n", status.NodeInfo.Network, len(set.Signers), set.Hash)
			d, err := relay.Deploy(ctx, rpcURL, key, relay.DeployArgs{BTTCChainID: status.NodeInfo.Network, Set: setHash, Token: token,
				Guardian: guardian, RateLimit: rateLimit, RateWindow: window, DelayThreshold: threshold, Delay: delay})
			if err != nil {
				return err
			}
			shown := d.Contract.Hex()
			if d.Tron {
				shown += " (" + d.Contract.Tron() + ")"
			}
			fmt.Fprintf(w, "Deployed at %s on chain %d (transaction %s).\n", shown, d.ChainID, d.Tx)
			entry.Contract, entry.ChainID = d.Contract, d.ChainID
			content, err := json.Marshal(&bridge.MsgRegisterChain{Chain: entry, SignerSet: set.Hash})
			if err != nil {
				return err
			}
			out, err := json.MarshalIndent(governance.ProposalFile{
				Title: "Register root chain " + name,
				Summary: fmt.Sprintf("Bridge BTT to chain %d: root contract %s (deployed in %s), token %s, guardian %s, holding signer set %s.",
					d.ChainID, d.Contract, d.Tx, token, guardian, set.Hash),
				Deposit:  gov.MinDeposit,
				Contents: []governance.ContentView{{Kind: bridge.KindRegisterChain, Content: content}},
			}, "", "  ")
			if err != nil {
				return err
			}
			fmt.Fprintln(c.OutOrStdout(), string(out))
			return nil
		},
	}
	f := c.Flags()
	f.String("chain", "", "the name to register the chain under, e.g. bsc")
	f.String("rpc", "", "the root chain's JSON-RPC, or a TRON node's HTTP API")
	f.String("token", "", "BTT's token contract on the root chain")
	f.String(flagFrom, "", "the key that pays for the deployment")
	f.String("guardian", "", "the address that may pause the contract (default: the --from key's)")
	f.String("rate-limit", "1000000btt", "how much may exit per --rate-window, on the contract and on BTTC")
	f.Duration("rate-window", time.Hour, "the rate limit's window")
	f.String("delay-threshold", "100000btt", "exits of at least this wait --delay on the contract; BTTC's max withdrawal")
	f.Duration("delay", 6*time.Hour, "how long large exits wait")
	f.String("min-withdrawal", "1btt", "BTTC's smallest withdrawal to the chain")
	f.Uint64("checkpoint-interval", 100, "BTTC blocks between checkpoints to the chain")
	f.Duration("timeout", 5*time.Minute, "how long to wait for the deployment")
	addKeyringFlags(c)
	addNodeFlag(c)
	return c
}
