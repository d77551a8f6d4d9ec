"""The pages around the course: its home, sources, handout, certificate check, privacy notice and health."""
