// Command bttcd is the BTTC validator node and its operator's command line.
package main

import (
	"errors"
	"fmt"
	"os"
	"regexp"
	"strings"

	"github.com/spf13/cobra"
)

func main() {
	root := newRootCmd()
	if err := root.Execute(); err != nil {
		var usage usageError
		if errors.As(err, &usage) {
			fmt.Fprintf(os.Stderr, "Error: %s\nRun '%s --help' for usage.\n", oneLine(err), usage.cmd)
			os.Exit(2)
		}
		fmt.Fprintf(os.Stderr, "Error: %s\n", oneLine(err))
		os.Exit(1)
	}
}

// oneLine folds a multi-line error (viper and mapstructure write lists)
// into the one line users see.
func oneLine(err error) string {
	fields := strings.Fields(strings.ReplaceAll(err.Error(), "\n", " "))
	return strings.Join(fields, " ")
}

// usageError marks a mistake in the command line itself.
type usageError struct {
	cmd string
	err error
}

func (u usageError) Error() string { return u.err.Error() }
func (u usageError) Unwrap() error { return u.err }

func newRootCmd() *cobra.Command {
	root := &cobra.Command{
		Use:           "bttcd",
		Short:         "BitTorrent Chain (BTTC) node: run a validator, manage keys, send BTT",
		SilenceUsage:  true,
		SilenceErrors: true,
	}
	root.PersistentFlags().String(flagHome, defaultHome(), "node home directory (env BTTCD_HOME)")
	root.SetFlagErrorFunc(func(c *cobra.Command, err error) error {
		return usageError{cmd: c.CommandPath(), err: explainFlagError(err)}
	})
	root.AddCommand(
		newInitCmd(),
		newStartCmd(),
		newDevCmd(),
		newKeysCmd(),
		newTxCmd(),
		newQueryCmd(),
		newStatusCmd(),
		newVersionCmd(),
		newCometCmd(),
		newBenchCmd(),
		newTestnetCmd(),
		newRollbackCmd(),
		newBridgeCmd(),
		newSpeedCmd(),
		newStorageCmd(),
		newDoctorCmd(),
		newExportCmd(),
		newGenesisCmd(),
	)
	return root
}

// negativeArg matches what pflag took for a flag but a user meant as a
// negative number: "-1btt", "-5".
var negativeArg = regexp.MustCompile(`unknown shorthand flag: '[0-9]' in (-[0-9][^ ]*)`)

// negativeUint matches pflag's error for a negative value of a uint flag.
var negativeUint = regexp.MustCompile(`invalid argument "(-[^"]*)" for "([^"]*)" flag: strconv.ParseUint`)

// explainFlagError rewords pflag's errors where they mislead.
func explainFlagError(err error) error {
	if m := negativeArg.FindStringSubmatch(err.Error()); m != nil {
		return fmt.Errorf("%s: amounts and numbers cannot be negative", m[1])
	}
	if m := negativeUint.FindStringSubmatch(err.Error()); m != nil {
		return fmt.Errorf("%s %s: cannot be negative", m[2], m[1])
	}
	return err
}

// exactArgs is cobra.ExactArgs with a usage error that names the arguments.
func exactArgs(n int, names string) cobra.PositionalArgs {
	return func(c *cobra.Command, args []string) error {
		if len(args) != n {
			return usageError{cmd: c.CommandPath(), err: fmt.Errorf("want %d argument(s) (%s), got %d", n, names, len(args))}
		}
		return nil
	}
}
