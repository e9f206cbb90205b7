"""Bilingual terminology for aligned Chinese–English text.

Stages (one module each): :mod:`inputs` (aligned units) → :mod:`candidates`
(term candidates per language) → :mod:`pairing` (cross-language pairs and
entries) → :mod:`model` (Glossary) → writers :mod:`tbx`, :mod:`tsv`,
:mod:`html`, :mod:`markdown`; :mod:`check` compares a glossary with a
bilingual text.
"""
