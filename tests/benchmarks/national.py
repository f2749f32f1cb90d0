"""Benchmark: a national corpus (one territory per EPCI of the COG, synthetic projects) built
with the plugin, beside plain Material pages of the same count.

    .venv/bin/python -m tests.benchmarks.national --territoires 100 --projets 32
    .venv/bin/python -m tests.benchmarks.national            # all 1,255 EPCI, ~40,000 projects
    .venv/bin/python -m tests.benchmarks.national --echelles 10 100   # 10 % then 100 %

Reports wall time, peak memory, output size, search index size and cost per page, and what a
visitor downloads for one search (Pagefind fetches only the fragments a query needs), measured
in Chromium on the built site.
"""

from __future__ import annotations

import argparse
import contextlib
import json
import os
import shutil
import subprocess
import sys
import tempfile
import textwrap
import threading
import time
from pathlib import Path

from generator.models.defaults import REGION_CODES
from tests.conftest import REFERENTIEL, SHARED

STATUSES = ["a_venir", "en_cours", "realise", "abandonne"]
THEMES = ["mobilite", "sante", "energie-climat", "tourisme", "habitat-logement"]
MKDOCS = """\
site_name: Banc national
docs_dir: content
theme: {{name: material, language: fr, font: false}}
plugins:
  - search: {{lang: fr}}
{plugin}"""


def _write(path: Path, text: str) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(textwrap.dedent(text), encoding="utf-8")


def _territory(root: Path, epci: dict[str, object], projects: int,
               communes_ref: dict[str, dict[str, object]]) -> None:
    members = epci["membres"]
    assert isinstance(members, list)
    name = json.dumps(epci["nom"], ensure_ascii=False)  # a JSON string is valid YAML
    # Names and région from communes.json, as the validation checks them (epci.json's member
    # names sometimes differ from it).
    known = [communes_ref[m["code"]] for m in members if m["code"] in communes_ref]
    communes = "".join(f'      - code: "{c["code"]}"\n        nom: {json.dumps(c["nom"])}\n'
                       for c in known)
    region = REGION_CODES.get(str(known[0]["region"]), "Occitanie") if known else "Occitanie"
    folder = root / f"epci-{epci['code']}"
    _write(folder / "territoire.yml", f"nom: {name}\ntype: communaute-de-communes\n"
           f"region: {json.dumps(region, ensure_ascii=False)}\n"
           f"presentation: Territoire de banc d'essai.\nepci:\n"
           f"  - siren: \"{epci['code']}\"\n    nom: {name}\n    communes:\n{communes}")
    _write(folder / "projet-de-territoire.yml", """\
        titre: Projet de territoire
        niveaux: [orientation, axe]
        elements:
          - {id: o1, titre: Vivre ensemble, enfants: [{id: o1-a1, titre: Services}]}
          - {id: o2, titre: Transitions, enfants: [{id: o2-a1, titre: Énergie}]}
        """)
    _write(folder / "contrats/crte.yml", """\
        type: crte
        nom: CRTE
        periode: 2021-2026
        statut: en_cours
        perimetre: tout
        niveaux: [mesure]
        structure: [{id: m1, titre: Équipements}, {id: m2, titre: Mobilités}]
        """)
    for n in range(projects):
        commune = known[n % len(known)]["code"]
        status = STATUSES[n % 4]
        end = "\ndates: {debut: 2022-01-10, fin: 2023-06-30}" if status == "realise" else ""
        _write(folder / f"projets/projet-{n:03d}.yml", f"""\
titre: {json.dumps(f"Projet {n} de {epci['nom']}", ensure_ascii=False)}
resume: Rénovation et mise en accessibilité d'un équipement public, avec un volet énergie.
description: |
  Le projet porte sur un bâtiment communal. **Objectifs** : sobriété, accessibilité, usages
  partagés. Les travaux sont conduits en deux tranches.
statut: {status}{end}
maitre_ouvrage: Commune
communes: ["{commune}"]
thematiques: [{THEMES[n % 5]}]
orientations: [o{1 + n % 2}-a1]
contrats: [{{contrat: crte, mesure: m{1 + n % 2}, annee: {2021 + n % 5}}}]
cout_total: {100000 + 1000 * n}
financements:
  - {{financeur: etat, dispositif: DETR, montant: {30000 + 100 * n}}}
  - {{financeur: region, montant: {20000 + 50 * n}}}
""")


