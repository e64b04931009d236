package main

import (
	"encoding/json"
	"fmt"
	"io"

	"github.com/spf13/cobra"

	"github.com/bttc-network/bttc/internal/cli"
)

const flagOutput = "output"

func addOutputFlag(c *cobra.Command) {
	c.Flags().StringP(flagOutput, "o", "text", "output format: text or json")
}

// printOut writes v as indented JSON with -o json, or calls text otherwise.
func printOut(c *cobra.Command, v any, text func(w io.Writer)) error {
	format, _ := c.Flags().GetString(flagOutput)
	switch format {
	case "json":
		enc := json.NewEncoder(c.OutOrStdout())
		enc.SetIndent("", "  ")
		return enc.Encode(v)
	case "text", "":
		text(c.OutOrStdout())
		return nil
	}
	return cli.Usage(c, fmt.Errorf("--output %q: want text or json", format))
}
