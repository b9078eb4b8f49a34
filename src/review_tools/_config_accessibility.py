"""The protocol's ``contact`` block: whom readers give feedback to, named in the report's accessibility
statement (Act on the Provision of Digital Services 306/2019, §17: a feedback channel).

Used by :mod:`review_tools.config`, the one loader of the review folder.
"""

from __future__ import annotations

from typing import Annotated

from pydantic import BaseModel, ConfigDict, Field, model_validator


class Contact(BaseModel):
    """Feedback contact of the report: a name and at least one way to reach it.

    Attributes
    ----------
    name : str
        The organisation or unit that answers.
    email : str, optional
    phone : str, optional
    url : str, optional
        A feedback form or web page (``https://``).
    """

    model_config = ConfigDict(extra="forbid", frozen=True)

    name: Annotated[str, Field(min_length=1)]
    email: Annotated[str, Field(pattern=r"^[^@\s<>\"']+@[^@\s<>\"']+\.[^@\s<>\"']+$")] | None = None
    phone: str | None = None
    url: Annotated[str, Field(pattern=r"^https://[^\s<>\"']+$")] | None = None

    @model_validator(mode="after")
    def _reachable(self):
        if not (self.email or self.phone or self.url):
            raise ValueError("give at least one of email, phone or url besides the name")
        return self
