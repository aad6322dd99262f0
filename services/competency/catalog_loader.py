"""Load a catalog file set: all files valid and consistent with each other, or every error.

``providers.csv`` is optional (older catalog sets have none); the others are required.

The loader is pure (names and texts in, a catalog or errors out), so the admin API, the CLI
and the tests share it, and a rejected edit cannot disturb the catalog in force: the caller
simply keeps it (``catalog.in_force``).
"""

from __future__ import annotations

from collections.abc import Callable, Hashable, Mapping
from pathlib import Path
from typing import TypeVar

from pydantic import BaseModel, ValidationError

from services.competency.activities import ActivityMapping
from services.competency.catalog import Catalog, CatalogVersion
from services.competency.catalog_settings import CatalogSettings, SettingRow
from services.competency.competencies import Competency
from services.competency.csv_table import Row, read_table
from services.competency.file_errors import FileError, Rejected
from services.competency.forms import DevelopmentForm
from services.competency.jp_rules import JpRule, JpRuleTable
from services.competency.providers import Provider
from services.competency.targets import YearlyTarget, YearlyTargets

SETTINGS, COMPETENCIES, FORMS = "settings.csv", "competencies.csv", "forms.csv"
JP_RULES, ACTIVITIES, TARGETS = "jp_rules.csv", "activities.csv", "targets.csv"
PROVIDERS = "providers.csv"
REQUIRED_FILES = (SETTINGS, COMPETENCIES, FORMS, JP_RULES, ACTIVITIES, TARGETS)
CATALOG_FILES = (*REQUIRED_FILES, PROVIDERS)
SEED_DIR = Path(__file__).parent / "seed" / "catalog"

M = TypeVar("M", bound=BaseModel)


def read_catalog_dir(directory: Path = SEED_DIR) -> dict[str, str]:
    """The texts of the catalog files found in ``directory`` (missing ones are left out)."""
    return {
        name: (directory / name).read_text(encoding="utf-8")
        for name in CATALOG_FILES
        if (directory / name).is_file()
    }


def replace_file(catalog: Catalog, name: str, text: str) -> Catalog | Rejected:
    """The catalog with one file edited, checked against the others as they are in force."""
    return load_catalog({**catalog.sources, name: text})


def load_catalog(sources: Mapping[str, str]) -> Catalog | Rejected:
    """Every file checked on its own, then against the others; any error rejects the set."""
    errors = [FileError(n, None, "not a catalog file") for n in sources if n not in CATALOG_FILES]
    errors += [FileError(n, None, "missing") for n in REQUIRED_FILES if n not in sources]
    if errors:
        return Rejected(tuple(errors))

    settings_rows = _table(SETTINGS, sources, SettingRow, errors)
    competencies = _table(COMPETENCIES, sources, Competency, errors)
    forms = _table(FORMS, sources, DevelopmentForm, errors)
    rules = _table(JP_RULES, sources, JpRule, errors)
    activities = _table(ACTIVITIES, sources, ActivityMapping, errors)
    targets = _table(TARGETS, sources, YearlyTarget, errors)
    providers = _table(PROVIDERS, sources, Provider, errors) if PROVIDERS in sources else ()

    settings = _settings(settings_rows, errors)
    errors += _duplicates(COMPETENCIES, competencies, lambda c: c.id, "competency id")
    errors += _duplicates(COMPETENCIES, competencies, lambda c: c.code, "competency code")
    errors += _duplicates(FORMS, forms, lambda f: f.siasn_id, "form id")
    errors += _duplicates(FORMS, forms, lambda f: f.code, "form code")
    errors += _duplicates(JP_RULES, rules, lambda r: (r.form, r.variant, r.valid_from), "rule")
    errors += _duplicates(ACTIVITIES, activities, lambda a: a.activity, "activity")
    errors += _duplicates(TARGETS, targets, lambda t: (t.status, t.from_year), "target")
    errors += _duplicates(PROVIDERS, providers, lambda p: p.id, "provider id")
    errors += _references(competencies, forms, rules, activities)

    if errors or settings is None:
        return Rejected(tuple(sorted(errors, key=lambda e: (e.file, e.line or 0))))
    return Catalog(
        version=CatalogVersion.of(sources),
        sources=dict(sources),
        settings=settings,
        competencies={row.value.code: row.value for row in competencies},
        forms={row.value.siasn_id: row.value for row in forms},
        rules=JpRuleTable(row.value for row in rules),
        activities={row.value.activity: row.value for row in activities},
        targets=YearlyTargets(row.value for row in targets),
        providers={row.value.id: row.value for row in providers},
    )


def _table(
    name: str, sources: Mapping[str, str], model: type[M], errors: list[FileError]
) -> tuple[Row[M], ...]:
    table = read_table(name, sources[name], model)
    errors.extend(table.errors)
    return table.rows


def _settings(rows: tuple[Row[SettingRow], ...], errors: list[FileError]) -> CatalogSettings | None:
    lines: dict[str, int] = {}
    for row in rows:
        if row.value.key in lines:
            errors.append(FileError(SETTINGS, row.line, f"setting {row.value.key!r} given twice"))
        lines.setdefault(row.value.key, row.line)
    try:
        return CatalogSettings.model_validate_strings(
            {row.value.key: row.value.value for row in rows}
        )
    except ValidationError as error:
        for detail in error.errors(include_url=False, include_input=False):
            key = str(detail["loc"][0]) if detail["loc"] else ""
            message = f"{key}: {detail['msg'].removeprefix('Value error, ')}"
            errors.append(FileError(SETTINGS, lines.get(key), message, "value"))
        return None


def _duplicates(
    file: str, rows: tuple[Row[M], ...], key: Callable[[M], Hashable], what: str
) -> list[FileError]:
    first: dict[Hashable, int] = {}
    errors = []
    for row in rows:
        seen = first.setdefault(key(row.value), row.line)
        if seen != row.line:
            errors.append(FileError(file, row.line, f"{what} already defined on line {seen}"))
    return errors


def _references(
    competencies: tuple[Row[Competency], ...],
    forms: tuple[Row[DevelopmentForm], ...],
    rules: tuple[Row[JpRule], ...],
    activities: tuple[Row[ActivityMapping], ...],
) -> list[FileError]:
    codes = {row.value.code for row in competencies}
    form_ids = {row.value.siasn_id for row in forms}
    errors = [
        FileError(JP_RULES, row.line, f"unknown form {row.value.form}", "form")
        for row in rules
        if row.value.form not in form_ids
    ]
    ruled = JpRuleTable(row.value for row in rules).forms()
    # A form without a plain rule would silently count for nothing.
    errors += [
        FileError(FORMS, row.line, f"form {row.value.siasn_id} has no rule in {JP_RULES}")
        for row in forms
        if row.value.siasn_id not in ruled
    ]
    for row in activities:
        if row.value.form not in form_ids:
            errors.append(FileError(ACTIVITIES, row.line, f"unknown form {row.value.form}", "form"))
        unknown = [code for code in row.value.competencies if code not in codes]
        if unknown:
            message = f"unknown competency code(s): {', '.join(unknown)}"
            errors.append(FileError(ACTIVITIES, row.line, message, "competencies"))
    return errors
