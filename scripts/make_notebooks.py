"""Write the analyst notebooks in notebooks/ (without outputs) from the cell texts below.

The notebooks are the product; this script only keeps their source readable in review.
Run: ``python scripts/make_notebooks.py``.
"""

from __future__ import annotations

from pathlib import Path

import nbformat
from nbformat.v4 import new_code_cell, new_markdown_cell, new_notebook

NOTEBOOKS = Path(__file__).resolve().parent.parent / "notebooks"

SETUP = '''# Zorg dat de opslag er is: eerst `hhu refresh` en `hhu build` (dat doet deze cel als het nog niet gebeurd is).
from indicators import api, config, store

try:
    api.indicators_table()
except store.StoreError:
    from indicators.build import build
    from indicators.refresh import refresh

    refresh(config.data_dir(), config.default_mirror(), progress=None)
    build(config.data_dir())
    api.indicators_table.cache_clear(); api.progress_table.cache_clear(); api.regions.cache_clear()
print("opslag:", config.data_dir())'''


def verkennen() -> list:
    """Cells of 01: load, compare with neighbours, plot a trend."""
    return [
        new_markdown_cell("# 01 Verkennen: een gemeente, haar buren en een trend\n\n"
                          "Dit notebook gebruikt alleen de publieke API `indicators.api`. Elke waarde komt uit CBS/RIVM "
                          "StatLine (CC BY 4.0); `source_table` zegt uit welke tabel."),
        new_code_cell(SETUP),
        new_markdown_cell("## De catalogus\nWelke indicatoren zijn er, per missie, met eenheid en bron?"),
        new_code_cell('catalogus = api.catalogue()\ncatalogus[["indicator_id", "title_nl", "mission", "unit", "proxy", "source_tables"]].head(12)'),
        new_markdown_cell("## Eén gemeente: Nieuwegein\n`regions().find` zoekt op code of naam; `region_indicators` geeft alle rijen van één regio."),
        new_code_cell('model = api.regions()\ncode = model.find("Nieuwegein")\n'
                      'rijen = api.region_indicators(code)\n'
                      'laatste = rijen.dropna(subset=["value"]).sort_values("period_year").groupby("indicator_id").tail(1)\n'
                      'laatste[["indicator_id", "period", "value", "lower", "upper", "unit", "source_table"]].head(15)'),
        new_markdown_cell("## Vergelijken met de buren in de U10\nDe U10-groep is één regio (`U10`); `members` geeft de gemeenten."),
        new_code_cell('buren = model.members("U10")\n'
                      'roken = api.indicator_values("roken_pct", regions=buren + ["U10", "NL01"], period="2022")\n'
                      'roken.sort_values("value")[["region_name", "value", "lower", "upper", "computed", "note"]]'),
        new_markdown_cell("`computed` is waar: de U10-waarde is door ons berekend (bevolkingsgewogen gemiddelde van de 16 gemeenten), "
                          "niet door CBS gepubliceerd. Een lege waarde betekent \"geen gegevens\", nooit 0."),
        new_markdown_cell("## Een trend met doelpad\nDezelfde grafiek als in het dashboard en het bestuursrapport (`indicators.figures`)."),
        new_code_cell('from indicators import figures\n'
                      'reeks = api.indicator_values("overgewicht_pct", regions=[code, "NL01"])\n'
                      'voortgang = api.progress_table()\n'
                      'voortgang = voortgang[(voortgang["indicator_id"] == "overgewicht_pct") & voortgang["region_code"].isin([code, "NL01"])]\n'
                      'figures.trend_figure(reeks, voortgang)'),
        new_code_cell('api.progress_for_region(code)[["indicator_id", "status", "baseline_period", "latest_period", "latest_value", "trend", "vs_nl"]].head(12)'),
    ]


