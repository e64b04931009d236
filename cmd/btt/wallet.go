package main

import (
	"context"
	"crypto/ecdsa"
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"sort"
	"text/tabwriter"
	"time"

	"github.com/holiman/uint256"
	"github.com/spf13/cobra"

	"github.com/bttc-network/bttc/chain/rpcclient"
	"github.com/bttc-network/bttc/client/speed"
	"github.com/bttc-network/bttc/core/address"
	"github.com/bttc-network/bttc/core/btt"
	"github.com/bttc-network/bttc/internal/cli"
	"github.com/bttc-network/bttc/internal/keyring"
	"github.com/bttc-network/bttc/internal/prompt"
	"github.com/bttc-network/bttc/settlement/speed/paych"
)

// defaultNode is the bttcd RPC btt talks to unless told otherwise.
const defaultNode = "tcp://127.0.0.1:26657"

// walletFlags name the wallet and the node of every command that pays,
// earns or shows money.
type walletFlags struct {
	home     string
	keystore string
	backend  string
	from     string
	passFile string
	node     string
}

func (w *walletFlags) add(c *cobra.Command) {
	f := c.Flags()
	f.StringVar(&w.home, "home", defaultHome(), "btt's directory: the wallet is in HOME/keystore, earned vouchers in HOME/vouchers (env BTT_HOME)")
	f.StringVar(&w.keystore, "keystore", "", "the keystore directory (default HOME/keystore; bttcd's ~/.bttcd/keystore works too)")
	f.StringVar(&w.backend, "keyring-backend", keyring.BackendFile, "file (encrypted, asks for the passphrase) or test (no passphrase; local chains only)")
	f.StringVar(&w.passFile, "passphrase-file", "", "read the key's passphrase from the first line of this file instead of asking")
	f.StringVar(&w.node, "node", defaultNode, "a bttcd node's RPC address")
}

// addFrom adds --from, the key that pays or earns.
func (w *walletFlags) addFrom(c *cobra.Command, usage string) {
	c.Flags().StringVar(&w.from, "from", "", usage)
}

func (w *walletFlags) keyring() (*keyring.Keyring, error) {
	dir := w.keystore
	if dir == "" {
		dir = filepath.Join(w.home, "keystore")
	}
	return keyring.Open(dir, w.backend)
}

// passphrase returns the passphrase from --passphrase-file, else asks.
func (w *walletFlags) passphrase(what string, twice bool) (string, error) {
	if w.passFile != "" {
		p, err := prompt.FirstLine(w.passFile)
		if err != nil {
			return "", fmt.Errorf("--passphrase-file: %w", err)
		}
		return p, nil
	}
	p, err := prompt.Secret(fmt.Sprintf("Passphrase for %s: ", what))
	if errors.Is(err, prompt.ErrNoTerminal) {
		return "", fmt.Errorf("no terminal to ask for the passphrase of %s: pass --passphrase-file", what)
	}
	if err != nil || !twice {
		return p, err
	}
	again, err := prompt.Secret("Repeat the passphrase: ")
	switch {
	case err != nil:
		return "", err
	case again != p:
		return "", errors.New("the passphrases differ")
	case len(p) < 8:
		return "", errors.New("a passphrase needs at least 8 characters")
	}
	return p, nil
}

// key unlocks the --from key.
func (w *walletFlags) key() (*ecdsa.PrivateKey, error) {
	kr, err := w.keyring()
	if err != nil {
		return nil, err
	}
	if _, err := kr.Show(w.from); err != nil {
		return nil, fmt.Errorf("--from %s: %w (list the wallet's keys with 'btt wallet list')", w.from, err)
	}
	pass := ""
	if kr.NeedsPassphrase() {
		if pass, err = w.passphrase("key "+w.from, false); err != nil {
			return nil, err
		}
	}
	return kr.Key(w.from, pass)
}

// address reads NAME|ADDRESS, or --from when arg is empty.
func (w *walletFlags) address(arg string) (address.Address, error) {
	if arg == "" {
		arg = w.from
	}
	if arg == "" {
		return address.Address{}, errors.New("name a key of the wallet or an address (or pass --from)")
	}
	if a, err := address.Parse(arg); err == nil {
		return a, nil
	}
	kr, err := w.keyring()
	if err != nil {
		return address.Address{}, err
	}
	info, err := kr.Show(arg)
	if err != nil {
		return address.Address{}, fmt.Errorf("%q is neither an address nor a key of the wallet: %w", arg, err)
	}
	return info.Address, nil
}

// dial connects to --node and checks it answers.
func (w *walletFlags) dial(ctx context.Context) (*rpcclient.Client, string, error) {
	cl, err := rpcclient.Dial(w.node)
	if err != nil {
		return nil, "", fmt.Errorf("--node %s: %w", w.node, err)
	}
	st, err := cl.Status(ctx)
	if err != nil {
		return nil, "", err // it names the node and says what to do
	}
	return cl, st.NodeInfo.Network, nil
}

