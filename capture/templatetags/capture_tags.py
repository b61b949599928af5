from django import template

from capture.frame import filled_sections

register = template.Library()


@register.filter
def form_field(form, name):
    """The bound field called `name`, for templates that lay a form out by section."""
    return form[name]


@register.filter
def formset(form, prefix):
    return form.formsets[prefix]


@register.inclusion_tag("capture/includes/frame_view.html")
def frame_view(item, causes, options, heading_level=2, omit=""):
    """The frame's sections; `omit` is a comma-separated list of fields not to repeat."""
    return {
        "sections": filled_sections(item, causes=causes, options=options, omit=tuple(filter(None, omit.split(",")))),
        "heading_level": heading_level,
    }
