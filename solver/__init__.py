"""What can be built: compiles (catalog version, style, request) into a configuration space."""
