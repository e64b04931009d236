// Command bttcd is the BTTC validator node and its operator's command line.
package main

import (
	"fmt"
	"os"
	"regexp"

	"github.com/spf13/cobra"

	"github.com/bttc-network/bttc/internal/cli"
)

func main() {
	if code := cli.Report(os.Stderr, newRootCmd().Execute()); code != 0 {
		os.Exit(code)
	}
}

func newRootCmd() *cobra.Command {
	root := &cobra.Command{
		Use:           "bttcd",
		Short:         "BitTorrent Chain (BTTC) node: run a validator, manage keys, send BTT",
		SilenceUsage:  true,
		SilenceErrors: true,
	}
	root.PersistentFlags().String(flagHome, defaultHome(), "node home directory (env BTTCD_HOME)")
	root.SetFlagErrorFunc(func(c *cobra.Command, err error) error {
		return cli.Usage(c, explainFlagError(err))
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
