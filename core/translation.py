"""Names that editors give in Chinese and, optionally, in English: the competency model
(competencies, levels, grades) and the section pages. The English page shows the
English name where one is given and the Chinese name otherwise.

Chosen over wagtail-localize's page trees because these are a few dozen short labels,
not documents: a second field beside each, edited in the same panel, keeps one tree,
one set of URLs and one search index."""

from django.utils.translation import get_language


def english_wanted():
    return (get_language() or "").startswith("en")


class TranslatedField:
    """A read-only attribute answering the Chinese field, or the English one when the
    page is in English and the English field is filled in."""

    def __init__(self, chinese, english):
        self.chinese, self.english = chinese, english

    def __get__(self, instance, owner):
        if instance is None:
            return self
        if english_wanted():
            return getattr(instance, self.english) or getattr(instance, self.chinese)
        return getattr(instance, self.chinese)
