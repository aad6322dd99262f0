"""Attachments (xAPI Data 2.4.11)."""

from __future__ import annotations

from schemas.xapi.config import SpecModel, optional
from schemas.xapi.types import IRI, IRL, LanguageMap, MediaType, Octets, Sha2


class Attachment(SpecModel):
    usageType: IRI
    display: LanguageMap
    description: LanguageMap = optional()
    contentType: MediaType
    length: Octets
    # Required even with fileUrl: it is how a multipart part is matched to its attachment.
    sha2: Sha2
    fileUrl: IRL = optional()
