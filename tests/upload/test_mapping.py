"""A provider's own spreadsheet is mapped to the questions as a person would map it: the real
exports of the CORE alpha, each column checked against the field it should give."""

import json

import pytest

from caselog.channels.upload.mapping import (
    THRESHOLD,
    ColumnMatch,
    carry_forward,
    heading_key,
    parse_target,
    propose_mapping,
    remember,
    targets,
)
from caselog.channels.upload.reading import read_table
from caselog.definitions.registry import get_definition
from caselog.definitions.source import DefinitionError
from tests.engine.minidef import mini_definition
from tests.reference import reference_file

# The right field for each column, decided from the CORE lettings 2026 questions
# (definitions/core-lettings/2026/questions.yaml). "field:part" for one part of an answer.
# None: the column has no question in 2026.

SHAREPOINT = [
    "propcode",  # 2) Rental Object Reference: the provider's reference for the property
    "postcode_full",  # 3) Rental Object Postcode
    "tenancycode",  # 4) Contract Number (Tenancy Reference)
    "startdate",  # 5) Contract Start Date
    "reason",  # 6) ... main reason the household left their last settled home
    "reasonother",  # 7) If you responded 'Other' to Q6, please state the main reason
    None,  # 8) ... removal of the spare room subsidy or benefit cap: not asked since 2026
    "prevten",  # 9) ... housing situation immediately before this letting
    "prevloc",  # 10) Local Authority in which household lived immediately before
    "ppostcode_full",  # 11) Postcode of the previous accommodation
    "layear",  # 12) ... continuously lived in the local authority area
    "waityear",  # 13) ... on the waiting list
    "homeless",  # 14) Immediately prior to this letting, was this household…?
    "reasonpref",  # 15) ... given reasonable preference
    "reasonable_preference_reason",  # 16) the reasons, several in one cell ("A;#B")
    "letting_allocation",  # 17) allocation systems, several in one cell
    None,  # 20) times previously offered: not asked since 2026 (derived for renewals only)
    "rsnvac",  # 21) Reason for vacancy
]
BO_WEBI = [
    "la",  # Local Authority
    "needstype",  # Housing Category: general needs or supported housing (and older people's)
    "propcode",  # Rental Object.
    None,  # Acquisition Date
    "postcode_full:outward",  # Postcode - 1st part
    "postcode_full:inward",  # Postcode - 2nd part
    "unittype_gn",  # Property Type: Flat, House, Bungalow ...
    "beds",  # No. of Bedrooms
    "tenancycode",  # RE Contract: SAP's real estate contract, the tenancy's number
    "tenancy",  # Contract Type: Assured, AST ...
    "startdate",  # Contract Start Date
    "voiddate",  # Prev Cont End Date: the previous tenancy ended, so the property was void
    "rsnvac",  # Previous Reason for Termination: why the previous tenancy ended
    None,  # Company (AO): an internal company name, not CORE's organisation
    "referral_register",  # Tenancy Allocation Source: the first question on the source of referral
    None,  # Max Major Works Date: any works, not the void's major repairs
    None,  # Max Remodelling Date
    None,  # Max ReInvestment Date
    None,  # Max HeldForDecant Date
    None,  # Max NewProperty Date
]
ONESANCTUARY = [
    None,  # Company Code
    "tenancycode",  # Contract
    "tenancy",  # Legal Agreement Type: STA, ASS, EXL ...
    None,  # Notice Procedure Name
    None,  # Fixed End Date: CORE asks the fixed term's length, not its end
]
COMPLEX = [
    "startdate", "prevten", "layear", "propcode",
    # "First part of Postcode": its values were cut from the Sharepoint extract's previous
    # postcode, but nothing in this file says so; the heading names the property's postcode
    "postcode_full:outward", "postcode_full:inward",
    "rp_homeless", "rp_insan_unsat", "rp_medwel", "rp_hardship",
    "rp_dontknow",  # Unknown: the reasonable preference reason "Don't know", beside its siblings
]
TEST_DATA = [
    "startdate", "homeless", "prevten", "waityear", "layear", "postcode_full:outward", "postcode_full:inward",
    "ppostcode_full",
    "waityear",  # the heading of column D again (its values in years: -1, 0.5, 1 ...)
    "layear",  # the heading of column E again, with the same values
]
SIMPLE = ["startdate", "homeless", "prevten", "layear", "ppostcode_full", "propcode"]

