package cli

import (
	"errors"
	"fmt"
	"io"
	"strings"

	"github.com/spf13/cobra"
)

// UsageError marks a mistake in the command line itself: a missing or
// extra argument, a bad flag value.
type UsageError struct {
	Cmd string // the command's path, for "Run 'CMD --help'"
	Err error
}

func (u UsageError) Error() string { return u.Err.Error() }
func (u UsageError) Unwrap() error { return u.Err }

// Usage is a UsageError of command c.
func Usage(c *cobra.Command, err error) error { return UsageError{Cmd: c.CommandPath(), Err: err} }

// ExactArgs is cobra.ExactArgs with a usage error that names the
// arguments wanted.
func ExactArgs(n int, names string) cobra.PositionalArgs {
	return func(c *cobra.Command, args []string) error {
		if len(args) != n {
			return Usage(c, fmt.Errorf("want %d argument(s) (%s), got %d", n, names, len(args)))
		}
		return nil
	}
}

// OneLine folds a multi-line error (viper and mapstructure write lists)
// into the one line users see.
func OneLine(err error) string {
	return strings.Join(strings.Fields(strings.ReplaceAll(err.Error(), "\n", " ")), " ")
}

// Report writes err as users see it and returns the exit code: 2 for a
// usage error, with where to find help; 1 for anything else; 0 for nil.
func Report(w io.Writer, err error) int {
	if err == nil {
		return 0
	}
	var usage UsageError
	if errors.As(err, &usage) {
		fmt.Fprintf(w, "Error: %s\nRun '%s --help' for usage.\n", OneLine(err), usage.Cmd)
		return 2
	}
	fmt.Fprintf(w, "Error: %s\n", OneLine(err))
	return 1
}
