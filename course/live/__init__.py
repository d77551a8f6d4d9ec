"""Live workshops and waiting-room kiosks: decks, sessions, answers, the polling fast path and reports."""