func (w *walletFlags) vaultDir() string { return filepath.Join(w.home, "vouchers") }

func newWalletCmd() *cobra.Command {
	c := &cobra.Command{
		Use:   "wallet",
		Short: "The keys btt pays and earns with, their balances, channels and earnings",
		Long: `btt's wallet holds secp256k1 keys in go-ethereum's encrypted keystore format,
the format bttcd, geth and MetaMask use: 'btt wallet import' takes a key file
from any of them, and --keystore ~/.bttcd/keystore uses bttcd's keys directly.`,
	}
	c.AddCommand(newWalletNewCmd(), newWalletImportCmd(), newWalletListCmd(), newWalletBalanceCmd(),
		newWalletChannelsCmd(), newWalletEarningsCmd())
	return c
}

func newWalletNewCmd() *cobra.Command {
	var w walletFlags
	c := &cobra.Command{
		Use:     "new NAME",
		Short:   "Make a key and print its address and recovery words",
		Example: "  btt wallet new alice",
		Args:    cli.ExactArgs(1, "NAME"),
		RunE: func(c *cobra.Command, args []string) error {
			kr, err := w.keyring()
			if err != nil {
				return err
			}
			mnemonic, err := keyring.NewMnemonic()
			if err != nil {
				return err
			}
			key, err := keyring.KeyFromMnemonic(mnemonic, 0)
			if err != nil {
				return err
			}
			pass := ""
			if kr.NeedsPassphrase() {
				if pass, err = w.passphrase("the new key "+args[0], true); err != nil {
					return err
				}
			}
			info, err := kr.Add(args[0], key, pass)
			if err != nil {
				return err
			}
			out := c.OutOrStdout()
			fmt.Fprintf(out, "key %s: %s\n\n", info.Name, info.Address)
			fmt.Fprintf(out, "Write these words down and keep them safe: they recover the key anywhere\n(bttcd keys add --recover, MetaMask, geth). btt shows them only now.\n\n  %s\n", mnemonic)
			return nil
		},
	}
	w.add(c)
	return c
}

func newWalletImportCmd() *cobra.Command {
	var w walletFlags
	c := &cobra.Command{
		Use:     "import NAME KEYFILE",
		Short:   "Add a key from a keystore file (bttcd, geth, MetaMask); it keeps its passphrase",
		Example: "  btt wallet import alice ~/.bttcd/keystore/alice.json",
		Args:    cli.ExactArgs(2, "NAME and KEYFILE"),
		RunE: func(c *cobra.Command, args []string) error {
			kr, err := w.keyring()
			if err != nil {
				return err
			}
			blob, err := os.ReadFile(args[1])
			if err != nil {
				return err
			}
			pass, err := w.passphrase("the key file", false)
			if err != nil {
				return err
			}
			info, err := kr.Import(args[0], blob, pass, pass)
			if err != nil {
				return err
			}
			fmt.Fprintf(c.OutOrStdout(), "key %s: %s\n", info.Name, info.Address)
			return nil
		},
	}
	w.add(c)
	return c
}

func newWalletListCmd() *cobra.Command {
	var w walletFlags
	c := &cobra.Command{
		Use:   "list",
		Short: "List the wallet's keys",
		Args:  cli.ExactArgs(0, "none"),
		RunE: func(c *cobra.Command, _ []string) error {
			kr, err := w.keyring()
			if err != nil {
				return err
			}
			infos, err := kr.List()
			if err != nil {
				return err
			}
			if len(infos) == 0 {
				fmt.Fprintln(c.ErrOrStderr(), "no keys yet: make one with 'btt wallet new NAME'")
			}
			for _, i := range infos {
				fmt.Fprintf(c.OutOrStdout(), "%-16s %s\n", i.Name, i.Address)
			}
			return nil
		},
	}
	w.add(c)
	return c
}

func newWalletBalanceCmd() *cobra.Command {
	var w walletFlags
	c := &cobra.Command{
		Use:     "balance [NAME|ADDRESS]",
		Short:   "Show a key's BTT balance on the chain",
		Example: "  btt wallet balance alice --node tcp://127.0.0.1:26657",
		Args:    cobra.MaximumNArgs(1),
		RunE: func(c *cobra.Command, args []string) error {
			a, err := w.address(firstArg(args))
			if err != nil {
				return err
			}
			ctx, cancel := context.WithTimeout(c.Context(), 30*time.Second)
			defer cancel()
			cl, _, err := w.dial(ctx)
			if err != nil {
				return err
			}
			acc, err := cl.Account(ctx, a, 0)
			if err != nil {
				return err
			}
			fmt.Fprintf(c.OutOrStdout(), "%s  %s\n", a, acc.Balance)
			return nil
		},
	}
	w.add(c)
	w.addFrom(c, "the key to show (instead of the argument)")
	return c
}

func firstArg(args []string) string {
	if len(args) == 0 {
		return ""
	}
	return args[0]
}

