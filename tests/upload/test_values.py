"""What the cells of a provider's own spreadsheet mean: codes, labels, yes and no words,
dates and amounts become the text the engine reads, and a value that is not recognised is
asked about once, never guessed."""


import pytest

from caselog.channels.upload.mapping import ColumnMatch, propose_mapping
from caselog.channels.upload.values import normalise, parse_date, translate, value_options
from caselog.definitions.registry import get_definition
from caselog.engine import evaluate_table
from caselog.engine.table import PROBLEM
from tests.upload.test_mapping import FILES, provider_file


def lettings():
    return get_definition("core-lettings", 2026)


def translated(name: str, confirmed=None):
    headers, rows, _ = provider_file(name)
    matches = propose_mapping(lettings(), headers, rows)
    return rows, matches, translate(lettings(), rows, matches, confirmed)


def column(headers_and_values: dict[str, list[str]]) -> tuple[list[list[str]], list[ColumnMatch]]:
    """Rows and matches for columns given as {target value: cells}."""
    names = list(headers_and_values)
    rows = [list(cells) for cells in zip(*headers_and_values.values(), strict=True)]
    matches = [ColumnMatch(i, name, *(name.split(":") + [None])[:2], 1.0, "") for i, name in enumerate(names)]
    return rows, matches


def accepted_cells(compiled, rows: list[list[str]], matches: list[ColumnMatch]) -> tuple[int, int]:
    """(non-blank cells in the file, those whose translation the engine reads without a
    problem). Each column is judged on its own values: a column that gives an answer an
    earlier column also gives is translated in a round of its own."""
    non_blank = sum(1 for row in rows for cell in row if cell.strip())
    rounds: list[list[ColumnMatch]] = []
    for m in (m for m in matches if m.field):
        group = next((g for g in rounds if all(o.value != m.value for o in g)), None)
        group.append(m) if group is not None else rounds.append([m])
    accepted = 0
    for group in rounds:
        translation = translate(compiled, rows, group)
        outcome = evaluate_table(compiled, translation.frame)
        for m in group:
            answers = [a for a, columns in translation.sources.items() if m.column in columns]
            given = [translation.frame[a].to_list() for a in answers]
            problems = [outcome[PROBLEM + a].to_list() for a in answers]
            for i, row in enumerate(rows):
                if m.column < len(row) and row[m.column].strip():
                    accepted += all(g[i] is not None for g in given) and all(p[i] is None for p in problems)
    return non_blank, accepted


# The share of each file's non-blank cells the engine accepts, with no value confirmed yet.
# The rest are columns with no 2026 question, CORE's older wording of retired options
# ("5 years or more", "Relet - ..."), and the providers' own codes ("STA", "Ex Lic. - Eng").
ACCEPTED_AT_LEAST = {
    "sharepoint.csv": 0.65, "Sharepoint sheet": 0.65, "bo_webi.csv": 0.6, "BO WEBI sheet": 0.6,
    "onesanctuary.csv": 0.25, "OneSanctuary sheet": 0.25, "complex_test_data.csv": 0.9,
    "complex_test_data.xlsx": 0.9, "test_data.csv": 0.65, "simple_test_data.csv": 0.7,
    "simple_bad_test_data.csv": 0.7,
}


@pytest.mark.parametrize("name", FILES)
def test_most_cells_of_each_file_become_values_the_engine_accepts(name):
    headers, rows, _ = provider_file(name)
    non_blank, accepted = accepted_cells(lettings(), rows, propose_mapping(lettings(), headers, rows))
    assert accepted / non_blank >= ACCEPTED_AT_LEAST[name]


def test_y_in_a_reasonable_preference_column_ticks_that_reason():
    rows, _, translation = translated("complex_test_data.csv")
    ticked = translation.frame["rp_homeless"].to_list()
    for row, value in zip(rows, ticked, strict=True):
        assert value == {"y": "1", "yes": "1", "TRUE": "1", "n": "0", "No": "0", "FALSE": "0"}[row[6]]
    assert translation.sources["rp_homeless"] == (6,)


