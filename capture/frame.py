"""The deck's seven-step problem frame (问题解决七步法) and the rest of a shared
experience, as the sections the form, the review screen and the lesson page show.
One definition, so the three never drift apart."""

from dataclasses import dataclass

from django.utils.text import capfirst
from django.utils.translation import gettext_lazy as _


@dataclass(frozen=True)
class Section:
    key: str
    number: str
    title: str
    # The deck's own question for this step, shown as guidance.
    question: str
    fields: tuple
    # "causes" / "options" when the section holds several rows.
    rows: str = ""


STEPS = (
    Section(
        "notice",
        "1",
        _("Notice the problem"),
        _(
            "How did you notice it? The customer seemed fine and raised nothing, then one day said they"
            " no longer needed us: what were the first signs?"
        ),
        ("noticed",),
    ),
    Section(
        "state",
        "2",
        _("State the problem"),
        _("What problem did you really run into? Say it in one sentence a colleague would understand."),
        ("problem",),
    ),
    Section(
        "clarify",
        "3",
        _("Clarify the problem"),
        _(
            "What did the customer really want? What is their business, whom do they serve, and how can"
            " our products help them?"
        ),
        ("customer_need",),
    ),
    Section(
        "causes",
        "4",
        _("Find the causes"),
        _(
            "Why did it happen? For example: the contact never introduced us to the person in charge, "
            "or a competitor offered a discount. Give each cause the evidence you had."
        ),
        (),
        rows="causes",
    ),
    Section(
        "goal",
        "5",
        _("Set the decision goal"),
        _("What did you set out to achieve, and how would you know you had moved the customer?"),
        ("goal",),
    ),
    Section(
        "actions",
        "6",
        _("Draft the action plan"),
        _(
            "What did you do to meet the customer's need? Who decides, who influences, who uses, and "
            "how did you reach each of them?"
        ),
        ("actions",),
    ),
    Section(
        "decide",
        "7",
        _("Evaluate the options and decide"),
        _("Which options did you weigh, with their pros and cons, and why did you choose the one you did?"),
        ("decision",),
        rows="options",
    ),
)

TAKEAWAY = (
    Section(
        "outcome",
        "",
        _("Outcome"),
        _("How did it end? Give figures where you can: revenue kept, lines won, months."),
        ("outcome", "outcome_details"),
    ),
    Section(
        "lesson",
        "",
        _("What others should take away"),
        _(
            "The lesson in a few sentences, what to do and not to do, the pitfalls you met, a rule of "
            "thumb a colleague can remember, and when it does not apply."
        ),
        ("lesson", "dos", "donts", "pitfalls", "rule_of_thumb", "boundaries"),
    ),
)

CONTEXT = Section(
    "context",
    "",
    _("Context"),
    _("Helps colleagues find this when they meet the same situation."),
    ("industry", "sales_stage", "buying_role", "competencies", "products", "tags"),
)

# What a submission must have; everything else helps but is optional.
REQUIRED_FIELDS = ("problem", "actions", "lesson")


@dataclass
class Entry:
    label: str
    value: object
    # "text", "list" (one item per line) or "short" (a phrase, shown prominently).
    kind: str = "text"


LIST_FIELDS = ("dos", "donts")
SHORT_FIELDS = ("rule_of_thumb", "problem")


def filled_sections(item, *, causes, options, omit=()):
    """[(section, [Entry, ...], rows)] for the sections of `item` (an experience or a
    lesson) that have content, for read-only views; `omit` names fields the page
    already shows elsewhere."""
    shown = []
    for section in (*STEPS, *TAKEAWAY):
        entries = []
        for name in section.fields:
            if name in omit:
                continue
            value = getattr(item, name)
            if name == "outcome":
                value = item.get_outcome_display() if value else ""
            elif name in LIST_FIELDS:
                value = [line.strip(" -•·\t") for line in value.splitlines() if line.strip(" -•·\t")]
            if value:
                kind = "list" if name in LIST_FIELDS else "short" if name in SHORT_FIELDS else "text"
                label = capfirst(str(item._meta.get_field(name).verbose_name))
                # "Outcome" under the heading "Outcome" says nothing new.
                entries.append(Entry("" if label.casefold() == str(section.title).casefold() else label, value, kind))
        rows = {"causes": causes, "options": options}.get(section.rows, [])
        if entries or rows:
            shown.append((section, entries, rows))
    return shown