def make_corpus(root: Path, territories: int, projects: int, maps: bool = True) -> int:
    epcis = json.loads((REFERENTIEL / "epci.json").read_text(encoding="utf-8"))[:territories]
    communes_ref = {str(c["code"]): c for c in json.loads(
        (REFERENTIEL / "communes.json").read_text(encoding="utf-8"))
        if c.get("type") == "commune-actuelle"}
    data = root / "territories"
    _write(data / "financeurs.yml", """\
        financeurs:
          - {id: etat, nom: État, type: etat, dispositifs: [DETR, DSIL]}
          - {id: region, nom: Région, type: region}
        """)
    # Homonymous EPCI exist (two « CC des Quatre Rivières »): a site names them apart, as the
    # validation requires, with their département.
    counts: dict[str, int] = {}
    for epci in epcis:
        counts[str(epci["nom"])] = counts.get(str(epci["nom"]), 0) + 1
    for epci in epcis:
        if counts[str(epci["nom"])] > 1:
            members = epci["membres"]
            assert isinstance(members, list)
            epci = {**epci, "nom": f"{epci['nom']} ({str(members[0]['code'])[:2]})"}
        _territory(data, epci, projects, communes_ref)
    (root / "content").mkdir(parents=True, exist_ok=True)
    # The reference checks are on, as on a real site: codes, names, SIREN and perimeters.
    plugin = f"  - territoires:\n      referentiel: {REFERENTIEL}\n" + (
        f"      contours: {SHARED / 'geo' / 'communes'}\n" if maps else "")
    (root / "mkdocs.yml").write_text(MKDOCS.format(plugin=plugin), encoding="utf-8")
    return len(epcis)


def make_plain(root: Path, pages: int) -> None:
    """Plain Markdown pages of about 300 words and a table, out of the navigation."""
    body = ("Le territoire conduit des projets d'équipement et de services. " * 30 + "\n\n"
            "| Financeur | Montant |\n|---|---|\n| État | 30 000 € |\n| Région | 20 000 € |\n")
    content = root / "content"
    content.mkdir(parents=True, exist_ok=True)
    (content / "index.md").write_text("# Accueil\n", encoding="utf-8")
    for n in range(pages):
        _write(content / f"p/{n // 1000}/page-{n}.md", f"# Page {n}\n\n{body}")
    config = MKDOCS.format(plugin="") + "nav:\n  - index.md\nvalidation: {nav: {omitted_files: ignore}}\n"
    (root / "mkdocs.yml").write_text(config, encoding="utf-8")


# Each build reports its own peak memory (the benchmark's children's figure would be the
# largest so far) and the CPU time of itself and its children (Pagefind).
_BUILD = ("import resource, sys\nfrom mkdocs.__main__ import cli\ntry:\n"
          "    cli(['build', '-q', *sys.argv[1:]], standalone_mode=False)\nfinally:\n"
          "    me, sub = (resource.getrusage(w) for w in (resource.RUSAGE_SELF, "
          "resource.RUSAGE_CHILDREN))\n"
          "    print('PEAK', me.ru_maxrss, me.ru_utime + me.ru_stime + "
          "sub.ru_utime + sub.ru_stime, file=sys.stderr)\n")
# Pagefind's own peak, measured apart: a child started by the build counts the build's
# memory at the moment it was started, so the build's figure for its children says nothing.
_INDEX = ("import resource, shutil, sys\nfrom pathlib import Path\n"
          "from generator.search import index_site\n"
          "site = Path(sys.argv[1])\nshutil.rmtree(site / 'pagefind')\nindex_site(site)\n"
          "print('PEAK', resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss, file=sys.stderr)\n")


PAGE_BYTES = os.sysconf("SC_PAGE_SIZE")


