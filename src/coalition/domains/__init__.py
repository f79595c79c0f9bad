"""One component per module; none imports another."""
