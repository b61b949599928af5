"""Wagtail's `update_index`, with the objects read and segmented on every core
(`core.search.rebuild`). Everything else is Wagtail's: the same options, the same
rebuilder (stale entries removed first, all in one transaction), the same output."""

from modelsearch.backends import get_search_backend
from modelsearch.index import get_indexed_models
from modelsearch.management.commands.rebuild_modelsearch_index import group_models_by_index
from wagtail.search.management.commands.update_index import Command as WagtailUpdateIndex

from core.search.backends import PreparedWritesMixin, index_changed
from core.search.rebuild import Preparer, default_workers


class Command(WagtailUpdateIndex):
    help = "Rebuild the search index, reading and segmenting on several processes."

    def add_arguments(self, parser):
        super().add_arguments(parser)
        parser.add_argument(
            "--workers",
            type=int,
            default=default_workers(),
            help="processes that read and segment objects (default: one per CPU core; 1: this process only)",
        )

    def handle(self, **options):
        self.workers = max(1, options["workers"])
        super().handle(**options)

    def update_backend(self, backend_name, schema_only=False, **options):
        backend = get_search_backend(backend_name)
        if not issubclass(backend.index_class, PreparedWritesMixin):
            return super().update_backend(backend_name, schema_only=schema_only, **options)
        self.write(f"Updating backend: {backend_name}")
        with Preparer(backend_name, workers=self.workers) as preparer:
            for index, models in group_models_by_index(backend, get_indexed_models()).items():
                self.write(f"{backend_name}: Rebuilding index {index}")
                rebuilder = backend.rebuilder_class(index)
                index = rebuilder.start()
                for model in models:
                    index.add_model(model)
                indexed = 0
                if not schema_only:
                    for model in models:
                        self.write(f"{backend_name}: {model._meta.label} ".ljust(35), ending="")
                        for rows in self.print_iter_progress(preparer.prepared(backend, model)):
                            index.write_prepared(model, rows)
                            indexed += len(rows)
                        self.print_newline()
                rebuilder.finish()
                index_changed()
                self.write(f"{backend_name}: indexed {indexed} objects")
                self.print_newline()
