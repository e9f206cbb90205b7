"""Bilingual terminology for aligned Chinese–English text; depends on `align`, never the reverse.

Stages, one module each: :mod:`inputs` (`align.model.AlignedUnit`s from aligned files or
document pairs) → :mod:`candidates` (term candidates per language) → :mod:`termpairs` (term
pairs across the units, from :mod:`glosses`, CC-CEDICT, and learned word links) →
:mod:`build` (concepts, entries, ranking with :mod:`forms` and :mod:`termhood`) →
:mod:`model` (Glossary) → :mod:`formats` (tbx, tsv, html, markdown); :mod:`check` and
:mod:`report` compare a glossary with a bilingual text; :mod:`batch` is `align batch`'s
glossary step; :mod:`cli` the commands; :mod:`resources` loads what the stages read of their
dependencies (modules alone, word tables from compact caches).
"""