FILES = {
    "sharepoint.csv": ("housing_association_extract_sharepoint.csv", None, SHAREPOINT),
    "Sharepoint sheet": ("housing_association_extract.xlsx", "Sharepoint", SHAREPOINT),
    "bo_webi.csv": ("housing_association_extract_bo_webi.csv", None, BO_WEBI),
    "BO WEBI sheet": ("housing_association_extract.xlsx", "BO WEBI", BO_WEBI),
    "onesanctuary.csv": ("housing_association_extract_onesanctuary.csv", None, ONESANCTUARY),
    "OneSanctuary sheet": ("housing_association_extract.xlsx", "OneSanctuary", ONESANCTUARY),
    "complex_test_data.csv": ("complex_test_data.csv", None, COMPLEX),
    "complex_test_data.xlsx": ("complex_test_data.xlsx", "Sheet1", COMPLEX),
    "test_data.csv": ("test_data.csv", None, TEST_DATA),
    "simple_test_data.csv": ("simple_test_data.csv", None, SIMPLE),
    "simple_bad_test_data.csv": ("simple_bad_test_data.csv", None, SIMPLE),
}


def lettings():
    return get_definition("core-lettings", 2026)


def provider_file(name: str) -> tuple[list[str], list[list[str]], list]:
    """(headings, data rows, the right field of each column)."""
    file, sheet, expected = FILES[name]
    rows = read_table(reference_file("alpha_provider_exports", file).read_bytes(), sheet).rows
    return rows[0], rows[1:], expected


def accuracy(matches: list[ColumnMatch], expected: list) -> tuple[int, int, int, int]:
    """(columns, mapped right, columns with a field, of those mapped right)."""
    right = [m.value == (e or "") for m, e in zip(matches, expected, strict=True)]
    with_field = [r for r, e in zip(right, expected, strict=True) if e]
    return len(right), sum(right), len(with_field), sum(with_field)


@pytest.mark.parametrize("name", FILES)
def test_each_file_maps_its_columns_to_the_right_fields(name):
    headers, rows, expected = provider_file(name)
    matches = propose_mapping(lettings(), headers, rows)
    columns, right, with_field, with_field_right = accuracy(matches, expected)
    wrong = [(m.header[:50], m.value, e) for m, e in zip(matches, expected, strict=True) if m.value != (e or "")]
    assert right / columns >= 0.95, wrong
    assert with_field_right / with_field >= 0.95, wrong


@pytest.mark.parametrize("name", FILES)
def test_no_two_columns_give_the_same_answer_unless_the_heading_repeats(name):
    headers, rows, _ = provider_file(name)
    claimed = {}
    for m in propose_mapping(lettings(), headers, rows):
        if m.field:
            first = claimed.setdefault(m.value, m)
            assert first is m or heading_key(first.header) == heading_key(m.header), (first.header, m.header)


def test_a_known_heading_is_sure_and_says_why():
    headers, rows, _ = provider_file("simple_test_data.csv")
    start = propose_mapping(lettings(), headers, rows)[0]
    assert (start.header, start.field) == ("5) Contract Start Date:", "startdate")
    assert start.confidence >= THRESHOLD
    assert start.reason.startswith("A name this question is also known by")
    assert "the values look like dates" in start.reason


def test_split_postcode_columns_are_the_two_parts_of_the_property_postcode():
    headers, rows, _ = provider_file("bo_webi.csv")
    matches = {m.header: m for m in propose_mapping(lettings(), headers, rows)}
    assert (matches["Postcode - 1st part"].field, matches["Postcode - 1st part"].part) == ("postcode_full", "outward")
    assert (matches["Postcode - 2nd part"].field, matches["Postcode - 2nd part"].part) == ("postcode_full", "inward")
    assert "this column is the first part" in matches["Postcode - 1st part"].reason


