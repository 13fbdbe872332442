"""Forms for every part of the plan, generated from the pydantic plan model.

:func:`build_form` turns plan data and validation messages into nodes that the
``_form.html`` macros render; :func:`parse_section` turns the posted fields back into plan
data; :func:`apply_action` handles the add/remove buttons of repeated parts.
"""

from reelwise.web.planforms.build import Form, Group, Input, Repeat, build_form
from reelwise.web.planforms.labels import SECTIONS
from reelwise.web.planforms.parse import apply_action, parse_section
from reelwise.web.planforms.spec import SECTION_NAMES

__all__ = [
    "SECTIONS",
    "SECTION_NAMES",
    "Form",
    "Group",
    "Input",
    "Repeat",
    "apply_action",
    "build_form",
    "parse_section",
]
