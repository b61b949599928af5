"""Dashboards that bring several apps' data together: a director's team dashboard and a
learner's home dashboard. They live in home/, the one app allowed to import every
feature app (DESIGN.md, "Layers")."""
