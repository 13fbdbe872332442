"""The strategy audit: one rule module per point of the ten (``p01_goals.py`` … ``p10_analytics.py``)."""
