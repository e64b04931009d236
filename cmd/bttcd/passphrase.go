package main

import (
	"bufio"
	"errors"
	"fmt"
	"os"
	"strings"

	"github.com/spf13/cobra"
	"golang.org/x/term"
)

const flagPassphraseFile = "passphrase-file"

var errNoTerminal = errors.New("no terminal to ask on")

// readPassphraseFile returns the first line of a file.
func readPassphraseFile(path string) (string, error) {
	raw, err := os.ReadFile(path)
	if err != nil {
		return "", fmt.Errorf("--%s: %w", flagPassphraseFile, err)
	}
	line, _, _ := strings.Cut(string(raw), "\n")
	return strings.TrimRight(line, "\r"), nil
}

// promptSecret asks on the terminal without echo.
func promptSecret(prompt string) (string, error) {
	tty, err := os.OpenFile("/dev/tty", os.O_RDWR, 0)
	if err != nil || !term.IsTerminal(int(tty.Fd())) {
		return "", errNoTerminal
	}
	defer tty.Close()
	fmt.Fprint(tty, prompt)
	b, err := term.ReadPassword(int(tty.Fd()))
	fmt.Fprintln(tty)
	return string(b), err
}

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
func confirm(question string) (bool, error) {
	tty, err := os.OpenFile("/dev/tty", os.O_RDWR, 0)
	if err != nil || !term.IsTerminal(int(tty.Fd())) {
		return false, errNoTerminal
	}
	defer tty.Close()
	fmt.Fprintf(tty, "%s [y/N]: ", question)
	line, _ := bufio.NewReader(tty).ReadString('\n')
	answer := strings.ToLower(strings.TrimSpace(line))
	return answer == "y" || answer == "yes", nil
}
