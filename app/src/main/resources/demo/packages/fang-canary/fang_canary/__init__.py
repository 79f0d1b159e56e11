"""Nothing here runs anything: the canary's only 'payload' is the print in setup.py."""