def _tree_rss(root: int) -> int:
    """Bytes resident in a process and all its descendants (Linux' /proc)."""
    children: dict[int, list[int]] = {}
    for entry in os.listdir("/proc"):
        if entry.isdigit():
            with contextlib.suppress(OSError, IndexError, ValueError):
                stat = Path(f"/proc/{entry}/stat").read_text()
                children.setdefault(int(stat.rsplit(")", 1)[1].split()[1]), []).append(int(entry))
    total, stack = 0, [root]
    while stack:
        pid = stack.pop()
        with contextlib.suppress(OSError, IndexError, ValueError):
            total += int(Path(f"/proc/{pid}/statm").read_text().split()[1]) * PAGE_BYTES
        stack.extend(children.get(pid, []))
    return total



def _timed_build(root: Path, *args: str) -> tuple[float, float, float, float]:
    """Wall seconds, CPU seconds, the build's own peak megabytes and the peak of the build and
    its children together (Pagefind indexes beside it: a runner needs the sum), sampled every
    tenth of a second."""
    env = {**os.environ, "NO_MKDOCS_2_WARNING": "1"}
    started = time.perf_counter()
    with subprocess.Popen([sys.executable, "-c", _BUILD, *args], cwd=root, env=env,
                          stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True) as build:
        together = [0]

        def sample() -> None:
            while build.poll() is None:
                together[0] = max(together[0], _tree_rss(build.pid))
                time.sleep(0.1)

        sampler = threading.Thread(target=sample, daemon=True)
        sampler.start()
        _, stderr = build.communicate()
        sampler.join()
    elapsed = time.perf_counter() - started
    if build.returncode:
        raise SystemExit(stderr[-3000:])
    peak, cpu = stderr.rsplit("PEAK", 1)[1].split()[:2]
    return elapsed, float(cpu), int(peak) / 1024, together[0] / 1e6


def measure_rebuild(root: Path) -> tuple[float, float, float, float]:
    """One project's title changed, then `mkdocs build --dirty`: what a Région's staff waits
    for after an edit (generator.incremental)."""
    project = sorted((root / "territories").glob("*/projets/*.yml"))[0]
    text = project.read_text(encoding="utf-8")
    project.write_text(text.replace("titre: ", "titre: Modifié — ", 1), encoding="utf-8")
    return _timed_build(root, "--dirty")


def measure(root: Path) -> dict[str, float]:
    elapsed, cpu, peak, together = _timed_build(root)
    site = root / "site"
    files = [p for p in site.rglob("*") if p.is_file()]
    pages = sum(1 for p in files if p.name == "index.html")
    index = [p for p in files if "pagefind" in p.relative_to(site).parts[:1]
             or p.relative_to(site).parts[:1] == ("search",)]
    return {"secondes": elapsed, "cpu": cpu, "pages": pages,
            "mémoire_max_Mo": peak, "mémoire_index_Mo": 0.0, "mémoire_ensemble_Mo": together,
            "sortie_Mo": sum(p.stat().st_size for p in files) / 1e6,
            "index_recherche_Mo": sum(p.stat().st_size for p in index) / 1e6}


def index_peak(site: Path) -> float:
    """Megabytes Pagefind holds at most while indexing the built site (in parts if large)."""
    result = subprocess.run([sys.executable, "-c", _INDEX, str(site)], capture_output=True,
                            text=True, cwd=Path(__file__).resolve().parents[2])
    if result.returncode:
        raise SystemExit(result.stderr[-3000:])
    return int(result.stderr.rsplit("PEAK", 1)[1].split()[0]) / 1024


def _part(path: str) -> str:
    """What a file of the built site is, for the report of what takes the space."""
    top = path.split("/", 1)[0]
    if top in {"pagefind", "search"}:
        return "index de recherche"
    if path.startswith("assets/cartes/"):
        return "cartes (contours, fonds)"
    if path.endswith(".html"):
        return "pages HTML"
    if "/donnees/" in f"/{path}":
        return "données ouvertes"
    return "thème, scripts, flux et médias"


