"""Read a form out of a page the way a browser submits it, so tests post exactly what
a person's browser would, hidden fields and all."""

from bs4 import BeautifulSoup


def form_fields(html, form_selector="form[method=post]"):
    """Every field of the first form matching `form_selector`, with the value the
    browser would send; a name sent more than once (ticked checkboxes) maps to a list.
    Fields inside a <template> are not part of the form."""
    form = BeautifulSoup(html, "html.parser").select_one(form_selector)
    if form is None:
        raise AssertionError(f"no {form_selector} in the page")
    fields = {}

    def send(name, value):
        if name in fields:
            before = fields[name]
            fields[name] = [*before, value] if isinstance(before, list) else [before, value]
        else:
            fields[name] = value

    for element in form.select("input[name], textarea[name], select[name]"):
        if element.find_parent("template") is not None:
            continue
        name = element["name"]
        kind = element.get("type", "").lower()
        if element.name == "textarea":
            send(name, element.text.removeprefix("\n"))
        elif element.name == "select":
            chosen = element.select_one("option[selected]") or element.select_one("option")
            send(name, chosen.get("value", chosen.text) if chosen else "")
        elif kind in {"checkbox", "radio"}:
            if element.has_attr("checked"):
                send(name, element.get("value", "on"))
        elif kind not in {"submit", "button", "file", "image"}:
            send(name, element.get("value", ""))
    return fields
