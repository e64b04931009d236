package main

import (
	"context"
	"encoding/base64"
	"fmt"
	"io"
	"strconv"
	"strings"

	"github.com/holiman/uint256"
	"github.com/spf13/cobra"

	"github.com/bttc-network/bttc/chain/rpcclient"
	"github.com/bttc-network/bttc/core/address"
	"github.com/bttc-network/bttc/core/btt"
	"github.com/bttc-network/bttc/core/dec"
	"github.com/bttc-network/bttc/core/tx"
	"github.com/bttc-network/bttc/internal/cli"
	"github.com/bttc-network/bttc/node"
	"github.com/bttc-network/bttc/staking"
)

func newTxStakingCmd() *cobra.Command {
	c := &cobra.Command{Use: "staking", Short: "Run a validator, delegate, unbond and collect rewards"}
	c.AddCommand(newCreateValidatorCmd(), newEditValidatorCmd(),
		stakeCmd("delegate VALIDATOR AMOUNT", "Stake BTT with a validator", 2, func(a []address.Address, amt *uint256.Int, _ []string) (tx.Msg, error) {
			return &staking.MsgDelegate{Validator: a[0], Amount: amt}, nil
		}),
		stakeCmd("unbond VALIDATOR AMOUNT", "Start unbonding stake; it is paid out after the unbonding period", 2, func(a []address.Address, amt *uint256.Int, _ []string) (tx.Msg, error) {
			return &staking.MsgUndelegate{Validator: a[0], Amount: amt}, nil
		}),
		stakeCmd("redelegate SOURCE DESTINATION AMOUNT", "Move stake to another validator at once", 3, func(a []address.Address, amt *uint256.Int, _ []string) (tx.Msg, error) {
			return &staking.MsgRedelegate{Src: a[0], Dst: a[1], Amount: amt}, nil
		}),
		stakeCmd("cancel-unbond VALIDATOR AMOUNT CREATION_HEIGHT", "Stake an unbonding entry with its validator again", 3, func(a []address.Address, amt *uint256.Int, rest []string) (tx.Msg, error) {
			h, err := strconv.ParseUint(rest[0], 10, 64)
			if err != nil || h == 0 {
				return nil, fmt.Errorf("creation height %q: want a positive number (see `bttcd query staking unbondings`)", rest[0])
			}
			return &staking.MsgCancelUnbond{Validator: a[0], CreationHeight: h, Amount: amt}, nil
		}),
		newWithdrawRewardsCmd(), newUnjailCmd(), newSetBridgeSignerCmd())
	return c
}

// stakeCmd builds a command whose arguments are addresses, then an amount,
// then what build reads itself.
func stakeCmd(use, short string, nargs int, build func([]address.Address, *uint256.Int, []string) (tx.Msg, error)) *cobra.Command {
	fields := strings.Fields(use)[1 : 1+nargs]
	nAddr := 0
	for _, f := range fields {
		if f == "AMOUNT" {
			break
		}
		nAddr++
	}
	c := &cobra.Command{
		Use:   use + " --from KEY",
		Short: short,
		Args:  cli.ExactArgs(nargs, strings.Join(fields, " ")),
		RunE: func(c *cobra.Command, args []string) error {
			addrs := make([]address.Address, nAddr)
			for i := range addrs {
				a, err := address.Parse(args[i])
				if err != nil {
					return cli.Usage(c, fmt.Errorf("%s: %w", fields[i], err))
				}
				addrs[i] = a
			}
			amt, err := btt.Parse(args[nAddr])
			if err != nil {
				return cli.Usage(c, err)
			}
			m, err := build(addrs, amt, args[nAddr+1:])
			if err != nil {
				return cli.Usage(c, err)
			}
			return runTx(c, m)
		},
	}
	addTxFlags(c)
	return c
}

