"""The benchmark page's tables: `benchmarks/results.json` (written by `nox -s bench`) as Markdown,
in the page's language. `benchmarks/bench.py` uses it for `results.md` too.
"""

from __future__ import annotations

LABELS = {
    "en": {
        "measured": "Measured on {machine} ({date}), {cores} cores.",
        "what": "What",
        "measure": "Measure",
        "vectorised": "Draw 1,000 cylinders, vectorised",
        "loop": "Draw 1,000 cylinders, one at a time",
        "slower": "{times}× slower",
        "ceiling": "float32 matrix product (ceiling)",
        "training": "| Backend | Model | s / epoch | images / s | GFLOP / step | GFLOP/s (share of ceiling) "  # noqa: E501
        "| 50 epochs (est.) |",
        "site": "Site builds (`mkdocs build --strict`, {backend} backend, empty model cache at first):",  # noqa: E501
        "build": "| Build | Seconds | Examples run |",
        "cold": "Cold: every example runs and trains its models",
        "cold_detail": "all {count}, {models} models trained; slowest: {slowest}",
        "warm": "Warm: nothing changed",
        "edit": "After editing `{edited}`",
        "none": "none",
        "weight": "Article page (French) weight: {total} MB ({detail}).",
        "kilobytes": "kB",
    },
    "fr": {
        "measured": "Mesuré sur {machine} ({date}), {cores} cœurs.",
        "what": "Quoi",
        "measure": "Mesure",
        "vectorised": "Dessiner 1 000 cylindres, vectorisé",
        "loop": "Dessiner 1 000 cylindres, un par un",
        "slower": "{times} fois plus lent",
        "ceiling": "Produit de matrices float32 (plafond)",
        "training": "| Backend | Modèle | s / époque | images / s | GFLOP / pas | GFLOP/s (part du plafond) "  # noqa: E501
        "| 50 époques (est.) |",
        "site": "Constructions du site (`mkdocs build --strict`, backend {backend}, cache de modèles vide au "  # noqa: E501
        "départ) :",
        "build": "| Construction | Secondes | Exemples exécutés |",
        "cold": "À froid : chaque exemple s'exécute et entraîne ses modèles",
        "cold_detail": "les {count}, {models} modèles entraînés ; les plus longs : {slowest}",
        "warm": "À chaud : rien n'a changé",
        "edit": "Après modification de `{edited}`",
        "none": "aucun",
        "weight": "Poids de la page de l'article (français) : {total} Mo ({detail}).",
        "kilobytes": "ko",
    },
}


def to_markdown(results: dict, language: str = "en", number=format) -> str:
    """The results as Markdown tables, with the labels of `language` ("en" or "fr").

    `number(value, spec)` writes each number; the site's hook passes its own, which gives French
    pages their decimal comma.
    """
    labels = LABELS[language]
    drawing = results["drawing"]
    lines = [
        labels["measured"].format(**results),
        "",
        f"| {labels['what']} | {labels['measure']} |",
        "|---|---|",
        f"| {labels['vectorised']} | {number(drawing['vectorised_ms'], '.1f')} ms |",
        f"| {labels['loop']} | {number(drawing['loop_ms'], ',.0f')} ms "
        f"({labels['slower'].format(times=number(drawing['speedup'], '.0f'))}) |",
        f"| {labels['ceiling']} | {number(results['matmul']['gflops'], '.0f')} GFLOP/s |",
        "",
        labels["training"],
        "|---|---|---|---|---|---|---|",
    ]
    for backend, models in results["training"].items():
        for name, row in models.items():
            share = row["achieved_gflops"] / results["matmul"]["gflops"]
            lines.append(
                f"| {backend} | {name.upper()} | {number(row['seconds_per_epoch'], '.2f')} | "
                f"{number(row['images_per_s'], ',.0f')} | {number(row['step_gflop'], '.2f')} | "
                f"{number(row['achieved_gflops'], '.1f')} ({number(100 * share, '.0f')} %) | "
                f"{number(row['estimated_50_epochs_s'], '.0f')} s |"
            )
    if results.get("site"):
        site = results["site"]
        cold = site["cold"]
        slowest = ", ".join(
            f"{name} {number(seconds, ',.0f')} s"
            for name, seconds in sorted(cold["examples_ran"].items(), key=lambda item: -item[1])[:3]
        )
        detail = labels["cold_detail"].format(
            count=len(cold["examples_ran"]), slowest=slowest, models=cold.get("models_trained", "?")
        )
        lines += [
            "",
            labels["site"].format(backend=site["backend"]),
            "",
            labels["build"],
            "|---|---|---|",
            f"| {labels['cold']} | {number(cold['seconds'], ',.0f')} | {detail} |",
            f"| {labels['warm']} | {number(site['warm']['seconds'], '.1f')} | "
            f"{', '.join(site['warm']['examples_ran']) or labels['none']} |",
            f"| {labels['edit'].format(edited=site['one_edit']['edited'])} | "
            f"{number(site['one_edit']['seconds'], '.1f')} | "
            f"{', '.join(site['one_edit']['examples_ran']) or labels['none']} |",
        ]
    if results.get("page_weight"):
        weight = results["page_weight"]
        detail = ", ".join(
            f"{kind} {number(size / 1e3, ',.0f')} {labels['kilobytes']}"
            for kind, size in sorted(weight["by_kind"].items())
        )
        lines += [
            "",
            labels["weight"].format(
                total=number(weight["total_bytes"] / 1e6, ".2f"), detail=detail
            ),
        ]
    return "\n".join(lines) + "\n"
