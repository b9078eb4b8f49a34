"""Screening: decisions as events, blind dual screening, ranking, stopping, PRISMA and exports.

Modules: :mod:`.events` (the decisions in the review database and the state derived from them),
:mod:`.agreement`, :mod:`.ranker`, :mod:`.stopping`, :mod:`.prisma`, :mod:`.fulltext`,
:mod:`.exports`, :mod:`.simulate`, :mod:`.widget` and :mod:`.stage` (what the 02-screening
notebook calls).
"""
