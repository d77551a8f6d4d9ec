"""The parent's own space: progress, mastery, check-ins, the sharing plan, resume codes and data rights."""
