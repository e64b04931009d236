package cli

import (
	"errors"
	"fmt"
	"strings"
	"testing"

	"github.com/spf13/cobra"
)

func TestReport(t *testing.T) {
	root := &cobra.Command{Use: "tool"}
	sub := &cobra.Command{Use: "sub", Args: ExactArgs(1, "NAME"), RunE: func(*cobra.Command, []string) error { return nil }}
	root.AddCommand(sub)
	for _, c := range []struct {
		err  error
		code int
		out  string
	}{
		{nil, 0, ""},
		{errors.New("disk full\n  while writing"), 1, "Error: disk full while writing\n"},
		{fmt.Errorf("wrapped: %w", Usage(sub, errors.New("--height: negative"))), 2, "Error: wrapped: --height: negative\nRun 'tool sub --help' for usage.\n"},
		{sub.Args(sub, nil), 2, "Error: want 1 argument(s) (NAME), got 0\nRun 'tool sub --help' for usage.\n"},
	} {
		var w strings.Builder
		if code := Report(&w, c.err); code != c.code || w.String() != c.out {
			t.Errorf("%v: exit %d, printed %q; want %d, %q", c.err, code, w.String(), c.code, c.out)
		}
	}
	if err := sub.Args(sub, []string{"x"}); err != nil {
		t.Fatalf("the right count: %v", err)
	}
}
