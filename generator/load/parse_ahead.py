"""A worker of the loader's first reading (load.tree._parse_ahead): parses the territory
folders it is given on its standard input and keeps them in the cache of parsed files."""

from __future__ import annotations

import json
import sys

from generator.load.tree import parse_folders


def main() -> None:
    job = json.loads(sys.stdin.buffer.read())
    parse_folders(job["root"], job["display"], job["cache"], job["folders"])


if __name__ == "__main__":
    main()
