"""Accounts: sign-up, log in, passwords, and the admin page for facilitator accounts."""
