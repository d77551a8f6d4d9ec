"""Lessons: the outline, each lesson's page and video, and what a parent has finished."""