def space(site: Path) -> tuple[dict[str, float], tuple[str, int]]:
    """Megabytes by kind of file, and the largest file (none may exceed 20 MB)."""
    sizes: dict[str, float] = {}
    largest = ("", 0)
    for file in (p for p in site.rglob("*") if p.is_file()):
        path, size = file.relative_to(site).as_posix(), file.stat().st_size
        sizes[_part(path)] = sizes.get(_part(path), 0.0) + size / 1e6
        largest = max(largest, (path, size), key=lambda item: item[1])
    return dict(sorted(sizes.items(), key=lambda item: -item[1])), largest


QUERIES = ("DETR", "accessibilite", "Projet 12")


def search_cost(site: Path, queries: tuple[str, ...] = QUERIES) -> dict[str, tuple[int, int]]:
    """Bytes and requests of the search index a visitor downloads for each query, from a fresh
    browser (nothing cached), on the search page of the built site."""
    from playwright.sync_api import sync_playwright

    from tests.conftest import CHROMIUM, CHROMIUM_ARGS
    from tests.sitecheck import serve

    costs: dict[str, tuple[int, int]] = {}
    with serve(site) as url, sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        for query in queries:
            page = browser.new_context().new_page()
            sizes: list[int] = []
            page.on("requestfinished", lambda r, sizes=sizes: sizes.append(
                r.sizes()["responseBodySize"]) if "/pagefind/" in r.url else None)
            page.goto(f"{url}recherche/?q={query}")
            page.wait_for_selector("#to-recherche-resultats li", timeout=120_000)
            page.wait_for_load_state("networkidle")
            costs[query] = (sum(sizes), len(sizes))
            page.context.close()
        browser.close()
    return costs


HUGO_LAYOUT = """<!doctype html><html lang="fr"><head><meta charset="utf-8">
<title>{{ .Title }}</title></head><body><main>{{ .Content }}</main></body></html>
"""


