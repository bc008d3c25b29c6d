#!/usr/bin/env python3
"""Build the help center: validate, prove claims, render the site, build the index, release.

The same as `helpcenter build`; the steps themselves are in helpcenter/pipeline.py.
"""
import sys

from helpcenter.cli import main

if __name__ == "__main__":
    sys.exit(main(["build", *sys.argv[1:]]))
