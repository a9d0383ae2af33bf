"""``python -m bench.queries`` (run once per data set by the runner): the SQL queries each page
makes, counted in-process with the test client against the bench database. Prints JSON."""

import json

import django


def main() -> None:
    django.setup()
    from django.db import connection
    from django.test import Client
    from django.test.utils import CaptureQueriesContext

    from bench import pages

    counts = {}
    for label, path, cookies in pages.page_plan():
        client = Client()
        for name, value in (cookies or {}).items():
            client.cookies[name] = value
        client.get(path)  # warm: session row, caches of the first request
        with CaptureQueriesContext(connection) as queries:
            response = client.get(path)
        counts[label] = {"queries": len(queries), "status": response.status_code}
    print(json.dumps(counts))


if __name__ == "__main__":
    main()
