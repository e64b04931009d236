// Package torrent is what the btt client knows about one torrent before it
// talks to anyone: the metainfo (a .torrent file or the info dictionary a
// magnet link's peers send), the mapping of pieces onto the files on disk,
// and the SHA-1 check of every piece.
//
// A Torrent is parsed once and never changes. Parsing is strict where a
// lax reader would hurt the user: a file path that climbs out of the
// download directory ("..", an absolute path, an empty component), a piece
// count that does not match the length, or a v2-only torrent are refused
// with an error that names the problem. Unknown keys are ignored, as every
// client does, and the info hash is the SHA-1 of the info dictionary's
// bytes exactly as they appear in the file.
//
// Storage lays the torrent's bytes out on disk the way every BitTorrent
// client does (a single-file torrent is one file named after the torrent; a
// multi-file torrent is a directory of that name), so a download can be
// seeded by Transmission and a Transmission download by btt. Padding files
// (BEP 47) are never written: they read as zeros.
//
// Recheck hashes what is on disk and returns the pieces that verify; the
// client calls it when it resumes, so a download killed half way refetches
// only what was not yet verified.
package torrent
