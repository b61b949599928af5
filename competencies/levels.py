"""How a level is read from the evidence ledger. Pure functions over plain rows, so the
rules can be tested without a database and applied to a whole team at once.

The rules, as the profile page explains them to learners:
- every quiz result and every assessor rating counts; an assessor's rating counts
  double, because a person watched the work;
- evidence loses half its weight every 180 days, so recent attempts weigh more;
- a quiz that did not reach level 1 counts as level 0;
- self-assessment never counts: it is shown beside the measured level.

`LevelShown` is the one answer to "what level has this person shown": every page (quiz
result, growth, certificates, team heat map, plan) reads it, and people see its whole
level with progress toward the next; the weighted decimal is for detail views only.
"""

import math
from dataclasses import dataclass
from datetime import datetime

from competencies.models import Evidence

HALF_LIFE_DAYS = 180
ASSESSOR_WEIGHT = 2.0
MEASURING_SOURCES = (Evidence.Source.QUIZ, Evidence.Source.ASSESSOR)


@dataclass(frozen=True)
class Reading:
    """One evidence row, reduced to what the level needs."""

    source: str
    level: int | None
    recorded_at: datetime


def weight(reading, *, now):
    age_days = max((now - reading.recorded_at).total_seconds(), 0) / 86400
    base = ASSESSOR_WEIGHT if reading.source == Evidence.Source.ASSESSOR else 1.0
    return base * 0.5 ** (age_days / HALF_LIFE_DAYS)


def measured_level(readings, *, now):
    """The weighted level, to one decimal place, or None without quiz or assessor evidence."""
    weighted = [
        (weight(reading, now=now), reading.level or 0) for reading in readings if reading.source in MEASURING_SOURCES
    ]
    total = sum(w for w, _ in weighted)
    if not weighted or total == 0:
        return None
    return round(sum(w * level for w, level in weighted) / total, 1)


def reached_level(measured):
    """The whole level a measured level counts as: 1.5 and above is level 2."""
    if measured is None:
        return 0
    return math.floor(measured + 0.5)


def latest_self_assessment(readings):
    own = [reading for reading in readings if reading.source == Evidence.Source.SELF and reading.level]
    return max(own, key=lambda reading: reading.recorded_at).level if own else None


@dataclass(frozen=True)
class LevelShown:
    """The level a person has shown in one competency, read from the weighted level:
    whole levels count from halfway up (1.5 is level 2), and the way to the next level
    runs from there to the next halfway mark."""

    measured: float | None
    top: int

    @property
    def assessed(self):
        return self.measured is not None

    @property
    def whole(self):
        return reached_level(self.measured)

    @property
    def next_level(self):
        return self.whole + 1 if self.assessed and self.whole < self.top else None

    @property
    def progress(self):
        """Percent of the way from this whole level to the next, or None at the top."""
        if self.next_level is None:
            return None
        floor = max(self.whole - 0.5, 0)
        ceiling = self.whole + 0.5
        return max(0, min(99, round(100 * (self.measured - floor) / (ceiling - floor))))
