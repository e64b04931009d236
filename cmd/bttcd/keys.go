package main

import (
	"crypto/ecdsa"
	"errors"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"strings"

	"github.com/spf13/cobra"

	"github.com/bttc-network/bttc/internal/cli"
	"github.com/bttc-network/bttc/internal/keyring"
)

const (
	flagBackend     = "keyring-backend"
	keystoreDir     = "keystore"
	keystoreTestDir = "keystore-test"
)

func addKeyringFlags(c *cobra.Command) {
	addBackendFlag(c)
	c.Flags().String(flagPassphraseFile, "", "read the key's passphrase from this file instead of asking")
}

// addBackendFlag is for commands that read keys without unlocking them.
func addBackendFlag(c *cobra.Command) {
	c.Flags().String(flagBackend, keyring.BackendFile, "file (encrypted with a passphrase) or test (local chains only, no passphrase)")
}

// openKeyring opens the home's keyring of the chosen backend; the test
// backend only for a home whose genesis is a local chain.
func openKeyring(c *cobra.Command) (*keyring.Keyring, error) {
	v, err := newViper(c.Flags())
	if err != nil {
		return nil, err
	}
	backend := v.GetString(flagBackend)
	home := homeOf(c)
	dir := filepath.Join(home, keystoreDir)
	if backend == keyring.BackendTest {
		id := homeChainID(home)
		if id == "" {
			return nil, fmt.Errorf("no node home at %s (it has no config/genesis.json): run 'bttcd init' or 'bttcd dev' first, or pass --home (export BTTCD_HOME=~/.bttcd-dev for the dev chain)", home)
		}
		if !keyring.IsLocalChain(id) {
			return nil, fmt.Errorf("the test keyring backend stores keys without a passphrase and is allowed only for local chains (a chain id with dev, local or localnet in it); this home's chain is %q", id)
		}
		dir = filepath.Join(home, keystoreTestDir)
	}
	return keyring.Open(dir, backend)
}

// withKeyring opens the home's keyring before running a keys command.
func withKeyring(run func(c *cobra.Command, kr *keyring.Keyring, args []string) error) func(*cobra.Command, []string) error {
	return func(c *cobra.Command, args []string) error {
		kr, err := openKeyring(c)
		if err != nil {
			return err
		}
		return run(c, kr, args)
	}
}

// unlock decrypts a key, asking for its passphrase if the backend has one.
func unlock(c *cobra.Command, kr *keyring.Keyring, name string) (*keyring.Info, *ecdsa.PrivateKey, error) {
	info, err := kr.Show(name)
	if err != nil {
		return nil, nil, err
	}
	pass := ""
	if kr.NeedsPassphrase() {
		if pass, err = passphrase(c, fmt.Sprintf("key %q", name), false); err != nil {
			return nil, nil, err
		}
	}
	key, err := kr.Key(name, pass)
	if err != nil {
		return nil, nil, err
	}
	return &info, key, nil
}

func newKeysCmd() *cobra.Command {
	c := &cobra.Command{Use: "keys", Short: "Manage the operator's keys (go-ethereum keystore files)"}
	c.AddCommand(newKeysAddCmd(), newKeysListCmd(), newKeysShowCmd(), newKeysDeleteCmd(), newKeysImportCmd(), newKeysExportCmd())
	return c
}

func newKeysAddCmd() *cobra.Command {
	c := &cobra.Command{
		Use:   "add NAME",
		Short: "Create a key from a new mnemonic, or restore one with --recover",
		Long: `Create a key. A new 24-word BIP-39 mnemonic is generated and printed once:
write it down, it is the only way to restore the key. With --recover the
mnemonic is read from standard input instead. The key is derived on the
Ethereum path m/44'/60'/0'/0/INDEX, so MetaMask shows the same address for the
same mnemonic, and stored in go-ethereum's encrypted keystore format.`,
		Args: cli.ExactArgs(1, "NAME"),
		RunE: withKeyring(func(c *cobra.Command, kr *keyring.Keyring, args []string) error {
			if _, err := kr.Show(args[0]); err == nil {
				return fmt.Errorf("%w: %q", keyring.ErrExists, args[0])
			}
			recover, _ := c.Flags().GetBool("recover")
			index, _ := c.Flags().GetUint32("index")
			var mnemonic string
			var err error
			if recover {
				fmt.Fprintln(c.ErrOrStderr(), "Enter the mnemonic:")
				raw, err := io.ReadAll(io.LimitReader(c.InOrStdin(), 4096))
				if err != nil {
					return err
				}
				mnemonic = strings.TrimSpace(string(raw))
			} else if mnemonic, err = keyring.NewMnemonic(); err != nil {
				return err
			}
			key, err := keyring.KeyFromMnemonic(mnemonic, index)
			if err != nil {
				return err
			}
			pass := ""
			if kr.NeedsPassphrase() {
				if pass, err = passphrase(c, fmt.Sprintf("new key %q", args[0]), true); err != nil {
					return err
				}
			}
			info, err := kr.Add(args[0], key, pass)
			if err != nil {
				return err
			}
			out := struct {
				keyring.Info
				Tron     string `json:"tron_address"`
				Mnemonic string `json:"mnemonic,omitempty"`
			}{Info: info, Tron: info.Address.Tron()}
			if !recover {
				out.Mnemonic = mnemonic
			}
			return printOut(c, out, func(w io.Writer) {
				fmt.Fprintf(w, "name:    %s\naddress: %s\ntron:    %s\n", info.Name, info.Address.Hex(), info.Address.Tron())
				if !recover {
					fmt.Fprintf(w, "\nWrite this mnemonic down and keep it safe; it is the only way to recover the key:\n\n%s\n", mnemonic)
				}
			})
		}),
	}
	c.Flags().Bool("recover", false, "restore from a mnemonic read from standard input")
	c.Flags().Uint32("index", 0, "account index in m/44'/60'/0'/0/INDEX")
	addKeyringFlags(c)
	addOutputFlag(c)
	return c
}