def indicator_toevoegen() -> list:
    """Cells of 02: declare, build and map a new indicator."""
    return [
        new_markdown_cell("# 02 Een indicator toevoegen\n\n"
                          "We voegen *beperking in horen* toe: een kolom van de Gezondheidsmonitor die de catalogus nog niet gebruikt. "
                          "We declareren hem precies zoals de indicatoren in `indicators/catalog/`, bouwen hem, en bekijken voortgang en kaart."),
        new_code_cell(SETUP),
        new_markdown_cell("## 1. Zoek de kolom\nDe ruwe tabellen staan in de opslag; kolommen eindigen op `_<nummer>` en het nummer verschilt per jaartabel."),
        new_code_cell('from indicators.catalog.sources import MONITOR_TABLES\n'
                      'for jaar, (tabel, _) in MONITOR_TABLES.items():\n'
                      '    kolommen = store.read_raw(config.data_dir(), tabel).columns\n'
                      '    print(jaar, tabel, [kolom for kolom in kolommen if "Horen" in kolom])\n'
                      'gebruikt = api.catalogue()["indicator_id"]\n'
                      'print("al in de catalogus:", [i for i in gebruikt if "horen" in i])'),
        new_markdown_cell("## 2. Declareer de indicator\nEén `Indicator`: titels, definitie, eenheid (`pct`), richting, missie, en per jaartabel een `Slice` "
                          "(via `monitor_slices`). De formule is een pure functie uit `indicators.catalog.formulas`."),
        new_code_cell('from indicators.catalog import formulas\n'
                      'from indicators.catalog.model import LOWER_IS_BETTER, Indicator\n'
                      'from indicators.catalog.sources import MONITOR_CAVEAT_EN, MONITOR_CAVEAT_NL, monitor_slices\n\n'
                      'beperking_horen = Indicator(\n'
                      '    id="beperking_horen_pct",\n'
                      '    title_nl="Beperking in horen", title_en="Hearing impairment",\n'
                      '    definition_nl="Percentage volwassenen met een beperking in horen.",\n'
                      '    definition_en="Percentage of adults with a hearing impairment.",\n'
                      '    unit="pct", direction=LOWER_IS_BETTER, mission="M4",\n'
                      '    slices=monitor_slices({"2012": "BeperkingInHoren_25", "2016": "BeperkingInHoren_5", "2020": "BeperkingInHoren_4"}),\n'
                      '    formula=formulas.measure,\n'
                      '    caveats_nl=MONITOR_CAVEAT_NL, caveats_en=MONITOR_CAVEAT_EN,\n'
                      '    theme_nl="Meedoen", theme_en="Taking part",\n'
                      ')\nbeperking_horen.source_tables'),
        new_markdown_cell("## 3. Bouw hem\nDezelfde stappen als `hhu build`: slices uit de ruwe tabellen, de formule, heringedeelde gemeenten "
                          "omrekenen (bevolkingsgewogen), groepen en GGD-regio's uit hun gemeenten, en de schemacontrole."),
        new_code_cell('from indicators import build\n\n'
                      'model = api.regions()\n'
                      'tabellen = build.load_tables(config.data_dir(), build.needed_tables([beperking_horen]))\n'
                      'gewichten = build.population_weights(tabellen[build.WEIGHTS_TABLE])\n'
                      'rijen = build.build_indicator(beperking_horen, tabellen, model, gewichten)\n'
                      'build.check_indicators(rijen, model, [beperking_horen])\n'
                      'rijen[rijen["region_code"].isin(["NL01", "U10", "GM0344"])][["region_name", "period", "value", "lower", "upper", "computed"]]'),
        new_markdown_cell("## 4. Voortgang en kaart"),
        new_code_cell('from indicators.progress_table import progress_table\n'
                      'voortgang = progress_table(rijen, model, [beperking_horen])\n'
                      'voortgang[voortgang["region_code"].isin(["NL01", "U10", "GM0344"])][["region_code", "status", "latest_value", "trend", "vs_nl"]]'),
        new_code_cell('from indicators import figures\n'
                      'kaart = rijen[(rijen["region_level"] == "gemeente") & (rijen["period"] == "2020")]\n'
                      'figures.choropleth(kaart, api.geometry(), title="Beperking in horen, 2020 (%)")'),
        new_markdown_cell("## 5. Maak hem blijvend\n"
                          "Zet de declaratie in de tuple `INDICATORS` van het themabestand van de missie, hier "
                          "`indicators/catalog/m4_meedoen.py`. De catalogus vindt hem dan vanzelf (er is geen lijst om bij te werken). "
                          "Draai daarna `hhu build`: de bouw controleert kolommen, eenheden, bereik en of elke gemeente erin zit. "
                          "Hoort er een doel bij, voeg dan een `Target` toe aan de missie in `indicators/missions.py`."),
        new_code_cell('import inspect\nimport indicators.catalog.m4_meedoen as thema\n'
                      'print(inspect.getsourcefile(thema))\n'
                      'print([indicator.id for indicator in thema.INDICATORS])'),
    ]


