"""Quizzes: questions of registered kinds, graded by kind, each attempt kept with the questions as asked."""
