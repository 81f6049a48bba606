"""The demo centre (`clc demo`): a realistic commune drawn from one seed, then written.

centre_records, centre_planner: the centre's plan (people, classes, sessions, attendance);
book_catalogue, book_records, book_planner: the book cabinet's plan; calendar: Tết and holidays;
writer: the one batch writer both use; centre and books: the two builds.
"""