def test_a_month_first_column_of_dates_is_read_month_first():
    rows, _, translation = translated("sharepoint.csv")
    dates = dict(zip((r[3] for r in rows), translation.frame["startdate"].to_list(), strict=True))
    assert dates["2/13/21"] == "2021-02-13"
    assert dates["2/1/21"] == "2021-02-01"  # not 2 January: the column is month first


def test_day_first_is_read_unless_a_column_shows_otherwise():
    rows, matches = column({"startdate": ["05/02/2021", "1/2/26", "2026-04-01 00:00:00", "1 Apr 2026", "31/02/2026", ""]})
    got = translate(lettings(), rows, matches).frame["startdate"].to_list()
    assert got == ["2021-02-05", "2026-02-01", "2026-04-01", "2026-04-01", "31/02/2026", None]
    outcome = evaluate_table(lettings(), translate(lettings(), rows, matches).frame)
    assert outcome[PROBLEM + "startdate"].to_list()[4] == "not_a_date"  # the engine names the bad one
    assert parse_date("02/24/2021") is None and parse_date("02/24/2021", month_first=True) == "2021-02-24"


def test_a_postcode_in_two_columns_is_joined_with_a_space():
    rows, _, translation = translated("complex_test_data.csv")
    postcodes = dict(zip((r[3] for r in rows), translation.frame["postcode_full"].to_list(), strict=True))
    assert postcodes["1010/104746/10000022"] == "TQ2 8AH"
    assert postcodes["1010/100823/10000013"] is None  # both parts blank
    assert translation.sources["postcode_full"] == (4, 5)


def test_a_date_in_day_month_and_year_columns_becomes_one_date():
    rows, matches = column({"startdate:day": ["5", "17", "3", ""], "startdate:month": ["2", "Nov", "13", ""],
                            "startdate:year": ["2027", "26", "2026", ""]})
    frame = translate(lettings(), rows, matches).frame
    assert frame["startdate"].to_list() == ["2027-02-05", "2026-11-17", "3/13/2026", None]


def test_an_unknown_value_is_listed_once_with_its_rows_and_left_blank():
    rows, _, translation = translated("sharepoint.csv")
    assert translation.unknown["layear"] == {"5 years or more": 230}
    assert all(v is None for r, v in zip(rows, translation.frame["layear"].to_list(), strict=True)
               if r[10] == "5 years or more")
    # a close option is offered, not chosen
    assert translation.suggestions["layear"]["5 years or more"] in {"11", "12"}


def test_a_confirmed_value_is_used_and_no_longer_asked_about():
    confirmed = {"layear": {"5 years or more": "11"}, "homeless": {"Not homeless": "1", "Other homelessness": None}}
    rows, _, translation = translated("sharepoint.csv", confirmed)
    assert "layear" not in translation.unknown
    assert "Not homeless" not in translation.unknown["homeless"]
    by_value = dict(zip((r[10] for r in rows), translation.frame["layear"].to_list(), strict=True))
    assert by_value["5 years or more"] == "11"


def test_labels_are_read_whatever_their_case_quotes_and_wording_of_do_not_know():
    rows, matches = column({"reasonpref": ["Yes", "no", "Do not know", "DON’T KNOW", "don't know.", "1", "Maybe"]})
    translation = translate(lettings(), rows, matches)
    assert translation.frame["reasonpref"].to_list() == ["1", "2", "3", "3", "3", "1", None]
    assert translation.unknown == {"reasonpref": {"Maybe": 1}}
    assert normalise("Don’t know") == normalise("Do not know") == "do not know"


def test_yes_no_words_and_refused_read_as_the_options_of_a_yes_no_question():
    rows, matches = column({"preg_occ": ["Y", "true", "N", "FALSE", "R", "Refused", "0"]})
    # preg_occ: 1 Yes, 2 No, 3 Tenant prefers not to say
    assert translate(lettings(), rows, matches).frame["preg_occ"].to_list() == ["1", "1", "2", "2", "3", "3", "2"]


