from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class CoreConfig(AppConfig):
    name = "core"
    verbose_name = _("Shared building blocks")
    role_permissions = {
        "editor": [
            f"core.{action}_{model}"
            for model in ("industry", "product")
            for action in ("add", "change", "delete", "view")
        ]
        + [
            f"core.{action}_{model}"
            for model in ("searchterm", "synonymgroup")
            for action in ("add", "change", "delete", "view")
        ]
        + ["core.moderate_comment", "core.view_comment"],
    }

    def ready(self):
        from django.core.signals import request_finished, request_started
        from django.db.models.signals import post_delete, post_migrate, post_save
        from wagtail.models import PageViewRestriction, Site
        from wagtail.signals import page_published, page_unpublished, post_page_move

        from core.engagement import follow_discussion_changes
        from core.freshness import stewardship_generation
        from core.models import PageStewardship, SearchTerm, SynonymGroup
        from core.page_permissions import follow_page_permission_changes
        from core.planner_statistics import analyse_page_types_after_any_change
        from core.related import forget_related_content, request_boundary
        from core.search.signals import page_published_with_its_relations, search_words_edited
        from core.taxonomy import follow_taxonomy_changes

        follow_page_permission_changes()
        follow_taxonomy_changes()
        stewardship_generation.follow(PageStewardship)
        follow_discussion_changes()
        request_started.connect(request_boundary)
        request_finished.connect(request_boundary)
        page_published.connect(forget_related_content)
        page_published.connect(page_published_with_its_relations)
        page_unpublished.connect(forget_related_content)
        # A page moved under a private section must leave cached listings and suggestions.
        post_page_move.connect(forget_related_content)
        post_delete.connect(forget_related_content)
        post_save.connect(forget_related_content, sender=Site)
        # A page put behind a login must leave the visitors' page cache and listings.
        post_save.connect(forget_related_content, sender=PageViewRestriction)
        # Once per migrate, when every app's tables exist.
        post_migrate.connect(analyse_page_types_after_any_change, sender=self)
        for model in (SearchTerm, SynonymGroup):
            post_save.connect(search_words_edited, sender=model)
            post_delete.connect(search_words_edited, sender=model)
