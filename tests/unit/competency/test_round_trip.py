"""Every model gives back what it was given: validate, dump, validate again."""

from __future__ import annotations

from pydantic import BaseModel

from services.competency.activities import ActivityMapping
from services.competency.catalog_loader import (
    ACTIVITIES,
    COMPETENCIES,
    FORMS,
    JP_RULES,
    PROVIDERS,
    SETTINGS,
    TARGETS,
    read_catalog_dir,
)
from services.competency.catalog_settings import CatalogSettings, SettingRow
from services.competency.competencies import Competency
from services.competency.csv_table import read_table
from services.competency.forms import DevelopmentForm
from services.competency.jp_rules import JpRule
from services.competency.providers import Provider
from services.competency.roster import RosterEntry, import_roster
from services.competency.targets import YearlyTarget
from services.competency.units import Unit
from tests.unit.competency.support import event, seed_catalog

ROSTER = (
    "nip,name,status,unit_code,unit_valid_from,position_category,email,openid,accounts\n"
    "198503302010011002,Siti,pns,DISKOMINFO,2024-01-01,JPT,siti@palukota.go.id,"
    "https://id.example.org/siti,https://lms.example.go.id|siti\n"
)


SEED_MODELS: dict[str, type[BaseModel]] = {
    SETTINGS: SettingRow,
    COMPETENCIES: Competency,
    FORMS: DevelopmentForm,
    JP_RULES: JpRule,
    ACTIVITIES: ActivityMapping,
    TARGETS: YearlyTarget,
    PROVIDERS: Provider,
}


def models() -> list[BaseModel]:
    found: list[BaseModel] = [seed_catalog().settings, CatalogSettings()]
    sources = read_catalog_dir()
    for name, model in SEED_MODELS.items():
        found += [row.value for row in read_table(name, sources[name], model).rows]
    found += [row.value for row in import_roster(ROSTER).entries]
    units = "code,name,parent_code,valid_from,valid_until,opd\nA,A,B,2020-01-01,2021-01-01,true\n"
    found += [row.value for row in read_table("units.csv", units, Unit).rows]
    found.append(
        event("a", "2025-01-01T10:00", 9, days=2, claimed_jp="1.5", minutes=50, competencies=("x",))
    )
    return found


def test_python_and_json_round_trips_keep_every_field() -> None:
    checked = models()
    # 2 settings models, seed rows 3 + 9 + 25 + 26 + 3 + 3 + 4, a roster entry, a unit, an
    # event.
    assert len(checked) == 78
    for model in checked:
        kind = type(model)
        assert kind.model_validate(model.model_dump()) == model, model
        assert kind.model_validate_json(model.model_dump_json()) == model, model


def test_a_roster_entry_keeps_its_identifiers() -> None:
    (row,) = import_roster(ROSTER).entries
    entry = row.value
    again = RosterEntry.model_validate_json(entry.model_dump_json())
    assert again.accounts == ("https://lms.example.go.id|siti",)
    assert again.learner_keys() == entry.learner_keys()
