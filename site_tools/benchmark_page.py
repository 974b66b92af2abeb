"""The benchmark page's tables: `benchmarks/results.json` (written by `nox -s bench`) as Markdown,
in the page's language (its words: `benchmark` in `cylinders/strings/<language>.json`).
`benchmarks/bench.py` uses it for `results.md` too.
"""

from __future__ import annotations

import pages


def _row(cells) -> str:
    return "| " + " | ".join(cells) + " |"


def to_markdown(
    results: dict, language: str = "en", number=format, *, with_audit: bool = True
) -> str:
    """The results as Markdown tables, with the labels of `language` ("en" or "fr").

    `number(value, spec)` writes each number; the site's hook passes its own, which gives French
    pages their decimal comma. `with_audit` appends the site's audit (`audit_markdown`), which the
    speed page shows under a heading of its own instead.
    """
    labels = pages.words(language, "benchmark")
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
        *(
            f"| {labels['backend_ceiling'].format(backend=backend)} | "
            f"{number(gflops, '.0f')} GFLOP/s |"
            for backend, gflops in results.get("backend_matmul_gflops", {}).items()
        ),
        "",
        _row(labels["training_columns"]),
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
    if results.get("peer"):
        peer = results["peer"]
        lines += [
            "",
            labels["peer"].format(
                backend=peer["backend"],
                package=number(peer["package_seconds_per_epoch"], ".2f"),
                peer=number(peer["peer_seconds_per_epoch"], ".2f"),
                ratio=number(peer["speed_ratio"], ".2f"),
            ),
        ]
    if results.get("one_thread"):
        lines += ["", _row(labels["threads_columns"]), "|---|---|---|"]
        for backend, seconds in results["one_thread"].items():
            every_core = results["training"][backend]["vae"]["seconds_per_epoch"]
            lines.append(f"| {backend} | {number(every_core, '.2f')} | {number(seconds, '.2f')} |")
    if results.get("side_by_side"):
        pair = results["side_by_side"]
        first, second = pair["side_by_side_seconds_per_epoch"]
        lines += [
            "",
            labels["side_by_side"].format(
                backend=pair["backend"],
                first=number(first, ".2f"),
                second=number(second, ".2f"),
                alone=number(pair["alone_seconds_per_epoch"], ".2f"),
                ratio=number(pair["throughput_ratio"], ".2f"),
            ),
        ]
    transposed = results.get("jax_transposed_convolutions")
    if transposed:
        lines += [
            "",
            labels["transposed"].format(
                keras=number(transposed["keras_ms"], ".0f"),
                package=number(transposed["package_ms"], ".0f"),
                speedup=number(transposed["speedup"], ".1f"),
            ),
        ]
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
            labels["site"].format(backend=site["backend"], date=site.get("date", results["date"])),
            "",
            _row(labels["build_columns"]),
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
    if with_audit and results.get("site_audit"):
        lines += ["", audit_markdown(results["site_audit"], language, number)]
    return "\n".join(lines) + "\n"


def audit_markdown(audit: dict, language: str = "en", number=format) -> str:
    """The site's audit (`benchmarks/site_audit.py`): one row per page and language."""
    labels = pages.words(language, "benchmark")
    runs = audit["runs"]
    tools = audit["tools"]
    lines = [
        labels["audit"].format(
            date=audit["date"],
            cores=audit["cores"],
            runs=labels["audit_runs"].format(runs=runs) if runs > 1 else labels["audit_one_run"],
            lighthouse=tools["lighthouse"],
            axe=tools["axe-core"],
            chromium=tools["chromium"],
        ),
        "",
        _row(labels["audit_columns"]),
        "|---|---|---|---|---|---|---|---|---|---|",
    ]
    for row in audit["pages"]:
        name = labels["audit_pages"].get(row["page"], row["page"])
        found = ", ".join(
            f"{row['axe'][scheme]['serious'] + row['axe'][scheme]['critical']}"
            for scheme in ("light", "dark")
        )
        lines.append(
            _row(
                [
                    f"{name} ({labels['audit_languages'][row['language']]})",
                    *(f"{row[key]:.0f}" for key in ("performance", "accessibility")),
                    *(f"{row[key]:.0f}" for key in ("best-practices", "seo")),
                    f"{number(row['lcp_ms'] / 1000, '.1f')} s",
                    f"{number(row['tbt_ms'], ',.0f')} ms",
                    number(row["cls"], ".2f"),
                    f"{number(row['bytes'] / 1024, ',.0f')} {labels['kibibytes']}",
                    found,
                ]
            )
        )
    return "\n".join(lines) + "\n"