func newCreateValidatorCmd() *cobra.Command {
	c := &cobra.Command{
		Use:   "create-validator --amount SELF_BOND --moniker NAME --from KEY",
		Short: "Make the --from account the operator of a new validator",
		Long: `Register a validator operated by the --from account and bond its self-delegation.
The consensus key is this node's (config/priv_validator_key.json in --home) unless
--pubkey gives one (base64, as 'bttcd comet show-validator' prints it). The bridge
signer defaults to the operator's own address. The validator joins the active set
at the end of the block if its power ranks in the top max_validators.`,
		Example: "  bttcd tx staking create-validator --amount 10000btt --moniker my-node --from operator",
		Args:    cli.ExactArgs(0, "none (everything is a flag)"),
		RunE: func(c *cobra.Command, _ []string) error {
			f := c.Flags()
			m := &staking.MsgCreateValidator{}
			var err error
			amount, _ := f.GetString("amount")
			if m.SelfBond, err = btt.Parse(amount); err != nil {
				return cli.Usage(c, fmt.Errorf("--amount: %w", err))
			}
			if m.ConsPubKey, err = consPubKeyFlag(c); err != nil {
				return err
			}
			from, _ := f.GetString(flagFrom)
			operator, err := resolveAddress(c, from)
			if err != nil {
				return err
			}
			// The node's own bridge-signer key (made by init), so that it
			// signs checkpoints, when the validator is this home's node
			// (no --pubkey); else the operator, who can rotate later.
			m.BridgeSigner = operator
			if pk, _ := f.GetString("pubkey"); pk == "" {
				if cfg, err := loadCometConfig(c, homeOf(c)); err == nil {
					if key, ok, err := node.LoadBridgeKey(cfg); err == nil && ok {
						m.BridgeSigner = address.FromPublicKey(&key.PublicKey)
					}
				}
			}
			if s, _ := f.GetString("bridge-signer"); s != "" {
				if m.BridgeSigner, err = address.Parse(s); err != nil {
					return cli.Usage(c, fmt.Errorf("--bridge-signer: %w", err))
				}
			}
			m.Description = descriptionFlags(c, staking.Description{})
			for name, dst := range map[string]*dec.Dec{"commission-rate": &m.Rate, "commission-max-rate": &m.MaxRate, "commission-max-change-rate": &m.MaxChange} {
				text, _ := f.GetString(name)
				if *dst, err = dec.Parse(text); err != nil {
					return cli.Usage(c, fmt.Errorf("--%s: %w", name, err))
				}
			}
			min, _ := f.GetString("min-self-delegation")
			if m.MinSelfDelegation, err = btt.Parse(min); err != nil {
				return cli.Usage(c, fmt.Errorf("--min-self-delegation: %w", err))
			}
			return runTx(c, m)
		},
	}
	f := c.Flags()
	f.String("amount", "", "self-delegation to bond, e.g. 10000btt (required)")
	f.String("pubkey", "", "consensus public key, base64 (default: this node's)")
	f.String("bridge-signer", "", "secp256k1 address that signs bridge checkpoints (default: this home's config/bridge_signer_key.json, or the operator with --pubkey)")
	f.String("commission-rate", "0.1", "commission on delegators' rewards")
	f.String("commission-max-rate", "0.2", "highest commission ever allowed (fixed forever)")
	f.String("commission-max-change-rate", "0.01", "largest change of the rate per 24 hours")
	f.String("min-self-delegation", "1btt", "self-delegation below which the validator is jailed")
	addDescriptionFlags(c)
	addTxFlags(c)
	return c
}

func consPubKeyFlag(c *cobra.Command) ([]byte, error) {
	if text, _ := c.Flags().GetString("pubkey"); text != "" {
		// Accept the bare base64 or the JSON that show-validator prints.
		if i := strings.Index(text, `"value":"`); i >= 0 {
			text = strings.TrimSuffix(strings.TrimSpace(text[i+len(`"value":"`):]), `"}`)
		}
		pk, err := base64.StdEncoding.DecodeString(text)
		if err != nil || len(pk) != staking.ConsPubKeyLen {
			return nil, cli.Usage(c, fmt.Errorf("--pubkey: want the base64 of a 32-byte Ed25519 key"))
		}
		return pk, nil
	}
	cfg, err := loadCometConfig(c, homeOf(c))
	if err != nil {
		return nil, fmt.Errorf("%w (or pass --pubkey)", err)
	}
	pub, err := node.ValidatorPubKey(cfg)
	if err != nil {
		return nil, fmt.Errorf("%w (or pass --pubkey)", err)
	}
	return pub.Bytes(), nil
}