def ongelijkheid() -> list:
    """Cells of 03: the neighbourhood gap, its definition worked by hand."""
    return [
        new_markdown_cell("# 03 Ongelijkheid binnen een gemeente: de wijkkloof\n\n"
                          "**Definitie** (`indicators.catalog.formulas.wijk_quintile_gap`): de wijken van een gemeente met een waarde worden "
                          "gerangschikt; de kloof is het gemiddelde van het hoogste vijfde deel min dat van het laagste vijfde deel "
                          "(een vijfde is `ceil(n / 5)` wijken, minstens één). Ongewogen, want de bron geeft geen inwonertal per wijk. "
                          "Minder dan 5 wijken met een waarde: geen kloof. Bron: RIVM, Gezondheid per wijk en buurt (50090NED, indeling 2020), "
                          "volwassenen 18+, modelschattingen."),
        new_code_cell(SETUP),
        new_markdown_cell("## De wijken van Utrecht, zoals RIVM ze publiceert"),
        new_code_cell('model = api.regions()\ncode = model.find("Utrecht")\n'
                      'ruw = store.read_raw(config.data_dir(), "50090NED")\n'
                      'wijken = ruw[(ruw["SoortRegio_2"] == "Wijk") & (ruw["Leeftijd_code"] == "20300")\n'
                      '             & ruw["WijkenEnBuurten_code"].str.startswith("WK" + code[2:])]\n'
                      'tabel = wijken.pivot_table(index="WijkenEnBuurten_code", columns="Perioden_label", values="ErvarenGezondheidGoedZeerGoed_4")\n'
                      'tabel.sort_values("2020")'),
        new_markdown_cell("## De kloof met de hand, voor 2020\nDit is precies wat de bibliotheek doet; hier alleen om de definitie te laten zien."),
        new_code_cell('import math\nwaarden = tabel["2020"].dropna().sort_values()\n'
                      'vijfde = math.ceil(len(waarden) / 5)\n'
                      'print(len(waarden), "wijken; een vijfde =", vijfde)\n'
                      'print("kloof:", round(waarden.tail(vijfde).mean() - waarden.head(vijfde).mean(), 2), "procentpunt")'),
        new_code_cell('api.indicator_values("wijkkloof_ervaren_gezondheid_pp", regions=[code])[["period", "value", "note"]]'),
        new_markdown_cell("## De kloof door de jaren, Utrecht naast de andere U10-gemeenten"),
        new_code_cell('from indicators import figures\n'
                      'kloof = api.indicator_values("wijkkloof_ervaren_gezondheid_pp", regions=model.members("U10"))\n'
                      'kloof.pivot_table(index="region_name", columns="period", values="value").round(1)'),
        new_code_cell('voortgang = api.progress_table()\n'
                      'voortgang = voortgang[(voortgang["indicator_id"] == "wijkkloof_ervaren_gezondheid_pp") & (voortgang["region_code"] == code)]\n'
                      'figures.trend_figure(api.indicator_values("wijkkloof_ervaren_gezondheid_pp", regions=[code]), voortgang)'),
        new_markdown_cell("Het indicatieve doel (30% kleiner in 2040) is de missie M1b, toegepast op de wijkkloof: een proxy, want de kloof "
                          "naar inkomen en opleiding wordt alleen landelijk gemeten."),
    ]


def main() -> None:
    """Write the three notebooks."""
    for name, cells in (("01_verkennen.ipynb", verkennen()), ("02_indicator_toevoegen.ipynb", indicator_toevoegen()),
                        ("03_ongelijkheid.ipynb", ongelijkheid())):
        for number, cell in enumerate(cells):
            cell["id"] = f"{name[:2]}-{number:02d}"  # stable ids: regenerating changes nothing
        notebook = new_notebook(cells=cells, metadata={"kernelspec": {"name": "python3", "display_name": "Python 3",
                                                                       "language": "python"}})
        nbformat.write(notebook, NOTEBOOKS / name)
        print("wrote", NOTEBOOKS / name)


if __name__ == "__main__":
    main()