def test_a_date_in_day_month_and_year_columns_is_recognised():
    headers = ["Tenancy start date (day)", "Tenancy start date (month)", "Tenancy start date (year)", "Tenant code"]
    rows = [["5", "2", "2027", "T1"], ["17", "11", "26", "T2"]]
    matches = propose_mapping(lettings(), headers, rows)
    assert [m.value for m in matches] == ["startdate:day", "startdate:month", "startdate:year", "tenancycode"]


def test_one_checkbox_question_over_several_yes_no_columns_maps_each_column_to_its_option():
    headers, rows, _ = provider_file("complex_test_data.csv")
    matches = propose_mapping(lettings(), headers, rows)[6:]
    assert [m.field for m in matches] == ["rp_homeless", "rp_insan_unsat", "rp_medwel", "rp_hardship", "rp_dontknow"]
    assert all("the values say yes or no" in m.reason for m in matches)
    sure = {m.header for m in matches if m.confidence >= THRESHOLD}
    assert {"Insanitary or overcrowded housing", "Unknown"} <= sure  # names the options are known by


def test_a_repeated_heading_gives_the_same_field_for_the_user_to_check():
    headers, rows, _ = provider_file("test_data.csv")
    matches = propose_mapping(lettings(), headers, rows)
    first_wait, again_wait, again_layear = matches[3], matches[8], matches[9]
    assert again_wait.field == first_wait.field == "waityear"
    assert again_wait.confidence < THRESHOLD <= first_wait.confidence
    assert again_wait.reason.startswith("Same heading as column D but different values")
    # the same heading and the same values: harmless, but still below the threshold
    assert again_layear.field == "layear" and again_layear.confidence < THRESHOLD
    assert again_layear.reason == "Same heading and values as column E: either gives the answer"


def test_a_column_with_no_question_is_not_mapped_and_says_so():
    headers, rows, _ = provider_file("onesanctuary.csv")
    company = propose_mapping(lettings(), headers, rows)[0]
    assert (company.header, company.field, company.reason) == ("Company Code", None, "No question matches this heading")


def test_a_column_whose_question_another_column_gives_names_that_column():
    headers = ["Contract Start Date", "Start date"]
    matches = propose_mapping(lettings(), headers, [["01/05/2026", "01/05/2026"]])
    assert matches[0].field == "startdate"
    assert matches[1].field is None
    assert matches[1].reason.startswith("The closest question, “Tenancy start date”, is given by column A")


def test_a_column_known_only_by_its_values_is_proposed_for_the_user_to_confirm():
    rows = [[v] for v in ("Flat", "House", "Bungalow", "House", "Shared house", "Bedsit")]
    match = propose_mapping(lettings(), ["Col 7"], rows)[0]
    assert match.field == "unittype_gn"
    assert match.confidence < THRESHOLD
    assert match.reason == "Most of the values are answers to “Type of unit”"


def test_the_organisations_earlier_choice_wins_over_a_similar_heading():
    headers, rows, _ = provider_file("bo_webi.csv")
    saved = {"columns": {"housing category": {"field": "rent_type", "part": None},
                         "contract type": {"field": None, "part": None}}}
    matches = {m.header: m for m in propose_mapping(lettings(), headers, rows, saved)}
    assert (matches["Housing Category"].field, matches["Housing Category"].confidence) == ("rent_type", 1.0)
    assert matches["Housing Category"].reason == "You chose this field in an earlier upload"
    assert matches["Contract Type"].field is None
    assert matches["Contract Type"].reason == "You chose to ignore this column in an earlier upload"


