"""The demo of ``manage.py load_demo``: a catalogue, centres, accounts and requests to try
Certif-UP by hand, one module for each part, loaded in the order ``load.demo_load`` calls them.

Idempotent: every row is found by its natural key (a session's name, a centre's name and
département, a candidate's NUC, a request's submission key), so a second run changes nothing.
Requests are made only through the services, as candidates and centres make them, so seat
counts, deadlines and timelines are the real ones.
"""
