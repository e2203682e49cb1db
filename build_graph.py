#!/usr/bin/env python3
"""Build the knowledge graph: the same as `kg build`.

    python build_graph.py [INPUT ...] [--out DIR]
"""
import sys

from kg.cli import build_main

if __name__ == "__main__":
    sys.exit(build_main())
