"""The words of the board report, in Dutch (default) and English, and dates as people write them."""

from __future__ import annotations

from datetime import date

from indicators import plain

TEXT: dict[str, dict[str, str]] = {
    "title": {"nl": "Missiemonitor Gezond Utrecht 2030", "en": "Healthy Utrecht 2030 mission monitor"},
    "subtitle": {"nl": "Bestuursrapport", "en": "Board report"},
    "made": {"nl": "Gemaakt op {day}", "en": "Made on {day}"},
    "region_kind": {"nl": "{kind}, code {code}", "en": "{kind}, code {code}"},
    "members_line": {"nl": "Gemeenten: {names}.", "en": "Municipalities: {names}."},
    "data": {"nl": "Stand van de data", "en": "Data status"},
    "tables_count": {"nl": "{tables} brontabellen van CBS/RIVM StatLine.",
                     "en": "{tables} source tables from CBS/RIVM StatLine."},
    "recency": {
        "nl": "De nieuwste cijfers in dit rapport zijn van {newest}; de meeste kerncijfers zijn van {usual}.",
        "en": "The newest figures in this report are from {newest}; most headline figures are from {usual}.",
    },
    "recency_one": {"nl": "De kerncijfers in dit rapport zijn van {newest}.",
                    "en": "The headline figures in this report are from {newest}."},
    "scoreboard": {"nl": "Missiescorebord", "en": "Mission scoreboard"},
    "scoreboard_note": {
        "nl": "Per missie de kernindicatoren. Waar een kernindicator alleen landelijk bestaat, staat Nederland erbij.",
        "en": "The headline indicators per mission. Where a headline exists only nationally, the Netherlands is shown.",
    },
    "mission": {"nl": "Missie", "en": "Mission"},
    "indicator": {"nl": "Indicator", "en": "Indicator"},
    "area": {"nl": "Gebied", "en": "Area"},
    "baseline": {"nl": "Basis", "en": "Baseline"},
    "latest": {"nl": "Laatste", "en": "Latest"},
    "target": {"nl": "Doel", "en": "Target"},
    "deadline": {"nl": "Deadline", "en": "Deadline"},
    "status": {"nl": "Status", "en": "Status"},
    "vs_nl": {"nl": "t.o.v. NL", "en": "vs NL"},
    "national": {"nl": "alleen landelijk", "en": "national only"},
    "indicative": {"nl": "indicatief", "en": "indicative"},
    "proxy": {"nl": "proxy", "en": "proxy"},
    "none": {"nl": "–", "en": "–"},
    "no_headline": {"nl": "Geen kernindicator met gegevens voor dit gebied.",
                    "en": "No headline indicator with data for this area."},
    "trend_word": {"nl": "Trend", "en": "Trend"},
    "why": {"nl": "Waarom", "en": "Why"},
    "prediction_interval": {"nl": "95%-voorspellingsinterval", "en": "95% prediction interval"},
    "deadline_year": {"nl": "deadline {year}", "en": "deadline {year}"},
    "status_about": {
        "nl": "Deze status gaat over het indicatieve doel ‘{about}’, niet over het missiedoel zelf.",
        "en": "This status is about the indicative target ‘{about}’, not about the mission's own target.",
    },
    "projection": {"nl": "Projectie {year}", "en": "Projection {year}"},
    "national_note": {"nl": "Alleen landelijk gemeten: de cijfers zijn van Nederland.",
                      "en": "Measured only nationally: the figures are for the Netherlands."},
    "too_many_members": {"nl": "{region} heeft {count} gemeenten: te veel om hier naast elkaar te zetten.",
                         "en": "{region} has {count} municipalities: too many to show side by side here."},
    "members_only": {"nl": "Deze indicator bestaat alleen per gemeente: hieronder de gemeenten van {group} naast elkaar.",
                     "en": "This indicator exists only per municipality: below, the municipalities of {group} side by side."},
    "chart_regions": {"nl": "{region}, met Nederland ter vergelijking", "en": "{region}, with the Netherlands for comparison"},
    "members_title": {"nl": "{indicator}: de gemeenten van {group}, {period}",
                      "en": "{indicator}: the municipalities of {group}, {period}"},
    "members_none": {"nl": "Geen waarden per gemeente voor deze indicator.",
                     "en": "No values per municipality for this indicator."},
    "gap": {"nl": "Datagat", "en": "Data gap"},
    "changes": {"nl": "Wat is veranderd sinds de vorige datarelease", "en": "What changed since the previous data release"},
    "changes_intro": {
        "nl": "Vergeleken is de laatste waarde per indicator en gebied met die in de vorige berekening (hhu build).",
        "en": "Compared: the latest value per indicator and area with the one in the previous build (hhu build).",
    },
    "no_previous": {"nl": "Er is geen vorige berekening om mee te vergelijken: dit is de eerste.",
                    "en": "There is no previous build to compare with: this is the first one."},
    "no_changes": {"nl": "Geen verschillen met de vorige berekening voor dit gebied.",
                   "en": "No differences with the previous build for this area."},
    "better": {"nl": "Grootste verbeteringen", "en": "Largest improvements"},
    "worse": {"nl": "Grootste verslechteringen", "en": "Largest deteriorations"},
    "neutral": {"nl": "Veranderd, zonder goede of slechte richting", "en": "Changed, with no better or worse direction"},
    "new_measurement": {"nl": "nieuwe meting", "en": "new measurement"},
    "revised": {"nl": "herzien", "en": "revised"},
    "new_indicator": {"nl": "Nieuw in deze berekening (geen eerdere waarde): {names}.",
                      "en": "New in this build (no earlier value): {names}."},
    "gaps": {"nl": "Datagaten en proxy's", "en": "Data gaps and proxies"},
    "gaps_intro": {
        "nl": "Wat de missies vragen, is niet altijd gemeten. Hier staat wat ontbreekt en welke maat ervoor in de plaats komt.",
        "en": "What the missions ask is not always measured. This is what is missing and which measure stands in for it.",
    },
    "proxies": {"nl": "Proxy's in dit rapport", "en": "Proxies in this report"},
    "sources": {"nl": "Bronnen en definities", "en": "Sources and definitions"},
    "definition": {"nl": "Definitie", "en": "Definition"},
    "unit": {"nl": "Eenheid", "en": "Unit"},
    "source": {"nl": "Bron", "en": "Source"},
    "tables": {"nl": "Brontabellen", "en": "Source tables"},
    "table": {"nl": "Tabel", "en": "Table"},
    "table_title": {"nl": "Titel", "en": "Title"},
    "retrieved": {"nl": "Opgehaald", "en": "Retrieved"},
    "licence": {
        "nl": "Alle cijfers: CBS/RIVM StatLine, licentie CC BY 4.0 (naamsvermelding). Berekeningen en projecties: "
              "missiemonitor Gezond Utrecht 2030. Projectie = voortzetting van de gemeten trend tot de deadline.",
        "en": "All figures: CBS/RIVM StatLine, licence CC BY 4.0 (attribution). Calculations and projections: "
              "Healthy Utrecht 2030 mission monitor. Projection = the measured trend continued to the deadline.",
    },
    "status_legend": {
        "nl": "Status: hoe het gebied ervoor staat t.o.v. het doel, pas nadat een toets de verandering sinds het "
              "basisjaar meetbaar vindt (p: de kans op een minstens zo groot verschil als er niets veranderd is; "
              "onder 0,05 telt het). 'Geen meetbare verandering': het verschil valt binnen de meetonzekerheid. "
              "'Geen doel (context)': de "
              "missie geeft voor deze maat geen doel. De regels staan achterin, onder 'Hoe we de status bepalen'.",
        "en": "Status: how the area stands against the target, only once a test finds the change since the baseline "
              "measurable (p: the chance of a difference at least this large if nothing changed; below 0.05 it "
              "counts). 'No measurable change': the difference is within the uncertainty of the measurements. 'No target "
              "(context)': the mission sets no target for this measure. The rules are at the back, under 'How we "
              "decide the status'.",
    },
}



def t(key: str, lang: str = "nl", **values: object) -> str:
    """Return a report text in ``lang`` (Dutch unless ``lang == "en"``), filled with ``values``."""
    words = TEXT[key]["en" if lang == "en" else "nl"]
    return words.format(**values) if values else words


def long_date(day: date, lang: str = "nl") -> str:
    """Write a date the way a reader does: ``22 november 2026`` / ``22 November 2026``."""
    return plain.long_date(day, lang)
