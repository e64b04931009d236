// Package keyring keeps an operator's secp256k1 keys on disk, one file per
// key, in go-ethereum's encrypted keystore format (scrypt + AES-128-CTR), so
// keys move to and from geth and MetaMask unchanged.
//
// Keys are made from a BIP-39 mnemonic on the Ethereum HD path
// m/44'/60'/0'/0/i, so the mnemonic a wallet shows restores the same
// address here and there. A key file is <dir>/<name>.json; its "address"
// field lets List work without a passphrase.
//
// Two backends:
//
//   - file: each key encrypted with the operator's passphrase at geth's
//     standard scrypt cost.
//   - test: keys encrypted with an empty passphrase at a light cost, for
//     local development chains only (IsLocalChain); the command line refuses
//     it elsewhere.
package keyring
