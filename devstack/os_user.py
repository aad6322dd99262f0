"""The operating-system account a server runs as, and whether it can reach a folder."""

from __future__ import annotations

import os
import pwd
import stat
from dataclasses import dataclass
from pathlib import Path


class NoSuchUser(RuntimeError):
    """The account a server must run as does not exist on this machine."""


@dataclass(frozen=True)
class OsUser:
    name: str
    uid: int
    gid: int

    @classmethod
    def current(cls) -> OsUser:
        return cls._of(pwd.getpwuid(os.geteuid()))

    @classmethod
    def named(cls, name: str) -> OsUser:
        try:
            return cls._of(pwd.getpwnam(name))
        except KeyError as error:
            raise NoSuchUser(f"there is no '{name}' user on this machine") from error

    @classmethod
    def _of(cls, entry: pwd.struct_passwd) -> OsUser:
        return cls(entry.pw_name, entry.pw_uid, entry.pw_gid)

    def switch_needed(self) -> bool:
        return self.uid != os.geteuid()

    def groups(self) -> list[int]:
        return os.getgrouplist(self.name, self.gid)

    def own(self, path: Path) -> None:
        if self.switch_needed():
            os.chown(path, self.uid, self.gid)

    def blocked_at(self, path: Path) -> Path | None:
        """The first existing folder on the way to ``path`` this user may not enter, or None.

        Mode bits only: an ACL granting access is not seen, one denying it fails later.
        """
        if self.uid == 0:
            return None
        groups = set(self.groups())
        for folder in (*reversed(path.absolute().parents), path.absolute()):
            try:
                info = folder.stat()
            except FileNotFoundError:
                return None
            if info.st_uid == self.uid:
                allowed = info.st_mode & stat.S_IXUSR
            elif info.st_gid in groups:
                allowed = info.st_mode & stat.S_IXGRP
            else:
                allowed = info.st_mode & stat.S_IXOTH
            if not allowed:
                return folder
        return None
