"""What exists: parts, platings, styles and rules; physical fit; the compatibility graph; the store."""
