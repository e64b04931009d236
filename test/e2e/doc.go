// Package e2e runs real bttcd processes on 127.0.0.1: it builds the binary
// once, makes homes in temporary directories, drives the command line as an
// operator would, and kills and restarts nodes. Every node binds free
// loopback ports and is stopped when its test ends.
package e2e
