import pytest

from competencies import demo


@pytest.fixture
def competency_model(db, home_page):
    """The deck's model, as `load_demo` builds it: levels, competencies, grades, page."""
    return demo.load()
