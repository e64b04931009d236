package main

import (
	"errors"
	"fmt"
	"strconv"
	"strings"

	"github.com/spf13/cobra"

	"github.com/bttc-network/bttc/bridge"
	"github.com/bttc-network/bttc/chain/rpcclient"
	"github.com/bttc-network/bttc/core/address"
	"github.com/bttc-network/bttc/core/btt"
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
		Args:    exactArgs(1, "AMOUNT"),
		RunE: func(c *cobra.Command, args []string) error {
			amount, err := btt.Parse(args[0])
			if err != nil {
				return usageError{cmd: c.CommandPath(), err: err}
			}
			chain, _ := c.Flags().GetString("chain")
			toText, _ := c.Flags().GetString("to")
			if chain == "" || toText == "" {
				return usageError{cmd: c.CommandPath(), err: errors.New("--chain and --to are required")}
			}
			to, err := address.Parse(toText)
			if err != nil {
				return usageError{cmd: c.CommandPath(), err: fmt.Errorf("--to: %w", err)}
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
				return "", usageError{cmd: c.CommandPath(), err: fmt.Errorf("%s %q: want a number", what, args[1])}
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
	)
	return c
}
