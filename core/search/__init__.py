"""Chinese-aware search shared by every app: word segmentation, the search backend
that applies it to Wagtail's database index, synonyms and highlighting."""
