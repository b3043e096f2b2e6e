"""The single-log web form, drawn entirely from the log's definition.

No page has a template of its own: the task list comes from the definition's sections, each
question page from a page of form.yaml and its questions, check your answers from the
questions that apply. The engine decides what applies (caselog/engine/log.py); the gateway
is the only way answers change (caselog/gateway/submit.py).

    state.py       one log as the form sees it: its outcome, the pages the web shows
    choices.py     options from the service's records (organisations, people, schemes)
    fields.py      questions as GOV.UK macro parameters, and posted form data as answers
    navigation.py  the next and previous page
    summary.py     answers as people read them, for check your answers
    views.py       the pages
"""
