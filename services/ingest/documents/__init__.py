"""The xAPI Document Resources: State, Activity Profile and Agent Profile.

Documents are not statements: they are read-modify-write with ETag preconditions, so ingest
keeps them in MongoDB itself (no Kafka) and a write is readable as soon as it is answered.

- ``model``: what a document and its address are;
- ``params``: the query parameters of a request, checked;
- ``preconditions``: ETags, If-Match and If-None-Match;
- ``merge``: the JSON merge of POST;
- ``writes``: PUT, POST and DELETE as conditional writes (no transactions);
- ``store``: the storage Protocol and its MongoDB implementation.
"""
