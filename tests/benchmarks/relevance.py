"""Relevance of search on the demo academy: recall@10, MRR and nDCG@10 over the judged
query set of tests/home/relevance.py, query by query and by kind of query.

    python -m tests.benchmarks.relevance                     # a new SQLite file
    python -m tests.benchmarks.relevance --database-url postgres://postgres@127.0.0.1:5432/academy_relevance

The database is a throwaway one: the demo is loaded into it and indexed. Both databases
must print the same figures; tests/home/test_relevance.py holds them.
"""

import argparse
import io
import sys
from collections import defaultdict


def parse_args():
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--database-url", help="a throwaway database (default: a new SQLite file)")
    parser.add_argument("--quiet", action="store_true", help="only the totals")
    return parser.parse_args()


def print_scores(scores, *, per_query=True):
    from tests.home.relevance import summary

    if per_query:
        print(f"{'query':<24} {'kind':<11} {'recall@10':>9} {'RR':>5} {'nDCG@10':>8}")
        for score in scores:
            figures = f"{score.recall:>9.2f} {score.reciprocal_rank:>5.2f} {score.ndcg:>8.2f}"
            print(f"{score.query:<24} {score.kind:<11} {figures}")
        print()
    by_kind = defaultdict(list)
    for score in scores:
        by_kind[score.kind].append(score)
    print(f"{'kind':<11} {'queries':>7} {'recall@10':>9} {'MRR':>5} {'nDCG@10':>8}")
    for kind, kind_scores in [*by_kind.items(), ("all", scores)]:
        recall, mrr, ndcg = summary(kind_scores)
        print(f"{kind:<11} {len(kind_scores):>7} {recall:>9.3f} {mrr:>5.3f} {ndcg:>8.3f}")


def main():
    args = parse_args()
    from tests.benchmarks.__main__ import configure

    database_url = configure(args.database_url)
    from django.core.management import call_command

    call_command("load_demo", allow_production=True, stdout=io.StringIO())
    call_command("update_index", stdout=io.StringIO(), verbosity=0)
    from tests.home.relevance import evaluate

    print(f"database: {database_url.split('@')[-1]}\n")
    print_scores(evaluate(), per_query=not args.quiet)
    return 0


if __name__ == "__main__":
    sys.exit(main())
