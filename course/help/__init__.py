"""If something goes wrong: what to do, and the reporting and removal routes for the parent's country."""
