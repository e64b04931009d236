package main

import (
	"errors"
	"fmt"

	"github.com/spf13/cobra"

	"github.com/bttc-network/bttc/internal/prompt"
)

const flagPassphraseFile = "passphrase-file"

var errNoTerminal = prompt.ErrNoTerminal

// readPassphraseFile returns the first line of a file.
func readPassphraseFile(path string) (string, error) {
	line, err := prompt.FirstLine(path)
	if err != nil {
		return "", fmt.Errorf("--%s: %w", flagPassphraseFile, err)
	}
	return line, nil
}

// promptSecret asks on the terminal without echo.
func promptSecret(question string) (string, error) { return prompt.Secret(question) }

// passphrase returns the passphrase from --passphrase-file, else asks
// (twice when confirm is set). Passphrases never come from argv.
func passphrase(c *cobra.Command, what string, confirm bool) (string, error) {
	if path, _ := c.Flags().GetString(flagPassphraseFile); path != "" {
		return readPassphraseFile(path)
	}
	p, err := promptSecret(fmt.Sprintf("Passphrase for %s: ", what))
	if errors.Is(err, errNoTerminal) {
		return "", fmt.Errorf("no terminal to ask for the passphrase of %s: pass --%s", what, flagPassphraseFile)
	}
	if err != nil {
		return "", err
	}
	if confirm {
		again, err := promptSecret("Repeat the passphrase: ")
		if err != nil {
			return "", err
		}
		if again != p {
			return "", errors.New("the passphrases differ")
		}
		if len(p) < 8 {
			return "", errors.New("a passphrase needs at least 8 characters")
		}
	}
	return p, nil
}

// confirm asks a yes/no question on the terminal.
func confirm(question string) (bool, error) { return prompt.Confirm(question) }
