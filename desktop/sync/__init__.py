"""Sync packages: one `.clcsync` file carries a centre's records to the office above, on a USB stick.

The file format (format_version 1), with no Qt and no database: plain data in, plain data out.
- A ZIP in one canonical layout (desktop/sync/container.py): every member stored, fixed headers,
  checked byte for byte on reading, so no byte of the file escapes a check.
- `manifest.json` (readable, not encrypted): format, kind, schema and app versions, package id, origin
  (centre, commune, installation, key fingerprint), recipient fingerprint, sequence range, full or
  not, previous package hash, rows per table, state digest, every member's SHA-256 and sizes, the
  wrapped content key, and `extra` for later needs. Its SHA-256 is the package's identity.
- `manifest.sig`: Ed25519 signature of the exact manifest bytes; `summary.txt`: a short summary.
- `data/<table>/<n>.bin`: up to 20,000 rows as canonical JSON lines, zlib-compressed, then
  AES-256-GCM encrypted; `media/<name>.bin`: photos, encrypted the same way (not compressed).
- One random content key per package, wrapped for the recipient's X25519 key (ephemeral X25519,
  HKDF-SHA256, AES-GCM); each member has its own nonce and is bound to the package id and its name.
- Reading refuses, in order: not a file or too big; not a ZIP or truncated; unsafe, duplicate or
  unexpected names; zip bombs; a layout not ours; a bad or newer manifest; a bad signature; missing
  or extra members; altered bytes; another recipient; undecodable data (refusals.py lists reasons).
- Writing goes through a `.partial` name, fsync, rename and a verified read-back (writer.py).
Modules: keys (identities, key files, fingerprints), package (the API), digest (state digest).
"""
