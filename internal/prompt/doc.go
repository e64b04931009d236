// Package prompt asks the user at the terminal, for bttcd and btt alike:
// a secret without echo, a yes/no question, and the first line of a
// passphrase file. Secrets never come from argv.
package prompt
