// Package address is the 20-byte account address of BTTC and its text forms.
//
// An address is the last 20 bytes of keccak256 of a secp256k1 public key, the
// same bytes as the key's Ethereum address. The same key therefore owns the
// same address on BTTC, Ethereum, BNB Chain and TRON. It is shown in two
// forms, and every input accepts both:
//
//	0x9858EfFD232B4033E47d90003D41EC34EcaEda94   EIP-55 mixed-case hex (the default)
//	TPz8...                                       TRON base58check of 0x41 ‖ address
//
// Addresses are compared as bytes, never as strings. Hex input in a single
// case is accepted as is; mixed-case hex must carry a valid EIP-55 checksum,
// so a mistyped letter is caught.
package address