func addDescriptionFlags(c *cobra.Command) {
	c.Flags().String("moniker", "", "the validator's name")
	c.Flags().String("website", "", "the validator's website")
	c.Flags().String("details", "", "a short description")
}

// descriptionFlags overlays the flags that were given on d.
func descriptionFlags(c *cobra.Command, d staking.Description) staking.Description {
	for name, dst := range map[string]*string{"moniker": &d.Moniker, "website": &d.Website, "details": &d.Details} {
		if c.Flags().Changed(name) {
			*dst, _ = c.Flags().GetString(name)
		}
	}
	return d
}

func newEditValidatorCmd() *cobra.Command {
	c := &cobra.Command{
		Use:     "edit-validator [--moniker --website --details] [--commission-rate R] [--min-self-delegation AMOUNT] --from KEY",
		Short:   "Change the --from operator's validator description, commission or minimum self-delegation",
		Example: "  bttcd tx staking edit-validator --commission-rate 0.09 --from operator",
		Args:    cli.ExactArgs(0, "none (everything is a flag)"),
		RunE: func(c *cobra.Command, _ []string) error {
			m := &staking.MsgEditValidator{MinSelfDelegation: new(uint256.Int)}
			f := c.Flags()
			if f.Changed("moniker") || f.Changed("website") || f.Changed("details") {
				// Unchanged fields keep their current values.
				from, _ := f.GetString(flagFrom)
				op, err := resolveAddress(c, from)
				if err != nil {
					return err
				}
				client, ctx, cancel, err := queryClient(c)
				if err != nil {
					return err
				}
				defer cancel()
				var v staking.ValidatorView
				if err := client.Staking(ctx, "validator/"+op.Hex(), 0, &v); err != nil {
					return err
				}
				m.SetDescription, m.Description = true, descriptionFlags(c, v.Description)
			}
			var err error
			if f.Changed("commission-rate") {
				text, _ := f.GetString("commission-rate")
				if m.Rate, err = dec.Parse(text); err != nil {
					return cli.Usage(c, fmt.Errorf("--commission-rate: %w", err))
				}
				m.SetRate = true
			}
			if text, _ := f.GetString("min-self-delegation"); text != "" {
				if m.MinSelfDelegation, err = btt.Parse(text); err != nil {
					return cli.Usage(c, fmt.Errorf("--min-self-delegation: %w", err))
				}
			}
			return runTx(c, m)
		},
	}
	c.Flags().String("commission-rate", "", "new commission rate (once per 24 h, within the max change)")
	c.Flags().String("min-self-delegation", "", "raise the minimum self-delegation")
	addDescriptionFlags(c)
	addTxFlags(c)
	return c
}

func newWithdrawRewardsCmd() *cobra.Command {
	c := &cobra.Command{
		Use:     "withdraw-rewards [VALIDATOR...] [--commission] --from KEY",
		Short:   "Collect staking rewards (from every validator when none is named)",
		Example: "  bttcd tx staking withdraw-rewards --from alice\n  bttcd tx staking withdraw-rewards --commission --from operator",
		RunE: func(c *cobra.Command, args []string) error {
			m := &staking.MsgWithdrawRewards{}
			for _, a := range args {
				v, err := address.Parse(a)
				if err != nil {
					return cli.Usage(c, err)
				}
				m.Validators = append(m.Validators, v)
			}
			m.Commission, _ = c.Flags().GetBool("commission")
			return runTx(c, m)
		},
	}
	c.Flags().Bool("commission", false, "also withdraw the --from operator's validator commission")
	addTxFlags(c)
	return c
}

func newUnjailCmd() *cobra.Command {
	c := &cobra.Command{
		Use:   "unjail --from KEY",
		Short: "Return the --from operator's jailed validator to the candidates once its jail time is over",
		Args:  cli.ExactArgs(0, "none"),
		RunE:  func(c *cobra.Command, _ []string) error { return runTx(c, &staking.MsgUnjail{}) },
	}
	addTxFlags(c)
	return c
}