def test_a_remembered_mapping_is_json_keyed_by_heading_and_gives_the_same_fields_next_time():
    headers, rows, _ = provider_file("complex_test_data.csv")
    matches = propose_mapping(lettings(), headers, rows)
    changed = [m if m.column != 3 else ColumnMatch(3, m.header, None, None, 1.0, "") for m in matches]
    saved = remember(None, changed, {"layear": {"5 years or more": "11"}})
    assert json.loads(json.dumps(saved)) == saved
    assert saved["columns"]["rental object reference"] == {"field": None, "part": None}
    assert saved["columns"]["first part of postcode"] == {"field": "postcode_full", "part": "outward"}
    assert saved["values"] == {"layear": {"5 years or more": "11"}}
    again = propose_mapping(lettings(), headers, rows, saved)
    assert [m.value for m in again] == [m.value for m in changed]
    assert all(m.reason.startswith("You chose") for m in again)
    later = remember(saved, [], {"layear": {"Do not know": "6"}})
    assert later["values"]["layear"] == {"5 years or more": "11", "Do not know": "6"}


def test_carry_forward_keeps_only_the_fields_and_codes_the_next_definition_has(tmp_path):
    saved = {"columns": {"contract start date": {"field": "startdate", "part": None},
                         "start day": {"field": "startdate", "part": "day"},
                         "homeless or about to lose home": {"field": "rp_homeless", "part": None},
                         "company code": {"field": None, "part": None}},
             "values": {"needstype": {"GN": "1", "Extra care": "3"}, "layear": {"5 years or more": "11"}}}
    next_year = mini_definition(tmp_path)  # a definition without the reasonable preference questions
    carried = carry_forward(saved, next_year)
    assert carried["columns"] == {"contract start date": {"field": "startdate", "part": None},
                                  "start day": {"field": "startdate", "part": "day"},
                                  "company code": {"field": None, "part": None}}
    assert carried["values"] == {"needstype": {"GN": "1"}}  # code 3 and layear are not in it


def test_targets_list_whole_answers_parts_and_checkbox_options_but_not_confirmations():
    listed = dict(targets(lettings()))
    assert listed["startdate"] == "Tenancy start date"
    assert listed["startdate:day"] == "Tenancy start date: day"
    assert listed["postcode_full:outward"] == "Postcode: first part"
    assert listed["rp_homeless"].startswith("Reason for reasonable preference: They were homeless")
    assert "reasonable_preference_reason" in listed
    assert "rent_value_check" not in listed
    assert parse_target("startdate:day") == ("startdate", "day")
    assert parse_target("rp_homeless") == ("rp_homeless", None)
    assert parse_target("") == (None, None)


def test_headings_are_compared_without_numbers_case_or_punctuation():
    assert heading_key("5) Contract Start Date:") == "contract start date"
    assert heading_key("Q12. Don’t know?") == heading_key("do not know") == "do not know"
    assert heading_key("1st part of postcode") == "1st part of postcode"


# the synonyms the definition gives ------------------------------------------------------------

def test_option_synonyms_are_kept_from_questions_yaml_and_synonyms_yaml():
    questions = lettings().definition.questions
    uk = next(o for o in questions["nationality_all"].options if o.code == 826)
    assert "GB" in uk.synonyms
    flat = next(o for o in questions["unittype_gn"].options if o.code == 1)
    assert "Flat" in flat.synonyms  # synonyms.yaml
    dont_know = next(o for o in questions["layear"].options if o.code == 6)
    assert "Unknown" in dont_know.synonyms  # option_labels in synonyms.yaml
    assert "Contract start date" in questions["startdate"].synonyms


@pytest.mark.parametrize(("text", "key", "says"), [
    ("questions:\n  startdat: [Start]\n", "questions.startdat", "unknown question 'startdat'"),
    ("options:\n  needstype:\n    9: [Extra care]\n", "options.needstype[9]", "question 'needstype' has no option with code 9"),
    ("option_labels:\n  Dont know: [Unknown]\n", "option_labels.Dont know", "no option is labelled 'Dont know'"),
    ("questions:\n  startdate: Start\n", "questions.startdate", "expected list"),
    ("abbreviations:\n  no of: [number of]\n", "abbreviations.no of", "expected text"),
])
def test_a_mistake_in_synonyms_yaml_is_reported_at_its_key(tmp_path, text, key, says):
    with pytest.raises(DefinitionError) as caught:
        mini_definition(tmp_path, **{"synonyms.yaml": text})
    assert caught.value.file.endswith("synonyms.yaml")
    assert caught.value.key == key and says in caught.value.message
