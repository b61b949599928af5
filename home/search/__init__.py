"""The unified search: every kind of content in one ranked list, narrowed by facets,
with the query's words marked, and help when nothing matches.

Home sits above every content app (DESIGN.md, "Layers"), so this package is the one
place that knows them all: which page types are searched (`content`) and where each
keeps its competencies, sales stage, industry and tags (`facets`). `results` puts a
results page together; `spelling` helps when nothing matches; `suggestions` completes
the header box; `log` records what people search for.
"""