func newSetBridgeSignerCmd() *cobra.Command {
	c := &cobra.Command{
		Use:   "set-bridge-signer ADDRESS --from KEY",
		Short: "Rotate the secp256k1 address the validator signs bridge checkpoints with",
		Args:  cli.ExactArgs(1, "ADDRESS"),
		RunE: func(c *cobra.Command, args []string) error {
			a, err := address.Parse(args[0])
			if err != nil {
				return cli.Usage(c, err)
			}
			return runTx(c, &staking.MsgSetBridgeSigner{Signer: a})
		},
	}
	addTxFlags(c)
	return c
}

// Queries.

func newQueryStakingCmd() *cobra.Command {
	c := &cobra.Command{Use: "staking", Short: "Validators, delegations, rewards and slashing"}
	one := func(use, short, path string, nargs int, out func() any) *cobra.Command {
		fields := strings.Fields(use)[1:]
		return withHeight(queryCmd(use, short, cli.ExactArgs(nargs, strings.Join(fields, " ")),
			func(c *cobra.Command, ctx context.Context, client *rpcclient.Client, args []string) (any, func(io.Writer), error) {
				q := path
				for _, a := range args {
					addr, err := resolveAddress(c, a)
					if err != nil {
						return nil, nil, err
					}
					q += "/" + addr.Hex()
				}
				height, _ := c.Flags().GetInt64("height")
				v := out()
				if err := client.Staking(ctx, q, height, v); err != nil {
					return nil, nil, err
				}
				return v, func(w io.Writer) { _ = printText(w, v) }, nil
			}))
	}
	validators := withHeight(queryCmd("validators [--status bonded|unbonding|unbonded]", "List validators, strongest first", cli.ExactArgs(0, "none"),
		func(c *cobra.Command, ctx context.Context, client *rpcclient.Client, _ []string) (any, func(io.Writer), error) {
			status, _ := c.Flags().GetString("status")
			if status != "" {
				if _, err := staking.ParseStatus(status); err != nil {
					return nil, nil, cli.Usage(c, err)
				}
			}
			height, _ := c.Flags().GetInt64("height")
			var vs []staking.ValidatorView
			if err := client.Staking(ctx, "validators/"+status, height, &vs); err != nil {
				return nil, nil, err
			}
			return vs, func(w io.Writer) {
				fmt.Fprintf(w, "%-42s  %-20s  %-9s  %12s  %s\n", "OPERATOR", "MONIKER", "STATUS", "POWER", "COMMISSION")
				for _, v := range vs {
					st := v.Status
					if v.Jailed {
						st += ",jailed"
					}
					fmt.Fprintf(w, "%-42s  %-20s  %-9s  %12d  %s\n", v.Operator.Hex(), v.Description.Moniker, st, v.Power, v.Commission.Rate)
				}
			}, nil
		}))
	validators.Flags().String("status", "", "only validators in this status")
	c.AddCommand(validators,
		one("validator OPERATOR", "Show one validator", "validator", 1, func() any { return new(staking.ValidatorView) }),
		one("delegations DELEGATOR", "List a delegator's stake and pending rewards", "delegations", 1, func() any { return new([]staking.DelegationView) }),
		one("validator-delegations OPERATOR", "List the delegations to a validator", "validator-delegations", 1, func() any { return new([]staking.DelegationView) }),
		one("unbondings DELEGATOR", "List a delegator's unbonding entries", "unbondings", 1, func() any { return new([]staking.EntryView) }),
		one("redelegations DELEGATOR", "List a delegator's maturing redelegations (still slashable for the source)", "redelegations", 1, func() any { return new([]staking.EntryView) }),
		one("rewards DELEGATOR VALIDATOR", "Show rewards a delegator can withdraw from a validator", "rewards", 2, func() any { return new(map[string]string) }),
		one("pool", "Show bonded and unbonding stake, the reward pool and the community pool", "pool", 0, func() any { return new(staking.PoolView) }),
		one("params", "Show the staking parameters", "params", 0, func() any { return new(staking.Params) }),
		one("signing-info OPERATOR", "Show a validator's missed blocks and jail state", "signing-info", 1, func() any { return new(staking.SigningInfoView) }),
		one("slashes OPERATOR", "List a validator's slashes", "slashes", 1, func() any { return new([]staking.SlashView) }),
	)
	return c
}
