"""Cases that need approval: directors write up cases from their region in the admin,
and editors approve them before they are published. Wagtail's own workflow does the
work; this module only sets it up on the case exchange, whenever one exists."""

from django.contrib.auth.models import Group, Permission
from wagtail.models import (
    Collection,
    GroupApprovalTask,
    GroupCollectionPermission,
    GroupPagePermission,
    Workflow,
    WorkflowPage,
    WorkflowTask,
)

from accounts.roles import DIRECTOR, EDITOR

WORKFLOW_NAME = "案例审核"
TASK_NAME = "编辑审核案例"
# Wagtail's "add" lets directors write cases and edit the ones they own, never another
# person's; publishing stays with editors.
DIRECTOR_PAGE_PERMISSIONS = ("add_page",)
DIRECTOR_FILE_PERMISSIONS = (
    ("wagtaildocs", "add_document"),
    ("wagtaildocs", "choose_document"),
    ("wagtailimages", "add_image"),
    ("wagtailimages", "choose_image"),
)


def prepare_case_exchange(index_page):
    """Give the case exchange its approval workflow and let directors write cases in it.
    Idempotent, and leaves alone a workflow an administrator assigned instead."""
    editors, _created = Group.objects.get_or_create(name=EDITOR.group_name)
    directors, _created = Group.objects.get_or_create(name=DIRECTOR.group_name)
    if not WorkflowPage.objects.filter(page=index_page).exists():
        WorkflowPage.objects.create(page=index_page, workflow=_approval_workflow(editors))
    for codename in DIRECTOR_PAGE_PERMISSIONS:
        permission = Permission.objects.get(content_type__app_label="wagtailcore", codename=codename)
        GroupPagePermission.objects.get_or_create(group=directors, page=index_page, permission=permission)
    root_collection = Collection.get_first_root_node()
    for app_label, codename in DIRECTOR_FILE_PERMISSIONS:
        permission = Permission.objects.get(content_type__app_label=app_label, codename=codename)
        GroupCollectionPermission.objects.get_or_create(
            group=directors, collection=root_collection, permission=permission
        )


def _approval_workflow(editors):
    workflow = Workflow.objects.filter(name=WORKFLOW_NAME).first()
    if workflow is not None:
        return workflow
    task = GroupApprovalTask.objects.create(name=TASK_NAME)
    task.groups.set([editors])
    workflow = Workflow.objects.create(name=WORKFLOW_NAME)
    WorkflowTask.objects.create(workflow=workflow, task=task, sort_order=0)
    return workflow
