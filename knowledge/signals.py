from core.freshness import default_review_date, start_stewardship


def start_upkeep_on_publish(sender, instance, revision=None, **kwargs):
    """A lesson or case published for the first time gets an owner (its contributor,
    else whoever created the page, else whoever published it) and its kind's first
    review date."""
    if not getattr(instance, "has_review_date", False):
        return
    from knowledge.models import KnowledgeSettings

    upkeep = KnowledgeSettings.load()
    owner = getattr(instance, "contributor", None) or instance.owner or getattr(revision, "user", None)
    start_stewardship(page=instance, owner=owner, review_by=default_review_date(upkeep.review_months_for(instance)))
