// Package cli holds what the project's commands (bttcd, btt) share in how
// they talk to users: a usage error, which names the command to ask for
// help and exits 2; an argument count check that says what was wanted;
// and the one-line "Error: ..." every failure ends in, never a stack
// trace. Commands build on cobra; this package knows nothing of what they
// do.
package cli
