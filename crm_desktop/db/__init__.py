"""Data layer: Peewee models, opening the database, migrations and the search index."""
