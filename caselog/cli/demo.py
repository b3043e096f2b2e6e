"""`caselog demo`: organisations, users and a few hundred realistic logs, so the service can
be tried on one machine. Logs are made from the definitions (caselog.engine.synthetic) and
stored through the gateway, as any channel would store them."""

from __future__ import annotations

import datetime as dt
import os
import random
import sys


def run_demo(count: int, seed: int) -> int:
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "caselog.settings")
    import django

    django.setup()
    from caselog.accounts.demo import DEMO_EMAIL, DEMO_PASSWORD

    created = seed_demo(count, seed)
    print(f"Demo data: {created} logs. Sign in as {DEMO_EMAIL} with the password {DEMO_PASSWORD}")
    return 0


def seed_demo(count: int, seed: int, today: dt.date | None = None) -> int:
    from django.db import transaction

    from caselog.accounts.demo import (
        DEMO_EMAIL,
        DEMO_NAME,
        DEMO_ORGANISATION_NAME,
        DEMO_PASSWORD,
        DEMO_PROVIDER_CODE,
    )
    from caselog.accounts.models import DataSharingAgreement, Organisation, Relationship, User
    from caselog.definitions.registry import get_definition
    from caselog.engine.synthetic import synthetic_log
    from caselog.gateway import Source, create_log
    from caselog.gateway.context import organisation_values
    from caselog.logs.models import Log
    from caselog.schemes.models import Location, Scheme

    if Log.objects.filter(created_by__email=DEMO_EMAIL).exists():
        print("Demo data is already loaded.", file=sys.stderr)
        return 0
    today = today or dt.date.today()
    rng = random.Random(seed)
    with transaction.atomic():
        demo_org, _ = Organisation.objects.get_or_create(
            provider_code=DEMO_PROVIDER_CODE, defaults={"name": DEMO_ORGANISATION_NAME, "type": "private_registered_provider"}
        )
        council, _ = Organisation.objects.get_or_create(
            provider_code="DEMO2", defaults={"name": "Demo Borough Council", "type": "local_authority"}
        )
        # the printed sign-in is a data provider: coordinators also set up two-factor authentication
        user = User.objects.filter(email=DEMO_EMAIL).first() or User.objects.create_user(
            DEMO_EMAIL, DEMO_PASSWORD, name=DEMO_NAME, organisation=demo_org, role="data_provider"
        )
        dpo = User.objects.filter(email="coordinator@example.com").first() or User.objects.create_user(
            "coordinator@example.com", DEMO_PASSWORD, name="Demo Coordinator", organisation=demo_org,
            role="data_coordinator", is_dpo=True, is_key_contact=True,
        )
        council_dpo = User.objects.filter(email="council@example.com").first() or User.objects.create_user(
            "council@example.com", DEMO_PASSWORD, name="Demo Council Officer", organisation=council,
            role="data_coordinator", is_dpo=True,
        )
        Relationship.objects.get_or_create(stock_owner=council, managing_agent=demo_org)
        for org, signatory in ((demo_org, dpo), (council, council_dpo)):
            DataSharingAgreement.objects.get_or_create(organisation=org, defaults={
                "accepted_by": signatory, "signatory_name": signatory.name, "signatory_email": signatory.email,
                "version": "2026",
            })
        # a supported housing scheme each, with two locations (so the web form asks which)
        locations = {}
        for org in (demo_org, council):
            scheme = Scheme.objects.filter(owning_organisation=org).first() or Scheme.objects.create(
                service_name=f"{org.name} supported housing", owning_organisation=org, scheme_type=5,
                registered_under_care_act=1, arrangement_type="D", primary_client_group="O",
                has_other_client_group=0, support_type=3, intended_stay="M", confirmed=True,
            )
            for postcode, name in (("LS1 4AP", "Park View"), ("LS6 2UE", "Hyde Court")):
                Location.objects.get_or_create(scheme=scheme, postcode=postcode, defaults={
                    "name": name, "la_code": "E08000035", "la_name": "Leeds", "units": 8,
                    "type_of_unit": 2, "mobility_type": "N",
                })
            locations[org.pk] = list(scheme.locations.all())
    source = Source("system", user, "demo")
    made = 0
    collections = [("core-lettings", 2026), ("core-sales", 2026)]
    for i in range(count):
        collection, year = collections[0] if i % 4 else collections[1]
        compiled = get_definition(collection, year)
        org = demo_org if i % 3 else council
        context = organisation_values("owning_organisation", org) | organisation_values("managing_organisation", demo_org)
        answers = synthetic_log(compiled, rng, today, context=context, confirm_checks=rng.random() < 0.8)
        # the synthetic log's organisations, owner, scheme and location are made up: use real ones
        answers.update(owning_organisation_id=str(org.pk), managing_organisation_id=str(demo_org.pk),
                       assigned_to_id=str(user.pk))
        if answers.get("scheme_id"):
            location = rng.choice(locations[org.pk])
            answers.update(scheme_id=location.scheme.code, location_id=location.code, postcode_full=location.postcode)
        # some logs are left part-way through, as real ones are
        if rng.random() < 0.25:
            keep = rng.randint(3, max(4, len(answers) // 2))
            answers = dict(list(answers.items())[:keep])
        create_log(collection, year, source, owning_organisation=org, managing_organisation=demo_org,
                   answers=answers, today=today)
        made += 1
    return made
