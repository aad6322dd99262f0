"""Rebuilding the store from the log of record: replay ``xapi.statements`` into a fresh
database and check that it equals the live one."""