def test_a_value_that_is_a_code_is_that_code():
    # age1_known: 0 Yes, 1 No. CORE's own exports write codes, so 1 is No here, not yes.
    rows, matches = column({"age1_known": ["0", "1", "Yes"]})
    assert translate(lettings(), rows, matches).frame["age1_known"].to_list() == ["0", "1", "0"]


def test_a_checkbox_question_listed_in_one_cell_ticks_each_option_and_clears_the_rest():
    rows, _, translation = translated("sharepoint.csv")
    i = next(i for i, r in enumerate(rows) if r[15] == "Choice-based lettings (CBL);#Common housing register (CHR)")
    frame = translation.frame
    assert [frame[a][i] for a in ("cbl", "chr", "cap", "accessible_register", "letting_allocation_unknown")] == \
        ["1", "1", "0", "0", "0"]
    assert translation.sources["cbl"] == (15,)


def test_a_listed_value_not_recognised_is_asked_about_and_leaves_the_other_options_open():
    rows, matches = column({"reasonable_preference_reason": [
        "Homeless; Hardship", "They were homeless or about to lose their home (within 56 days), Moving for work",
        "They were living in unsanitary, overcrowded or unsatisfactory housing"]})
    translation = translate(lettings(), rows, matches)
    frame = translation.frame
    assert frame.select("rp_homeless", "rp_hardship", "rp_medwel").rows() == [("1", "1", "0"), ("1", None, None), ("0", "0", "0")]
    assert frame["rp_insan_unsat"].to_list() == ["0", None, "1"]  # a label with commas is one option
    assert translation.unknown == {"reasonable_preference_reason": {"Moving for work": 1}}


def test_amounts_lose_pound_signs_and_commas_and_a_placeholder_can_be_made_blank():
    rows, matches = column({"brent": ["£1,234.50", " 95 ", "#", ""]})
    assert translate(lettings(), rows, matches).frame["brent"].to_list() == ["1234.50", "95", "#", None]
    confirmed = {"brent": {"#": None}}
    assert translate(lettings(), rows, matches, confirmed).frame["brent"].to_list() == ["1234.50", "95", None, None]


def test_a_local_authority_is_read_by_name_and_a_cut_off_name_is_only_suggested():
    rows, _, translation = translated("bo_webi.csv")
    las = dict(zip((r[0] for r in rows), translation.frame["la"].to_list(), strict=True))
    assert las["BABERGH"] == "E07000200" and las["SHEFFIELD"] == "E08000039"  # today's code, not the ended one
    assert las["CHESHIRE WEST AND CH"] is None
    assert translation.unknown["la"]["CHESHIRE WEST AND CH"] == 33
    assert translation.suggestions["la"]["CHESHIRE WEST AND CH"] == "E06000050"


def test_value_options_are_what_the_user_can_choose_for_an_unknown_value():
    assert ("12", "10 years or more") in value_options(lettings(), "layear")
    assert value_options(lettings(), "rp_homeless") == [("1", "Yes"), ("0", "No")]
    assert value_options(lettings(), "reasonable_preference_reason")[0][0] == "rp_homeless"
    assert ("E06000050", "Cheshire West and Chester") in value_options(lettings(), "la")
    assert value_options(lettings(), "startdate") == []


def test_several_columns_for_one_answer_take_the_first_value_given():
    rows, matches = column({"layear": ["Less than 1 year", "", "5 years or more"], "layear ": ["Do not know", "Do not know", ""]})
    matches[1] = ColumnMatch(1, "again", "layear", None, 0.4, "")
    translation = translate(lettings(), rows, matches)
    assert translation.frame["layear"].to_list() == ["2", "6", None]
    assert translation.sources["layear"] == (0, 1)


def test_a_checkbox_of_one_option_in_a_yes_no_column_ticks_it_or_not():
    compiled = lettings()
    [question] = [q for q in compiled.definition.questions.values() if q.type == "checkbox" and len(q.options) == 1][:1]
    option = str(question.options[0].code)
    rows, matches = column({question.id: ["Y", "N", ""]})
    translation = translate(compiled, rows, matches)
    assert translation.frame[option].to_list() == ["1", "0", None]
    assert translation.unknown == {}
