"""Would you post this? Mock posts a parent decides on, inspects and fixes, judged by a pure risk model."""
