"""Statement attachments: multipart/mixed requests and responses, signatures, storage."""
