"""Matrix I/O and wiring: the nio client, sync loop, sending, timers and the CLI."""
