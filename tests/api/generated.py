"""Lettings made from the definition, with answers redrawn at random so that some break
rules and checks: what the API's channel-parity tests send."""

import datetime as dt
import random

from caselog.definitions.registry import get_definition
from caselog.engine.synthetic import draw_value, synthetic_log
from caselog.gateway.context import log_context
from caselog.logs.models import Log


def generated_lettings(organisation, person, count: int, seed: int = 2026, today: dt.date | None = None) -> list[dict]:
    compiled = get_definition("core-lettings", 2026)
    today = today or dt.date.today()
    context = log_context(Log(owning_organisation=organisation, managing_organisation=organisation),
                          {"assigned_to_id": str(person.pk)}, compiled)
    rng = random.Random(seed)
    specs = [s for s in compiled.specs.values() if s.id not in ("scheme_id", "location_id")]
    logs = []
    for _ in range(count):
        answers = synthetic_log(compiled, rng, today, context=context)
        for spec in rng.sample(specs, 12):  # answers redrawn at random: rules and checks break
            answers[spec.id] = draw_value(spec, compiled, rng, today)
        answers.update(owning_organisation_id=str(organisation.pk), managing_organisation_id=str(organisation.pk),
                       assigned_to_id=str(person.pk))
        # made-up scheme codes name no scheme of the service: the offline checker, which has
        # no records, could not refuse them as the service does
        answers.pop("scheme_id", None)
        answers.pop("location_id", None)
        logs.append({k: v.isoformat() if isinstance(v, dt.date) else v for k, v in answers.items()})
    return logs