func newKeysListCmd() *cobra.Command {
	c := &cobra.Command{
		Use:   "list",
		Short: "List keys and their addresses",
		Args:  cli.ExactArgs(0, "none"),
		RunE: withKeyring(func(c *cobra.Command, kr *keyring.Keyring, _ []string) error {
			list, err := kr.List()
			if err != nil {
				return err
			}
			return printOut(c, list, func(w io.Writer) {
				if len(list) == 0 {
					fmt.Fprintln(w, "no keys; create one with 'bttcd keys add NAME'")
				}
				for _, k := range list {
					fmt.Fprintf(w, "%-20s %s\n", k.Name, k.Address.Hex())
				}
			})
		}),
	}
	addBackendFlag(c)
	addOutputFlag(c)
	return c
}

func newKeysShowCmd() *cobra.Command {
	c := &cobra.Command{
		Use:   "show NAME",
		Short: "Show a key's address (--format eth or tron)",
		Args:  cli.ExactArgs(1, "NAME"),
		RunE: withKeyring(func(c *cobra.Command, kr *keyring.Keyring, args []string) error {
			info, err := kr.Show(args[0])
			if err != nil {
				return err
			}
			format, _ := c.Flags().GetString("format")
			switch format {
			case "eth":
				fmt.Fprintln(c.OutOrStdout(), info.Address.Hex())
			case "tron":
				fmt.Fprintln(c.OutOrStdout(), info.Address.Tron())
			default:
				return cli.Usage(c, fmt.Errorf("--format %q: want eth or tron", format))
			}
			return nil
		}),
	}
	c.Flags().String("format", "eth", "eth (0x…, EIP-55) or tron (T…)")
	addBackendFlag(c)
	return c
}

func newKeysDeleteCmd() *cobra.Command {
	c := &cobra.Command{
		Use:   "delete NAME",
		Short: "Delete a key file (asks first unless -y)",
		Args:  cli.ExactArgs(1, "NAME"),
		RunE: withKeyring(func(c *cobra.Command, kr *keyring.Keyring, args []string) error {
			info, err := kr.Show(args[0])
			if err != nil {
				return err
			}
			if yes, _ := c.Flags().GetBool("yes"); !yes {
				ok, err := confirm(fmt.Sprintf("Delete key %q (%s)? Without its mnemonic it is gone for good.", info.Name, info.Address))
				if errors.Is(err, errNoTerminal) {
					return errors.New("no terminal to confirm the deletion: pass -y")
				}
				if err != nil || !ok {
					return errors.New("not deleted")
				}
			}
			if err := kr.Delete(args[0]); err != nil {
				return err
			}
			fmt.Fprintf(c.OutOrStdout(), "deleted key %q (%s)\n", info.Name, info.Address)
			return nil
		}),
	}
	c.Flags().BoolP("yes", "y", false, "do not ask")
	addKeyringFlags(c)
	return c
}

func newKeysImportCmd() *cobra.Command {
	c := &cobra.Command{
		Use:   "import-eth-keystore NAME FILE",
		Short: "Import a go-ethereum or MetaMask keystore file",
		Long: `Import a keystore file written by geth or MetaMask. Its passphrase is read from
--keystore-passphrase-file or asked for; the key is then stored under NAME,
encrypted with the passphrase from --passphrase-file or asked for.`,
		Args: cli.ExactArgs(2, "NAME FILE"),
		RunE: withKeyring(func(c *cobra.Command, kr *keyring.Keyring, args []string) error {
			blob, err := os.ReadFile(args[1])
			if err != nil {
				return err
			}
			oldPass := ""
			if path, _ := c.Flags().GetString("keystore-passphrase-file"); path != "" {
				if oldPass, err = readPassphraseFile(path); err != nil {
					return err
				}
			} else if oldPass, err = promptSecret("Passphrase of the keystore file: "); err != nil {
				return fmt.Errorf("no terminal to ask for the keystore file's passphrase: pass --keystore-passphrase-file")
			}
			newPass := ""
			if kr.NeedsPassphrase() {
				if newPass, err = passphrase(c, fmt.Sprintf("new key %q", args[0]), true); err != nil {
					return err
				}
			}
			info, err := kr.Import(args[0], blob, oldPass, newPass)
			if err != nil {
				return err
			}
			fmt.Fprintf(c.OutOrStdout(), "imported %q: %s\n", info.Name, info.Address)
			return nil
		}),
	}
	c.Flags().String("keystore-passphrase-file", "", "file holding the imported keystore's passphrase")
	addKeyringFlags(c)
	return c
}

func newKeysExportCmd() *cobra.Command {
	c := &cobra.Command{
		Use:   "export-eth-keystore NAME",
		Short: "Print a key's keystore file, for geth or MetaMask (same passphrase)",
		Args:  cli.ExactArgs(1, "NAME"),
		RunE: withKeyring(func(c *cobra.Command, kr *keyring.Keyring, args []string) error {
			blob, err := kr.Export(args[0])
			if err != nil {
				return err
			}
			_, err = fmt.Fprintln(c.OutOrStdout(), string(blob))
			return err
		}),
	}
	addKeyringFlags(c)
	return c
}
