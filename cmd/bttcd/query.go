package main

import (
	"context"
	"fmt"
	"io"
	"strconv"
	"time"

	"github.com/spf13/cobra"

	"github.com/bttc-network/bttc/chain/address"
	"github.com/bttc-network/bttc/chain/keyring"
	"github.com/bttc-network/bttc/chain/rpcclient"
)

func newQueryCmd() *cobra.Command {
	c := &cobra.Command{Use: "query", Aliases: []string{"q"}, Short: "Read chain state from a node"}
	c.AddCommand(newQueryAccountCmd("account", "Show an account's balance and nonce"),
		newQueryAccountCmd("balance", "Show an account's balance"),
		newQuerySupplyCmd(), newQueryParamsCmd(), newQueryTxCmd(), newQueryBlockCmd())
	return c
}

func addQueryFlags(c *cobra.Command) {
	addNodeFlag(c)
	addOutputFlag(c)
	c.Flags().Int64("height", 0, "read state as of this height (0: the latest)")
}

func queryClient(c *cobra.Command) (*rpcclient.Client, context.Context, context.CancelFunc, error) {
	v, err := newViper(c.Flags())
	if err != nil {
		return nil, nil, nil, err
	}
	client, err := rpcclient.Dial(v.GetString(flagNode))
	if err != nil {
		return nil, nil, nil, err
	}
	ctx, cancel := context.WithTimeout(c.Context(), 20*time.Second)
	return client, ctx, cancel, nil
}

// resolveAddress accepts an address in either form or the name of a key
// in the home's file keyring.
func resolveAddress(c *cobra.Command, text string) (address.Address, error) {
	a, err := address.Parse(text)
	if err == nil {
		return a, nil
	}
	for _, backend := range []string{keyring.BackendFile, keyring.BackendTest} {
		dir := keystoreDir
		if backend == keyring.BackendTest {
			dir = keystoreTestDir
		}
		if kr, kerr := keyring.Open(homeOf(c)+"/"+dir, backend); kerr == nil {
			if info, kerr := kr.Show(text); kerr == nil {
				return info.Address, nil
			}
		}
	}
	return address.Address{}, usageError{cmd: c.CommandPath(), err: fmt.Errorf("%w (nor the name of a key in %s)", err, homeOf(c))}
}

func newQueryAccountCmd(use, short string) *cobra.Command {
	c := &cobra.Command{
		Use:   use + " ADDRESS|KEY",
		Short: short,
		Args:  exactArgs(1, "ADDRESS|KEY"),
		RunE: func(c *cobra.Command, args []string) error {
			a, err := resolveAddress(c, args[0])
			if err != nil {
				return err
			}
			client, ctx, cancel, err := queryClient(c)
			if err != nil {
				return err
			}
			defer cancel()
			height, _ := c.Flags().GetInt64("height")
			acc, err := client.Account(ctx, a, height)
			if err != nil {
				return err
			}
			return printOut(c, acc, func(w io.Writer) {
				if use == "balance" {
					fmt.Fprintln(w, acc.Balance)
					return
				}
				fmt.Fprintf(w, "address: %s\ntron:    %s\nbalance: %s\nnonce:   %d\n", acc.Address.Hex(), acc.Address.Tron(), acc.Balance, acc.Nonce)
			})
		},
	}
	addQueryFlags(c)
	return c
}

func newQuerySupplyCmd() *cobra.Command {
	c := &cobra.Command{
		Use:   "supply",
		Short: "Show the total supply of BTT",
		Args:  exactArgs(0, "none"),
		RunE: func(c *cobra.Command, _ []string) error {
			client, ctx, cancel, err := queryClient(c)
			if err != nil {
				return err
			}
			defer cancel()
			height, _ := c.Flags().GetInt64("height")
			s, err := client.Supply(ctx, height)
			if err != nil {
				return err
			}
			return printOut(c, s, func(w io.Writer) { fmt.Fprintln(w, s.Supply) })
		},
	}
	addQueryFlags(c)
	return c
}

func newQueryParamsCmd() *cobra.Command {
	c := &cobra.Command{
		Use:   "params",
		Short: "Show the chain id and the transaction and bank parameters",
		Args:  exactArgs(0, "none"),
		RunE: func(c *cobra.Command, _ []string) error {
			client, ctx, cancel, err := queryClient(c)
			if err != nil {
				return err
			}
			defer cancel()
			p, err := client.Params(ctx)
			if err != nil {
				return err
			}
			return printOut(c, p, func(w io.Writer) {
				fmt.Fprintf(w, "chain id:      %s\nmax block gas: %d\nsend enabled:  %v\nblocked:       %d addresses\n", p.ChainID, p.Tx.MaxBlockGas, p.Bank.SendEnabled, len(p.Bank.BlockedAddresses))
			})
		},
	}
	addQueryFlags(c)
	return c
}

func newQueryTxCmd() *cobra.Command {
	c := &cobra.Command{
		Use:   "tx HASH",
		Short: "Show a committed transaction's result and events",
		Args:  exactArgs(1, "HASH"),
		RunE: func(c *cobra.Command, args []string) error {
			client, ctx, cancel, err := queryClient(c)
			if err != nil {
				return err
			}
			defer cancel()
			res, err := client.Tx(ctx, args[0])
			if err != nil {
				return err
			}
			return printOut(c, res, func(w io.Writer) {
				r := res.TxResult
				fmt.Fprintf(w, "hash:   %s\nheight: %d\ncode:   %d %s\ngas:    %d used of %d\n", res.Hash, res.Height, r.Code, r.Codespace, r.GasUsed, r.GasWanted)
				if r.Log != "" {
					fmt.Fprintf(w, "log:    %s\n", r.Log)
				}
				for _, e := range r.Events {
					fmt.Fprintf(w, "event %s:", e.Type)
					for _, a := range e.Attributes {
						fmt.Fprintf(w, " %s=%s", a.Key, a.Value)
					}
					fmt.Fprintln(w)
				}
			})
		},
	}
	addQueryFlags(c)
	return c
}

func newQueryBlockCmd() *cobra.Command {
	c := &cobra.Command{
		Use:   "block [HEIGHT]",
		Short: "Show a block (default: the latest)",
		Args: func(c *cobra.Command, args []string) error {
			if len(args) > 1 {
				return usageError{cmd: c.CommandPath(), err: fmt.Errorf("want at most one HEIGHT")}
			}
			return nil
		},
		RunE: func(c *cobra.Command, args []string) error {
			var height int64
			if len(args) == 1 {
				h, err := strconv.ParseInt(args[0], 10, 64)
				if err != nil || h <= 0 {
					return usageError{cmd: c.CommandPath(), err: fmt.Errorf("height %q: want a positive number", args[0])}
				}
				height = h
			}
			client, ctx, cancel, err := queryClient(c)
			if err != nil {
				return err
			}
			defer cancel()
			b, err := client.Block(ctx, height)
			if err != nil {
				return err
			}
			return printOut(c, b, func(w io.Writer) {
				h := b.Block.Header
				fmt.Fprintf(w, "height:   %d\nhash:     %s\ntime:     %s\nproposer: %s\napp hash: %s\ntxs:      %d\n", h.Height, b.BlockID.Hash, h.Time.Format(time.RFC3339Nano), h.ProposerAddress, h.AppHash, len(b.Block.Txs))
			})
		},
	}
	addQueryFlags(c)
	return c
}