def measure_hugo(root: Path, pages: int) -> dict[str, float] | None:
    """The same number of plain Markdown pages built by Hugo (Debian's `hugo`), when installed."""
    hugo = shutil.which("hugo")
    if hugo is None:
        return None
    body = ("Le territoire conduit des projets d'équipement et de services. " * 30 + "\n\n"
            "| Financeur | Montant |\n|---|---|\n| État | 30 000 € |\n| Région | 20 000 € |\n")
    for n in range(pages):
        _write(root / "content" / "p" / str(n // 1000) / f"page-{n}.md",
               f"---\ntitle: Page {n}\n---\n\n{body}")
    _write(root / "layouts" / "_default" / "single.html", HUGO_LAYOUT)
    _write(root / "layouts" / "_default" / "list.html", HUGO_LAYOUT)
    _write(root / "hugo.toml", 'baseURL = "https://exemple.org/"\nlanguageCode = "fr"\n'
           'disableKinds = ["taxonomy", "term", "RSS"]\n')
    # A fresh interpreter runs Hugo and reports its children's peak: Hugo's alone.
    wrapper = ("import resource, subprocess, sys\n"
               f"done = subprocess.run([{hugo!r}, '--quiet', '-d', 'public'])\n"
               "use = resource.getrusage(resource.RUSAGE_CHILDREN)\n"
               "print('PEAK', use.ru_maxrss, use.ru_utime + use.ru_stime, file=sys.stderr)\n"
               "sys.exit(done.returncode)\n")
    started = time.perf_counter()
    result = subprocess.run([sys.executable, "-c", wrapper], cwd=root, capture_output=True,
                            text=True)
    elapsed = time.perf_counter() - started
    if result.returncode:
        raise SystemExit(result.stderr[-3000:])
    peak, cpu = result.stderr.rsplit("PEAK", 1)[1].split()[:2]
    files = [p for p in (root / "public").rglob("*") if p.is_file()]
    return {"secondes": elapsed, "cpu": float(cpu),
            "pages": sum(1 for p in files if p.suffix == ".html"),
            "mémoire_max_Mo": int(peak) / 1024, "mémoire_index_Mo": 0.0,
            "sortie_Mo": sum(p.stat().st_size for p in files) / 1e6, "index_recherche_Mo": 0.0}


def largest_page(site: Path) -> tuple[str, int]:
    page = max(site.rglob("index.html"), key=lambda p: p.stat().st_size)
    return page.relative_to(site).as_posix(), page.stat().st_size


def run(tmp: Path, territories: int, projects: int, maps: bool) -> None:
    corpus = tmp / f"territoires-{territories}"
    count = make_corpus(corpus, territories, projects, maps)
    ours = measure(corpus)
    ours["mémoire_index_Mo"] = index_peak(corpus / "site")
    costs = search_cost(corpus / "site")
    biggest = largest_page(corpus / "site")
    parts, largest_file = space(corpus / "site")
    rebuild = measure_rebuild(corpus)
    plain = tmp / f"simple-{territories}"
    make_plain(plain, int(ours["pages"]))
    base = measure(plain)
    hugo = measure_hugo(tmp / f"hugo-{territories}", int(ours["pages"]))
    print(f"Corpus : {count} territoires × {projects} projets{', avec cartes' if maps else ''}")
    rows = [("Territoire ouvert", ours), ("Material, pages Markdown", base)]
    rows += [("Hugo, pages Markdown", hugo)] if hugo else []
    for label, figures in rows:
        per_page = 1000 * figures["cpu"] / max(figures["pages"], 1)
        print(f"{label:26} {figures['pages']:>7.0f} pages  {figures['secondes']:7.1f} s  "
              f"CPU {figures['cpu']:7.1f} s ({per_page:5.1f} ms/page)  "
              f"mémoire {figures['mémoire_max_Mo']:6.0f} Mo"
              + (f" (avec l'index qui tourne à côté : {figures['mémoire_ensemble_Mo']:4.0f} Mo ; "
                 f"tout l'index d'un coup, à part : {figures['mémoire_index_Mo']:4.0f} Mo)"
                 if figures["mémoire_index_Mo"] else "")
              + f"  sortie {figures['sortie_Mo']:7.1f} Mo  "
              f"index {figures['index_recherche_Mo']:5.2f} Mo")
    print(f"Plus grande page : {biggest[0]} ({biggest[1] / 1000:.0f} ko) ; plus gros fichier : "
          f"{largest_file[0]} ({largest_file[1] / 1e6:.1f} Mo)")
    print(f"Reconstruction après la modification d'un projet (--dirty) : {rebuild[0]:.1f} s "
          f"(CPU {rebuild[1]:.1f} s), mémoire {rebuild[2]:.0f} Mo, avec l'index {rebuild[3]:.0f} Mo")
    print("Place occupée : " + " ; ".join(f"{name} {size:.1f} Mo" for name, size in parts.items()))
    for query, (size, requests) in costs.items():
        print(f"Recherche « {query} » : {size / 1000:.0f} ko téléchargés en {requests} requêtes "
              "(index, fragments des 20 premiers résultats, script et moteur compris)")
    RESULTS[territories] = ours["secondes"]


RESULTS: dict[int, float] = {}


def main() -> None:
    parser = argparse.ArgumentParser(description="Banc d'essai à l'échelle nationale.")
    parser.add_argument("--territoires", type=int, default=1255)
    parser.add_argument("--projets", type=int, default=32, help="projets par territoire")
    parser.add_argument("--sans-cartes", action="store_true", help="sans contours ni cartes")
    parser.add_argument("--echelles", type=int, nargs="+", metavar="POURCENT",
                        help="pour cent des territoires, par exemple 10 100")
    args = parser.parse_args()
    counts = [max(1, args.territoires * p // 100) for p in args.echelles] if args.echelles \
        else [args.territoires]
    with tempfile.TemporaryDirectory() as tmp:
        for count in counts:
            run(Path(tmp), count, args.projets, not args.sans_cartes)
    if len(RESULTS) > 1:
        small, large = RESULTS[min(RESULTS)], RESULTS[max(RESULTS)]
        print(f"Rapport des durées {max(RESULTS)} / {min(RESULTS)} territoires : "
              f"{large / small:.1f}")


if __name__ == "__main__":
    main()
