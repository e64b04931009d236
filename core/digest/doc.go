// Package digest reads and writes 32-byte values as people and queries see
// them: 0x and 64 hex digits. Hashes, channel ids and contract ids all
// take that form; each caller wraps the error in its own sentinel.
package digest