// channelsOf lists every channel of a where it is the payer or the payee.
func channelsOf(ctx context.Context, cl *rpcclient.Client, role string, a address.Address) ([]paych.ChannelView, error) {
	var all []paych.ChannelView
	after := "-"
	for {
		var page paych.ChannelPage
		if err := cl.Speed(ctx, fmt.Sprintf("channels/%s/%s/%s", role, a, after), 0, &page); err != nil {
			return nil, err
		}
		all = append(all, page.Channels...)
		if page.Next == "" {
			return all, nil
		}
		after = page.Next
	}
}

func newWalletChannelsCmd() *cobra.Command {
	var w walletFlags
	c := &cobra.Command{
		Use:   "channels [NAME|ADDRESS]",
		Short: "List the Speed channels a key pays into or is paid from",
		Args:  cobra.MaximumNArgs(1),
		RunE: func(c *cobra.Command, args []string) error {
			a, err := w.address(firstArg(args))
			if err != nil {
				return err
			}
			ctx, cancel := context.WithTimeout(c.Context(), 30*time.Second)
			defer cancel()
			cl, _, err := w.dial(ctx)
			if err != nil {
				return err
			}
			tw := tabwriter.NewWriter(c.OutOrStdout(), 2, 4, 2, ' ', 0)
			fmt.Fprintln(tw, "ROLE\tCHANNEL\tOTHER PARTY\tSTATE\tDEPOSIT\tREDEEMED\tREMAINING")
			n := 0
			for _, role := range []string{"payer", "payee"} {
				chs, err := channelsOf(ctx, cl, role, a)
				if err != nil {
					return err
				}
				for _, ch := range chs {
					other := ch.Payee
					if role == "payee" {
						other = ch.Payer
					}
					fmt.Fprintf(tw, "%s\t%s\t%s\t%s\t%s\t%s\t%s\n", role, ch.ID.Short(), other, ch.State, ch.Deposit, ch.Redeemed, ch.Remaining)
					n++
				}
			}
			if n == 0 {
				fmt.Fprintf(c.ErrOrStderr(), "%s has no Speed channels\n", a)
				return nil
			}
			return tw.Flush()
		},
	}
	w.add(c)
	w.addFrom(c, "the key to show (instead of the argument)")
	return c
}

func newWalletEarningsCmd() *cobra.Command {
	var w walletFlags
	c := &cobra.Command{
		Use:   "earnings",
		Short: "What seeding earned: vouchers held, redeemed on chain, and still to redeem",
		Long: `For each channel btt holds vouchers of (HOME/vouchers), the best voucher's
amount, what the chain has paid out of it, and the rest. 'btt seed --price'
redeems on its own while it runs; bttcd's 'speed watch --dir HOME/vouchers'
does it for a seeder that is not running.`,
		Args: cli.ExactArgs(0, "none"),
		RunE: func(c *cobra.Command, _ []string) error {
			ctx, cancel := context.WithTimeout(c.Context(), 30*time.Second)
			defer cancel()
			cl, chainID, err := w.dial(ctx)
			if err != nil {
				return err
			}
			if _, err := os.Stat(w.vaultDir()); err != nil {
				fmt.Fprintf(c.ErrOrStderr(), "no vouchers in %s yet: seed with 'btt seed --price' to earn\n", w.vaultDir())
				return nil
			}
			v, err := speed.OpenVault(w.vaultDir(), chainID)
			if err != nil {
				return err
			}
			defer v.Close()
			held := v.Earnings()
			ids := v.Channels()
			sort.Slice(ids, func(i, j int) bool { return ids[i].String() < ids[j].String() })
			tw := tabwriter.NewWriter(c.OutOrStdout(), 2, 4, 2, ' ', 0)
			fmt.Fprintln(tw, "CHANNEL\tPAYER\tSTATE\tVOUCHERS\tREDEEMED\tTO REDEEM")
			total, toRedeem := new(uint256.Int), new(uint256.Int)
			for _, id := range ids {
				var ch paych.ChannelView
				if err := cl.Speed(ctx, "channel/"+id.String(), 0, &ch); err != nil {
					return fmt.Errorf("channel %s: %w", id, err)
				}
				rest := new(uint256.Int)
				if held[id].Gt(ch.RedeemedAmount()) && ch.State != paych.Closed {
					rest.Sub(held[id], ch.RedeemedAmount())
				}
				total.Add(total, held[id])
				toRedeem.Add(toRedeem, rest)
				fmt.Fprintf(tw, "%s\t%s\t%s\t%s\t%s\t%s\n", id.Short(), ch.Payer, ch.State, btt.Format(held[id]), ch.Redeemed, btt.Format(rest))
			}
			fmt.Fprintf(tw, "total\t\t\t%s\t\t%s\n", btt.Format(total), btt.Format(toRedeem))
			return tw.Flush()
		},
	}
	w.add(c)
	return c
}
