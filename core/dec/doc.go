// Package dec is the fixed-point decimal of the chain's ratios: commission
// rates, slash fractions, tax shares, quorum and threshold.
//
// A Dec is an unsigned 256-bit integer scaled by 10^18, so "0.05" is stored
// as 5×10^16. Every operation is exact or rounds down, and none uses
// floating point, so every node computes the same bits. Ratios in the chain
// are never negative; subtraction below zero is an error the caller sees.
//
// In JSON a Dec is a decimal string ("0.05"); in RLP it is the scaled
// integer.
package dec
