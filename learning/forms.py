"""The admin's form for SCORM packages: the zip is checked as it is uploaded, so an
editor sees what is wrong with it beside the field, and nothing is stored until it
passes."""

from django import forms
from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _
from wagtail.admin.forms import WagtailAdminModelForm

from learning.models import CoursePage, courseware_storage
from learning.scorm.package import check_package, install


class ScormPackageForm(WagtailAdminModelForm):
    package_file = forms.FileField(
        label=_("SCORM package (.zip)"),
        help_text=_("A SCORM 1.2 or SCORM 2004 (3rd or 4th edition) zip with imsmanifest.xml at its top."),
        widget=forms.FileInput(attrs={"accept": ".zip,application/zip"}),
    )
    add_to_course = forms.ModelChoiceField(
        label=_("Add as a lesson to"),
        queryset=CoursePage.objects.order_by("title"),
        required=False,
        help_text=_("Optional: creates a draft lesson playing this package at the end of the course."),
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.checked = None
        if self.instance.pk:
            self.fields["package_file"].required = False
            self.fields["package_file"].help_text = _("Upload a new zip to replace this package's content.")

    def clean_package_file(self):
        upload = self.cleaned_data.get("package_file")
        if upload:
            try:
                self.checked = check_package(upload)
            except ValidationError as error:
                raise forms.ValidationError(error.messages) from error
        return upload

    def save(self, commit=True):
        package = super().save(commit=False)
        if self.checked is not None:
            install(
                package=package,
                upload=self.cleaned_data["package_file"],
                checked=self.checked,
                storage=courseware_storage(),
                user=getattr(self, "for_user", None),
            )
        elif commit:
            package.save()
        course = self.cleaned_data.get("add_to_course")
        if course is not None:
            from learning.services import add_courseware_lesson

            add_courseware_lesson(package=package, course=course, user=getattr(self, "for_user", None))
        return package
