from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class HomeConfig(AppConfig):
    name = "home"
    verbose_name = _("Home and search")
    role_permissions = {
        # Editors read what people search for and pin results to searches.
        "editor": [
            "home.view_unansweredsearch",
            "wagtailsearchpromotions.add_searchpromotion",
            "wagtailsearchpromotions.change_searchpromotion",
            "wagtailsearchpromotions.delete_searchpromotion",
        ],
    }

    def ready(self):
        from django.db.models.signals import post_migrate

        from core.search.backends import index_entries_written
        from home.dashboards.personal import follow_queue_changes
        from home.search.facet_values import fill_missing_facet_values, write_facets_of_indexed_pages
        from home.search.log import follow_promotion_changes

        index_entries_written.connect(write_facets_of_indexed_pages)
        follow_promotion_changes()
        follow_queue_changes()
        # Once per migrate, when every app's tables exist.
        post_migrate.connect(fill_missing_facet_values, sender=self)
