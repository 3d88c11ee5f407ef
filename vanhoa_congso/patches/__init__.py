"""Data patches, one module per change, listed in patches.txt."""
